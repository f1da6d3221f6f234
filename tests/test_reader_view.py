"""A text changed when a reader sees it changed, and the changes appendix, `roledoc changelog`
and the redline say the same: link syntax, line wrapping and a picture saved under another
name are no change; a word is."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.assemble.changes import changelog_since
from pipeline.cli import main
from pipeline.editions.editions import changes_edition
from pipeline.publish.build import build_document

from .gitrepo import commit_all, git, new_repository

SUPPORT = "contributions/support/what-support-is.md"
LIMITS = "contributions/limits/where-it-ends.md"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """Edition v1.0, then the same texts spelled otherwise: a link to a heading as a link to
    the file, paragraphs wrapped anew, an inline link as a reference link, and the picture
    saved under another name; the changes appendix compares with v1.0."""
    repo = new_repository(tmp_path / "repo")
    document = repo / "document.yaml"
    document.write_text(
        document.read_text("utf-8").replace("[pdf, html]", "[html, docx]") + "changelog: v1.0\n",
        "utf-8",
    )
    commit_all(repo, "v1.0")
    git(repo, "tag", "v1.0")
    page = repo / SUPPORT
    page.write_text(
        page.read_text("utf-8")
        .replace("(#where-it-ends)", "(../limits/where-it-ends.md)")
        .replace("preparing decisions, not taking them.", "preparing  decisions,\nnot taking them.")
        .replace("[practice](#in-practice)", "[practice][p]")
        + "\n[p]: #in-practice\n",
        "utf-8",
    )
    assets = repo / "contributions/limits/assets"
    (assets / "diagram.png").rename(assets / "role-diagram.png")
    limits = repo / LIMITS
    limits.write_text(
        limits.read_text("utf-8").replace("assets/diagram.png", "assets/role-diagram.png"), "utf-8"
    )
    commit_all(repo, "The same texts, spelled otherwise", "2017-09-01T12:00:00+02:00")
    return repo


def _changed(repo: Path) -> set[str]:
    return {c.id for c in changelog_since(repo, "v1.0", published=True).changes}


def test_a_text_spelled_otherwise_is_no_change_anywhere(repo: Path) -> None:
    assert _changed(repo) == set()
    said = CliRunner().invoke(main, ["-C", str(repo), "changelog", "--format", "json"])
    assert json.loads(said.output)["changes"] == []
    build_document(repo, formats=("html",))
    html = (repo / "build/how-we-work.html").read_text(encoding="utf-8")
    appendix = html[html.index("Changes since edition v1.0") :]
    assert "Changed:" not in appendix
    build_document(repo, formats=("html",), edition=changes_edition("v1.0"))
    redline = (repo / "build/how-we-work-changes.md").read_text(encoding="utf-8")
    # chapter | added | changed | removed | unchanged
    assert "| What support means | 0 | 0 | 0 | 2 |" in redline
    assert "| Where the role ends | 0 | 0 | 0 | 1 |" in redline
    marked = (repo / "build/how-we-work-changes.html").read_text(encoding="utf-8")
    assert "<ins>" not in marked and "<del>" not in marked


def test_a_changed_word_or_picture_is_a_change_everywhere(repo: Path) -> None:
    page = repo / SUPPORT
    page.write_text(
        page.read_text("utf-8")
        .replace("not taking", "never taking")
        .replace("title: What support is", "title: What support means here"),
        "utf-8",
    )
    picture = repo / "contributions/limits/assets/role-diagram.png"
    picture.write_bytes(picture.read_bytes() + b"another picture")
    commit_all(repo, "A word and a picture", "2017-10-01T12:00:00+02:00")
    assert _changed(repo) == {"what-support-is", "where-it-ends"}
    build_document(repo, formats=("html",), edition=changes_edition("v1.0"))
    redline = (repo / "build/how-we-work-changes.md").read_text(encoding="utf-8")
    assert "| What support means | 0 | 1 | 0 | 1 |" in redline
    assert "| Where the role ends | 0 | 1 | 0 | 0 |" in redline
    build_document(repo, formats=("html",))
    html = (repo / "build/how-we-work.html").read_text(encoding="utf-8")
    assert "formerly titled “What support is”" in html  # the old title, quoted
