"""Nothing is lost: every word of every included text reaches every format, measured."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from pipeline.core.model import FORMATS
from pipeline.publish.build import build_document
from pipeline.qa.fidelity import (
    Result,
    across_pages,
    ast_text,
    compare,
    describe,
    input_words,
    measure,
    output_words,
    pdf_words,
    words,
)

FIXTURES = Path(__file__).parent / "fixtures"


def test_a_word_is_a_run_of_letters_and_digits_case_folded() -> None:
    text = "één coördinatie-overleg in \u2019s-Hertogenbosch, 3. Afspraken; ÉÉN!"
    assert words(text) == Counter(
        {"één": 2, "coördinatie": 1, "overleg": 1, "in": 1, "s": 1, "hertogenbosch": 1}
        | {"3": 1, "afspraken": 1}
    )


def test_invisible_characters_and_ligatures_do_not_split_words() -> None:
    assert words("proces\u00adonder\u200bsteuning ﬁnanciën") == Counter(
        {"procesondersteuning": 1, "financiën": 1}
    )


def test_a_word_hyphenated_over_two_pdf_lines_counts_once() -> None:
    source = {"contributions/a/x.md": words("de procesondersteuning van de regio")}
    for split in ("proces-\nondersteuning", "proces\u00ad\nondersteuning"):
        result = compare("pdf", source, pdf_words(f"de {split} van de regio"))
        assert result.ok, describe(result)


def test_a_real_compound_split_at_its_own_hyphen_keeps_both_parts() -> None:
    source = {"contributions/a/x.md": words("het coördinatie-overleg begint")}
    result = compare("pdf", source, pdf_words("het coördinatie-\noverleg begint"))
    assert result.ok, describe(result)


def test_a_long_word_broken_over_several_pdf_lines_is_joined() -> None:
    long_word = "a1b2c3d4e5" * 12
    lines = "\n".join(long_word[i : i + 40] for i in range(0, len(long_word), 40))
    result = compare("pdf", {"x.md": words(long_word)}, pdf_words(f"code:\n{lines}\nklaar"))
    assert result.ok, describe(result)


def test_a_footnote_number_set_against_a_word_does_not_hide_it() -> None:
    found = pdf_words("de samenwerking4 loopt\n4Ook met extra geld")
    assert found["samenwerking"] == 1 and found["ook"] == 1


def test_a_missing_word_is_reported_with_the_text_it_came_from() -> None:
    sources = {
        "contributions/kern/a.md": words("een twee drie drie"),
        "contributions/rand/b.md": words("vier drie"),
    }
    result = compare("html", sources, words("een twee drie vier extra woorden"))
    assert not result.ok
    assert result.missing == Counter({"drie": 2})
    assert result.examples() == [
        ("drie", 2, ("contributions/kern/a.md", "contributions/rand/b.md"))
    ]
    assert describe(result) == (
        "6 words in, 6 out, 2 missing: drie 2x (contributions/kern/a.md, contributions/rand/b.md)"
    )


def test_the_text_of_an_ast_runs_inline_parts_on_and_leaves_out_alert_titles() -> None:
    ast = [
        {
            "t": "Para",
            "c": [
                {"t": "Str", "c": "proces"},
                {"t": "Emph", "c": [{"t": "Str", "c": "ondersteuning"}]},
                {"t": "Note", "c": [{"t": "Para", "c": [{"t": "Str", "c": "voetnoot"}]}]},
                {"t": "Link", "c": [["", [], []], [{"t": "Str", "c": "bijlage"}], ["x.md", ""]]},
            ],
        },
        {
            "t": "Div",
            "c": [
                ["", ["note"], []],
                [
                    {"t": "Div", "c": [["", ["title"], []], [{"t": "Para", "c": []}]]},
                    {"t": "Para", "c": [{"t": "Code", "c": [["", [], []], "git log"]}]},
                ],
            ],
        },
    ]
    assert words(ast_text(ast)) == Counter(
        {"procesondersteuning": 1, "voetnoot": 1, "bijlage": 1, "git": 1, "log": 1}
    )


@pytest.fixture(scope="module")
def valid_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The valid fixture built in every format."""
    root = tmp_path_factory.mktemp("fidelity") / "valid"
    shutil.copytree(FIXTURES / "valid", root)
    build_document(root, formats=FORMATS)
    return root


@pytest.fixture(scope="module")
def valid_results(valid_build: Path) -> dict[str, Result]:
    return measure(valid_build, valid_build / "build")


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_word_of_the_valid_project_is_lost(valid_results: dict[str, Result], fmt: str) -> None:
    result = valid_results[fmt]
    assert result.words_in > 80
    assert result.ok, describe(result, 20)


def test_the_words_in_are_the_published_texts_only(valid_build: Path) -> None:
    sources = input_words(valid_build)
    assert "contributions/limits/where-it-ends.md" in sources
    assert "contributions/limits/rejected-idea.md" not in sources
    assert "contributions/support/support-old.md" not in sources  # superseded
    assert sources["sections/02-support.md"]["editors"] == 1


