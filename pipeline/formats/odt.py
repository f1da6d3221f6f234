"""What pandoc 3.9's ODT writer leaves out, put back after it has written the file.

- Contents: the writer writes the index's template but no entries, and LibreOffice does not
  build an index when it opens a file. The index body gets an entry per level-1 and level-2
  heading, linked to the heading's bookmark, with its page as a bookmark reference, which
  LibreOffice computes on loading (measured with 7.4), and the index gets the name it needs.
- Page furniture: the "Standard" pages get a header with the title and a footer with the
  edition line and "Pagina X van Y" (page-number and page-count fields); the title page is a
  "First Page" without them. A reference document with a header or footer of its own keeps it.
- The logo above the title, as SVG with a PNG beside it for readers without SVG.
- The accent colour of document.yaml in place of the reference document's house accent.
- Tables: column widths in which every column holds its longest word (see
  office.column_widths), cells with padding and the house rules and header tint.
- Image descriptions: the writer drops every image's alt text (no `svg:title`/`svg:desc` on
  its frame), so a screen reader has nothing to say and the words are lost. They are added
  to the frames from the document's AST, in document order.
- Image sizes: the writer sizes an image by its pixels, so a large figure runs far off the
  page. Frames wider than the text area are scaled down to fit it.
- The house font embedded (officefonts), so that the file lays out in it where it is not
  installed.

Each XML part is read once into a tree, edited as one, and written once, unchanged nodes in
pandoc's own bytes (see officexml). The file is rewritten entry by entry, keeping each
entry's order, date and compression; new entries come last, dated like content.xml, so a
build stays reproducible.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from lxml import etree

from .odfnames import EMPTY, N
from .office import (
    DEFAULT_ACCENT,
    LOGO_HEIGHT_CM,
    Furniture,
    column_widths,
    furniture,
    has_images,
    logo_png,
    nodes_of,
    plain_text,
    read_meta,
)
from .officefonts import TRUETYPE, embed_in_opendocument, folders_for
from .officetails import keep_odt_tails
from .officexml import (
    Element,
    Part,
    insert_after,
    parse,
    prepend,
    read_package,
    write_package,
)
from .officexml import plain_text as xml_text

STYLE_NAME, TEXT_STYLE, TAB = N("style:name"), N("text:style-name"), N("text:tab")
_POINTS = {"pt": 1.0, "in": 72.0, "cm": 72 / 2.54, "mm": 72 / 25.4}
_LENGTH = re.compile(r"(\d+(?:\.\d*)?|\.\d+)(pt|in|cm|mm)")  # a frame's width or height
DEFAULT_TEXT_WIDTH = 453.5  # points: A4 with 2.5 cm margins
_MEDIA_TYPES = {"svg": "image/svg+xml", "png": "image/png", "ttf": TRUETYPE}


def finish_odt(path: Path, ast_path: Path) -> None:
    """Alt texts and image sizes, contents, header and footer, logo, accent colour and table
    widths (see the module)."""
    text = ast_path.read_text(encoding="utf-8")
    alts = image_alts(json.loads(text)["blocks"]) if has_images(text) else []
    page = furniture(read_meta(text), path.parent)
    infos, parts = read_package(path)
    styles = Part(parts["styles.xml"], EMPTY) if parts.get("styles.xml") else None
    width = DEFAULT_TEXT_WIDTH if styles is None else _text_width(styles.root)
    content = Part(parts["content.xml"], EMPTY)
    body = content.root
    frames = list(body.iter(N("draw:frame")))
    if len(frames) != len(alts):  # not one frame per image: do not guess which is which
        alts = [""] * len(frames)
    for frame, alt in zip(frames, alts, strict=True):
        _frame(frame, alt, width)
    fill_contents(body)
    keep_odt_tails(body)
    fit_tables(body, width)
    added: dict[str, bytes] = {}
    if page.logo is not None:
        _add_logo(body, page, added)
    _first_page(body)
    if styles is not None:
        added.update(embed_in_opendocument(styles.root, body, folders_for(path.parent)))
    parts["content.xml"] = content.bytes()
    if styles is not None:
        _page_styles(styles.root, page)
        parts["styles.xml"] = styles.bytes()
    if added:
        manifest = Part(parts["META-INF/manifest.xml"], EMPTY)
        for name in added:
            kind = _MEDIA_TYPES[name.rpartition(".")[2]]
            entry = {"manifest:full-path": name, "manifest:media-type": kind}
            manifest.root.append(N.make("manifest:file-entry", entry))
        parts["META-INF/manifest.xml"] = manifest.bytes()
    write_package(path, infos, parts, added, "content.xml")


def _words(text: str) -> list[Element]:
    """Text as content for Names.make: a tab as a text:tab element."""
    pieces: list[Element] = []
    for number, piece in enumerate(text.split("\t")):
        if number:
            pieces.append(N.make("text:tab"))
        pieces.append(piece)
    return pieces


def fill_contents(content: Element) -> None:
    """The contents index with an entry per level-1/2 heading and its page as a field."""
    source = next(content.iter(N("text:table-of-content-source")), None)
    existing = next(content.iter(N("text:index-body")), None)
    if source is None or existing is not None:
        return
    template = next(content.iter(N("text:index-title-template")), None)
    title = "" if template is None or len(template) else template.text or ""
    body = []
    if title.strip():
        heading = N.make("text:p", {"text:style-name": "Contents_20_Heading"}, title)
        body.append(N.make("text:index-title", {"text:name": "roledoc-contents-title"}, heading))
    for heading in content.iter(N("text:h")):
        level = heading.get(N("text:outline-level"))
        if level not in ("1", "2"):
            continue
        bookmark = next(heading.iter(N("text:bookmark-start")), None)
        words = _words(xml_text(heading, TAB))
        if bookmark is not None:
            name = bookmark.get(N("text:name"), "")
            link = {
                "xlink:type": "simple",
                "xlink:href": f"#{name}",
                "text:style-name": "Index_20_Link",
                "text:visited-style-name": "Index_20_Link",
            }
            reference = {"text:reference-format": "page", "text:ref-name": name}
            words = [
                N.make(
                    "text:a",
                    link,
                    *words,
                    N.make("text:tab"),
                    N.make("text:bookmark-ref", reference, ""),
                )
            ]
        body.append(N.make("text:p", {"text:style-name": f"Contents_20_{level}"}, *words))
    insert_after(
        source, N.make("text:index-body", {}, *body) if body else _empty("text:index-body")
    )
    index = source.getparent()
    if index.get(N("text:name")) is None:
        index.set(N("text:name"), "roledoc-contents")
        index.set(N("text:protected"), "true")


def _empty(name: str) -> Element:
    """An element written with start and end tag, nothing between."""
    return N.make(name, {}, "")


CELL_FONT_SIZE = 10.5  # points: the body size of the reference document
CELL_PADDING_CM = 0.1
CELL_PADDING = 2 * CELL_PADDING_CM * 72 / 2.54 + 1.5  # points, with the rules


def fit_tables(content: Element, width: float) -> None:
    """Fixed column widths in which each column holds its longest word, and house cells."""
    sizes: dict[str, tuple[str, dict[str, str]]] = {}
    table_name = N("table:table")
    style_of = N("table:style-name")
    for table in content.iter(table_name):
        style = table.get(style_of)
        if style is None or sum(1 for _ in table.iter(table_name)) > 1:
            continue
        column_styles = [column.get(style_of) for column in table.iter(N("table:table-column"))]
        repeated = N("table:number-columns-repeated")
        if (
            not column_styles
            or None in column_styles
            or any(
                column.get(repeated) is not None for column in table.iter(N("table:table-column"))
            )
        ):
            continue
        columns: list[list[tuple[str, bool]]] = [[] for _ in column_styles]
        for row in table.iter(N("table:table-row")):
            header = row.getparent().tag == N("table:table-header-rows")
            column = 0
            for cell in row.iter(N("table:table-cell")):
                span = cell.get(N("table:number-columns-spanned"), "")
                if not span and column < len(columns):
                    columns[column].append((xml_text(cell, TAB), header))
                column += int(span) if span.isdigit() else 1
        points = column_widths(columns, width, CELL_FONT_SIZE, CELL_PADDING)
        whole = {"style:width": f"{sum(points):.1f}pt", "table:align": "left"}
        sizes[style] = ("style:table-properties", whole)
        for name, value in zip(column_styles, points, strict=True):
            # no rel-column-width: LibreOffice 7.4 then redistributes the widths
            column_width = {"style:column-width": f"{value:.1f}pt"}
            sizes[name] = ("style:table-column-properties", column_width)
    family = N("style:family")
    done: set[str] = set()
    for style in content.iter(N("style:style")):
        name = style.get(STYLE_NAME)
        if style.get(family) in ("table", "table-column") and name in sizes and name not in done:
            done.add(name)  # the first definition of a name, as LibreOffice reads it
            for child in list(style):
                style.remove(child)
            style.text = None
            style.append(N.make(*sizes[name]))
    rule = "0.5pt solid #c8c8c8"
    cell = {"fo:padding": f"{CELL_PADDING_CM}cm", "fo:border": rule}
    for name, look in (
        ("TableHeaderRowCell", {**cell, "fo:background-color": "#e8f0f8"}),
        ("TableRowCell", cell),
    ):
        _restyle_cells(content, name, look)


def _restyle_cells(content: Element, name: str, look: dict[str, str]) -> None:
    """The house cell in place of pandoc's borderless one."""
    style = next(
        (
            s
            for s in content.iter(N("style:style"))
            if s.get(STYLE_NAME) == name and s.get(N("style:family")) == "table-cell"
        ),
        None,
    )
    if style is None or not len(style):
        return
    properties = style[0]
    if properties.tag != N("style:table-cell-properties"):
        return
    if properties.get(N("fo:border")) != "none":
        return
    style.text = None
    house = N.make("style:table-cell-properties", look)
    house.tail = properties.tail
    style.replace(properties, house)


