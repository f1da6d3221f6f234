"""Make the house-style reference documents for DOCX and ODT from pandoc's own defaults.

    python tools/reference_docs.py

writes pipeline/defaults/docx/reference.docx and pipeline/defaults/odt/reference.odt. The
results are committed; run this again only to change the house style. The styles are those
pandoc uses (Title, Heading 1-4, Caption, Table...) plus roledoc's own paragraph styles
(Byline, Status Note, Draft Notice, Colophon, Edition), the contents list (TOC 1-2) and the
page header and footer, in Source Sans Pro on A4. Headings, bylines and status notes keep with
the next paragraph (and their own lines together), so that neither Word nor LibreOffice ends a
page with a heading; a figure's caption ("Figuur 1: ...", numbered by pandoc's
`native_numbering`) is 9 pt, as in the PDF. The accent colour here is the house default:
pipeline/formats/docx.py and pipeline/formats/odt.py put the document's own in its place, and
write the header, footer, logo and contents entries, which depend on the document.
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pypandoc

ROOT = Path(__file__).resolve().parent.parent
DEFAULTS = ROOT / "pipeline" / "defaults"
FONT = "Source Sans Pro"  # the PDF's font (PyPI font-source-sans-pro)
FONT_NEW_NAME = "Source Sans 3"  # Adobe's name for it since version 3
# A4 with 2.5 cm margins, in twentieths of a point; the header and footer 1.25 cm from the edge.
PAGE = (11906, 16838)
MARGIN = 1418
HEADER_DISTANCE = 709
TEXT_WIDTH = PAGE[0] - 2 * MARGIN
ACCENT = "00529B"
INK = "1B1B1B"
MUTED = "4A4A4A"
RULE = "C8C8C8"
DRAFT = "8A4B00"
CAPTION_SIZE = 9  # points: the PDF's figure.caption (pipeline/defaults/typst/template.typ)
KEEP = "<w:keepNext/><w:keepLines/>"  # on the page of the next paragraph, lines together
ODT_KEEP = ' fo:keep-with-next="always" fo:keep-together="always"'  # the same in ODT


def _run(font: str = FONT, size: int = 21, colour: str = INK, extra: str = "") -> str:
    return (
        f'<w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" w:cs="{font}"/>'
        f'{extra}<w:color w:val="{colour}"/><w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr>'
    )


def _paragraph_style(
    style_id: str, name: str, based_on: str, ppr: str, rpr: str, custom: bool = False
) -> str:
    flag = ' w:customStyle="1"' if custom else ""
    return (
        f'<w:style w:type="paragraph"{flag} w:styleId="{style_id}"><w:name w:val="{name}"/>'
        f'<w:basedOn w:val="{based_on}"/><w:next w:val="BodyText"/><w:qFormat/>'
        f"<w:pPr>{ppr}</w:pPr>{rpr}</w:style>"
    )


def _heading(level: int, size: int, colour: str, before: int, page_break: bool) -> str:
    ppr = (
        ("<w:pageBreakBefore/>" if page_break else "")
        + KEEP
        + f'<w:spacing w:before="{before}" w:after="120"/>'
        + f'<w:outlineLvl w:val="{level - 1}"/>'
    )
    return _paragraph_style(
        f"Heading{level}",
        f"heading {level}",
        "Normal",
        ppr,
        _run(size=size, colour=colour, extra="<w:b/>"),
    )


STYLES = {
    "Title": _paragraph_style(
        "Title",
        "Title",
        "Normal",
        # the accent bar beside title and subtitle, as on the PDF's title page
        f'<w:pBdr><w:left w:val="single" w:sz="24" w:space="12" w:color="{ACCENT}"/></w:pBdr>'
        '<w:spacing w:before="1800" w:after="240"/><w:ind w:left="284"/>',
        _run(size=52, colour=INK, extra="<w:b/>"),
    ),
    "Subtitle": _paragraph_style(
        "Subtitle",
        "Subtitle",
        "Title",
        '<w:spacing w:before="0" w:after="480"/>',
        _run(size=30, colour=MUTED, extra='<w:b w:val="0"/>'),
    ),
    "Author": _paragraph_style(
        "Author",
        "Author",
        "Normal",
        '<w:spacing w:before="2400" w:after="60"/>',
        _run(size=18, colour=ACCENT, extra='<w:b/><w:caps/><w:spacing w:val="20"/>'),
        custom=True,
    ),
    "Date": _paragraph_style(
        "Date", "Date", "Normal", '<w:spacing w:after="60"/>', _run(size=19, colour=MUTED)
    ),
    "Heading1": _heading(1, 36, ACCENT, 240, page_break=True),
    "Heading2": _heading(2, 28, INK, 360, page_break=False),
    "Heading3": _heading(3, 24, INK, 240, page_break=False),
    "Heading4": _heading(4, 22, INK, 200, page_break=False),
    "Caption": _paragraph_style(
        "Caption",
        "caption",
        "Normal",
        '<w:spacing w:before="60" w:after="200"/>',
        _run(size=2 * CAPTION_SIZE, colour=MUTED, extra="<w:i/>"),
    ),
}

EXTRA = [
    _paragraph_style(
        "Byline",
        "Byline",
        "Normal",
        # a byline and a status note stay with their heading above and the text below
        KEEP + '<w:spacing w:before="0" w:after="160"/>',
        _run(size=18, colour=MUTED),
        custom=True,
    ),
    _paragraph_style(
        "StatusNote",
        "Status Note",
        "Normal",
        KEEP + '<w:shd w:val="clear" w:color="auto" w:fill="FFF3E0"/><w:spacing w:after="160"/>',
        _run(size=21, colour=DRAFT, extra="<w:b/>"),
        custom=True,
    ),
    _paragraph_style(
        "DraftNotice",
        "Draft Notice",
        "Normal",
        '<w:pBdr><w:top w:val="single" w:sz="8" w:space="4" w:color="' + DRAFT + '"/>'
        '<w:bottom w:val="single" w:sz="8" w:space="4" w:color="' + DRAFT + '"/></w:pBdr>'
        '<w:spacing w:after="240"/>',
        _run(size=21, colour=DRAFT, extra="<w:b/>"),
        custom=True,
    ),
    _paragraph_style(
        "Colophon",
        "Colophon",
        "Normal",
        '<w:spacing w:after="120"/>',
        _run(size=19, colour=INK),
        custom=True,
    ),
    _paragraph_style(
        "Edition",
        "Edition",
        "Normal",
        '<w:spacing w:before="480" w:after="120"/>',
        _run(size=22, colour=ACCENT, extra="<w:b/>"),
        custom=True,
    ),
]


# The contents list: Word's own style names, so "Update Table" in Word keeps the look. The
# number of an entry stands before a tab, its page at the right margin after dot leaders.
def _toc_style(level: int, indent: int, size: int, bold: bool) -> str:
    number_tab = indent + (440 if level == 1 else 620)
    return _paragraph_style(
        f"TOC{level}",
        f"toc {level}",
        "Normal",
        f'<w:tabs><w:tab w:val="left" w:pos="{number_tab}"/>'
        f'<w:tab w:val="right" w:leader="dot" w:pos="{TEXT_WIDTH}"/></w:tabs>'
        f'<w:spacing w:before="{120 if level == 1 else 0}" w:after="40"/>'
        f'<w:ind w:left="{number_tab}" w:right="567" w:hanging="{number_tab - indent}"/>',
        _run(size=size, colour=INK, extra="<w:b/>" if bold else ""),
    )


EXTRA += [
    _toc_style(1, 0, 21, bold=True),
    _toc_style(2, 0, 21, bold=False),
    _paragraph_style(
        "Header",
        "header",
        "Normal",
        f'<w:pBdr><w:bottom w:val="single" w:sz="4" w:space="4" w:color="{RULE}"/></w:pBdr>'
        f'<w:tabs><w:tab w:val="right" w:pos="{TEXT_WIDTH}"/></w:tabs><w:spacing w:after="0"/>',
        _run(size=17, colour=MUTED),
    ),
    _paragraph_style(
        "Footer",
        "footer",
        "Normal",
        f'<w:tabs><w:tab w:val="right" w:pos="{TEXT_WIDTH}"/></w:tabs><w:spacing w:after="0"/>',
        _run(size=17, colour=MUTED),
    ),
]

TOC_HEADING = (
    '<w:style w:type="paragraph" w:styleId="TOCHeading"><w:name w:val="TOC Heading"/>'
    '<w:basedOn w:val="Heading1"/><w:next w:val="TOC1"/><w:uiPriority w:val="39"/>'
    '<w:unhideWhenUsed/><w:qFormat/><w:pPr><w:outlineLvl w:val="9"/></w:pPr></w:style>'
)

# A GitHub alert: its title and body share a tinted block with a left border (Word joins
# the borders of adjacent paragraphs with the same settings into one bar).
ALERT_BLOCK = (
    '<w:pBdr><w:left w:val="single" w:sz="24" w:space="8" w:color="0969DA"/></w:pBdr>'
    '<w:shd w:val="clear" w:color="auto" w:fill="EEF5FC"/><w:ind w:left="240" w:right="120"/>'
)
EXTRA += [
    _paragraph_style(
        "AlertTitle",
        "Alert Title",
        "Normal",
        "<w:keepNext/>" + ALERT_BLOCK + '<w:spacing w:before="240" w:after="60"/>',
        _run(size=21, colour="0A4F9E", extra="<w:b/>"),
        custom=True,
    ),
    _paragraph_style(
        "Alert",
        "Alert",
        "Normal",
        ALERT_BLOCK + '<w:spacing w:before="0" w:after="120"/>',
        _run(size=21, colour=INK),
        custom=True,
    ),
]

TABLE = (
    '<w:style w:type="table" w:default="1" w:styleId="Table"><w:name w:val="Table"/>'
    '<w:basedOn w:val="TableNormal"/><w:qFormat/><w:tblPr>'
    "<w:tblBorders>"
    + "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="C8C8C8"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    + '</w:tblBorders><w:tblCellMar><w:top w:w="60" w:type="dxa"/>'
    '<w:left w:w="108" w:type="dxa"/><w:bottom w:w="60" w:type="dxa"/>'
    '<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr>'
    '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/></w:rPr><w:tblPr/><w:trPr><w:tblHeader/></w:trPr>'
    '<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="E8F0F8"/></w:tcPr></w:tblStylePr>'
    "</w:style>"
)


def _replace_style(xml: str, style_id: str, replacement: str) -> str:
    pattern = re.compile(
        r'<w:style w:type="[a-z]+"(?: w:default="1")?(?: w:customStyle="1")? w:styleId="'
        + re.escape(style_id)
        + r'">.*?</w:style>',
        re.DOTALL,
    )
    new, count = pattern.subn(lambda _: replacement, xml)
    if count != 1:
        raise SystemExit(f"style {style_id} found {count} times in pandoc's reference.docx")
    return new


def docx_styles(xml: str) -> str:
    xml = re.sub(
        r"<w:rPrDefault>.*?</w:rPrDefault>",
        "<w:rPrDefault>"
        + _run().replace("<w:color", '<w:lang w:val="nl-NL"/><w:color')
        + "</w:rPrDefault>",
        xml,
        count=1,
        flags=re.DOTALL,
    )
    for style_id, replacement in STYLES.items():
        xml = _replace_style(xml, style_id, replacement)
    xml = _replace_style(xml, "Table", TABLE)
    xml = _replace_style(xml, "TOCHeading", TOC_HEADING)
    xml = xml.replace(
        '<w:color w:val="4F81BD" w:themeColor="accent1" />', f'<w:color w:val="{ACCENT}"/>'
    )
    return xml.replace("</w:styles>", "".join(EXTRA) + "</w:styles>")


def docx_fonts(xml: str) -> str:
    """Declare the font with its newer name and its kind, so that Word, lacking it, takes a
    sans-serif of similar proportions rather than its default serif."""
    entry = (
        f'<w:font w:name="{FONT}"><w:altName w:val="{FONT_NEW_NAME}"/>'
        '<w:panose1 w:val="020B0503030403020204"/><w:charset w:val="00"/>'
        '<w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font>'
    )
    return re.sub(r"(<w:fonts\b[^>]*>)", lambda m: m[1] + entry, xml, count=1)


def docx_section(xml: str) -> str:
    """A4 with 2.5 cm margins; pandoc takes the page set-up from here."""
    setup = (
        f'<w:pgSz w:w="{PAGE[0]}" w:h="{PAGE[1]}"/><w:pgMar w:top="{MARGIN}" '
        f'w:right="{MARGIN}" w:bottom="{MARGIN}" w:left="{MARGIN}" w:header="{HEADER_DISTANCE}" '
        f'w:footer="{HEADER_DISTANCE}" w:gutter="0"/>'
    )
    new, count = re.subn(r"(</w:footnotePr>\s*)(</w:sectPr>)", rf"\1{setup}\2", xml)
    if count != 1:
        raise SystemExit("no section properties in pandoc's reference.docx")
    return new


def _rewrite_zip(source: bytes, target: Path, change: dict[str, callable]) -> None:
    import io

    with (
        zipfile.ZipFile(io.BytesIO(source)) as original,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as result,
    ):
        for info in original.infolist():
            data = original.read(info.filename)
            if info.filename in change:
                data = change[info.filename](data.decode("utf-8")).encode("utf-8")
            info.date_time = (2017, 1, 1, 0, 0, 0)
            method = zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED
            result.writestr(info, data, compress_type=method)


_ODT_SIZES = r'(?:fo|style):font-size(?:-asian|-complex)?="[^"]*"'


def _odt_text(xml: str, style: str, size: str, extra: str, upright: bool = False) -> str:
    """The text properties of the ODT paragraph style `style` at `size` (for every script),
    plus `extra` attributes; `upright` drops an italic."""

    def restyle(m: re.Match[str]) -> str:
        kept = re.sub(_ODT_SIZES, "", m[2])
        if upright:
            kept = re.sub(r'(?:fo|style):font-style(?:-asian|-complex)?="italic"', "", kept)
        sizes = f' fo:font-size="{size}" style:font-size-asian="{size}"'
        return (
            m[1]
            + "".join(f" {part}" for part in kept.split())
            + sizes
            + (f' style:font-size-complex="{size}"' + extra + m[3])
        )

    return re.sub(
        rf'(<style:style style:name="{style}".*?<style:text-properties)([^>]*?)(/?>)',
        restyle,
        xml,
        count=1,
        flags=re.DOTALL,
    )


def odt_styles(xml: str) -> str:
    xml = xml.replace(
        "<office:font-face-decls>",
        f'<office:font-face-decls><style:font-face style:name="{FONT}" '
        f'svg:font-family="\'{FONT}\'" style:font-family-generic="swiss" '
        'style:font-pitch="variable"/>',
        1,
    )
    xml = re.sub(r'fo:font-family="[^"]*"', f'fo:font-family="{FONT}"', xml)
    xml = re.sub(r'style:font-name="[^"]*"', f'style:font-name="{FONT}"', xml)
    xml = re.sub(  # the body size of the Word file and the PDF
        r'(<style:default-style style:family="paragraph">.*?)fo:font-size="12pt"',
        r'\1fo:font-size="10.5pt"',
        xml,
        count=1,
        flags=re.DOTALL,
    )
    # Every heading keeps with the next paragraph (pandoc's "Heading" does, its levels inherit
    # it: said again on each, as the Word file does) and keeps its lines together.
    xml = re.sub(
        r'(<style:style style:name="Heading"[^>]*>\s*<style:paragraph-properties)',
        r'\1 fo:keep-together="always"',
        xml,
        count=1,
    )
    for level in range(1, 7):
        page = ' fo:break-before="page"' if level == 1 else ""
        xml = re.sub(
            rf'(<style:style style:name="Heading_20_{level}"[^>]*>)(\s*<style:text-properties)',
            rf"\1<style:paragraph-properties{page}{ODT_KEEP}/>\2",
            xml,
            count=1,
        )
    xml = re.sub(
        r'(<style:style style:name="Heading_20_1".*?<style:text-properties)',
        rf'\1 fo:color="#{ACCENT}"',
        xml,
        count=1,
        flags=re.DOTALL,
    )
    # The caption of a figure or table: the PDF's size and colour (pandoc's is 12 pt).
    xml = _odt_text(xml, "Caption", f"{CAPTION_SIZE}pt", f' fo:color="#{MUTED}"')
    # Heading sizes as in the Word file; pandoc's Heading 2 and 4 are italic, the house
    # style's not, and its Heading 4 (85 %) is smaller than the text.
    for level, size in ((1, "18pt"), (2, "14pt"), (3, "12pt"), (4, "11pt")):
        xml = _odt_text(xml, f"Heading_20_{level}", size, ' fo:font-style="normal"', upright=True)
    # No hyphens in table cells: a column is as wide as its longest word (pipeline/formats/odt.py).
    xml = re.sub(
        r'(<style:style style:name="Table_20_Contents".*?)(</style:style>)',
        r'\1<style:text-properties fo:hyphenate="false"/>\2',
        xml,
        count=1,
        flags=re.DOTALL,
    )
    xml = re.sub(
        r"<office:automatic-styles>.*</office:master-styles>",
        lambda _: ODT_PAGES,
        xml,
        count=1,
        flags=re.DOTALL,
    )
    for name in ("Footer", "Author", "Date"):
        xml = re.sub(
            rf'<style:style style:name="{name}".*?</style:style>', "", xml, count=1, flags=re.DOTALL
        )
    return xml.replace(
        "</office:styles>", ODT_STYLES + ODT_ROLEDOC_STYLES + ODT_ALERT_STYLES + "</office:styles>"
    )


def _cm(twips: int) -> str:
    return f"{twips * 2.54 / 1440:.2f}cm"


# A4; the header sits in the top margin. The title page ("First Page") has no header or
# footer; the pages after it are "Standard", whose header and footer pipeline/formats/odt.py fills.
ODT_PAGES = (
    '<office:automatic-styles><style:page-layout style:name="Mpm1">'
    f'<style:page-layout-properties fo:page-width="{_cm(PAGE[0])}" '
    f'fo:page-height="{_cm(PAGE[1])}" style:num-format="1" style:print-orientation="portrait" '
    f'fo:margin-top="{_cm(HEADER_DISTANCE)}" fo:margin-bottom="{_cm(HEADER_DISTANCE)}" '
    f'fo:margin-left="{_cm(MARGIN)}" fo:margin-right="{_cm(MARGIN)}" '
    'style:writing-mode="lr-tb" style:footnote-max-height="0cm">'
    '<style:footnote-sep style:width="0.018cm" style:distance-before-sep="0.1cm" '
    'style:distance-after-sep="0.1cm" style:line-style="solid" style:adjustment="left" '
    'style:rel-width="25%" style:color="#000000"/></style:page-layout-properties>'
    '<style:header-style><style:header-footer-properties fo:min-height="0.6cm" '
    'fo:margin-bottom="0.65cm" style:dynamic-spacing="true"/></style:header-style>'
    '<style:footer-style><style:header-footer-properties fo:min-height="0.6cm" '
    'fo:margin-top="0.65cm" style:dynamic-spacing="true"/></style:footer-style>'
    "</style:page-layout></office:automatic-styles><office:master-styles>"
    '<style:master-page style:name="Standard" style:page-layout-name="Mpm1">'
    '<style:header><text:p text:style-name="Header"/></style:header>'
    '<style:footer><text:p text:style-name="Footer"/></style:footer></style:master-page>'
    '<style:master-page style:name="First_20_Page" style:display-name="First Page" '
    'style:page-layout-name="Mpm1" style:next-style-name="Standard"/>'
    "</office:master-styles>"
)

_TEXT_WIDTH = _cm(TEXT_WIDTH)


def _odt_paragraph(name: str, display: str, parent: str, paragraph: str, text: str) -> str:
    return (
        f'<style:style style:name="{name}" style:display-name="{display}" '
        f'style:family="paragraph" style:parent-style-name="{parent}" style:class="extra">'
        f"<style:paragraph-properties {paragraph}/><style:text-properties {text}/></style:style>"
    )


def _odt_contents(level: int, indent: float, number: float, bold: bool) -> str:
    weight = ' fo:font-weight="bold"' if bold else ""
    return (
        f'<style:style style:name="Contents_20_{level}" style:display-name="Contents {level}" '
        'style:family="paragraph" style:parent-style-name="Index" style:class="index">'
        f'<style:paragraph-properties fo:margin-left="{indent}cm" fo:margin-right="0cm" '
        f'fo:margin-top="{0.2 if level == 1 else 0}cm" fo:margin-bottom="0.07cm" '
        'fo:text-indent="0cm" style:auto-text-indent="false"><style:tab-stops>'
        f'<style:tab-stop style:position="{number}cm"/>'
        f'<style:tab-stop style:position="{16.0 - indent:.2f}cm" style:type="right" '
        'style:leader-style="dotted" style:leader-text="."/></style:tab-stops>'
        f'</style:paragraph-properties><style:text-properties fo:font-size="10.5pt"{weight}/>'
        "</style:style>"
    )


ODT_STYLES = (
    _odt_paragraph(
        "Title",
        "Title",
        "Heading",
        f'fo:margin-top="3.2cm" fo:margin-bottom="0.4cm" fo:padding-left="0.4cm" '
        f'fo:border-left="2.25pt solid #{ACCENT}" fo:border-right="none" fo:border-top="none" '
        'fo:border-bottom="none" fo:margin-left="0cm" style:join-border="true"',
        f'fo:font-size="26pt" fo:font-weight="bold" fo:color="#{INK}"',
    )
    + _odt_paragraph(
        "Subtitle",
        "Subtitle",
        "Title",
        'fo:margin-top="0cm" fo:margin-bottom="0.8cm"',
        f'fo:font-size="15pt" fo:font-weight="normal" fo:color="#{MUTED}"',
    )
    + _odt_paragraph(
        "Logo",
        "Logo",
        "Standard",
        'fo:margin-top="0cm" fo:margin-bottom="0cm"',
        'fo:font-size="10pt"',
    )
    + _odt_paragraph(
        "Header",
        "Header",
        "Standard",
        f'fo:padding-bottom="0.1cm" fo:border-bottom="0.5pt solid #{RULE}" '
        'fo:border-top="none" fo:border-left="none" fo:border-right="none"',
        f'fo:font-size="8.5pt" fo:color="#{MUTED}"',
    )
    + (
        '<style:style style:name="Contents_20_Heading" style:display-name="Contents Heading" '
        'style:family="paragraph" style:parent-style-name="Heading_20_1" style:class="index">'
        '<style:paragraph-properties fo:break-before="page"/></style:style>'
    )
    + _odt_paragraph(
        "Footer",
        "Footer",
        "Standard",
        "",
        f'fo:font-size="8.5pt" fo:color="#{MUTED}"',
    ).replace(
        "<style:paragraph-properties />",
        '<style:paragraph-properties><style:tab-stops><style:tab-stop style:type="right" '
        f'style:position="{_TEXT_WIDTH}"/></style:tab-stops></style:paragraph-properties>',
    )
    + _odt_paragraph(
        "Author",
        "Author",
        "Standard",
        'fo:margin-top="4cm" fo:margin-bottom="0.1cm"',
        f'fo:font-size="9pt" fo:font-weight="bold" fo:text-transform="uppercase" '
        f'fo:letter-spacing="0.04cm" fo:color="#{ACCENT}"',
    )
    + _odt_paragraph(
        "Date",
        "Date",
        "Standard",
        'fo:margin-bottom="0.1cm"',
        f'fo:font-size="9.5pt" fo:color="#{MUTED}"',
    )
    + (  # the contents entries are links, but read as a list, not as blue underlined text
        '<style:style style:name="Index_20_Link" style:display-name="Index Link" '
        f'style:family="text"><style:text-properties fo:color="#{INK}" '
        'style:text-underline-style="none"/></style:style>'
    )
    + _odt_contents(1, 0.0, 0.8, bold=True)
    + _odt_contents(2, 0.0, 1.2, bold=False)
)

# roledoc's own paragraph styles, as in the Word file (styles.lua names them; pandoc's ODT
# writer uses the name as written). A byline and a status note keep with what follows.
ODT_ROLEDOC_STYLES = (
    _odt_paragraph(
        "Byline",
        "Byline",
        "Standard",
        'fo:margin-top="0cm" fo:margin-bottom="0.28cm"' + ODT_KEEP,
        f'fo:font-size="9pt" fo:color="#{MUTED}"',
    )
    + _odt_paragraph(
        "Status Note",
        "Status Note",
        "Standard",
        'fo:margin-top="0cm" fo:margin-bottom="0.28cm" fo:background-color="#fff3e0" '
        'fo:padding="0.1cm"' + ODT_KEEP,
        f'fo:font-size="10.5pt" fo:font-weight="bold" fo:color="#{DRAFT.lower()}"',
    )
    + _odt_paragraph(
        "Draft Notice",
        "Draft Notice",
        "Standard",
        'fo:margin-top="0cm" fo:margin-bottom="0.42cm" fo:padding-top="0.14cm" '
        f'fo:padding-bottom="0.14cm" fo:border-top="1pt solid #{DRAFT.lower()}" '
        f'fo:border-bottom="1pt solid #{DRAFT.lower()}" fo:border-left="none" '
        'fo:border-right="none"',
        f'fo:font-size="10.5pt" fo:font-weight="bold" fo:color="#{DRAFT.lower()}"',
    )
    + _odt_paragraph(
        "Colophon",
        "Colophon",
        "Standard",
        'fo:margin-top="0cm" fo:margin-bottom="0.21cm"',
        f'fo:font-size="9.5pt" fo:color="#{INK}"',
    )
)


# pandoc's ODT writer names a custom style as written ("Alert Title"); these define them.
_ODT_ALERT_BLOCK = (
    '<style:paragraph-properties fo:background-color="#eef5fc" fo:padding-left="0.25cm" '
    'fo:padding-right="0.2cm" fo:border-left="2.25pt solid #0969da" fo:border-right="none" '
    'fo:border-top="none" fo:border-bottom="none" fo:margin-left="0cm"'
)
ODT_ALERT_STYLES = (
    '<style:style style:name="Alert Title" style:display-name="Alert Title" '
    'style:family="paragraph" style:parent-style-name="Text_20_body">'
    + _ODT_ALERT_BLOCK
    + ' fo:margin-top="0.4cm" fo:margin-bottom="0.1cm" fo:keep-with-next="always"/>'
    '<style:text-properties fo:font-weight="bold" fo:color="#0a4f9e"/></style:style>'
    '<style:style style:name="Alert" style:display-name="Alert" style:family="paragraph" '
    'style:parent-style-name="Text_20_body">'
    + _ODT_ALERT_BLOCK
    + ' fo:margin-top="0cm" fo:margin-bottom="0.2cm"/></style:style>'
)


def default_data(name: str) -> bytes:
    pandoc = pypandoc.get_pandoc_path()
    return subprocess.run(
        [pandoc, "--print-default-data-file", name], capture_output=True, check=True
    ).stdout


def main() -> None:
    _rewrite_zip(
        default_data("reference.docx"),
        DEFAULTS / "docx" / "reference.docx",
        {
            "word/styles.xml": docx_styles,
            "word/fontTable.xml": docx_fonts,
            "word/document.xml": docx_section,
        },
    )
    _rewrite_zip(
        default_data("reference.odt"),
        DEFAULTS / "odt" / "reference.odt",
        {"styles.xml": odt_styles},
    )
    print("wrote", DEFAULTS / "docx" / "reference.docx", "and", DEFAULTS / "odt" / "reference.odt")


if __name__ == "__main__":
    main()