def test_a_tampered_output_is_caught(valid_build: Path, tmp_path: Path) -> None:
    html = (valid_build / "build" / "how-we-work.html").read_text(encoding="utf-8")
    tampered, removed = re.subn(r"<p>The office does not execute policy\.?.*?</p>", "", html)
    assert removed == 1
    (tmp_path / "tampered.html").write_text(tampered, encoding="utf-8")
    sources = input_words(valid_build)
    result = compare("html", sources, output_words(tmp_path / "tampered.html", "html"))
    assert not result.ok
    assert result.missing["execute"] == 1 and result.missing["policy"] == 1
    assert result.origins["execute"] == ("contributions/limits/where-it-ends.md",)


def test_no_word_of_the_gallery_is_lost(tmp_path: Path) -> None:
    root = tmp_path / "gallery"
    shutil.copytree(FIXTURES / "gallery", root)
    build_document(root, formats=FORMATS)
    results = measure(root, root / "build")
    assert set(results) == set(FORMATS)
    lost = {fmt: describe(r, 20) for fmt, r in results.items() if not r.ok}
    assert not lost, lost


def test_a_word_hyphenated_over_a_page_break_counts_once() -> None:
    before = "Bij het inkopen moet hier reke-\nVersie 1.1 · 1 januari 2024 Pagina 45 van 113"
    after = "Rol en werkwijze\nning mee worden gehouden."
    assert across_pages(before, after) == Counter({"rekening": 1})
    assert across_pages("Geen afbreking hier.\nPagina 1", after) == Counter()
    # Typst's own hyphen reads as a soft hyphen (U+00AD) at the end of the line.
    soft = "Alleen bij de bijeen\u00ad\nEditie 1.1 · 12 februari 2018 Pagina 8 van 20"
    assert across_pages(soft, "Rol en werkwijze\nkomst was het bureau.") == Counter(
        {"bijeenkomst": 1}
    )


def test_an_indented_first_line_survives_the_merge(tmp_path: Path) -> None:
    """A body that starts with a table: its first line is indented in pandoc's Markdown, and
    stripping that indent cut "Begrip" to "grip" in every format (found on real pages)."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "valid", root)
    (root / "contributions/support/terms.md").write_text(
        "---\ntitle: Terms\nauthors: [bob]\nstatus: accepted\ndate: 2017-05-05\n---\n"
        "| Begrip | Definitie |\n|---|---|\n| aanbieder | "
        + "Een natuurlijke of rechtspersoon die een systeem ontwikkelt. " * 3
        + "|\n",
        encoding="utf-8",
    )
    build_document(root, formats=FORMATS)
    lost = {f: describe(r, 5) for f, r in measure(root, root / "build").items() if not r.ok}
    assert not lost


def test_a_space_at_the_edge_of_link_text_is_kept(tmp_path: Path) -> None:
    """`De[ lijst](url)` is "De lijst" on GitHub; pandoc's Markdown would drop the space when
    the merged document is read again and print "Delijst" (found on real pages)."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "valid", root)
    (root / "contributions/support/spaces.md").write_text(
        "---\ntitle: Spaces\nauthors: [bob]\nstatus: accepted\ndate: 2017-05-05\n---\n"
        "De[ lijst van de toezichthouder](https://example.org/lijst) en **vet **hier.\n",
        encoding="utf-8",
    )
    build_document(root, formats=FORMATS)
    html = (root / "build/how-we-work.html").read_text(encoding="utf-8")
    assert 'De <a href="https://example.org/lijst">lijst' in html
    lost = {f: describe(r, 5) for f, r in measure(root, root / "build").items() if not r.ok}
    assert not lost


def test_a_footnote_that_starts_with_a_number_is_not_counted_lost() -> None:
    source = {"contributions/a/x.md": words("2024: note")}
    result = compare("pdf", source, pdf_words("text\n22024: note.\n"))
    assert result.ok, result.missing


def test_a_table_right_after_a_nested_list_keeps_its_header(tmp_path: Path) -> None:
    """Found by tests/test_check_build_agree.py: pandoc wrote the table as a simple table,
    and read back after a list it became part of the list with "text" cut to "te xt"."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "valid", root)
    (root / "contributions/support/list-table.md").write_text(
        "---\ntitle: List then table\nauthors: [bob]\nstatus: accepted\ndate: 2017-05-05\n---\n"
        "support\n- one support\n  - two\n    - three\n\n| nr | text |\n|---:|---|\n"
        "| 0 | support 0 |\n",
        encoding="utf-8",
    )
    build_document(root, formats=FORMATS)
    lost = {f: describe(r, 5) for f, r in measure(root, root / "build").items() if not r.ok}
    assert not lost
