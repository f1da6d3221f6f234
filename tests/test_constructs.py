"""Every Markdown construct reaches every format whole: long tables, long code lines, long
words, thematic breaks, empty links, task lists, footnotes in tables, figures, alerts and
cross-references, built for real with pandoc and Typst (PDF/UA-1).

Alerts and cross-references reach the format filters as the reading side delivers them
(Div ["alert", KIND] and Link ["xref"] with a title): until that reading is merged, this
test puts them into the document's AST itself, through an edition's composer.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from pipeline.check.project import load_project
from pipeline.formats.render import read_markdown
from pipeline.publish.build import build_document
from pipeline.publish.compose import Composed, compose_document
from pipeline.publish.plan import Edition

from .pdftext import page_texts
from .realtools import needs

FIXTURES = Path(__file__).parent / "fixtures"
ROWS = 80
CODE_LINE = "".join(f"{i % 10}" for i in range(300))
LONG_URL = "https://example.org/" + "abcdefghij" * 18
MARKER = "CONSTRUCTS-SPLICE"

TABLE = "\n".join(
    ["| Nummer | Omschrijving | Gemeente |", "|---|---|---|"]
    + [f"| {i} | Rij nummer {i} met tekst | gemeente{i} |" for i in range(1, ROWS + 1)]
)

BODY = f"""Eerste alinea.

{MARKER}

---

Na de scheidingslijn.

{TABLE}

```
{CODE_LINE}
```

Een lange link: {LONG_URL} einde.

- [ ] open taak
- [x] afgeronde taak

1. buitenste punt

   - binnenste punt

     > citaat in een lijst

| Kolom | Andere |
|---|---|
| cel met voetnoot[^cel] | x |

[^cel]: De voetnoot uit de tabel.

![Een diagram van de rol](assets/diagram.png)
"""

# What the reading side will deliver for GitHub alerts and cross-references, written as
# pandoc Markdown into the assembled document.
SPLICE = """Een lege link: [bijlage]() blijft tekst.

