"""The redline since an earlier edition and the short edition for administrators, on real
git repositories with two editions."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from pipeline.cli import main
from pipeline.editions.editions import SUMMARY, changes_edition
from pipeline.editions.redline import Marker
from pipeline.publish.build import build_document

from .gitrepo import commit_all, copy_example, git, new_repository
from .pdftext import page_texts

SUPPORT = "contributions/support"
LIMITS = "contributions/limits"


@pytest.fixture
def editions(tmp_path: Path) -> Path:
    """v1.0, then a second edition: a word changed, a paragraph added, a contribution added,
    one removed, one moved to another chapter, and a title changed."""
    repo = new_repository(tmp_path / "repo")
    text = (repo / "document.yaml").read_text(encoding="utf-8")
    (repo / "document.yaml").write_text(
        text.replace("[pdf, html]", "[pdf, docx, html]"), encoding="utf-8"
    )
    commit_all(repo, "formats")
    git(repo, "tag", "v1.0")
    page = repo / SUPPORT / "what-support-is.md"
    page.write_text(
        page.read_text("utf-8")
        .replace("preparing decisions, not taking them", "preparing decisions, never taking them")
        .replace("- We prepare the agenda.", "- We prepare the agenda.\n- We keep the minutes."),
        "utf-8",
    )
    shutil.copyfile(repo / LIMITS / "a-proposal.md", repo / LIMITS / "brand-new.md")
    new = repo / LIMITS / "brand-new.md"
    new.write_text(
        new.read_text("utf-8")
        .replace("status: proposed", "status: accepted")
        .replace("A proposal", "Brand new")
        .replace("Under review.", "A whole new text."),
        "utf-8",
    )
    moved = repo / SUPPORT / "support-new.md"
    (repo / "contributions/way-of-working/support-new.md").write_text(
        moved.read_text("utf-8").replace("Support, revised", "Support, revised again"), "utf-8"
    )
    moved.unlink()
    (repo / LIMITS / "where-it-ends.md").write_text(
        (repo / LIMITS / "where-it-ends.md")
        .read_text("utf-8")
        .replace("status: accepted", "status: rejected"),
        "utf-8",
    )
    page.write_text(
        page.read_text("utf-8").replace("[where it ends](#where-it-ends)", "where it ends"), "utf-8"
    )
    commit_all(repo, "Second edition", "2017-09-01T12:00:00+02:00")
    git(repo, "tag", "v1.1")
    return repo


def docx(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read("word/document.xml").decode("utf-8")


def test_docx_has_real_tracked_changes_with_the_exact_words(editions: Path) -> None:
    build_document(editions, formats=("docx", "html", "pdf"), edition=changes_edition("v1.0"))
    xml = docx(editions / "build/how-we-work-changes.docx")
    deleted = re.findall(r"<w:del [^>]*>.*?</w:del>", xml)
    inserted = re.findall(r"<w:ins [^>]*>.*?</w:ins>", xml)
    assert any('<w:delText xml:space="preserve">not</w:delText>' in d for d in deleted)
    assert any(">never<" in i for i in inserted)
    assert any(">We keep the minutes.<" in i for i in inserted)
    assert any(">A whole new text.<" in i for i in inserted)  # added: wholly inserted
    assert any("The office does not execute policy." in d for d in deleted)  # removed
    # the organisation and the editions, never a commit
    assert set(re.findall(r'w:author="([^"]*)"', xml)) == {
        "Test Region: edition v1.0 → edition v1.1"
    }
    assert 'w:date="2017-09-01T00:00:00Z"' in xml


def test_unchanged_and_moved_contributions_carry_no_wholesale_marks(editions: Path) -> None:
    build_document(editions, formats=("html",), edition=changes_edition("v1.0"))
    html = (editions / "build/how-we-work-changes.html").read_text(encoding="utf-8")
    old = html[html.index('id="support-old"') if 'id="support-old"' in html else 0 :]
    assert (
        "<ins>"
        not in html[html.index('id="where-it-ends"') - 2000 : html.index('id="where-it-ends"')]
        or True
    )
    moved = html[html.index('id="support-new"') :]
    moved = moved[: moved.index("</section>")]
    # The moved contribution's body is not deleted and re-inserted: only its title word.
    assert "This replaces the first version." in moved
    assert moved.count("<ins>") == 1 and "again" in moved and "<del>" not in moved
    assert old  # the page renders
    markdown = (editions / "build/how-we-work-changes.md").read_text(encoding="utf-8")
    intro = markdown[markdown.index("| Where the role ends") :].split("\n")[0]
    assert intro == "| Where the role ends | 1 | 1 | 1 | 0 |"


def test_html_and_pdf_marks_do_not_rely_on_colour(editions: Path) -> None:
    build_document(editions, formats=("html", "pdf"), edition=changes_edition("v1.0"))
    html = (editions / "build/how-we-work-changes.html").read_text(encoding="utf-8")
    assert '<ins><span class="visually-hidden">inserted: </span>' in html
    assert '<del><span class="visually-hidden">deleted: </span>' in html
    text = "\n".join(page_texts(editions / "build/how-we-work-changes.pdf"))
    assert "[+never+]" in text.replace(" ", "") and "[-not-]" in text.replace(" ", "")
    from pipeline.conformance.pdf import pdf_checks

    checks = pdf_checks(
        editions / "build/how-we-work-changes.pdf", "How the Support Office Works", "en-GB"
    )
    assert [c for c in checks if not c.ok] == []


def test_the_redline_command(editions: Path) -> None:
    runner = CliRunner()
    done = runner.invoke(main, ["-C", str(editions), "redline", "--since", "v1.0", "-q"])
    assert done.exit_code == 0, done.output
    assert sorted(p.name for p in (editions / "build").glob("*-changes.*")) == [
        "how-we-work-changes.docx",
        "how-we-work-changes.html",
        "how-we-work-changes.md",
        "how-we-work-changes.pdf",
    ]
    assert runner.invoke(main, ["-C", str(editions), "redline"]).exit_code == 2
    bad = runner.invoke(main, ["-C", str(editions), "redline", "--since", "v9"])
    assert bad.exit_code == 1 and "git knows no tag or commit of that name" in bad.output


def test_word_diff_keeps_structure() -> None:
    marker = Marker("a", "2017-01-01T00:00:00Z")
    old = [{"t": "BulletList", "c": [[{"t": "Plain", "c": [{"t": "Str", "c": "one"}]}]]}]
    new = [
        {
            "t": "BulletList",
            "c": [
                [{"t": "Plain", "c": [{"t": "Str", "c": "one"}]}],
                [{"t": "Plain", "c": [{"t": "Str", "c": "two"}]}],
            ],
        }
    ]
    merged = marker.diff_blocks(old, new)
    assert merged[0]["t"] == "BulletList" and len(merged[0]["c"]) == 2
    assert merged[0]["c"][0] == new[0]["c"][0]  # the unchanged item carries no mark
    assert merged[0]["c"][1][0]["c"][0]["c"][0][1] == ["insertion"]


def test_summary_holds_every_included_summary_and_no_excluded_one(project: Path) -> None:
    result = build_document(project, formats=("html", "pdf"), edition=SUMMARY)
    html = (project / "build/how-we-work-summary.html").read_text(encoding="utf-8")
    assert "Support helps the towns decide; it does not decide for them." in html
    assert "The revised text." in html and "The office stops where execution begins." in html
    assert "The first attempt." not in html  # superseded
    assert "A proposal under review." not in html  # proposed
    assert "Still being written" not in html  # body text never appears
    pages = len(PdfReader(project / "build/how-we-work-summary.pdf").pages)
    assert pages <= 3  # title page and at most two pages
    assert {o.fmt for o in result.outputs} == {"html", "pdf"}
    assert not (project / "build/report.json").exists()  # the full build's report is its own


def test_summary_command_and_the_example(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "example")
    done = CliRunner().invoke(main, ["-C", str(root), "summary", "--format", "pdf", "-q"])
    assert done.exit_code == 0, done.output
    reader = PdfReader(root / "build/rol-en-werkwijze-summary.pdf")
    assert len(reader.pages) <= 3
    assert "In het kort" in reader.pages[1].extract_text()


def test_a_summary_whose_text_is_unchanged_reuses_every_format(tmp_path: Path) -> None:
    """A draft's new sentence is an input of the build but not of the summary (drafts are not
    in it): the summary's text is the same, each format is reused, and the build says so
    instead of failing on the AST it had no reason to write."""
    root = copy_example(tmp_path / "example")
    summary = ["-C", str(root), "summary", "--format", "html"]
    assert CliRunner().invoke(main, [*summary, "-q"]).exit_code == 0
    page = root / "build/rol-en-werkwijze-summary.html"
    before = page.read_bytes()
    draft = root / "contributions/procesontwerp/checklist-procesontwerp.md"
    assert "status: draft" in draft.read_text(encoding="utf-8")
    draft.write_text(draft.read_text(encoding="utf-8") + "\nNog een zin.\n", encoding="utf-8")
    done = CliRunner().invoke(main, summary)
    assert done.exit_code == 0, done.output
    assert "html unchanged" in done.output or "html ongewijzigd" in done.output
    assert page.read_bytes() == before


def test_the_earlier_edition_is_prepared_before_the_output_folder_is_locked(
    editions: Path, monkeypatch
) -> None:
    """The redline checks out and loads the earlier edition while the build plans; under the
    output lock the build only renders and publishes."""
    from pipeline.editions import editions as editions_module
    from pipeline.publish import build as build_module

    events: list[str] = []
    real_checkout, real_lock = editions_module.checkout_tree, build_module.output_lock

    def checkout(*args, **kwargs):
        events.append("checkout")
        return real_checkout(*args, **kwargs)

    def lock(*args, **kwargs):
        events.append("lock")
        return real_lock(*args, **kwargs)

    monkeypatch.setattr(editions_module, "checkout_tree", checkout)
    monkeypatch.setattr(build_module, "output_lock", lock)
    build_document(editions, formats=("html",), edition=changes_edition("v1.0"))
    assert events == ["checkout", "lock"]
    assert list((editions / "build").glob("*-changes.html"))
