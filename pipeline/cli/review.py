"""`roledoc review`: a Word file to review (export), and the reviewed file back (import)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from ..core.messages import N_, _
from .speaking import Context, Group, pass_context, progress, say


@click.group(
    cls=Group,
    help=N_(
        "Review rounds in Word: a file to review, and the reviewer's tracked changes and "
        "comments back into the contributions."
    ),
)
def review() -> None:
    pass


@review.command(
    "export",
    help=N_(
        "A Word file made for reviewing: Track Changes on, lines numbered, the editors' "
        "texts in grey, each contribution findable again by review import."
    ),
)
@click.option("--draft", is_flag=True, help=N_("Also proposed and draft contributions."))
@click.option(
    "--theme", "themes", metavar="THEME", multiple=True, help=N_("Only this theme (repeatable).")
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help=N_("Where to write the Word file (default: build/<output>-review.docx)."),
)
@click.option(
    "--until",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    metavar="YYYY-MM-DD",
    help=N_("The last day for comments, named on the consultation version."),
)
@click.option("--quiet", "-q", is_flag=True, help=N_("No progress."))
@pass_context
def review_export(
    ctx: Context,
    draft: bool,
    themes: tuple[str, ...],
    out: Path | None,
    until: dt.datetime | None,
    quiet: bool,
) -> None:
    from ..core.report_formats import format_text
    from ..publish.plan import BuildRefused
    from ..review.exporting import export_review

    steps = (lambda _said: None) if quiet else progress(ctx.lang)
    try:
        day = until.date().isoformat() if until else None
        made = export_review(ctx.root, themes, draft, out, steps, day)
    except BuildRefused as exc:
        click.echo(format_text(exc.project.diagnostics, ctx.lang))
        raise
    say(_("Review file: {path}", path=made), ctx.lang)


@review.command(
    "import",
    help=N_(
        "Bring a reviewed Word file back: tracked changes onto a new git branch, one commit "
        "per contribution and author; comments and what could not be placed into "
        "build/review/<reviewer>-<date>/."
    ),
)
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--reviewer", required=True, metavar="NAME", help=N_("Who sent the file."))
@click.option(
    "--accept-untracked",
    is_flag=True,
    help=N_("Also apply what was changed with Track Changes off (listed otherwise)."),
)
@pass_context
def review_import(ctx: Context, source: Path, reviewer: str, accept_untracked: bool) -> None:
    from ..review.importing import import_review
    from ..review.notes import format_review

    done = import_review(ctx.root, source, reviewer, dt.date.today(), ctx.lang, accept_untracked)
    click.echo(format_review(done, ctx.root, ctx.lang))
