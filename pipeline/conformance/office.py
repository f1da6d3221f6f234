"""The Word and OpenDocument files' accessibility as their XML shows it (EN 301 549 clause 10,
WCAG 2.1 AA): title and language in the file's properties and styles, headings that are
outline levels and skip none, header rows marked on tables, alt text on every image, the
contrast of every text colour the document shows against its background, and a reading
order that is the order written (no text boxes or frames floating out of the flow,
pictures in line with the text).

This module reads each file's facts for those checks. Which colour each piece of text is
shown in, and on what background, is officecolours' work (it reads the styles the other checks
use as well); whether what was read holds, and how the report says so, is officeverdicts'.

Whether an image holds text cannot be told from the file; a person has to look. The package
is checked against read.packages' limits before a part is read, and each part is parsed
without entities or network (officexml.parse).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..formats.officexml import Element, parse
from ..read.packages import check_package
from . import Check
from .officecolours import (
    ODF,
    WORD,
    Look,
    Looks,
    Pairs,
    inherited,
    o,
    odf_colours,
    odf_default,
    odf_finder,
    odf_looks,
    odf_page,
    outline_level,
    paragraph_style,
    w,
    word_at,
    word_colours,
    word_on,
    word_styles,
)
from .officeverdicts import (
    judge_contrast,
    judge_headings,
    judge_identity,
    judge_images,
    judge_order,
    judge_tables,
)

SHOWN = 60  # characters of a heading named in a detail


def docx_checks(path: Path, title: str, lang: str) -> list[Check]:
    """The Word file at `path`, whose title and language should be `title` and `lang`."""
    check_package(path, "docx")
    parts = _parts(path, _WORD_PART.fullmatch)
    styles = parts.get("word/styles.xml")
    looks, defaults, base = word_styles(styles)
    document = parts.get("word/document.xml")
    texts = {name: root for name, root in parts.items() if _WORD_TEXT.fullmatch(name)}
    flow = [root for name, root in texts.items() if not _FURNITURE.match(name)]
    return [
        _word_identity(parts, styles, title, lang),
        _word_headings(document, looks, defaults),
        _word_tables(document),
        _word_images(texts, parts),
        judge_contrast("docx", word_colours(texts, looks, defaults, base)),
        _word_order(flow, looks, defaults),
    ]


def odt_checks(path: Path, title: str, lang: str) -> list[Check]:
    """The OpenDocument file at `path`, whose title and language should be `title` and
    `lang`."""
    check_package(path, "odt")
    parts = _parts(path, lambda name: name in ("content.xml", "styles.xml", "meta.xml"))
    content, styles = parts.get("content.xml"), parts.get("styles.xml")
    body = None if content is None else content.find("office:body/office:text", ODF)
    masters = None if styles is None else styles.find("office:master-styles", ODF)
    common = odf_looks(styles, "office:styles")
    inner = odf_finder(common, odf_looks(content, "office:automatic-styles"))
    outer = odf_finder(common, odf_looks(styles, "office:automatic-styles"))
    default = odf_default(styles)
    page = odf_page(styles)
    colours: Pairs = {}
    for root, find in ((body, inner), (masters, outer)):
        if root is not None:
            odf_colours(root, find, default, page, colours)
    return [
        _odf_identity(parts.get("meta.xml"), default, title, lang),
        _odf_headings(body, inner),
        _odf_tables(body),
        _odf_images([root for root in (body, masters) if root is not None]),
        judge_contrast("odt", colours),
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


def _words(node: Element, tag: str) -> str:
    """The text of the `tag` elements in `node` (Word's w:t), shortened."""
    return _short("".join(t.text or "" for t in node.iter(tag)))


def _short(text: str) -> str:
    said = " ".join(text.split())
    return said if len(said) <= SHOWN else said[: SHOWN - 1] + "…"


# -- properties --------------------------------------------------------------------------------


def _word_identity(
    parts: dict[str, Element], styles: Element | None, title: str, lang: str
) -> Check:
    core = parts.get("docProps/core.xml")
    found_title = "" if core is None else core.findtext("dc:title", "", WORD)
    found_lang = "" if core is None else core.findtext("dc:language", "", WORD)
    language = None if styles is None else styles.find(".//w:rPrDefault/w:rPr/w:lang", WORD)
    styled = "" if language is None else language.get(w("w:val"), "")
    return judge_identity("docx", found_title, found_lang.strip(), styled, title, lang)


def _odf_identity(meta: Element | None, default: Look, title: str, lang: str) -> Check:
    found_title = "" if meta is None else meta.findtext(".//dc:title", "", ODF)
    found_lang = "" if meta is None else meta.findtext(".//dc:language", "", ODF)
    return judge_identity("odt", found_title, found_lang.strip(), default.name, title, lang)


# -- headings ----------------------------------------------------------------------------------


_HEADING_NAME = re.compile(r"heading ([1-9])", re.IGNORECASE)  # Word's own heading styles


def _word_headings(document: Element | None, looks: dict[str, Look], defaults: dict) -> Check:
    found: list[tuple[int | None, str]] = []
    for paragraph in () if document is None else document.iter(w("w:p")):
        name = paragraph_style(paragraph, defaults)
        own = word_at(paragraph, "w:pPr/w:outlineLvl")
        outline = (
            outline_level(own) if own is not None else inherited(looks.get, name, "outline")[0]
        )
        look = looks.get(name or "")
        styled = look is not None and _HEADING_NAME.fullmatch(look.name) is not None
        level = outline + 1 if outline is not None and outline < 9 else None  # 9: body text
        if styled or level is not None:
            found.append((level, _words(paragraph, w("w:t"))))
    return judge_headings("docx", found, [])


def _odf_headings(body: Element | None, find: Callable[[str], Looks]) -> Check:
    found: list[tuple[int | None, str]] = []
    not_headings = []
    paragraphs = find("paragraph")
    for node in () if body is None else body.iter(o("text:h"), o("text:p")):
        words = _short("".join(node.itertext()))
        if node.tag == o("text:h"):
            level = node.get(o("text:outline-level"), "")
            found.append((int(level) if level.isdigit() and int(level) > 0 else None, words))
            continue
        # A paragraph in a heading style (or in an automatic style made from one) that is
        # not a heading; a style based on a heading style (the contents' title) is not one.
        look = paragraphs(node.get(o("text:style-name"), ""))
        made_from = paragraphs(look.based_on) if look and look.automatic and look.based_on else None
        if any(style is not None and style.outline for style in (look, made_from)):
            not_headings.append(words)
    return judge_headings("odt", found, not_headings)


# -- tables ------------------------------------------------------------------------------------


def _word_tables(document: Element | None) -> Check:
    headers: list[str | None] = []
    for table in () if document is None else document.iter(w("w:tbl")):
        first = table.find("w:tr", WORD)
        mark = None if first is None else first.find("w:trPr/w:tblHeader", WORD)
        marked = first is not None and mark is not None and word_on(mark)
        headers.append(_words(first, w("w:t")) if marked else None)
    return judge_tables("docx", headers)


def _odf_tables(body: Element | None) -> Check:
    headers: list[str | None] = []
    for table in () if body is None else body.iter(o("table:table")):
        rows = table.find("table:table-header-rows", ODF)
        marked = rows is not None and rows.find("table:table-row", ODF) is not None
        headers.append(_short("".join(rows.itertext())) if marked else None)
    return judge_tables("odt", headers)


# -- images ------------------------------------------------------------------------------------


_DECORATIVE = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"


def _word_images(texts: dict[str, Element], parts: dict[str, Element]) -> Check:
    images: list[tuple[str, str | None]] = []
    for name, root in texts.items():
        folder, _slash, file = name.rpartition("/")
        rels = parts.get(f"{folder}/_rels/{file}.rels")
        targets = {} if rels is None else {r.get("Id"): r.get("Target", "") for r in rels}
        for described in root.iter(w("wp:docPr")):
            drawing = described.getparent()
            if next(drawing.iter(w("w:txbxContent")), None) is not None:
                continue  # a text box: its words are text (and the reading order's concern)
            blip = next(drawing.iter(w("a:blip")), None)
            target = "" if blip is None else targets.get(blip.get(w("r:embed")), "")
            label = target.rpartition("/")[2] or described.get("name", "") or "-"
            mark = described.find(f"a:extLst/a:ext[@uri='{_DECORATIVE}']/adec:decorative", WORD)
            said = "alt" if described.get("descr", "").strip() else None
            if said is None and mark is not None and mark.get("val") in ("1", "true"):
                said = "decorative"
            images.append((label, said))
        for data in root.iter(w("v:imagedata")):
            if _fallback(data):  # the same picture as the DrawingML before it
                continue
            alt = data.getparent().get("alt", "") or data.get(w("o:title"), "")
            images.append((data.getparent().get("id", "") or "-", "alt" if alt.strip() else None))
    return judge_images("docx", images)


def _odf_images(roots: list[Element]) -> Check:
    images: list[tuple[str, str | None]] = []
    for root in roots:
        for frame in root.iter(o("draw:frame")):
            picture = frame.find("draw:image", ODF)
            if picture is None:
                continue
            alt = frame.findtext("svg:title", "", ODF) + frame.findtext("svg:desc", "", ODF)
            said = "alt" if alt.strip() else None
            if said is None and frame.get(o("loext:decorative")) == "true":
                said = "decorative"
            label = picture.get(o("xlink:href"), "").rpartition("/")[2]
            images.append((label or frame.get(o("draw:name"), "-"), said))
    return judge_images("odt", images)


# -- reading order -----------------------------------------------------------------------------


def _fallback(node: Element) -> bool:
    """Inside markup compatibility's fallback: the same drawing again, for older readers."""
    return any(a.tag == w("mc:Fallback") for a in node.iterancestors())


def _word_order(flow: list[Element], looks: dict[str, Look], defaults: dict[str, str]) -> Check:
    pictures = floating = boxes = 0
    for root in flow:
        for drawing in root.iter(w("w:drawing")):
            if _fallback(drawing) or next(drawing.iter(w("w:txbxContent")), None) is not None:
                continue
            pictures += 1
            floating += drawing.find("wp:anchor", WORD) is not None
        boxes += sum(1 for box in root.iter(w("w:txbxContent")) if not _fallback(box))
        for paragraph in root.iter(w("w:p")):
            style = paragraph_style(paragraph, defaults)
            framed = word_at(paragraph, "w:pPr/w:framePr") is not None
            boxes += framed or bool(inherited(looks.get, style, "framed")[0])
    return judge_order("docx", pictures, floating, boxes)


def _odf_order(body: Element | None) -> Check:
    pictures = floating = boxes = 0
    paragraphs = {o("text:p"), o("text:h"), o("text:span"), o("text:a")}
    for frame in () if body is None else body.iter(o("draw:frame"), o("draw:custom-shape")):
        # Without an anchor, as LibreOffice reads it: in a paragraph as a character, else on
        # the page.
        anchor = frame.get(o("text:anchor-type")) or (
            "as-char" if frame.getparent().tag in paragraphs else "page"
        )
        if next(frame.iter(o("text:p"), o("text:h")), None) is not None:
            boxes += anchor != "as-char"
        elif frame.find("draw:image", ODF) is not None:
            pictures += 1
            floating += anchor != "as-char"
    return judge_order("odt", pictures, floating, boxes)
