"""`roledoc pr-summary`: the comment on a pull request, as Markdown (editions/prsummary.py)."""

from __future__ import annotations

import os
from pathlib import Path

import click

from ..core.messages import N_, _
from .speaking import Command, Context, pass_context, say


@click.command(
    "pr-summary",
    cls=Command,
    help=N_(
        "The comment for a pull request, in the document's language: what check found, and "
        "what the document will say differently, in words (deleted words struck through, "
        "inserted ones in bold)."
    ),
)
@click.option(
    "--base",
    metavar="REV",
    help=N_(
        "The branch or commit the pull request goes into (default: the pull request's base "
        "branch on GitHub, origin/main elsewhere)."
    ),
)
@click.option(
    "--draft",
    "draft",
    type=click.Path(path_type=Path),
    help=N_(
        "The pull request's draft PDF, or the folder a draft build wrote it to: the comment "
        "names the page each changed text is on."
    ),
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help=N_("Write the comment to this file instead of standard output."),
)
@pass_context
def pr_summary(ctx: Context, base: str | None, draft: Path | None, out: Path | None) -> None:
    from ..editions.prsummary import pr_summary as make

    base = base or f"origin/{os.environ.get('GITHUB_BASE_REF') or 'main'}"
    comment = make(ctx.root, base, ctx.lang, draft)
    if out is None:
        click.echo(comment, nl=False)
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(comment, encoding="utf-8")
    say(_("Pull request comment: {path}", path=out), ctx.lang)
