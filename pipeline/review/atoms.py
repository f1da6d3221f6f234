"""A leaf's inlines (pandoc's, with source positions) as atoms: each character a reader sees
with the range of the file that makes it, and the inline elements around it (emphasis, links,
code, images, footnote references) with their delimiters. An escape's backslash goes with the
character after it; an entity is one character from several."""

from __future__ import annotations

from difflib import SequenceMatcher
from typing import TYPE_CHECKING, Any

from .source import Atom, Element
from .wordmodel import NOTE, OBJECT

if TYPE_CHECKING:
    from .leaves import Walker


_FORMATTING = {
    "Strong": "strong",
    "Emph": "emph",
    "Strikeout": "strike",
    "Superscript": "sup",
    "Subscript": "sub",
    "Underline": "underline",
    "SmallCaps": "smallcaps",
}


class Inlines:
    """The atoms of a run of inlines."""

    def __init__(self, walker: Walker) -> None:
        self.walker = walker
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
        content: Any  # pandoc's JSON: its shape depends on the kind
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
