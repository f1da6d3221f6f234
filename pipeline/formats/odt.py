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

The file is rewritten entry by entry, keeping each entry's order, date and compression; new
entries come last, dated like content.xml, so a build stays reproducible.
"""

from __future__ import annotations

import html
import json
import re
import zipfile
from pathlib import Path

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

_FRAME = re.compile(r"<draw:frame\b([^>]*)>(.*?)</draw:frame>", re.DOTALL)
_SIZE = re.compile(r'svg:(width|height)="([0-9.]+)(pt|in|cm|mm)"')
_LAYOUT = re.compile(r"<style:page-layout-properties\b[^>]*>")
_POINTS = {"pt": 1.0, "in": 72.0, "cm": 72 / 2.54, "mm": 72 / 25.4}
DEFAULT_TEXT_WIDTH = 453.5  # points: A4 with 2.5 cm margins


def finish_odt(path: Path, ast_path: Path) -> None:
    """Alt texts and image sizes, contents, header and footer, logo, accent colour and table
    widths (see the module)."""
    text = ast_path.read_text(encoding="utf-8")
    alts = image_alts(json.loads(text)["blocks"]) if has_images(text) else []
    page = furniture(read_meta(text), path.parent)
    with zipfile.ZipFile(path) as archive:
        entries = [(info, archive.read(info)) for info in archive.infolist()]
    parts = dict((info.filename, data) for info, data in entries)
    styles = parts.get("styles.xml", b"").decode("utf-8")
    width = text_width(styles)
    content = parts["content.xml"].decode("utf-8")
    frames = list(_FRAME.finditer(content))
    if len(frames) != len(alts):  # not one frame per image: do not guess which is which
        alts = [""] * len(frames)
    pieces, last = [], 0
    for match, alt in zip(frames, alts, strict=True):
        pieces.append(content[last : match.start()])
        pieces.append(_frame(match, alt, width))
        last = match.end()
    pieces.append(content[last:])
    content = fill_contents("".join(pieces))
    content = fit_tables(content, width)
    added: dict[str, bytes] = {}
    if page.logo is not None:
        content = _add_logo(content, page, added)
    content = _first_page(content)
    parts["content.xml"] = content.encode("utf-8")
    if styles:
        parts["styles.xml"] = _page_styles(styles, page).encode("utf-8")
    if added:
        manifest = parts["META-INF/manifest.xml"].decode("utf-8")
        files = "".join(
            f'<manifest:file-entry manifest:full-path="{name}" manifest:media-type="{kind}"/>'
            for name, kind in (
                (name, "image/svg+xml" if name.endswith(".svg") else "image/png") for name in added
            )
        )
        parts["META-INF/manifest.xml"] = manifest.replace(
            "</manifest:manifest>", files + "</manifest:manifest>"
        ).encode("utf-8")
    stamp = next(info for info, _ in entries if info.filename == "content.xml")
    with zipfile.ZipFile(path, "w") as archive:
        for info, _ in entries:
            archive.writestr(info, parts[info.filename])
        for name, data in added.items():
            info = zipfile.ZipInfo(name, date_time=stamp.date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)


_HEADING = re.compile(
    r'<text:h text:style-name="[^"]*" text:outline-level="([12])"[^>]*>(.*?)</text:h>', re.DOTALL
)
_BOOKMARK = re.compile(r'<text:bookmark-start text:name="([^"]+)"\s*/>')


def _odt_plain(xml: str) -> str:
    """The text of a paragraph's XML; a tab stays a tab."""
    xml = re.sub(r"<text:tab\s*/>", "\t", xml)
    return html.unescape(re.sub(r"<[^>]+>", "", xml))


def fill_contents(content: str) -> str:
    """The contents index with an entry per level-1/2 heading and its page as a field."""
    source_end = content.find("</text:table-of-content-source>")
    if source_end < 0 or "<text:index-body>" in content:
        return content
    title = re.search(
        r"<text:index-title-template[^>]*>([^<]*)</text:index-title-template>", content
    )
    body = []
    if title and title[1].strip():
        body.append(
            '<text:index-title text:name="roledoc-contents-title"><text:p '
            f'text:style-name="Contents_20_Heading">{title[1]}</text:p></text:index-title>'
        )
    for match in _HEADING.finditer(content):
        bookmark = _BOOKMARK.search(match[2])
        text = html.escape(_odt_plain(match[2]), quote=False).replace("\t", "<text:tab/>")
        if bookmark is None:
            entry = text
        else:
            name = bookmark[1]
            entry = (
                f'<text:a xlink:type="simple" xlink:href="#{name}" text:style-name="Index_20_Link" '
                f'text:visited-style-name="Index_20_Link">{text}<text:tab/>'
                f'<text:bookmark-ref text:reference-format="page" text:ref-name="{name}">'
                "</text:bookmark-ref></text:a>"
            )
        body.append(f'<text:p text:style-name="Contents_20_{match[1]}">{entry}</text:p>')
    end = source_end + len("</text:table-of-content-source>")
    content = (
        content[:end] + "<text:index-body>" + "".join(body) + "</text:index-body>" + content[end:]
    )
    return content.replace(
        "<text:table-of-content>",
        '<text:table-of-content text:name="roledoc-contents" text:protected="true">',
        1,
    )