def _add_logo(content: Element, page: Furniture, added: dict[str, bytes]) -> None:
    """The logo in a paragraph of its own before the title."""
    assert page.logo is not None
    title = next((p for p in content.iter(N("text:p")) if p.get(TEXT_STYLE) == "Title"), None)
    if title is None:
        return
    png, width_px, height_px = logo_png(page.logo)
    images = []
    if page.logo.suffix.lower() == ".svg":
        added["Pictures/roledoc-logo.svg"] = page.logo.read_bytes()
        images.append(("Pictures/roledoc-logo.svg", "image/svg+xml"))
    added["Pictures/roledoc-logo.png"] = png
    images.append(("Pictures/roledoc-logo.png", "image/png"))
    width = LOGO_HEIGHT_CM * width_px / height_px
    frame = {
        "draw:name": "Logo",
        "text:anchor-type": "as-char",
        "svg:width": f"{width:.2f}cm",
        "svg:height": f"{LOGO_HEIGHT_CM}cm",
        "draw:z-index": "0",
    }
    pictures = [
        N.make(
            "draw:image",
            {
                "xlink:href": href,
                "xlink:type": "simple",
                "xlink:show": "embed",
                "xlink:actuate": "onLoad",
                "draw:mime-type": kind,
            },
        )
        for href, kind in images
    ]
    alt = page.logo_alt
    described = [N.make("svg:title", {}, alt), N.make("svg:desc", {}, alt)]
    logo = N.make("draw:frame", frame, *pictures, *described)
    title.addprevious(N.make("text:p", {"text:style-name": "Logo"}, logo))


