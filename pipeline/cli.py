"""The `roledoc` command line: the only module that prints or exits.

Each command loads the project, calls one function and reports; the work happens elsewhere.
Commands import what they need when they run, so `roledoc build` on an unchanged project
answers in a fraction of a second.

Every line is shown in the reader's language: the project's (`lang` in document.yaml) once it
is known, the user's locale before that and for `--help`. Messages are rendered here, through
`messages.py`; Click's own words ("Usage:", "Error:") go through the same catalogue.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import click

from . import __version__
from .check.project import find_root
from .core.errors import RoledocError
from .core.messages import (
    N_,
    Message,
    _,
    locale_language,
    project_language,
    reader_language,
    reading,
    set_reader_language,
    text,
    translate,
)
from .core.model import FORMATS

HELP_OPTION = "Show this message and exit."  # Click's own msgid

# Click's own words that roledoc's users meet; the catalogue translates them like ours.
CLICK_WORDS = (
    N_("Usage:"),
    N_("Options"),
    N_("Commands"),
    N_("Positional arguments"),
    N_("Show this message and exit."),
    N_("Show the version and exit."),
    N_("Error: {message}"),
    N_("Try '{command} {option}' for help."),
    N_("Missing argument"),
    N_("Missing option"),
    N_("Missing parameter"),
    N_("Missing command."),
    N_("No such option {name!r}."),
    N_("No such command {name!r}."),
    N_("Invalid value for {param_hint}: {message}"),
    N_("Invalid value: {message}"),
    N_("Got unexpected extra argument ({args})"),
    N_("Got unexpected extra arguments ({args})"),
    N_("Option {name!r} requires an argument."),
    N_("Option {name!r} does not take a value."),
    N_("Did you mean {possibility}?"),
    N_("(Did you mean one of: {possibilities}?)"),
    N_("default: {default}"),
    N_("required"),
    N_("Aborted!"),
    N_("{value!r} is not {choice}."),
    N_("{value!r} is not one of {choices}."),
    N_("{value!r} does not match the format {format}."),
    N_("{value!r} does not match the formats {formats}."),
    N_("{value!r} is not a valid {number_type}."),
    N_("{value} is not in the range {range}."),
)


def _click_gettext(msgid: str) -> str:
    return translate(msgid, reader_language())


def _click_ngettext(singular: str, plural: str, count: int) -> str:
    return translate(singular if count == 1 else plural, reader_language())


def _speak_through_catalogue() -> None:
    """Click words its own messages with gettext's `_`: give it the reader's language."""
    import click.core
    import click.decorators
    import click.exceptions
    import click.formatting
    import click.parser
    import click.termui
    import click.types

    for module in (
        click.core,
        click.decorators,
        click.exceptions,
        click.formatting,
        click.parser,
        click.termui,
        click.types,
    ):
        if hasattr(module, "_"):
            module._ = _click_gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = _click_ngettext  # type: ignore[attr-defined]


_speak_through_catalogue()


@contextmanager
def _help_in(command: click.Command, ctx: click.Context, lang: str) -> Iterator[None]:
    """The command's (and its subcommands') help texts in `lang` while help is written."""
    swapped: list[tuple[object, str, object]] = []

    def swap(owner: object, name: str, value: object) -> None:
        swapped.append((owner, name, getattr(owner, name)))
        setattr(owner, name, value)

    commands = [command]
    if isinstance(command, click.Group):
        commands += list(command.commands.values())
    for cmd in commands:
        if cmd.help:
            swap(cmd, "help", translate(cmd.help, lang))
        if cmd.short_help:
            swap(cmd, "short_help", translate(cmd.short_help, lang))
    for param in command.get_params(ctx):
        if param is command.get_help_option(ctx):
            swap(param, "help", translate(HELP_OPTION, lang))
        elif getattr(param, "help", None):
            swap(param, "help", translate(param.help, lang))  # type: ignore[attr-defined]
    try:
        with reading(lang):
            yield
    finally:
        for owner, name, value in reversed(swapped):
            setattr(owner, name, value)


class HelpInLocale:
    """Help is for the person at the keyboard: in their locale's language."""

    def get_help(self, ctx: click.Context) -> str:
        with _help_in(self, ctx, locale_language()):  # type: ignore[arg-type]
            return super().get_help(ctx)  # type: ignore[misc]


