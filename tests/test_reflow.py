"""Reflow of the HTML edition (WCAG 2.1 SC 1.4.10): a wide table or figure scrolls in a
focusable, named region of its own, never the page; and the browser measure that says so
(`pipeline.qa.browser`, headless Chromium) finds a page that does scroll sideways."""

from __future__ import annotations

import shutil
from pathlib import Path

import lxml.html
import pytest

from pipeline.publish.build import build_document
from pipeline.qa import browser
from pipeline.qa.validators import MissingTool

from .realtools import needs

FIXTURES = Path(__file__).parent / "fixtures"
REPOSITORY = Path(__file__).parent.parent
FIGURE = REPOSITORY / "contributions/grenzen/assets/rol-van-initiatief-tot-evaluatie.svg"
FIGURE_ALT = "Six phases of a regional project, from initiative to evaluation"
CELL = "a cell with a fairly long text that makes its column wide (samenwerkingsverbanden)"
ROW = "| " + " | ".join([CELL] * 6) + " |\n"
WIDE = (
    "---\ntitle: A wide table\nauthors: [bob]\nstatus: accepted\ndate: 2017-05-05\n---\n"
    "Six columns of long text:\n\n"
    "| Phase | Initiative | Exploring | Designing | Deciding | Evaluating |\n"
    "|---|---|---|---|---|---|\n" + ROW * 3 + "\nA code block with one long line:\n\n"
    "```\n"
    "roledoc build --format html --out build/a-folder-with-a-long-name-for-the-html-edition "
    "--quiet\n```\n\n"
    "See https://example.org/a/very/long/address/that/does/not/break/at/any/space/at/all.\n\n"
    f"![{FIGURE_ALT}](assets/phases.svg)\n"
)


def has_chromium() -> bool:
    try:
        browser.find_chromium()
    except MissingTool:
        return False
    return True


needs_chromium = needs(has_chromium(), browser.INSTALL_CHROMIUM)


def wide_project(root: Path, lang: str = "en-GB") -> Path:
    shutil.copytree(FIXTURES / "valid", root)
    settings = root / "document.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace("lang: en-GB", f"lang: {lang}"),
        encoding="utf-8",
    )
    (root / "contributions/limits/wide.md").write_text(WIDE, encoding="utf-8")
    shutil.copyfile(FIGURE, root / "contributions/limits/assets/phases.svg")
    return root


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = wide_project(tmp_path_factory.mktemp("reflow") / "project")
    build_document(root, formats=("html",))
    return root / "build/how-we-work.html"


def regions(html: Path, kind: str) -> list[lxml.html.HtmlElement]:
    tree = lxml.html.fromstring(html.read_bytes())
    found = tree.xpath(f"//{kind}")
    assert found, f"no {kind} in the page"
    return [element.getparent() for element in found]


def test_every_table_scrolls_in_a_focusable_named_region(page: Path) -> None:
    wrappers = regions(page, "table")
    for wrapper in wrappers:
        assert wrapper.tag == "div" and wrapper.get("class") == "table-scroll"
        assert wrapper.get("role") == "region"
        assert wrapper.get("tabindex") == "0"
        assert wrapper.get("aria-label", "").strip()
    labels = [wrapper.get("aria-label") for wrapper in wrappers]
    assert "Table: Phase, Initiative, Exploring, Designing, Deciding, Evaluating" in labels


def test_a_figure_scrolls_in_a_named_region_and_keeps_a_legible_width(page: Path) -> None:
    wrappers = regions(page, "figure/div/img")
    for wrapper in wrappers:
        assert wrapper.get("class") == "figure-scroll"
        assert wrapper.get("role") == "region" and wrapper.get("tabindex") == "0"
    (wrapper,) = (w for w in wrappers if FIGURE_ALT in w.get("aria-label"))
    assert wrapper.get("aria-label") == f"Figure: {FIGURE_ALT}"
    assert wrapper.get("style") == "--figure-floor: min(38rem, 800px)"


def test_the_region_is_named_in_the_document_language(tmp_path: Path) -> None:
    root = wide_project(tmp_path / "project", lang="nl-NL")
    build_document(root, formats=("html",))
    labels = [w.get("aria-label") for w in regions(root / "build/how-we-work.html", "table")]
    assert "Tabel: Phase, Initiative, Exploring, Designing, Deciding, Evaluating" in labels


def test_without_chromium_the_measure_says_what_to_install(
    page: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(browser.shutil, "which", lambda _name: None)
    with pytest.raises(MissingTool, match=r"apt-get install chromium"):
        browser.reflow_verdict(page)


@pytest.mark.office
@needs_chromium
def test_the_page_reflows_at_320_px_without_axe_violations(page: Path) -> None:
    with browser.chromium() as chromium:
        reflow = chromium.reflow(page, 320)
        violations = chromium.axe(page, 320)
        with chromium.page(page, 320) as opened:
            figure_width = opened.evaluate(
                "document.querySelector('.figure-scroll[aria-label*=\"Six phases\"] img')"
                ".getBoundingClientRect().width"
            )
    assert reflow.ok and reflow.page_width == 320, reflow
    assert violations == []
    # The figure's 15 px labels at 800 px stay 9 px or more.
    assert figure_width * 15 / 800 >= 9


@pytest.mark.office
@needs_chromium
def test_a_bare_wide_table_is_found_to_scroll_the_page(tmp_path: Path) -> None:
    bare = tmp_path / "bare.html"
    bare.write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Bare</title>'
        '<meta name="viewport" content="width=device-width, initial-scale=1"></head>'
        '<body><main><p>Text.</p><table style="width: 1000px"><tr><th>A</th><th>B</th></tr>'
        "<tr><td>1</td><td>2</td></tr></table><img src='data:,x'></main></body></html>",
        encoding="utf-8",
    )
    narrow, wide = browser.measure_reflow(bare)
    assert not narrow.ok and narrow.viewport == 320 and narrow.page_width > 1000
    assert len(narrow.offenders) == 1 and narrow.offenders[0].startswith("table 1000 px wide")
    assert wide.ok and wide.viewport == 1280
    ok, detail = browser.axe_verdict(bare)
    assert not ok and "image-alt" in detail
