"""The `roledoc` command line: the only module that prints or exits.

Each command loads the project, calls one function and reports; the work happens elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import click

from . import __version__
from .build import BuildRefused, build_document
from .diagnostics import format_github, format_json, format_text
from .model import FORMATS
from .project import find_root, load_project
from .summary import format_build_summary


@dataclass(frozen=True)
class Context:
    root: Path


pass_context = click.make_pass_decorator(Context)


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
@pass_context
def check(ctx: Context, output_format: str, strict: bool) -> None:
    """Validate the whole project and report every problem with its file and line."""
    project = load_project(ctx.root)
    diagnostics = project.diagnostics
    if output_format == "json":
        click.echo(format_json(diagnostics))
    elif output_format == "github":
        if diagnostics:
            click.echo(format_github(diagnostics))
    else:
        click.echo(format_text(diagnostics, project.message_lang))
    if project.errors or (strict and project.warnings):
        raise SystemExit(1)


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
@pass_context
def build(ctx: Context, draft: bool, formats: str | None, out: Path | None) -> None:
    """Check the project, then render the document into build/."""
    try:
        chosen = _format_list(formats)
    except click.BadParameter as exc:
        exc.param_hint = "'--format'"
        raise
    try:
        result = build_document(ctx.root, draft=draft, formats=chosen, out=out, progress=_progress)
    except BuildRefused as exc:
        project = exc.project
        click.echo(format_text(project.diagnostics, project.message_lang))
        raise
    click.echo(format_build_summary(result))


def _progress(message: str) -> None:
    click.echo(f"… {message}", err=True)
