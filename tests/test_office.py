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
# a cross-reference in a footnote: Word keeps it in footnotes.xml, apart from the text
NOTE = """

Wie trekt, staat vast.[^trekkers]

[^trekkers]: Zie [de afspraken](#trekkers-per-dossier).
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
    first.write_text(first.read_text(encoding="utf-8") + TABLE + NOTE, encoding="utf-8")
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


def test_docx_contents_are_the_result_of_the_toc_field_linked_to_bookmarks(built: Path) -> None:
    document = part(built / "rol-en-werkwijze.docx", "word/document.xml")
    anchors = re.findall(r'<w:hyperlink w:anchor="(_Toc\d+)"', document)
    bookmarks = re.findall(r'<w:bookmarkStart w:id="\d+" w:name="(_Toc\d+)" />', document)
    assert anchors == bookmarks
    assert len(anchors) == len(docx_headings(document))
    ids = re.findall(r'<w:bookmarkStart w:id="(\d+)"', document)
    assert len(ids) == len(set(ids))
    # as Word writes it: the field begins in the first entry and ends after the last
    contents = re.search(r"<w:sdtContent>(.*?)</w:sdtContent>", document, re.DOTALL)[1]
    paragraphs = re.findall(r"<w:p>.*?</w:p>", contents, re.DOTALL)
    first = paragraphs[1]
    assert first.index('w:fldCharType="begin"') < first.index("TOC \\o") < first.index("_Toc")
    assert 'w:fldCharType="separate"' in first and "w:dirty" not in contents
    assert re.fullmatch(r'<w:p><w:r><w:fldChar w:fldCharType="end" /></w:r></w:p>', paragraphs[-1])
    # without a layout there are no pages to show, and none is pretended
    assert "PAGEREF" not in contents


def test_word_does_not_ask_to_update_fields_on_opening(built: Path) -> None:
    settings = part(built / "rol-en-werkwijze.docx", "word/settings.xml")
    assert "updateFields" not in settings


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
def paginated(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Word file of the same project built with its pages laid out by LibreOffice."""
    out = tmp_path_factory.mktemp("paginated")
    build_document(built.parent, formats=("docx",), out=out, paginate=True)
    return out


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
    built: Path, tmp_path: Path, office_profile: str, name: str, request: pytest.FixtureRequest
) -> None:
    # the Word file holds its contents' pages only when the build laid it out (--paginate)
    folder = request.getfixturevalue("paginated") if name.endswith(".docx") else built
    pages = printed_pages(folder / name, tmp_path, office_profile)
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


# Fields a reader sees without any program computing them, and the house font (issue 30)


def body_text(document: str) -> str:
    """The document's text, field instructions left out, a field's result as it shows."""
    return text(document).replace("\xa0", " ")


def test_unpaginated_docx_shows_no_hash_and_no_page_it_did_not_lay_out(built: Path) -> None:
    document = part(built / "rol-en-werkwijze.docx", "word/document.xml")
    assert ">#<" not in document and "PAGEREF" not in document
    words = body_text(document)
    # a cross-reference names its target without a page; "(p. #)" has gone altogether
    target = "“Trekkers: elke opgave heeft een gemeente als eigenaar”"
    assert f"de afspraken over trekkers ({target})." in words
    assert "p. )" not in words and "(p." not in words and ", p." not in words
    assert "()" not in words
    notes = part(built / "rol-en-werkwijze.docx", "word/footnotes.xml")
    assert ">#<" not in notes and "PAGEREF" not in notes
    assert f"Zie de afspraken ({target})." in body_text(notes)


def deobfuscated(data: bytes, key: str) -> bytes:
    """ECMA-376 Part 1, 17.8.1: the first 32 bytes XORed with the GUID's bytes, last first."""
    secret = bytes.fromhex(key.strip("{}").replace("-", ""))[::-1]
    return bytes(b ^ secret[i % 16] for i, b in enumerate(data[:32])) + data[32:]


def font_names(data: bytes) -> tuple[str, str]:
    """A TrueType font's family and style, from its name table."""
    import io

    from fontTools.ttLib import TTFont

    names = TTFont(io.BytesIO(data))["name"]
    return names.getDebugName(1), names.getDebugName(2)


def test_docx_embeds_the_house_font_so_it_lays_out_where_it_is_missing(built: Path) -> None:
    docx = built / "rol-en-werkwijze.docx"
    assert "<w:embedTrueTypeFonts />" in part(docx, "word/settings.xml")
    table = part(docx, "word/fontTable.xml")
    font = re.search(r'<w:font w:name="Source Sans Pro">(.*?)</w:font>', table, re.DOTALL)[1]
    embedded = re.findall(r'<w:embed(\w+) r:id="([^"]+)" w:fontKey="(\{[0-9A-F-]{36}\})"', font)
    assert [style for style, _, _ in embedded] == ["Regular", "Bold", "Italic", "BoldItalic"]
    rels = part(docx, "word/_rels/fontTable.xml.rels")
    types = part(docx, "[Content_Types].xml")
    assert 'Extension="odttf" ContentType="application/vnd.openxmlformats-officedocument.' in types
    expected = {"Regular": "Regular", "Bold": "Bold", "Italic": "Italic"}
    expected["BoldItalic"] = "Bold Italic"
    with zipfile.ZipFile(docx) as archive:
        for style, rel_id, key in embedded:
            target = re.search(rf'Id="{rel_id}"[^>]*Target="([^"]+)"', rels)[1]
            assert target.endswith(".odttf") and "relationships/font" in rels
            data = archive.read("word/" + target)
            assert data[:4] != b"\x00\x01\x00\x00"  # obfuscated, not a bare font
            assert font_names(deobfuscated(data, key)) == ("Source Sans Pro", expected[style])


