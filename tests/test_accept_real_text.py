"""The acceptance run on real text nobody here wrote (pipeline/qa/): each measurement that
raised a false alarm on a real corpus, shown on a tiny real file to pass what is true and to
still find what is wrong.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from pipeline.core.model import FORMATS
from pipeline.publish.build import build_document
from pipeline.qa import layout, pdflines
from pipeline.qa.fidelity import describe, docx_words, measure, odt_words, pdf_text_words
from pipeline.qa.pdftext import page_texts

typst = pytest.importorskip("typst")
pikepdf = pytest.importorskip("pikepdf")
pytest.importorskip("pypdfium2")

FIXTURES = Path(__file__).parent / "fixtures"
FOOTER = pdflines.footer_pattern("Pagina", "van")

# 1. A space Typst draws on its own (found on "1.7 Data Architectuur" in OIN-Stelsel)

SPACE_APART = """#set page(width: 10cm, height: 12cm)
#set text(lang: "nl")
#outline(title: "Inhoudsopgave")
#pagebreak()
= Data#text(fill: blue)[ ]Architectuur
tekst
"""


def test_a_space_drawn_on_its_own_still_separates_words(tmp_path: Path) -> None:
    source = tmp_path / "spatie.typ"
    source.write_text(SPACE_APART, encoding="utf-8")
    typst.compile(str(source), output=str(tmp_path / "spatie.pdf"))
    pdf = pdflines.read_pdf(tmp_path / "spatie.pdf")
    assert [line.text for line in pdf.pages[1]] == ["Data Architectuur", "tekst"]
    report = layout.check_labels(pdf, FOOTER, "Inhoudsopgave")
    assert report.entries == 1 and not report.unmatched, report


PRINTED_ENTRY = """#set page(width: 10cm, height: 12cm)
#set text(lang: "nl")
Inhoudsopgave

{entry} #box(width: 1fr, repeat[.]) 2
#pagebreak()
= Data Architectuur
tekst
"""


@pytest.mark.parametrize(
    ("entry", "found"),
    [("Data#text(fill: blue)[ ]Architectuur", True), ("DataArchitectuur", False)],
)
def test_a_contents_entry_names_its_heading_only_with_the_same_words(
    tmp_path: Path, entry: str, found: bool
) -> None:
    source = tmp_path / "inhoud.typ"
    source.write_text(PRINTED_ENTRY.format(entry=entry), encoding="utf-8")
    typst.compile(str(source), output=str(tmp_path / "inhoud.pdf"))
    pdf = pdflines.read_pdf(tmp_path / "inhoud.pdf")
    report = layout.check_labels(pdf, FOOTER, "Inhoudsopgave")
    assert report.entries == 1
    assert (report.unmatched == ()) is found, report


# 2. A code span glued to a word (found on `parent_span_id`controlerenKenteken)

GLUED = (
    "---\ntitle: Glued\nauthors: [bob]\nstatus: accepted\ndate: 2017-05-05\n---\n"
    "Het veld `parent_span_id`controlerenKenteken staat vast, en `x`y ook.\n"
)


@pytest.fixture(scope="module")
def glued_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The valid fixture with a contribution whose code spans touch the words after them,
    built in every format."""
    root = tmp_path_factory.mktemp("glued") / "valid"
    shutil.copytree(FIXTURES / "valid", root)
    (root / "contributions/support/glued.md").write_text(GLUED, encoding="utf-8")
    build_document(root, formats=FORMATS)
    return root


def test_the_outputs_print_the_code_span_against_the_word(glued_build: Path) -> None:
    text = "".join(page_texts(glued_build / "build/how-we-work.pdf"))
    assert "parent_span_idcontrolerenKenteken" in text


def test_a_code_span_glued_to_a_word_loses_no_word(glued_build: Path) -> None:
    results = measure(glued_build, glued_build / "build")
    assert set(results) == set(FORMATS)
    lost = {fmt: describe(result) for fmt, result in results.items() if not result.ok}
    assert not lost, lost


def test_code_is_read_apart_in_pdf_docx_and_odt(glued_build: Path) -> None:
    build = glued_build / "build"
    for found in (
        pdf_text_words(build / "how-we-work.pdf"),
        docx_words(build / "how-we-work.docx"),
        odt_words(build / "how-we-work.odt"),
    ):
        assert found["controlerenkenteken"] == 1 and found["id"] >= 1
        assert found["idcontrolerenkenteken"] == 0


def test_a_code_span_removed_from_the_docx_is_still_missing(
    glued_build: Path, tmp_path: Path
) -> None:
    original = glued_build / "build/how-we-work.docx"
    tampered = tmp_path / "tampered.docx"
    with zipfile.ZipFile(original) as source, zipfile.ZipFile(tampered, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                data = data.replace(b">parent_span_id<", b"><")
            target.writestr(item, data)
    assert docx_words(original)["parent"] == 1
    assert docx_words(tampered)["parent"] == 0


# 3. /ActualText: PDFium reads what the PDF says the glyphs stand for


def test_actual_text_is_read_instead_of_the_glyphs(tmp_path: Path) -> None:
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
        )
    )
    content = (
        b"BT /F1 12 Tf 72 700 Td (Het ) Tj "
        b"/Span <</ActualText (Architectuur)>> BDC (XYZ) Tj EMC ( werkt) Tj ET"
    )
    resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    page = pikepdf.Dictionary(
        Type=pikepdf.Name.Page,
        MediaBox=[0, 0, 300, 800],
        Resources=resources,
        Contents=pdf.make_stream(content),
    )
    pdf.pages.append(pikepdf.Page(page))
    pdf.save(tmp_path / "actual.pdf")
    assert page_texts(tmp_path / "actual.pdf") == ["Het Architectuur werkt"]
    found = pdf_text_words(tmp_path / "actual.pdf")
    assert found["architectuur"] == 1 and found["xyz"] == 0
