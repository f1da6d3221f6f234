"""What pandoc 3.9's DOCX writer leaves to Word, done after it has written the file.

- Contents: the writer puts an empty TOC field in the file for Word to fill, which happens
  only when Word updates fields; LibreOffice and viewers show an empty page. In its place
  come the entries (the level-1 and level-2 headings with their numbers, each a link to a
  `_Toc` bookmark on its heading) with their pages as PAGEREF fields, and settings.xml asks
  Word to update fields on opening. They are not the result of a TOC field: LibreOffice shows
  a TOC field's result as stored, page numbers included, which only a layout knows; a
  PAGEREF outside it LibreOffice computes when it lays out (measured with 7.4). Word's
  "Insert Table of Contents" replaces the list, which stays in the Table of Contents block.
- Page furniture: a header with the title and a footer with the edition line and
  "Pagina X van Y" (PAGE and NUMPAGES fields) on every page but the title page (titlePg). A
  reference document with a header of its own keeps it.
- SVG pictures: pandoc writes the SVG alone; a PNG drawn from it (Typst, with the PDF's
  fonts) is added as the picture Word's format requires, the SVG staying as its extension.
- The logo above the title, with its alt text: a PNG (drawn by Typst) with the SVG beside
  it as Word's svgBlip extension, so Word shows the SVG and other readers the PNG.
- The accent colour of document.yaml in place of the reference document's house accent.
- Tables: fixed column widths in which every column holds its longest word (see
  office.column_widths), no hyphenation in cells; pandoc already repeats the header row.

The file is rewritten entry by entry, keeping each entry's order, date and compression; new
entries come last, dated like the document part, so a build stays reproducible.
"""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path

from ..text.glyphs import font_folders
from ..text.images import svg_to_png
from .office import DEFAULT_ACCENT, Furniture, column_widths, furniture, logo_png, read_meta

_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_REL = _R + "/"
_TYPES = "application/vnd.openxmlformats-officedocument.wordprocessingml."
_SVG_EXTENSION = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"
_SVG_NS = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"
_EMU_PER_CM = 360000
TWIPS_PER_POINT = 20
DEFAULT_TEXT_WIDTH = 9070  # twips: A4 with 2.5 cm margins
CELL_FONT_SIZE = 10.5  # points: the Compact style of the reference document
CELL_PADDING = 12.0  # points: the cell margins (2 x 108 twips) and a little air

_HEADING = re.compile(
    r'(<w:bookmarkStart w:id="\d+" w:name="([^"]+)" />\s*)?'
    r'<w:p><w:pPr><w:pStyle w:val="Heading([12])" />(.*?)</w:pPr>(.*?)</w:p>',
    re.DOTALL,
)
_TOC_FIELD = re.compile(
    r'<w:p><w:r><w:fldChar w:fldCharType="begin"[^>]*/>'
    r'(<w:instrText xml:space="preserve">TOC [^<]*</w:instrText>)'
    r'<w:fldChar w:fldCharType="separate" /><w:fldChar w:fldCharType="end" /></w:r></w:p>'
)
_TEXT = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>|<w:tab ?/>")
_TABLE = re.compile(r"<w:tbl>((?:(?!<w:tbl>).)*?)</w:tbl>", re.DOTALL)


