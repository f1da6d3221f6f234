"""The project's data: frozen dataclasses that every stage passes along.

Readers create them, the validator inspects them, the assembler turns them into a document.
None of them knows about files being written, Click or pandoc.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

STATUSES = ("draft", "proposed", "accepted", "rejected")
FORMATS = ("pdf", "docx", "html", "epub", "odt")
# What the PDF conforms to (document.yaml `pdf_standard`), as Typst names the standards: PDF/UA-1
# always (accessibility is the law for a government's documents), with PDF/A-2a (the default,
# for the archive) or PDF/A-3a, or alone.
PDF_STANDARDS: dict[str, tuple[str, ...]] = {
    "pdf/a-2a": ("a-2a", "ua-1"),
    "pdf/a-3a": ("a-3a", "ua-1"),
    "pdf/ua-1": ("ua-1",),
}
DEFAULT_PDF_STANDARD = "pdf/a-2a"


@dataclass(frozen=True)
class Readability:
    words: int = 0
    sentences: int = 0
    syllables: int = 0
    longest_sentence: int = 0

    def score(self, lang: str) -> float | None:
        """Flesch-Douma for Dutch, Flesch otherwise: higher is easier (60-80: plain)."""
        if not self.words or not self.sentences:
            return None
        per_sentence = self.words / self.sentences
        per_word = self.syllables / self.words
        if lang == "nl":
            return round(206.84 - 77 * per_word - 0.93 * per_sentence, 1)
        return round(206.835 - 1.015 * per_sentence - 84.6 * per_word, 1)


@dataclass(frozen=True)
class Position:
    """A place in a file; line and column are 1-based, 0 means unknown."""

    line: int = 0
    col: int = 0


@dataclass(frozen=True)
class Diagnostic:
    """One problem in the project, shown as `path:line:col: severity CODE: message`.

    Data, not words: the code names its catalogue entry, `params` fill it in (names and
    numbers, or messages in turn), and `diagnostics.words` renders it in a reader's language.
    """

    path: str
    code: str
    params: tuple[tuple[str, object], ...] = ()
    severity: str = "error"
    line: int = 0
    col: int = 0
    suggestion: str | None = None  # a close, valid value: "did you mean ...?"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def sort_key(self) -> tuple[str, int, int, str, str, str]:
        """Place first, then what is said: two findings at one place always come in one order
        (the parameters' text decides), run after run."""
        return (self.path, self.line, self.col, self.code, repr(self.params), self.suggestion or "")


@dataclass(frozen=True)
class LanguageSettings:
    words: str | None = None
    terms: tuple[tuple[str, str], ...] = ()
    max_sentence_words: int | None = None
    enabled: bool = True  # `language: false` switches the prose checks off


@dataclass(frozen=True)
class StyleSettings:
    """House style from document.yaml: accent colour (hex, no '#'), logo, PDF font."""

    accent: str | None = None
    logo: str | None = None  # path relative to the project root
    font: str | None = None
    positions: dict[str, Position] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Settings:
    """document.yaml, validated."""

    title: str
    organisation: str
    lang: str
    output: str
    formats: tuple[str, ...] = FORMATS
    subtitle: str | None = None
    language: LanguageSettings | None = None
    changelog: str | None = None  # an earlier edition (tag or commit): adds a changes appendix
    contact: str | None = None  # an e-mail address or free text, named in the colophon
    licence: str | None = None  # e.g. "CC BY 4.0", named in the colophon
    style: StyleSettings = StyleSettings()
    pdf_standard: str = DEFAULT_PDF_STANDARD  # a key of PDF_STANDARDS
    # The words of the document's status: "government" (Werkversie, Versie ter vaststelling,
    # Vastgestelde versie, as Dutch government documents say) or "plain" (Concept, Editie).
    status_words: str = "government"
    # The project makes the short edition (`roledoc summary`): accepted contributions then
    # need a `summary` (RD403).
    summary_edition: bool = False


@dataclass(frozen=True)
class Participant:
    id: str
    name: str
    organisation: str
    position: Position = Position()


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    id: str
    position: Position


@dataclass(frozen=True)
class Link:
    target: str
    position: Position


@dataclass(frozen=True)
class Image:
    src: str
    alt: str
    position: Position


@dataclass(frozen=True)
class BodyFacts:
    """What the Markdown body contains, as far as the rules and the assembler need to know."""

    headings: tuple[Heading, ...] = ()
    links: tuple[Link, ...] = ()
    images: tuple[Image, ...] = ()
    has_text: bool = False
    readability: Readability | None = None  # word, sentence and syllable counts


@dataclass(frozen=True)
class Section:
    """One chapter of the skeleton: sections/NN-slug.md."""

    key: str  # the file stem, e.g. "04-grenzen"
    number: int
    slug: str  # the anchor, e.g. "grenzen"
    path: str  # relative to the project root
    title: str
    themes: tuple[str, ...]
    body: str
    body_line: int  # 1-based line where the body starts in the file
    facts: BodyFacts = BodyFacts()
    theme_positions: dict[str, Position] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Contribution:
    id: str
    theme: str
    path: str  # relative to the project root
    title: str
    authors: tuple[str, ...]
    status: str
    date: dt.date
    body: str
    body_line: int
    order: int | None = None
    summary: str | None = None
    supersedes: tuple[str, ...] = ()
    facts: BodyFacts = BodyFacts()
    positions: dict[str, Position] = field(default_factory=dict, compare=False, hash=False)
    language: bool = True  # `language: false` in the front matter: no prose checks
    # False when a required field is missing or wrong: the file is refused, but its authors,
    # images and links are still checked, so one run reports everything.
    complete: bool = True

    def sort_key(self) -> tuple[int, dt.date, str]:
        # Contributions without an order come after the numbered ones.
        return (self.order if self.order is not None else 2**31, self.date, self.id)


@dataclass(frozen=True)
class Adoption:
    """Who adopted an edition (the municipalities own it), and when."""

    by: str
    on: dt.date
    decision: str | None = None  # the decision's reference, as the body registered it


@dataclass(frozen=True)
class Release:
    """One edition in editions.yaml: its name, the commit whose content it froze, its date."""

    edition: str
    commit: str
    date: dt.date
    adopted: Adoption | None = None
    note: str | None = None
    content: str | None = None  # the inputs' content digest when it was released
    position: Position = Position()


@dataclass(frozen=True)
class Project:
    """A loaded document project: everything that was readable, plus what was wrong with it."""

    root: Path
    settings: Settings | None
    sections: tuple[Section, ...]
    participants: dict[str, Participant]
    contributions: tuple[Contribution, ...]
    themes: tuple[str, ...]
    diagnostics: tuple[Diagnostic, ...]
    unreadable: tuple[str, ...] = ()  # contribution paths that could not be loaded at all
    hidden: tuple[str, ...] = ()  # .md paths under contributions/ left out for a leading dot
    releases: tuple[Release, ...] = ()  # editions.yaml, oldest first
    message_lang: str = "en"  # the language diagnostics are written in

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.is_error)

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if not d.is_error)

    def section_for_theme(self, theme: str) -> Section | None:
        return next((s for s in self.sections if theme in s.themes), None)
