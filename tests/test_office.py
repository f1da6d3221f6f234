"""The Word and OpenDocument files as a municipality publishes them: contents that show
their entries, header and footer with page numbers in the document's language, the logo,
numbered chapters and contributions, and tables whose columns hold their longest word.

The example is built once, with a table appended to its first chapter: a long word in a
narrow first column and a numeric column. Checks that need LibreOffice skip without it
(and fail in CI, which installs it).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from pipeline.formats.office import word_width
from pipeline.publish.build import build_document

from .commands import pandoc
from .gitrepo import copy_example
from .realtools import needs

TITLE = "Rol en werkwijze van de ambtelijke organisatie"
OFFICE = shutil.which("soffice") or shutil.which("libreoffice")
TABLE = """

| Fase | Toelichting | Bedrag |
|----|----------------------------|---:|
| Verkenningsbijeenkomsten | Eerst praten de gemeenten met elkaar | 1200 |
| Ontwerpen | Dan schrijft het bureau een voorstel | 350 |
"""
ACCENT = "7A1F5C"  # not the house accent of the reference documents (00529B)


def edition_line(build: Path) -> str:
    """The edition line as the build's metadata has it (outside git: a draft's line)."""
    markdown = (build / "rol-en-werkwijze.md").read_text(encoding="utf-8")
    value = re.search(r"^edition-line: (.*)$", markdown, re.MULTILINE)[1].strip('"')
    return pandoc("-f", "markdown", "-t", "plain", "--wrap=none", text=value).strip()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_example(tmp_path_factory.mktemp("office") / "project")
    first = root / "sections" / "01-inleiding.md"
    first.write_text(first.read_text(encoding="utf-8") + TABLE, encoding="utf-8")
    settings = root / "document.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace("'#00529b'", f"'#{ACCENT}'"),
        encoding="utf-8",
    )
    build_document(root, formats=("docx", "odt"))
    return root / "build"


def part(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read(name).decode("utf-8")


def names(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        return archive.namelist()


def text(xml: str) -> str:
    """Runs' text (not field instructions); a tab as a space."""
    xml = re.sub(r"<w:instrText[^>]*>.*?</w:instrText>", "", xml)
    xml = re.sub(r"<w:tab ?/>|<text:tab ?/>", " ", xml)
    return " ".join(re.sub(r"<[^>]+>", "", xml).split())


def docx_headings(document: str) -> list[tuple[str, str]]:
    """(style, text) of the level-1 and level-2 headings, in order."""
    return [
        (style, text(body))
        for style, body in re.findall(
            r'<w:p><w:pPr><w:pStyle w:val="(Heading[12])" />.*?</w:pPr>(.*?)</w:p>',
            document,
            re.DOTALL,
        )
    ]


def docx_contents(document: str) -> list[tuple[str, str]]:
    return [
        (style.replace("TOC", "Heading"), text(body))
        for style, body in re.findall(
            r'<w:p><w:pPr><w:pStyle w:val="(TOC[12])" /></w:pPr>(.*?)</w:p>', document, re.DOTALL
        )
    ]


# DOCX


def test_docx_contents_list_every_chapter_and_contribution_with_its_number(built: Path) -> None:
    document = part(built / "rol-en-werkwijze.docx", "word/document.xml")
    headings = docx_headings(document)
    assert len(headings) > 20
    assert docx_contents(document) == headings
    assert headings[0] == ("Heading1", "1 Inleiding en context")
    assert ("Heading2", "1.1 Hoe dit document is gemaakt") in headings
    assert ("Heading1", "Colofon") in headings  # unnumbered


def test_docx_contents_link_to_bookmarks_and_ask_for_their_pages(built: Path) -> None:
    document = part(built / "rol-en-werkwijze.docx", "word/document.xml")
    anchors = re.findall(r'<w:hyperlink w:anchor="(_Toc\d+)"', document)
    bookmarks = re.findall(r'<w:bookmarkStart w:id="\d+" w:name="(_Toc\d+)" />', document)
    pages = re.findall(r"PAGEREF (_Toc\d+) \\h", document)
    assert anchors == bookmarks == pages
    assert len(anchors) == len(docx_headings(document))
    ids = re.findall(r'<w:bookmarkStart w:id="(\d+)"', document)
    assert len(ids) == len(set(ids))


