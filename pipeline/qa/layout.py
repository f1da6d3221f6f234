"""Typography measured in a rendered PDF, from its lines (`pdflines`): page labels against
what the pages print, mostly empty pages, headings stranded at a page's foot, and the contents
and footers of a Word or OpenDocument file as LibreOffice printed it. Hyphenation is in
`hyphenation`.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..formats.office import nodes_of
from .fidelity import ast_text, tokens
from .pdflines import SAME_LINE, Bookmark, Line, PdfLayout, body_lines

_LEADERS = re.compile(r"^(?P<title>.*?\S)\s*(?:[.·…_]\s*){3,}(?P<page>[0-9A-Za-z]+)$")
_PLAIN_ENTRY = re.compile(r"^(?P<title>.*?\S)\s+(?P<page>[0-9]+|[ivxlcdm]+)$")
_NUMBERING = re.compile(r"^\d+(?:\.\d+)*\.?\s+")
MOSTLY_EMPTY = 0.5
# A chapter's last page filled less than this is its last few lines and white (about ten
# lines of forty), unless the whole chapter is on it.
A_FEW_LINES = 0.25


# Page labels and contents


@dataclass(frozen=True)
class Entry:
    """A line of the printed contents: a title and the page it names."""

    page: int  # index of the contents page that prints it
    title: str
    target: str  # the page number as printed


def footer_numbers(pages: Sequence[Sequence[Line]], footer: re.Pattern[str]) -> list[str | None]:
    """Per page, the X of the last "Pagina X van Y" it prints, or None."""
    found: list[str | None] = []
    for page in pages:
        matches = [m for line in page for m in footer.finditer(line.text)]
        found.append(matches[-1].group(1) if matches else None)
    return found


def contents_entries(
    pages: Sequence[Sequence[Line]], heading: Iterable[str] = (), leaders_only: bool = True
) -> list[Entry]:
    """The entries of the printed contents: lines "title .... N" (dot leaders). The contents
    are the page that prints one of the `heading` words as a line of its own (or, without
    one, the first page with such lines) and the pages right after it that hold entries.
    Without `leaders_only`, a line "title N" on those pages is an entry as well. A title that
    wraps is joined to its next line."""
    names = {" ".join(word.split()).casefold() for word in heading}
    start = next(
        (i for i, page in enumerate(pages) if any(_normal(ln.text) in names for ln in page)),
        None,
    )
    if start is None:
        start = next(
            (i for i, page in enumerate(pages) if any(_LEADERS.match(ln.text) for ln in page)),
            None,
        )
    if start is None:
        return []
    entries: list[Entry] = []
    for index in range(start, len(pages)):
        if index > start and not any(_LEADERS.match(line.text) for line in pages[index]):
            break
        entries.extend(_page_entries(index, pages[index], names, leaders_only))
    return entries


def contents_pages(pages: Sequence[Sequence[Line]], heading: Iterable[str]) -> set[int]:
    """The pages of the printed contents: those with its entries, and the page that prints
    its title (also when its entries show no page numbers)."""
    heading = list(heading)
    names = {_normal(word) for word in heading}
    found = {entry.page for entry in contents_entries(pages, heading, leaders_only=False)}
    titled = (i for i, page in enumerate(pages) if any(_normal(ln.text) in names for ln in page))
    first = next(titled, None)
    return found | ({first} if first is not None else set())


def _page_entries(index: int, page: Sequence[Line], names: set[str], leaders_only: bool):
    pending = ""
    for line in page:
        text = " ".join(line.text.split())
        if line.image or _normal(text) in names:
            pending = ""
            continue
        match = _LEADERS.match(text) or (None if leaders_only else _PLAIN_ENTRY.match(text))
        if match:
            yield Entry(index, _join(pending, match.group("title")), match.group("page"))
            pending = ""
        else:
            pending = _join(pending, text) if len(pending) < 200 else text


def _join(first: str, second: str) -> str:
    """Two lines of a wrapped title: a line that ends in a hyphen goes on without a space
    (a title such as "avg-01-persoonsgegevens-worden-..." wraps at its hyphens)."""
    if not first:
        return second
    return first + second if first.endswith("-") else f"{first} {second}"


def _normal(title: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", title).split()).casefold()


def _bare(title: str) -> str:
    return _NUMBERING.sub("", _normal(title))


@dataclass(frozen=True)
class LabelReport:
    has_labels: bool
    footers: int  # pages that print "Pagina X van Y"
    footer_mismatches: tuple[tuple[int, str, str], ...]  # (page index, X, label)
    entries: int
    entry_mismatches: tuple[tuple[str, str, str], ...]  # (title, printed, label of its page)
    unmatched: tuple[str, ...]  # entries no bookmark has the title of

    @property
    def ok(self) -> bool:
        return (
            self.has_labels
            and not self.footer_mismatches
            and not self.entry_mismatches
            and not self.unmatched
        )


def check_labels(layout: PdfLayout, footer: re.Pattern[str], contents: str) -> LabelReport:
    """Page labels against what the pages print: each footer's X, each contents entry's N
    against the label of the page its bookmark (same title) points to."""
    printed = footer_numbers(layout.pages, footer)
    footer_wrong = tuple(
        (i, x, layout.label(i)) for i, x in enumerate(printed) if x and x != layout.label(i)
    )
    entries = contents_entries(body_lines(layout.pages, footer), [contents])
    wrong, unmatched = [], []
    for entry in entries:
        mark = _bookmark_for(entry, layout)
        if mark is None:
            unmatched.append(entry.title)
        elif layout.label(mark.page) != entry.target:
            wrong.append((entry.title, entry.target, layout.label(mark.page)))
    return LabelReport(
        layout.labels is not None,
        sum(x is not None for x in printed),
        footer_wrong,
        len(entries),
        tuple(wrong),
        tuple(unmatched),
    )


def _bookmark_for(entry: Entry, layout: PdfLayout) -> Bookmark | None:
    """The bookmark with the entry's title; numbering aside when none has it exactly, and
    among equal titles the one whose page the entry names, else the first."""
    for normalise in (_normal, _bare):
        same = [b for b in layout.bookmarks if normalise(b.title) == normalise(entry.title)]
        named = [b for b in same if layout.label(b.page) == entry.target]
        if same:
            return (named or same)[0]
    return None


# Mostly empty pages


def page_fill(body: Sequence[Sequence[Line]]) -> list[float]:
    """Per page, how far down its body reaches, as a share of the text area: the span from
    the highest to the lowest body line or image of any page after the first."""
    rest = [line for page in body[1:] for line in page] or [line for page in body for line in page]
    if not rest:
        return [0.0 for _ in body]
    top = max(line.top for line in rest)
    foot = min(line.bottom for line in rest)
    height = max(top - foot, 1.0)
    return [
        max(0.0, min(1.0, (top - min(line.bottom for line in page)) / height)) if page else 0.0
        for page in body
    ]


def chapter_starts(layout: PdfLayout, body: Sequence[Sequence[Line]]) -> set[int]:
    """Pages that a top-level bookmark's heading begins: no body text above its destination."""
    starts = set()
    for mark in layout.bookmarks:
        if mark.level != 1:
            continue
        above = [
            line
            for line in body[mark.page]
            if mark.top is not None and line.bottom > mark.top + SAME_LINE
        ]
        if not above:
            starts.add(mark.page)
    return starts


