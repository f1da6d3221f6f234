"""Every sentence roledoc shows a person: messages as data, and their words in the reader's
language.

Code writes a message as `_("English text with {fields}", field=value)`: a `Message` that holds
the English msgid and its parameters, and is turned into words only when printed, in the
language of whoever reads it. The Dutch words live in a gettext catalogue,
`locale/nl/LC_MESSAGES/roledoc.po`, read with Babel when first needed; English is the msgid
itself. `N_("...")` marks a plain string for the catalogue where a library wants text (Click's
help), to be translated where it is shown. `tools/messages.py` extracts the msgids into
`locale/roledoc.pot` and merges them into the Dutch catalogue.

Parameters are language-neutral (names, numbers, paths) or messages in turn, so a message
can be stored (the check cache keeps diagnostics as data) and shown later in either language.

A parameter is shown on one line (`one_line`): a title from a file with a line break and
`::error::` after it stays inside its own line, so no value can start a line of roledoc's
output, where CI would read it as a command (GitHub's workflow commands).
"""

from __future__ import annotations

import errno
import functools
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

from .paths import DOCUMENT, LOCALE

DOMAIN = "roledoc"
LANGUAGES = ("en", "nl")  # English is the msgids themselves

# The language the current command's reader reads: the project's, once the CLI knows it.
_reader: ContextVar[str | None] = ContextVar("reader_language", default=None)


class Lines(str):
    """Words roledoc has rendered already, one line per line: every value in them went
    through `one_line`, so they are shown as they are (a list of diagnostics in an error)."""

    __slots__ = ()


# Line breaks and other controls: C0 (but the tab), DEL, C1, and Unicode's line separators.
_CONTROLS = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")
_NAMED = {"\n": "\\n", "\r": "\\r"}


def one_line(value: str) -> str:
    """`value` with line breaks and control characters written out (`\\n`, `\\r`, `\\x1b`),
    so it stays on the line it is printed on."""
    if isinstance(value, Lines):
        return value
    return _CONTROLS.sub(lambda m: _NAMED.get(m[0]) or _code(m[0]), value)


def _code(char: str) -> str:
    point = ord(char)
    return f"\\x{point:02x}" if point < 0x100 else f"\\u{point:04x}"


@dataclass(frozen=True)
class Message:
    """An English msgid and its parameters; words only in `render`."""

    msgid: str
    params: tuple[tuple[str, object], ...] = ()

    def render(self, lang: str = "en") -> Lines:
        words = translate(self.msgid, lang)
        if not self.params:  # a text without fields may hold braces of its own: ${.}/...
            return Lines(words)
        return Lines(words.format(**{name: render(value, lang) for name, value in self.params}))

    def __str__(self) -> str:  # for logs and tracebacks; readers get `render(lang)`
        return self.render("en")


def _(msgid: str, **params: object) -> Message:
    """A message to show later, in the reader's language."""
    return Message(msgid, neutral(params))


def neutral(params: dict[str, object]) -> tuple[tuple[str, object], ...]:
    """Parameters as data that can be stored: numbers, text and messages as they are,
    anything else (a path, say) as its text."""
    return tuple((name, _neutral(value)) for name, value in params.items())


def _neutral(value: object) -> object:
    if value is None or isinstance(value, str | int | float | Message):
        return value
    if isinstance(value, list | tuple):
        return tuple(_neutral(item) for item in value)
    return str(value)


def N_(msgid: str) -> str:
    """Mark `msgid` for the catalogue without translating it here."""
    return msgid


# Why the system refused to read or write a file, in words the catalogue knows; other
# reasons are shown as the system words them.
OS_REASONS = {
    errno.EACCES: N_("permission denied"),
    errno.EPERM: N_("permission denied"),
    errno.ENOENT: N_("it does not exist"),
    errno.EISDIR: N_("it is a folder"),
    errno.ENOTDIR: N_("part of its path is not a folder"),
    errno.ENOSPC: N_("the disk is full"),
    errno.EROFS: N_("the disk is read-only"),
    errno.EIO: N_("the disk could not be read or written"),
    errno.ENAMETOOLONG: N_("the name is too long"),
}


def os_reason(exc: OSError) -> Message | str:
    """Why `exc` happened, as a message where the catalogue has one."""
    known = OS_REASONS.get(exc.errno or 0)
    return Message(known) if known else exc.strerror or str(exc)


