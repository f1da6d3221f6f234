"""Where each of the PDF's pages begins in the EPUB's text, for epubpages.py to put the page's
marker there. The PDF's text begins on the page its first bookmark leads to (`PdfPages`); before
it stand the title page and the contents, whose first page is the one that opens with the
e-book's contents title (`locate_pages`) and whose other pages are not sought, as the e-book's
text does not hold their entries. Every other page is found in the e-book's text by the words
its body begins with (`page_starts`; the tagged PDF marks the running header and footer as
artifacts, which are left out). A page whose opening is nowhere soon after the previous page's
(a page of a picture alone) is not found.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from .epub import OPS_TYPE, X
from .officexml import Element

WINDOW = 6  # words in a row, digits aside, that find where a page begins
OPENING = 60  # words of a page tried as its opening before the page counts as not found
CONFIRM = 40  # words within which the words after an opening must follow it
HORIZON = 10  # pages' worth of the e-book's words within which a page's start is sought
PREFIX = 3072  # bytes of a page's content, after its running header, read for its opening
_MARKS = re.compile(rb"(?<![^\s>\]])(BDC|BMC|EMC)(?![^\s/<\[(])")  # marked content, as operators
WORD = re.compile(r"[^\W_](?:[^\W_]|\u00ad)*")  # a soft hyphen stays inside its word


def locate_pages(
    pdf_pages: PdfPages, words: list[str], contents_title: str
) -> tuple[list[int | None], int | None]:
    """Where each page of the PDF begins among the e-book's `words` (`page_starts`), and
    which page is its contents page: the first before the text that opens with the contents'
    title (`contents_title`, the heading of the e-book's contents). Pages are read in part,
    then more of them where that did not find them; the contents pages are not sought, as the
    e-book's text does not hold their entries."""
    title = [_key(m[0]) for m in WORD.finditer(contents_title)]
    openings = [pdf_pages.opening(n) for n in range(len(pdf_pages.labels))]
    pages = [opening for opening, _whole in openings]
    whole = [complete for _opening, complete in openings]
    front = pdf_pages.text_from or len(pages)
    contents = next((n for n in range(front) if title and pages[n][: len(title)] == title), None)
    listing = (
        range(contents, max(pdf_pages.text_from, contents + 1))
        if contents is not None
        else range(0)
    )
    for n in listing:
        pages[n] = []
    starts = page_starts(pages, words, whole)
    again = [
        n for n, start in enumerate(starts) if start is None and not whole[n] and n not in listing
    ]
    size = PREFIX
    while again:  # not found by their opening: by more of their words
        size *= 4
        for n in again:
            pages[n], whole[n] = pdf_pages.opening(n, size)
        starts = page_starts(pages, words, whole)
        again = [n for n in again if starts[n] is None and not whole[n]]
    return starts, contents


class PdfPages:
    """The PDF's page labels ("i", "1"), and each page's body as words (`_key`): its text
    without what the tagged PDF marks as artifacts (running header and footer, dot leaders).
    A page's opening is read from the first bytes of its content, PREFIX at first, then four
    times as many (and so on) where that was not enough: pypdf reads a page of text whole in
    30 ms, its opening in 4 (at 1,300 pages: 10 s of work, most of it pypdf's)."""

    def __init__(self, pdf: Path) -> None:
        from pypdf import PdfReader

        reader = PdfReader(pdf)
        self.labels = list(reader.page_labels)
        self._pages = reader.pages
        self.text_from = _first_bookmarked(reader)

    def opening(self, index: int, size: int = PREFIX) -> tuple[list[str], bool]:
        """The words the page at `index` begins with, read from its first `size` bytes (to
        the end of a text object), and whether they are all its words."""
        from pypdf import PageObject
        from pypdf.generic import DecodedStreamObject, NameObject

        page = self._pages[index]
        contents = page.get_contents()
        data = b"" if contents is None else contents.get_data()
        data = data[_leading_artifact(data) :]  # Typst draws the running header first
        end = data.find(b"\nET", size)
        if end < 0:
            return _page_words(page), True
        part = PageObject(pdf=page.pdf)
        part.update(page)
        stream = DecodedStreamObject()
        stream.set_data(data[: end + 3])
        part[NameObject("/Contents")] = stream
        return _page_words(part)[:-1], False  # the last word may go on in the next text


def _leading_artifact(data: bytes) -> int:
    """Where the artifact a page's content begins with ends (0 where it begins otherwise)."""
    if not data.startswith(b"/Artifact"):
        return 0
    depth = 0
    for mark in _MARKS.finditer(data):
        depth += -1 if mark[1] == b"EMC" else 1
        if depth == 0:
            return mark.end()
    return 0


def _first_bookmarked(reader: Any) -> int:
    """The page the first bookmark leads to, where the text begins (before it: the title page
    and the contents); 0 without bookmarks. Read from the first item: the whole outline of a
    long document takes a second."""
    outlines = reader.trailer["/Root"].get("/Outlines")
    first = None if outlines is None else outlines.get_object().get("/First")
    target = None if first is None else first.get_object().get("/Dest")
    target = None if target is None else target.get_object()
    if target and hasattr(target[0], "idnum"):
        for index, page in enumerate(reader.pages):
            if (
                page.indirect_reference is not None
                and page.indirect_reference.idnum == target[0].idnum
            ):
                return index
    items = reader.outline  # a named destination or an action: resolved by pypdf
    if items and not isinstance(items[0], list):
        return max(0, reader.get_destination_page_number(items[0]) or 0)
    return 0


def _page_words(page: Any) -> list[str]:
    marks: list[bool] = []  # the marked-content sequences open: whether each is an artifact
    chunks: list[str] = []

    def operator(op: bytes, args: list, _cm: object, _tm: object) -> None:
        if op in (b"BDC", b"BMC"):
            marks.append(bool(args) and args[0] == "/Artifact")
        elif op == b"EMC" and marks:
            marks.pop()

    def text(content: str, *_state: object) -> None:
        if not content.strip():
            chunks.append(" ")  # a line's end separates words, wherever it is drawn
        elif not any(marks):
            chunks.append(content)

    page.extract_text(visitor_text=text, visitor_operand_before=operator)
    # Typst ends a hyphenated line with a soft hyphen; one inside a line is a hyphen there.
    joined = re.sub(r"\u00ad\s+", "", "".join(chunks)).replace("\u00ad", "-")
    return [_key(m[0]) for m in WORD.finditer(joined)]


def _key(word: str) -> str:
    return unicodedata.normalize("NFKC", word.replace("\u00ad", "")).casefold()


# Where a word stands: (document, element, "text" or "tail", offset in that string).
Spot = tuple[str, Element, str, int]


def text_words(trees: dict[str, Element]) -> tuple[list[str], list[Spot]]:
    """The words of the documents' bodies in reading order (`_key`), and where each stands;
    notes, navigation and hidden elements left out, as a page's opening never stands there."""
    words: list[str] = []
    spots: list[Spot] = []
    for name, root in trees.items():
        body = root.find(f"{X}body")
        if body is None:
            continue
        for element, slot in _slots(body):
            value = getattr(element, slot) or ""
            for found in WORD.finditer(value):
                words.append(_key(found[0]))
                spots.append((name, element, slot, found.start()))
    return words, spots


def _slots(element: Element) -> Iterator[tuple[Element, str]]:
    yield element, "text"
    for child in element:
        if isinstance(child.tag, str) and not _skipped(child):
            yield from _slots(child)
        yield child, "tail"


def _skipped(element: Element) -> bool:
    kinds = set((element.get(OPS_TYPE) or "").split())
    return (
        element.tag in {f"{X}nav", f"{X}script", f"{X}style"}
        or element.get("hidden") is not None
        or bool(kinds & {"footnotes", "footnote", "endnotes", "rearnotes"})
    )


def page_starts(
    pages: Sequence[Sequence[str]], words: Sequence[str], whole: Sequence[bool] | None = None
) -> list[int | None]:
    """For each page (its words, in order: all of them, or its opening where `whole` says
    False), the index in `words` where it begins, or None where it is not found.

    An opening is WINDOW words in a row, numbers aside (the PDF numbers lists and
    cross-references, the e-book does not), tried from each of the page's first OPENING
    words, after the previous page's start and within HORIZON pages' worth of words of it. It
    is confirmed by the page's next WINDOW words standing within CONFIRM words after it (a
    heading's words read as its entry in the contents, but what follows them does not), or,
    at the end of a page read whole, by half a window of them right after an opening that
    the page begins with; a page read in part without them is not found (and more of it is
    read). The words before an opening that the text has just before it are the page's too."""
    content = [i for i, word in enumerate(words) if not word.isdigit()]
    where: dict[str, list[int]] = {}
    for n, i in enumerate(content):
        where.setdefault(words[i], []).append(n)
    reach = HORIZON * len(content) // max(1, len(pages)) + OPENING
    text = _Text(words, content, where, reach)
    starts: list[int | None] = []
    floor = 0
    for n, page in enumerate(pages):
        start = text.page_start(page, floor, whole is None or whole[n])
        starts.append(start)
        if start is not None:
            floor = start + 1
    return starts


class _Text:
    """The e-book's words, and where each word that is not a number stands among them."""

    def __init__(
        self, words: Sequence[str], content: list[int], where: dict[str, list[int]], reach: int
    ) -> None:
        self.words = words
        self.content = content  # indices of `words` that are not numbers
        self.where = where  # word -> its indices in `content`, in order
        self.reach = reach  # how far after the previous page's start a page may begin

    def page_start(self, page: Sequence[str], floor: int, whole: bool) -> int | None:
        opening = [j for j, word in enumerate(page) if not word.isdigit()]
        lowest = bisect_left(self.content, floor)
        size = min(WINDOW, len(opening))
        for first in range(min(OPENING, len(opening) - size + 1)):
            window = [page[j] for j in opening[first : first + size]]
            rest = [page[j] for j in opening[first + size :]]
            for found in self.places(window, lowest, lowest + self.reach):
                start = self.content[found]
                for word in reversed(page[: opening[first]]):
                    if start > floor and self.words[start - 1] == word:
                        start -= 1
                # an opening that is the page's first words, or follows those just before it
                attached = first == 0 or start < self.content[found]
                if self.confirmed(rest, found + size, whole, attached):
                    return start
        return None

    def places(self, window: list[str], lowest: int, highest: int) -> Iterator[int]:
        """Every place (an index of `content`) from `lowest` to `highest` where `window`
        stands, in order; the window's rarest word is looked up, the others compared."""
        if not window:
            return
        anchor = min(range(len(window)), key=lambda j: len(self.where.get(window[j], ())))
        places = self.where.get(window[anchor], [])
        for n in places[bisect_left(places, lowest + anchor) :]:
            first = n - anchor
            if first > highest:
                return
            if first + len(window) <= len(self.content) and all(
                self.words[self.content[first + j]] == window[j] for j in range(len(window))
            ):
                yield first

    def confirmed(self, rest: list[str], after: int, whole: bool, attached: bool) -> bool:
        """Whether the page's words after its opening (`rest`) follow the opening's place
        (`after`, an index of `content`): one of their first windows within CONFIRM words.
        At the end of a page read whole, where the PDF's own words (a cross-reference's
        title and page) may leave no window: at least half a window of them, or all, right
        after an opening `attached` to the page's start."""
        if any(
            next(self.places(rest[shift : shift + WINDOW], after, after + CONFIRM + shift), None)
            is not None
            for shift in range(min(WINDOW, len(rest) - WINDOW + 1))
        ):
            return True
        if not whole or not attached:
            return False
        run = 0
        while (
            run < len(rest)
            and after + run < len(self.content)
            and self.words[self.content[after + run]] == rest[run]
        ):
            run += 1
        return run == len(rest) or run >= WINDOW // 2
