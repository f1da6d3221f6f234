"""The `roledoc` command line: the only part that prints or exits.

Each command parses its options, calls one function and reports; the work happens elsewhere.
Commands import what they need when they run, so `roledoc --help` loads little beyond Click
and `roledoc build` on an unchanged project answers in a fraction of a second.

`main` is the group; the commands are in modules by job: `documents` (check, build, status,
watch and the editions), `writing` (new, import, init, upgrade-project), `review` (review
export and import) and `pullrequest` (pr-summary). `speaking` puts every line in the
reader's language.
"""

from __future__ import annotations

from pathlib import Path

import click

from .. import __version__
from ..check.project import find_root
from ..core.messages import N_, locale_language, project_language, set_reader_language
from .documents import adopt, build, changelog, check, redline, release, status, summary, watch
from .pullrequest import pr_summary
from .review import review
from .speaking import Context, Group
from .writing import import_, init, new, upgrade_project


@click.group(
    cls=Group,
    context_settings={"help_option_names": ["-h", "--help"]},
    help=N_("Check and build a role-and-approach document written by many contributors."),
)
@click.option(
    "-C",
    "--project",
    "project_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help=N_(
        "The document project to work on (default: the current folder or the nearest one "
        "above it that holds a document.yaml)."
    ),
)
@click.version_option(__version__, prog_name="roledoc", help=N_("Show the version and exit."))
@click.pass_context
def main(ctx: click.Context, project_dir: Path | None) -> None:
    root = project_dir.resolve() if project_dir else find_root(Path.cwd())
    lang = project_language(root) or locale_language()
    set_reader_language(lang)
    ctx.obj = Context(root, lang)


for command in (
    check,
    build,
    changelog,
    release,
    adopt,
    new,
    import_,
    status,
    init,
    watch,
    redline,
    summary,
    review,
    upgrade_project,
    pr_summary,
):
    main.add_command(command)
