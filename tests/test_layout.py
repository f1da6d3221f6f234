"""Typography measurements (pipeline/qa/: pdflines, hyphenation, layout) on tiny PDFs that
real Typst makes, and on documents LibreOffice prints: each measurement is shown to find the
fault and to pass without it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from pipeline.qa import hyphenation, layout, pdflines

from .conftest import BuiltExample
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
= Slot
Slot.
"""
)


def test_a_mostly_empty_page_before_a_section_is_found(tmp_path: Path) -> None:
    pdf = compile_typst(tmp_path, EMPTY.format(heading="=="))
    empty, fill = layout.empty_pages(pdf, FOOTER, "Inhoudsopgave")
    assert empty == [2]
    assert fill[1] > 0.9 and fill[2] < 0.2


def test_a_chapter_that_ends_in_a_few_lines_on_a_page_of_their_own_is_found(
    tmp_path: Path,
) -> None:
    pdf = compile_typst(tmp_path, EMPTY.format(heading="="))
    empty, _ = layout.empty_pages(pdf, FOOTER, "Inhoudsopgave")
    assert empty == [2]


CHAPTER_ENDS = (
    PAGES
    + """#set page(header: [Lopende kop], footer: context [Pagina #counter(page).display() van 5])
Titel
#pagebreak()
= Hoofdstuk
#lorem(95)
#pagebreak()
#lorem(35)
#pagebreak()
= Bijlage
Een korte bijlage.
#pagebreak()
= Slot
#lorem(95)
#pagebreak()
Slot.
"""
)


def test_a_chapter_end_of_a_third_of_a_page_and_a_chapter_on_one_page_are_allowed(
    tmp_path: Path,
) -> None:
    pdf = compile_typst(tmp_path, CHAPTER_ENDS)
    empty, fill = layout.empty_pages(pdf, FOOTER, "Inhoudsopgave")
    assert layout.A_FEW_LINES < fill[2] < layout.MOSTLY_EMPTY  # the end of "Hoofdstuk"
    assert fill[3] < layout.A_FEW_LINES  # "Bijlage", whole on its page
    assert empty == [5]  # the document's last page: one line of "Slot"


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


# 5. Headings stranded at a page's foot


TEXTS = layout.HeadingTexts(
    titles=("Eerste", "Tweede kop", "Derde"),
    followers=("A. Auteur, Gemeente Deurne · 1 januari 2020", "Nog niet aanvaard: Voorstel"),
    notes=("Een voetnoot over de gemeenten en hun bijdrage.",),
)


def page_of(*texts: str, top: float = 700) -> tuple[pdflines.Line, ...]:
    """Lines from the top down, one per text, 14 points apart."""
    return tuple(
        pdflines.Line(top - 14 * n, top - 14 * n - 8, text) for n, text in enumerate(texts)
    )


def synthetic(*middle: str) -> pdflines.PdfLayout:
    """A title page, a page with `middle` below a first heading and its text, a last page."""
    pages = (
        page_of("Titel"),
        page_of("1 Eerste", "Wat tekst onder de eerste kop.", *middle),
        page_of("Meer tekst op de volgende pagina.", "3 Derde", "Slot."),
    )
    return pdflines.PdfLayout(pages, None, ())


def test_a_heading_with_its_byline_and_status_note_at_a_pages_foot_is_stranded() -> None:
    pdf = synthetic(
        "1.1 Tweede kop",
        "A. Auteur, Gemeente Deurne ·",
        "1 januari 2020",
        "Nog niet aanvaard: Voorstel",
        "1Een voetnoot over de gemeenten en",
        "hun bijdrage.",
    )
    stranded, found = layout.stranded_headings(pdf, TEXTS, FOOTER)
    assert stranded == [layout.Stranded(1, ("1.1 Tweede kop",))]
    assert found == 3
    # The footnote's number set on a line of its own, as a raised number may be.
    pdf = synthetic(
        "1.1 Tweede kop", "A. Auteur, Gemeente Deurne · 1 januari 2020", "1", "Een voetnoot."
    )
    texts = layout.HeadingTexts(TEXTS.titles, TEXTS.followers, ("Een voetnoot.",))
    assert layout.stranded_headings(pdf, texts, FOOTER)[0] == [
        layout.Stranded(1, ("1.1 Tweede kop",))
    ]


def test_a_heading_followed_by_its_text_is_not_stranded() -> None:
    pdf = synthetic("1.1 Tweede kop", "A. Auteur, Gemeente Deurne · 1 januari 2020", "Tekst.")
    assert layout.stranded_headings(pdf, TEXTS, FOOTER) == ([], 3)


def test_a_heading_over_two_lines_is_one_heading() -> None:
    texts = layout.HeadingTexts(("Eerste", "Een lange kop die over twee regels loopt"), (), ())
    stranded, found = layout.stranded_headings(
        synthetic("1.1 Een lange kop die over", "twee regels loopt"), texts, FOOTER
    )
    assert stranded == [layout.Stranded(1, ("1.1 Een lange kop die over twee regels loopt",))]
    assert found == 2