Lees [zie ook](#where-it-ends){.xref title="Where it ends"} voor de grens.

::: {.alert .note}
Notitie in de callout.
:::

::: {.alert .tip}
Tip in de callout.
:::

::: {.alert .important}
Belangrijk in de callout.
:::

::: {.alert .warning}
Waarschuwing in de callout.

- met een lijst
:::

::: {.alert .caution}
Voorzichtig in de callout.
:::
"""

TITLES = {
    "note": "Opmerking",
    "tip": "Tip",
    "important": "Belangrijk",
    "warning": "Waarschuwing",
    "caution": "Let op",
}


def splice(plan, staging, cache) -> Composed:
    """The document as built, with the paragraph MARKER replaced by SPLICE's blocks."""
    document = json.loads(compose_document(plan, staging, cache).json)
    extra = read_markdown(staging, SPLICE, plan.epoch)["blocks"]
    marker = {"t": "Para", "c": [{"t": "Str", "c": MARKER}]}
    blocks = document["blocks"]
    at = blocks.index(marker)
    blocks[at : at + 1] = extra
    return Composed(json.dumps(document, ensure_ascii=False))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("constructs") / "project"
    shutil.copytree(FIXTURES / "valid", root)
    document = root / "document.yaml"
    document.write_text(
        re.sub(r"(?m)^lang: .*$", "lang: nl-NL", document.read_text(encoding="utf-8")),
        encoding="utf-8",
    )
    assets = root / "contributions/support/assets"
    assets.mkdir()
    shutil.copyfile(root / "contributions/limits/assets/diagram.png", assets / "diagram.png")
    (root / "contributions/support/constructs.md").write_text(
        "---\ntitle: Constructs\nauthors: [alice]\nstatus: accepted\ndate: 2017-03-20\n"
        f"order: 20\nsummary: Alles komt aan.\n---\n{BODY}",
        encoding="utf-8",
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ROLEDOC_CACHE", str(tmp_path_factory.mktemp("cache")))
        build_document(
            root,
            formats=("pdf", "docx", "html", "epub", "odt"),
            edition=Edition(name="constructs", compose=splice),
        )
    return root / "build"


def pages(built: Path) -> list[str]:
    """Each page's text, with line ends and no-break spaces made plain spaces."""
    return [re.sub(r"\s+", " ", text) for text in page_texts(built / "how-we-work.pdf")]


def squeezed(built: Path) -> str:
    """The whole PDF's text without any white space: wrapped runs read as one again."""
    return re.sub(r"\s+", "", "".join(pages(built)))


def archive_text(path: Path, member: str) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read(member).decode("utf-8")


def test_the_pdf_with_every_construct_is_pdf_ua(built: Path) -> None:
    assert b"pdfuaid" in (built / "how-we-work.pdf").read_bytes()


def test_every_row_of_a_long_table_is_in_the_pdf_once(built: Path) -> None:
    text = " ".join(pages(built))
    for i in range(1, ROWS + 1):
        assert len(re.findall(rf"\bRij nummer {i} met tekst\b", text)) == 1, i


def test_a_long_table_splits_over_pages_and_repeats_its_header(built: Path) -> None:
    texts = pages(built)
    with_rows = [n for n, t in enumerate(texts) if re.search(r"Rij nummer \d+ met tekst", t)]
    assert len(with_rows) >= 2
    for n in with_rows:
        assert "Nummer Omschrijving Gemeente" in texts[n], f"page {n + 1} lacks the header"
    first = next(n for n, t in enumerate(texts) if "Rij nummer 1 met tekst" in t)
    last = next(n for n, t in enumerate(texts) if f"Rij nummer {ROWS} met tekst" in t)
    assert last > first


NEEDS_PDFTOTEXT = needs(
    shutil.which("pdftotext") is not None, "poppler's pdftotext (apt-get install poppler-utils)"
)


def word_boxes(pdf: Path) -> str:
    """Each word of the PDF with its box, as poppler's `pdftotext -bbox` gives them."""
    command = ["pdftotext", "-bbox", str(pdf), "-"]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def test_a_code_line_without_spaces_is_kept_whole(built: Path) -> None:
    assert CODE_LINE in squeezed(built)


@NEEDS_PDFTOTEXT
def test_a_code_line_too_long_for_the_column_goes_on_after_a_mark(built: Path) -> None:
    layout = word_boxes(built / "how-we-work.pdf")
    numbers = [
        (float(x), text) for x, text in re.findall(r'<word xMin="([\d.]+)"[^>]*>(\d+)<', layout)
    ]
    starts = [i for i, (_, text) in enumerate(numbers) if CODE_LINE.startswith(text)]
    pieces: list[tuple[float, str]] = []
    for first in starts:  # the run of numbers that spells the code line, every digit in order
        pieces, joined = [], ""
        for x, text in numbers[first:]:
            if not CODE_LINE.startswith(joined + text):
                break
            pieces.append((x, text))
            joined += text
        if joined == CODE_LINE:
            break
    assert "".join(text for _, text in pieces) == CODE_LINE
    (start, _), *continued = pieces
    assert continued, "the line should not fit one line of the column"
    # each continuation starts after the drawn arrow (a shape: it is no text of the line)
    assert all(x > start + 8 for x, _ in continued), pieces


def test_a_long_url_is_kept_whole(built: Path) -> None:
    assert LONG_URL in squeezed(built)


@NEEDS_PDFTOTEXT
def test_no_word_is_drawn_outside_the_page(built: Path) -> None:
    layout = word_boxes(built / "how-we-work.pdf")
    width = float(re.search(r'<page width="([\d.]+)"', layout).group(1))
    words = re.findall(r'xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"', layout)
    assert words
    margin = 2.5 / 2.54 * 72 - 1  # the template's side margin, less a point for rounding
    outside = [(a, b) for a, b in words if float(a) < margin or float(b) > width - margin]
    assert not outside


def test_a_thematic_break_and_an_empty_link_do_not_stop_the_pdf(built: Path) -> None:
    text = " ".join(pages(built))
    assert "Een lege link: bijlage blijft tekst." in text
    assert "Eerste alinea." in text and "Na de scheidingslijn." in text


def test_task_list_boxes_show_in_pdf_and_html(built: Path) -> None:
    text = " ".join(pages(built))
    assert "☐ open taak" in text and "☒ afgeronde taak" in text
    assert "• ☐" not in text and "•☐" not in text  # a box instead of a bullet, as on GitHub
    html = (built / "how-we-work.html").read_text(encoding="utf-8")
    assert "open taak" in html and "afgeronde taak" in html
    # The box stays a character, not a form control (which the Nu checker also refused as
    # a stray `</input>` once resources were embedded).
    assert '<span class="task">☐</span> open taak' in html and "<input" not in html


def test_nested_lists_quotes_table_footnotes_and_figures_reach_the_pdf(built: Path) -> None:
    text = " ".join(pages(built))
    for words in (
        "buitenste punt",
        "binnenste punt",
        "citaat in een lijst",
        "cel met voetnoot",
        "De voetnoot uit de tabel.",
        "Een diagram van de rol",
    ):
        assert words in text, words


def test_alerts_read_title_then_body_in_the_documents_language_in_the_pdf(
    built: Path,
) -> None:
    text = " ".join(pages(built))
    for kind, title in TITLES.items():
        body = {
            "note": "Notitie",
            "tip": "Tip in",
            "important": "Belangrijk in",
            "warning": "Waarschuwing in",
            "caution": "Voorzichtig",
        }[kind]
        assert re.search(rf"{title} {body}", text), kind


def test_alerts_are_labelled_notes_in_html_and_epub(built: Path) -> None:
    html = (built / "how-we-work.html").read_text(encoding="utf-8")
    for kind, title in TITLES.items():
        match = re.search(
            rf'<div class="alert alert-{kind}" role="note">\s*<div class="alert-title">\s*'
            rf"<strong>{title}</strong>",
            html,
        )
        assert match, kind
    with zipfile.ZipFile(built / "how-we-work.epub") as epub:
        xhtml = "".join(
            epub.read(n).decode("utf-8") for n in epub.namelist() if n.endswith(".xhtml")
        )
    assert 'class="alert alert-warning"' in xhtml and "<strong>Waarschuwing</strong>" in xhtml


def test_alerts_use_the_alert_styles_in_docx_and_odt(built: Path) -> None:
    docx = archive_text(built / "how-we-work.docx", "word/document.xml")
    for title in TITLES.values():
        assert re.search(rf'<w:pStyle w:val="AlertTitle" />.*?<w:t[^>]*>{title}</w:t>', docx)
    assert '<w:pStyle w:val="Alert" />' in docx
    styles = archive_text(built / "how-we-work.docx", "word/styles.xml")
    assert 'w:styleId="AlertTitle"' in styles and 'w:styleId="Alert"' in styles
    odt = archive_text(built / "how-we-work.odt", "content.xml")
    assert re.search(r'text:style-name="Alert Title">Let op<', odt)
    assert 'style:name="Alert Title"' in archive_text(built / "how-we-work.odt", "styles.xml")


def test_a_cross_reference_prints_its_targets_title_and_page(built: Path) -> None:
    texts = pages(built)
    text = " ".join(texts)
    # the link only says "zie ook": the target's title follows it, then the page
    found = re.search(r"zie ook Where it ends \(p\. (\d+)\)", text)
    assert found
    # the heading's own page, not the table of contents that lists it first
    target = [n for n, t in enumerate(texts) if "3.1 Where it ends" in t][-1]
    footer = re.search(r"Pagina (\d+) van", texts[target])
    assert footer and found.group(1) == footer.group(1)


def test_a_cross_reference_is_a_page_reference_in_docx_and_a_link_elsewhere(
    built: Path,
) -> None:
    docx = archive_text(built / "how-we-work.docx", "word/document.xml")
    assert 'w:name="where-it-ends"' in docx
    assert "#" not in re.sub(r"<[^>]+>", "", docx)  # no page the build did not lay out
    assert "“Where it ends”" in docx or "Where it ends</w:t>" in docx
    html = (built / "how-we-work.html").read_text(encoding="utf-8")
    # on a screen the link that only said "zie ook" names its target
    assert 'zie ook <a href="#where-it-ends">Where it ends</a>' in html
    odt = archive_text(built / "how-we-work.odt", "content.xml")
    assert 'xlink:href="#where-it-ends"' in odt
    assert re.search(r'<text:bookmark-start text:name="where-it-ends"', odt)
    assert re.search(
        r'\(p\.\xa0<text:bookmark-ref text:reference-format="page" '
        r'text:ref-name="where-it-ends">',
        odt,
    )


def test_docx_repeats_the_header_row_of_a_table(built: Path) -> None:
    docx = archive_text(built / "how-we-work.docx", "word/document.xml")
    long_table = next(t for t in docx.split("<w:tbl>") if "Rij nummer 80" in t)
    first_row = long_table.split("</w:tr>")[0]
    assert "<w:tblHeader" in first_row and "Omschrijving" in first_row
    odt = archive_text(built / "how-we-work.odt", "content.xml")
    assert "table:table-header-rows" in odt


def test_code_wraps_in_html(built: Path) -> None:
    html = (built / "how-we-work.html").read_text(encoding="utf-8")
    assert CODE_LINE in html
    assert re.search(r"pre \{[^}]*white-space: pre-wrap", html)


def test_odt_images_keep_their_alt_text_and_fit_the_page(tmp_path: Path) -> None:
    """pandoc's ODT writer drops alt text and sizes images by their pixels; roledoc puts the
    description back and scales a frame wider than the text down to fit."""
    from pipeline.formats.odt import finish_odt, text_width

    root = tmp_path / "project"
    shutil.copytree(Path(__file__).parent / "fixtures" / "valid", root)
    build_document(root, formats=("odt",))
    content = archive_text(root / "build/how-we-work.odt", "content.xml")
    assert "<svg:desc>" in content and "initiative" in content.split("<svg:desc>")[1]
    odt = tmp_path / "wide.odt"
    shutil.copyfile(root / "build/how-we-work.odt", odt)
    with zipfile.ZipFile(odt) as archive:
        parts = {i.filename: archive.read(i) for i in archive.infolist()}
    parts["content.xml"] = re.sub(
        rb'svg:width="[0-9.]+pt" svg:height="[0-9.]+pt"',
        b'svg:width="1892.0pt" svg:height="614.0pt"',
        parts["content.xml"],
    )
    with zipfile.ZipFile(odt, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    (tmp_path / "doc.json").write_text('{"blocks": []}', encoding="utf-8")
    finish_odt(odt, tmp_path / "doc.json")
    width = float(re.search(r'svg:width="([0-9.]+)pt"', archive_text(odt, "content.xml"))[1])
    assert width <= text_width(archive_text(odt, "styles.xml")) + 0.1


def test_github_markdown_from_a_participant_renders_as_github_shows_it(tmp_path: Path) -> None:
    """End to end, from the Markdown a participant writes on GitHub: alerts titled in Dutch,
    and a link whose text starts with a number stays in its sentence (Typst would read
    `[3. Afspraken]` as a list item)."""
    root = tmp_path / "project"
    shutil.copytree(Path(__file__).parent / "fixtures" / "gallery", root)
    build_document(root, formats=("pdf", "html", "docx"))
    html = (root / "build/galerij.html").read_text(encoding="utf-8")
    assert 'class="alert alert-warning" role="note"' in html and "Waarschuwing" in html
    assert ">Note<" not in html and ">Warning<" not in html
    text = "\n".join(page_texts(root / "build/galerij.pdf"))
    assert "Waarschuwing" in text and "Opmerking" in text and "\nNote\n" not in text
    assert "Meer lezen kan bij 3. Afspraken vastleggen (“Tabellen en afspraken”, p." in text


def test_an_alert_inside_a_list_or_a_quote_stays_a_quote_as_on_github(tmp_path: Path) -> None:
    # GitHub makes an alert only of a quote at the top of the text.
    root = tmp_path / "project"
    shutil.copytree(Path(__file__).parent / "fixtures" / "valid", root)
    (root / "contributions/support/alerts.md").write_text(
        "---\ntitle: Alerts\nauthors: [alice]\nstatus: accepted\ndate: 2017-03-20\n---\n"
        "> [!TIP]\n> On top.\n\n- An item\n\n  > [!WARNING]\n  > In the item.\n\n"
        "> Quoted\n>\n> > [!NOTE]\n> > In a quote.\n",
        encoding="utf-8",
    )
    assert not load_project(root).errors
    build_document(root, formats=("html",))
    html = (root / "build/how-we-work.html").read_text(encoding="utf-8")
    assert html.count('class="alert ') == 1 and 'class="alert alert-tip"' in html
    assert "<p>[!WARNING] In the item.</p>" in html and "<p>[!NOTE] In a quote.</p>" in html


def test_single_tildes_strike_through_as_on_github(tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(Path(__file__).parent / "fixtures" / "valid", root)
    (root / "contributions/support/tildes.md").write_text(
        "---\ntitle: Tildes\nauthors: [alice]\nstatus: accepted\ndate: 2017-03-20\n---\n"
        "Niet ~dit~ maar dat, ~~dit ook~~, ~twee woorden~ weg. Een ~ los, 3~4 dagen, `~code~`.\n",
        encoding="utf-8",
    )
    build_document(root, formats=("html",))
    html = (root / "build/how-we-work.html").read_text(encoding="utf-8")
    assert "Niet <del>dit</del> maar dat, <del>dit ook</del>, <del>twee woorden</del> weg." in html
    assert "Een ~ los, 3~4 dagen, <code>~code~</code>." in html


def _typst_of(markdown: str) -> str:
    import pypandoc

    filters = Path(__file__).parent.parent / "pipeline/defaults/filters"
    return subprocess.run(
        [
            pypandoc.get_pandoc_path(),
            "-f",
            "gfm",
            "-t",
            "typst",
            "--lua-filter",
            str(filters / "tables.lua"),
            "--lua-filter",
            str(filters / "typst.lua"),
        ],
        input=markdown.encode(),
        capture_output=True,
        check=True,
    ).stdout.decode()


def test_an_unaligned_github_table_column_reads_from_the_left() -> None:
    typst = _typst_of("| a | b |\n|---|--:|\n| x | y |\n")
    assert "align: (left,right,)" in typst


def test_a_numeric_column_is_right_aligned_and_a_mixed_one_is_not() -> None:
    typst = _typst_of(
        "| Gemeente | Inwoners | Bijdrage | Noot |\n|---|---|---|---|\n"
        "| Deurne | 32.500 | € 1.250,- | 12 % |\n| Asten | 17.000 | € 800,- | n.v.t. |\n"
    )
    assert "align: (left,right,right,left,)" in typst


def test_a_cross_reference_named_by_its_title_adds_only_the_page(tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "valid", root)
    page = root / "contributions/support/what-support-is.md"
    links = (
        "Lees [Where it ends](../limits/where-it-ends.md) en [zie ook](../limits/where-it-ends.md)"
        " over [de grens](../limits/where-it-ends.md)."
    )
    page.write_text(page.read_text("utf-8") + f"\n{links}\n", "utf-8")
    build_document(root, formats=("pdf", "docx"))
    text = " ".join(" ".join(page_texts(root / "build/how-we-work.pdf")).split())
    text = text.replace("\xa0", " ")
    assert (
        "Lees Where it ends (p. 3) en zie ook Where it ends (p. 3) over de grens "
        "(“Where it ends”, p. 3)." in text
    )
    with zipfile.ZipFile(root / "build/how-we-work.docx") as docx:
        words = re.sub(r"<[^>]+>", "", docx.read("word/document.xml").decode("utf-8"))
    # Word, built without pages (--paginate), names the target without a page it cannot know
    assert "Lees Where it ends en zie ook Where it ends over de grens (“Where it ends”)." in words


def test_word_keeps_a_table_row_on_one_page_unless_it_is_long(tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "valid", root)
    page = root / "contributions/support/what-support-is.md"
    long_cell = "Een lange cel met veel tekst. " * 20  # 600 characters: may be taller than a page
    table = f"| Kolom | Andere |\n|---|---|\n| kort | ook kort |\n| lang | {long_cell} |\n"
    page.write_text(page.read_text("utf-8") + f"\n{table}", "utf-8")
    build_document(root, formats=("docx",))
    xml = archive_text(root / "build/how-we-work.docx", "word/document.xml")
    rows = re.findall(r"<w:tr>.*?</w:tr>", xml, re.DOTALL)
    kept = ["<w:cantSplit" in row for row in rows]
    assert kept == [True, True, False]  # the header row, the short row; not the long one
    assert "<w:tblHeader" in rows[0]  # and the header repeats on a new page