def mostly_empty(fill: Sequence[float], chapters: set[int], contents_last: int | None) -> list[int]:
    """Pages filled less than half, except the title page and the contents' last page; a
    chapter's last page (the page before a chapter begins, and the document's last page) only
    when it holds a few lines (less than A_FEW_LINES) of a chapter that began on an earlier
    page. A chapter that fits on one page is allowed on a page of its own."""
    last = len(fill) - 1

    def too_empty(index: int, share: float) -> bool:
        if index in {0, contents_last}:
            return False
        if index == last or index + 1 in chapters:
            return share < A_FEW_LINES and index not in chapters
        return share < MOSTLY_EMPTY

    return [index for index, share in enumerate(fill) if too_empty(index, share)]


def empty_pages(
    layout: PdfLayout, footer: re.Pattern[str], contents: str | Iterable[str]
) -> tuple[list[int], list[float]]:
    """The mostly-empty pages of a PDF (indices) and every page's fill. `contents` is the
    title of the contents (or the titles it may have: a Word file's and an OpenDocument's)."""
    body = body_lines(layout.pages, footer)
    listed = contents_pages(body, [contents] if isinstance(contents, str) else contents)
    fill = page_fill(body)
    contents_last = max(listed) if listed else None
    return mostly_empty(fill, chapter_starts(layout, body), contents_last), fill


