"""The e-book is accessible as EPUB Accessibility 1.1 asks, and checked: its package says how
it can be read (with a summary in the document's language), it carries the PDF's page numbers
where the build made a PDF, no word changes on the way, and the build's own checks
(pipeline/conformance/epub.py) pass on it and fail where it is not so. Real pandoc and Typst
builds: the repository's example in every format, the valid fixture as an e-book alone."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pypdf import PdfReader

from pipeline.conformance.epub import epub_checks
from pipeline.core.messages import text
from pipeline.formats.epub import CONFORMS_TO
from pipeline.formats.epubpages import paginate_epub
from pipeline.formats.epubpagestarts import page_starts
from pipeline.publish.build import build_document
from pipeline.qa.fidelity import compare, describe, input_words, output_words
from pipeline.read.labels import load_labels

from .conftest import FIXTURES, BuiltExample

TITLE = "Rol en werkwijze van de ambtelijke organisatie"
BOOK, PDF = "rol-en-werkwijze.epub", "rol-en-werkwijze.pdf"
OPF, NAV = "EPUB/content.opf", "EPUB/nav.xhtml"
X = "{http://www.w3.org/1999/xhtml}"
OPS_TYPE = "{http://www.idpf.org/2007/ops}type"


def parts(epub: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(epub) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def rewrite(epub: Path, target: Path, name: str, change) -> Path:
    """A copy of `epub` at `target` whose part `name` is `change(text)`."""
    with zipfile.ZipFile(epub) as source, zipfile.ZipFile(target, "w") as copy:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == name:
                data = change(data.decode("utf-8")).encode("utf-8")
            copy.writestr(info, data)
    return target


def properties(opf: bytes) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for meta in etree.fromstring(opf).iter("{http://www.idpf.org/2007/opf}meta"):
        if meta.get("property") and not meta.get("refines"):
            found.setdefault(meta.get("property"), []).append(meta.text or "")
    return found


def page_list(nav: bytes) -> list[tuple[str, str]]:
    """The page list's entries: (href, label)."""
    root = etree.fromstring(nav)
    listing = root.find(f".//{X}nav[@{OPS_TYPE}='page-list']")
    return [] if listing is None else [(a.get("href"), a.text) for a in listing.iter(f"{X}a")]


def failed(checks) -> dict[str, str]:
    return {text(c.name): text(c.detail) for c in checks if not c.ok}