def test_word_updates_fields_on_opening(built: Path) -> None:
    settings = part(built / "rol-en-werkwijze.docx", "word/settings.xml")
    assert '<w:updateFields w:val="true" />' in settings
    later = [settings.find(f"<w:{name}") for name in ("footnotePr", "compat", "rsids")]
    assert all(settings.index("<w:updateFields") < at for at in later if at >= 0)


def test_docx_header_and_footer_on_every_page_but_the_title_page(built: Path) -> None:
    docx = built / "rol-en-werkwijze.docx"
    document = part(docx, "word/document.xml")
    section = re.search(r"<w:sectPr>(.*?)</w:sectPr>", document, re.DOTALL)[1]
    assert "<w:titlePg />" in section
    rels = part(docx, "word/_rels/document.xml.rels")
    targets = dict(re.findall(r'Id="([^"]+)"[^>]*Target="([^"]+)"', rels))
    targets |= {k: v for v, k in re.findall(r'Target="([^"]+)"[^>]*Id="([^"]+)"', rels)}
    refs = dict(
        (f"{kind}-{which}", targets[rel_id])
        for kind, which, rel_id in re.findall(
            r'<w:(header|footer)Reference w:type="(\w+)" r:id="([^"]+)"', section
        )
    )
    assert set(refs) == {"header-default", "header-first", "footer-default", "footer-first"}
    header = part(docx, "word/" + refs["header-default"])
    footer = part(docx, "word/" + refs["footer-default"])
    assert text(header) == TITLE
    assert text(footer) == f"{edition_line(built)} Pagina 1 van 1"
    assert " PAGE " in footer and " NUMPAGES " in footer
    assert text(part(docx, "word/" + refs["header-first"])) == ""
    assert text(part(docx, "word/" + refs["footer-first"])) == ""
    types = part(docx, "[Content_Types].xml")
    for name in refs.values():
        assert f'PartName="/word/{name}"' in types


def test_docx_logo_with_alt_text_stands_before_the_title(built: Path) -> None:
    docx = built / "rol-en-werkwijze.docx"
    document = part(docx, "word/document.xml")
    logo = document.find('name="Logo" descr="Logo Metropoolregio Eindhoven"')
    assert 0 < logo < document.find('<w:pStyle w:val="Title" />')
    assert "svgBlip" in document
    assert {"word/media/roledoc-logo.png", "word/media/roledoc-logo.svg"} <= set(names(docx))


def test_headings_in_the_document_accent_colour_and_house_font(built: Path) -> None:
    styles = part(built / "rol-en-werkwijze.docx", "word/styles.xml")
    heading = re.search(r'w:styleId="Heading1"[^>]*>.*?</w:style>', styles, re.DOTALL)[0]
    assert f'<w:color w:val="{ACCENT}"' in heading
    assert 'w:ascii="Source Sans Pro"' in heading
    assert "00529B" not in styles
    odt_styles = part(built / "rol-en-werkwijze.odt", "styles.xml")
    odt_heading = re.search(r'style:name="Heading_20_1".*?</style:style>', odt_styles, re.S)[0]
    assert f'fo:color="#{ACCENT}"' in odt_heading
    assert "00529b" not in odt_styles.lower()


def docx_table(document: str) -> str:
    return next(t for t in re.findall(r"<w:tbl>.*?</w:tbl>", document, re.DOTALL) if "Bedrag" in t)


def test_docx_table_columns_hold_their_longest_word(built: Path) -> None:
    table = docx_table(part(built / "rol-en-werkwijze.docx", "word/document.xml"))
    widths = [int(w) for w in re.findall(r'<w:gridCol w:w="(\d+)"', table)]
    assert '<w:tblLayout w:type="fixed" />' in table
    assert widths[0] >= word_width("Verkenningsbijeenkomsten", 10.5) * 20
    assert widths[2] >= word_width("Bedrag", 10.5, bold=True) * 20
    assert sum(widths) <= 9070 + 1  # A4 less 2 x 2.5 cm, in twips