class _Number(float):
    """A number with a fraction, written the reader's way: 1,3 in Dutch, 1.3 in English."""

    lang: str

    def __new__(cls, value: float, lang: str) -> _Number:
        number = super().__new__(cls, value)
        number.lang = lang
        return number

    def __format__(self, spec: str) -> str:
        return _decimals(float.__format__(float(self), spec), self.lang)

    def __str__(self) -> str:
        return self.__format__("")


@functools.cache
def _decimal_sign(lang: str) -> str:
    from babel.numbers import get_decimal_symbol

    try:
        return get_decimal_symbol(lang)
    except (ValueError, LookupError):
        return "."


def _decimals(written: str, lang: str) -> str:
    return written if lang == "en" else written.replace(".", _decimal_sign(lang))


def number(value: float, spec: str, lang: str) -> str:
    """`value` formatted by `spec` (".1f"), with the decimal sign of `lang`."""
    return format(_Number(value, lang), spec)


def megabytes(size: int, whole: bool = False) -> Message:
    """A size in megabytes, written in the reader's way: 12,3 MB in Dutch."""
    return _("{size} MB", size=round(size / 1e6) if whole else round(size / 1e6, 1))


def render(value: object, lang: str = "en") -> object:
    """A message in words; text on one line (`one_line`); a number with a fraction with the
    reader's decimal sign; other values (whole numbers) as they are, for str.format."""
    if isinstance(value, float):
        return _Number(value, lang)
    if isinstance(value, Message):
        return value.render(lang)
    if isinstance(value, list | tuple) and value and all(isinstance(v, Message) for v in value):
        return ", ".join(v.render(lang) for v in value)
    if isinstance(value, str):
        return one_line(value)
    return value


def text(value: object, lang: str = "en") -> str:
    """`value` in words, whatever it is; text that is not a message stays on one line."""
    said = render(value, lang)
    return said if isinstance(said, str) else str(said)


def translate(msgid: str, lang: str) -> str:
    """The words for `msgid` in `lang`; the msgid itself when there are none."""
    if lang == "en":
        return msgid
    return catalogue(lang).get(msgid) or msgid


@functools.cache
def catalogue(lang: str) -> dict[str, str]:
    """msgid -> translation, from the language's .po file (read once per process)."""
    from babel.messages.pofile import read_po

    path = LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not path.is_file():
        return {}
    with path.open("rb") as handle:
        read = read_po(handle, locale=lang, domain=DOMAIN)
    found: dict[str, str] = {}
    for message in read:
        if not message.id or message.fuzzy:
            continue
        if isinstance(message.id, tuple):  # a plural: each form is also a plain msgid
            for msgid, words in zip(message.id, message.string or (), strict=False):
                if words:
                    found[msgid] = words
        elif isinstance(message.id, str) and isinstance(message.string, str) and message.string:
            found[message.id] = message.string
    return found


def language_of(tag: str | None) -> str:
    """The message language for a language tag (nl-NL, nl_NL.UTF-8): Dutch for nl, else
    English."""
    primary = re.split(r"[-_.@]", tag or "", maxsplit=1)[0].lower()
    return "nl" if primary == "nl" else "en"


def locale_language() -> str:
    """The user's own language, from the environment as gettext reads it."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            return language_of(value)
    return "en"


def project_language(root: Path) -> str | None:
    """The message language of the project at `root`, from `lang` in its document.yaml,
    read without parsing the file (None when there is no readable one)."""
    try:
        head = (root / DOCUMENT).read_bytes()[:65536].decode("utf-8", "replace")
    except OSError:
        return None
    match = re.search(r"^lang:\s*['\"]?([A-Za-z_-]+)", head, re.MULTILINE)
    return language_of(match.group(1)) if match else "en"


def reader_language() -> str:
    """The language to speak now: the project's while a command runs, else the user's."""
    return _reader.get() or locale_language()


@contextmanager
def reading(lang: str | None) -> Iterator[None]:
    """Speak `lang` (None: the user's own) until the block ends."""
    token = _reader.set(lang)
    try:
        yield
    finally:
        _reader.reset(token)


def set_reader_language(lang: str | None) -> None:
    """Speak `lang` for the rest of this command (the CLI calls it once it knows the
    project); `reading` resets it when the command ends."""
    _reader.set(lang)