def _first_page(content: Element) -> None:
    """The first paragraph starts the "First Page" page style: no header or footer."""
    body = next(content.iter(N("office:text")), None)
    first = None if body is None or not len(body) or (body.text or "").strip() else body[0]
    if first is None or first.tag != N("text:p") or first.get(TEXT_STYLE) is None:
        return
    style = {
        "style:name": "roledoc-title-page",
        "style:family": "paragraph",
        "style:parent-style-name": first.get(TEXT_STYLE),
        "style:master-page-name": "First_20_Page",
    }
    automatic = next(content.iter(N("office:automatic-styles")), None)
    if automatic is not None:
        automatic.append(N.make("style:style", style))
    first.set(TEXT_STYLE, "roledoc-title-page")


def _page_styles(styles: Element, page: Furniture) -> None:
    """Header and footer on the Standard pages, a First Page without, the accent colour."""
    master = next(
        (m for m in styles.iter(N("style:master-page")) if m.get(STYLE_NAME) == "Standard"),
        None,
    )
    if master is not None:
        footer = [
            *_words(f"{page.edition_line} \t{page.page} "),
            N.make("text:page-number", {"text:select-page": "current"}, "1"),
            f" {page.of} ",
            N.make("text:page-count", {}, "1"),
        ]
        for kind, style, words in (
            ("header", "Header", [page.title]),
            ("footer", "Footer", footer),
        ):
            paragraph = N.make("text:p", {"text:style-name": style}, *words)
            filled = N.make(f"style:{kind}", {}, paragraph)
            existing = master.find(N(f"style:{kind}"))
            if existing is not None and _is_empty(existing, style):
                filled.tail = existing.tail
                master.replace(existing, filled)
            elif existing is None:
                headers = {N(f"style:header{end}") for end in ("", "-left", "-first")}
                above = [child for child in master if child.tag in headers]
                if kind == "footer" and above:
                    insert_after(above[-1], filled)
                else:
                    prepend(master, filled)
        if not any(node.get(STYLE_NAME) == "First_20_Page" for node in styles.iter(etree.Element)):
            first = {
                "style:name": "First_20_Page",
                "style:display-name": "First Page",
                "style:page-layout-name": master.get(N("style:page-layout-name"), ""),
                "style:next-style-name": "Standard",
            }
            for masters in styles.iter(N("office:master-styles")):
                masters.append(N.make("style:master-page", first))
    if page.accent:
        house = re.compile(f"#{DEFAULT_ACCENT}", re.IGNORECASE)
        for node in styles.iter(etree.Element):
            for key, value in node.items():
                if house.search(value):
                    node.set(key, house.sub(f"#{page.accent}", value))