@pytest.fixture(scope="module")
def paged(built_example: BuiltExample, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example's e-book with its PDF's page numbers: `paginate_epub` is what the build
    runs on it once the PDF is finished (and it leaves a book that has them as it is)."""
    book = tmp_path_factory.mktemp("paged") / BOOK
    shutil.copyfile(built_example.out / BOOK, book)
    paginate_epub(book, built_example.out / PDF)
    return book


def test_the_package_says_how_the_book_can_be_read(built_example: BuiltExample) -> None:
    found = properties(parts(built_example.out / BOOK)[OPF])
    assert found["schema:accessMode"] == ["textual", "visual"]  # the example has a figure
    assert found["schema:accessModeSufficient"] == ["textual"]
    assert set(found["schema:accessibilityFeature"]) >= {
        "structuralNavigation",
        "tableOfContents",
        "alternativeText",
        "readingOrder",
        "displayTransformability",
    }
    assert found["schema:accessibilityHazard"] == ["none"]
    summary = load_labels("", "nl-NL").strings["epub_accessibility_summary"]
    assert found["schema:accessibilitySummary"] == [summary]
    assert summary.startswith("Dit e-book ")
    assert found["dcterms:conformsTo"] == [CONFORMS_TO]
    assert found["a11y:certifiedBy"] == ["Metropoolregio Eindhoven"]
    # pandoc's own accessibility metadata is replaced, not repeated
    assert all(len(values) == len(set(values)) for values in found.values())


def test_every_chapter_is_titled_with_its_heading(built_example: BuiltExample) -> None:
    files = parts(built_example.out / BOOK)
    titles = {
        name: re.search(rb"<title>(.*?)</title>", data)[1].decode()
        for name, data in files.items()
        if name.startswith("EPUB/text/")
    }
    assert titles["EPUB/text/ch003.xhtml"] == "3 Eigenaarschap bij de gemeenten"
    assert not [title for title in titles.values() if title.endswith(".xhtml")]


def test_an_english_book_without_a_pdf_says_so_in_english(tmp_path: Path) -> None:
    root = tmp_path / "valid"
    shutil.copytree(FIXTURES / "valid", root)
    build_document(root, formats=("epub",))
    book = root / "build/how-we-work.epub"
    files = parts(book)
    found = properties(files[OPF])
    summary = load_labels("", "en-GB").strings["epub_accessibility_summary"]
    assert found["schema:accessibilitySummary"] == [summary]
    assert summary.startswith("This e-book ")
    # no PDF, no page numbers: no page list, no page features, no source
    assert page_list(files[NAV]) == []
    assert not {"pageBreakMarkers", "printPageNumbers", "pageNavigation"} & set(
        found["schema:accessibilityFeature"]
    )
    assert b"pagebreak" not in b"".join(files.values())
    assert failed(epub_checks(book, "How the Support Office Works", "en-GB", paged=False)) == {}


def test_the_built_epub_has_the_pdfs_page_numbers(built_example: BuiltExample) -> None:
    """The build marks the pages once the PDF is finished (formats/registry.py: the EPUB
    reads the PDF)."""
    entries = page_list(parts(built_example.out / BOOK)[NAV])
    assert [label for _href, label in entries] == list(
        PdfReader(built_example.out / PDF).page_labels
    )


def test_an_epub_made_without_the_pdf_is_made_again_beside_one(tmp_path: Path) -> None:
    root = tmp_path / "valid"
    shutil.copytree(FIXTURES / "valid", root)
    build_document(root, formats=("epub",))
    assert page_list(parts(root / "build/how-we-work.epub")[NAV]) == []
    build_document(root, formats=("pdf", "epub"))
    labels = list(PdfReader(root / "build/how-we-work.pdf").page_labels)
    entries = page_list(parts(root / "build/how-we-work.epub")[NAV])
    assert [label for _href, label in entries] == labels


def test_every_page_of_the_pdf_has_its_marker_in_the_text(
    built_example: BuiltExample, paged: Path
) -> None:
    labels = list(PdfReader(built_example.out / PDF).page_labels)
    assert labels[:3] == ["i", "ii", "1"]  # title page and contents, then the text from 1
    files = parts(paged)
    entries = page_list(files[NAV])
    assert [label for _href, label in entries] == labels
    for href, label in entries:
        target, anchor = href.split("#")
        document = files["EPUB/" + target]
        marker = re.search(rf'<span [^>]*id="{anchor}"[^>]*/>', document.decode())[0]
        assert 'epub:type="pagebreak"' in marker and 'role="doc-pagebreak"' in marker
        assert f'aria-label="{label}"' in marker and anchor == f"page-{label}"
    assert entries[1] == ("nav.xhtml#page-ii", "ii")  # the contents page: the e-book's contents
    found = properties(files[OPF])
    assert {"pageBreakMarkers", "printPageNumbers", "pageNavigation"} <= set(
        found["schema:accessibilityFeature"]
    )
    source = f"{TITLE}, PDF, "
    assert found["pageBreakSource"][0].startswith(source)
    assert re.search(rb"<dc:source>" + source.encode(), files[OPF])


def test_a_chapter_begins_on_the_page_the_pdf_begins_it(
    built_example: BuiltExample, paged: Path
) -> None:
    reader = PdfReader(built_example.out / PDF)
    chapters = {
        item.title: reader.page_labels[reader.get_destination_page_number(item)]
        for item in reader.outline
        if not isinstance(item, list)
    }
    assert len(chapters) >= 6 and "Colofon" in chapters
    seen = {}
    for name, data in parts(paged).items():
        if name.startswith("EPUB/text/"):
            for heading in etree.fromstring(data).iter(f"{X}h1"):
                before = heading.getprevious()
                words = " ".join("".join(heading.itertext()).split())
                if words in chapters and before is not None:
                    seen[words] = before.get("aria-label") if before.get(OPS_TYPE) else None
    assert seen == chapters


def test_marking_the_pages_changes_no_word(built_example: BuiltExample, paged: Path) -> None:
    before, after = parts(built_example.out / BOOK), parts(paged)

    def body_text(data: bytes) -> str:
        root = etree.fromstring(data)
        for listing in root.findall(f".//{X}nav[@{OPS_TYPE}='page-list']"):
            listing.getparent().remove(listing)
        return "".join(root.find(f"{X}body").itertext())

    for name, data in before.items():
        if name.endswith(".xhtml"):
            assert body_text(after[name]).split() == body_text(data).split(), name
    assert built_example.result.selection is not None
    sources = input_words(built_example.root, built_example.result.selection.draft)
    result = compare("epub", sources, output_words(paged, "epub"))
    assert result.ok, describe(result, 20)


def test_marking_the_pages_again_changes_nothing(
    built_example: BuiltExample, paged: Path, tmp_path: Path
) -> None:
    again = tmp_path / BOOK
    shutil.copyfile(paged, again)
    paginate_epub(again, built_example.out / PDF)
    assert again.read_bytes() == paged.read_bytes()


def test_the_epub_checks_pass_on_the_example(paged: Path) -> None:
    checks = epub_checks(paged, TITLE, "nl-NL", paged=True)
    assert failed(checks) == {}
    assert len(checks) == 6
    pages = next(c for c in checks if text(c.name) == "the PDF's page numbers")
    count = len(page_list(parts(paged)[NAV]))
    assert text(pages.detail).startswith(f"{count} pages in the page list, each at its marker")


def test_the_epub_checks_fail_without_the_accessibility_metadata(
    paged: Path, tmp_path: Path
) -> None:
    def strip(opf: str) -> str:
        return re.sub(r'\s*<meta property="(schema:|dcterms:conformsTo)[^>]*>[^<]*</meta>', "", opf)

    stripped = rewrite(paged, tmp_path / "stripped.epub", OPF, strip)
    problems = failed(epub_checks(stripped, TITLE, "nl-NL", paged=True))
    assert list(problems) == ["accessibility metadata"]
    assert problems["accessibility metadata"] == "schema:accessMode is missing; and 5 more"


def test_the_epub_checks_fail_when_the_metadata_says_what_the_book_has_not(
    paged: Path, tmp_path: Path
) -> None:
    without = rewrite(paged, tmp_path / "without.epub", NAV, _without_page_list)
    problems = failed(epub_checks(without, TITLE, "nl-NL", paged=False))
    assert problems == {
        "accessibility metadata": "schema:accessibilityFeature says pageBreakMarkers, but the "
        "book has no page list; and 2 more"
    }


def test_the_epub_checks_fail_when_the_pages_are_missing(paged: Path, tmp_path: Path) -> None:
    name = "EPUB/text/ch003.xhtml"

    def unmark(chapter: str) -> str:
        return re.sub(r'<span epub:type="pagebreak"[^>]*/>', "", chapter)

    unmarked = rewrite(paged, tmp_path / "unmarked.epub", name, unmark)
    problems = failed(epub_checks(unmarked, TITLE, "nl-NL", paged=True))
    lost = len(re.findall(r'epub:type="pagebreak"', parts(paged)[name].decode()))
    pages = len(page_list(parts(paged)[NAV]))
    assert lost > 1
    assert problems == {
        "the PDF's page numbers": f"{lost} of {pages} pages in the page list lead to no "
        "page-break marker"
    }
    # an e-book made beside a PDF but without its pages
    without = rewrite(paged, tmp_path / "without.epub", NAV, _without_page_list)
    problems = failed(epub_checks(without, TITLE, "nl-NL", paged=True))
    assert problems["the PDF's page numbers"] == "no page list, though the build made a PDF"


def _without_page_list(nav: str) -> str:
    return re.sub(r'<nav epub:type="page-list".*?</nav>', "", nav, flags=re.S)


def test_an_unreadable_file_is_one_failed_check(tmp_path: Path) -> None:
    broken = tmp_path / "broken.epub"
    broken.write_bytes(b"PK not really a zip")
    assert [
        (text(c.name), c.ok, text(c.detail)) for c in epub_checks(broken, TITLE, "nl-NL", False)
    ] == [("an EPUB package that can be read", False, "not a zip file")]


def test_a_page_is_found_by_its_opening_not_by_a_contents_entry() -> None:
    """A contents page lists a heading that reads as the heading (and here as a page's
    opening), but what follows the entry does not follow the heading: not a place. A page
    that opens with a list number and a cross-reference (the PDF's own) is found at its
    first words that the text has."""
    text_words = (
        "inleiding en context sinds 2016 werken de gemeenten samen in de regio en dat gaat goed "
        "waarom we de rol van het bureau opnieuw beschrijven het bureau ondersteunt de "
        "gemeenten bij hun samenwerking en het bureau kiest nooit zelf de onderwerpen want "
        "die keuze is aan de gemeenten zelf evalueren de trekker kan het bureau vragen een "
        "evaluatie te organiseren de gemeenten beoordelen zelf het resultaat"
    ).split()
    contents = (
        "inhoudsopgave 1 inleiding en context 1 1 1 waarom we de rol van het bureau opnieuw "
        "beschrijven 2 2 wat procesondersteuning is 3"
    ).split()
    first = "1 inleiding en context sinds 2016 werken de gemeenten samen".split()
    second = "1 2 waarom we de rol van het bureau opnieuw beschrijven het bureau".split()
    third = "6 evalueren p 9 de trekker kan het bureau vragen een evaluatie te".split()
    starts = page_starts([contents, first, second, third], text_words)
    assert starts[0] is None
    found = [text_words[start : start + 2] for start in starts[1:] if start is not None]
    assert found == [["inleiding", "en"], ["waarom", "we"], ["evalueren", "de"]]


@pytest.mark.slow
def test_daisy_ace_finds_no_violation(paged: Path) -> None:
    from pipeline.qa.ace import ace_verdict
    from pipeline.qa.validators import MissingTool

    try:
        ok, detail = ace_verdict(paged)
    except MissingTool as exc:
        pytest.skip(f"missing: {exc}")
    assert ok, detail
    assert detail.startswith("0 violations (Ace ")
