"""The Word and OpenDocument files' accessibility as their XML shows it (EN 301 549 clause 10,
WCAG 2.1 AA): title and language in the file's properties and styles, headings that are
outline levels and skip none, header rows marked on tables, alt text on every image, the
contrast of every text colour the document shows against its background, and a reading
order that is the order written (no text boxes or frames floating out of the flow,
pictures in line with the text).

Colours are those the text is shown in: each run's (or span's) colour and background, as
its own formatting, its character style, its paragraph style, a table's header row and
cell shading, the document's defaults and the page give them, so a style that nothing uses
(pandoc's syntax colours: roledoc's code blocks have no language) does not count. A Word
theme colour is taken as the value Word wrote beside it. Large text is held to 4.5:1 too.

Whether an image holds text cannot be told from the file; a person has to look. The package
is checked against read.packages' limits before a part is read, and each part is parsed
without entities or network (officexml.parse).
"""

from __future__ import annotations

import math
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

from ..core.colours import contrast
from ..core.messages import Message, _
from ..formats.officexml import Element, parse
from ..read.packages import check_package
from . import Check

AA = 4.5  # WCAG 2.1 SC 1.4.3, for text of any size
MAX_CHAIN = 32  # styles based on styles, followed this far (a loop ends there)
SHOWN = 60  # characters of a heading named in a detail
WHITE, BLACK = "FFFFFF", "000000"
NONE = "none"  # a background set to nothing: what lies below shows through