def test_a_line_that_only_reads_as_a_heading_is_not_one() -> None:
    # A list item with a heading's words; the last line of a paragraph that is also the
    # last words of a footnote; a byline's word in the text, far from any heading.
    texts = layout.HeadingTexts(("Eerste", "Tweede kop", "Derde"), TEXTS.followers, TEXTS.notes)
    for middle in (
        ("• Tweede kop",),
        ("1. Tweede kop",),
        ("Tekst over de", "gemeenten en hun bijdrage."),
        ("Gemeente Deurne",),
    ):
        stranded, _ = layout.stranded_headings(synthetic(*middle), texts, FOOTER)
        assert stranded == [], middle


def test_the_contents_and_the_last_page_end_in_headings_without_fault() -> None:
    pages = (
        page_of("Titel"),
        page_of("Inhoudsopgave", "1 Eerste . . . . 2", "1.1 Tweede kop"),
        page_of("1 Eerste", "Tekst."),
        page_of("Tekst.", "1.1 Tweede kop"),
    )
    pdf = pdflines.PdfLayout(pages, None, ())
    assert layout.stranded_headings(pdf, TEXTS, FOOTER, ["Inhoudsopgave"]) == ([], 2)


STRANDED = (
    PAGES
    + """#set page(footer: context [Pagina #counter(page).display() van 3])
#set heading(numbering: "1.1")
Titel
#pagebreak()
= Eerste
#lorem(40)
{space}
== Tweede kop
#text(size: 8pt)[A. Auteur, Gemeente Deurne · 1 januari 2020]
{text}
#pagebreak()
#lorem(30)
"""
)


def test_typst_heading_pushed_to_a_pages_foot_is_found(tmp_path: Path) -> None:
    pdf = compile_typst(tmp_path, STRANDED.format(space="#v(1fr)", text=""))
    stranded, found = layout.stranded_headings(pdf, TEXTS, FOOTER)
    assert stranded == [layout.Stranded(1, ("1.1 Tweede kop",))] and found == 2
    pdf = compile_typst(tmp_path, STRANDED.format(space="", text="#lorem(20)"), "kept")
    assert layout.stranded_headings(pdf, TEXTS, FOOTER) == ([], 2)


def proposals_project(tmp_path: Path) -> Path:
    """The valid fixture with thirty proposals of growing length: in the draft, their
    headings, bylines and status notes fall at every height of the pages."""
    root = tmp_path / "project"
    shutil.copytree(Path(__file__).parent / "fixtures" / "valid", root)
    words = "office region towns support role plan budget meeting council mayor project choice"
    word = words.split()
    for n in range(1, 31):
        text = " ".join(
            f"The {word[(n * 7 + i) % 12]} and the {word[(n + i * 5) % 12]} meet again."
            for i in range(3 * n)
        )
        (root / f"contributions/limits/proposal-{n:02d}.md").write_text(
            f"---\ntitle: Proposal number {n}\nauthors: [bob]\nstatus: proposed\n"
            f"date: 2017-07-{n:02d}\n---\n{text}\n",
            "utf-8",
        )
    return root


def draft_stranded(root: Path) -> list[layout.Stranded]:
    from pipeline.publish.build import build_document
    from pipeline.qa.accept import document_ast

    build_document(root, draft=True, formats=("pdf",))
    pdf = pdflines.read_pdf(root / "build/how-we-work.pdf")
    texts = layout.heading_texts(document_ast(root, root / "build/how-we-work.md"))
    footer = pdflines.footer_pattern("Page", "of")
    stranded, found = layout.stranded_headings(pdf, texts, footer, ["Contents"])
    assert found == len(texts.titles)
    return stranded


@pytest.mark.slow
def test_no_heading_byline_and_status_note_end_a_page_of_a_draft(tmp_path: Path) -> None:
    root = proposals_project(tmp_path)
    assert draft_stranded(root) == []
    # The same with a status note that lets go of the text below it, as it once did.
    from pipeline.core.paths import DEFAULTS

    source = (DEFAULTS / "typst" / "template.typ").read_text("utf-8")
    loose = source.replace("below: 1em, sticky: roledoc-sticky.get(),", "below: 1em,")
    assert loose != source
    (root / "templates/typst").mkdir(parents=True)
    (root / "templates/typst/template.typ").write_text(loose, "utf-8")
    assert draft_stranded(root) != []


def test_the_example_ends_no_page_in_a_heading(built_example: BuiltExample) -> None:
    from pipeline.qa.accept import document_ast

    out = built_example.out
    pdf = pdflines.read_pdf(out / "rol-en-werkwijze.pdf")
    texts = layout.heading_texts(document_ast(built_example.root, out / "rol-en-werkwijze.md"))
    stranded, found = layout.stranded_headings(pdf, texts, FOOTER, ["Inhoudsopgave"])
    assert stranded == [] and found == len(texts.titles)


