"""Typography measured in a rendered PDF: hyphenation, page labels, emptiness, contents.

A PDF is read once into lines (`read_pdf`): each page's text in the order the content stream
draws it, fragments on one baseline joined into one line, with their height on the page, and
the images the page draws. Everything else here is a pure function of those lines, so the
acceptance run (`pipeline.qa.accept`) measures the example and the tests measure tiny PDFs.

Running header and footer are found, not configured: a line whose text (digits counted as
one digit) returns at the same height on at least half the pages (and two), or a line that
prints "Pagina X van Y" in the document's words. The rest of a page is its body.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from ..formats.office import nodes_of
from .fidelity import ast_text, drawn_hyphens, tokens

# Typst maps a glyph to one character per PDF: a line-end hyphen reads as soft or plain.
HYPHENS = "\u00ad\u2010-"  # hyphen-minus last: these go inside [...]
_WORD = re.compile(r"[^\W_]+")
_BROKEN_END = re.compile(rf"([^\W_]+)[{HYPHENS}]$")
_CONTINUED = re.compile(r"^([^\W_]+)")
_LEADERS = re.compile(r"^(?P<title>.*?\S)\s*(?:[.·…_]\s*){3,}(?P<page>[0-9A-Za-z]+)$")
_PLAIN_ENTRY = re.compile(r"^(?P<title>.*?\S)\s+(?P<page>[0-9]+|[ivxlcdm]+)$")
_NUMBERING = re.compile(r"^\d+(?:\.\d+)*\.?\s+")
# Quotes, brackets, bullets and dashes that may stand before a sentence's first word.
_OPENERS = set("\"'([{-\u201c\u2018\u201e\u201a\u00ab\u2039\u2022\u2013\u2014\u00b7")
_SENTENCE_END = set(".!?:…")
_ADDRESS = re.compile(r"\S+@\S+|\b[a-z][a-z0-9+.-]*://\S+|\bwww\.\S+")
FURNITURE_SLACK = 2.0  # points a running line may move between pages
SAME_LINE = 1.0  # points: fragments this close in height are on one baseline
MOSTLY_EMPTY = 0.5


@dataclass(frozen=True)
class Line:
    """A line of text (or an image) on a page; heights in PDF points from the page's foot."""

    top: float
    bottom: float
    text: str
    image: bool = False


@dataclass(frozen=True)
class Bookmark:
    title: str
    level: int  # 1 for a top-level item
    page: int  # index of the page, from 0
    top: float | None  # height of the destination on that page


@dataclass(frozen=True)
class PdfLayout:
    pages: tuple[tuple[Line, ...], ...]
    labels: tuple[str, ...] | None  # from /PageLabels; None when the PDF has none
    bookmarks: tuple[Bookmark, ...]

    def label(self, page: int) -> str:
        """What a viewer calls the page: its /PageLabels label, else its number from 1."""
        return self.labels[page] if self.labels else str(page + 1)


def read_pdf(pdf: Path) -> PdfLayout:
    """The lines, page labels and bookmarks of a PDF (pypdf)."""
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    pages = tuple(tuple(_page_lines(page)) for page in reader.pages)
    has_labels = "/PageLabels" in reader.trailer["/Root"]
    labels = tuple(reader.page_labels) if has_labels else None
    return PdfLayout(pages, labels, tuple(_bookmarks(reader, reader.outline, 1)))


def _page_lines(page) -> list[Line]:
    lines: list[Line] = []
    parts: list[str] = []
    current: list[float] = []  # baseline and top of the line being collected

    def flush() -> None:
        if parts and "".join(parts).strip():
            lines.append(Line(current[1], current[0], "".join(parts).strip()))
        parts.clear()

    def text(content: str, cm, tm, _font, size: float) -> None:
        if not content.strip():
            return
        baseline = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        scale = abs(tm[3] * cm[3]) or 1.0
        if current and abs(current[0] - baseline) <= SAME_LINE:
            current[1] = max(current[1], baseline + 0.7 * size * scale)
        else:
            flush()
            current[:] = [baseline, baseline + 0.7 * size * scale]
        parts.append(content.replace("\n", " "))

    images = _image_names(page)

    def operator(op: bytes, args, cm, _tm) -> None:
        # An image is drawn in the unit square that the current matrix maps onto the page.
        if op == b"Do" and args and str(args[0]) in images:
            low, high = sorted((cm[5], cm[5] + cm[3]))
            lines.append(Line(high, low, f"[image {args[0]}]", image=True))

    page.extract_text(visitor_text=text, visitor_operand_before=operator)
    flush()
    return lines


def _image_names(page) -> set[str]:
    resources = page.get("/Resources")
    xobjects = resources.get_object().get("/XObject") if resources is not None else None
    if xobjects is None:
        return set()
    xobjects = xobjects.get_object()
    return {str(k) for k, v in xobjects.items() if v.get_object().get("/Subtype") == "/Image"}


