"""Every build writes a conformance report (toegankelijkheid.html and .md, in the document's
language) whose figures are the checks' own (pipeline/conformance/report.py), and report.json
carries the same results."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

from pipeline.conformance.html import html_checks
from pipeline.conformance.pdf import pdf_checks
from pipeline.core.messages import text
from pipeline.publish.build import build_document

from .conftest import REPOSITORY, BuiltExample

TITLE = "Rol en werkwijze van de ambtelijke organisatie"


def test_every_build_reports_what_each_file_conforms_to(built_example: BuiltExample) -> None:
    out = built_example.out
    report = (out / "toegankelijkheid.md").read_text(encoding="utf-8")
    assert report.startswith(f"# Toegankelijkheid van {TITLE}\n")
    assert "\n\nWerkversie — nog geen editie · " in report  # built outside git: no edition
    for name in ("rol-en-werkwijze.pdf", "rol-en-werkwijze.html", "rol-en-werkwijze.docx"):
        assert f"## {name} (" in report
    assert "Norm: PDF/A-2a (ISO 19005-2) + PDF/UA-1 (ISO 14289-1)" in report
    assert "Norm: WCAG 2.1 niveau AA" in report and "verapdf --flavour 2a" in report
    # the figures are the checks' own, in Dutch
    for check in pdf_checks(out / "rol-en-werkwijze.pdf", TITLE, "nl-NL"):
        assert f"| {text(check.name, 'nl')} | voldoet | {text(check.detail, 'nl')} |" in report
    for check in html_checks(out / "rol-en-werkwijze.html", "nl-NL"):
        assert f"| {text(check.name, 'nl')} | voldoet | {text(check.detail, 'nl')} |" in report
    assert "Bekende beperkingen" in report and "procesondersteuning@" in report
    # report.json says the same
    said = json.loads((out / "report.json").read_text(encoding="utf-8"))["conformance"]
    assert {(c["output"], c["ok"]) for c in said} >= {("pdf", True), ("html", True)}
    total = len(said)
    assert f"{total} van {total} controles voldoen." in report


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.lang = ""
        self.headers = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "html":
            self.lang = dict(attrs).get("lang", "")
        self.headers += tag == "th"


def test_the_html_report_is_an_accessible_page_itself(built_example: BuiltExample) -> None:
    page = (built_example.out / "toegankelijkheid.html").read_text(encoding="utf-8")
    parser = _Page()
    parser.feed(page)
    assert parser.lang == "nl" and parser.headers > 10
    assert f"<title>Toegankelijkheid van {TITLE}</title>" in page and "<main>" in page
    checks = [c for c in html_checks(built_example.out / "toegankelijkheid.html", "nl") if not c.ok]
    # a report page has no navigation or footer of its own; everything else holds
    assert [text(c.name) for c in checks] == ["landmarks and a skip link"]


def test_a_broken_check_is_what_the_report_says(tmp_path: Path) -> None:
    """A project whose HTML template lost its skip link: the report says so, with the figure."""
    root = tmp_path / "project"
    shutil.copytree(REPOSITORY / "tests" / "fixtures" / "valid", root)
    template = (REPOSITORY / "pipeline/defaults/html/template.html").read_text(encoding="utf-8")
    (root / "templates" / "html").mkdir(parents=True)
    (root / "templates" / "html" / "template.html").write_text(
        re.sub(r'<a class="skip-link"[^\n]*\n', "", template), encoding="utf-8"
    )
    build_document(root, formats=("html",))
    report = (root / "build" / "accessibility.md").read_text(encoding="utf-8")
    assert "| landmarks and a skip link | does not meet | missing: skip link |" in report
    assert "4 of 5 checks met." in report
    said = json.loads((root / "build" / "report.json").read_text(encoding="utf-8"))
    failing = [c for c in said["conformance"] if not c["ok"]]
    assert failing == [
        {
            "output": "html",
            "check": "landmarks and a skip link",
            "ok": False,
            "detail": "missing: skip link",
        }
    ]


def test_make_accept_adds_its_browser_and_validator_checks_to_the_report(
    built_example: BuiltExample, tmp_path: Path
) -> None:
    from pipeline.qa.accept import Check as AcceptCheck
    from pipeline.qa.accept import full_report

    run = [
        AcceptCheck("html: axe-core WCAG 2.1 A/AA (Chromium)", True, "0 violations"),
        AcceptCheck(
            "html: reflow at 320 and 1280 px (Chromium)",
            False,
            "at 320 px the page is 672 px wide; at 1280 px the page is 1280 px wide",
        ),
        AcceptCheck("epub: epubcheck", True, "0 errors"),
        AcceptCheck("pdf: pages", True, "20 pages"),  # not a conformance check: left out
    ]
    where = full_report(built_example.result, run, tmp_path)
    assert where == tmp_path / "toegankelijkheid.html"
    report = (tmp_path / "toegankelijkheid.md").read_text(encoding="utf-8")
    assert (
        "| axe-core: WCAG 2.1-regels A en AA in een browser | voldoet | 0 overtredingen |" in report
    )
    assert (
        "| herschikken: niet opzij scrollen bij 320 CSS-pixels | voldoet niet | "
        "bij 320 px is de pagina 672 px breed, bij 1280 px 1280 px |"
    ) in report
    assert "| epubcheck | voldoet | 0 fouten |" in report and "20 pages" not in report