class Command(HelpInLocale, click.Command):
    pass


class Group(HelpInLocale, click.Group):
    command_class = Command

    def main(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        with reading(None):  # each run starts in the user's language
            return super().main(*args, **kwargs)

    def invoke(self, ctx: click.Context):  # type: ignore[no-untyped-def]
        try:
            return super().invoke(ctx)
        except RoledocError as exc:  # shown as Click shows its own errors: no traceback
            raise _Shown(exc) from None


class _Shown(click.ClickException):
    """A RoledocError on its way out of Click: its words, its exit status."""

    def __init__(self, error: RoledocError) -> None:
        super().__init__(error.format_message())
        self.error = error
        self.exit_code = error.exit_code

    def format_message(self) -> str:
        return self.error.format_message()

    def show(self, file=None) -> None:  # type: ignore[no-untyped-def]
        self.error.show(file)


@dataclass(frozen=True)
class Context:
    root: Path
    lang: str  # the project's message language


pass_context = click.make_pass_decorator(Context)
author_option = click.option(
    "--author",
    "authors",
    multiple=True,
    required=True,
    metavar="ID",
    help=N_("Participant id; repeat for co-authors."),
)


def say(message: Message | str, lang: str, err: bool = False) -> None:
    click.echo(text(message, lang), err=err)


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


@main.command(
    help=N_("Validate the whole project and report every problem with its file and line.")
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
    from .check.project import load_project
    from .check.validate import for_participant
    from .core.diagnostics import format_github, format_json, format_text

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
    errors = any(d.is_error for d in diagnostics)
    if errors or (strict and any(not d.is_error for d in diagnostics)):
        raise SystemExit(1)


def _format_list(value: str | tuple[str, ...] | None) -> tuple[str, ...] | None:
    """The formats asked for: `--format pdf,docx` and `--format pdf --format docx` alike
    (a repeated option adds to the list; it never silently replaces what came before)."""
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


@main.command(help=N_("Check the project, then render the document into build/."))
@click.option(
    "--draft",
    is_flag=True,
    help=N_("Also proposed and draft contributions, marked CONCEPT."),
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
@pass_context
def build(
    ctx: Context,
    draft: bool,
    formats: tuple[str, ...],
    out: Path | None,
    quiet: bool,
    jobs: int | None,
) -> None:
    _run_build(ctx, None, formats, None, quiet, draft=draft, out=out, jobs=jobs)


def _progress(lang: str):
    def progress(message: Message) -> None:
        say(_("… {step}", step=message), lang, err=True)

    return progress


@main.command(help=N_("What changed between an edition and now, per section."))
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
    from .assemble import changes

    log = changes.changelog_since(ctx.root, since, published=published)
    if output_format == "json":
        click.echo(changes.format_json(log))
    elif output_format == "markdown":
        click.echo(changes.format_markdown(log, ctx.lang))
    else:
        click.echo(changes.format_text(log, ctx.lang))


@main.command(
    help=N_(
        "Build the definitive documents of EDITION (e.g. 1.2) and record it in editions.yaml."
        "\n\nRefuses a project with errors, uncommitted changes to the document, or an "
        "existing edition name. Nothing is recorded unless the build succeeded."
    )
)
@click.argument("edition")
@click.option(
    "--date", "on", type=click.DateTime(["%Y-%m-%d"]), help=N_("Its date (default: today).")
)
@click.option("--adopted-by", metavar="TEXT", help=N_("Who adopted it, if that is already done."))
@click.option("--adopted-on", type=click.DateTime(["%Y-%m-%d"]), help=N_("When it was adopted."))
@click.option("--note", metavar="TEXT", help=N_("One line about this edition."))
@click.option("--tag", is_flag=True, help=N_("Also tag the commit as vEDITION (a mirror only)."))
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
    from .core.diagnostics import format_text
    from .editions.release import adoption, release_edition
    from .editions.summary import format_build_summary
    from .publish.build import BuildRefused

    adopted = adoption(adopted_by, adopted_on.date() if adopted_on else None)
    try:
        done, result = release_edition(
            ctx.root,
            edition,
            on=on.date() if on else None,
            adopted=adopted,
            note=note,
            tag=tag,
            progress=_progress(ctx.lang),
        )
    except BuildRefused as exc:
        click.echo(format_text(exc.project.diagnostics, ctx.lang))
        raise RoledocError(exc.message) from None
    click.echo(format_build_summary(result, ctx.root, lang=ctx.lang))
    click.echo(f"editions.yaml: {done.edition} ({done.date.isoformat()}, {done.commit[:12]})")


@main.command(help=N_("Record in editions.yaml that EDITION was adopted, by whom and when."))
@click.argument("edition")
@click.option("--by", required=True, metavar="TEXT", help=N_("Who adopted the edition."))
@click.option("--on", "on", required=True, type=click.DateTime(["%Y-%m-%d"]), help=N_("When."))
@pass_context
def adopt(ctx: Context, edition: str, by: str, on: dt.datetime) -> None:
    from .editions.release import adopt_edition

    done = adopt_edition(ctx.root, edition, by, on.date())
    assert done.adopted is not None
    click.echo(f"editions.yaml: {done.edition} ({done.adopted.by}, {done.adopted.on.isoformat()})")


@main.command(help=N_("Create a draft contribution in THEME with TITLE, ready to write in."))
@click.argument("theme")
@click.argument("title")
@author_option
@pass_context
def new(ctx: Context, theme: str, title: str, authors: tuple[str, ...]) -> None:
    from .authoring.scaffold import new_contribution
    from .check.project import load_project

    project = load_project(ctx.root)
    created = new_contribution(project, theme, title, authors, dt.date.today())
    said = _(
        "Created {path} (id: {id}, status: draft).",
        path=created.path.relative_to(ctx.root),
        id=created.id,
    )
    say(said, ctx.lang)


@main.command(
    "import",
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
    from .authoring.importer import import_document
    from .check.project import load_project
    from .core.diagnostics import format_text

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
    after = load_project(ctx.root)
    own = [d for d in after.diagnostics if d.path == done.path.relative_to(ctx.root).as_posix()]
    if own:
        say(_("Still to fix before it can be built (roledoc check):"), ctx.lang)
        click.echo(format_text(own, ctx.lang))


@main.command(
    help=N_("Per section and theme: contributions by status, contributors, what awaits review.")
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
    from .check.project import load_project
    from .editions import overview

    view = overview.project_overview(load_project(ctx.root))
    if output_format == "json":
        click.echo(overview.format_json(view, ctx.lang))
    else:
        click.echo(overview.format_text(view, ctx.lang))


@main.command(help=N_("Create a new document project in DIRECTORY that builds straight away."))
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
    from .authoring.scaffold import init_project
    from .core.messages import language_of
    from .read.pin import current_requirement

    speak = language_of(lang)
    set_reader_language(speak)
    dutch = speak == "nl"
    title = title or ("Rol en werkwijze" if dutch else "Who we are and how we work")
    organisation = organisation or ("Onze samenwerking" if dutch else "Our partnership")
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


@main.command(help=N_("Rebuild the document on every change to its files."))
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
    from .preview.preview import Preview, PreviewServer
    from .preview.watcher import watch_project

    if not serve:
        return watch_project(ctx.root, draft, _format_list(formats), click.echo)
    with PreviewServer(Preview(ctx.lang), port) as server:
        say(_("Preview: {url}", url=server.url), ctx.lang)
        if open_browser:
            click.launch(server.url)
        watch_project(ctx.root, draft, _format_list(formats), click.echo, preview=server.preview)


def _run_build(
    ctx: Context,
    edition,
    formats: tuple[str, ...],
    default: tuple[str, ...] | None,
    quiet: bool,
    **options,
) -> None:
    """Build the document or one of its editions, and report as `build` does."""
    from .core.diagnostics import format_text
    from .editions.summary import format_build_summary
    from .publish.build import FULL, BuildRefused, build_document

    try:
        chosen = _format_list(formats) or default
    except click.BadParameter as exc:
        exc.param_hint = "'--format'"
        raise
    progress = (lambda _said: None) if quiet else _progress(ctx.lang)
    try:
        result = build_document(
            ctx.root, formats=chosen, progress=progress, edition=edition or FULL, **options
        )
    except BuildRefused as exc:
        click.echo(format_text(exc.project.diagnostics, ctx.lang))
        raise
    click.echo(format_build_summary(result, ctx.root, quiet or edition is not None, ctx.lang))


@main.command(
    help=N_("The current edition with every change since edition REV marked, word by word.")
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
    from .editions.editions import changes_edition

    _run_build(ctx, changes_edition(since), formats, ("pdf", "docx", "html"), quiet)


@main.command(
    help=N_("The short edition for administrators: the key message of each contribution.")
)
@click.option(
    "--format", "formats", metavar="LIST", multiple=True, help=N_("Default: pdf,docx,html.")
)
@click.option("--quiet", "-q", is_flag=True, help=N_("No progress."))
@pass_context
def summary(ctx: Context, formats: tuple[str, ...], quiet: bool) -> None:
    from .editions.editions import SUMMARY

    _run_build(ctx, SUMMARY, formats, ("pdf", "docx", "html"), quiet)


@main.group(
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
@click.option("--quiet", "-q", is_flag=True, help=N_("No progress."))
@pass_context
def review_export(
    ctx: Context, draft: bool, themes: tuple[str, ...], out: Path | None, quiet: bool
) -> None:
    import shutil

    from .authoring.scaffold import unknown_name
    from .check.project import load_project
    from .core.errors import RoledocError
    from .core.messages import os_reason
    from .review import review_edition

    project = load_project(ctx.root)
    for theme in themes:
        if theme not in project.themes:
            raise RoledocError(unknown_name("theme", theme, project.themes))
    result = _build_quietly(ctx, review_edition(themes), draft, quiet)
    made = next((o.path for o in result.outputs if o.fmt == "docx"), None)
    if made is None:  # unchanged since the last export: the file is there
        assert project.settings is not None
        made = ctx.root / "build" / f"{project.settings.output}-review.docx"
    from .review.rendering import remember_export

    remember_export(ctx.root, made)
    if out is not None:
        try:
            shutil.copyfile(made, out)
        except OSError as exc:
            raise RoledocError(
                _("cannot write {path}: {reason}", path=out, reason=os_reason(exc))
            ) from None
        made = out
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
    from .review.importing import import_review
    from .review.notes import format_review

    done = import_review(ctx.root, source, reviewer, dt.date.today(), ctx.lang, accept_untracked)
    click.echo(format_review(done, ctx.root, ctx.lang))


def _build_quietly(ctx: Context, edition, draft: bool, quiet: bool):
    from .core.diagnostics import format_text
    from .publish.build import BuildRefused, build_document

    progress = (lambda _said: None) if quiet else _progress(ctx.lang)
    try:
        return build_document(
            ctx.root, draft=draft, formats=("docx",), progress=progress, edition=edition
        )
    except BuildRefused as exc:
        click.echo(format_text(exc.project.diagnostics, ctx.lang))
        raise


@main.command(
    "upgrade-project",
    help=N_(
        "Pin the project to the roledoc now running (or to REQUIREMENT), and check it with "
        "this roledoc: what it reports now is what changed for the project."
    ),
)
@click.argument("requirement", required=False)
@pass_context
def upgrade_project(ctx: Context, requirement: str | None) -> None:
    from .check.project import load_project
    from .core.diagnostics import format_text
    from .read.pin import PIN_FILE, current_requirement, pin_text, read_pin
    from .read.projectfiles import read_text, write_text

    requirement = requirement or current_requirement()[0]
    path = ctx.root / PIN_FILE
    # Read and written as project files: requirements.txt may be a link a pull request made.
    existing = read_text(ctx.root, path) if path.exists() or path.is_symlink() else None
    before = read_pin(ctx.root) if existing is not None else None
    if existing is None:
        write_text(ctx.root, path, pin_text(requirement, ctx.lang))
    elif before is None:  # a requirements.txt without roledoc: its lines stay
        write_text(ctx.root, path, existing.rstrip("\n") + "\n" + requirement + "\n")
    else:
        lines = existing.splitlines(keepends=True)
        lines[before.line - 1] = requirement + "\n"
        write_text(ctx.root, path, "".join(lines))
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
