"""The acceptance measure of names, dates and amounts broken across lines
(pipeline/qa/namebreaks.py): it finds a break where there is one, and only there."""

from __future__ import annotations

from pathlib import Path

from pipeline.qa.namebreaks import breakable, broken_across_lines, patterns, screen_text
from pipeline.qa.pdflines import Line

FORMS = patterns(["J. de Vries", "Gemeente Reusel-De Mierden", "Solo"])


def lines(*texts: str) -> list[list[Line]]:
    return [[Line(top=10.0 * i, bottom=10.0 * i + 9, text=t) for i, t in enumerate(texts)]]


def test_a_line_that_ends_inside_a_name_date_or_amount_is_found() -> None:
    pages = lines("zoals J. de", "Vries zei op 9", "januari 2018, voor €", "1.250 of 12", "%.")
    assert broken_across_lines(pages, FORMS) == [
        (0, "J. de / Vries"),
        (0, "9 / januari 2018"),
        (0, "€ / 1"),
        (0, "12 / %"),
    ]


def test_whole_names_and_a_break_at_a_names_own_hyphen_are_not_breaks() -> None:
    pages = lines("J. de Vries woont in Reusel-", "De Mierden sinds 9 januari 2018.", "Solo")
    assert broken_across_lines(pages, FORMS) == []


def test_on_a_screen_a_name_with_a_breaking_space_is_found(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<header>J. de Vries</header><main><p>J.&nbsp;de&nbsp;Vries en J. de"
        " Vries, 9&#160;januari&#160;2018</p></main>",
        encoding="utf-8",
    )
    assert breakable(screen_text(page, "html"), FORMS) == ["J. de Vries"]
