"""Typography measurements (pipeline/qa/: pdflines, hyphenation, layout) on tiny PDFs that
real Typst makes, and on documents LibreOffice prints: each measurement is shown to find the
fault and to pass without it.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from pipeline.qa import hyphenation, layout, pdflines

from .realtools import missing

typst = pytest.importorskip("typst")
pytest.importorskip("pypdf")

FOOTER = pdflines.footer_pattern("Pagina", "van")
PAGES = '#set page(width: 10cm, height: 12cm)\n#set text(lang: "nl")\n'


def compile_typst(tmp_path: Path, source: str, name: str = "test") -> pdflines.PdfLayout:
    typ = tmp_path / f"{name}.typ"
    typ.write_text(source, encoding="utf-8")
    pdf = tmp_path / f"{name}.pdf"
    typst.compile(str(typ), output=str(pdf), root=str(tmp_path))
    return pdflines.read_pdf(pdf)


def para(*inlines: dict) -> dict:
    return {"t": "Para", "c": list(inlines)}


def words(text: str) -> list[dict]:
    found: list[dict] = []
    for word in text.split():
        found += [{"t": "Str", "c": word}, {"t": "Space"}]
    return found[:-1]


# 1. Hyphenation

NARROW = """#set text(lang: "nl", hyphenate: {hyphenate})
#set par(justify: true)
#block(width: 2.4cm)[De samenwerking in de Metropoolregio Eindhoven werkt.]
"""


def test_a_hyphenated_name_is_found_with_its_page(tmp_path: Path) -> None:
    pdf = compile_typst(tmp_path, NARROW.format(hyphenate="true"))
    breaks = hyphenation.hyphen_breaks(pdflines.body_lines(pdf.pages))
    assert "Metropoolre-gio p.1" in [str(b) for b in breaks]
    # Typst ends a hyphenated line with a soft hyphen, not a hyphen-minus.
    assert any(line.text.endswith("\u00ad") for line in pdf.pages[0])
    ast = {"blocks": [para(*words("Wij werken in de Metropoolregio samen."))]}
    found = hyphenation.classify_breaks(breaks, hyphenation.source_vocabulary(ast))
    assert [b.word for b in found.in_names] == ["Metropoolregio"]


def test_without_hyphenation_there_is_no_break(tmp_path: Path) -> None:
    pdf = compile_typst(tmp_path, NARROW.format(hyphenate="false"))
    assert hyphenation.hyphen_breaks(pdflines.body_lines(pdf.pages)) == []


def test_a_break_in_an_ordinary_word_is_allowed(tmp_path: Path) -> None:
    pdf = compile_typst(tmp_path, NARROW.format(hyphenate="true"))
    breaks = hyphenation.hyphen_breaks(pdflines.body_lines(pdf.pages))
    ast = {"blocks": [para(*words("De samenwerking werkt."))]}
    found = hyphenation.classify_breaks(breaks, hyphenation.source_vocabulary(ast))
    assert found.in_names == () and found.in_restricted == ()
    assert {b.word for b in found.breaks} >= {"samenwerking", "Metropoolregio"}


def test_a_name_of_more_words_counts_where_it_is_printed(tmp_path: Path) -> None:
    pdf = compile_typst(tmp_path, NARROW.format(hyphenate="true"))
    breaks = hyphenation.hyphen_breaks(pdflines.body_lines(pdf.pages))
    vocabulary = hyphenation.source_vocabulary({"blocks": []}, ["Metropoolregio Eindhoven"])
    assert [b.word for b in hyphenation.classify_breaks(breaks, vocabulary).in_names] == [
        "Metropoolregio"
    ]


def test_names_are_capitals_inside_a_sentence_never_lower_case_words() -> None:
    ast = {
        "blocks": [
            para(*words("Helmond en Deurne werken samen met Deurne.")),
            para(*words("Wij zijn een Gemeente. De gemeente beslist: Vandaag niet.")),
        ]
    }
    names = hyphenation.source_vocabulary(ast, ["Gemeente Someren"]).names
    assert "deurne" in names and "someren" in names
    assert "helmond" not in names  # only ever the first word of a sentence
    assert "gemeente" not in names  # also written in lower case
    assert "vandaag" not in names  # after a colon a sentence may start


def test_words_only_in_tables_headings_captions_bylines_are_restricted() -> None:
    cell = {"t": "Plain", "c": words("Subsidieverordening")}
    ast = {
        "blocks": [
            {"t": "Header", "c": [2, ["", [], []], words("Besluitvorming")]},
            {"t": "Div", "c": [["", ["byline"], []], [para(*words("Gemeentesecretaris"))]]},
            {"t": "Table", "c": [["", [], []], [None, []], [], [], [[cell]], []]},
            para(*words("De besluitvorming is open.")),
        ]
    }
    restricted = hyphenation.source_vocabulary(ast).restricted
    assert {"subsidieverordening", "gemeentesecretaris"} <= restricted
    assert "besluitvorming" not in restricted  # also in a paragraph: ambiguous, allowed


def test_a_break_at_the_writers_own_hyphen_is_allowed() -> None:
    body = [[pdflines.Line(20, 10, "Gemeente Geldrop-"), pdflines.Line(8, 0, "Mierlo werkt")]]
    breaks = hyphenation.hyphen_breaks(body)
    vocabulary = hyphenation.source_vocabulary({"blocks": []}, ["Gemeente Geldrop-Mierlo"])
    found = hyphenation.classify_breaks(breaks, vocabulary)
    assert [str(b) for b in found.at_hyphens] == ["Geldrop-Mierlo p.1"]
    assert found.in_names == ()


# 2. Page labels

LABELS = (
    PAGES
    + """#set document(title: "Test")
