"""Each chapter's last lines kept on one page in the Word and OpenDocument files.

filters/tails.lua wraps a chapter's tail (its last dozen lines or so) in a Div with the id
"roledoc-tail-N". The writers turn that into a bookmark around the tail (DOCX) or a section
holding it (ODT); here its paragraphs get keep-with-next and keep-together, the last one only
keep-together, and the wrapper goes. So a word processor moves the tail to the next page
whole rather than leave a few lines alone there: the page before ends a little earlier.
A chapter that ends in a table too long to keep whole has the table's last rows as its tail
("roledoc-tail-N-rows-K"): Word keeps a row with the next through its paragraphs;
OpenDocument has no such property for a row, so there only what follows the table is kept.

Unlike the PDF (pipeline/formats/balance.py) these files have no layout of their own to
look at first, so every chapter's tail is kept: it changes a page only where a chapter would
end with fewer lines than the tail holds.
"""

from __future__ import annotations

from copy import deepcopy

from .docxpackage import N as W
from .odfnames import N as O
from .officexml import Element, drop, prepend

PREFIX = "roledoc-tail-"

# Word

_BOOKMARK_START, _BOOKMARK_END = W("w:bookmarkStart"), W("w:bookmarkEnd")
_P, _PPR, _TBL, _TR = W("w:p"), W("w:pPr"), W("w:tbl"), W("w:tr")
_NAME, _ID = W("w:name"), W("w:id")
# CT_PPrBase is a sequence: keepNext and keepLines come right after pStyle, in this order
_BEFORE_KEEP = {W("w:pStyle"): 0, W("w:keepNext"): 1, W("w:keepLines"): 2}


def keep_docx_tails(body: Element) -> int:
    """Keep-with-next and keep-together on the paragraphs of each tail of `body`
    (word/document.xml), their bookmarks removed; returns how many tails there were."""
    starts = [
        found for found in body.iter(_BOOKMARK_START) if (found.get(_NAME) or "").startswith(PREFIX)
    ]
    for start in starts:
        ident = start.get(_ID)
        rows = _rows(start.get(_NAME) or "")
        # Kept with the next: every paragraph but those of the last unit, the last paragraph
        # or a table's last row (a row whose paragraph keeps with the next keeps with the row
        # or paragraph after it).
        units: list[list[Element]] = []
        for sibling in start.itersiblings():
            if sibling.tag == _BOOKMARK_END and sibling.get(_ID) == ident:
                break
            if sibling.tag == _P:
                units.append([sibling])
            elif sibling.tag == _TBL:
                table_rows = sibling.findall(_TR)
                if rows:  # a long table's last rows
                    table_rows, rows = table_rows[-rows:], 0
                units.extend(list(row.iter(_P)) for row in table_rows)
        for index, unit in enumerate(units):
            last = index == len(units) - 1
            for paragraph in unit:
                _keep_paragraph(
                    paragraph, ["w:keepLines"] if last else ["w:keepNext", "w:keepLines"]
                )
        for end in list(body.iter(_BOOKMARK_END)):
            if end.get(_ID) == ident:
                drop(end)
        drop(start)
    return len(starts)


def _rows(name: str) -> int:
    """K of a tail named "roledoc-tail-N-rows-K": the tail holds a long table's last K rows."""
    _, _, rows = name.partition("-rows-")
    return int(rows) if rows.isdigit() else 0


def _keep_paragraph(paragraph: Element, keeps: list[str]) -> None:
    properties = paragraph.find(_PPR)
    if properties is None:
        properties = W.make("w:pPr")
        prepend(paragraph, properties)
    for name in keeps:
        tag = W(name)
        if properties.find(tag) is not None:
            continue
        rank = _BEFORE_KEEP[tag]
        at = sum(1 for child in properties if _BEFORE_KEEP.get(child.tag, 9) < rank)
        element = W.make(name)
        if at == 0:
            prepend(properties, element)
        else:
            properties[at - 1].addnext(element)


# OpenDocument

_SECTION, _SECTION_NAME, _TABLE = O("text:section"), O("text:name"), O("table:table")
_TEXT_STYLE, _TABLE_STYLE = O("text:style-name"), O("table:style-name")
_STYLE, _STYLE_NAME, _FAMILY = O("style:style"), O("style:name"), O("style:family")
_PARAGRAPH_PROPERTIES = O("style:paragraph-properties")
_TABLE_PROPERTIES = O("style:table-properties")
_KEEP_NEXT, _KEEP_TOGETHER = O("fo:keep-with-next"), O("fo:keep-together")


def keep_odt_tails(content: Element) -> int:
    """The same for an OpenDocument's content.xml: each tail's paragraphs get automatic styles
    that keep them with the next and together, its tables keep with the next, and the
    section around it goes. Returns how many tails there were."""
    automatic = content.find(O("office:automatic-styles"))
    if automatic is None:
        automatic = O.make("office:automatic-styles")
        body = content.find(O("office:body"))
        assert body is not None
        body.addprevious(automatic)
    styles = _Styles(automatic)
    sections = [
        found
        for found in content.iter(_SECTION)
        if (found.get(_SECTION_NAME) or "").startswith(PREFIX)
    ]
    for section in sections:
        # Paragraphs and tables, a table as one (what is in its cells stays as it is). A long
        # table's last rows: an OpenDocument row cannot be kept with the next, so only what
        # follows the table is kept.
        partial = bool(_rows(section.get(_SECTION_NAME) or ""))
        blocks = [
            node
            for node in section.iter(O("text:p"), O("text:h"), O("table:table"))
            if not any(up.tag == _TABLE for up in node.iterancestors())
            and not (partial and node.tag == _TABLE)
        ]
        for index, node in enumerate(blocks):
            last = index == len(blocks) - 1
            if node.tag == _TABLE:
                if not last:
                    node.set(_TABLE_STYLE, styles.keeping(node.get(_TABLE_STYLE), "table", False))
            else:
                node.set(_TEXT_STYLE, styles.keeping(node.get(_TEXT_STYLE), "paragraph", last))
        _unwrap(section)
    return len(sections)


class _Styles:
    """Automatic styles that keep: one per style they are made from and kind of keeping."""

    def __init__(self, automatic: Element) -> None:
        self.automatic = automatic
        self.own = {found.get(_STYLE_NAME): found for found in automatic.iter(_STYLE)}
        self.made: dict[tuple[str | None, bool], str] = {}

    def keeping(self, name: str | None, family: str, last: bool) -> str:
        key = (name, last)
        if key in self.made:
            return self.made[key]
        made = f"Roledoc_Keep{'_Last' if last else ''}_{name or family}"
        source = self.own.get(name)
        if source is not None:  # an automatic style cannot be a parent: copy it
            style = deepcopy(source)
            style.set(_STYLE_NAME, made)
        else:
            attributes = {"style:name": made, "style:family": family}
            if name:
                attributes["style:parent-style-name"] = name
            style = O.make("style:style", attributes)
        tag = _TABLE_PROPERTIES if family == "table" else _PARAGRAPH_PROPERTIES
        properties = style.find(tag)
        if properties is None:
            kind = "table" if family == "table" else "paragraph"
            properties = O.make(f"style:{kind}-properties")
            style.append(properties)
        if family == "table" or not last:
            properties.set(_KEEP_NEXT, "always")
        if family == "paragraph":
            properties.set(_KEEP_TOGETHER, "always")
        self.automatic.append(style)
        self.made[key] = made
        return made


def _unwrap(section: Element) -> None:
    """The section's children in its place, the section gone."""
    for child in list(section):
        section.addprevious(child)
    drop(section)
