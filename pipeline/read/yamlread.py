"""YAML with line numbers: front matter splitting, composing and typed field reading.

ruamel.yaml's `compose()` gives nodes with their source positions and never constructs
values, so an alias bomb is not expanded and `2017-02-30` does not throw. Every problem
becomes a diagnostic at the file's own line and column (1-based), never an exception.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..core.diagnostics import Reporter, suggest
from ..core.messages import Message, _
from ..core.model import Position

_FENCE = re.compile(r"^---[ \t]*$")
_CLOSE = re.compile(r"^(---|\.\.\.)[ \t]*$")
MAX_YAML_DEPTH = 20
# Indicators that open a nested block on the same line: `- - x`, `? key`, `: value`.
_COMPACT = re.compile(r"[-?:](?=[ \t]|$)[ \t]*")
# What the parser's words usually mean for someone writing front matter.
YAML_HINTS = (
    ("mapping values are not allowed", "yaml-colon"),
    ("cannot start any token", "yaml-tab"),
    ("could not find expected ':'", "yaml-line"),
    ("did not find expected ',' or ']'", "yaml-list"),
)
# Word processors and phones turn typed quotes into typographic ones, which YAML reads as
# ordinary characters: `title: “Wat wij doen: een test”` then fails on its colon.
TYPOGRAPHIC_QUOTES = "\u201c\u201d\u201e\u201f\u2018\u2019\u201a\u201b\u00ab\u00bb\u2039\u203a"
_KEY_LINE = re.compile(r"^(?P<key>[ \t]*(?:-[ \t]+)?[^\s:#][^:]*:[ \t]+)(?P<value>.*?)[ \t]*$")


@dataclass(frozen=True)
class Split:
    """A Markdown file cut into its front matter and body."""

    front: str
    front_line: int  # 1-based line of the first front-matter line (after the opening '---')
    body: str
    body_line: int  # 1-based line where the body starts


def decode(data: bytes) -> str:
    """UTF-8 text with a BOM removed and CRLF/CR line endings turned into LF.

    Raises UnicodeDecodeError for bytes that are not UTF-8.
    """
    text = data.decode("utf-8")
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def line_of_offset(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def split_front_matter(text: str) -> Split | str:
    """The front matter and body of a Markdown file, or the code of what is wrong with it."""
    lines = text.split("\n")
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    if start == len(lines) or not _FENCE.match(lines[start]):
        return "RD103"
    for end in range(start + 1, len(lines)):
        if _CLOSE.match(lines[end]):
            front = "\n".join(lines[start + 1 : end])
            body = "\n".join(lines[end + 1 :])
            return Split(front, start + 2, body, end + 2)
    return "RD104"


_yaml = YAML(typ="safe", pure=False)


def too_deep(text: str) -> tuple[int, int] | None:
    """(line, column), 1-based, where YAML nests deeper than MAX_YAML_DEPTH, or None.

    ruamel's C parser recurses once per level and kills the process (a segmentation fault,
    no exception) at some thousands of levels, so this plain scan runs before any parser:
    every level is an indentation step, an indicator that opens a block on the same line
    (`- - x`) or a flow bracket. It errs towards counting too many levels, never too few;
    a real file stays far below the limit either way.
    """
    indents: list[int] = []
    flow = 0
    for number, line in enumerate(text.split("\n"), 1):
        content = line.lstrip(" ")
        if flow == 0 and content and not content.startswith("#"):
            indent = len(line) - len(content)
            while indents and indents[-1] >= indent:
                indents.pop()
            indents.append(indent)
            depth, position = len(indents), indent
            while depth <= MAX_YAML_DEPTH and (match := _COMPACT.match(line, position)):
                depth, position = depth + 1, match.end()
            if depth > MAX_YAML_DEPTH:
                return number, position + 1
        if not flow and "[" not in line and "{" not in line:
            continue
        for column, char in enumerate(line, 1):
            if char in "[{":
                flow += 1
                if len(indents) + flow > MAX_YAML_DEPTH:
                    return number, column
            elif char in "]}" and flow:
                flow -= 1
    return None


class YamlReader:
    """Composes one YAML text and reports its problems at positions in the original file."""

    def __init__(self, reporter: Reporter, path: str, first_line: int = 1) -> None:
        self.reporter = reporter
        self.path = path
        self.offset = first_line - 1

    def pos(self, node: Node) -> Position:
        mark = node.start_mark
        return Position(mark.line + 1 + self.offset, mark.column + 1)

    def compose(self, text: str) -> Node | None:
        """The root node, or None after reporting why there is none."""
        deep = too_deep(text)
        if deep is not None:
            line, col = deep
            self.reporter.add(
                "RD118", self.path, Position(line + self.offset, col), limit=MAX_YAML_DEPTH
            )
            return None
        try:
            root: Node | None = _yaml.compose(text)
        except MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            pos = Position(mark.line + 1 + self.offset, mark.column + 1) if mark else None
            lines = text.split("\n")
            quoted = (
                _typographic_value(lines[mark.line]) if mark and mark.line < len(lines) else None
            )
            if quoted is not None and pos is not None:
                quote, fix = quoted
                # where the value starts, not where YAML gave up on it
                at = Position(pos.line, lines[mark.line].index(quote) + 1)
                self.reporter.add("RD119", self.path, at, quote=quote, fix=fix)
                return None
            problem: str | Message = exc.problem or exc.context or _("invalid YAML")
            said = problem if isinstance(problem, str) else ""
            hint = next((kind for text, kind in YAML_HINTS if text in said), None)
            if hint:
                problem = _("{problem} ({hint})", problem=problem, hint=self.reporter.kind(hint))
            self.reporter.add("RD105", self.path, pos, problem=problem)
            return None
        except (YAMLError, RecursionError) as exc:
            self.reporter.add("RD105", self.path, Position(self.offset + 1), problem=str(exc))
            return None
        if root is not None and not self._is_tree(root):
            return None
        if root is not None:
            self._report_typographic_quotes(root, text.split("\n"))
        return root

    def _report_typographic_quotes(self, root: Node, lines: list[str]) -> None:
        """RD119 for a value YAML read but the writer meant as quoted: `title: “Hulp”` would
        print its quotes in the heading."""
        if not isinstance(root, MappingNode):
            return
        for _key, value in root.value:
            if not (isinstance(value, ScalarNode) and not value.style):  # plain, unquoted
                continue
            line = value.start_mark.line
            if not (value.value[:1] in TYPOGRAPHIC_QUOTES and _closes_at_end(value.value)):
                continue
            quoted = _typographic_value(lines[line]) if line < len(lines) else None
            if quoted is not None:
                quote, fix = quoted
                self.reporter.add("RD119", self.path, self.pos(value), quote=quote, fix=fix)

    def _is_tree(self, root: Node) -> bool:
        """Refuse aliases (a node reached twice), reporting where."""
        seen: set[int] = set()
        stack: list[tuple[Node, Node]] = [(root, root)]
        while stack:
            node, via = stack.pop()
            if id(node) in seen:
                self.reporter.add("RD109", self.path, self.pos(via))
                return False
            seen.add(id(node))
            # Pushed in reverse, so nodes are visited in document order and the second
            # visit of a node is the alias, not the anchor.
            if isinstance(node, MappingNode):
                for key, value in reversed(node.value):
                    stack.append((value, key))
                    stack.append((key, key))
            elif isinstance(node, SequenceNode):
                stack.extend((item, item) for item in reversed(node.value))
        return True

    def mapping(self, node: Node | None, what: str) -> dict[str, tuple[ScalarNode, Node]] | None:
        """The entries of a mapping by key, reporting duplicates and non-mappings."""
        if node is None:
            return {}
        if not isinstance(node, MappingNode):
            self.reporter.add(
                "RD106", self.path, self.pos(node), what=what, found=self.kind_of(node)
            )
            return None
        entries: dict[str, tuple[ScalarNode, Node]] = {}
        for key, value in node.value:
            if not isinstance(key, ScalarNode):
                self.reporter.add("RD105", self.path, self.pos(key), problem="a key must be text")
                continue
            if key.value in entries:
                first = self.pos(entries[key.value][0]).line
                self.reporter.add("RD111", self.path, self.pos(key), key=key.value, first=first)
                continue
            entries[key.value] = (key, value)
        return entries

    def kind_of(self, node: Node) -> Message | str:
        if isinstance(node, MappingNode):
            kind = "mapping"
        elif isinstance(node, SequenceNode):
            kind = "list"
        else:
            kind = {
                "tag:yaml.org,2002:int": "number",
                "tag:yaml.org,2002:float": "number",
                "tag:yaml.org,2002:bool": "boolean",
                "tag:yaml.org,2002:null": "nothing",
                "tag:yaml.org,2002:timestamp": "date",
            }.get(node.tag or "", "text")
        return self.reporter.kind(kind)


# A list of scalars, each with its position.
ScalarList = tuple[tuple[str, Position], ...]


class FieldError(Exception):
    """A value of the wrong shape; carries the diagnostic to report."""

    def __init__(
        self, code: str, node: Node | Position, suggestion: str | None = None, **params: object
    ):
        super().__init__(code)
        self.code = code
        self.node = node
        self.suggestion = suggestion
        self.params = params


Converter = Callable[["YamlReader", str, Node], object]


@dataclass(frozen=True)
class Field:
    """One key of a declared schema: how to read it and what to show when it is missing."""

    name: str
    read: Converter
    example: str
    required: bool = False


def read_fields(
    reader: YamlReader,
    entries: dict[str, tuple[ScalarNode, Node]],
    schema: tuple[Field, ...],
    missing_at: Position,
) -> tuple[dict[str, object], dict[str, Position]]:
    """Values of the schema's fields; every unknown, missing or malformed one is reported."""
    rep = reader.reporter
    known = {f.name: f for f in schema}
    values: dict[str, object] = {}
    positions: dict[str, Position] = {}
    typos: set[str] = set()
    for name, (key, value) in entries.items():
        field = known.get(name)
        meant = suggest(name, known) if field is None else None
        if meant is not None and meant not in entries and meant not in typos:
            # One mistake, one error: the field it was meant to be is not also "missing".
            typos.add(meant)
            rep.add("RD219", reader.path, reader.pos(key), key=name, fix=meant)
            continue
        if field is None:
            rep.add(
                "RD202",
                reader.path,
                reader.pos(key),
                suggest(name, known),
                key=name,
                allowed=", ".join(known),
            )
            continue
        positions[name] = reader.pos(value)
        if _is_empty(value):
            if field.required:
                rep.add("RD204", reader.path, reader.pos(key), key=name, example=field.example)
            continue
        try:
            values[name] = field.read(reader, name, value)
        except FieldError as exc:
            pos = exc.node if isinstance(exc.node, Position) else reader.pos(exc.node)
            rep.add(exc.code, reader.path, pos, exc.suggestion, **exc.params)
    for field in schema:
        if field.required and field.name not in entries and field.name not in typos:
            rep.add("RD201", reader.path, missing_at, key=field.name, example=field.example)
    return values, positions