def _bookmarks(reader, items, level: int) -> Iterable[Bookmark]:
    for item in items:
        if isinstance(item, list):
            yield from _bookmarks(reader, item, level + 1)
            continue
        page = reader.get_destination_page_number(item)
        if page is None or page < 0:
            continue
        top = getattr(item, "top", None)
        yield Bookmark(str(item.title), level, page, float(top) if top is not None else None)


# Running header and footer


def footer_pattern(page_word: str, of_word: str) -> re.Pattern[str]:
    """ "Pagina X van Y" in the document's words: X and Y are the groups."""
    return re.compile(rf"\b{re.escape(page_word)}\s+(\S+)\s+{re.escape(of_word)}\s+(\S+)")


def _shape(line: Line) -> tuple[str, float]:
    return re.sub(r"\d+", "0", " ".join(line.text.split())), round(line.bottom)


def body_lines(
    pages: Sequence[Sequence[Line]], footer: re.Pattern[str] | None = None
) -> list[list[Line]]:
    """Each page without its running header and footer (see the module's rule)."""
    needed = max(2, (len(pages) + 1) // 2)
    heights: dict[str, list[float]] = {}
    for page in pages:
        for text, bottom in {_shape(line) for line in page}:
            heights.setdefault(text, []).append(bottom)
    # A running line stands at the same height on every page, give or take a rounding.
    furniture = [
        (text, at)
        for text, values in heights.items()
        if len(values) >= needed
        for at in set(values)
        if sum(abs(value - at) <= FURNITURE_SLACK for value in values) >= needed
    ]

    def is_furniture(line: Line) -> bool:
        # Part of a running line counts too: a page may draw the header's title and its
        # "CONCEPT" apart, so that they are not read as one line there.
        text, height = _shape(line)
        return any(
            abs(height - at) <= FURNITURE_SLACK and text in whole for whole, at in furniture
        ) or bool(footer and footer.search(line.text))

    return [[line for line in page if not is_furniture(line)] for page in pages]


# 1. Hyphenation


@dataclass(frozen=True)
class Break:
    """A word hyphenated at a line end: `before` ends the line, `after` starts the next."""

    page: int  # index of the page where the line ends
    before: str
    after: str
    context: str  # the two lines joined at the break, real hyphens as "-"
    offset: int  # where in `context` the break is

    @property
    def word(self) -> str:
        return self.before + self.after

    def __str__(self) -> str:
        return f"{self.before}-{self.after} p.{self.page + 1}"


def hyphen_breaks(body: Sequence[Sequence[Line]]) -> list[Break]:
    """Every line that ends in a hyphen inside a word and goes on with a letter or digit on
    the next body line (on the same page or the next)."""
    flat = [(index, line) for index, page in enumerate(body) for line in page if not line.image]
    found = []
    for (page, line), (_, following) in pairwise(flat):
        end = _BROKEN_END.search(line.text.rstrip())
        start = _CONTINUED.match(following.text.lstrip())
        if not end or not start:
            continue
        head = drawn_hyphens(line.text.rstrip()[:-1])
        context = head + drawn_hyphens(following.text.lstrip())
        found.append(Break(page, end.group(1), start.group(1), context, len(head)))
    return found


@dataclass(frozen=True)
class Vocabulary:
    """What the source says about its words (all case folded, NFKC)."""

    names: frozenset[str]  # proper names, one word each
    phrases: tuple[str, ...]  # names of more words: title, organisations, participants
    restricted: frozenset[str]  # only in table cells, headings, captions or bylines
    compounds: frozenset[tuple[str, str]]  # parts around a hyphen the source writes


def source_vocabulary(ast: dict, names: Iterable[str] = ()) -> Vocabulary:
    """The vocabulary of a document's pandoc AST plus the `names` it is known to use
    (participants and their organisations, the document's title and organisation).

    - A name word is a word the source writes with a capital inside a sentence (not at the
      start of a block or after . ! ? : …), or a capitalised word of one of `names`, unless
      the source also writes it in lower case ("Gemeente Eindhoven" makes "Eindhoven" a name,
      not "gemeente"). A municipality is the name after "Gemeente" in `names`, always a name.
    - A restricted word occurs only inside table cells, headings, figure captions or bylines
      (Div class "byline"). A word that also occurs in an ordinary paragraph is ambiguous:
      the PDF's text does not say where a break was, so it counts as allowed.
    - Compounds are the pairs of parts the source joins with a hyphen ("Geldrop-Mierlo"):
      a break there is at the writer's own hyphen, which is allowed.
    """
    ordinary: list[str] = []
    restricted: list[str] = []
    _blocks(ast.get("blocks", []), ordinary, restricted)
    names = [" ".join(name.split()) for name in names if name and name.strip()]
    everything = "\n".join([*ordinary, *restricted])
    capitals, lower = _capitalised(everything)
    for name in names:
        for word in _WORD.findall(unicodedata.normalize("NFKC", name)):
            if word[:1].isupper() and len(word) > 1:
                capitals.add(_key(word))
    municipalities = {
        _key(word)
        for name in names
        for match in re.finditer(r"\bGemeente\s+(\S+)", name)
        for word in _WORD.findall(match.group(1))
    }
    ordinary_words = set(tokens("\n".join(ordinary)))
    compounds = {
        (_key(a), _key(b))
        for text in (everything, *names)
        for a, b in re.findall(r"([^\W_]+)-(?=([^\W_]+))", unicodedata.normalize("NFKC", text))
    }
    return Vocabulary(
        names=frozenset((capitals - lower) | municipalities),
        phrases=tuple(sorted(set(names), key=len, reverse=True)),
        restricted=frozenset(set(tokens("\n".join(restricted))) - ordinary_words),
        compounds=frozenset(compounds),
    )


def _key(word: str) -> str:
    found = tokens(word)
    return found[0] if found else ""


def _blocks(blocks: list, ordinary: list[str], restricted: list[str]) -> None:
    for block in blocks:
        kind, content = block.get("t"), block.get("c")
        if kind in {"Header", "Table"}:
            restricted.append(ast_text(block))
        elif kind == "Figure":
            restricted.append(ast_text(content[1]))  # the caption; the image's alt is not shown
        elif kind == "Div" and "byline" in content[0][1]:
            restricted.append(ast_text(content[1]))
        elif kind in {"Div", "BlockQuote"}:
            _blocks(content[1] if kind == "Div" else content, ordinary, restricted)
        elif kind in {"BulletList", "OrderedList"}:
            for item in content if kind == "BulletList" else content[1]:
                _blocks(item, ordinary, restricted)
        else:
            ordinary.append(ast_text(block))


def _capitalised(text: str) -> tuple[set[str], set[str]]:
    """Words written with a capital inside a sentence, and words written in lower case
    (not counting addresses: "metropoolregio-eindhoven.example" is no lower-case word)."""
    capitals, lower = set(), set()
    text = _ADDRESS.sub(" ", unicodedata.normalize("NFKC", text))
    for line in text.splitlines():
        for match in _WORD.finditer(line):
            word = match.group()
            if word[:1].islower():
                lower.add(_key(word))
            elif word[:1].isupper() and len(word) > 1 and _inside_sentence(line, match.start()):
                capitals.add(_key(word))
    return capitals, lower


def _inside_sentence(line: str, start: int) -> bool:
    before = line[:start].rstrip()
    while before and before[-1] in _OPENERS:
        before = before[:-1].rstrip()
    return bool(before) and before[-1] not in _SENTENCE_END


@dataclass(frozen=True)
class Hyphenation:
    breaks: tuple[Break, ...]
    in_names: tuple[Break, ...]
    in_restricted: tuple[Break, ...]  # in words only tables, headings, captions, bylines have
    at_hyphens: tuple[Break, ...]  # at a hyphen the source writes: allowed


def classify_breaks(breaks: Iterable[Break], vocabulary: Vocabulary) -> Hyphenation:
    """Sort breaks into forbidden (in a name; in a restricted word) and allowed ones."""
    breaks = tuple(breaks)
    names, restricted, hyphens = [], [], []
    for item in breaks:
        word = _key(item.word)
        if (_key(item.before), _key(item.after)) in vocabulary.compounds:
            hyphens.append(item)
        elif word in vocabulary.names or _in_phrase(item, vocabulary.phrases):
            names.append(item)
        elif word in vocabulary.restricted:
            restricted.append(item)
    return Hyphenation(breaks, tuple(names), tuple(restricted), tuple(hyphens))


def _in_phrase(item: Break, phrases: Iterable[str]) -> bool:
    for phrase in phrases:
        pattern = r"\s+".join(re.escape(part) for part in drawn_hyphens(phrase).split())
        for match in re.finditer(pattern, item.context, re.IGNORECASE):
            if match.start() < item.offset < match.end():
                return True
    return False


# 2. Page labels and contents


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


# 3. Mostly empty pages


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
    """Pages filled less than half, except the title page, the contents' last page, the last
    page and a page whose next page begins a chapter."""
    last = len(fill) - 1
    return [
        index
        for index, share in enumerate(fill)
        if share < MOSTLY_EMPTY
        and index not in {0, last, contents_last}
        and index + 1 not in chapters
    ]


def empty_pages(
    layout: PdfLayout, footer: re.Pattern[str], contents: str
) -> tuple[list[int], list[float]]:
    """The mostly-empty pages of a PDF (indices) and every page's fill."""
    body = body_lines(layout.pages, footer)
    entries = contents_entries(body, [contents])
    fill = page_fill(body)
    contents_last = entries[-1].page if entries else None
    return mostly_empty(fill, chapter_starts(layout, body), contents_last), fill


# 4. Contents and footer of a document LibreOffice has rendered


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
