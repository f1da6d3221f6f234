"""Views of a reviewed Word file: its paragraphs as a reader sees them with some revisions
accepted and the others rejected.

Every revision rejected is the document as it was exported; every one accepted is the
reviewer's; accepting only the changes roledoc placed in the sources is what the sources must
render to afterwards (pipeline/review/importing.py compares exactly that). A paragraph whose
mark is absent in a view runs on into the next one, as Word shows it; a table row inserted or
deleted is present or not as a whole.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import NamedTuple

from .wordxml import NOTE, PLAIN, Char, Look, Paragraph, Revision

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
    index: int  # its index in that paragraph's characters


@dataclass
class ViewParagraph:
    pieces: list[Piece]
    physical: list[int]  # the physical paragraphs it is made of, in order
    heading: int | None
    level: int | None  # a list item's level
    cell: tuple[int, int, int] | None
    style: str
    signature: Signature | None = None  # worked out when first asked (signature())

    @property
    def text(self) -> str:
        return "".join(p.char.text for p in self.pieces)

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
    pieces: list[Piece] = []
    physical: list[int] = []
    order = list(indices)
    for position, number in enumerate(order):
        paragraph = paragraphs[number]
        if not row_present(paragraph, accept):
            continue
        physical.append(number)
        plain = _plain_pieces(paragraph, number)
        if plain is not None:
            pieces.extend(plain)
        else:
            append = pieces.append
            for index, char in enumerate(paragraph.chars):
                inserted, deleted, restyled = char.inserted, char.deleted, char.restyled
                if inserted is not None and not accept(inserted):
                    continue
                if deleted is not None and accept(deleted):
                    continue
                look = char.look if restyled is None or accept(restyled) else char.was
                append(Piece(char, look, number, index))
        following = order[position + 1] if position + 1 < len(order) else None
        forced = (
            following is None
            or following != number + 1
            or paragraphs[following].cell != paragraph.cell
            or not row_present(paragraphs[following], accept)
        )
        present = mark_present(paragraph, accept)
        if forced and not present and not pieces and out and physical == [number]:
            out[-1].physical.append(number)  # wholly absent here: no paragraph of its own
            physical = []
            continue
        if present or forced:
            styled = paragraph.restyled is None or accept(paragraph.restyled)
            out.append(
                ViewParagraph(
                    pieces,
                    physical,
                    paragraph.heading if styled else paragraph.was_heading,
                    paragraph.level if styled else paragraph.was_level,
                    paragraph.cell,
                    paragraph.style if styled else paragraph.was_style,
                )
            )
            pieces, physical = [], []
    return out


def _plain_pieces(paragraph: Paragraph, number: int) -> list[Piece] | None:
    """A paragraph's characters when no revision touches them (the same in every view),
    worked out once per paragraph; None when some revision does."""
    known = paragraph.cached
    if known is not None and known[0] == number:
        return known[1]
    touched = any(
        c.inserted is not None or c.deleted is not None or c.restyled is not None
        for c in paragraph.chars
    )
    pieces = (
        None if touched else [Piece(c, c.look, number, i) for i, c in enumerate(paragraph.chars)]
    )
    paragraph.cached = (number, pieces)
    return pieces


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
    for piece in paragraph.pieces:
        letter = piece.char.text
        if piece.char.decoration:  # a page number, a chapter number: not compared
            continue
        if letter in " \t\u00a0":
            if letters and letters[-1] not in " \n":
                letters.append(" ")
            continue
        if letter == "\n" and letters and letters[-1] == " ":
            letters.pop()
        if piece.look != PLAIN and letter != NOTE:
            looks.append((len(letters), piece.look))
        letters.append(letter)
    while letters and letters[-1] in " \n":
        letters.pop()
    return Signature(paragraph.kind, "".join(letters), tuple(looks))


def words(text: str) -> list[str]:
    return text.replace(NOTE, " ").split()
