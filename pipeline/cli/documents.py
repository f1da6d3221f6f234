"""The commands about the document: check, build, status, watch, and the editions (changelog,
release, adopt, redline, summary)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import click

from ..core.errors import RoledocError
from ..core.messages import N_, _, reader_language, text
from .speaking import Command, Context, pass_context, progress, say


@click.command(
    cls=Command,
    help=N_("Validate the whole project and report every problem with its file and line."),
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help=N_("text for people, json for scripts, github for pull-request annotations."),
)
@click.option("--strict", is_flag=True, help=N_("Fail on warnings too."))
@click.option(
    "--for",
    "audience",
    type=click.Choice(["all", "participant"]),
    default="all",
    show_default=True,
    help=N_(
        "participant: only what a contribution's author can fix (for pull requests); the "
        "editors' matters (editions, summaries, house style, sections, templates) are left out."
    ),
)
@click.option(
    "--base",
    metavar="REV",
    help=N_(
        "Warn about changes to the house style since this branch or commit (with --format "
        "github, a pull request's base branch is used by default)."
    ),
)
@pass_context
def check(ctx: Context, output_format: str, strict: bool, audience: str, base: str | None) -> None:
    from ..check.project import load_project
    from ..check.validate import for_participant
    from ..core.report_formats import format_github, format_json, format_text

    pull_request = os.environ.get("GITHUB_BASE_REF")
    if not base and output_format == "github" and pull_request and audience == "all":
        base = f"origin/{pull_request}"
    project = load_project(ctx.root, review_base=base)
    diagnostics = list(project.diagnostics)
    if audience == "participant":
        diagnostics = for_participant(diagnostics)
    if output_format == "json":
        click.echo(format_json(diagnostics, ctx.lang))
    elif output_format == "github":
        if diagnostics:
            click.echo(format_github(diagnostics, ctx.lang))
    else:
        click.echo(format_text(diagnostics, ctx.lang))
        left_out = len(project.diagnostics) - len(diagnostics)
        if left_out:
            said = _(
                "({count} message(s) for the editors not shown; 'roledoc check' shows everything.)",
                count=left_out,
            )
            say(said, ctx.lang)
    if audience == "participant" and output_format != "json":
        own_base = base or (f"origin/{pull_request}" if pull_request else None)
        _plain_language_advice(ctx, project, own_base, output_format)
    errors = any(d.is_error for d in diagnostics)
    if errors or (strict and any(not d.is_error for d in diagnostics)):
        raise SystemExit(1)


def _plain_language_advice(ctx: Context, project, base: str | None, output_format: str) -> None:
    """Advice on plain language (Taalniveau B1) for the participant's own contributions
    (those changed since `base` when git can tell, else all) that read above B1. Never an
    error, never counted by --strict."""
    from ..core.messages import one_line
    from ..core.report_formats import format_notices
    from ..infra.gitinfo import changes_since_base
    from ..text.plainlanguage import advice, contribution_levels

    changed = changes_since_base(ctx.root, base) if base else None
    levels = contribution_levels(project, changed.paths if changed is not None else None)
    notes = [
        (path, line, one_line(text(message, ctx.lang)))
        for path, estimate in sorted(levels.items())
        for line, message in advice(estimate)
    ]
    if not notes:
        return
    if output_format == "github":
        click.echo(format_notices(notes, text(_("plain language (B1)"), ctx.lang)))
        return
    said = [text(_("Advice on plain language (B1), never an error:"), ctx.lang)]
    word = text(_("advice"), ctx.lang)
    said += [f"{path}{f':{line}' if line else ''}: {word}: {words}" for path, line, words in notes]
    click.echo("\n".join(said))


def _format_list(value: str | tuple[str, ...] | None) -> tuple[str, ...] | None:
    """The formats asked for: `--format pdf,docx` and `--format pdf --format docx` alike
    (a repeated option adds to the list; it never silently replaces what came before)."""
    from ..core.model import FORMATS

    if isinstance(value, tuple):
        value = ",".join(value)
    if not value:
        return None
    parts = (part.strip() for part in value.split(",") if part.strip())
    chosen = tuple(dict.fromkeys(parts))
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown:
        said = _(
            "unknown format {formats}; choose from {known}",
            formats=", ".join(unknown),
            known=", ".join(FORMATS),
        )
        raise click.BadParameter(text(said, reader_language()))
    return chosen


PAGINATE_HELP = N_(
    "Page numbers in the Word file's contents and cross-references, as LibreOffice lays it "
    "out (LibreOffice must be installed)."
)


@click.command(cls=Command, help=N_("Check the project, then render the document into build/."))
@click.option(
    "--draft",
    is_flag=True,
    help=N_("Also proposed and draft contributions, marked as a working draft."),
)
@click.option(
    "--format",
    "formats",
    metavar="LIST",
    multiple=True,
    help=N_("Comma-separated formats, e.g. pdf,docx (default: `formats` in document.yaml)."),
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help=N_("Output folder (default: build/ in the project)."),
)
@click.option("--quiet", "-q", is_flag=True, help=N_("No progress, a short summary (for CI)."))
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(1, 64),
    help=N_("Formats rendered at once (default: CPUs)."),
)
@click.option("--paginate", is_flag=True, help=PAGINATE_HELP)
@pass_context
def build(
    ctx: Context,
    draft: bool,
    formats: tuple[str, ...],
    out: Path | None,
    quiet: bool,
    jobs: int | None,
    paginate: bool,
) -> None:
    _run_build(ctx, None, formats, None, quiet, draft=draft, out=out, jobs=jobs, paginate=paginate)


def _run_build(
    ctx: Context,
    edition,
    formats: tuple[str, ...],
    default: tuple[str, ...] | None,
    quiet: bool,
    **options,
) -> None:
    """Build the document or one of its editions, and report as `build` does."""
    from ..core.report_formats import format_text
    from ..editions.summary import format_build_summary
    from ..publish.build import build_document
    from ..publish.plan import FULL, BuildRefused

    try:
        chosen = _format_list(formats) or default
    except click.BadParameter as exc:
        exc.param_hint = "'--format'"
        raise
    steps = (lambda _said: None) if quiet else progress(ctx.lang)
    try:
        result = build_document(
            ctx.root, formats=chosen, progress=steps, edition=edition or FULL, **options
        )
    except BuildRefused as exc:
        click.echo(format_text(exc.project.diagnostics, ctx.lang))
        raise
    click.echo(format_build_summary(result, ctx.root, quiet or edition is not None, ctx.lang))


@click.command(cls=Command, help=N_("What changed between an edition and now, per section."))
@click.option(
    "--since",
    metavar="EDITION",
    help=N_("The earlier edition: its name, a tag or a commit (default: the latest edition)."),
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
    help=N_("Only what readers of the published document see (as in the changes appendix)."),
)
@pass_context
def changelog(ctx: Context, since: str | None, output_format: str, published: bool) -> None:
    from ..assemble import changes

    log = changes.changelog_since(ctx.root, since, published=published)
    if output_format == "json":
        click.echo(changes.format_json(log))
    elif output_format == "markdown":
        click.echo(changes.format_markdown(log, ctx.lang))
    else:
        click.echo(changes.format_text(log, ctx.lang))


@click.command(
    cls=Command,
    help=N_(
        "Build the definitive documents of EDITION (e.g. 1.2) and record it in editions.yaml."
        "\n\nRefuses a project with errors, uncommitted changes to the document, or an "
        "existing edition name. Nothing is recorded unless the build succeeded."
    ),
)
@click.argument("edition")
@click.option(
    "--date", "on", type=click.DateTime(["%Y-%m-%d"]), help=N_("Its date (default: today).")
)
@click.option("--adopted-by", metavar="TEXT", help=N_("Who adopted it, if that is already done."))
@click.option("--adopted-on", type=click.DateTime(["%Y-%m-%d"]), help=N_("When it was adopted."))
@click.option("--note", metavar="TEXT", help=N_("One line about this edition."))
@click.option(
    "--tag",
    is_flag=True,
    help=N_(
        "Also commit editions.yaml and tag that commit as vEDITION, so that a build of the tag "
        "is this edition (the release workflow builds it)."
    ),
)
@click.option("--paginate", is_flag=True, help=PAGINATE_HELP)
@pass_context
def release(
    ctx: Context,
    edition: str,
    on: dt.datetime | None,
    adopted_by: str | None,
    adopted_on: dt.datetime | None,
    note: str | None,
    tag: bool,
    paginate: bool,
) -> None:
    from ..core.report_formats import format_text
    from ..editions.release import adoption, appendix_since_release, release_edition
    from ..editions.summary import format_build_summary
    from ..publish.plan import BuildRefused

    adopted = adoption(adopted_by, adopted_on.date() if adopted_on else None)
    try:
        done, result = release_edition(
            ctx.root,
            edition,
            on=on.date() if on else None,
            adopted=adopted,
            note=note,
            tag=tag,
            progress=progress(ctx.lang),
            paginate=paginate,
        )
    except BuildRefused as exc:
        click.echo(format_text(exc.project.diagnostics, ctx.lang))
        raise RoledocError(exc.message) from None
    click.echo(format_build_summary(result, ctx.root, lang=ctx.lang))
    say(
        _(
            "editions.yaml: {edition} ({date}, {commit})",
            edition=done.edition,
            date=done.date.isoformat(),
            commit=done.commit[:12],
        ),
        ctx.lang,
    )
    if tag:
        say(
            _(
                "editions.yaml committed and tagged v{edition}: push both (git push, git push "
                "origin v{edition})",
                edition=done.edition,
            ),
            ctx.lang,
        )
    since = appendix_since_release(result, done)
    if since:
        say(_("its changes appendix compares with edition {since}", since=since), ctx.lang)
    else:
        say(_("it has no changes appendix (no earlier edition, or 'changelog: none')"), ctx.lang)


@click.command(
    cls=Command, help=N_("Record in editions.yaml that EDITION was adopted, by whom and when.")
)
@click.argument("edition")
@click.option("--by", required=True, metavar="TEXT", help=N_("Who adopted the edition."))
@click.option("--on", "on", required=True, type=click.DateTime(["%Y-%m-%d"]), help=N_("When."))
@click.option(
    "--decision",
    metavar="TEXT",
    help=N_("The decision's reference, as the body registered it (for the Woo index)."),
)
@pass_context
def adopt(ctx: Context, edition: str, by: str, on: dt.datetime, decision: str | None) -> None:
    from ..editions.release import adopt_edition

    done = adopt_edition(ctx.root, edition, by, on.date(), decision)
    assert done.adopted is not None
    say(
        _(
            "editions.yaml: {edition} (adopted by {by}, {on})",
            edition=done.edition,
            by=done.adopted.by,
            on=done.adopted.on.isoformat(),
        ),
        ctx.lang,
    )


@click.command(
    cls=Command,
    help=N_("Per section and theme: contributions by status, contributors, what awaits review."),
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
@pass_context
def status(ctx: Context, output_format: str) -> None:
    from ..check.project import load_project
    from ..editions import overview

    view = overview.project_overview(load_project(ctx.root))
    if output_format == "json":
        click.echo(overview.format_json(view, ctx.lang))
    else:
        click.echo(overview.format_text(view, ctx.lang))


@click.command(cls=Command, help=N_("Rebuild the document on every change to its files."))
@click.option("--draft", is_flag=True, help=N_("Also proposed and draft contributions."))
@click.option(
    "--format", "formats", metavar="LIST", multiple=True, help=N_("Comma-separated formats.")
)
@click.option(
    "--serve",
    is_flag=True,
    help=N_("Show the HTML on localhost; it reloads after every rebuild (HTML first, then PDF)."),
)
@click.option(
    "--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help=N_("Port.")
)
@click.option("--open", "open_browser", is_flag=True, help=N_("Open the preview in a browser."))
@pass_context
def watch(
    ctx: Context, draft: bool, formats: tuple[str, ...], serve: bool, port: int, open_browser: bool
) -> None:
    from ..preview.preview import Preview, PreviewServer
    from ..preview.watcher import watch_project

    if not serve:
        return watch_project(ctx.root, draft, _format_list(formats), click.echo)
    with PreviewServer(Preview(ctx.lang), port) as server:
        say(_("Preview: {url}", url=server.url), ctx.lang)
        if open_browser:
            click.launch(server.url)
        watch_project(ctx.root, draft, _format_list(formats), click.echo, preview=server.preview)


@click.command(
    cls=Command,
    help=N_("The current edition with every change since edition REV marked, word by word."),
)
@click.option(
    "--since", metavar="REV", required=True, help=N_("The earlier edition: tag or commit.")
)
@click.option(
    "--format", "formats", metavar="LIST", multiple=True, help=N_("Default: docx,html,pdf.")
)
@click.option("--quiet", "-q", is_flag=True, help=N_("No progress."))
@pass_context
def redline(ctx: Context, since: str, formats: tuple[str, ...], quiet: bool) -> None:
    from ..editions.editions import changes_edition

    _run_build(ctx, changes_edition(since), formats, ("pdf", "docx", "html"), quiet)


@click.command(
    cls=Command,
    help=N_("The short edition for administrators: the key message of each contribution."),
)
@click.option(
    "--format", "formats", metavar="LIST", multiple=True, help=N_("Default: pdf,docx,html.")
)
@click.option("--quiet", "-q", is_flag=True, help=N_("No progress."))
@pass_context
def summary(ctx: Context, formats: tuple[str, ...], quiet: bool) -> None:
    from ..editions.editions import SUMMARY

    _run_build(ctx, SUMMARY, formats, ("pdf", "docx", "html"), quiet)
