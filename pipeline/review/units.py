"""A reviewer's revisions in stories and units.

A *story* is one stretch of the reviewed file that belongs to one contribution (its title and
body, or one of its footnotes): its paragraphs as exported (every revision rejected), each
paired with the source *leaf* it was made from, character by character
(pipeline/review/source.py).

A *unit* is what is placed or not as a whole: the revisions of one paragraph, or of several
when a revision ties them together (a paragraph mark inserted or deleted, a move, a table
row).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .source import Leaf
from .views import ViewParagraph
from .wordmodel import Paragraph, Revision


@dataclass
class Story:
    """One contribution's paragraphs in one story of the file, paired with the source."""

    paragraphs: list[Paragraph]  # the whole story (the body, or one footnote)
    indices: list[int]  # this contribution's paragraphs in it
    old: list[ViewParagraph]  # as exported
    leaves: list[Leaf | None]  # per exported paragraph: the leaf it came from (None: roledoc's)
    atoms: list[list[int | None]]  # per exported paragraph, per character: its atom
    positions: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    heading_shift: int | None = None  # Word's heading level minus the source's
    rendered: list[int | None] = field(default_factory=list)  # per exported paragraph: its
    # place among the rendered source's paragraphs (None: roledoc's, or changed untracked)

    def __post_init__(self) -> None:
        for j, paragraph in enumerate(self.old):
            for k, piece in enumerate(paragraph.pieces):
                self.positions[(piece.paragraph, piece.index)] = (j, k)


@dataclass
class Unit:
    """Revisions that are placed together."""

    story: Story
    physical: list[int]  # its paragraphs (indices into story.paragraphs)
    revisions: set[int]
    authors: Counter = field(default_factory=Counter)
    first: int = 0  # its first revision's key: units keep the file's order

    @property
    def author(self) -> str:
        return self.authors.most_common(1)[0][0] if self.authors else ""

    def accepts(self, revision: Revision) -> bool:
        return revision.key in self.revisions


def units_of(story: Story) -> list[Unit]:
    """The story's revisions grouped into units: paragraphs joined by an inserted or deleted
    paragraph mark, a move, or a table row are one unit."""
    parent = {number: number for number in story.indices}

    def find(number: int) -> int:
        while parent[number] != number:
            parent[number] = parent[parent[number]]
            number = parent[number]
        return number

    def union(a: int, b: int) -> None:
        if a in parent and b in parent:
            parent[find(a)] = find(b)

    moves: dict[str, int] = {}
    rows: dict[tuple[int, int], int] = {}
    for position, number in enumerate(story.indices):
        paragraph = story.paragraphs[number]
        following = story.indices[position + 1] if position + 1 < len(story.indices) else None
        marked = paragraph.mark_inserted or paragraph.mark_deleted
        if (
            marked
            and following == number + 1
            and story.paragraphs[following].cell == paragraph.cell
        ):
            union(number, following)
        for char in paragraph.chars:
            for revision in (char.inserted, char.deleted):
                if revision is not None and revision.move:
                    if revision.move in moves:
                        union(number, moves[revision.move])
                    moves[revision.move] = number
        if paragraph.cell and (paragraph.row_inserted or paragraph.row_deleted):
            key = paragraph.cell[:2]
            if key in rows:
                union(number, rows[key])
            rows[key] = number
    groups: dict[int, Unit] = {}
    for number in story.indices:
        paragraph = story.paragraphs[number]
        revisions = revisions_of(paragraph)
        root = find(number)
        unit = groups.setdefault(root, Unit(story, [], set()))
        unit.physical.append(number)
        for revision in revisions:
            if revision.key not in unit.revisions:
                unit.revisions.add(revision.key)
                unit.authors[revision.author] += 1
                unit.first = min(unit.first or revision.key, revision.key)
    return sorted((u for u in groups.values() if u.revisions), key=lambda u: u.physical[0])


def revisions_of(paragraph: Paragraph) -> list[Revision]:
    """Every revision on a paragraph: its mark, style, row and characters."""
    found = [
        r
        for r in (
            paragraph.mark_inserted,
            paragraph.mark_deleted,
            paragraph.restyled,
            paragraph.row_inserted,
            paragraph.row_deleted,
        )
        if r is not None
    ]
    for char in paragraph.chars:
        found += [r for r in (char.inserted, char.deleted, char.restyled) if r is not None]
    return found
