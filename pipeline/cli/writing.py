"""The commands that write into a project: new, import, init and upgrade-project."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from .. import __version__
from ..core.messages import N_, _, set_reader_language
from .speaking import Command, Context, pass_context, say

author_option = click.option(
    "--author",
    "authors",
    multiple=True,
    required=True,
    metavar="ID",
    help=N_("Participant id; repeat for co-authors."),
)


@click.command(
    cls=Command, help=N_("Create a draft contribution in THEME with TITLE, ready to write in.")
)
@click.argument("theme")
@click.argument("title")
@author_option
@pass_context
def new(ctx: Context, theme: str, title: str, authors: tuple[str, ...]) -> None:
    from ..authoring.scaffold import new_contribution
    from ..check.project import load_project

    project = load_project(ctx.root)
    created = new_contribution(project, theme, title, authors, dt.date.today())
    said = _(
        "Created {path} (id: {id}, status: draft).",
        path=created.path.relative_to(ctx.root),
        id=created.id,
    )
    say(said, ctx.lang)


@click.command(
    "import",
    cls=Command,
    help=N_("Turn a Word, OpenDocument or HTML file into a draft contribution in THEME."),
)
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("theme")
@author_option
@click.option("--title", help=N_("The contribution's title (default: the document's own)."))
@pass_context
def import_(
    ctx: Context, source: Path, theme: str, authors: tuple[str, ...], title: str | None
) -> None:
    from ..authoring.importer import import_document
    from ..check.project import load_project
    from ..core.report_formats import format_text

    project = load_project(ctx.root)
    done = import_document(project, source, theme, authors, title, dt.date.today())
    said = _(
        "Created {path} (id: {id}) from {source}.",
        path=done.path.relative_to(ctx.root),
        id=done.id,
        source=source.name,
    )
    say(said, ctx.lang)
    for image in done.images:
        say(_("  image: {path}", path=image.relative_to(ctx.root)), ctx.lang)
    for warning in done.warnings:
        say(_("  warning: {message}", message=warning), ctx.lang)
    if done.diagnostics:
        say(_("Still to fix before it can be built (roledoc check):"), ctx.lang)
        click.echo(format_text(done.diagnostics, ctx.lang))


@click.command(
    cls=Command, help=N_("Create a new document project in DIRECTORY that builds straight away.")
)
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--lang", default="nl-NL", show_default=True, help=N_("Document language (BCP 47)."))
@click.option("--title", default=None, help=N_("The document's title."))
@click.option("--organisation", default=None, help=N_("The organisation that publishes it."))
@click.option(
    "--pin",
    metavar="REQUIREMENT",
    default=None,
    help=N_(
        "The roledoc the project is built with, as pip reads it (default: the one running, "
        "e.g. roledoc==0.2.0 or roledoc @ git+https://...@COMMIT)."
    ),
)
def init(
    directory: Path, lang: str, title: str | None, organisation: str | None, pin: str | None
) -> None:
    from ..authoring.scaffold import init_project
    from ..core.messages import language_of
    from ..read.pin import current_requirement

    speak = language_of(lang)
    set_reader_language(speak)
    requirement, fetchable = (pin, True) if pin else current_requirement()
    created = init_project(directory, lang, title, organisation, requirement)
    say(_("Created {count} files in {folder}:", count=len(created), folder=directory), speak)
    for path in created:
        click.echo(f"  {path.relative_to(directory)}")
    say(_("Pinned in requirements.txt: {requirement}", requirement=requirement), speak)
    if not fetchable:
        said = _(
            "This roledoc runs from a local copy, so pip finds the pinned version only once it "
            "is published: until then, put the git URL of roledoc at a tag in "
            "requirements.txt (roledoc @ git+https://...@v{version}), or run init with --pin.",
            version=__version__,
        )
        say(said, speak)
    said = _("Next: cd {folder} && roledoc build   (and git init, to version it)", folder=directory)
    say(said, speak)


@click.command(
    "upgrade-project",
    cls=Command,
    help=N_(
        "Pin the project to the roledoc now running (or to REQUIREMENT), and check it with "
        "this roledoc: what it reports now is what changed for the project."
    ),
)
@click.argument("requirement", required=False)
@pass_context
def upgrade_project(ctx: Context, requirement: str | None) -> None:
    from ..check.project import load_project
    from ..core.paths import PIN_FILE
    from ..core.report_formats import format_text
    from ..read.pin import current_requirement, pin_project

    requirement = requirement or current_requirement()[0]
    before = pin_project(ctx.root, requirement, ctx.lang)
    old = before.requirement if before else "-"
    say(_("{file}: {old} -> {new}", file=PIN_FILE, old=old, new=requirement), ctx.lang)
    project = load_project(ctx.root)
    if project.diagnostics:
        say(_("What this roledoc reports for the project now (roledoc check):"), ctx.lang)
        click.echo(format_text(project.diagnostics, ctx.lang))
    else:
        say(_("roledoc check finds no problems with this roledoc."), ctx.lang)
    say(
        _(
            "Build and compare before you commit the pin: roledoc build, then roledoc redline "
            "--since <your last edition> for the text; what changed in checks and layout is in "
            "roledoc's CHANGELOG.md."
        ),
        ctx.lang,
    )