# Headings stranded at a page's foot


@dataclass(frozen=True)
class HeadingTexts:
    """What the document's AST says about its headings, to find them on the pages."""

    titles: tuple[str, ...]  # every heading, at any level
    followers: tuple[str, ...]  # bylines and status notes: between a heading and its text
    notes: tuple[str, ...]  # footnotes: at a page's foot, below its text


def heading_texts(ast: dict) -> HeadingTexts:
    """The headings, bylines, status notes and footnotes of a document's AST."""
    blocks = ast.get("blocks", [])
    followers = [
        ast_text(div["c"][1])
        for div in nodes_of(blocks, "Div")
        if {"byline", "status-note"} & set(div["c"][0][1])
    ]
    notes = [ast_text(note["c"]) for note in nodes_of(blocks, "Note")]
    return HeadingTexts(tuple(headings(ast, 6)), tuple(followers), tuple(notes))


@dataclass(frozen=True)
class Stranded:
    """A page whose text ends in headings: nothing of their text follows them there."""

    page: int  # index
    headings: tuple[str, ...]  # as the page prints them, the last chain of headings


_NOTE_START = re.compile(r"^\s*[0-9]+")
_HEADING_NUMBER = re.compile(r"^\d+(?:\.\d+)*\s+")  # "4.4 ", not a list's "4. "
_LIST_MARK = re.compile(r"^\s*[\u2022\uf0b7\u25e6\u25aa\u2023\u2013-]\s")  # bullets, dashes


def _key(text: str) -> str:
    """Text compared by its words alone: a heading's number, punctuation, case and hyphens
    aside. A list item is no heading: its key is empty."""
    if _LIST_MARK.match(text):
        return ""
    return " ".join(tokens(_HEADING_NUMBER.sub("", _normal(text))))


def stranded_headings(
    layout: PdfLayout,
    texts: HeadingTexts,
    footer: re.Pattern[str],
    contents: Iterable[str] = (),
) -> tuple[list[Stranded], int]:
    """The pages (not the title page, the contents or the last page) whose last body line
    is a heading, or a heading followed only by its byline, status note and the page's
    footnotes; and how many headings the pages print.

    A heading is a line, or two or three lines joined, that reads as the next heading of
    `texts.titles` or one of the few after it (one not found does not stop the search): so a
    line of text, a figure's own words or a table cell that happens to read as some heading
    elsewhere is not taken for one."""
    body = body_lines(layout.pages, footer)
    skip = {0} | contents_pages(body, contents)
    order = _HeadingOrder([_key(title) for title in texts.titles])
    followers = [_key(text) for text in texts.followers]
    notes = [_key(text) for text in texts.notes]
    found, stranded = 0, []
    for index, page in enumerate(body):
        if index in skip:
            continue
        lines = sorted(page, key=lambda line: -line.bottom)
        kinds, spans = _line_kinds(lines, order, followers, notes)
        found += len(spans)
        text = [n for n, kind in enumerate(kinds) if kind == "text"]
        last = text[-1] if text else -1
        chain = tuple(
            " ".join(line.text for line in lines[start:end]) for start, end in spans if start > last
        )
        if chain and index < len(body) - 1:
            stranded.append(Stranded(index, chain))
    return stranded, found