def _typographic_value(line: str) -> tuple[str, str] | None:
    """(the quote, the line as it should be typed) when the value on a `key: value` line
    starts with a typographic quote; None otherwise."""
    match = _KEY_LINE.match(line)
    value = match["value"] if match else ""
    if not match or not value or value[0] not in TYPOGRAPHIC_QUOTES:
        return None
    # Quotes around the whole value were meant as YAML's; a quote that closes earlier is part
    # of the text (`„Nee” zeggen: hoe`), and the whole value goes between straight quotes.
    inner = value[1:-1] if _closes_at_end(value) else value
    straight = inner.replace("\\", "\\\\").replace('"', '\\"')
    return value[0], f'{match["key"].rstrip()} "{straight}"'


def _closes_at_end(value: str) -> bool:
    """Whether the typographic quote that opens `value` is closed by its last character and
    not before it."""
    middle = value[1:-1]
    return (
        len(value) > 1
        and value[-1] in TYPOGRAPHIC_QUOTES
        and not any(char in TYPOGRAPHIC_QUOTES for char in middle)
    )


def _is_empty(node: Node) -> bool:
    """Nothing, or nothing a reader can see: `title: !x`, a lone zero-width space."""
    if isinstance(node, ScalarNode):
        return node.tag == "tag:yaml.org,2002:null" or not any(map(_visible, node.value))
    return isinstance(node, SequenceNode | MappingNode) and not node.value


