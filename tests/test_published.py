"""The published document: PDF/UA-1 structure, house style, labels, and real validators.

Validator tests skip, with the reason, where a validator is not installed (in CI they fail:
tests.yml installs them); `make accept` installs them and runs every check on a fresh build of
the example.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest

from pipeline.conformance.pdf import pdf_checks
from pipeline.core.colours import contrast
from pipeline.core.messages import text
from pipeline.publish.build import build_document
from pipeline.qa.validators import (
    MissingTool,
    epub_errors,
    html_landmarks,
    nu_html_errors,
    opens_in_libreoffice,
)

from .conftest import BuiltExample
from .pdftext import page_texts
from .realtools import missing

REPOSITORY = Path(__file__).parent.parent


@pytest.fixture
def example(built_example: BuiltExample) -> Path:
    """The repository's own example, built in every format outside git (once a session)."""
    return built_example.out


def _problems(pdf: Path, title: str, lang: str) -> list[str]:
    return [text(c.detail) for c in pdf_checks(pdf, title, lang) if not c.ok]


def test_the_pdf_has_the_pdf_ua_structure(example: Path) -> None:
    problems = _problems(
        example / "rol-en-werkwijze.pdf", "Rol en werkwijze van de ambtelijke organisatie", "nl-NL"
    )
    assert problems == []


def test_the_structure_check_fails_an_untagged_pdf(tmp_path: Path) -> None:
    import typst

    source = tmp_path / "plain.typ"
    source.write_text("= Heading\n\nText.\n", encoding="utf-8")
    typst.compile(str(source), output=str(tmp_path / "plain.pdf"), pdf_tags=False)
    problems = " | ".join(_problems(tmp_path / "plain.pdf", "Title", "nl-NL"))
    assert "the file is not tagged" in problems
    assert "the file does not say PDF/UA-1" in problems


def test_labels_follow_the_document_language(example: Path, project: Path) -> None:
    dutch = "\n".join(page_texts(example / "rol-en-werkwijze.pdf"))
    assert "Inhoudsopgave" in dutch and "Pagina 1 van" in dutch and "Colofon" in dutch
    build_document(project, formats=("pdf",))
    english = "\n".join(page_texts(project / "build/how-we-work.pdf"))
    assert "Contents" in english and "Page 1 of" in english and "Colophon" in english
    assert "Inhoudsopgave" not in english


def test_house_style_accent_and_logo(project: Path) -> None:
    (project / "templates").mkdir()
    shutil.copyfile(REPOSITORY / "templates/logo.svg", project / "templates/logo.svg")
    with (project / "document.yaml").open("a", encoding="utf-8") as f:
        f.write("style:\n  accent: '#7a1f5c'\n  logo: templates/logo.svg\n")
    build_document(project, formats=("pdf", "html"))
    html = (project / "build/how-we-work.html").read_text(encoding="utf-8")
    assert "--accent: #7a1f5c;" in html
    assert 'alt="Logo Test Region"' in html and "data:image/svg+xml" in html
    assert (
        _problems(project / "build/how-we-work.pdf", "How the Support Office Works", "en-GB") == []
    )


def test_a_bad_style_is_reported_by_check(project: Path) -> None:
    from pipeline.check.project import load_project

    with (project / "document.yaml").open("a", encoding="utf-8") as f:
        f.write("style:\n  accent: blue\n  logo: templates/none.png\n")
    found = {(d.code, d.line) for d in load_project(project).diagnostics}
    assert ("RD215", 8) in found and ("RD306", 9) in found


def test_html_has_landmarks_and_sufficient_contrast(example: Path) -> None:
    assert html_landmarks(example / "rol-en-werkwijze.html") == []
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    css = (REPOSITORY / "pipeline/defaults/html/style.css").read_text(encoding="utf-8")
    for name in ("ink", "muted", "accent"):
        value = css.split(f"--{name}: ")[1][:7]
        assert contrast(value, "#ffffff") >= 4.5, name


def test_no_chapter_or_text_takes_an_id_of_the_html_page(project: Path) -> None:
    # A chapter called "content" (and so its contents entry "toc-content") once shared its id
    # with the page's own main element, which the skip link and the contents then both meant.
    (project / "sections/02-support.md").rename(project / "sections/02-content.md")
    (project / "sections/03-limits.md").rename(project / "sections/03-title.md")
    intro = project / "sections/01-intro.md"
    intro.write_text(intro.read_text("utf-8").replace("#limits", "#title"), "utf-8")
    build_document(project, formats=("html",))
    page = (project / "build/how-we-work.html").read_text(encoding="utf-8")
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert {"content", "toc-content", "title", "toc-title"} <= set(ids)
    assert [i for i in set(ids) if ids.count(i) > 1] == []
    assert html_landmarks(project / "build/how-we-work.html") == []


def _validated(check, *args):
    try:
        return check(*args)
    except MissingTool as exc:
        missing(f"{exc}; make accept installs the validators")


@pytest.mark.office
def test_html_passes_the_nu_html_checker(example: Path) -> None:
    assert _validated(nu_html_errors, example / "rol-en-werkwijze.html") == []


@pytest.mark.office
def test_epub_passes_epubcheck(example: Path) -> None:
    assert _validated(epub_errors, example / "rol-en-werkwijze.epub") == []


@pytest.mark.office
@pytest.mark.parametrize("fmt", ["docx", "odt"])
def test_word_and_opendocument_open_in_libreoffice(example: Path, fmt: str, tmp_path: Path) -> None:
    pages = _validated(opens_in_libreoffice, example / f"rol-en-werkwijze.{fmt}", tmp_path)
    assert pages > 5


def test_the_epub_landmarks_are_named_in_the_documents_language(example: Path) -> None:
    with zipfile.ZipFile(example / "rol-en-werkwijze.epub") as epub:
        nav = epub.read("EPUB/nav.xhtml").decode("utf-8")
        assert epub.infolist()[0].filename == "mimetype"  # still first, as EPUB asks
        assert epub.infolist()[0].compress_type == zipfile.ZIP_STORED
    landmarks = nav[nav.index('epub:type="landmarks"') :]
    assert 'epub:type="titlepage">Titelpagina</a>' in landmarks
    assert 'epub:type="toc">Inhoudsopgave</a>' in landmarks
    assert "Title Page" not in nav and "Table of Contents" not in nav
