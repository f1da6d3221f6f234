"""A rendered PDF read into lines, and each page's body without its running header and footer.

A PDF is read once into lines (`read_pdf`): each page's text in the order the content stream
draws it, fragments on one baseline joined into one line, with their height on the page, and
the images the page draws. Everything the acceptance run measures in a PDF (`hyphenation`,
`layout`) is a pure function of those lines, so the acceptance run (`pipeline.qa.accept`)
measures the example and the tests measure tiny PDFs.

Running header and footer are found, not configured: a line whose text (digits counted as
one digit) returns at the same height on at least half the pages (and two), or a line that
prints "Pagina X van Y" in the document's words. The rest of a page is its body.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

FURNITURE_SLACK = 2.0  # points a running line may move between pages
SAME_LINE = 1.0  # points: fragments this close in height are on one baseline


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
    has_labels = "/PageLabels" in reader.root_object
    labels = tuple(reader.page_labels) if has_labels else None
    return PdfLayout(pages, labels, tuple(_bookmarks(reader, reader.outline, 1)))


def _page_lines(page) -> list[Line]:
    lines: list[Line] = []
    parts: list[str] = []
    current: list[float] = []  # baseline and top of the line being collected

    def flush() -> None:
        if parts and "".join(parts).strip():
            lines.append(Line(current[1], current[0], " ".join("".join(parts).split())))
        parts.clear()

    def text(content: str, cm, tm, _font, size: float) -> None:
        baseline = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        scale = abs(tm[3] * cm[3]) or 1.0
        if not content.strip():
            # A space drawn on its own (Typst does so between two differently styled runs)
            # still separates the words around it; it never starts a line.
            if content and current and abs(current[0] - baseline) <= SAME_LINE:
                parts.append(" ")
            return
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
