"""Quotes are typeset the same way in the body and in cross-references, in every format:
straight quotes in running text become typographic ones (filters/quotes.lua); code keeps
them as written."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from pipeline.publish.build import build_document

from .gitrepo import fixture_with_text
from .pdftext import page_texts

TEXT = (
    "Een wethouder vroeg \"wat zou het bureau doen?\", en zo'n vraag komt 's avonds vaak. "
    'Zie ook [de grens](../limits/where-it-ends.md). Code blijft: `zeg "ja"`.'
)
CURLED = ["“wat zou het bureau doen?”,", "zo’n", "’s avonds"]  # noqa: RUF001
REFERENCE = "de grens (“Where it ends”"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = fixture_with_text(
        tmp_path_factory.mktemp("quotes") / "project",
        "contributions/support/what-support-is.md",
        TEXT,
    )
    build_document(root, formats=("pdf", "docx", "html", "epub", "odt"))
    return root / "build"


def _archive_text(path: Path, part: str) -> str:
    with zipfile.ZipFile(path) as archive:
        text = archive.read(part).decode("utf-8")
    return re.sub(r"<[^>]+>", "", text).replace("&quot;", '"')


def _epub_text(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        parts = [n for n in archive.namelist() if n.endswith(".xhtml")]
        return " ".join(
            re.sub(r"<[^>]+>", "", archive.read(n).decode("utf-8")).replace("&quot;", '"')
            for n in parts
        )


READERS = {
    "pdf": lambda b: " ".join(" ".join(page_texts(b / "how-we-work.pdf")).split()),
    "html": lambda b: re.sub(r"<[^>]+>", "", (b / "how-we-work.html").read_text("utf-8")),
    "docx": lambda b: _archive_text(b / "how-we-work.docx", "word/document.xml"),
    "odt": lambda b: _archive_text(b / "how-we-work.odt", "content.xml"),
    "epub": lambda b: _epub_text(b / "how-we-work.epub"),
}


@pytest.mark.parametrize("fmt", sorted(READERS))
def test_quotes_in_running_text_are_typographic_and_code_keeps_its_own(
    built: Path, fmt: str
) -> None:
    text = READERS[fmt](built).replace("\xa0", " ").replace("&#39;", "'")
    for curled in CURLED:
        assert curled in text, (fmt, curled)
    assert '"wat zou' not in text and "zo'n" not in text
    assert 'zeg "ja"' in text, fmt  # code is not running text


@pytest.mark.parametrize("fmt", ["pdf", "docx", "odt"])
def test_a_reference_quotes_its_target_as_the_body_quotes(built: Path, fmt: str) -> None:
    text = READERS[fmt](built).replace("\xa0", " ")
    assert REFERENCE in text, fmt
