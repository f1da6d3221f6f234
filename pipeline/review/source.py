"""A contribution's Markdown as the characters a reader sees, each with its place in the file.

The body is read as every build reads it (GitHub's Markdown, BODY_FORMAT) with pandoc's
`sourcepos`, which gives every word, space and inline element its line and column. From that
each *leaf* (a paragraph, a heading, a list item's text, a table cell, a figure's caption, a
footnote's paragraph) becomes a list of *atoms*: the characters a reader sees, each with the
range of the file that makes it (`&amp;` is one character from five; `\\*` one from two) and
the inline elements around it (emphasis, links, code) with their delimiters. Leaves come in
the order the DOCX writer writes paragraphs, so the exported file's paragraphs pair with them
one to one; the contribution's title (front matter) is the first leaf.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from .wordxml import NOTE, OBJECT

ALERTS = {"note", "tip", "important", "warning", "caution"}
_FORMATTING = {
    "Strong": "strong",
    "Emph": "emph",
    "Strikeout": "strike",
    "Superscript": "sup",
    "Subscript": "sub",
    "Underline": "underline",
    "SmallCaps": "smallcaps",
}


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


def _lines(text: str) -> list[int]:
    starts = [0]
    for index, char in enumerate(text):
        if char == "\n":
            starts.append(index + 1)
    return starts


class _Positions:
    def __init__(self, text: str, offset: int) -> None:
        self.starts = _lines(text)
        self.offset = offset
        self.length = len(text)

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
            return self.offset + self.length
        return self.offset + min(self.starts[line - 1] + column - 1, self.length)


def read_sources(bodies: dict[str, str], staging: Path, reader: str) -> dict[str, dict]:
    """Every body's pandoc AST with source positions, in one pandoc process."""
    from ..formats.render import run_pandoc

    script = Path(__file__).with_name("sourcepos.lua")
    payload = json.dumps(
        {"format": reader + "+sourcepos", "items": bodies}, ensure_ascii=False
    ).encode("utf-8")
    output = run_pandoc(["lua", str(script)], staging, "markdown", 0, payload)
    return {key: json.loads(value) for key, value in json.loads(output).items()}


def source_text(text: str, body_start: int, ast: dict, title: Leaf | None) -> SourceText:
    walker = _Walker(text, body_start)
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


class _Walker:
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
        collector = _Inlines(self, container)
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