def test_docx_table_repeats_its_header_row_and_hyphenates_nothing(built: Path) -> None:
    table = docx_table(part(built / "rol-en-werkwijze.docx", "word/document.xml"))
    rows = re.findall(r"<w:tr>.*?</w:tr>", table, re.DOTALL)
    assert "<w:tblHeader" in rows[0]
    assert all("<w:tblHeader" not in row for row in rows[1:])
    paragraphs = re.findall(r"<w:p>.*?</w:p>", table, re.DOTALL)
    assert all("<w:suppressAutoHyphens />" in p for p in paragraphs)
    amounts = [p for p in paragraphs if "1200" in p or "350" in p]
    assert amounts and all('<w:jc w:val="right" />' in p for p in amounts)


# ODT


def odt_headings(content: str) -> list[tuple[str, str]]:
    return [
        (level, text(body))
        for level, body in re.findall(
            r'<text:h [^>]*text:outline-level="([12])"[^>]*>(.*?)</text:h>', content, re.DOTALL
        )
    ]


def test_odt_contents_list_every_chapter_and_contribution_with_a_page_field(built: Path) -> None:
    content = part(built / "rol-en-werkwijze.odt", "content.xml")
    body = re.search(r"<text:index-body>(.*?)</text:index-body>", content, re.DOTALL)[1]
    entries = [
        (level, text(entry))
        for level, entry in re.findall(
            r'<text:p text:style-name="Contents_20_([12])">(.*?)</text:p>', body, re.DOTALL
        )
    ]
    headings = odt_headings(content)
    assert len(headings) > 20 and entries == headings
    assert headings[0] == ("1", "1 Inleiding en context")
    assert ("1", "Colofon") in headings
    refs = re.findall(r'text:reference-format="page" text:ref-name="([^"]+)"', body)
    assert refs == re.findall(
        r'<text:h [^>]*text:outline-level="[12]"[^>]*><text:bookmark-start text:name="([^"]+)"',
        content,
    )
    assert '<text:table-of-content text:name="' in content


def test_odt_header_and_footer_with_page_fields_but_not_on_the_title_page(built: Path) -> None:
    odt = built / "rol-en-werkwijze.odt"
    styles = part(odt, "styles.xml")
    standard = re.search(
        r'<style:master-page [^>]*style:name="Standard".*?</style:master-page>', styles
    )[0]
    header = re.search(r"<style:header>(.*?)</style:header>", standard)[1]
    footer = re.search(r"<style:footer>(.*?)</style:footer>", standard)[1]
    assert text(header) == TITLE
    assert text(footer) == f"{edition_line(built)} Pagina 1 van 1"
    assert "<text:page-number" in footer and "<text:page-count" in footer
    first = re.search(r'<style:master-page [^>]*style:name="First_20_Page"[^>]*/>', styles)[0]
    assert 'style:next-style-name="Standard"' in first
    content = part(odt, "content.xml")
    opening = re.search(r'<office:text>\s*<text:p text:style-name="([^"]+)"', content)[1]
    assert re.search(rf'style:name="{opening}"[^>]*style:master-page-name="First_20_Page"', content)


def test_odt_logo_with_alt_text_stands_before_the_title(built: Path) -> None:
    odt = built / "rol-en-werkwijze.odt"
    content = part(odt, "content.xml")
    logo = content.find("<svg:desc>Logo Metropoolregio Eindhoven</svg:desc>")
    assert 0 < logo < content.find('<text:p text:style-name="Title">')
    assert "Pictures/roledoc-logo.svg" in part(odt, "META-INF/manifest.xml")
    assert "Pictures/roledoc-logo.svg" in names(odt)