def _visible(char: str) -> bool:
    return unicodedata.category(char)[0] not in "CZ"


def _wrong(reader: YamlReader, key: str, node: Node, expected: str) -> FieldError:
    return FieldError(
        "RD203", node, key=key, expected=reader.reporter.kind(expected), found=reader.kind_of(node)
    )


def as_text(reader: YamlReader, key: str, node: Node) -> str:
    """Any scalar, as the text the user wrote (so `title: 2030` is the text '2030')."""
    if not isinstance(node, ScalarNode):
        raise _wrong(reader, key, node, "text")
    return " ".join(node.value.split())


def as_integer(reader: YamlReader, key: str, node: Node) -> int:
    if isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:int":
        try:
            return int(node.value.replace("_", ""), 0)
        except ValueError:
            pass
    raise _wrong(reader, key, node, "integer")


_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")


def as_date(reader: YamlReader, key: str, node: Node) -> dt.date:
    """A real calendar date written YYYY-MM-DD; a day-month-year date gets a suggestion."""
    if not isinstance(node, ScalarNode):
        raise _wrong(reader, key, node, "date")
    text = node.value.strip()
    match = _DATE.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
        try:
            return dt.date(year, month, day)
        except ValueError:
            reason = _("that day does not exist")
            raise FieldError("RD206", node, value=text, reason=reason) from None
    match = _DMY.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        reason = _("year first")
        try:
            fix = dt.date(year, month, day).isoformat()
        except ValueError:
            fix = None
        raise FieldError("RD206", node, fix, value=text, reason=reason)
    reason = _("for example {example}", example="2017-03-14")
    raise FieldError("RD206", node, value=text, reason=reason)


def as_scalar_list(reader: YamlReader, key: str, node: Node) -> ScalarList:
    """A list of scalars, each with its position so that later checks can point at it."""
    if isinstance(node, ScalarNode):
        # `authors: jdevries` (or `jdevries, kbakker`): show the line as a list.
        shown = ", ".join(part for part in re.split(r"[,\s]+", node.value) if part)
        wrong = _wrong(reader, key, node, "id-list")
        wrong.suggestion = f"{key}: [{shown}]"
        raise wrong
    if not isinstance(node, SequenceNode):
        raise _wrong(reader, key, node, "id-list")
    items: list[tuple[str, Position]] = []
    for item in node.value:
        if not isinstance(item, ScalarNode) or _is_empty(item):
            raise _wrong(reader, key, item, "text")
        items.append((item.value.strip(), reader.pos(item)))
    return tuple(items)
