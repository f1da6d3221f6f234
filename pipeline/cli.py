"""The `roledoc` command line: the only module that prints or exits.

Each command loads the project, calls one function and reports; the work happens elsewhere.
Commands import what they need when they run, so `roledoc build` on an unchanged project
answers in a fraction of a second.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

import click

from . import __version__
from .errors import RoledocError
from .model import FORMATS
from .project import find_root


@dataclass(frozen=True)
class Context:
    root: Path


pass_context = click.make_pass_decorator(Context)
author_option = click.option(
    "--author",
    "authors",
    multiple=True,
    required=True,
    metavar="ID",
    help="Participant id; repeat for co-authors.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "-C",
    "--project",
    "project_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="The document project to work on (default: the current folder or the nearest one "
    "above it that holds a document.yaml).",
)
@click.version_option(__version__, prog_name="roledoc")
@click.pass_context
def main(ctx: click.Context, project_dir: Path | None) -> None:
    """Check and build a role-and-approach document written by many contributors."""
    root = project_dir.resolve() if project_dir else find_root(Path.cwd())
    ctx.obj = Context(root)


@main.command()
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="text for people, json for scripts, github for pull-request annotations.",
)
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option(
    "--for",
    "audience",
    type=click.Choice(["all", "participant"]),
    default="all",
    show_default=True,
    help="participant: only what a contribution's author can fix (for pull requests); the "
    "editors' matters (editions, summaries, house style, sections, templates) are left out.",
)
@click.option(
    "--base",
    metavar="REV",
    help="Warn about changes to the house style since this branch or commit (with --format "
    "github, a pull request's base branch is used by default).",
)
@pass_context
def check(ctx: Context, output_format: str, strict: bool, audience: str, base: str | None) -> None:
    """Validate the whole project and report every problem with its file and line."""
    from .diagnostics import format_github, format_json, format_text
    from .project import load_project
    from .validate import for_participant

    pull_request = os.environ.get("GITHUB_BASE_REF")
    if not base and output_format == "github" and pull_request and audience == "all":
        base = f"origin/{pull_request}"
    project = load_project(ctx.root, review_base=base)
    diagnostics = list(project.diagnostics)
    if audience == "participant":
        diagnostics = for_participant(diagnostics)
    if output_format == "json":
        click.echo(format_json(diagnostics))
    elif output_format == "github":
        if diagnostics:
            click.echo(format_github(diagnostics))
    else:
        click.echo(format_text(diagnostics, project.message_lang))
        left_out = len(project.diagnostics) - len(diagnostics)
        if left_out:
            click.echo(EDITORS_NOTE[project.message_lang].format(count=left_out))
    errors = any(d.is_error for d in diagnostics)
    if errors or (strict and any(not d.is_error for d in diagnostics)):
        raise SystemExit(1)


EDITORS_NOTE = {
    "nl": "({count} melding(en) voor de redactie niet getoond; 'roledoc check' toont alles.)",
    "en": "({count} message(s) for the editors not shown; 'roledoc check' shows everything.)",
}


def _format_list(value: str | None) -> tuple[str, ...] | None:
    if not value:
        return None
    chosen = tuple(part.strip() for part in value.split(",") if part.strip())
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown:
        raise click.BadParameter(
            f"unknown format {', '.join(unknown)}; choose from {', '.join(FORMATS)}"
        )
    return chosen


@main.command()
@click.option(
    "--draft", is_flag=True, help="Also proposed and draft contributions, marked CONCEPT."
)
@click.option(
    "--format",
    "formats",
    metavar="LIST",
    help="Comma-separated formats, e.g. pdf,docx (default: `formats` in document.yaml).",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Output folder (default: build/ in the project).",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress, a short summary (for CI).")
@click.option(
    "--jobs", "-j", type=click.IntRange(1, 64), help="Formats rendered at once (default: CPUs)."
)
@pass_context
def build(
    ctx: Context,
    draft: bool,
    formats: str | None,
    out: Path | None,
    quiet: bool,
    jobs: int | None,
) -> None:
    """Check the project, then render the document into build/."""
    _run_build(ctx, None, formats, None, quiet, draft=draft, out=out, jobs=jobs)


def _progress(message: str) -> None:
    click.echo(f"… {message}", err=True)


@main.command()
@click.option(
    "--since",
    metavar="EDITION",
    help="The earlier edition: its name, a tag or a commit (default: the latest edition).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
)
@click.option(
    "--published",
    is_flag=True,
    help="Only what readers of the published document see (as in the changes appendix).",
)
@pass_context
def changelog(ctx: Context, since: str | None, output_format: str, published: bool) -> None:
    """What changed between an edition and now, per section."""
    from . import changes

    log = changes.changelog_since(ctx.root, since, published=published)
    formatter = {"text": changes.format_text, "json": changes.format_json}.get(
        output_format, changes.format_markdown
    )
    click.echo(formatter(log))


@main.command()
@click.argument("edition")
@click.option("--date", "on", type=click.DateTime(["%Y-%m-%d"]), help="Its date (default: today).")
@click.option("--adopted-by", metavar="TEXT", help="Who adopted it, if that is already done.")
@click.option("--adopted-on", type=click.DateTime(["%Y-%m-%d"]), help="When it was adopted.")
@click.option("--note", metavar="TEXT", help="One line about this edition.")
@click.option("--tag", is_flag=True, help="Also tag the commit as vEDITION (a mirror only).")
@pass_context
def release(
    ctx: Context,
    edition: str,
    on: dt.datetime | None,
    adopted_by: str | None,
    adopted_on: dt.datetime | None,
    note: str | None,
    tag: bool,
) -> None:
    """Build the definitive documents of EDITION (e.g. 1.2) and record it in editions.yaml.

    Refuses a project with errors, uncommitted changes to the document, or an existing
    edition name. Nothing is recorded unless the build succeeded.
    """
    from .build import BuildRefused
    from .diagnostics import format_text
    from .project import load_project
    from .release import adoption, release_edition
    from .summary import format_build_summary

    lang = load_project(ctx.root).message_lang
    adopted = adoption(adopted_by, adopted_on.date() if adopted_on else None, lang)
    try:
        done, result = release_edition(
            ctx.root,
            edition,
            on=on.date() if on else None,
            adopted=adopted,
            note=note,
            tag=tag,
            progress=_progress,
        )
    except BuildRefused as exc:
        click.echo(format_text(exc.project.diagnostics, exc.project.message_lang))
        raise RoledocError(exc.message) from None
    click.echo(format_build_summary(result, ctx.root))
    click.echo(f"editions.yaml: {done.edition} ({done.date.isoformat()}, {done.commit[:12]})")


@main.command()
@click.argument("edition")
@click.option("--by", required=True, metavar="TEXT", help="Who adopted the edition.")
@click.option("--on", "on", required=True, type=click.DateTime(["%Y-%m-%d"]), help="When.")
@pass_context
def adopt(ctx: Context, edition: str, by: str, on: dt.datetime) -> None:
    """Record in editions.yaml that EDITION was adopted, by whom and when."""
    from .release import adopt_edition

    done = adopt_edition(ctx.root, edition, by, on.date())
    assert done.adopted is not None
    click.echo(f"editions.yaml: {done.edition} ({done.adopted.by}, {done.adopted.on.isoformat()})")


@main.command()
@click.argument("theme")
@click.argument("title")
@author_option
@pass_context
def new(ctx: Context, theme: str, title: str, authors: tuple[str, ...]) -> None:
    """Create a draft contribution in THEME with TITLE, ready to write in."""
    from .project import load_project
    from .scaffold import new_contribution

    project = load_project(ctx.root)
    created = new_contribution(project, theme, title, authors, dt.date.today())
    click.echo(f"Created {created.path.relative_to(ctx.root)} (id: {created.id}, status: draft).")


@main.command("import")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("theme")
@author_option
@click.option("--title", help="The contribution's title (default: the document's own).")
@pass_context
def import_(
    ctx: Context, source: Path, theme: str, authors: tuple[str, ...], title: str | None
) -> None:
    """Turn a Word, OpenDocument or HTML file into a draft contribution in THEME."""
    from .diagnostics import format_text
    from .importer import import_document
    from .project import load_project

    project = load_project(ctx.root)
    done = import_document(project, source, theme, authors, title, dt.date.today())
    click.echo(f"Created {done.path.relative_to(ctx.root)} (id: {done.id}) from {source.name}.")
    for image in done.images:
        click.echo(f"  image: {image.relative_to(ctx.root)}")
    for warning in done.warnings:
        click.echo(f"  warning: {warning}")
    after = load_project(ctx.root)
    own = [d for d in after.diagnostics if d.path == done.path.relative_to(ctx.root).as_posix()]
    if own:
        click.echo("Still to fix before it can be built (roledoc check):")
        click.echo(format_text(own, after.message_lang))


@main.command()
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
@pass_context
def status(ctx: Context, output_format: str) -> None:
    """Per section and theme: contributions by status, contributors, what awaits review."""
    from . import overview
    from .project import load_project

    view = overview.project_overview(load_project(ctx.root))
    click.echo(
        overview.format_json(view) if output_format == "json" else overview.format_text(view)
    )


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--lang", default="nl-NL", show_default=True, help="Document language (BCP 47).")
@click.option("--title", default=None, help="The document's title.")
@click.option("--organisation", default=None, help="The organisation that publishes it.")
def init(directory: Path, lang: str, title: str | None, organisation: str | None) -> None:
    """Create a new document project in DIRECTORY that builds straight away."""
    from .scaffold import init_project

    dutch = lang.lower().startswith("nl")
    title = title or ("Rol en werkwijze" if dutch else "Who we are and how we work")
    organisation = organisation or ("Onze samenwerking" if dutch else "Our partnership")
    created = init_project(directory, lang, title, organisation)
    click.echo(f"Created {len(created)} files in {directory}:")
    for path in created:
        click.echo(f"  {path.relative_to(directory)}")
    click.echo(f"Next: cd {directory} && roledoc build   (and git init, to version it)")


@main.command()
@click.option("--draft", is_flag=True, help="Also proposed and draft contributions.")
@click.option("--format", "formats", metavar="LIST", help="Comma-separated formats.")
@pass_context
def watch(ctx: Context, draft: bool, formats: str | None) -> None:
    """Rebuild the document on every change to its files."""
    from .watcher import watch_project

    watch_project(ctx.root, draft, _format_list(formats), click.echo)


def _run_build(
    ctx: Context,
    edition,
    formats: str | None,
    default: tuple[str, ...] | None,
    quiet: bool,
    **options,
) -> None:
    """Build the document or one of its editions, and report as `build` does."""
    from .build import FULL, BuildRefused, build_document
    from .diagnostics import format_text
    from .summary import format_build_summary

    try:
        chosen = _format_list(formats) or default
    except click.BadParameter as exc:
        exc.param_hint = "'--format'"
        raise
    progress = (lambda _: None) if quiet else _progress
    try:
        result = build_document(
            ctx.root, formats=chosen, progress=progress, edition=edition or FULL, **options
        )
    except BuildRefused as exc:
        click.echo(format_text(exc.project.diagnostics, exc.project.message_lang))
        raise
    click.echo(format_build_summary(result, ctx.root, quiet or edition is not None))


@main.command()
@click.option("--since", metavar="REV", required=True, help="The earlier edition: tag or commit.")
@click.option("--format", "formats", metavar="LIST", help="Default: docx,html,pdf.")
@click.option("--quiet", "-q", is_flag=True, help="No progress.")
@pass_context
def redline(ctx: Context, since: str, formats: str | None, quiet: bool) -> None:
    """The current edition with every change since edition REV marked, word by word."""
    from .editions import changes_edition

    _run_build(ctx, changes_edition(since), formats, ("pdf", "docx", "html"), quiet)


@main.command()
@click.option("--format", "formats", metavar="LIST", help="Default: pdf,docx,html.")
@click.option("--quiet", "-q", is_flag=True, help="No progress.")
@pass_context
def summary(ctx: Context, formats: str | None, quiet: bool) -> None:
    """The short edition for administrators: the key message of each contribution."""
    from .editions import SUMMARY

    _run_build(ctx, SUMMARY, formats, ("pdf", "docx", "html"), quiet)
