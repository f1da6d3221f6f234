"""A contribution's source as leaves, in the order the DOCX writer writes paragraphs: its title
(a scalar in the front matter, read character by character), then pandoc's blocks with their
source positions walked into paragraphs, headings, list items, table cells, captions, images,
code and rules, each footnote's leaves with the note. Where the body starts is found here too,
as check finds it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..text.githubtext import as_github_reads
from .atoms import Inlines
from .source import Atom, Leaf, Note, SourceText
from .wordmodel import OBJECT

ALERTS = {"note", "tip", "important", "warning", "caution"}


def _lines(text: str) -> list[int]:
    starts = [0]
    for index, char in enumerate(text):
        if char == "\n":
            starts.append(index + 1)
    return starts


class _Positions:
    """pandoc's line:column places in the body as the build reads it (the text with
    githubtext's additions), as offsets of the file's own characters."""

    def __init__(self, text: str, offset: int) -> None:
        self.read = as_github_reads(text)
        self.starts = _lines(self.read.text)
        self.offset = offset
        self.length = len(self.read.text)

    def range(self, attr: list) -> tuple[int, int] | None:
        value = dict(attr[2]).get("data-pos") if attr else None
        if not value:
            return None
        found = []
        for part in value.split(";"):  # a table gives several: take them all
            try:
                a, b = part.rsplit("@", 1)[-1].split("-")
                found.append((self.at(a), self.at(b)))
            except ValueError:
                return None
        return (min(a for a, _ in found), max(b for _, b in found)) if found else None

    def at(self, where: str) -> int:
        line, column = (int(n) for n in where.split(":"))
        if line - 1 >= len(self.starts):
            return self.offset + self.read.original(self.length)
        return self.offset + self.read.original(
            min(self.starts[line - 1] + column - 1, self.length)
        )


def source_text(text: str, body_start: int, ast: dict, title: Leaf | None) -> SourceText:
    walker = Walker(text, body_start)
    walker.blocks(ast.get("blocks", []), _Container())
    return SourceText(text, body_start, walker.leaves, walker.notes, title)


@dataclass(frozen=True)
class _Container:
    kind: str = ""  # "", item, quote, note
    level: int = 0
    quoted: bool = False
    marker: str = ""
    indent: str = ""
    item: tuple[int, int] | None = None
    note: int | None = None


class Walker:
    def __init__(self, text: str, body_start: int) -> None:
        self.text = text
        self.positions = _Positions(text[body_start:], body_start)
        self.leaves: list[Leaf] = []
        self.notes: list[Note] = []
        self.tables = 0
        self.sink = self.leaves

    # -- blocks ---------------------------------------------------------------------------

    def blocks(self, blocks: list, container: _Container, span: tuple[int, int] | None = None):
        for index, block in enumerate(blocks):
            self.block(block, container, index == 0, span if len(blocks) == 1 else None)

    def block(self, block: dict, container: _Container, first: bool, span) -> None:
        content: Any  # pandoc's JSON: its shape depends on the kind
        kind, content = block.get("t"), block.get("c")
        if kind == "Div":
            attr, inner = content
            classes = attr[1]
            here = self.positions.range(attr)
            if len(classes) == 1 and classes[0] in ALERTS:
                for index, child in enumerate(inner):
                    if index == 0 and child.get("t") == "Div":
                        self.leaf("furniture", [], container, here, first=False)
                    else:
                        self.block(child, container, index == 1, None)
                return
            for index, child in enumerate(inner):
                self.block(child, container, first and index == 0, here)
        elif kind in {"Para", "Plain"}:
            self.leaf("paragraph", content, container, span, first)
        elif kind == "Header":
            level, attr, inlines = content
            leaf = self.leaf("heading", inlines, container, self.positions.range(attr), first)
            leaf.level = level
        elif kind in {"BulletList", "OrderedList"}:
            items = content if kind == "BulletList" else content[1]
            for item in items:
                self.item(item, container)
        elif kind == "BlockQuote":
            inner = _Container(
                container.kind, container.level, True, "", "", container.item, container.note
            )
            self.blocks(content, inner)
        elif kind == "Table":
            self.table(content, container)
        elif kind == "Figure":
            _attr, caption, body = content
            images = [i for b in body for i in _inlines_of(b) if i.get("t") == "Image"]
            if images:
                image = images[0]
                where = self.positions.range(image["c"][0])
                atom = Atom(OBJECT, *(where or (0, 0)))
                leaf = self.add_leaf("image", [atom], container, where)
                leaf.block = self.block_lines(where) if where else None
            else:
                self.add_leaf("image", [], container, None)
            caption_blocks = caption[1]
            inlines = [i for b in caption_blocks for i in _inlines_of(b)]
            self.leaf("caption", inlines, container, None, False)
        elif kind == "CodeBlock":
            self.add_leaf("code", [], container, span)
        elif kind == "HorizontalRule":
            self.add_leaf("rule", [], container, span)
        elif kind in {"LineBlock", "DefinitionList", "RawBlock"}:
            self.add_leaf("code", [], container, span)

    def item(self, blocks: list, container: _Container) -> None:
        here = None
        for block in blocks:
            if block.get("t") == "Div":
                here = self.positions.range(block["c"][0])
                break
        line_start = self.text.rfind("\n", 0, here[0]) + 1 if here else 0
        before = self.text[line_start : here[0]] if here else ""
        stripped = before.lstrip(" >")
        indent = before[: len(before) - len(stripped)]
        inner = _Container(
            "item",
            container.level + 1,
            container.quoted,
            stripped,
            indent,
            (line_start, here[1]) if here else None,
            container.note,
        )
        for index, block in enumerate(blocks):
            self.block(block, inner, index == 0, None)

    def table(self, content: list, container: _Container) -> None:
        attr, _caption, _specs, head, bodies, _foot = content
        self.tables += 1
        where = self.positions.range(attr)
        rows = [row for row in head[1]]
        for body in bodies:
            rows += body[3]
        first_line = self.text.rfind("\n", 0, where[0]) + 1 if where else None
        for number, row in enumerate(rows):
            line = self.row_line(first_line, number)
            for column, cell in enumerate(row[1]):
                inlines = [i for b in cell[4] for i in _inlines_of(b)]
                leaf = self.leaf("cell", inlines, container, None, False)
                leaf.row, leaf.column, leaf.table, leaf.row_line = number, column, self.tables, line
                if not leaf.atoms and line is not None:
                    empty = _cell_span(self.text, line, column)
                    if empty is not None:
                        leaf.start = leaf.end = empty

    def row_line(self, first_line: int | None, number: int) -> tuple[int, int] | None:
        """A pipe table's row `number` (0: the header) is its line; the delimiter row is the
        second line."""
        if first_line is None:
            return None
        line = first_line
        for _ in range(number + (1 if number else 0)):
            line = self.text.find("\n", line) + 1
            if line == 0:
                return None
        end = self.text.find("\n", line)
        return (line, len(self.text) if end < 0 else end)

    # -- leaves ---------------------------------------------------------------------------

    def add_leaf(self, kind: str, atoms: list[Atom], container: _Container, where) -> Leaf:
        start, end = (atoms[0].start, atoms[-1].end) if atoms else (where or (0, 0))
        leaf = Leaf(kind, atoms, start, end)
        leaf.level = container.level if kind != "heading" else 0
        leaf.quoted = container.quoted
        leaf.marker, leaf.indent, leaf.item = container.marker, container.indent, container.item
        leaf.note = container.note
        if container.kind == "item" and kind != "heading":
            leaf.kind = "item" if kind == "paragraph" else kind
        self.sink.append(leaf)
        return leaf

    def leaf(self, kind: str, inlines: list, container: _Container, where, first: bool) -> Leaf:
        collector = Inlines(self)
        collector.walk(inlines, ())
        leaf = self.add_leaf(kind, collector.atoms, container, where)
        leaf.first_in_item = first and container.kind == "item"
        leaf.elements = collector.elements
        if leaf.atoms:
            leaf.block = self.block_lines((leaf.start, leaf.end))
        elif where:
            leaf.block = self.block_lines(where)
        return leaf

    def block_lines(self, where: tuple[int, int]) -> tuple[int, int]:
        """The lines a leaf stands on, from the start of its first to the end of its last."""
        start = self.text.rfind("\n", 0, where[0]) + 1
        end = self.text.find("\n", max(where[0], where[1] - 1))
        return (start, len(self.text) if end < 0 else end)

    def note(self, content: list, reference: Atom) -> None:
        number = len(self.notes)
        container = _Container("note", 0, False, "", "", None, number)
        outer, self.sink = self.sink, []
        self.blocks(content, container)
        leaves, self.sink = self.sink, outer
        label = self.text[reference.start : reference.end].strip("[]^")
        definition = None
        located = [leaf for leaf in leaves if leaf.atoms]
        if located:
            first = self.text.rfind("\n", 0, located[0].start) + 1
            last = self.text.find("\n", located[-1].end)
            definition = (first, len(self.text) if last < 0 else last)
        self.notes.append(Note(reference, leaves, label, definition))


def _inlines_of(block: dict) -> list:
    if block.get("t") in {"Para", "Plain"}:
        return block["c"]
    if block.get("t") == "Div":
        return [i for b in block["c"][1] for i in _inlines_of(b)]
    return []


def _cell_span(text: str, line: tuple[int, int], column: int) -> int | None:
    """Where an empty cell's content would go: the middle of its space between pipes."""
    row = text[line[0] : line[1]]
    pipes = [i for i, c in enumerate(row) if c == "|" and (i == 0 or row[i - 1] != "\\")]
    if row.lstrip().startswith("|"):
        pipes = pipes[1:] if pipes and row[: pipes[0]].strip() == "" else pipes
        left = next(i for i, c in enumerate(row) if c == "|")
        bounds = [left, *pipes]
    else:
        bounds = [-1, *pipes]
    if column + 1 >= len(bounds):
        return None
    a, b = bounds[column], bounds[column + 1]
    inner = row[a + 1 : b]
    return line[0] + a + 1 + (1 if inner.startswith(" ") else 0)


