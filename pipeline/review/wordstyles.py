"""A Word file's styles (word/styles.xml): their names, heading levels, which are list styles,
and the marks (bold, italic, strikethrough, ...) a character style gives through its
`basedOn` chain; and the marks a run's own properties give."""

from __future__ import annotations

import re

from .wordpackage import W


def toggled_on(element) -> bool:
    """A toggle property (`<w:b/>`, `<w:b w:val="0"/>`) is on."""
    return element is not None and element.get(f"{W}val", "true") not in {"0", "false", "off"}


class Styles:
    """Style ids -> names, heading levels, list membership and character looks."""

    def __init__(self, root) -> None:
        self.names: dict[str, str] = {}
        self.outline: dict[str, int] = {}
        self.numbered: set[str] = set()
        self.marks: dict[str, frozenset[str]] = {}
        based: dict[str, str] = {}
        own_marks: dict[str, set[str]] = {}
        if root is None:
            return
        for style in root.findall(f"{W}style"):
            ident = style.get(f"{W}styleId", "")
            name = style.find(f"{W}name")
            self.names[ident] = name.get(f"{W}val", ident) if name is not None else ident
            parent = style.find(f"{W}basedOn")
            if parent is not None:
                based[ident] = parent.get(f"{W}val", "")
            level = style.find(f"{W}pPr/{W}outlineLvl")
            outline = small_number(level.get(f"{W}val") if level is not None else None)
            if outline is not None:
                self.outline[ident] = outline + 1
            if style.find(f"{W}pPr/{W}numPr/{W}numId") is not None:
                self.numbered.add(ident)
            if style.get(f"{W}type") == "character":
                own_marks[ident] = run_marks(style.find(f"{W}rPr"), with_underline=False)
        for ident in own_marks:
            marks, seen, current = set(), set(), ident
            while current and current not in seen:
                seen.add(current)
                marks |= own_marks.get(current, set())
                current = based.get(current, "")
            self.marks[ident] = frozenset(marks)

    def name(self, ident: str) -> str:
        return self.names.get(ident, ident)

    def heading(self, ident: str) -> int | None:
        """The heading level of a paragraph style (Word's "heading 2", pandoc's "Heading 2",
        a localised "Kop 2"), from its name or its outline level."""
        match = re.fullmatch(r"(?:heading|kop)\s*([1-9])", self.name(ident).strip(), re.I)
        if match:
            return int(match[1])
        return self.outline.get(ident)


def small_number(value: str | None) -> int | None:
    """A small decimal number in an attribute ("²" is a digit to str.isdigit, not to int)."""
    if value is None or not re.fullmatch(r"[0-9]{1,4}", value):
        return None
    return int(value)


def run_marks(rpr, with_underline: bool = True) -> set[str]:
    found: set[str] = set()
    if rpr is None:
        return found
    if toggled_on(rpr.find(f"{W}b")):
        found.add("strong")
    if toggled_on(rpr.find(f"{W}i")):
        found.add("emph")
    if toggled_on(rpr.find(f"{W}strike")) or toggled_on(rpr.find(f"{W}dstrike")):
        found.add("strike")
    align = rpr.find(f"{W}vertAlign")
    if align is not None and align.get(f"{W}val") in {"superscript", "subscript"}:
        found.add("sup" if align.get(f"{W}val") == "superscript" else "sub")
    underline = rpr.find(f"{W}u")
    if with_underline and underline is not None and underline.get(f"{W}val", "single") != "none":
        found.add("underline")
    return found
