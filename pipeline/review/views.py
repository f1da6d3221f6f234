"""Views of a reviewed Word file: its paragraphs as a reader sees them with some revisions
accepted and the others rejected.

Every revision rejected is the document as it was exported; every one accepted is the
reviewer's; accepting only the changes roledoc placed in the sources is what the sources must
render to afterwards (pipeline/review/verifying.py compares exactly that). A paragraph whose
mark is absent in a view runs on into the next one, as Word shows it; a table row inserted or
deleted is present or not as a whole.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

from .wordmodel import NOTE, Char, Look, Paragraph, Revision

Accept = Callable[[Revision], bool]


def reject_all(_revision: Revision) -> bool:
    return False


def accept_all(_revision: Revision) -> bool:
    return True


def char_present(char: Char, accept: Accept) -> bool:
    if char.inserted is not None and not accept(char.inserted):
        return False
    return char.deleted is None or not accept(char.deleted)


def mark_present(paragraph: Paragraph, accept: Accept) -> bool:
    if paragraph.mark_inserted is not None and not accept(paragraph.mark_inserted):
        return False
    return paragraph.mark_deleted is None or not accept(paragraph.mark_deleted)


def row_present(paragraph: Paragraph, accept: Accept) -> bool:
    if paragraph.row_inserted is not None and not accept(paragraph.row_inserted):
        return False
    return paragraph.row_deleted is None or not accept(paragraph.row_deleted)


def look_in(char: Char, accept: Accept) -> Look:
    return char.look if char.restyled is None or accept(char.restyled) else char.was


class Piece(NamedTuple):
    """A character as it stands in a view, and where it is in the file. (A tuple: a view
    makes one per character, and there are many.)"""

    char: Char
    look: Look
    paragraph: int  # index of its physical paragraph in the story
    # its index in that paragraph's characters (the field hides tuple.index, unused here)
    index: int  # type: ignore[assignment]


class ViewParagraph:
    """A paragraph as it reads in a view. Its characters are kept as parts (a physical
    paragraph that no revision touches is one part, its characters taken as they are), so
    that a view of a long document makes no object per character until one is asked for."""

    __slots__ = ("_pieces", "cell", "heading", "level", "parts", "physical", "signature", "style")

    def __init__(
        self,
        parts: list[tuple[Paragraph, int, list[Piece] | None]],
        physical: list[int],
        heading: int | None,
        level: int | None,
        cell: tuple[int, int, int] | None,
        style: str,
    ) -> None:
        self.parts = parts  # (paragraph, its number, its pieces; None: all its characters)
        self.physical = physical  # the physical paragraphs it is made of, in order
        self.heading = heading
        self.level = level  # a list item's level
        self.cell = cell
        self.style = style
        self.signature: Signature | None = None  # worked out when first asked (signature())
        self._pieces: list[Piece] | None = None

    @property
    def pieces(self) -> list[Piece]:
        if self._pieces is None:
            found: list[Piece] = []
            for paragraph, number, pieces in self.parts:
                if pieces is None:
                    found += [Piece(c, c.look, number, i) for i, c in enumerate(paragraph.chars)]
                else:
                    found += pieces
            self._pieces = found
        return self._pieces

    def characters(self) -> Iterator[tuple[Char, Look]]:
        """Each character with its look in this view, without making pieces."""
        for paragraph, _number, pieces in self.parts:
            if pieces is None:
                for char in paragraph.chars:
                    yield char, char.look
            else:
                for piece in pieces:
                    yield piece.char, piece.look

    @property
    def text(self) -> str:
        return "".join(char.text for char, _look in self.characters())

    @property
    def kind(self) -> tuple[str, int]:
        if self.heading is not None:
            return ("heading", self.heading)
        if self.level is not None:
            return ("item", self.level)
        return ("cell", 0) if self.cell is not None else ("paragraph", 0)


def view(
    paragraphs: list[Paragraph], accept: Accept, indices: Iterable[int]
) -> list[ViewParagraph]:
    """The paragraphs at `indices` (in order, of one story) as they read with the revisions
    `accept` accepts."""
    out: list[ViewParagraph] = []
    parts: list[tuple[Paragraph, int, list[Piece] | None]] = []
    physical: list[int] = []
    order = list(indices)
    for position, number in enumerate(order):
        paragraph = paragraphs[number]
        if not row_present(paragraph, accept):
            continue
        physical.append(number)
        if _untouched(paragraph):
            if paragraph.chars:
                parts.append((paragraph, number, None))
        else:
            pieces: list[Piece] = []
            append = pieces.append
            for index, char in enumerate(paragraph.chars):
                inserted, deleted, restyled = char.inserted, char.deleted, char.restyled
                if inserted is not None and not accept(inserted):
                    continue
                if deleted is not None and accept(deleted):
                    continue
                look = char.look if restyled is None or accept(restyled) else char.was
                append(Piece(char, look, number, index))
            if pieces:
                parts.append((paragraph, number, pieces))
        following = order[position + 1] if position + 1 < len(order) else None
        forced = (
            following is None
            or following != number + 1
            or paragraphs[following].cell != paragraph.cell
            or not row_present(paragraphs[following], accept)
        )
        present = mark_present(paragraph, accept)
        if forced and not present and not parts and out and physical == [number]:
            out[-1].physical.append(number)  # wholly absent here: no paragraph of its own
            physical = []
            continue
        if present or forced:
            styled = paragraph.restyled is None or accept(paragraph.restyled)
            out.append(
                ViewParagraph(
                    parts,
                    physical,
                    paragraph.heading if styled else paragraph.was_heading,
                    paragraph.level if styled else paragraph.was_level,
                    paragraph.cell,
                    paragraph.style if styled else paragraph.was_style,
                )
            )
            parts, physical = [], []
    return out


def _untouched(paragraph: Paragraph) -> bool:
    """No revision touches the paragraph's characters (worked out once per paragraph)."""
    if paragraph.cached is None:
        paragraph.cached = not any(
            c.inserted is not None or c.deleted is not None or c.restyled is not None
            for c in paragraph.chars
        )
    return paragraph.cached


@dataclass(frozen=True)
class Signature:
    """What a reader sees of a paragraph: its kind, its words, and how they look."""

    kind: tuple[str, int]
    text: str
    looks: tuple[tuple[int, Look], ...]  # (index in text, look) where the look is not plain


def signature(paragraph: ViewParagraph) -> Signature:
    """A paragraph compared as a reader sees it: white space collapsed and trimmed (no reader
    sees a second space or one at the paragraph's edge), the look of spaces ignored. Worked
    out once per view paragraph."""
    if paragraph.signature is None:
        paragraph.signature = _signature(paragraph)
    return paragraph.signature


def _signature(paragraph: ViewParagraph) -> Signature:
    letters: list[str] = []
    looks: list[tuple[int, Look]] = []
    for char, look in paragraph.characters():
        letter = char.text
        if char.decoration:  # a page number, a chapter number: not compared
            continue
        if letter in " \t\u00a0":
            if letters and letters[-1] not in " \n":
                letters.append(" ")
            continue
        if letter == "\n" and letters and letters[-1] == " ":
            letters.pop()
        if (look.marks or look.link) and letter != NOTE:
            looks.append((len(letters), look))
        letters.append(letter)
    while letters and letters[-1] in " \n":
        letters.pop()
    return Signature(paragraph.kind, "".join(letters), tuple(looks))


def words(text: str) -> list[str]:
    return text.replace(NOTE, " ").split()