def finish_docx(path: Path, ast_path: Path) -> None:
    """Contents, header and footer, logo, accent colour and table widths (see the module)."""
    meta = read_meta(ast_path.read_text(encoding="utf-8"))
    page = furniture(meta, path.parent)
    with zipfile.ZipFile(path) as archive:
        entries = [(info, archive.read(info)) for info in archive.infolist()]
    parts = {info.filename: data for info, data in entries}
    text = {
        name: parts[name].decode("utf-8")
        for name in ("word/document.xml", "word/styles.xml", "word/settings.xml")
    }
    package = _Package(parts)
    document = fill_contents(space_numbers(text["word/document.xml"]))
    document = fit_tables(document, text_width(document))
    document = add_svg_fallbacks(document, parts, package, path.parent)
    if page.logo is not None:
        document = _add_logo(document, page, package)
    document = _add_furniture(document, page, package)
    parts["word/document.xml"] = document.encode("utf-8")
    settings = update_fields_on_open(text["word/settings.xml"])
    if REVIEW in meta:  # the review file of `roledoc review export`
        settings = track_changes(settings)
        document = number_lines(document)
        text["word/styles.xml"] = grey_editors_text(text["word/styles.xml"])
        parts["word/document.xml"] = document.encode("utf-8")
        parts["word/styles.xml"] = text["word/styles.xml"].encode("utf-8")
    parts["word/settings.xml"] = settings.encode("utf-8")
    if page.accent:
        parts["word/styles.xml"] = (
            text["word/styles.xml"]
            .replace(f'w:val="{DEFAULT_ACCENT}"', f'w:val="{page.accent}"')
            .replace(f'w:color="{DEFAULT_ACCENT}"', f'w:color="{page.accent}"')
            .encode("utf-8")
        )
    parts.update(package.changed())
    stamp = next(info for info, _ in entries if info.filename == "word/document.xml")
    with zipfile.ZipFile(path, "w") as archive:
        for info, _ in entries:
            archive.writestr(info, parts[info.filename])
        for name, data in package.added.items():
            info = zipfile.ZipInfo(name, date_time=stamp.date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)


class _Package:
    """The relationships and content types of the document part, and the parts added."""

    def __init__(self, parts: dict[str, bytes]) -> None:
        self.rels = parts["word/_rels/document.xml.rels"].decode("utf-8")
        self.types = parts["[Content_Types].xml"].decode("utf-8")
        self.added: dict[str, bytes] = {}

    def add(self, name: str, data: bytes, content_type: str, kind: str) -> str:
        """Add part word/<name>; returns its relationship id."""
        rel_id = "rIdRoledoc" + re.sub(r"[^A-Za-z0-9]", "", name.title())
        self.added["word/" + name] = data
        self.rels = self.rels.replace(
            "</Relationships>",
            f'<Relationship Id="{rel_id}" Type="{_REL}{kind}" Target="{name}" /></Relationships>',
        )
        self.types = self.types.replace(
            "</Types>",
            f'<Override PartName="/word/{name}" ContentType="{content_type}" /></Types>',
        )
        return rel_id

    def changed(self) -> dict[str, bytes]:
        return {
            "word/_rels/document.xml.rels": self.rels.encode("utf-8"),
            "[Content_Types].xml": self.types.encode("utf-8"),
        }


def _plain(xml: str) -> str:
    """The text of runs: w:t contents, a tab as a tab."""
    return "".join(html.unescape(m[1]) if m[1] is not None else "\t" for m in _TEXT.finditer(xml))


_NUMBER_TAB = re.compile(
    r'(<w:r><w:rPr><w:rStyle w:val="SectionNumber" /></w:rPr><w:t xml:space="preserve">'
    r"[0-9.]+)(</w:t></w:r>)<w:r><w:tab /></w:r>"
)


def space_numbers(document: str) -> str:
    """A space, not a tab, between a heading's number and its title, as in the PDF: the tab
    jumps to the next default stop, and text taken from a PDF made of the file (copying,
    search, a screen reader) runs number and title together ("1Inleiding")."""
    return _NUMBER_TAB.sub(r"\1 \2", document)


