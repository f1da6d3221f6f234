"""A contribution's Markdown as the characters a reader sees, each with its place in the file.

The body is read as every build reads it (GitHub's Markdown, BODY_FORMAT) with pandoc's
`sourcepos`, which gives every word, space and inline element its line and column. From that
each *leaf* (a paragraph, a heading, a list item's text, a table cell, a figure's caption, a
footnote's paragraph) becomes a list of *atoms*: the characters a reader sees, each with the
range of the file that makes it (`&amp;` is one character from five; `\\*` one from two) and
the inline elements around it (emphasis, links, code) with their delimiters. Leaves come in
the order the DOCX writer writes paragraphs, so the exported file's paragraphs pair with them
one to one; the contribution's title (front matter) is the first leaf.

This module holds that data and reads the bodies with pandoc; leaves.py walks pandoc's blocks
into leaves, atoms.py a leaf's inlines into atoms.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Element:
    """An inline element with delimiters: its whole range and its content's range."""

    kind: str  # strong, emph, strike, link, code, image, note, ...
    start: int
    end: int
    inner_start: int
    inner_end: int
    target: str | None = None

    @property
    def opening(self) -> tuple[int, int]:
        return (self.start, self.inner_start)

    @property
    def closing(self) -> tuple[int, int]:
        return (self.inner_end, self.end)


@dataclass(frozen=True)
class Atom:
    text: str  # the characters a reader sees (usually one)
    start: int  # the range of the file that makes them
    end: int
    context: tuple[Element, ...] = ()  # the elements around it, outermost first


@dataclass
class Leaf:
    kind: str  # title, heading, paragraph, item, cell, caption, image, code, rule, furniture
    atoms: list[Atom]
    start: int  # the leaf's text in the file (first atom to last), or where it would go
    end: int
    level: int = 0  # a heading's level in the source, a list item's depth
    block: tuple[int, int] | None = None  # the whole block this leaf is (for removal)
    item: tuple[int, int] | None = None  # a list item's range (marker included)
    marker: str = ""  # a list item's marker as written ("- ", "1. ")
    indent: str = ""  # what stands before the marker on its line
    quoted: bool = False  # inside a block quote
    first_in_item: bool = False
    row: int | None = None  # a table cell's row (0 = the header) and line
    row_line: tuple[int, int] | None = None
    column: int | None = None
    table: int | None = None
    note: int | None = None  # for a footnote's leaf: which note (in reading order)
    elements: list[Element] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(a.text for a in self.atoms)


@dataclass
class Note:
    """A footnote as the body refers to it: the reference's atom and its definition."""

    reference: Atom
    leaves: list[Leaf]
    label: str
    definition: tuple[int, int] | None  # the definition's lines in the file


@dataclass
class SourceText:
    """One contribution's file, LF line ends, with its leaves and footnotes."""

    text: str
    body_start: int
    leaves: list[Leaf]
    notes: list[Note]
    title: Leaf | None


def read_sources(bodies: dict[str, str], staging: Path, reader: str) -> dict[str, dict]:
    """Every body's pandoc AST with source positions, in one pandoc process."""
    from ..formats.render import run_pandoc

    script = Path(__file__).with_name("sourcepos.lua")
    payload = json.dumps(
        {"format": reader + "+sourcepos", "items": bodies}, ensure_ascii=False
    ).encode("utf-8")
    output = run_pandoc(["lua", str(script)], staging, "markdown", 0, payload)
    return {key: json.loads(value) for key, value in json.loads(output).items()}