_TABLE = re.compile(
    r'<table:table table:name="[^"]*" table:style-name="([^"]+)">'
    r"((?:(?!<table:table ).)*?)</table:table>",
    re.DOTALL,
)
_CELL = re.compile(r"<table:table-cell\b([^>]*?)(?:/>|>(.*?)</table:table-cell>)", re.DOTALL)
_TABLE_STYLE = re.compile(
    r'<style:style style:name="([^"]+)" style:family="(table(?:-column)?)"'
    r"\s*(?:/>|>.*?</style:style>)",
    re.DOTALL,
)
CELL_FONT_SIZE = 10.5  # points: the body size of the reference document
CELL_PADDING_CM = 0.1
CELL_PADDING = 2 * CELL_PADDING_CM * 72 / 2.54 + 1.5  # points, with the rules


def fit_tables(content: str, width: float) -> str:
    """Fixed column widths in which each column holds its longest word, and house cells."""
    sizes: dict[str, str] = {}

    def fit(match: re.Match[str]) -> str:
        style, table = match[1], match[2]
        column_styles = re.findall(r'<table:table-column table:style-name="([^"]+)"', table)
        if not column_styles or any(
            "number-columns-repeated" in c
            for c in re.findall(r"<table:table-column\b[^>]*>", table)
        ):
            return match[0]
        columns: list[list[tuple[str, bool]]] = [[] for _ in column_styles]
        head_end = table.find("</table:table-header-rows>")
        for row in re.finditer(r"<table:table-row\b.*?</table:table-row>", table, re.DOTALL):
            header = row.start() < head_end
            column = 0
            for cell in _CELL.finditer(row[0]):
                span = re.search(r'table:number-columns-spanned="(\d+)"', cell[1])
                if span is None and column < len(columns):
                    columns[column].append((_odt_plain(cell[2] or ""), header))
                column += int(span[1]) if span else 1
        points = column_widths(columns, width, CELL_FONT_SIZE, CELL_PADDING)
        sizes[style] = (
            f'<style:table-properties style:width="{sum(points):.1f}pt" table:align="left"/>'
        )
        for name, value in zip(column_styles, points, strict=True):
            # no rel-column-width: LibreOffice 7.4 then redistributes the widths
            sizes[name] = f'<style:table-column-properties style:column-width="{value:.1f}pt"/>'
        return match[0]

    content = _TABLE.sub(fit, content)

    def sized(match: re.Match[str]) -> str:
        name, family = match[1], match[2]
        if name not in sizes or name in done:  # the first definition of a name, as before
            return match[0]
        done.add(name)
        return (
            f'<style:style style:name="{name}" style:family="{family}">{sizes[name]}</style:style>'
        )

    # One pass over all styles, not one per table: a pass per table over a 1,000-page
    # document's XML took 16 s at 200 tables.
    done: set[str] = set()
    content = _TABLE_STYLE.sub(sized, content) if sizes else content
    rule = "0.5pt solid #c8c8c8"
    cell = f'fo:padding="{CELL_PADDING_CM}cm" fo:border="{rule}"'
    content = content.replace(
        '<style:style style:name="TableHeaderRowCell" style:family="table-cell">\n'
        '      <style:table-cell-properties fo:border="none" />',
        '<style:style style:name="TableHeaderRowCell" style:family="table-cell">'
        f'<style:table-cell-properties {cell} fo:background-color="#e8f0f8"/>',
    )
    return content.replace(
        '<style:style style:name="TableRowCell" style:family="table-cell">\n'
        '      <style:table-cell-properties fo:border="none" />',
        '<style:style style:name="TableRowCell" style:family="table-cell">'
        f"<style:table-cell-properties {cell}/>",
    )


def _add_logo(content: str, page: Furniture, added: dict[str, bytes]) -> str:
    """The logo in a paragraph of its own before the title."""
    assert page.logo is not None
    title = re.search(r'<text:p text:style-name="Title">', content)
    if title is None:
        return content
    png, width_px, height_px = logo_png(page.logo)
    images = []
    if page.logo.suffix.lower() == ".svg":
        added["Pictures/roledoc-logo.svg"] = page.logo.read_bytes()
        images.append(("Pictures/roledoc-logo.svg", "image/svg+xml"))
    added["Pictures/roledoc-logo.png"] = png
    images.append(("Pictures/roledoc-logo.png", "image/png"))
    alt = html.escape(page.logo_alt, quote=False)
    width = LOGO_HEIGHT_CM * width_px / height_px
    frame = (
        '<text:p text:style-name="Logo"><draw:frame draw:name="Logo" text:anchor-type="as-char" '
        f'svg:width="{width:.2f}cm" svg:height="{LOGO_HEIGHT_CM}cm" draw:z-index="0">'
        + "".join(
            f'<draw:image xlink:href="{href}" xlink:type="simple" xlink:show="embed" '
            f'xlink:actuate="onLoad" draw:mime-type="{kind}"/>'
            for href, kind in images
        )
        + f"<svg:title>{alt}</svg:title><svg:desc>{alt}</svg:desc></draw:frame></text:p>"
    )
    return content[: title.start()] + frame + content[title.start() :]