def _is_empty(furniture: Element, style: str) -> bool:
    """A header or footer of one empty paragraph in `style`: pandoc's placeholder."""
    if furniture.attrib or len(furniture) != 1 or (furniture.text or "").strip():
        return False
    paragraph = furniture[0]
    return (
        paragraph.tag == N("text:p")
        and paragraph.items() == [(TEXT_STYLE, style)]
        and not len(paragraph)
        and not paragraph.text
    )


def _frame(frame: Element, alt: str, width: float) -> None:
    """A frame wider than the text scaled down to fit it, and described by `alt`."""
    sizes: dict[str, float] = {}
    for key in ("width", "height"):
        value = _LENGTH.fullmatch(frame.get(N(f"svg:{key}"), ""))
        if value is not None:
            sizes[key] = float(value[1]) * _POINTS[value[2]]
    if sizes.get("width", 0) > width and sizes.get("height"):
        scale = width / sizes["width"]
        for key, size in sizes.items():
            frame.set(N(f"svg:{key}"), f"{size * scale:.1f}pt")
    if alt and next(frame.iter(N("svg:desc")), None) is None:
        frame.append(N.make("svg:title", {}, alt))
        frame.append(N.make("svg:desc", {}, alt))


def text_width(styles: str) -> float:
    """The width between the margins of the first page layout of styles.xml, in points."""
    return _text_width(parse(styles.encode("utf-8")))


def _text_width(styles: Element) -> float:
    layout = next(styles.iter(N("style:page-layout-properties")), None)
    if layout is None:
        return DEFAULT_TEXT_WIDTH
    try:
        page, left, right = (
            _points(layout.get(N(f"fo:{key}"), ""))
            for key in ("page-width", "margin-left", "margin-right")
        )
    except (KeyError, ValueError):
        return DEFAULT_TEXT_WIDTH
    return page - left - right


def _points(value: str) -> float:
    found = re.fullmatch(r"([0-9.]+)([a-z]+)", value)
    if found is None:
        raise ValueError(value)
    return float(found[1]) * _POINTS[found[2]]


def image_alts(blocks: list) -> list[str]:
    """The alt text of every image in a pandoc JSON AST, in document order."""
    return [plain_text(image["c"][1]) for image in nodes_of(blocks, "Image")]