def find_body_start(text: str) -> int:
    """Where the body starts: after the front matter, found as check finds it."""
    from ..read.yamlread import split_front_matter

    split = split_front_matter(text)
    if isinstance(split, str):
        return 0
    at = 0
    for _line in range(split.body_line - 1):
        at = text.find("\n", at) + 1 or len(text)
    return at


def title_leaf(text: str) -> Leaf | None:
    """The contribution's title in its front matter, as characters: a plain, single-quoted or
    double-quoted scalar on the `title:` line."""
    from ..read.yamlread import split_front_matter

    split = split_front_matter(text)
    if isinstance(split, str):
        return None
    front_start = 0
    for _line in range(split.front_line - 1):
        front_start = text.find("\n", front_start) + 1
    match = re.search(r"^title:[ \t]*(.*?)[ \t]*$", split.front, re.MULTILINE)
    if match is None:
        return None
    start = front_start + match.start(1)
    value = match[1]
    atoms: list[Atom] = []
    if value[:1] == '"' and value.endswith('"') and len(value) >= 2:
        index = 1
        while index < len(value) - 1:
            char = value[index]
            if char == "\\" and index + 1 < len(value) - 1:
                escaped = value[index + 1]
                if escaped not in '"\\/':
                    return None
                atoms.append(Atom(escaped, start + index, start + index + 2))
                index += 2
                continue
            atoms.append(Atom(char, start + index, start + index + 1))
            index += 1
        quote = '"'
    elif value[:1] == "'" and value.endswith("'") and len(value) >= 2:
        index = 1
        while index < len(value) - 1:
            if value[index] == "'" and value[index + 1 : index + 2] == "'":
                atoms.append(Atom("'", start + index, start + index + 2))
                index += 2
                continue
            atoms.append(Atom(value[index], start + index, start + index + 1))
            index += 1
        quote = "'"
    else:
        if not value or value[0] in "&*!|>%@`{[" or " #" in value:
            return None
        atoms = [Atom(c, start + i, start + i + 1) for i, c in enumerate(value)]
        quote = ""
    leaf = Leaf("title", atoms, start, start + len(value))
    leaf.quote = quote  # type: ignore[attr-defined]
    return leaf