Titel
#pagebreak()
#set page({numbering}footer: context [Pagina #counter(page).display("1") van 3])
#counter(page).update(1)
#outline(title: "Inhoudsopgave")
#pagebreak()
= Eerste
tekst
#pagebreak()
= Tweede
tekst
"""
)


def test_page_labels_that_follow_the_printed_numbers_pass(tmp_path: Path) -> None:
    pdf = compile_typst(tmp_path, LABELS.format(numbering='numbering: "1", '))
    report = layout.check_labels(pdf, FOOTER, "Inhoudsopgave")
    assert report.has_labels and report.ok
    assert report.footers == 3 and report.entries == 2


def test_without_page_labels_footers_and_contents_disagree(tmp_path: Path) -> None:
    pdf = compile_typst(tmp_path, LABELS.format(numbering=""))
    report = layout.check_labels(pdf, FOOTER, "Inhoudsopgave")
    assert not report.ok and not report.has_labels
    assert report.footer_mismatches[0] == (1, "1", "2")
    assert ("Eerste", "2", "3") in report.entry_mismatches


# 3. Mostly empty pages

EMPTY = (
    PAGES
    + """#set page(header: [Lopende kop], footer: context [Pagina #counter(page).display() van 5])
Titel
#pagebreak()
= Hoofdstuk
#lorem(95)
#pagebreak()
Een korte regel.
#pagebreak()
{heading} Verder
#lorem(95)
#pagebreak()
Slot.
"""
)


def test_a_mostly_empty_page_before_a_section_is_found(tmp_path: Path) -> None:
    pdf = compile_typst(tmp_path, EMPTY.format(heading="=="))
    empty, fill = layout.empty_pages(pdf, FOOTER, "Inhoudsopgave")
    assert empty == [2]
    assert fill[1] > 0.9 and fill[2] < 0.2


def test_a_mostly_empty_page_before_a_chapter_is_allowed(tmp_path: Path) -> None:
    pdf = compile_typst(tmp_path, EMPTY.format(heading="="))
    empty, _ = layout.empty_pages(pdf, FOOTER, "Inhoudsopgave")
    assert empty == []


def test_the_running_header_and_footer_are_not_body(tmp_path: Path) -> None:
    pdf = compile_typst(tmp_path, EMPTY.format(heading="=="))
    texts = [line.text for page in pdflines.body_lines(pdf.pages, FOOTER) for line in page]
    assert "Lopende kop" not in texts and not any("Pagina" in text for text in texts)


# 4. Contents and footers as LibreOffice prints DOCX and ODT


def test_a_running_header_drawn_apart_or_a_point_lower_is_still_furniture() -> None:
    header = "Proef met echte tekst CONCEPT"
    pages = [[pdflines.Line(800, 793.6, header), pdflines.Line(700, 690, word)] for word in "abcd"]
    # A table page draws the title and "CONCEPT" apart, and a rounding lower.
    pages.append(
        [pdflines.Line(800, 793.29, "Proef met echte tekst"), pdflines.Line(700, 690, "Rij")]
    )
    body = pdflines.body_lines(pages)
    assert [[line.text for line in page] for page in body] == [
        *[[word] for word in "abcd"],
        ["Rij"],
    ]


def test_contents_and_footers_are_measured_on_printed_pages(tmp_path: Path) -> None:
    pdf = compile_typst(tmp_path, LABELS.format(numbering='numbering: "1", '))
    report = layout.check_office(pdf, ["Eerste", "Tweede"], FOOTER, ["Inhoudsopgave"])
    assert report.ok and report.matched == 2 and report.with_footer == 3


def test_a_heading_missing_from_the_contents_fails(tmp_path: Path) -> None:
    pdf = compile_typst(tmp_path, LABELS.format(numbering='numbering: "1", '))
    report = layout.check_office(pdf, ["Eerste", "Derde"], FOOTER, ["Inhoudsopgave"])
    assert not report.ok and report.matched == 1 and report.expected == 2


def libreoffice_pdf(document: Path, tmp_path: Path) -> pdflines.PdfLayout:
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        missing("LibreOffice (apt-get install libreoffice-writer)")
    subprocess.run(
        [
            office,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo-profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "lo"),
            str(document),
        ],
        capture_output=True,
        timeout=300,
        check=True,
    )
    return pdflines.read_pdf(tmp_path / "lo" / f"{document.stem}.pdf")


FODT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:automatic-styles>
  <style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm"
   fo:page-height="29.7cm" fo:margin="2cm"/></style:page-layout>
  <style:style style:name="P1" style:family="paragraph">
   <style:paragraph-properties fo:break-before="page"/></style:style>
 </office:automatic-styles>
 <office:master-styles>
  <style:master-page style:name="Standard" style:page-layout-name="pm1">{footer}</style:master-page>
 </office:master-styles>
 <office:body><office:text>
  <text:p>Titel</text:p>
  <text:table-of-content text:name="Inhoud">
   <text:table-of-content-source text:outline-level="2"/>
   <text:index-body>
    <text:index-title><text:p>Inhoudsopgave</text:p></text:index-title>
    {entries}
   </text:index-body>
  </text:table-of-content>
  <text:h text:style-name="P1" text:outline-level="1">Eerste</text:h>
  <text:p>tekst</text:p>
  <text:h text:style-name="P1" text:outline-level="1">Tweede</text:h>
  <text:p>tekst</text:p>
 </office:text></office:body>
</office:document>
"""
FOOTER_XML = (
    "<style:footer><text:p>Pagina <text:page-number/> van <text:page-count/></text:p>"
    "</style:footer>"
)
ENTRIES = "<text:p>Eerste . . . . . . . . 2</text:p><text:p>Tweede . . . . . . . . 3</text:p>"