class _Inlines:
    """The atoms of a run of inlines."""

    def __init__(self, walker: _Walker, container: _Container) -> None:
        self.walker = walker
        self.container = container
        self.atoms: list[Atom] = []
        self.elements: list[Element] = []
        self.pending_break: tuple[Element, ...] | None = None

    def walk(self, inlines: list, context: tuple[Element, ...], where=None) -> None:
        for inline in inlines:
            self.inline(inline, context, where if len(inlines) == 1 else None)

    def add(self, text: str, start: int, end: int, context: tuple[Element, ...]) -> None:
        if self.pending_break is not None:
            previous = self.atoms[-1].end if self.atoms else start
            self.atoms.append(Atom(" ", previous, start, self.pending_break))
            self.pending_break = None
        self.atoms.append(Atom(text, start, end, context))

    def inline(self, inline: dict, context: tuple[Element, ...], where) -> None:
        kind, content = inline.get("t"), inline.get("c")
        text = self.walker.text
        positions = self.walker.positions
        if kind == "Span":
            attr, inner = content
            here = positions.range(attr) or where
            self.walk(inner, context, here)
        elif kind == "Str":
            if where is None:
                return  # no place in the file: not the participant's words
            self.string(content, where, context)
        elif kind == "Space":
            if where is not None:
                self.add(" ", where[0], where[1], context)
        elif kind == "SoftBreak":
            self.pending_break = context
        elif kind == "LineBreak":
            if where is not None:
                self.add("\n", where[0], where[1], context)
        elif kind in _FORMATTING:
            if where is None:
                self.walk(content, context)
                return
            delimiter = text[where[0]]
            size = 0
            while where[0] + size < where[1] and text[where[0] + size] == delimiter and size < 3:
                size += 1
            element = Element(
                _FORMATTING[kind], where[0], where[1], where[0] + size, where[1] - size
            )
            self.elements.append(element)
            self.walk(content, (*context, element))
        elif kind == "Link":
            attr, inner, (target, _title) = content
            here = positions.range(attr) or where
            if here is None:
                self.walk(inner, context)
                return
            closing = _closing_bracket(text, here[0], here[1])
            bracketed = text[here[0]] == "["
            element = Element(
                "link",
                here[0],
                here[1],
                here[0] + (1 if bracketed else 0),
                closing if bracketed and closing is not None else here[1],
                target,
            )
            self.elements.append(element)
            self.walk(inner, (*context, element))
        elif kind == "Image":
            attr = content[0]
            here = positions.range(attr) or where
            if here is not None:
                element = Element("image", here[0], here[1], here[0], here[1], content[2][0])
                self.elements.append(element)
                self.add(OBJECT, here[0], here[1], (*context, element))
        elif kind == "Code":
            attr, code = content
            here = positions.range(attr) or where
            if here is None:
                return
            raw = text[here[0] : here[1]]
            ticks = len(raw) - len(raw.lstrip("`"))
            inner_start, inner_end = here[0] + ticks, here[1] - ticks
            inner = text[inner_start:inner_end]
            if len(inner) > 2 and inner[0] == " " and inner[-1] == " " and inner.strip():
                inner_start, inner_end = inner_start + 1, inner_end - 1
            element = Element("code", here[0], here[1], inner_start, inner_end)
            self.elements.append(element)
            self.string(code, (inner_start, inner_end), (*context, element))
        elif kind == "Note":
            if where is None:
                return
            element = Element("note", where[0], where[1], where[0], where[1])
            atom = Atom(NOTE, where[0], where[1], (*context, element))
            self.add(NOTE, where[0], where[1], (*context, element))
            self.walker.note(content, atom)
        elif kind == "RawInline":
            if where is not None:
                self.string(content[1], where, context)
        elif kind == "Quoted":
            self.walk(content[1], context)

    def string(self, value: str, where: tuple[int, int], context: tuple[Element, ...]) -> None:
        """A Str's characters mapped onto the file's: equal ones one to one; an escape's
        backslash goes with the character after it; an entity is one character from several."""
        source = self.walker.text[where[0] : where[1]]
        if source == value:
            for index, letter in enumerate(value):
                self.add(letter, where[0] + index, where[0] + index + 1, context)
            return
        matcher = SequenceMatcher(None, value, source, autojunk=False)
        carry = None  # file characters not yet given to a visible one (a backslash)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                for k in range(i2 - i1):
                    start = where[0] + j1 + k
                    if carry is not None and k == 0:
                        start, carry = carry, None
                    self.add(value[i1 + k], start, where[0] + j1 + k + 1, context)
            elif op == "delete":  # visible characters the file does not spell out
                continue
            elif op == "insert":  # file characters that show nothing of their own
                carry = where[0] + j1 if carry is None else carry
            else:  # replace: the visible characters made by these file characters
                start = where[0] + j1 if carry is None else carry
                carry = None
                for k in range(i2 - i1):
                    if k == 0:
                        self.add(value[i1], start, where[0] + j2, context)
                    else:
                        self.add(value[i1 + k], where[0] + j2, where[0] + j2, context)
        if carry is not None and self.atoms:
            last = self.atoms[-1]
            self.atoms[-1] = Atom(last.text, last.start, where[1], last.context)


def _closing_bracket(text: str, start: int, end: int) -> int | None:
    """The `]` that closes a link's text opened at `start`."""
    depth = 0
    index = start
    while index < end:
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == "`":
            run = len(text[index:end]) - len(text[index:end].lstrip("`"))
            close = text.find("`" * run, index + run, end)
            index = close + run if close >= 0 else index + run
            continue
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth == 0:
                return index
        index += 1
    return None
