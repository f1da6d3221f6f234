"""How the command line speaks: every line in the reader's language, and what each command is
given.

The reader's language is the project's (`lang` in document.yaml) once it is known, the user's
locale before that and for `--help`. Messages are rendered here, through `core.messages`;
Click's own words ("Usage:", "Error:") go through the same catalogue. A `RoledocError` leaves
a command as Click shows its own errors: its words and its exit status, no traceback.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import click

from ..core.errors import RoledocError
from ..core.messages import (
    N_,
    Message,
    _,
    locale_language,
    reader_language,
    reading,
    text,
    translate,
)

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


# The placeholders of the usage line and the options, to be said in the reader's language.
OPTIONS_METAVAR = N_("[OPTIONS]")
SUBCOMMAND_METAVAR = N_("COMMAND [ARGS]...")
METAVARS = (
    N_("DIRECTORY"),
    N_("EDITION"),
    N_("REQUIREMENT"),
    N_("SOURCE"),
    N_("THEME"),
    N_("TITLE"),
    N_("ID"),
    N_("LIST"),
    N_("NAME"),
    N_("REV"),
    N_("TEXT"),
    N_("YYYY-MM-DD"),
    N_("INTEGER"),
    N_("PATH"),
    N_("FILE"),
    N_("FLOAT"),
    N_("DIR"),
)


def _metavar(param: click.Parameter, ctx: click.Context) -> str | None:
    """The placeholder Click would show for `param`, as a msgid; None for a flag or a choice
    (its values are typed as they are)."""
    if isinstance(param, click.Argument):
        return param.metavar or (param.name or "").upper() or None
    if not isinstance(param, click.Option) or param.is_flag or param.count:
        return None
    if param.metavar:
        return param.metavar
    if isinstance(param.type, click.DateTime):
        return "YYYY-MM-DD"
    if isinstance(param.type, click.Choice):
        return None
    return param.type.name.upper()


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
    swap(command, "options_metavar", translate(OPTIONS_METAVAR, lang))
    if isinstance(command, click.Group):
        swap(command, "subcommand_metavar", translate(SUBCOMMAND_METAVAR, lang))
    for param in command.get_params(ctx):
        said = getattr(param, "help", None)  # an option's; an argument has none
        if param is command.get_help_option(ctx):
            swap(param, "help", translate(HELP_OPTION, lang))
        elif said:
            swap(param, "help", translate(said, lang))
        shown = _metavar(param, ctx)
        if shown is not None:
            swap(param, "metavar", translate(shown, lang))
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

    def get_usage(self, ctx: click.Context) -> str:
        """The usage line of an error ("Gebruik: roledoc release [OPTIES] EDITIE"), in the
        error's language."""
        with _help_in(self, ctx, reader_language()):  # type: ignore[arg-type]
            return super().get_usage(ctx)  # type: ignore[misc]

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """A missing argument is named by its placeholder, in the reader's words too."""
        try:
            return super().parse_args(ctx, args)  # type: ignore[misc]
        except click.MissingParameter as exc:
            shown = _metavar(exc.param, ctx) if isinstance(exc.param, click.Argument) else None
            if shown and exc.param_hint is None:
                exc.param_hint = f"'{translate(shown, reader_language())}'"
            raise


class Command(HelpInLocale, click.Command):
    pass


class Group(HelpInLocale, click.Group):
    command_class = Command

    def main(self, *args, **kwargs):
        with reading(None):  # each run starts in the user's language
            return super().main(*args, **kwargs)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except RoledocError as exc:  # shown as Click shows its own errors: no traceback
            raise _Shown(exc) from None


class _Shown(click.ClickException):
    """A RoledocError on its way out of Click: its words, its exit status."""

    def __init__(self, error: RoledocError) -> None:
        super().__init__(error.format_message())
        self.error = error
        self.exit_code = error.exit_code  # type: ignore[misc]  # Click's is the class's

    def format_message(self) -> str:
        return self.error.format_message()

    def show(self, file=None) -> None:
        self.error.show(file)


@dataclass(frozen=True)
class Context:
    """What every command is given: the project's folder and its message language."""

    root: Path
    lang: str  # the project's message language


pass_context = click.make_pass_decorator(Context)


def say(message: Message | str, lang: str, err: bool = False) -> None:
    click.echo(text(message, lang), err=err)


def progress(lang: str) -> Callable[[Message], None]:
    """A long command's steps, said on stderr as they start."""

    def step(message: Message) -> None:
        say(_("… {step}", step=message), lang, err=True)

    return step