def test_odt_embeds_the_house_font(built: Path) -> None:
    odt = built / "rol-en-werkwijze.odt"
    manifest = part(odt, "META-INF/manifest.xml")
    fonts = re.findall(
        r'manifest:full-path="(Fonts/[^"]+\.ttf)" manifest:media-type="application/x-font-ttf"',
        manifest,
    )
    assert len(fonts) == 4
    for name in ("styles.xml", "content.xml"):
        xml = part(odt, name)
        face = re.search(
            r'<style:font-face [^>]*style:name="Source Sans Pro"[^>]*>(.*?)</style:font-face>',
            xml,
            re.DOTALL,
        )[1]
        uris = re.findall(r'<svg:font-face-uri xlink:href="([^"]+)" xlink:type="simple">', face)
        assert uris == fonts and face.count('svg:string="truetype"') == 4
    with zipfile.ZipFile(odt) as archive:
        styles = {font_names(archive.read(name))[1] for name in fonts}
    assert styles == {"Regular", "Bold", "Italic", "Bold Italic"}


def test_paginate_without_libreoffice_is_refused_before_anything_is_written(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline.core.errors import RoledocError
    from pipeline.formats import docxpages

    monkeypatch.setattr(docxpages, "office_program", lambda: None)
    with pytest.raises(RoledocError, match="LibreOffice"):
        build_document(built.parent, formats=("docx",), out=tmp_path / "out", paginate=True)
    assert not (tmp_path / "out").exists()


@pytest.mark.office
@needs(OFFICE is not None, "LibreOffice (soffice)")
def test_paginated_docx_fields_hold_the_pages_libreoffice_lays_the_headings_on(
    paginated: Path, tmp_path: Path, office_profile: str
) -> None:
    from pipeline.qa.officefields import fields_verdict, measure_fields, outline

    docx = paginated / "rol-en-werkwijze.docx"
    pages = printed_pages(docx, tmp_path, office_profile)
    pdf = tmp_path / "rol-en-werkwijze.pdf"
    document = part(docx, "word/document.xml")
    report = measure_fields(docx, outline(pdf))
    assert report.ok, fields_verdict(docx, pdf)
    assert report.entries == len(docx_headings(document)) and report.references > 5
    assert ">#<" not in document
    # read on the printed pages: the heading a cross-reference names is on the page it says
    words = body_text(document)
    title, page = re.search(
        r"\(“(Trekkers: elke opgave heeft een gemeente als eigenaar)”, p\. (\d+)\)", words
    ).groups()
    printed = " ".join(pages[int(page) - 1].split())
    assert f"3.2 {title}" in printed and f"Pagina {page} van {len(pages)}" in printed
    notes = body_text(part(docx, "word/footnotes.xml"))  # the same target, from a footnote
    assert f"Zie de afspraken (“{title}”, p. {page})." in notes
    # a wrong number is found and named
    tampered = tmp_path / "tampered.docx"
    with zipfile.ZipFile(docx) as source, zipfile.ZipFile(tampered, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                data = re.sub(
                    rb"(PAGEREF _Toc00000002 .*?<w:t xml:space=\"preserve\">)(\d+)",
                    lambda m: m[1] + str(int(m[2]) + 5).encode(),
                    data,
                    count=1,
                    flags=re.DOTALL,
                )
            target.writestr(info, data)
    ok, detail = fields_verdict(tampered, pdf)
    assert not ok and "'1.1 Hoe dit document is gemaakt' says" in detail


@pytest.mark.office
@needs(OFFICE is not None, "LibreOffice (soffice)")
@pytest.mark.parametrize("name", ["rol-en-werkwijze.docx", "rol-en-werkwijze.odt"])
def test_libreoffice_lays_out_the_office_files_in_the_embedded_house_font(
    built: Path, tmp_path: Path, office_profile: str, name: str
) -> None:
    from pypdf import PdfReader

    printed_pages(built / name, tmp_path, office_profile)
    reader = PdfReader(tmp_path / Path(name).with_suffix(".pdf").name)
    fonts = {
        str(font["/BaseFont"]).split("+")[-1]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
        if "/BaseFont" in font.get_object()
    }
    assert {"SourceSansPro-Regular", "SourceSansPro-Bold"} <= fonts, fonts
