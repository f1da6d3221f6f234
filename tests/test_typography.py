"""Typography a Dutch typesetter accepts, measured on real builds (pandoc, Typst, pypdf):
page labels that match the printed numbers, no hyphenated names, lead-ins kept with what
they announce, and numbered chapters in every format the text refers to them in."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pypandoc
from pypdf import PdfReader

from pipeline.publish.build import build_document

from .conftest import FIXTURES, REPOSITORY
from .pdftext import page_texts

FILTERS = REPOSITORY / "pipeline" / "defaults" / "filters"


def _gallery(tmp_path: Path) -> Path:
    root = tmp_path / "gallery"
    shutil.copytree(FIXTURES / "gallery", root)
    return root


def _contribution(root: Path, name: str, body: str) -> None:
    (root / "contributions" / "kern" / f"{name}.md").write_text(
        f"---\ntitle: Proef {name}\nauthors: [pjansen]\nstatus: accepted\n"
        f"date: 2024-01-01\n---\n\n{body}\n",
        encoding="utf-8",
    )


def _pages(pdf: Path) -> list[str]:
    return page_texts(pdf)


def test_page_labels_are_the_numbers_the_footer_prints(tmp_path: Path) -> None:
    root = _gallery(tmp_path)
    build_document(root, formats=("pdf",))
    reader = PdfReader(root / "build" / "galerij.pdf")
    labels = reader.page_labels
    # Title page and contents in roman numerals, then the text from 1.
    assert labels[:3] == ["i", "ii", "1"]
    assert labels[2:] == [str(n) for n in range(1, len(labels) - 1)]
    last = labels[-1]
    for label, page in zip(labels[2:], reader.pages[2:], strict=True):
        assert f"Pagina {label} van {last}" in page.extract_text()
    assert "Pagina ii" in reader.pages[1].extract_text()
    title_page = reader.pages[0].extract_text()
    assert "Pagina" not in title_page
    assert not re.search(r"^\s*[ivx]+\s*$", title_page, re.MULTILINE)  # no bare number either


def test_contents_page_numbers_are_the_labels_of_the_headings(tmp_path: Path) -> None:
    root = _gallery(tmp_path)
    build_document(root, formats=("pdf",))
    reader = PdfReader(root / "build" / "galerij.pdf")
    labels = reader.page_labels
    contents = reader.pages[1].extract_text()
    checked = 0
    for item in reader.outline:
        if isinstance(item, list):
            continue
        title, page = item.title, labels[reader.get_destination_page_number(item)]
        lines = [line for line in contents.splitlines() if title in line]
        if lines:
            assert lines[0].rstrip().endswith(f" {page}"), (title, page, lines[0])
            checked += 1
    assert checked >= 3


def test_names_are_not_hyphenated_but_ordinary_words_are(tmp_path: Path) -> None:
    """Long words at many line ends: the capitalised ones never break, the others do (so the
    test can see a hyphenation when there is one)."""
    root = _gallery(tmp_path)
    lead = "De vergadering in"
    names = " ".join(
        f"{lead} {'ab ' * (i % 9)}Reusel-De Mierden, Metropoolregiohuis en Bergeijksestraat."
        for i in range(40)
    )
    words = " ".join(
        f"{lead} {'ab ' * (i % 9)}samenwerkingsovereenkomsten en ondersteuningsprogramma."
        for i in range(40)
    )
    _contribution(root, "namen", names)
    _contribution(root, "woorden", words)
    build_document(root, formats=("pdf",))
    text = "\n".join(_pages(root / "build" / "galerij.pdf"))
    broken = hyphenated(text)
    assert broken, "no word was hyphenated at all: the test proves nothing"
    assert any(word.startswith("samenwer") for word in broken)
    assert all(word[0].islower() for word in broken), broken


def hyphenated(text: str) -> list[str]:
    """The words a line break hyphenated: pypdf gives Typst's hyphen as "-" (or U+00AD) at
    the end of a line; a break at a word's own hyphen ("Reusel-De") goes on with a capital."""
    return [a + b for a, b in re.findall(r"(\S+)[-\u00ad]\n([a-zà-ÿ]\S*)", text)]


def _typst(markdown: str, reader: str = "gfm") -> str:
    return subprocess.run(
        [
            pypandoc.get_pandoc_path(),
            "-f", reader, "-t", "typst",
            "--lua-filter", str(FILTERS / "tables.lua"),
            "--lua-filter", str(FILTERS / "typst.lua"),
        ],
        input=markdown.encode(),
        capture_output=True,
        check=True,
    ).stdout.decode()  # fmt: skip


