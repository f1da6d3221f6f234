"""Make the house-style reference documents for DOCX and ODT from pandoc's own defaults.

    python tools/reference_docs.py

writes pipeline/defaults/docx/reference.docx and pipeline/defaults/odt/reference.odt. The
results are committed; run this again only to change the house style. The styles are those
pandoc uses (Title, Heading 1-4, Caption, Table...) plus roledoc's own paragraph styles
(Byline, Status Note, Draft Notice, Colophon, Edition), in an accessible sans-serif font.
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pypandoc

ROOT = Path(__file__).resolve().parent.parent
DEFAULTS = ROOT / "pipeline" / "defaults"
FONT = "Arial"
ACCENT = "00529B"
INK = "1B1B1B"
MUTED = "4A4A4A"
DRAFT = "8A4B00"


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
        + f'<w:keepNext/><w:keepLines/><w:spacing w:before="{before}" w:after="120"/>'
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
        '<w:spacing w:before="2400" w:after="240"/>',
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
        '<w:spacing w:after="60"/>',
        _run(size=22, colour=MUTED),
        custom=True,
    ),
    "Date": _paragraph_style(
        "Date", "Date", "Normal", '<w:spacing w:after="60"/>', _run(size=22, colour=MUTED)
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
        _run(size=18, colour=MUTED, extra="<w:i/>"),
    ),
}

EXTRA = [
    _paragraph_style(
        "Byline",
        "Byline",
        "Normal",
        '<w:spacing w:before="0" w:after="160"/>',
        _run(size=18, colour=MUTED),
        custom=True,
    ),
    _paragraph_style(
        "StatusNote",
        "Status Note",
        "Normal",
        '<w:shd w:val="clear" w:color="auto" w:fill="FFF3E0"/><w:spacing w:after="160"/>',
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
    xml = xml.replace(
        '<w:color w:val="4F81BD" w:themeColor="accent1" />', f'<w:color w:val="{ACCENT}"/>'
    )
    return xml.replace("</w:styles>", "".join(EXTRA) + "</w:styles>")


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


def odt_styles(xml: str) -> str:
    xml = re.sub(r'fo:font-family="[^"]*"', f'fo:font-family="{FONT}"', xml)
    xml = re.sub(r'style:font-name="[^"]*"', f'style:font-name="{FONT}"', xml)
    xml = re.sub(
        r'(<style:style style:name="Heading_20_1"[^>]*>\s*<style:text-properties)',
        rf'\1 fo:color="#{ACCENT}"',
        xml,
    )
    return xml.replace("</office:styles>", ODT_ALERT_STYLES + "</office:styles>")


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
        {"word/styles.xml": docx_styles},
    )
    _rewrite_zip(
        default_data("reference.odt"),
        DEFAULTS / "odt" / "reference.odt",
        {"styles.xml": odt_styles},
    )
    print("wrote", DEFAULTS / "docx" / "reference.docx", "and", DEFAULTS / "odt" / "reference.odt")


if __name__ == "__main__":
    main()
