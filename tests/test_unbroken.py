"""Names, dates and amounts never break across lines, in any format: the spaces inside them
are no-break spaces (filters/unbroken.lua)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from pipeline.publish.build import build_document

from .gitrepo import fixture_with_text
from .pdftext import page_texts

NBSP = "\u00a0"
TEXT = (
    "Volgens J. de Vries en Town of Ashford is op 9 januari 2018 besloten dat € 1.250 en "
    "12 % naar Reusel-De Mierden gaan; A. Archer tekende op 1 June 2017 (K. van Beek)."
)
KEPT = ["J. de Vries", "Town of Ashford", "9 januari 2018", "€ 1.250", "12 %"]
KEPT += ["Reusel-De Mierden", "A. Archer", "1 June 2017", "K. van Beek"]  # (K. van Beek)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = fixture_with_text(
        tmp_path_factory.mktemp("unbroken") / "project",
        "contributions/limits/where-it-ends.md",
        TEXT,
    )
    build_document(root, formats=("pdf", "docx", "html", "epub", "odt"))
    return root / "build"


def _office_text(path: Path, part: str) -> str:
    with zipfile.ZipFile(path) as archive:
        return re.sub(r"<[^>]+>", "", archive.read(part).decode("utf-8"))


@pytest.mark.parametrize(
    ("name", "read"),
    [
        ("html", lambda b: (b / "how-we-work.html").read_text("utf-8")),
        ("docx", lambda b: _office_text(b / "how-we-work.docx", "word/document.xml")),
        ("odt", lambda b: _office_text(b / "how-we-work.odt", "content.xml")),
        ("epub", lambda b: _office_text(b / "how-we-work.epub", "EPUB/text/ch003.xhtml")),
    ],
)
def test_names_dates_and_amounts_hold_no_break_spaces(built: Path, name: str, read) -> None:
    text = read(built).replace("&nbsp;", NBSP).replace("&#160;", NBSP)
    for kept in KEPT:
        assert kept.replace(" ", NBSP) in text, (name, kept)
    assert "besloten dat" in text  # ordinary words still break where they may


def test_the_pdf_keeps_each_on_one_line(built: Path) -> None:
    # (a line may end at a name's own hyphen, "Reusel-", as Dutch typesetting allows)
    pages = [page.replace("-\n", "-") for page in page_texts(built / "how-we-work.pdf")]
    lines = [line.replace(NBSP, " ") for page in pages for line in page.splitlines()]
    for kept in KEPT:
        assert any(kept in line for line in lines), kept