def fill_contents(document: str) -> str:
    """The contents: in place of the empty TOC field, an entry per level-1/2 heading, linked
    to a `_Toc` bookmark on it (Word's own kind), with its page as a PAGEREF field."""
    field = _TOC_FIELD.search(document)
    if field is None:
        return document
    first_id = 1 + max((int(i) for i in re.findall(r'w:id="(\d+)"', document)), default=0)
    entries: list[str] = []

    def mark(match: re.Match[str]) -> str:
        name, bookmark_id = f"_Toc{len(entries) + 1:08d}", first_id + len(entries)
        page = _field(f" PAGEREF {name} \\h ", "")
        entries.append(
            f'<w:p><w:pPr><w:pStyle w:val="TOC{match[3]}" /></w:pPr>'
            f'<w:hyperlink w:anchor="{name}" w:history="1">{_t(_plain(match[5]))}'
            f"<w:r><w:tab /></w:r>{page}</w:hyperlink></w:p>"
        )
        return (
            f'{match[1] or ""}<w:p><w:pPr><w:pStyle w:val="Heading{match[3]}" />{match[4]}'
            f'</w:pPr><w:bookmarkStart w:id="{bookmark_id}" w:name="{name}" />{match[5]}'
            f'<w:bookmarkEnd w:id="{bookmark_id}" /></w:p>'
        )

    after = _HEADING.sub(mark, document[field.end() :])
    return document[: field.start()] + "".join(entries) + after


