"""The Word and OpenDocument files are accessible as EN 301 549 asks, and the checks that say
so (pipeline/conformance/office.py) fail when they are not: each check on a copy of the built
example broken in the one way it looks for. Real pandoc, the real finishers."""

from __future__ import annotations

import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from pipeline.conformance import Check
from pipeline.conformance.office import docx_checks, odt_checks
from pipeline.core.colours import contrast
from pipeline.core.messages import text
from pipeline.publish.build import build_document

from .conftest import FIXTURES, BuiltExample

TITLE = "Rol en werkwijze van de ambtelijke organisatie"
PROPERTIES = "title and language in the file's properties"
HEADINGS = "headings in the outline, no level skipped"
TABLES = "table header rows marked"
IMAGES = "alt text on every image"
CONTRAST = "colour contrast of the text (WCAG AA)"
ORDER = "reading order: no floating text boxes or frames, pictures in line"


def _failing(checks: list[Check]) -> dict[str, str]:
    return {text(c.name): text(c.detail) for c in checks if not c.ok}


def _details(checks: list[Check]) -> dict[str, str]:
    return {text(c.name): text(c.detail) for c in checks}


def _broken(source: Path, target: Path, part: str, change: Callable[[str], str]) -> Path:
    """A copy of an office file with one part changed (and the change made, for certain)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == part:
                changed = change(data.decode("utf-8"))
                assert changed != data.decode("utf-8"), f"the change left {part} as it was"
                data = changed.encode("utf-8")
            new.writestr(info, data)
    return target


def _one(pattern: str, replacement: str) -> Callable[[str], str]:
    return lambda xml: re.sub(pattern, replacement, xml, count=1, flags=re.DOTALL)


def test_contrast_is_the_wcag_ratio() -> None:
    assert contrast("000000", "FFFFFF") == pytest.approx(21.0)
    assert contrast("FFFFFF", "FFFFFF") == pytest.approx(1.0)
    assert contrast("777777", "FFFFFF") == pytest.approx(4.48, abs=0.01)  # just under AA
    assert contrast("00529B", "FFFFFF") == contrast("FFFFFF", "00529B")


@pytest.mark.parametrize("kind", ["docx", "odt"])
def test_the_examples_office_files_pass_every_check(built_example: BuiltExample, kind) -> None:
    run = docx_checks if kind == "docx" else odt_checks
    checks = run(built_example.out / f"rol-en-werkwijze.{kind}", TITLE, "nl-NL")
    assert [text(c.name) for c in checks] == [PROPERTIES, HEADINGS, TABLES, IMAGES, CONTRAST, ORDER]
    assert _failing(checks) == {}
    said = _details(checks)
    # Not passing for want of anything to check: the example has all of it.
    assert said[PROPERTIES] == "title and language nl-NL set"
    assert re.fullmatch(r"\d{2,} headings, levels 1 to [34], none skipped", said[HEADINGS])
    assert re.fullmatch(r"([1-9]\d*) of \1 tables with a marked header row", said[TABLES])
    assert re.fullmatch(
        r"([2-9]|\d{2,}) of \1 images with alt text, 0 marked decorative", said[IMAGES]
    )
    lowest = re.fullmatch(
        r"\d+ text colours, lowest (\d+\.\d):1 \(.+\); AA needs 4\.5:1", said[CONTRAST]
    )
    assert lowest is not None and float(lowest[1]) >= 4.5, said[CONTRAST]
    assert re.fullmatch(
        r"([2-9]|\d{2,}) of \1 pictures in line with the text; no text boxes or frames", said[ORDER]
    )


def test_the_gallerys_office_files_pass_every_check(tmp_path: Path) -> None:
    """Every construct a participant writes (tables, a picture, footnotes, alerts, code)."""
    root = tmp_path / "gallery"
    shutil.copytree(FIXTURES / "gallery", root)
    build_document(root, formats=("docx", "odt"))
    title = "Galerij van een bijdrage"
    for checks in (
        docx_checks(root / "build/galerij.docx", title, "nl-NL"),
        odt_checks(root / "build/galerij.odt", title, "nl-NL"),
    ):
        assert _failing(checks) == {}
        assert _details(checks)[TABLES] == "2 of 2 tables with a marked header row"


# Each: the part broken, how, the check that must fail, and what its detail must say (a
# regular expression).
WORD_BREAKS = {
    "no title": (
        "docProps/core.xml",
        _one(r"<dc:title>.*?</dc:title>", ""),
        PROPERTIES,
        "the title in the file's properties is not the document's",
    ),
    "styles in another language": (
        "word/styles.xml",
        _one(r'(<w:rPrDefault>.*?<w:lang w:val=")[^"]*', r"\1en-US"),
        PROPERTIES,
        "the styles' language is en-US, not nl-NL",
    ),
    "a heading two levels down": (
        "word/document.xml",
        _one(r'<w:pStyle w:val="Heading2" />', '<w:pStyle w:val="Heading4" />'),
        HEADINGS,
        "from level 1 to 4",
    ),
    "a heading out of the outline": (
        "word/styles.xml",
        _one(r'(w:styleId="Heading3".*?)<w:outlineLvl w:val="2" ?/>', r"\1"),
        HEADINGS,
        "headings not in the outline",
    ),
    "a table without tblHeader": (
        "word/document.xml",
        _one(r"<w:tblHeader[^>]*/>", ""),
        TABLES,
        r"1 of \d+ tables without a marked header row, the first table 1",
    ),
    "an image without descr": (
        "word/document.xml",
        _one(r'(<wp:docPr [^>]*?)descr="[^"]*"', r'\1descr=" "'),
        IMAGES,
        r"1 of 2 images without alt text, the first roledoc-logo\.png",
    ),
    "a grey byline": (
        "word/styles.xml",
        _one(r'(w:styleId="Byline".*?<w:color w:val=")4A4A4A', r"\1AAAAAA"),
        CONTRAST,
        r"lowest 2\.3:1 \('Byline': #AAAAAA on #FFFFFF\)",
    ),
    "a dark table header tint": (
        "word/styles.xml",
        _one(r'(<w:tblStylePr w:type="firstRow">.*?w:fill=")E8F0F8', r"\g<1>2B2B2B"),
        CONTRAST,
        r"lowest 1\.2:1 \(the default text in a table header row: #1B1B1B on #2B2B2B\)",
    ),
    "a run coloured directly": (
        "word/document.xml",
        _one(r"<w:r><w:t", '<w:r><w:rPr><w:color w:val="C0C0C0" /></w:rPr><w:t'),
        CONTRAST,
        r"lowest 1\.8:1 \(text formatted directly: #C0C0C0 on #FFFFFF\)",
    ),
    "a floating picture": (
        "word/document.xml",
        _one(r"<wp:inline(.*?)</wp:inline>", r"<wp:anchor\1</wp:anchor>"),
        ORDER,
        "1 of 2 pictures not in line with the text",
    ),
    "a text box": (
        "word/document.xml",
        _one(
            r"<w:r><w:t",
            "<w:r><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>Zwevend</w:t>"
            "</w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r><w:r><w:t",
        ),
        ORDER,
        "text boxes or frames outside the text flow: 1",
    ),
}


@pytest.mark.parametrize("case", list(WORD_BREAKS))
def test_a_word_file_broken_fails_the_right_check(
    built_example: BuiltExample, tmp_path: Path, case: str
) -> None:
    part, change, name, said = WORD_BREAKS[case]
    source = built_example.out / "rol-en-werkwijze.docx"
    broken = _broken(source, tmp_path / "broken.docx", part, change)
    failing = _failing(docx_checks(broken, TITLE, "nl-NL"))
    assert list(failing) == [name], failing
    assert re.search(said, failing[name]), failing[name]


ODT_BREAKS = {
    "no title": (
        "meta.xml",
        _one(r"<dc:title>.*?</dc:title>", ""),
        PROPERTIES,
        "the title in the file's properties is not the document's",
    ),
    "another language": (
        "meta.xml",
        _one(r"<dc:language>nl-NL</dc:language>", "<dc:language>en-GB</dc:language>"),
        PROPERTIES,
        "the language is en-GB, not nl-NL",
    ),
    "styles in another language": (
        "styles.xml",
        _one(
            r'(<style:default-style style:family="paragraph">.*?)fo:country="NL"',
            r'\1fo:country="BE"',
        ),
        PROPERTIES,
        "the styles' language is nl-BE, not nl-NL",
    ),
    "a heading two levels down": (
        "content.xml",
        _one(r'(<text:h [^>]*)text:outline-level="2"', r'\1text:outline-level="4"'),
        HEADINGS,
        "from level 1 to 4",
    ),
    "a heading that is a paragraph": (
        "content.xml",
        _one(
            r'<text:h text:style-name="Heading_20_2" text:outline-level="2"(.*?)</text:h>',
            r'<text:p text:style-name="Heading_20_2"\1</text:p>',
        ),
        HEADINGS,
        "paragraphs styled as headings but not headings: 1",
    ),
    "a table without header rows": (
        "content.xml",
        lambda xml: xml.replace("<table:table-header-rows>", "", 1).replace(
            "</table:table-header-rows>", "", 1
        ),
        TABLES,
        r"1 of \d+ tables without a marked header row, the first table 1",
    ),
    "an image without a description": (
        "content.xml",
        _one(
            r'(<draw:frame draw:name="img1".*?)<svg:title>.*?</svg:title><svg:desc>.*?</svg:desc>',
            r"\1",
        ),
        IMAGES,
        "1 of 2 images without alt text",
    ),
    "a grey byline": (
        "styles.xml",
        _one(r'(style:name="Byline".*?fo:color=")#4A4A4A', r"\1#AAAAAA"),
        CONTRAST,
        r"lowest 2\.3:1 \('Byline': #AAAAAA on #FFFFFF\)",
    ),
    "a picture anchored to the page": (
        "content.xml",
        _one(
            r'<draw:frame draw:name="img1"', '<draw:frame text:anchor-type="page" draw:name="img1"'
        ),
        ORDER,
        "1 of 2 pictures not in line with the text",
    ),
    "a text box on the page": (
        "content.xml",
        _one(
            r"(<office:text[^>]*>)",
            r'\1<draw:frame text:anchor-type="page" draw:name="box"><draw:text-box>'
            r"<text:p>Zwevend</text:p></draw:text-box></draw:frame>",
        ),
        ORDER,
        "text boxes or frames outside the text flow: 1",
    ),
}


@pytest.mark.parametrize("case", list(ODT_BREAKS))
def test_an_opendocument_file_broken_fails_the_right_check(
    built_example: BuiltExample, tmp_path: Path, case: str
) -> None:
    part, change, name, said = ODT_BREAKS[case]
    source = built_example.out / "rol-en-werkwijze.odt"
    broken = _broken(source, tmp_path / "broken.odt", part, change)
    failing = _failing(odt_checks(broken, TITLE, "nl-NL"))
    assert list(failing) == [name], failing
    assert re.search(said, failing[name]), failing[name]


def test_a_light_accent_colour_fails_the_contrast_check(tmp_path: Path) -> None:
    """document.yaml's accent colours the headings, the title page and (in Word) the links:
    a light one is below 4.5:1 on white, and the checks name where."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "valid", root)
    yaml = root / "document.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8") + "style:\n  accent: '#8fb8de'\n", "utf-8")
    build_document(root, formats=("docx", "odt"))
    title = "How the Support Office Works"
    word = _failing(docx_checks(root / "build/how-we-work.docx", title, "en-GB"))
    opendocument = _failing(odt_checks(root / "build/how-we-work.odt", title, "en-GB"))
    assert list(word) == [CONTRAST] and list(opendocument) == [CONTRAST]
    assert "lowest 2.0:1 (" in word[CONTRAST] and "#8FB8DE on #FFFFFF" in word[CONTRAST]
    assert "'heading 1'" in word[CONTRAST] and "'Hyperlink'" in word[CONTRAST]
    assert "'Heading 1'" in opendocument[CONTRAST]


def test_check_warns_about_a_light_accent_with_its_line(project: Path) -> None:
    """The light accent the office checks fail (above) is what check warns about first."""
    from pipeline.check.project import load_project
    from pipeline.core.diagnostics import words

    settings = project / "document.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8") + "style:\n  accent: '#8fb8de'\n", encoding="utf-8"
    )
    [warning] = [d for d in load_project(project).diagnostics if d.code == "RD412"]
    assert warning.severity == "warning" and warning.path == "document.yaml" and warning.line > 1
    assert "#8fb8de has a contrast of 2.1:1" in words(warning)
    settings.write_text(
        settings.read_text(encoding="utf-8").replace("#8fb8de", "#00529b"), encoding="utf-8"
    )
    assert not [d for d in load_project(project).diagnostics if d.code == "RD412"]