@pytest.mark.office
@pytest.mark.parametrize("fmt", ["docx", "odt"])
def test_libreoffice_ends_no_page_of_the_example_in_a_heading(
    built_example: BuiltExample, tmp_path: Path, fmt: str
) -> None:
    from pipeline.qa.accept import document_ast

    out = built_example.out
    pdf = libreoffice_pdf(out / f"rol-en-werkwijze.{fmt}", tmp_path)
    texts = layout.heading_texts(document_ast(built_example.root, out / "rol-en-werkwijze.md"))
    contents = ["Inhoudsopgave", "Inhoud"]
    stranded, found = layout.stranded_headings(pdf, texts, FOOTER, contents)
    assert stranded == [] and found == len(texts.titles)
    empty, fill = layout.empty_pages(pdf, FOOTER, contents)
    assert empty == [], [f"p.{i + 1} {share:.0%}" for i, share in enumerate(fill)]


# 6. What keeps a heading with its text in Word and OpenDocument, and the captions there


def docx_part(path: Path, part: str):
    from lxml import etree

    with zipfile.ZipFile(path) as package:
        return etree.fromstring(package.read(part))


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ODF = {
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}
KEPT_DOCX = ["Heading1", "Heading2", "Heading3", "Heading4", "Byline", "StatusNote"]
KEPT_ODT = ["Heading_20_1", "Heading_20_2", "Heading_20_3", "Heading_20_4", "Byline"]


def test_word_keeps_headings_bylines_and_status_notes_with_the_next_paragraph() -> None:
    from pipeline.core.paths import DEFAULTS

    styles = docx_part(DEFAULTS / "docx" / "reference.docx", "word/styles.xml")
    for style in KEPT_DOCX:
        found = styles.find(f"{W}style[@{W}styleId='{style}']/{W}pPr")
        assert found is not None, style
        assert found.find(f"{W}keepNext") is not None, style
        assert found.find(f"{W}keepLines") is not None, style


def test_opendocument_keeps_headings_bylines_and_status_notes_with_the_next_paragraph() -> None:
    from pipeline.core.paths import DEFAULTS

    styles = docx_part(DEFAULTS / "odt" / "reference.odt", "styles.xml")
    for name in [*KEPT_ODT, "Status Note"]:
        found = styles.find(f".//style:style[@style:name='{name}']/style:paragraph-properties", ODF)
        assert found is not None, name
        fo = "{" + ODF["fo"] + "}"
        assert found.get(f"{fo}keep-with-next") == "always", name
        assert found.get(f"{fo}keep-together") == "always", name


def typst_caption_size() -> str:
    from pipeline.core.paths import DEFAULTS

    template = (DEFAULTS / "typst" / "template.typ").read_text("utf-8")
    match = re.search(r"#show figure\.caption: set text\(size: ([0-9.]+)pt", template)
    assert match
    return match[1]


def test_captions_are_the_pdfs_size_in_word_and_opendocument() -> None:
    from pipeline.core.paths import DEFAULTS

    size = float(typst_caption_size())
    docx = docx_part(DEFAULTS / "docx" / "reference.docx", "word/styles.xml")
    caption = docx.find(f"{W}style[@{W}styleId='Caption']/{W}rPr/{W}sz")
    assert caption is not None and int(caption.get(f"{W}val")) == 2 * size
    odt = docx_part(DEFAULTS / "odt" / "reference.odt", "styles.xml")
    text = odt.find(".//style:style[@style:name='Caption']/style:text-properties", ODF)
    assert text is not None and text.get("{" + ODF["fo"] + "}font-size") == f"{size:g}pt"


def caption_texts(path: Path) -> list[str]:
    """The text of each figure caption of a DOCX or ODT file."""
    if path.suffix == ".docx":
        body = docx_part(path, "word/document.xml")
        paragraphs = body.iter(f"{W}p")
        return [
            " ".join("".join(t.text or "" for t in p.iter(f"{W}t")).split())
            for p in paragraphs
            if p.find(f"{W}pPr/{W}pStyle[@{W}val='ImageCaption']") is not None
        ]
    body = docx_part(path, "content.xml")
    return [
        " ".join("".join(p.itertext()).split())
        for p in body.iterfind(".//text:p[@text:style-name='FigureCaption']", ODF)
    ]


def test_the_examples_captions_are_numbered_in_dutch(built_example: BuiltExample) -> None:
    for fmt in ("docx", "odt"):
        captions = caption_texts(built_example.out / f"rol-en-werkwijze.{fmt}")
        assert captions and captions[0].startswith("Figuur 1: De zes fases"), (fmt, captions)


def test_an_english_documents_captions_are_numbered_in_english(tmp_path: Path) -> None:
    from pipeline.publish.build import build_document

    root = tmp_path / "project"
    shutil.copytree(Path(__file__).parent / "fixtures" / "valid", root)
    build_document(root, formats=("docx", "odt"))
    for fmt in ("docx", "odt"):
        captions = caption_texts(root / f"build/how-we-work.{fmt}")
        assert captions == ["Figure 1: The role from initiative to execution"], (fmt, captions)