@pytest.mark.office
def test_libreoffice_prints_a_document_with_contents_and_footer(tmp_path: Path) -> None:
    document = tmp_path / "goed.fodt"
    document.write_text(FODT.format(footer=FOOTER_XML, entries=ENTRIES), encoding="utf-8")
    pdf = libreoffice_pdf(document, tmp_path)
    report = layout.check_office(pdf, ["Eerste", "Tweede"], FOOTER, ["Inhoudsopgave"])
    assert report.ok, report


@pytest.mark.office
def test_libreoffice_prints_no_contents_and_no_footer(tmp_path: Path) -> None:
    document = tmp_path / "kaal.fodt"
    document.write_text(FODT.format(footer="", entries=""), encoding="utf-8")
    pdf = libreoffice_pdf(document, tmp_path)
    report = layout.check_office(pdf, ["Eerste", "Tweede"], FOOTER, ["Inhoudsopgave"])
    assert not report.ok
    assert report.entries == 0 and report.matched == 0
    assert report.with_footer == 0 and report.without_footer == (1, 2)


def test_a_contents_title_wrapped_at_its_hyphen_is_joined_without_a_space() -> None:
    page = [
        pdflines.Line(700, 690, "Inhoudsopgave"),
        pdflines.Line(680, 670, "7.23 2-owp-16-vereisten-onderdeel-algemene-inkoopvoorwaarden-en-"),
        pdflines.Line(668, 658, "contractovereenkomst . . . . . . 48"),
        pdflines.Line(656, 646, "7.24 Een gewone titel die"),
        pdflines.Line(644, 634, "doorloopt . . . . . . 49"),
    ]
    entries = layout.contents_entries([page], ["Inhoudsopgave"])
    assert [(entry.title, entry.target) for entry in entries] == [
        (
            "7.23 2-owp-16-vereisten-onderdeel-algemene-inkoopvoorwaarden-en-contractovereenkomst",
            "48",
        ),
        ("7.24 Een gewone titel die doorloopt", "49"),
    ]


@pytest.mark.parametrize("sentences", range(100, 200, 15))  # the run starts on a page's foot
def test_a_run_of_headings_without_text_leaves_no_page_half_empty(
    tmp_path: Path, sentences: int
) -> None:
    # A form's questions, or contributions with only a title: each heading sticks to the next,
    # and the whole run once moved to the next page as one block, leaving this one half empty.
    from pipeline.publish.build import build_document

    root = tmp_path / "project"
    shutil.copytree(Path(__file__).parent / "fixtures" / "valid", root)
    page = root / "contributions/limits/where-it-ends.md"
    questions = "\n\n".join(f"### Vraag {n}" for n in range(1, 16))
    text = "Een zin over de rol van het bureau in de regio. " * sentences
    page.write_text(f"{page.read_text('utf-8')}\n{text}\n\n{questions}\n", "utf-8")
    build_document(root, formats=("pdf",))
    pdf = pdflines.read_pdf(root / "build/how-we-work.pdf")
    empty, fill = layout.empty_pages(pdf, pdflines.footer_pattern("Page", "of"), "Contents")
    assert empty == [], [f"p.{i + 1} {share:.0%}" for i, share in enumerate(fill)]