def _t(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{html.escape(text, quote=False)}</w:t></w:r>'


def _field(instruction: str, result: str) -> str:
    """A complex field: Word shows `result` until it computes the field."""
    return (
        '<w:r><w:fldChar w:fldCharType="begin" /></w:r>'
        f'<w:r><w:instrText xml:space="preserve">{instruction}</w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate" /></w:r>'
        f"{_t(result) if result else ''}"
        '<w:r><w:fldChar w:fldCharType="end" /></w:r>'
    )


# CT_Settings is a sequence: updateFields comes before these.
_AFTER_UPDATE_FIELDS = (
    "w:hdrShapeDefaults",
    "w:footnotePr",
    "w:endnotePr",
    "w:compat",
    "w:docVars",
    "w:rsids",
    "m:mathPr",
    "w:attachedSchema",
    "w:themeFontLang",
    "w:clrSchemeMapping",
    "w:decimalSymbol",
    "w:listSeparator",
)


def update_fields_on_open(settings: str) -> str:
    """settings.xml asking Word to update the fields (contents, page numbers) on opening."""
    if "<w:updateFields" in settings:
        return settings
    element = '<w:updateFields w:val="true" />'
    positions = [settings.find("<" + name) for name in _AFTER_UPDATE_FIELDS]
    position = min((p for p in positions if p >= 0), default=settings.rfind("</w:settings>"))
    return settings[:position] + element + settings[position:]


REVIEW = "roledoc-review-commit"  # in the metadata of the review file (pipeline/review/export.py)
# CT_Settings is a sequence: trackRevisions comes before these.
_AFTER_TRACK_REVISIONS = (
    "w:doNotTrackMoves",
    "w:doNotTrackFormatting",
    "w:documentProtection",
    "w:autoFormatOverride",
    "w:styleLockTheme",
    "w:styleLockQFSet",
    "w:defaultTabStop",
)
# CT_SectPr is a sequence: lnNumType comes before these.
_AFTER_LINE_NUMBERS = (
    "w:pgNumType",
    "w:cols",
    "w:formProt",
    "w:vAlign",
    "w:noEndnote",
    "w:titlePg",
    "w:textDirection",
    "w:bidi",
    "w:rtlGutter",
    "w:docGrid",
)
EDITORS_STYLE = "EditorsText"


def track_changes(settings: str) -> str:
    """settings.xml with Track Changes on: Word and LibreOffice record every edit."""
    if "<w:trackRevisions" in settings:
        return settings
    positions = [settings.find("<" + name) for name in _AFTER_TRACK_REVISIONS]
    position = min((p for p in positions if p >= 0), default=settings.rfind("</w:settings>"))
    return settings[:position] + "<w:trackRevisions />" + settings[position:]


def number_lines(document: str) -> str:
    """Every section's lines numbered in the margin, counting on across pages, so that a
    reviewer can say "line 212"."""

    def numbered(match: re.Match[str]) -> str:
        section = match[0]
        if "<w:lnNumType" in section:
            return section
        positions = [section.find("<" + name) for name in _AFTER_LINE_NUMBERS]
        position = min((p for p in positions if p >= 0), default=section.rfind("</w:sectPr>"))
        element = '<w:lnNumType w:countBy="1" w:distance="283" w:restart="continuous" />'
        return section[:position] + element + section[position:]

    return re.sub(r"<w:sectPr\b.*?</w:sectPr>", numbered, document, flags=re.DOTALL)


def grey_editors_text(styles: str) -> str:
    """The editors' text (pandoc's custom style "Editors Text") in a light grey box."""
    style = (
        f'<w:style w:type="paragraph" w:customStyle="1" w:styleId="{EDITORS_STYLE}">'
        '<w:name w:val="Editors Text" /><w:basedOn w:val="BodyText" /><w:qFormat />'
        '<w:pPr><w:shd w:val="clear" w:color="auto" w:fill="EDEDED" />'
        '<w:ind w:left="142" w:right="142" /></w:pPr></w:style>'
    )
    pattern = rf'<w:style\b[^>]*w:styleId="{EDITORS_STYLE}"[^>]*>.*?</w:style>'
    if re.search(pattern, styles, flags=re.DOTALL):
        return re.sub(pattern, lambda _m: style, styles, count=1, flags=re.DOTALL)
    return styles.replace("</w:styles>", style + "</w:styles>")


def text_width(document: str) -> int:
    """The width between the margins of the (last) section, in twips."""
    size = re.search(r'<w:pgSz [^>]*w:w="(\d+)"', document)
    left = re.search(r'<w:pgMar [^>]*w:left="(\d+)"', document)
    right = re.search(r'<w:pgMar [^>]*w:right="(\d+)"', document)
    if not (size and left and right):
        return DEFAULT_TEXT_WIDTH
    return int(size[1]) - int(left[1]) - int(right[1])


def fit_tables(document: str, width: int) -> str:
    return _TABLE.sub(lambda match: _fit_table(match[0], width), document)


def _fit_table(table: str, width: int) -> str:
    grid = [int(w) for w in re.findall(r'<w:gridCol w:w="(\d+)"', table)]
    if not grid:
        return table
    columns: list[list[tuple[str, bool]]] = [[] for _ in grid]
    for row in re.findall(r"<w:tr>.*?</w:tr>", table, re.DOTALL):
        header = "<w:tblHeader" in row
        column = 0
        for cell in re.findall(r"<w:tc>.*?</w:tc>", row, re.DOTALL):
            span = re.search(r'<w:gridSpan w:val="(\d+)"', cell)
            if span is None and column < len(grid):
                columns[column].append((_plain(cell), header))
            column += int(span[1]) if span else 1
    given = None if len(set(grid)) == 1 else [float(w) for w in grid]
    points = column_widths(columns, width / TWIPS_PER_POINT, CELL_FONT_SIZE, CELL_PADDING, given)
    twips = [round(p * TWIPS_PER_POINT) for p in points]
    table = re.sub(
        r"<w:tblGrid>.*?</w:tblGrid>",
        "<w:tblGrid>" + "".join(f'<w:gridCol w:w="{w}" />' for w in twips) + "</w:tblGrid>",
        table,
        count=1,
        flags=re.DOTALL,
    )
    table = re.sub(r"<w:tblW [^>]*/>", f'<w:tblW w:type="dxa" w:w="{sum(twips)}" />', table)
    table = re.sub(r"<w:tblLayout [^>]*/>", "", table)
    table = table.replace("</w:tblPr>", '<w:tblLayout w:type="fixed" /></w:tblPr>', 1)
    table = re.sub(
        r"<w:tr>.*?</w:tr>", lambda row: _size_cells(row[0], twips), table, flags=re.DOTALL
    )
    table = re.sub(r"<w:pPr>(.*?)</w:pPr>", _no_hyphens, table, flags=re.DOTALL)
    return re.sub(r"<w:p>(?!\s*<w:pPr>)", "<w:p><w:pPr><w:suppressAutoHyphens /></w:pPr>", table)


# CT_PPrBase is a sequence: suppressAutoHyphens comes before these.
_AFTER_SUPPRESS_HYPHENS = re.compile(
    r"<w:(?:kinsoku|wordWrap|overflowPunct|topLinePunct|autoSpaceDE|autoSpaceDN|bidi|"
    r"adjustRightInd|snapToGrid|spacing|ind|contextualSpacing|mirrorIndents|suppressOverlap|"
    r"jc|textDirection|textAlignment|textboxTightWrap|outlineLvl|divId|cnfStyle|rPr|sectPr|"
    r"pPrChange)\b"
)


def _no_hyphens(properties: re.Match[str]) -> str:
    body = properties[1]
    if "<w:suppressAutoHyphens" in body:
        return properties[0]
    later = _AFTER_SUPPRESS_HYPHENS.search(body)
    at = later.start() if later else len(body)
    return f"<w:pPr>{body[:at]}<w:suppressAutoHyphens />{body[at:]}</w:pPr>"


def _size_cells(row: str, twips: list[int]) -> str:
    column = 0
    pieces = []
    for cell in re.split(r"(<w:tc>.*?</w:tc>)", row, flags=re.DOTALL):
        if not cell.startswith("<w:tc>"):
            pieces.append(cell)
            continue
        span = re.search(r'<w:gridSpan w:val="(\d+)"', cell)
        count = int(span[1]) if span else 1
        width = f'<w:tcW w:w="{sum(twips[column : column + count])}" w:type="dxa" />'
        column += count
        cell = re.sub(r"<w:tcW [^>]*/>", "", cell)
        if "<w:tcPr />" in cell:
            cell = cell.replace("<w:tcPr />", f"<w:tcPr>{width}</w:tcPr>", 1)
        elif "<w:tcPr>" in cell:
            cell = cell.replace("<w:tcPr>", f"<w:tcPr>{width}", 1)
        else:
            cell = cell.replace("<w:tc>", f"<w:tc><w:tcPr>{width}</w:tcPr>", 1)
        pieces.append(cell)
    return "".join(pieces)


_SVG_ONLY = re.compile(
    r'<a:blip>(<a:extLst>(?:(?!</a:extLst>).)*?<asvg:svgBlip [^>]*r:embed="([^"]+)"'
    r"(?:(?!</a:extLst>).)*</a:extLst>)</a:blip>",
    re.DOTALL,
)


def add_svg_fallbacks(
    document: str, parts: dict[str, bytes], package: _Package, staging: Path
) -> str:
    """Give every SVG picture the PNG that Word's format asks for beside it: pandoc writes
    the SVG alone, which Word before 2016 and LibreOffice show as an empty frame. The PNG is
    drawn by Typst with the PDF's fonts (images.svg_to_png), so it looks as in the PDF."""
    fonts = [*font_folders(), str(staging / "templates" / "fonts")]
    targets = {}
    for element in re.findall(r"<Relationship\b([^>]*)>", package.rels):
        attributes = dict(re.findall(r'(\w+)="([^"]*)"', element))
        targets[attributes.get("Id", "")] = attributes.get("Target", "")

    def fallback(match: re.Match[str]) -> str:
        target = targets.get(match[2], "")
        svg = parts.get("word/" + target)
        if svg is None:
            return match[0]
        png = svg_to_png(svg, fonts)
        png_id = package.add(str(Path(target).with_suffix(".png")), png, "image/png", "image")
        return f'<a:blip r:embed="{png_id}">{match[1]}</a:blip>'

    return _SVG_ONLY.sub(fallback, document)


def _add_logo(document: str, page: Furniture, package: _Package) -> str:
    """The logo in a paragraph of its own before the title paragraph."""
    assert page.logo is not None
    title = re.search(r'<w:p>\s*<w:pPr>\s*<w:pStyle w:val="Title" />', document)
    if title is None:
        return document
    png, width_px, height_px = logo_png(page.logo)
    png_id = package.add("media/roledoc-logo.png", png, "image/png", "image")
    extension = ""
    if page.logo.suffix.lower() == ".svg":
        svg_id = package.add(
            "media/roledoc-logo.svg", page.logo.read_bytes(), "image/svg+xml", "image"
        )
        extension = (
            f'<a:extLst><a:ext uri="{_SVG_EXTENSION}"><asvg:svgBlip xmlns:asvg="{_SVG_NS}" '
            f'r:embed="{svg_id}" /></a:ext></a:extLst>'
        )
    height = round(1.6 * _EMU_PER_CM)
    width = round(height * width_px / height_px)
    drawing_id = 1 + max((int(i) for i in re.findall(r'<wp:docPr id="(\d+)"', document)), default=0)
    alt = html.escape(page.logo_alt)
    drawing = (
        '<w:p><w:pPr><w:spacing w:before="0" w:after="240" /></w:pPr><w:r><w:drawing>'
        '<wp:inline distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent cx="{width}" cy="{height}" /><wp:effectExtent l="0" t="0" r="0" b="0" />'
        f'<wp:docPr id="{drawing_id}" name="Logo" descr="{alt}" />'
        '<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1" /></wp:cNvGraphicFramePr>'
        '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        f'<pic:pic><pic:nvPicPr><pic:cNvPr id="0" name="roledoc-logo.png" descr="{alt}" />'
        f'<pic:cNvPicPr /></pic:nvPicPr><pic:blipFill><a:blip r:embed="{png_id}">{extension}'
        "</a:blip><a:stretch><a:fillRect /></a:stretch></pic:blipFill><pic:spPr>"
        f'<a:xfrm><a:off x="0" y="0" /><a:ext cx="{width}" cy="{height}" /></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst /></a:prstGeom></pic:spPr></pic:pic>'
        "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"
    )
    return document[: title.start()] + drawing + document[title.start() :]


def _add_furniture(document: str, page: Furniture, package: _Package) -> str:
    """Header and footer on every page but the first; none when the section has its own."""
    sections = list(re.finditer(r"<w:sectPr>(.*?)</w:sectPr>", document, re.DOTALL))
    if not sections or "<w:headerReference" in sections[-1][1]:
        return document
    section = sections[-1]
    header = _part("hdr", "Header", _t(page.title))
    footer = _part(
        "ftr",
        "Footer",
        _t(page.edition_line)
        + _t(" ")  # a space before the tab, so that text taken from a PDF keeps the words apart
        + "<w:r><w:tab /></w:r>"
        + _t(f"{page.page} ")
        + _field(" PAGE ", "1")
        + _t(f" {page.of} ")
        + _field(" NUMPAGES ", "1"),
    )
    references = []
    for kind, which, name, part in (
        ("header", "default", "header1.xml", header),
        ("header", "first", "header2.xml", _part("hdr", "Normal", "")),
        ("footer", "default", "footer1.xml", footer),
        ("footer", "first", "footer2.xml", _part("ftr", "Normal", "")),
    ):
        rel_id = package.add(name, part, f"{_TYPES}{kind}+xml", kind)
        references.append(f'<w:{kind}Reference w:type="{which}" r:id="{rel_id}" />')
    body = section[1]
    later = re.search(r"<w:(?:textDirection|bidi|rtlGutter|docGrid|printerSettings)\b", body)
    at = later.start() if later else len(body)
    body = "".join(references) + body[:at] + "<w:titlePg />" + body[at:]
    return document[: section.start(1)] + body + document[section.end(1) :]


def _part(root: str, style: str, runs: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:{root} xmlns:w="{_W}" xmlns:r="{_R}"><w:p><w:pPr><w:pStyle w:val="{style}" />'
        f"</w:pPr>{runs}</w:p></w:{root}>"
    ).encode()