def _first_page(content: str) -> str:
    """The first paragraph starts the "First Page" page style: no header or footer."""
    first = re.search(r'<office:text>\s*<text:p text:style-name="([^"]+)"', content)
    if first is None:
        return content
    style = (
        '<style:style style:name="roledoc-title-page" style:family="paragraph" '
        f'style:parent-style-name="{first[1]}" style:master-page-name="First_20_Page"/>'
    )
    content = content.replace("</office:automatic-styles>", style + "</office:automatic-styles>", 1)
    start = content.find(f'<text:p text:style-name="{first[1]}"', content.find("<office:text>"))
    old = f'<text:p text:style-name="{first[1]}"'
    return (
        content[:start]
        + '<text:p text:style-name="roledoc-title-page"'
        + content[start + len(old) :]
    )


def _page_styles(styles: str, page: Furniture) -> str:
    """Header and footer on the Standard pages, a First Page without, the accent colour."""
    title = html.escape(page.title, quote=False)
    footer = (
        f"{html.escape(page.edition_line, quote=False)} <text:tab/>{html.escape(page.page)} "
        '<text:page-number text:select-page="current">1</text:page-number> '
        f"{html.escape(page.of)} <text:page-count>1</text:page-count>"
    )
    master = next(
        (
            m
            for m in re.finditer(
                r"<style:master-page\b([^>]*?)(?:/>|>(.*?)</style:master-page>)", styles, re.DOTALL
            )
            if 'style:name="Standard"' in m[1]
        ),
        None,
    )
    if master is not None:
        inner = master[2] or ""
        empty = r'<style:{0}>\s*<text:p text:style-name="{1}"\s*/>\s*</style:{0}>'
        for kind, style, text in (("header", "Header", title), ("footer", "Footer", footer)):
            filled = (
                f'<style:{kind}><text:p text:style-name="{style}">{text}</text:p></style:{kind}>'
            )
            if re.search(empty.format(kind, style), inner):
                inner = re.sub(empty.format(kind, style), lambda _, f=filled: f, inner)
            elif f"<style:{kind}>" not in inner and f"<style:{kind} " not in inner:
                inner = filled + inner if kind == "header" else _after_headers(inner, filled)
        styles = (
            styles[: master.start()]
            + f"<style:master-page{master[1]}>{inner}</style:master-page>"
            + styles[master.end() :]
        )
        if 'style:name="First_20_Page"' not in styles:
            layout = re.search(r'style:page-layout-name="([^"]+)"', master[1])
            styles = styles.replace(
                "</office:master-styles>",
                '<style:master-page style:name="First_20_Page" style:display-name="First Page" '
                f'style:page-layout-name="{layout[1] if layout else ""}" '
                'style:next-style-name="Standard"/></office:master-styles>',
            )
    if page.accent:
        styles = re.sub(f"#{DEFAULT_ACCENT}", f"#{page.accent}", styles, flags=re.IGNORECASE)
    return styles


def _after_headers(inner: str, footer: str) -> str:
    ends = [m.end() for m in re.finditer(r"</style:header(?:-left|-first)?>", inner)]
    at = max(ends, default=0)
    return inner[:at] + footer + inner[at:]


def _frame(match: re.Match[str], alt: str, width: float) -> str:
    attributes, inner = match.group(1), match.group(2)
    sizes = {key: float(value) * _POINTS[unit] for key, value, unit in _SIZE.findall(attributes)}
    if sizes.get("width", 0) > width and sizes.get("height"):
        scale = width / sizes["width"]
        attributes = _SIZE.sub(lambda m: f'svg:{m[1]}="{sizes[m[1]] * scale:.1f}pt"', attributes)
    if alt and "<svg:desc>" not in inner:
        text = html.escape(alt, quote=False)
        inner += f"<svg:title>{text}</svg:title><svg:desc>{text}</svg:desc>"
    return f"<draw:frame{attributes}>{inner}</draw:frame>"


def text_width(styles: str) -> float:
    """The width between the margins of the first page layout, in points."""
    layout = _LAYOUT.search(styles)
    if layout is None:
        return DEFAULT_TEXT_WIDTH
    values = dict(
        re.findall(r'fo:(page-width|margin-left|margin-right)="([0-9.]+[a-z]+)"', layout[0])
    )
    try:
        page, left, right = (
            _points(values[key]) for key in ("page-width", "margin-left", "margin-right")
        )
    except (KeyError, ValueError):
        return DEFAULT_TEXT_WIDTH
    return page - left - right


def _points(value: str) -> float:
    number, unit = re.fullmatch(r"([0-9.]+)([a-z]+)", value).groups()  # type: ignore[union-attr]
    return float(number) * _POINTS[unit]


def image_alts(blocks: list) -> list[str]:
    """The alt text of every image in a pandoc JSON AST, in document order."""
    return [plain_text(image["c"][1]) for image in nodes_of(blocks, "Image")]
