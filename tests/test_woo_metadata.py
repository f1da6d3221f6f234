"""Metadata for publication under the Woo: title, organisation, edition, status, adoption
(body, date, decision), language, licence and a stable identifier, in the HTML's head (meta
and schema.org JSON-LD) and the PDF's XMP, so a municipality need not retype them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

import pipeline.publish.plan
from pipeline.core.diagnostics import Reporter
from pipeline.publish.build import build_document
from pipeline.read.register import read_register, render_register

STATE = {
    "edition": "1.1",
    "edition_date": "2021-03-08",
    "adopted_by": "Regional Council",
    "adopted_on": "2021-03-18",
    "adopted_decision": "RC-2021-014",
    "after": None,
    "dirty": False,
    "history": (),
}


def _build(project: Path, monkeypatch: pytest.MonkeyPatch, **state: object) -> Path:
    monkeypatch.setattr(pipeline.publish.plan, "edition_fields", lambda *_: {**STATE, **state})
    settings = project / "document.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8") + "licence: CC BY 4.0\n", encoding="utf-8"
    )
    build_document(project, formats=("pdf", "html"))
    return project / "build"


def _json_ld(html: str) -> dict:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert found is not None
    return json.loads(found.group(1))


def test_the_html_head_carries_what_a_publication_index_registers(project, monkeypatch):
    out = _build(project, monkeypatch)
    html = (out / "how-we-work.html").read_text(encoding="utf-8")
    work = _json_ld(html)
    assert work["@type"] == "DigitalDocument" and work["name"] == "How the Support Office Works"
    assert work["publisher"]["name"] == "Test Region" and work["inLanguage"] == "en-GB"
    assert work["version"] == "1.1" and work["datePublished"] == "2021-03-08"
    assert work["creativeWorkStatus"] == "Adopted version"
    assert work["sourceOrganization"]["name"] == "Regional Council"
    assert work["isBasedOn"] == "RC-2021-014" and work["license"] == "CC BY 4.0"
    assert work["identifier"].startswith("urn:uuid:")
    assert f'<meta name="dcterms.identifier" content="{work["identifier"]}">' in html
    assert '<meta name="dcterms.dateAccepted" content="2021-03-18">' in html
    assert '<meta name="dcterms.license" content="CC BY 4.0">' in html


def test_a_title_cannot_end_the_json_ld_script(project, monkeypatch):
    settings = project / "document.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(
        text.replace("title: How the Support Office Works", 'title: "A </script> <b>test</b>"'),
        encoding="utf-8",
    )
    html = (_build(project, monkeypatch) / "how-we-work.html").read_text(encoding="utf-8")
    assert _json_ld(html)["name"] == "A </script> <b>test</b>"
    assert html.count("</script>") == html.count("<script")


def test_the_pdf_xmp_says_status_edition_identifier_and_licence(project, monkeypatch):
    out = _build(project, monkeypatch)
    info = PdfReader(out / "how-we-work.pdf").metadata
    assert info["/Subject"] == "Adopted version · edition 1.1 · 8 March 2021"
    keywords = info["/Keywords"]
    assert "Adopted version" in keywords and "urn:uuid:" in keywords and "CC BY 4.0" in keywords


def test_editions_yaml_keeps_the_decision_reference(tmp_path: Path) -> None:
    register = tmp_path / "editions.yaml"
    register.write_text(
        '- edition: "1.0"\n  commit: ' + "a" * 40 + "\n  date: 2017-10-02\n"
        "  adopted:\n    by: Regionaal Overleg\n    on: 2017-10-19\n    decision: RO-2017-31\n",
        encoding="utf-8",
    )
    reporter = Reporter()
    releases = read_register(tmp_path, reporter)
    assert reporter.found == [] and releases[0].adopted is not None
    assert releases[0].adopted.decision == "RO-2017-31"
    assert '    decision: "RO-2017-31"' in render_register(releases)