def test_odt_table_repeats_its_header_and_its_columns_hold_their_longest_word(
    built: Path,
) -> None:
    content = part(built / "rol-en-werkwijze.odt", "content.xml")
    table = next(
        t
        for t in re.findall(r"<table:table .*?</table:table>", content, re.DOTALL)
        if "Bedrag" in t
    )
    assert "<table:table-header-rows>" in table
    columns = re.findall(r'<table:table-column table:style-name="([^"]+)"', table)
    widths = [
        float(
            re.search(rf'style:name="{re.escape(c)}".*?style:column-width="([0-9.]+)pt"', content)[
                1
            ]
        )
        for c in columns
    ]
    assert widths[0] >= word_width("Verkenningsbijeenkomsten", 10.5)
    assert widths[2] >= word_width("Bedrag", 10.5, bold=True)


# Both


@pytest.mark.parametrize("name", ["rol-en-werkwijze.docx", "rol-en-werkwijze.odt"])
def test_the_same_file_twice_from_the_same_input(built: Path, tmp_path: Path, name: str) -> None:
    root = built.parent
    build_document(root, formats=("docx", "odt"), out=tmp_path)
    assert (tmp_path / name).read_bytes() == (built / name).read_bytes()


@pytest.fixture(scope="module")
def office_profile(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A LibreOffice profile of this module's own: two LibreOffices on one profile (the tests
    run in parallel) collide."""
    return f"-env:UserInstallation={tmp_path_factory.mktemp('lo-profile').as_uri()}"


def printed_pages(document: Path, folder: Path, profile: str) -> list[str]:
    convert = [OFFICE, profile, "--headless", "--convert-to", "pdf", "--outdir", str(folder)]
    subprocess.run(
        [*convert, str(document)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    from pypdf import PdfReader

    reader = PdfReader(folder / document.with_suffix(".pdf").name)
    return [page.extract_text() or "" for page in reader.pages]


@pytest.mark.office
@needs(OFFICE is not None, "LibreOffice (soffice)")
@pytest.mark.parametrize("name", ["rol-en-werkwijze.docx", "rol-en-werkwijze.odt"])
def test_libreoffice_shows_contents_with_right_pages_and_footers(
    built: Path, tmp_path: Path, office_profile: str, name: str
) -> None:
    pages = printed_pages(built / name, tmp_path, office_profile)
    total = len(pages)
    assert "Pagina" not in pages[0]  # the title page has no footer
    for number, page in enumerate(pages[1:], start=2):
        assert f"Pagina {number} van {total}" in " ".join(page.split())
        assert page.lstrip().startswith(TITLE)
    contents = pages[1]
    entries = re.findall(r"^(.*?\S)\s*(?:\.\s*){3,}(\d+)\s*$", contents, re.MULTILINE)
    assert len(entries) > 20
    for title, page in entries:
        number = int(page)
        start = " ".join(title.split())[:30]
        assert start in " ".join(pages[number - 1].split()), (title, page)


def test_every_svg_picture_in_docx_has_a_png_beside_it(built: Path) -> None:
    """pandoc writes an SVG alone, which LibreOffice shows as an empty frame: each SVG blip
    gets a PNG of the same drawing as the picture proper."""
    document = part(built / "rol-en-werkwijze.docx", "word/document.xml")
    rels = part(built / "rol-en-werkwijze.docx", "word/_rels/document.xml.rels")
    blips = re.findall(r"<a:blip\b([^>]*)>(?:(?!</a:blip>).)*?svgBlip", document, re.DOTALL)
    assert len(blips) >= 2  # the figure and the logo
    with zipfile.ZipFile(built / "rol-en-werkwijze.docx") as archive:
        for attributes in blips:
            rel_id = re.search(r'r:embed="([^"]+)"', attributes)
            assert rel_id, "an SVG picture without a PNG"
            target = re.search(rf'Id="{rel_id[1]}"[^>]*Target="([^"]+)"', rels)
            assert target and target[1].endswith(".png")
            assert archive.read("word/" + target[1])[:8] == b"\x89PNG\r\n\x1a\n"