_WORD = {
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
_ODF = {
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


def _w(name: str) -> str:
    """A Word name ("w:p") as lxml spells it."""
    return _q(_WORD, name)


def _o(name: str) -> str:
    """An OpenDocument name ("text:h") as lxml spells it."""
    return _q(_ODF, name)


@dataclass(frozen=True)
class _Look:
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


Looks = Callable[[str], "_Look | None"]
Where = Message | None  # where a colour comes from: a style, the defaults, the text itself
Pairs = dict[tuple[str, str], list[Message]]  # (colour, background): where the text is in it


def docx_checks(path: Path, title: str, lang: str) -> list[Check]:
    """The Word file at `path`, whose title and language should be `title` and `lang`."""
    check_package(path, "docx")
    parts = _parts(path, _WORD_PART.fullmatch)
    styles = parts.get("word/styles.xml")
    looks, defaults, base = _word_styles(styles)
    document = parts.get("word/document.xml")
    texts = {name: root for name, root in parts.items() if _WORD_TEXT.fullmatch(name)}
    flow = [root for name, root in texts.items() if not _FURNITURE.match(name)]
    return [
        _word_identity(parts, styles, title, lang),
        _word_headings(document, looks, defaults),
        _word_tables(document),
        _word_images(texts, parts),
        _contrast("docx", _word_colours(texts, looks, defaults, base)),
        _word_order(flow, looks, defaults),
    ]


def odt_checks(path: Path, title: str, lang: str) -> list[Check]:
    """The OpenDocument file at `path`, whose title and language should be `title` and
    `lang`."""
    check_package(path, "odt")
    parts = _parts(path, lambda name: name in ("content.xml", "styles.xml", "meta.xml"))
    content, styles = parts.get("content.xml"), parts.get("styles.xml")
    body = None if content is None else content.find("office:body/office:text", _ODF)
    masters = None if styles is None else styles.find("office:master-styles", _ODF)
    common = _odf_looks(styles, "office:styles")
    inner = _odf_finder(common, _odf_looks(content, "office:automatic-styles"))
    outer = _odf_finder(common, _odf_looks(styles, "office:automatic-styles"))
    default = _odf_default(styles)
    page = _odf_page(styles)
    colours: Pairs = {}
    for root, find in ((body, inner), (masters, outer)):
        if root is not None:
            _odf_colours(root, find, default, page, colours)
    return [
        _odf_identity(parts.get("meta.xml"), default, title, lang),
        _odf_headings(body, inner),
        _odf_tables(body),
        _odf_images([root for root in (body, masters) if root is not None]),
        _contrast("odt", colours),
        _odf_order(body),
    ]


_WORD_TEXT = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml")
_WORD_PART = re.compile(
    r"word/(document|header\d*|footer\d*|footnotes|endnotes|styles)\.xml"
    r"|word/_rels/(document|header\d*|footer\d*|footnotes|endnotes)\.xml\.rels"
    r"|docProps/core\.xml"
)
_FURNITURE = re.compile(r"word/(header|footer)")


def _parts(path: Path, wanted: Callable[[str], Any]) -> dict[str, Element]:
    """The parts whose names are `wanted`, parsed (the package is checked already)."""
    with zipfile.ZipFile(path) as archive:
        return {
            info.filename: parse(archive.read(info))
            for info in archive.infolist()
            if wanted(info.filename)
        }


def _check(output: str, name: Message, problems: list[Message], fine: Message) -> Check:
    detail = problems[0] if len(problems) == 1 else fine
    if len(problems) > 1:
        detail = _("{first}; and {more} more", first=problems[0], more=len(problems) - 1)
    return Check(output, name, not problems, detail)


def _words(node: Element, tag: str) -> str:
    """The text of the `tag` elements in `node` (Word's w:t), shortened."""
    return _short("".join(t.text or "" for t in node.iter(tag)))


def _short(text: str) -> str:
    said = " ".join(text.split())
    return said if len(said) <= SHOWN else said[: SHOWN - 1] + "…"


def _inherited(looks: Looks, name: str | None, field: str) -> tuple[Any, _Look | None]:
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


# -- properties --------------------------------------------------------------------------------


def _same_language(found: str, lang: str) -> bool:
    return found.replace("_", "-").lower() == lang.replace("_", "-").lower()


def _identity(
    output: str, found_title: str, found_lang: str, styled: str, title: str, lang: str
) -> Check:
    problems = []
    if found_title.strip() != title:
        problems.append(_("the title in the file's properties is not the document's"))
    if not _same_language(found_lang, lang):
        problems.append(
            _("the language is {found}, not {lang}", found=found_lang or "-", lang=lang)
        )
    if not _same_language(styled, lang):
        problems.append(
            _("the styles' language is {found}, not {lang}", found=styled or "-", lang=lang)
        )
    fine = _("title and language {lang} set", lang=lang)
    return _check(output, _("title and language in the file's properties"), problems, fine)


def _word_identity(
    parts: dict[str, Element], styles: Element | None, title: str, lang: str
) -> Check:
    core = parts.get("docProps/core.xml")
    found_title = "" if core is None else core.findtext("dc:title", "", _WORD)
    found_lang = "" if core is None else core.findtext("dc:language", "", _WORD)
    language = None if styles is None else styles.find(".//w:rPrDefault/w:rPr/w:lang", _WORD)
    styled = "" if language is None else language.get(_w("w:val"), "")
    return _identity("docx", found_title, found_lang.strip(), styled, title, lang)


def _odf_identity(meta: Element | None, default: _Look, title: str, lang: str) -> Check:
    found_title = "" if meta is None else meta.findtext(".//dc:title", "", _ODF)
    found_lang = "" if meta is None else meta.findtext(".//dc:language", "", _ODF)
    return _identity("odt", found_title, found_lang.strip(), default.name, title, lang)


# -- headings ----------------------------------------------------------------------------------


def _headings(output: str, found: list[tuple[int | None, str]], not_headings: list[str]) -> Check:
    """`found`: each heading's level (1 = top, None: not in the outline) and words, in order;
    `not_headings`: the words of paragraphs styled as headings that are none."""
    problems = []
    outside = [words for level, words in found if level is None]
    if outside:
        problems.append(
            _(
                "{missing} of {headings} headings not in the outline, the first '{heading}'",
                missing=len(outside),
                headings=len(found),
                heading=outside[0],
            )
        )
    levels = [(level, words) for level, words in found if level is not None]
    if levels and levels[0][0] > 1:
        problems.append(
            _(
                "the first heading, '{heading}', is at level {level}, not 1",
                heading=levels[0][1],
                level=levels[0][0],
            )
        )
    skips = [(a, b, words) for (a, _w), (b, words) in pairwise(levels) if b > a + 1]
    if skips:
        previous, level, words = skips[0]
        problems.append(
            _(
                "{skips} of {headings} headings skip a level, the first '{heading}' from level "
                "{previous} to {level}",
                skips=len(skips),
                headings=len(found),
                heading=words,
                previous=previous,
                level=level,
            )
        )
    if not_headings:
        problems.append(
            _(
                "paragraphs styled as headings but not headings: {count}, the first '{text}'",
                count=len(not_headings),
                text=not_headings[0],
            )
        )
    fine = _("no headings")
    if levels:
        deepest = max(level for level, _w in levels)
        fine = _(
            "{headings} headings, levels 1 to {deepest}, none skipped",
            headings=len(found),
            deepest=deepest,
        )
    return _check(output, _("headings in the outline, no level skipped"), problems, fine)


_HEADING_NAME = re.compile(r"heading ([1-9])", re.IGNORECASE)  # Word's own heading styles


def _word_headings(document: Element | None, looks: dict[str, _Look], defaults: dict) -> Check:
    found: list[tuple[int | None, str]] = []
    for paragraph in () if document is None else document.iter(_w("w:p")):
        name = _paragraph_style(paragraph, defaults)
        own = _in(paragraph, "w:pPr/w:outlineLvl")
        outline = _outline(own) if own is not None else _inherited(looks.get, name, "outline")[0]
        look = looks.get(name or "")
        styled = look is not None and _HEADING_NAME.fullmatch(look.name) is not None
        level = outline + 1 if outline is not None and outline < 9 else None  # 9: body text
        if styled or level is not None:
            found.append((level, _words(paragraph, _w("w:t"))))
    return _headings("docx", found, [])


def _odf_headings(body: Element | None, find: Callable[[str], Looks]) -> Check:
    found: list[tuple[int | None, str]] = []
    not_headings = []
    paragraphs = find("paragraph")
    for node in () if body is None else body.iter(_o("text:h"), _o("text:p")):
        words = _short("".join(node.itertext()))
        if node.tag == _o("text:h"):
            level = node.get(_o("text:outline-level"), "")
            found.append((int(level) if level.isdigit() and int(level) > 0 else None, words))
            continue
        # A paragraph in a heading style (or in an automatic style made from one) that is
        # not a heading; a style based on a heading style (the contents' title) is not one.
        look = paragraphs(node.get(_o("text:style-name"), ""))
        made_from = paragraphs(look.based_on) if look and look.automatic and look.based_on else None
        if any(style is not None and style.outline for style in (look, made_from)):
            not_headings.append(words)
    return _headings("odt", found, not_headings)


# -- tables ------------------------------------------------------------------------------------


def _tables(output: str, headers: list[str | None]) -> Check:
    """`headers`: the words of each table's marked header row (None: no row is marked)."""
    unmarked = [number for number, words in enumerate(headers, 1) if words is None]
    empty = [number for number, words in enumerate(headers, 1) if words == ""]
    problems = []
    if unmarked:
        problems.append(
            _(
                "{missing} of {tables} tables without a marked header row, the first table "
                "{number}",
                missing=len(unmarked),
                tables=len(headers),
                number=unmarked[0],
            )
        )
    if empty:
        problems.append(
            _(
                "{missing} of {tables} tables whose header row holds no words, the first table "
                "{number}",
                missing=len(empty),
                tables=len(headers),
                number=empty[0],
            )
        )
    fine = _(
        "{marked} of {tables} tables with a marked header row",
        marked=len(headers),
        tables=len(headers),
    )
    return _check(output, _("table header rows marked"), problems, fine)


def _word_tables(document: Element | None) -> Check:
    headers: list[str | None] = []
    for table in () if document is None else document.iter(_w("w:tbl")):
        first = table.find("w:tr", _WORD)
        mark = None if first is None else first.find("w:trPr/w:tblHeader", _WORD)
        marked = first is not None and mark is not None and _on(mark)
        headers.append(_words(first, _w("w:t")) if marked else None)
    return _tables("docx", headers)


def _odf_tables(body: Element | None) -> Check:
    headers: list[str | None] = []
    for table in () if body is None else body.iter(_o("table:table")):
        rows = table.find("table:table-header-rows", _ODF)
        marked = rows is not None and rows.find("table:table-row", _ODF) is not None
        headers.append(_short("".join(rows.itertext())) if marked else None)
    return _tables("odt", headers)


# -- images ------------------------------------------------------------------------------------


def _images(output: str, images: list[tuple[str, str | None]]) -> Check:
    """`images`: each image's name and whether it is described ("alt", "decorative", None)."""
    missing = [name for name, said in images if said is None]
    decorative = sum(1 for _name, said in images if said == "decorative")
    problems = []
    if missing:
        problems.append(
            _(
                "{missing} of {images} images without alt text, the first {image}",
                missing=len(missing),
                images=len(images),
                image=missing[0],
            )
        )
    fine = _(
        "{described} of {images} images with alt text, {decorative} marked decorative",
        described=len(images) - decorative,
        images=len(images),
        decorative=decorative,
    )
    return _check(output, _("alt text on every image"), problems, fine)


_DECORATIVE = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"


def _word_images(texts: dict[str, Element], parts: dict[str, Element]) -> Check:
    images: list[tuple[str, str | None]] = []
    for name, root in texts.items():
        folder, _slash, file = name.rpartition("/")
        rels = parts.get(f"{folder}/_rels/{file}.rels")
        targets = {} if rels is None else {r.get("Id"): r.get("Target", "") for r in rels}
        for described in root.iter(_w("wp:docPr")):
            drawing = described.getparent()
            if next(drawing.iter(_w("w:txbxContent")), None) is not None:
                continue  # a text box: its words are text (and the reading order's concern)
            blip = next(drawing.iter(_w("a:blip")), None)
            target = "" if blip is None else targets.get(blip.get(_w("r:embed")), "")
            label = target.rpartition("/")[2] or described.get("name", "") or "-"
            mark = described.find(f"a:extLst/a:ext[@uri='{_DECORATIVE}']/adec:decorative", _WORD)
            said = "alt" if described.get("descr", "").strip() else None
            if said is None and mark is not None and mark.get("val") in ("1", "true"):
                said = "decorative"
            images.append((label, said))
        for data in root.iter(_w("v:imagedata")):
            if _fallback(data):  # the same picture as the DrawingML before it
                continue
            alt = data.getparent().get("alt", "") or data.get(_w("o:title"), "")
            images.append((data.getparent().get("id", "") or "-", "alt" if alt.strip() else None))
    return _images("docx", images)


def _odf_images(roots: list[Element]) -> Check:
    images: list[tuple[str, str | None]] = []
    for root in roots:
        for frame in root.iter(_o("draw:frame")):
            picture = frame.find("draw:image", _ODF)
            if picture is None:
                continue
            alt = frame.findtext("svg:title", "", _ODF) + frame.findtext("svg:desc", "", _ODF)
            said = "alt" if alt.strip() else None
            if said is None and frame.get(_o("loext:decorative")) == "true":
                said = "decorative"
            label = picture.get(_o("xlink:href"), "").rpartition("/")[2]
            images.append((label or frame.get(_o("draw:name"), "-"), said))
    return _images("odt", images)


# -- contrast ----------------------------------------------------------------------------------


def _contrast(output: str, pairs: Pairs) -> Check:
    name = _("colour contrast of the text (WCAG AA)")
    if not pairs:
        return Check(output, name, True, _("no text"))
    rated = sorted((contrast(fg, bg), fg, bg) for fg, bg in pairs)
    ratio, fg, bg = rated[0]
    failing = sum(1 for rate, _fg, _bg in rated if rate < AA)
    figures = {
        "ratio": math.floor(ratio * 10) / 10,  # 4.46 shows as 4.4, never as a passing 4.5
        "where": pairs[fg, bg][:4],
        "colour": f"#{fg}",
        "background": f"#{bg}",
    }
    if failing:
        problem = _(
            "{failing} of {colours} text colours under 4.5:1, lowest {ratio:.1f}:1 "
            "({where}: {colour} on {background})",
            failing=failing,
            colours=len(rated),
            **figures,
        )
        return Check(output, name, False, problem)
    fine = _(
        "{colours} text colours, lowest {ratio:.1f}:1 ({where}: {colour} on {background}); "
        "AA needs 4.5:1",
        colours=len(rated),
        **figures,
    )
    return Check(output, name, True, fine)


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


def _named(found: tuple[Any, _Look | None]) -> tuple[Any, Where]:
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


def _in(node: Element | None, path: str) -> Element | None:
    """The first element at `path` ("w:rPr/w:color") in `node`, if there is one."""
    return None if node is None else node.find(path, _WORD)


def _paragraph_style(paragraph: Element, defaults: dict[str, str]) -> str | None:
    """The id of a paragraph's style: its own, or the default paragraph style."""
    return _val(_in(paragraph, "w:pPr/w:pStyle")) or defaults.get("paragraph")


def _val(node: Element | None) -> str | None:
    return None if node is None else node.get(_w("w:val"))


def _on(node: Element) -> bool:
    """A Word on/off property: on unless its value says off."""
    return node.get(_w("w:val"), "true").lower() not in ("0", "false", "off")


def _shading(node: Element | None) -> str | None:
    """The colour a w:shd fills with: its fill, or its pattern colour where solid."""
    if node is None:
        return None
    if node.get(_w("w:val")) == "solid":
        return _hex(node.get(_w("w:color"))) or BLACK
    fill = _hex(node.get(_w("w:fill")))
    return NONE if fill in (None, "auto") or node.get(_w("w:val")) == "nil" else fill


def _outline(node: Element | None) -> int | None:
    value = _val(node) or ""
    return int(value) if value.isdigit() else None


def _word_styles(styles: Element | None) -> tuple[dict[str, _Look], dict[str, str], _Look]:
    """Each style by its id, the default style of each type, and the document's defaults."""
    looks: dict[str, _Look] = {}
    defaults: dict[str, str] = {}
    if styles is None:
        return looks, defaults, _Look("")
    for style in styles.iter(_w("w:style")):
        sid = style.get(_w("w:styleId"), "")
        if style.get(_w("w:default")) in ("1", "true", "on"):
            defaults.setdefault(style.get(_w("w:type"), "paragraph"), sid)
        header = style.find("w:tblStylePr[@w:type='firstRow']", _WORD)
        looks[sid] = _Look(
            name=_val(_in(style, "w:name")) or sid,
            based_on=_val(_in(style, "w:basedOn")),
            colour=_hex(_val(_in(style, "w:rPr/w:color"))),
            run_fill=_shading(_in(style, "w:rPr/w:shd")),
            fill=_shading(_in(style, "w:pPr/w:shd")) or _shading(_in(style, "w:tcPr/w:shd")),
            header_colour=_hex(_val(_in(header, "w:rPr/w:color"))),
            header_fill=_shading(_in(header, "w:tcPr/w:shd")),
            outline=_outline(_in(style, "w:pPr/w:outlineLvl")),
            framed=True if _in(style, "w:pPr/w:framePr") is not None else None,
        )
    base = styles.find("w:docDefaults/w:rPrDefault/w:rPr", _WORD)
    colour = None if base is None else _hex(_val(base.find("w:color", _WORD)))
    return looks, defaults, _Look("", colour=colour)


def _header_row(row: Element, table: Element) -> bool:
    """The table's first row, where the table's look applies its style's first-row format
    (Word's own default look does)."""
    if table.find("w:tr", _WORD) is not row:
        return False
    look = table.find("w:tblPr/w:tblLook", _WORD)
    if look is None:
        return True
    if look.get(_w("w:firstRow")) is not None:
        return look.get(_w("w:firstRow")) in ("1", "true", "on")
    value = look.get(_w("w:val"), "0020")
    return bool(int(value, 16) & 0x20) if re.fullmatch(r"[0-9A-Fa-f]{1,4}", value) else True


def _word_colours(
    texts: dict[str, Element], looks: dict[str, _Look], defaults: dict[str, str], base: _Look
) -> Pairs:
    pairs: Pairs = {}
    get = looks.get
    direct, default = _("text formatted directly"), _("the default text")
    for root in texts.values():
        ground = root.find("w:background", _WORD)
        page = None if ground is None else _hex(ground.get(_w("w:color")))
        for run in root.iter(_w("w:r")):
            if not "".join(t.text or "" for t in run.iterchildren(_w("w:t"))).strip():
                continue
            own = run.find("w:rPr", _WORD)
            hidden = _in(own, "w:vanish")
            paragraph = next(run.iterancestors(_w("w:p")), None)
            if paragraph is None or (hidden is not None and _on(hidden)):
                continue
            p_style, r_style = _paragraph_style(paragraph, defaults), _val(_in(own, "w:rStyle"))
            cell = next(paragraph.iterancestors(_w("w:tc")), None)
            t_style, header, cell_fill = None, False, None
            row = None if cell is None else next(cell.iterancestors(_w("w:tr")), None)
            table = None if row is None else next(row.iterancestors(_w("w:tbl")), None)
            if cell is not None and table is not None:
                t_style = _val(_in(table, "w:tblPr/w:tblStyle")) or defaults.get("table")
                header = _header_row(row, table)
                cell_fill = _shading(_in(cell, "w:tcPr/w:shd"))
            colour, where = _first(
                (_hex(_val(_in(own, "w:color"))), direct),
                _named(_inherited(get, r_style, "colour")),
                _named(_inherited(get, p_style, "colour")),
                _named(_inherited(get, t_style, "header_colour") if header else (None, None)),
                _named(_inherited(get, t_style, "colour")),
                (base.colour, default),
            )
            if header:
                where = _("{style} in a table header row", style=where or default)
            background = _ground(
                _HIGHLIGHTS.get(_val(_in(own, "w:highlight")) or ""),
                _shading(_in(own, "w:shd")),
                _inherited(get, r_style, "run_fill")[0],
                _inherited(get, p_style, "run_fill")[0],
                _shading(_in(paragraph, "w:pPr/w:shd")),
                _inherited(get, p_style, "fill")[0],
                cell_fill,
                _inherited(get, t_style, "header_fill")[0] if header else None,
                _inherited(get, t_style, "fill")[0],
                page if page != "auto" else None,
            )
            _seen(pairs, colour, background, where or default)
    return pairs


def _odf_colour(properties: Element | None) -> str | None:
    if properties is None:
        return None
    if properties.get(_o("style:use-window-font-color")) == "true":
        return "auto"
    return _hex(properties.get(_o("fo:color")))


def _odf_fill(properties: Element | None) -> str | None:
    value = None if properties is None else properties.get(_o("fo:background-color"))
    if value is None:
        return None
    return NONE if value == "transparent" else _hex(value)


def _odf_looks(root: Element | None, where: str) -> dict[tuple[str, str], _Look]:
    """The styles of one of a part's style sections, by family and name."""
    looks: dict[tuple[str, str], _Look] = {}
    section = None if root is None else root.find(where, _ODF)
    automatic = where.endswith("automatic-styles")
    for style in () if section is None else section.iterfind("style:style", _ODF):
        name = style.get(_o("style:name"), "")
        shown = style.get(_o("style:display-name")) or name.replace("_20_", " ")
        text = style.find("style:text-properties", _ODF)
        level = style.get(_o("style:default-outline-level"), "")
        looks[style.get(_o("style:family"), ""), name] = _Look(
            name=shown,
            based_on=style.get(_o("style:parent-style-name")),
            colour=_odf_colour(text),
            run_fill=_odf_fill(text),
            fill=_odf_fill(style.find("style:paragraph-properties", _ODF))
            or _odf_fill(style.find("style:table-cell-properties", _ODF)),
            outline=int(level) if level.isdigit() else None,
            automatic=automatic,
        )
    return looks


def _odf_finder(
    common: dict[tuple[str, str], _Look], automatic: dict[tuple[str, str], _Look]
) -> Callable[[str], Looks]:
    """The styles of one family as a part sees them: its automatic ones, then the common ones."""

    def family(kind: str) -> Looks:
        return lambda name: automatic.get((kind, name)) or common.get((kind, name))

    return family


def _odf_default(styles: Element | None) -> _Look:
    """The default paragraph style's colour, and its language ("nl-NL") as its name."""
    found = (
        None
        if styles is None
        else styles.find(
            "office:styles/style:default-style[@style:family='paragraph']/style:text-properties",
            _ODF,
        )
    )
    if found is None:
        return _Look("")
    language = found.get(_o("fo:language"), "")
    country = found.get(_o("fo:country"), "")
    tag = f"{language}-{country}" if language and country and country != "none" else language
    return _Look(tag, colour=_odf_colour(found))


def _odf_page(styles: Element | None) -> str | None:
    layout = None if styles is None else styles.find(".//style:page-layout-properties", _ODF)
    fill = _odf_fill(layout)
    return None if fill == NONE else fill


# What a paragraph holds that is not its own text: notes, frames, annotations have paragraphs
# of their own, which are walked as paragraphs.
_ELSEWHERE = {_o(n) for n in ("text:note-body", "draw:frame", "office:annotation", "text:p")}
_ELSEWHERE |= {_o("text:h"), _o("draw:custom-shape")}
_SPANS = {_o("text:span"), _o("text:a")}


def _odf_pieces(node: Element, spans: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
    """The character styles of each piece of text in `node`, innermost last; a link without
    a style of its own is in LibreOffice's "Internet link"."""
    if (node.text or "").strip():
        yield spans
    for child in node:
        if child.tag in _SPANS:
            default = "Internet_20_link" if child.tag == _o("text:a") else ""
            yield from _odf_pieces(child, (*spans, child.get(_o("text:style-name"), default)))
        elif child.tag not in _ELSEWHERE and isinstance(child.tag, str):
            yield from _odf_pieces(child, spans)
        if (child.tail or "").strip():
            yield spans


def _odf_colours(
    root: Element, find: Callable[[str], Looks], default: _Look, page: str | None, pairs: Pairs
) -> None:
    texts, paragraphs, cells = find("text"), find("paragraph"), find("table-cell")
    base = _("the default text")
    for paragraph in root.iter(_o("text:p"), _o("text:h")):
        p_style = paragraph.get(_o("text:style-name"))
        cell = next(paragraph.iterancestors(_o("table:table-cell")), None)
        c_style = None if cell is None else cell.get(_o("table:style-name"))
        rows = None if cell is None else cell.getparent().getparent()
        header = rows is not None and rows.tag == _o("table:table-header-rows")
        p_colour, p_look = _inherited(paragraphs, p_style, "colour")
        for spans in dict.fromkeys(_odf_pieces(paragraph, ())):
            colour, where = _first(
                *(_named(_inherited(texts, span, "colour")) for span in reversed(spans)),
                _named((p_colour, p_look)),
                (default.colour, base),
            )
            background = _ground(
                *(_inherited(texts, span, "run_fill")[0] for span in reversed(spans)),
                _inherited(paragraphs, p_style, "run_fill")[0],
                _inherited(paragraphs, p_style, "fill")[0],
                _inherited(cells, c_style, "fill")[0],
                page,
            )
            if header:
                where = _("{style} in a table header row", style=where or base)
            _seen(pairs, colour, background, where or base)


# -- reading order -----------------------------------------------------------------------------


def _order(output: str, pictures: int, floating: int, boxes: int) -> Check:
    problems = []
    if boxes:
        problems.append(_("text boxes or frames outside the text flow: {count}", count=boxes))
    if floating:
        problems.append(
            _(
                "{count} of {pictures} pictures not in line with the text",
                count=floating,
                pictures=pictures,
            )
        )
    fine = _(
        "{inline} of {pictures} pictures in line with the text; no text boxes or frames",
        inline=pictures,
        pictures=pictures,
    )
    name = _("reading order: no floating text boxes or frames, pictures in line")
    return _check(output, name, problems, fine)


def _fallback(node: Element) -> bool:
    """Inside markup compatibility's fallback: the same drawing again, for older readers."""
    return any(a.tag == _w("mc:Fallback") for a in node.iterancestors())


def _word_order(flow: list[Element], looks: dict[str, _Look], defaults: dict[str, str]) -> Check:
    pictures = floating = boxes = 0
    for root in flow:
        for drawing in root.iter(_w("w:drawing")):
            if _fallback(drawing) or next(drawing.iter(_w("w:txbxContent")), None) is not None:
                continue
            pictures += 1
            floating += drawing.find("wp:anchor", _WORD) is not None
        boxes += sum(1 for box in root.iter(_w("w:txbxContent")) if not _fallback(box))
        for paragraph in root.iter(_w("w:p")):
            style = _paragraph_style(paragraph, defaults)
            framed = _in(paragraph, "w:pPr/w:framePr") is not None
            boxes += framed or bool(_inherited(looks.get, style, "framed")[0])
    return _order("docx", pictures, floating, boxes)


def _odf_order(body: Element | None) -> Check:
    pictures = floating = boxes = 0
    paragraphs = {_o("text:p"), _o("text:h"), _o("text:span"), _o("text:a")}
    for frame in () if body is None else body.iter(_o("draw:frame"), _o("draw:custom-shape")):
        # Without an anchor, as LibreOffice reads it: in a paragraph as a character, else on
        # the page.
        anchor = frame.get(_o("text:anchor-type")) or (
            "as-char" if frame.getparent().tag in paragraphs else "page"
        )
        if next(frame.iter(_o("text:p"), _o("text:h")), None) is not None:
            boxes += anchor != "as-char"
        elif frame.find("draw:image", _ODF) is not None:
            pictures += 1
            floating += anchor != "as-char"
    return _order("odt", pictures, floating, boxes)
