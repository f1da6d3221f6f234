"""Which colour each piece of text in the Word and OpenDocument files is shown in, and on
what background: the pairs office.py's contrast check rates. Working that out takes most of
the files' styles, so they are read here, for the other checks as well (the outline level a
style gives, whether it sets text in a frame), with the XML names all of them use.

Colours are those the text is shown in: each run's (or span's) colour and background, as
its own formatting, its character style, its paragraph style, a table's header row and
cell shading, the document's defaults and the page give them, so a style that nothing uses
(pandoc's syntax colours: roledoc's code blocks have no language) does not count. A Word
theme colour is taken as the value Word wrote beside it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from ..core.colours import contrast
from ..core.messages import Message, _
from ..formats.officexml import Element

MAX_CHAIN = 32  # styles based on styles, followed this far (a loop ends there)
WHITE, BLACK = "FFFFFF", "000000"
NONE = "none"  # a background set to nothing: what lies below shows through

WORD = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "v": "urn:schemas-microsoft-com:vml",
    "o": "urn:schemas-microsoft-com:office:office",
    "adec": "http://schemas.microsoft.com/office/drawing/2017/decorative",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
    "dc": "http://purl.org/dc/elements/1.1/",
}
ODF = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
    "xlink": "http://www.w3.org/1999/xlink",
    "loext": "urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
}


def _q(spaces: dict[str, str], name: str) -> str:
    prefix, _colon, local = name.partition(":")
    return f"{{{spaces[prefix]}}}{local}"


def w(name: str) -> str:
    """A Word name ("w:p") as lxml spells it."""
    return _q(WORD, name)


def o(name: str) -> str:
    """An OpenDocument name ("text:h") as lxml spells it."""
    return _q(ODF, name)


@dataclass(frozen=True)
class Look:
    """What one style says about its text: its colour ("1B1B1B", "auto"), the background of
    its runs and of its paragraph or cell (a colour, NONE), a table's header row, the outline
    level it gives (0 = level 1), whether it sets text in a frame."""

    name: str
    based_on: str | None = None
    colour: str | None = None
    run_fill: str | None = None
    fill: str | None = None
    header_colour: str | None = None
    header_fill: str | None = None
    outline: int | None = None
    framed: bool | None = None
    automatic: bool = False  # an OpenDocument part's own style ("P1"), made from a named one


Looks = Callable[[str], "Look | None"]
Where = Message | None  # where a colour comes from: a style, the defaults, the text itself
Pairs = dict[tuple[str, str], list[Message]]  # (colour, background): where the text is in it


def inherited(looks: Looks, name: str | None, field: str) -> tuple[Any, Look | None]:
    """A style's `field`, from the first style of its chain (it, the one it is based on, ...)
    that sets it, and that style."""
    for _step in range(MAX_CHAIN):
        look = looks(name) if name is not None else None
        if look is None:
            break
        value = getattr(look, field)
        if value is not None:
            return value, look
        name = look.based_on
    return None, None


def _hex(value: str | None) -> str | None:
    """A colour as "RRGGBB", "auto" (the application's own), or None where it is none."""
    if value is None:
        return None
    value = value.strip().lstrip("#")
    if value.lower() == "auto":
        return "auto"
    return value.upper() if re.fullmatch(r"[0-9A-Fa-f]{6}", value) else None


def _first(*layers: tuple[Any, Where]) -> tuple[Any, Where]:
    """The first layer that sets a colour, and where it is set."""
    return next(((value, where) for value, where in layers if value is not None), (None, None))


def _ground(*layers: str | None) -> str | None:
    """The background of the first layer that has one (NONE: this one shows what is below)."""
    return next((fill for fill in layers if fill is not None and fill != NONE), None)


def _named(found: tuple[Any, Look | None]) -> tuple[Any, Where]:
    """A value and the name of the style that set it."""
    value, look = found
    return value, None if look is None else _("'{style}'", style=look.name)


def _seen(pairs: Pairs, colour: str | None, background: str | None, where: Message) -> None:
    background = background or WHITE
    if colour is None or colour == "auto":  # the application's own: black, or white on dark
        colour = max((BLACK, WHITE), key=lambda c: contrast(c, background))
    seen = pairs.setdefault((colour, background), [])
    if where not in seen:
        seen.append(where)


# Word's highlight colours, by name (ST_HighlightColor).
_HIGHLIGHTS = {
    "black": "000000", "blue": "0000FF", "cyan": "00FFFF", "green": "00FF00",
    "magenta": "FF00FF", "red": "FF0000", "yellow": "FFFF00", "white": "FFFFFF",
    "darkBlue": "000080", "darkCyan": "008080", "darkGreen": "008000",
    "darkMagenta": "800080", "darkRed": "800000", "darkYellow": "808000",
    "darkGray": "808080", "lightGray": "C0C0C0",
}  # fmt: skip


def word_at(node: Element | None, path: str) -> Element | None:
    """The first element at `path` ("w:rPr/w:color") in `node`, if there is one."""
    return None if node is None else node.find(path, WORD)


def paragraph_style(paragraph: Element, defaults: dict[str, str]) -> str | None:
    """The id of a paragraph's style: its own, or the default paragraph style."""
    return _val(word_at(paragraph, "w:pPr/w:pStyle")) or defaults.get("paragraph")


def _val(node: Element | None) -> str | None:
    return None if node is None else node.get(w("w:val"))


def word_on(node: Element) -> bool:
    """A Word on/off property: on unless its value says off."""
    return node.get(w("w:val"), "true").lower() not in ("0", "false", "off")


def _shading(node: Element | None) -> str | None:
    """The colour a w:shd fills with: its fill, or its pattern colour where solid."""
    if node is None:
        return None
    if node.get(w("w:val")) == "solid":
        return _hex(node.get(w("w:color"))) or BLACK
    fill = _hex(node.get(w("w:fill")))
    return NONE if fill in (None, "auto") or node.get(w("w:val")) == "nil" else fill


def outline_level(node: Element | None) -> int | None:
    value = _val(node) or ""
    return int(value) if value.isdigit() else None


def word_styles(styles: Element | None) -> tuple[dict[str, Look], dict[str, str], Look]:
    """Each style by its id, the default style of each type, and the document's defaults."""
    looks: dict[str, Look] = {}
    defaults: dict[str, str] = {}
    if styles is None:
        return looks, defaults, Look("")
    for style in styles.iter(w("w:style")):
        sid = style.get(w("w:styleId"), "")
        if style.get(w("w:default")) in ("1", "true", "on"):
            defaults.setdefault(style.get(w("w:type"), "paragraph"), sid)
        header = style.find("w:tblStylePr[@w:type='firstRow']", WORD)
        looks[sid] = Look(
            name=_val(word_at(style, "w:name")) or sid,
            based_on=_val(word_at(style, "w:basedOn")),
            colour=_hex(_val(word_at(style, "w:rPr/w:color"))),
            run_fill=_shading(word_at(style, "w:rPr/w:shd")),
            fill=_shading(word_at(style, "w:pPr/w:shd"))
            or _shading(word_at(style, "w:tcPr/w:shd")),
            header_colour=_hex(_val(word_at(header, "w:rPr/w:color"))),
            header_fill=_shading(word_at(header, "w:tcPr/w:shd")),
            outline=outline_level(word_at(style, "w:pPr/w:outlineLvl")),
            framed=True if word_at(style, "w:pPr/w:framePr") is not None else None,
        )
    base = styles.find("w:docDefaults/w:rPrDefault/w:rPr", WORD)
    colour = None if base is None else _hex(_val(base.find("w:color", WORD)))
    return looks, defaults, Look("", colour=colour)


def _header_row(row: Element, table: Element) -> bool:
    """The table's first row, where the table's look applies its style's first-row format
    (Word's own default look does)."""
    if table.find("w:tr", WORD) is not row:
        return False
    look = table.find("w:tblPr/w:tblLook", WORD)
    if look is None:
        return True
    if look.get(w("w:firstRow")) is not None:
        return look.get(w("w:firstRow")) in ("1", "true", "on")
    value = look.get(w("w:val"), "0020")
    return bool(int(value, 16) & 0x20) if re.fullmatch(r"[0-9A-Fa-f]{1,4}", value) else True


def word_colours(
    texts: dict[str, Element], looks: dict[str, Look], defaults: dict[str, str], base: Look
) -> Pairs:
    pairs: Pairs = {}
    get = looks.get
    direct, default = _("text formatted directly"), _("the default text")
    for root in texts.values():
        ground = root.find("w:background", WORD)
        page = None if ground is None else _hex(ground.get(w("w:color")))
        for run in root.iter(w("w:r")):
            if not "".join(t.text or "" for t in run.iterchildren(w("w:t"))).strip():
                continue
            own = run.find("w:rPr", WORD)
            hidden = word_at(own, "w:vanish")
            paragraph = next(run.iterancestors(w("w:p")), None)
            if paragraph is None or (hidden is not None and word_on(hidden)):
                continue
            p_style, r_style = paragraph_style(paragraph, defaults), _val(word_at(own, "w:rStyle"))
            cell = next(paragraph.iterancestors(w("w:tc")), None)
            t_style, header, cell_fill = None, False, None
            row = None if cell is None else next(cell.iterancestors(w("w:tr")), None)
            table = None if row is None else next(row.iterancestors(w("w:tbl")), None)
            if cell is not None and table is not None:
                t_style = _val(word_at(table, "w:tblPr/w:tblStyle")) or defaults.get("table")
                header = _header_row(row, table)
                cell_fill = _shading(word_at(cell, "w:tcPr/w:shd"))
            colour, where = _first(
                (_hex(_val(word_at(own, "w:color"))), direct),
                _named(inherited(get, r_style, "colour")),
                _named(inherited(get, p_style, "colour")),
                _named(inherited(get, t_style, "header_colour") if header else (None, None)),
                _named(inherited(get, t_style, "colour")),
                (base.colour, default),
            )
            if header:
                where = _("{style} in a table header row", style=where or default)
            background = _ground(
                _HIGHLIGHTS.get(_val(word_at(own, "w:highlight")) or ""),
                _shading(word_at(own, "w:shd")),
                inherited(get, r_style, "run_fill")[0],
                inherited(get, p_style, "run_fill")[0],
                _shading(word_at(paragraph, "w:pPr/w:shd")),
                inherited(get, p_style, "fill")[0],
                cell_fill,
                inherited(get, t_style, "header_fill")[0] if header else None,
                inherited(get, t_style, "fill")[0],
                page if page != "auto" else None,
            )
            _seen(pairs, colour, background, where or default)
    return pairs


def _odf_colour(properties: Element | None) -> str | None:
    if properties is None:
        return None
    if properties.get(o("style:use-window-font-color")) == "true":
        return "auto"
    return _hex(properties.get(o("fo:color")))


def _odf_fill(properties: Element | None) -> str | None:
    value = None if properties is None else properties.get(o("fo:background-color"))
    if value is None:
        return None
    return NONE if value == "transparent" else _hex(value)


def odf_looks(root: Element | None, where: str) -> dict[tuple[str, str], Look]:
    """The styles of one of a part's style sections, by family and name."""
    looks: dict[tuple[str, str], Look] = {}
    section = None if root is None else root.find(where, ODF)
    automatic = where.endswith("automatic-styles")
    for style in () if section is None else section.iterfind("style:style", ODF):
        name = style.get(o("style:name"), "")
        shown = style.get(o("style:display-name")) or name.replace("_20_", " ")
        text = style.find("style:text-properties", ODF)
        level = style.get(o("style:default-outline-level"), "")
        looks[style.get(o("style:family"), ""), name] = Look(
            name=shown,
            based_on=style.get(o("style:parent-style-name")),
            colour=_odf_colour(text),
            run_fill=_odf_fill(text),
            fill=_odf_fill(style.find("style:paragraph-properties", ODF))
            or _odf_fill(style.find("style:table-cell-properties", ODF)),
            outline=int(level) if level.isdigit() else None,
            automatic=automatic,
        )
    return looks


def odf_finder(
    common: dict[tuple[str, str], Look], automatic: dict[tuple[str, str], Look]
) -> Callable[[str], Looks]:
    """The styles of one family as a part sees them: its automatic ones, then the common ones."""

    def family(kind: str) -> Looks:
        return lambda name: automatic.get((kind, name)) or common.get((kind, name))

    return family


def odf_default(styles: Element | None) -> Look:
    """The default paragraph style's colour, and its language ("nl-NL") as its name."""
    found = (
        None
        if styles is None
        else styles.find(
            "office:styles/style:default-style[@style:family='paragraph']/style:text-properties",
            ODF,
        )
    )
    if found is None:
        return Look("")
    language = found.get(o("fo:language"), "")
    country = found.get(o("fo:country"), "")
    tag = f"{language}-{country}" if language and country and country != "none" else language
    return Look(tag, colour=_odf_colour(found))


def odf_page(styles: Element | None) -> str | None:
    layout = None if styles is None else styles.find(".//style:page-layout-properties", ODF)
    fill = _odf_fill(layout)
    return None if fill == NONE else fill


# What a paragraph holds that is not its own text: notes, frames, annotations have paragraphs
# of their own, which are walked as paragraphs.
_ELSEWHERE = {o(n) for n in ("text:note-body", "draw:frame", "office:annotation", "text:p")}
_ELSEWHERE |= {o("text:h"), o("draw:custom-shape")}
_SPANS = {o("text:span"), o("text:a")}


def _odf_pieces(node: Element, spans: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
    """The character styles of each piece of text in `node`, innermost last; a link without
    a style of its own is in LibreOffice's "Internet link"."""
    if (node.text or "").strip():
        yield spans
    for child in node:
        if child.tag in _SPANS:
            default = "Internet_20_link" if child.tag == o("text:a") else ""
            yield from _odf_pieces(child, (*spans, child.get(o("text:style-name"), default)))
        elif child.tag not in _ELSEWHERE and isinstance(child.tag, str):
            yield from _odf_pieces(child, spans)
        if (child.tail or "").strip():
            yield spans


def odf_colours(
    root: Element, find: Callable[[str], Looks], default: Look, page: str | None, pairs: Pairs
) -> None:
    texts, paragraphs, cells = find("text"), find("paragraph"), find("table-cell")
    base = _("the default text")
    for paragraph in root.iter(o("text:p"), o("text:h")):
        p_style = paragraph.get(o("text:style-name"))
        cell = next(paragraph.iterancestors(o("table:table-cell")), None)
        c_style = None if cell is None else cell.get(o("table:style-name"))
        rows = None if cell is None else cell.getparent().getparent()
        header = rows is not None and rows.tag == o("table:table-header-rows")
        p_colour, p_look = inherited(paragraphs, p_style, "colour")
        for spans in dict.fromkeys(_odf_pieces(paragraph, ())):
            colour, where = _first(
                *(_named(inherited(texts, span, "colour")) for span in reversed(spans)),
                _named((p_colour, p_look)),
                (default.colour, base),
            )
            background = _ground(
                *(inherited(texts, span, "run_fill")[0] for span in reversed(spans)),
                inherited(paragraphs, p_style, "run_fill")[0],
                inherited(paragraphs, p_style, "fill")[0],
                inherited(cells, c_style, "fill")[0],
                page,
            )
            if header:
                where = _("{style} in a table header row", style=where or base)
            _seen(pairs, colour, background, where or base)