def test_a_lead_in_that_ends_in_a_colon_stays_with_what_it_announces() -> None:
    typst = _typst("Een medewerker kan zeggen:\n\n> Ik leg het voor.\n\nGewone tekst.\n\n- a\n")
    assert typst.index("#block(sticky: true)[") < typst.index("Een medewerker")
    assert typst.count("sticky: true") == 1  # "Gewone tekst." ends in a full stop


def test_a_lead_in_to_a_list_is_kept_and_a_closing_colon_alone_is_not() -> None:
    typst = _typst("Drie vragen:\n\n1. wie\n2. wat\n\nTot slot:\n")
    assert typst.count("sticky: true") == 1


def test_a_heading_with_only_a_byline_or_status_note_does_not_hold_the_next_one() -> None:
    """An empty contribution (heading, byline, status note, no text) followed by the next:
    its last block is set loose, so the two do not move to the next page as one."""
    for between in ("::: byline\nA. de Vries\n:::", "::: status-note\nConcept\n:::"):
        typst = _typst(f"## Leeg\n\n{between}\n\n## Volgend\n\nTekst.\n", "markdown")
        loose = typst.index("#roledoc-sticky.update(false)")
        again = typst.index("#roledoc-sticky.update(true)")
        words = typst.index(between.split("\n")[1])
        assert typst.index("Leeg") < loose < words < again < typst.index("Volgend"), between


def test_headings_are_numbered_alike_in_html_and_pdf(tmp_path: Path) -> None:
    root = _gallery(tmp_path)
    _contribution(root, "diep", "## Een tussenkop\n\nTekst.")
    build_document(root, formats=("pdf", "html", "epub"))
    html = (root / "build" / "galerij.html").read_text(encoding="utf-8")
    numbered = html.count('<span class="header-section-number">')
    assert numbered >= 4
    assert 'class="unnumbered"' in html  # the contribution's own subheading
    contents = _pages(root / "build" / "galerij.pdf")[1]
    for number in ("1 ", "2 ", "2.1 "):
        assert any(line.startswith(number) for line in contents.splitlines()), number
    assert "Een tussenkop" not in contents  # level 3: neither numbered nor listed


def test_a_long_table_repeats_its_header_and_sizes_columns_by_their_words(tmp_path: Path) -> None:
    root = _gallery(tmp_path)
    rows = "\n".join(
        f"| Evalueren {n} | Vergaderingen van de stuurgroep {n} | {n * 125} |" for n in range(1, 90)
    )
    _contribution(root, "lang", f"| Fase | Toelichting | Bedrag |\n|---|---|---|\n{rows}")
    build_document(root, formats=("pdf",))
    pages = [p for p in _pages(root / "build" / "galerij.pdf") if "Vergaderingen van" in p]
    assert len(pages) >= 2
    for page in pages:
        assert "Fase Toelichting Bedrag" in page
    text = "\n".join(pages)
    assert not hyphenated(text)  # no word in a cell is hyphenated
    assert "Evalueren 1 " in text  # the first column holds its longest word on one line


def test_a_column_holds_its_longest_word_in_the_pdfs_own_font() -> None:
    """Widths are estimated in characters (tables.lua); the estimate must hold the real word:
    "Ontwerpen" in Source Sans Pro at 10.5 pt, plus the cell's inset, within its column."""
    from pipeline.formats.office import FALLBACK_FACTOR, word_width

    typst = _typst(
        "| Fase | Bestuurlijk trekker | Ambtelijk trekker | Deelnemende gemeenten | Bureau |\n"
        "|---|---|---|---|---|\n"
        "| Ontwerpen | Stelt het procesontwerp vast | Werkt het procesontwerp uit met het "
        "bureau | Geven reactie op het ontwerp | Schrijft het ontwerp, organiseert de dialoog |\n"
    )
    shares = [float(x) / 100 for x in re.findall(r"([\d.]+)%", typst.split("columns:")[1])[:5]]
    assert abs(sum(shares) - 1) < 0.01
    text_width, inset = 453.5, 12.0  # points: A4 with 2.5 cm margins; 6 pt each side
    for word, share in (("Ontwerpen", shares[0]), ("Deelnemende", shares[3])):
        real = word_width(word, 10.5, bold=word == "Deelnemende") / FALLBACK_FACTOR
        assert share * text_width - inset >= real, (word, share * text_width - inset, real)
