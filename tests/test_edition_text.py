"""What readers see about the edition: words on the title page, in the footer and colophon,
never a bare commit hash outside the colophon's small print; the status words of Dutch
government documents through the edition's life (working version, consultation version,
version for adoption, adopted version, superseded)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

import pipeline.publish.plan
from pipeline.assemble.assemble import contact_markdown, fill_markdown
from pipeline.publish.build import build_document

ADOPTED = {
    "edition": "1.1",
    "edition_date": "2021-03-08",
    "adopted_by": "Regional Council",
    "adopted_on": "2021-03-18",
    "history": (
        {
            "edition": "1.0",
            "date": "2017-11-01",
            "adopted_by": None,
            "adopted_on": None,
            "note": "First edition.",
        },
        {
            "edition": "1.1",
            "date": "2021-03-08",
            "adopted_by": "Regional Council",
            "adopted_on": "2021-03-18",
            "note": None,
        },
    ),
}
AFTER = {"after": "1.1", "dirty": True}


def _build(project: Path, monkeypatch: pytest.MonkeyPatch, **state: object) -> dict[str, str]:
    """Build PDF, HTML and DOCX with the edition data the build would provide."""
    blank = {"edition": None, "edition_date": None, "adopted_by": None, "adopted_on": None}
    blank |= {"after": None, "dirty": False, "history": ()}
    monkeypatch.setattr(pipeline.publish.plan, "edition_fields", lambda *_: {**blank, **state})
    build_document(project, formats=("pdf", "html", "docx"))
    out = project / "build"
    pdf = PdfReader(out / "how-we-work.pdf")
    with zipfile.ZipFile(out / "how-we-work.docx") as archive:
        docx = archive.read("word/document.xml").decode("utf-8")
    return {
        "title": pdf.pages[0].extract_text(),
        "footer": pdf.pages[2].extract_text(),
        "colophon": pdf.pages[-1].extract_text(),
        "html": (out / "how-we-work.html").read_text(encoding="utf-8"),
        "docx": docx,
    }


def test_an_adopted_edition_names_its_edition_date_and_who_adopted_it(project, monkeypatch):
    text = _build(project, monkeypatch, **ADOPTED)
    line = "Adopted version · edition 1.1 · 8 March 2021"
    assert line in text["title"]
    assert "Adopted by Regional Council on 18 March 2021" in text["title"]
    assert line in text["footer"]
    assert f'<p class="edition">{line}</p>' in text["html"]
    assert '<meta name="dcterms.hasVersion" content="1.1">' in text["html"]
    assert "Adopted by Regional Council on 18 March 2021" in text["html"]
    assert line in text["docx"]
    assert "Adopted by Regional Council on 18 March 2021" in text["docx"]
    # adopted: no status marker in the running header
    assert not text["footer"].startswith("How the Support Office Works Adopted")


FOR_ADOPTION = {**ADOPTED, "adopted_by": None, "adopted_on": None}
FOR_ADOPTION["history"] = (ADOPTED["history"][0], {**ADOPTED["history"][1], "adopted_by": None})
FOR_ADOPTION["history"][1]["adopted_on"] = None


def test_an_edition_not_yet_adopted_is_the_version_for_adoption_on_every_page(project, monkeypatch):
    text = _build(project, monkeypatch, **FOR_ADOPTION)
    line = "Version for adoption · edition 1.1 · 8 March 2021"
    for where in ("title", "footer", "html", "docx"):
        assert line in text[where], where
    # the marker in every running header: words, not a picture
    header = text["footer"].splitlines()[0]
    assert header.endswith("Version for adoption"), header


def test_an_edition_a_later_adopted_one_replaced_is_superseded(project, monkeypatch):
    first = {**ADOPTED["history"][0], "adopted_by": "Regional Council", "adopted_on": "2017-11-20"}
    state = {
        "edition": "1.0",
        "edition_date": "2017-11-01",
        "adopted_by": "Regional Council",
        "adopted_on": "2017-11-20",
        "history": (first, ADOPTED["history"][1]),
    }
    text = _build(project, monkeypatch, **state)
    line = "Superseded · edition 1.0 · 1 November 2017 — the current edition is 1.1"
    for where in ("title", "html", "docx"):
        assert line in " ".join(text[where].split()), where


def test_a_review_file_is_a_consultation_version_with_its_closing_day() -> None:
    from pipeline.assemble.assemble import BuildInfo
    from pipeline.assemble.edition_text import edition_text
    from pipeline.read.labels import load_labels
    from pipeline.read.templates import Templates

    labels = load_labels(Templates(Path(".")).read("labels.yaml"), "nl-NL")
    info = BuildInfo("0.3", None, "2026-12-07", False, "id", after="1.1", consultation="2027-01-15")
    said = edition_text(info, labels)
    assert said.state == "Consultatieversie" and said.state_key == "consultation"
    assert said.status == "Consultatieversie na editie 1.1 · reageren kan tot 15 januari 2027"
    without_day = edition_text(BuildInfo("0.3", None, "2026-12-07", False, "id"), labels)
    assert without_day.status == "Werkversie — nog geen editie"


def test_an_edition_has_one_date_on_title_page_footer_and_colophon(project, monkeypatch):
    # the content was committed later than the edition's date: the edition's date is shown
    text = _build(project, monkeypatch, **ADOPTED)
    colophon = " ".join(text["colophon"].split())
    assert "Built on 8 March 2021" in colophon
    assert "2017" not in colophon.split("Built on")[1][:20]


def test_the_colophon_lists_every_edition(project, monkeypatch):
    text = _build(project, monkeypatch, **ADOPTED)
    colophon = " ".join(text["colophon"].split())
    assert "Editions" in colophon and "First edition." in colophon
    assert "1 November 2017" in colophon
    assert "<td>First edition.</td>" in text["html"]


def test_content_after_an_edition_is_a_draft_that_says_so(project, monkeypatch):
    text = _build(project, monkeypatch, **AFTER)
    status = "Working draft after edition 1.1, with uncommitted changes"
    for where in ("title", "html", "docx"):
        assert status in " ".join(text[where].split()), where
    assert "Working draft after edition 1.1" in text["footer"]
    assert "Adopted by" not in text["html"]


def test_without_any_edition_the_document_is_a_draft(project, monkeypatch):
    text = _build(project, monkeypatch)
    for where in ("title", "footer", "html", "docx"):
        assert "Working draft — no edition yet" in text[where], where
    assert "Editions" not in text["colophon"]


def test_the_build_details_are_only_in_the_colophon_small_print(project, monkeypatch):
    text = _build(project, monkeypatch, **ADOPTED)
    for where in ("title", "footer"):
        assert "Version" not in text[where] and "Commit" not in text[where], where
    assert "Built on" in " ".join(text["colophon"].split())
    assert 'class="colophon-small"' in text["html"]


def test_the_colophon_names_contact_licence_and_how_to_ask_for_another_format(project, monkeypatch):
    settings = project / "document.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8")
        + "contact: office@region.example\nlicence: CC BY 4.0\n",
        encoding="utf-8",
    )
    text = _build(project, monkeypatch)
    colophon = " ".join(text["colophon"].split())
    assert "Licence: CC BY 4.0." in colophon
    assert "meets PDF/UA-1" in colophon
    assert "Ask office@region.example." in colophon
    assert 'href="mailto:office@region.example"' in text["html"]


def test_without_a_contact_readers_are_sent_to_the_organisation(project, monkeypatch):
    text = _build(project, monkeypatch)
    assert "Ask Test Region." in " ".join(text["colophon"].split())


def test_a_contact_that_is_not_an_address_is_shown_as_text() -> None:
    link = contact_markdown("office@region.example")
    assert link.startswith("[office") and link.endswith("](mailto:office@region.example)")
    assert contact_markdown("Team *A*, phone 040") == r"Team \*A\*, phone 040"
    assert fill_markdown("Ask *us* at {contact}.", contact="[x](mailto:x)") == (
        r"Ask \*us\* at [x](mailto:x)\."
    )


def test_a_projects_older_labels_file_still_builds(project, monkeypatch):
    """A labels.yaml written for an older roledoc lacks the edition words: the built-in ones
    fill in, the project's own words still win."""
    (project / "templates").mkdir(exist_ok=True)
    (project / "templates/labels.yaml").write_text(
        "en:\n  contents: Table of contents (ours)\n", encoding="utf-8"
    )
    text = _build(project, monkeypatch)
    assert "Working draft — no edition yet" in text["title"]
    assert "Table of contents (ours)" in text["html"]


def test_document_yaml_can_choose_the_plain_status_words(project, monkeypatch):
    settings = project / "document.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8") + "status_words: plain\n", encoding="utf-8"
    )
    text = _build(project, monkeypatch, **ADOPTED)
    for where in ("title", "footer", "html", "docx"):
        assert "Edition 1.1 · 8 March 2021" in text[where], where
    assert "Adopted version" not in text["html"]


def test_plain_status_words_for_a_draft(project, monkeypatch):
    settings = project / "document.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8") + "status_words: plain\n", encoding="utf-8"
    )
    text = _build(project, monkeypatch, **AFTER)
    assert "Draft after edition 1.1 — not adopted, with uncommitted changes" in " ".join(
        text["title"].split()
    )


def test_an_unknown_set_of_status_words_is_refused_with_a_suggestion(project) -> None:
    from pipeline.check.project import load_project

    settings = project / "document.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8") + "status_words: goverment\n", encoding="utf-8"
    )
    [error] = [d for d in load_project(project).errors if d.code == "RD215"]
    assert error.suggestion == "government" and error.path == "document.yaml"