class _HeadingOrder:
    """The document's headings in order, found one after the other."""

    AHEAD = 8  # headings a match may skip: ones that were not found

    def __init__(self, keys: list[str]) -> None:
        self.keys = keys
        self.next = 0

    def take(self, key: str) -> bool:
        """Whether `key` is the next heading or one soon after it; if so, move past it."""
        window = self.keys[self.next : self.next + self.AHEAD]
        if not key or key not in window:
            return False
        self.next += window.index(key) + 1
        return True


def _line_kinds(
    lines: Sequence[Line], order: _HeadingOrder, followers: list[str], notes: list[str]
) -> tuple[list[str], list[tuple[int, int]]]:
    """Each line (top to bottom) as "heading", "follower", "note" or "text", and where each
    heading's lines start and end."""
    kinds = ["text"] * len(lines)
    spans: list[tuple[int, int]] = []
    at = 0
    while at < len(lines):
        size = next(
            (
                n
                for n in (1, 2, 3)
                if at + n <= len(lines)
                and not any(line.image for line in lines[at : at + n])
                and order.take(_key(" ".join(line.text for line in lines[at : at + n])))
            ),
            0,
        )
        if size:
            spans.append((at, at + size))
            kinds[at : at + size] = ["heading"] * size
        at += size or 1
    # Footnotes: the lines at the page's foot that are part of a footnote's text, from a
    # line that starts with its number.
    foot = len(lines)
    while foot > 0 and kinds[foot - 1] == "text" and _is_note_line(lines[foot - 1], notes):
        foot -= 1
    while foot < len(lines) and not _NOTE_START.match(lines[foot].text):
        foot += 1
    kinds[foot:] = ["note"] * (len(lines) - foot)
    # A byline or status note: right below its heading (or below another of them).
    for n in range(1, len(lines)):
        key = _key(lines[n].text)
        if (
            kinds[n] == "text"
            and kinds[n - 1] in {"heading", "follower"}
            and key
            and any(key in text for text in followers)
        ):
            kinds[n] = "follower"
    return kinds, spans


def _is_note_line(line: Line, notes: list[str]) -> bool:
    """Whether a line reads as part of a footnote: its words, or its number set apart."""
    if line.image:
        return False
    key = _key(_NOTE_START.sub("", line.text))
    if not key:
        return bool(_NOTE_START.match(line.text)) and not line.text.strip().strip("0123456789")
    return any(key in note for note in notes)


# Contents and footer of a document LibreOffice has rendered


@dataclass(frozen=True)
class OfficeReport:
    expected: int  # level-1 and level-2 headings
    matched: int  # of those, named by an entry of the contents
    entries: int
    with_footer: int  # pages after the first that print "Pagina X van Y"
    without_footer: tuple[int, ...]  # page indices

    @property
    def ok(self) -> bool:
        return self.entries > 0 and self.matched == self.expected and not self.without_footer


def check_office(
    layout: PdfLayout, headings: Sequence[str], footer: re.Pattern[str], contents: Iterable[str]
) -> OfficeReport:
    """The contents and footers of a DOCX or ODT as LibreOffice printed it to PDF."""
    entries = contents_entries(body_lines(layout.pages, footer), contents, leaders_only=False)
    listed = Counter(_bare(entry.title) for entry in entries)
    expected = Counter(_bare(title) for title in headings)
    matched = sum((expected & listed).values())
    printed = footer_numbers(layout.pages, footer)
    without = tuple(i for i, x in enumerate(printed) if i > 0 and x is None)
    return OfficeReport(
        sum(expected.values()), matched, len(entries), len(printed) - 1 - len(without), without
    )


def headings(ast: dict, deepest: int = 2) -> list[str]:
    """The titles of the headings down to level `deepest`, in order."""
    return [
        " ".join(ast_text(node["c"][2]).split())
        for node in nodes_of(ast.get("blocks", []), "Header")
        if node["c"][0] <= deepest
    ]
