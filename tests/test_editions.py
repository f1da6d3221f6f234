"""Editions from git: provenance on every output, reproducible builds, changelogs, releases."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from pipeline.assemble.changes import changelog_since
from pipeline.check.project import load_project
from pipeline.cli import main
from pipeline.infra.gitinfo import GitError, read_provenance
from pipeline.publish.build import build_document

from .gitrepo import REPOSITORY, commit_all, git, new_repository

SUPPORT = "contributions/support"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return new_repository(tmp_path / "repo")


def test_version_follows_git_describe(repo: Path) -> None:
    head = git(repo, "rev-parse", "HEAD")
    untagged = read_provenance(repo)
    assert untagged.version == head[:7]
    assert not any("tag" in w for w in untagged.warnings)  # editions.yaml, not tags
    git(repo, "tag", "v1.0")
    assert read_provenance(repo).version == "v1.0"
    (repo / "sections/01-intro.md").write_text("---\ntitle: Intro\n---\nNew text.\n", "utf-8")
    commit_all(repo, "Edit the introduction", "2017-07-01T09:30:00+02:00")
    later = read_provenance(repo)
    assert later.version.startswith("v1.0-1-g") and later.branch == "main"
    assert later.date.isoformat() == "2017-07-01T09:30:00+02:00"


def test_a_dirty_document_is_marked_but_build_output_is_not_a_change(repo: Path) -> None:
    git(repo, "tag", "v1.0")
    (repo / "build").mkdir()
    (repo / "build/old.pdf").write_bytes(b"%PDF")
    (repo / "notes.txt").write_text("not part of the document", encoding="utf-8")
    assert read_provenance(repo).version == "v1.0"
    shutil.copyfile(repo / SUPPORT / "support-old.md", repo / SUPPORT / "untracked.md")
    dirty = read_provenance(repo)
    assert dirty.version == "v1.0-dirty" and dirty.dirty


def test_without_git_the_build_still_works_and_says_so(project: Path) -> None:
    result = build_document(project, formats=("html",))
    assert result.provenance.version == "unversioned"
    assert any("not a git repository" in str(w) for w in result.warnings)
    report = json.loads((project / "build/report.json").read_text(encoding="utf-8"))
    assert report["version"] == "unversioned" and report["commit"] is None
    # No commit date: the document date is the newest contribution date, not today.
    assert report["date"] == "2017-06-02"


def test_detached_head_and_shallow_clone_still_build(repo: Path, tmp_path: Path) -> None:
    git(repo, "tag", "v1.0")
    (repo / "sections/01-intro.md").write_text("---\ntitle: Intro\n---\nMore.\n", "utf-8")
    commit_all(repo, "second", "2017-07-01T12:00:00+02:00")
    git(repo, "checkout", "-q", "--detach", "HEAD~1")
    detached = read_provenance(repo)
    assert detached.branch is None and detached.version == "v1.0"
    assert not detached.warnings
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", "--no-tags", f"file://{repo}", str(shallow))
    result = build_document(shallow, formats=("html",))
    assert not result.warnings  # editions come from editions.yaml, which travels; tags need not
    assert len(result.provenance.version) == 7


def test_version_commit_and_date_appear_in_every_output(repo: Path) -> None:
    git(repo, "tag", "v1.0")
    commit = git(repo, "rev-parse", "HEAD")
    text = (repo / "document.yaml").read_text(encoding="utf-8")
    (repo / "document.yaml").write_text(
        text.replace("[pdf, html]", "[pdf, docx, html, epub, odt]"), encoding="utf-8"
    )
    commit_all(repo, "all formats", "2017-06-01T12:00:00+02:00")
    git(repo, "tag", "-d", "v1.0")
    git(repo, "tag", "v1.0")
    commit = git(repo, "rev-parse", "HEAD")
    build_document(repo)
    report = json.loads((repo / "build/report.json").read_text(encoding="utf-8"))
    assert (report["version"], report["commit"], report["date"]) == ("v1.0", commit, "2017-06-01")
    pdf = PdfReader(repo / "build/how-we-work.pdf")
    first, last = pdf.pages[0].extract_text(), pdf.pages[-1].extract_text()
    # Readers see words, not the git version; the commit stays in the colophon.
    assert "Working draft — no edition yet" in first and "1 June 2017" in first  # title page
    assert "v1.0" not in first
    assert "Working draft — no edition yet · 1 June 2017" in pdf.pages[2].extract_text()  # footer
    assert commit[:12] in last  # colophon
    html = (repo / "build/how-we-work.html").read_text(encoding="utf-8")
    assert '<meta name="dcterms.hasVersion" content="Working draft — no edition yet">' in html
    for name, member in (("docx", "docProps/core.xml"), ("odt", "meta.xml")):
        with zipfile.ZipFile(repo / f"build/how-we-work.{name}") as archive:
            assert "v1.0" in archive.read(member).decode("utf-8"), name
    with zipfile.ZipFile(repo / "build/how-we-work.epub") as archive:
        opf = archive.read("EPUB/content.opf").decode("utf-8")
    assert "v1.0" in opf and "<dc:date" in opf and "2017-06-01" in opf


def test_two_builds_of_one_commit_are_byte_identical(repo: Path, tmp_path: Path) -> None:
    text = (repo / "document.yaml").read_text(encoding="utf-8")
    (repo / "document.yaml").write_text(
        text.replace("[pdf, html]", "[pdf, docx, html, epub, odt]"), encoding="utf-8"
    )
    commit_all(repo, "all formats")
    from pipeline.editions.release import adopt_edition, release_edition

    release_edition(repo, "1.0", on=dt.date(2017, 6, 2))  # with a register, adopted
    adopt_edition(repo, "1.0", "Regionaal Overleg", dt.date(2017, 6, 20))
    commit_all(repo, "Edition 1.0")
    other = tmp_path / "elsewhere" / "clone"
    git(tmp_path, "clone", "-q", str(repo), str(other))
    build_document(repo)
    build_document(other)
    assert "edition 1.0" in (other / "build/how-we-work.html").read_text("utf-8")
    first = {p.name: p.read_bytes() for p in (repo / "build").glob("[!.]*")}
    second = {p.name: p.read_bytes() for p in (other / "build").glob("[!.]*")}
    assert (
        sorted(first) == sorted(second) and len(first) == 9
    )  # 5 formats, .md, report.json, the accessibility report (.md, .html)
    different = [name for name in first if first[name] != second[name]]
    assert different == []


def change_things(repo: Path) -> None:
    """One of each kind of change after edition v1.0."""
    git(repo, "tag", "v1.0")
    path = repo / SUPPORT / "what-support-is.md"
    text = path.read_text("utf-8").replace("not taking them", "never taking them")
    path.write_text(text.replace("[where it ends](#where-it-ends)", "where it ends"), "utf-8")
    draft = repo / "contributions/limits/a-draft.md"
    draft.write_text(draft.read_text("utf-8").replace("status: draft", "status: accepted"), "utf-8")
    (repo / "contributions/limits/where-it-ends.md").unlink()
    shutil.copyfile(repo / SUPPORT / "support-new.md", repo / SUPPORT / "support-newest.md")
    newest = repo / SUPPORT / "support-newest.md"
    newest.write_text(
        newest.read_text("utf-8")
        .replace("Support, revised", "Support, third version")
        .replace("supersedes: [support-old]", "supersedes: [support-new]"),
        "utf-8",
    )
    (repo / "sections/01-intro.md").write_text(
        "---\ntitle: Introduction\n---\nThis document describes the support office.\n", "utf-8"
    )
    commit_all(repo, "Second edition", "2017-09-01T12:00:00+02:00")


def test_changelog_names_exactly_what_changed(repo: Path) -> None:
    change_things(repo)
    log = changelog_since(repo, None)
    assert log.since == "v1.0"
    found = {(c.kind, c.id, c.before, c.after) for c in log.changes}
    assert found == {
        ("changed", "what-support-is", None, None),
        ("status", "a-draft", "draft", "accepted"),
        ("removed", "where-it-ends", "accepted", None),
        ("added", "support-newest", None, None),
        ("superseded", "support-new", None, "support-newest"),
    }
    by_id = {c.id: c for c in log.changes}
    assert by_id["what-support-is"].authors == ("A. Archer", "B. Baker")
    assert by_id["what-support-is"].section == "02-support"


def test_an_edition_read_from_git_is_kept_for_the_next_comparison(repo: Path, monkeypatch) -> None:
    """`roledoc watch` compares with the same edition on every save: the edition (a commit,
    which never changes) is read from git once per process, the working tree every time."""
    from pipeline.assemble import changes

    first = git(repo, "rev-parse", "HEAD")
    change_things(repo)
    log = changelog_since(repo, first)

    def no_git(*args, **kwargs):
        raise AssertionError("the edition was read from git again")

    monkeypatch.setattr(changes, "checkout_tree", no_git)
    assert changelog_since(repo, first) == log
    path = repo / SUPPORT / "support-newest.md"
    path.write_text(path.read_text("utf-8").replace("third version", "fourth version"), "utf-8")
    again = {(c.kind, c.id) for c in changelog_since(repo, first).changes}
    assert again == {(c.kind, c.id) for c in log.changes}  # read again: still added
    path.unlink()
    assert ("added", "support-newest") not in {
        (c.kind, c.id) for c in changelog_since(repo, first).changes
    }


def test_published_changelog_is_what_readers_see(repo: Path) -> None:
    change_things(repo)
    log = changelog_since(repo, "v1.0", published=True)
    found = {(c.kind, c.id) for c in log.changes}
    assert found == {
        ("changed", "what-support-is"),
        ("added", "a-draft"),
        ("removed", "where-it-ends"),
        ("added", "support-newest"),
        ("superseded", "support-new"),
    }


def test_changelog_command_formats_and_errors(repo: Path) -> None:
    runner = CliRunner()
    none = runner.invoke(main, ["-C", str(repo), "changelog"])
    assert none.exit_code == 1 and "no tag yet" in none.output
    change_things(repo)
    text = runner.invoke(main, ["-C", str(repo), "changelog"])
    assert text.exit_code == 0
    assert "status changed: A draft idea (a-draft; A. Archer): draft -> accepted" in text.output
    data = json.loads(
        runner.invoke(main, ["-C", str(repo), "changelog", "--format", "json"]).output
    )
    assert data["since"] == "v1.0" and len(data["changes"]) == 5
    markdown = runner.invoke(main, ["-C", str(repo), "changelog", "--format", "markdown"]).output
    assert markdown.startswith("# Changes since v1.0") and "## What support means" in markdown
    bad = runner.invoke(main, ["-C", str(repo), "changelog", "--since", "v9"])
    assert bad.exit_code == 1 and "git knows no tag or commit of that name" in bad.output


def test_changes_appendix_in_the_document(repo: Path) -> None:
    change_things(repo)
    text = (repo / "document.yaml").read_text(encoding="utf-8")
    (repo / "document.yaml").write_text(text + "changelog: v1.0\n", encoding="utf-8")
    commit_all(repo, "appendix on")
    build_document(repo, formats=("html",))
    html = (repo / "build/how-we-work.html").read_text(encoding="utf-8")
    appendix = html[html.index("Changes since edition v1.0") :]
    assert "<strong>New:</strong> Support, third version" in appendix
    assert "<strong>Replaced:</strong> Support, revised" in appendix
    assert "<strong>Removed:</strong> Where it ends" in appendix
    # a build after the edition is a draft, and says so
    assert "This appendix lists what differs in this draft from edition v1.0." in appendix
    assert 'href="#support-newest"' in appendix


def test_check_reports_an_unknown_changelog_edition(repo: Path) -> None:
    text = (repo / "document.yaml").read_text(encoding="utf-8")
    (repo / "document.yaml").write_text(text + "changelog: v0.9\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["-C", str(repo), "check"])
    assert result.exit_code == 0
    assert "document.yaml:7:12: warning RD402: 'v0.9' is not an edition git knows" in result.output
    assert CliRunner().invoke(main, ["-C", str(repo), "check", "--strict"]).exit_code == 1


def test_last_changed_dates_are_available_to_templates(repo: Path) -> None:
    path = repo / SUPPORT / "what-support-is.md"
    path.write_text(path.read_text("utf-8") + "\nOne more line.\n", "utf-8")
    commit_all(repo, "edit", "2017-08-15T10:00:00+02:00")
    (repo / "templates").mkdir()
    template = (Path(__file__).parent.parent / "pipeline/defaults/document.md.j2").read_text(
        "utf-8"
    )
    (repo / "templates/document.md.j2").write_text(
        template.replace("{{ c.body }}", "Last changed: {{ c.last_changed }}\n\n{{ c.body }}"),
        "utf-8",
    )
    build_document(repo, formats=("html",))
    markdown = (repo / "build/how-we-work.md").read_text(encoding="utf-8")
    assert "Last changed: 15 August 2017" in markdown
    assert "Last changed: 1 June 2017" in markdown


def test_colophon_lists_participants_by_organisation(repo: Path) -> None:
    build_document(repo, formats=("html",))
    markdown = (repo / "build/how-we-work.md").read_text(encoding="utf-8")
    assert "- **Support Office:** B. Baker" in markdown
    assert "- **Town of Ashford:** A. Archer, C. Cooper" in markdown


def test_release_builds_first_then_records_the_edition(repo: Path) -> None:
    runner = CliRunner()
    shutil.copyfile(repo / SUPPORT / "support-old.md", repo / SUPPORT / "new.md")
    dirty = runner.invoke(main, ["-C", str(repo), "release", "1.0"])
    assert dirty.exit_code == 1 and "uncommitted changes" in dirty.output
    assert not (repo / "editions.yaml").exists()
    (repo / SUPPORT / "new.md").unlink()
    done = runner.invoke(
        main, ["-C", str(repo), "release", "1.0", "--date", "2017-06-02", "--note", "Eerste."]
    )
    assert done.exit_code == 0, done.output
    assert git(repo, "tag") == ""  # a tag only when asked: the register is the record
    report = json.loads((repo / "build/report.json").read_text(encoding="utf-8"))
    assert report["edition"] == "1.0" and report["draft"] is False
    register = (repo / "editions.yaml").read_text(encoding="utf-8")
    assert '- edition: "1.0"' in register and git(repo, "rev-parse", "HEAD") in register
    again = runner.invoke(main, ["-C", str(repo), "release", "1.0"])
    assert again.exit_code == 1 and "exists already" in again.output


def test_a_failed_release_build_records_nothing(repo: Path, monkeypatch) -> None:
    from pipeline.editions.release import release_edition
    from pipeline.formats import registry as build_module
    from pipeline.formats.render import RenderError

    def broken(*args, **kwargs):
        raise RenderError("pdf", "typst", "simulated failure")

    monkeypatch.setattr(build_module, "render_pdf", broken)
    with pytest.raises(RenderError):
        release_edition(repo, "1.0")
    assert not (repo / "editions.yaml").exists()
    monkeypatch.undo()
    release, _ = release_edition(repo, "1.0", tag=True)  # the retry is not blocked
    assert release.edition == "1.0" and git(repo, "tag") == "v1.0"


def test_a_tagged_release_is_that_edition_when_the_tag_is_built(repo: Path, tmp_path: Path) -> None:
    """The release workflow builds the tag's tree: it must say the edition, not 'working
    draft after' the one before (the tag used to be on the content's commit, whose
    editions.yaml did not list the edition yet)."""
    head = git(repo, "rev-parse", "HEAD")
    done = CliRunner().invoke(main, ["-C", str(repo), "release", "1.0", "--tag"])
    assert done.exit_code == 0, done.output
    assert "editions.yaml committed and tagged v1.0" in done.output
    assert git(repo, "status", "--porcelain") == ""  # the register is committed
    assert git(repo, "rev-parse", "v1.0^{commit}") == git(repo, "rev-parse", "HEAD")
    assert git(repo, "rev-parse", "HEAD~1") == head  # one commit: the register alone
    assert git(repo, "diff", "--name-only", "HEAD~1", "HEAD") == "editions.yaml"
    tagged = tmp_path / "tagged"
    git(tmp_path, "clone", "-q", "--branch", "v1.0", str(repo), str(tagged))
    result = build_document(tagged, formats=("html",))
    assert result.info is not None and result.info.edition == "1.0"
    again = CliRunner().invoke(main, ["-C", str(repo), "release", "1.1", "--tag"])
    assert again.exit_code == 0, again.output  # nothing changed: a new edition all the same
    taken = CliRunner().invoke(main, ["-C", str(repo), "release", "1.2", "--tag"])
    git(repo, "tag", "v1.3")
    refused = CliRunner().invoke(main, ["-C", str(repo), "release", "1.3", "--tag"])
    assert taken.exit_code == 0 and refused.exit_code == 1
    assert "v1.3 exists already" in refused.output
    assert '"1.3"' not in (repo / "editions.yaml").read_text(encoding="utf-8")  # nothing recorded


def test_the_committed_register_names_the_edition_in_a_clone_without_tags_or_git(
    repo: Path, tmp_path: Path
) -> None:
    from pipeline.editions.release import adopt_edition, release_edition

    release_edition(repo, "1.0", on=dt.date(2017, 6, 2))
    adopt_edition(repo, "1.0", "Regionaal Overleg", dt.date(2017, 6, 20))
    commit_all(repo, "Edition 1.0 and its adoption", "2017-06-21T12:00:00+02:00")
    for copy in (tmp_path / "clone", tmp_path / "shallow", tmp_path / "zip"):
        if copy.name == "zip":
            shutil.copytree(repo, copy, ignore=shutil.ignore_patterns(".git", "build"))
        else:
            depth = ["--depth", "1"] if copy.name == "shallow" else []
            git(tmp_path, "clone", "-q", "--no-tags", *depth, f"file://{repo}", str(copy))
        result = build_document(copy, formats=("html",))
        report = json.loads((copy / "build/report.json").read_text(encoding="utf-8"))
        assert report["edition"] == "1.0", copy.name
        assert result.project is not None and result.project.releases[0].adopted is not None
    page = repo / SUPPORT / "what-support-is.md"
    page.write_text(page.read_text("utf-8").replace("preparing", "carefully preparing"), "utf-8")
    build_document(repo, formats=("html",))
    report = json.loads((repo / "build/report.json").read_text(encoding="utf-8"))
    assert report["edition"] is None  # new content: a draft after edition 1.0


def test_changelog_and_redline_take_an_edition_name(repo: Path) -> None:
    from pipeline.editions.release import release_edition

    release_edition(repo, "1.0")
    commit_all(repo, "Edition 1.0", "2017-06-21T12:00:00+02:00")
    page = repo / SUPPORT / "what-support-is.md"
    page.write_text(page.read_text("utf-8").replace("preparing", "carefully preparing"), "utf-8")
    commit_all(repo, "Edited", "2017-07-01T12:00:00+02:00")
    result = CliRunner().invoke(main, ["-C", str(repo), "changelog", "--since", "1.0"])
    assert result.exit_code == 0, result.output
    assert "What support is" in result.output
    unknown = CliRunner().invoke(main, ["-C", str(repo), "changelog", "--since", "9.9"])
    assert unknown.exit_code == 1 and "Traceback" not in unknown.output
    assert "not in editions.yaml and git knows no tag or commit" in unknown.output


def test_release_without_git_is_refused(project: Path) -> None:
    with pytest.raises(GitError):
        from pipeline.infra.gitinfo import free_tag

        free_tag(project, "v1.0")


def test_changes_appendix_is_left_out_with_a_warning_without_git(project: Path) -> None:
    text = (project / "document.yaml").read_text(encoding="utf-8")
    (project / "document.yaml").write_text(text + "changelog: v1.0\n", encoding="utf-8")
    result = build_document(project, formats=("html",))
    assert any("changes appendix is left out" in str(w) for w in result.warnings)
    assert "Changes since" not in (project / "build/how-we-work.html").read_text("utf-8")


def test_a_broken_register_is_reported_with_its_lines(project: Path) -> None:
    (project / "editions.yaml").write_text(
        '- edition: "1.0"\n  commit: abc\n  date: 2017-02-30\n'
        '- edition: "1.1"\n  commit: ' + "a" * 40 + "\n  date: 2017-06-01\n  adopted: {by: X}\n",
        encoding="utf-8",
    )
    found = [
        (d.code, d.line) for d in load_project(project).diagnostics if d.path == "editions.yaml"
    ]
    assert ("RD215", 2) in found and ("RD206", 3) in found and ("RD201", 7) in found


def test_without_a_git_program_check_and_build_still_work(project: Path, tmp_path: Path) -> None:
    """A ZIP download on a machine without git: no traceback, an unversioned build."""
    import subprocess
    import sys

    empty = tmp_path / "no-git-here"
    empty.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")} | {"PATH": str(empty)}
    command = [sys.executable, "-m", "pipeline", "-C", str(project)]
    checked = subprocess.run([*command, "check"], capture_output=True, text=True, env=env)
    built = subprocess.run(
        [*command, "build", "--format", "html"], capture_output=True, text=True, env=env
    )
    assert checked.returncode == 0 and built.returncode == 0, built.stderr
    assert "Traceback" not in checked.stderr + built.stderr
    report = json.loads((project / "build/report.json").read_text(encoding="utf-8"))
    assert report["version"] == "unversioned" and report["edition"] is None


def test_status_says_which_edition_the_content_is(repo: Path) -> None:
    from pipeline.editions.release import adopt_edition, release_edition

    release_edition(repo, "1.0")
    adopt_edition(repo, "1.0", "Regionaal Overleg", dt.date(2017, 6, 20))
    runner = CliRunner()
    now = runner.invoke(main, ["-C", str(repo), "status"])
    assert "Content: edition 1.0" in now.output
    assert "edition 1.0  " in now.output and "adopted by Regionaal Overleg" in now.output
    page = repo / SUPPORT / "what-support-is.md"
    page.write_text(page.read_text("utf-8").replace("preparing", "carefully preparing"), "utf-8")
    later = runner.invoke(main, ["-C", str(repo), "status"])
    assert "Content: after edition 1.0 (not released yet): 1 change(s)" in later.output


def test_the_register_is_read_as_every_file_is(project: Path) -> None:
    """Not UTF-8: RD101 at its line, as for a contribution (the same reader)."""
    (project / "editions.yaml").write_bytes(b'- edition: "1.0"\n  note: caf\xe9\n')
    found = [
        (d.code, d.line) for d in load_project(project).diagnostics if d.path == "editions.yaml"
    ]
    assert found == [("RD101", 2)]


def test_the_appendix_compares_with_the_previous_edition_unless_named(repo: Path) -> None:
    runner = CliRunner()
    first = runner.invoke(main, ["-C", str(repo), "release", "1.0", "--date", "2017-06-02"])
    assert first.exit_code == 0, first.output
    assert "it has no changes appendix" in first.output  # the first edition has none
    commit_all(repo, "register 1.0", "2017-06-03T12:00:00+02:00")
    page = repo / SUPPORT / "what-support-is.md"
    page.write_text(page.read_text("utf-8").replace("not taking", "never taking"), "utf-8")
    commit_all(repo, "a word", "2017-07-01T12:00:00+02:00")
    second = runner.invoke(main, ["-C", str(repo), "release", "1.1", "--date", "2017-07-02"])
    assert second.exit_code == 0, second.output
    assert "its changes appendix compares with edition 1.0" in second.output
    html = (repo / "build/how-we-work.html").read_text(encoding="utf-8")
    appendix = html[html.index("Changes since edition 1.0") :]
    assert "This appendix lists what differs in this edition from edition 1.0." in appendix
    assert "<strong>Changed:</strong> What support is" in appendix
    commit_all(repo, "register 1.1", "2017-07-03T12:00:00+02:00")
    page.write_text(page.read_text("utf-8").replace("never taking", "rarely taking"), "utf-8")
    commit_all(repo, "another word", "2017-08-01T12:00:00+02:00")
    build_document(repo, formats=("html",))  # a draft after 1.1 compares with 1.1
    assert "Changes since edition 1.1" in (repo / "build/how-we-work.html").read_text("utf-8")
    # naming an edition older than the previous one is told at check; none leaves it out
    document = repo / "document.yaml"
    text = document.read_text(encoding="utf-8")
    document.write_text(text + 'changelog: "1.0"\n', encoding="utf-8")
    said = runner.invoke(main, ["-C", str(repo), "check"]).output
    assert "warning RD410: the changes appendix compares with edition 1.0, but the previous" in said
    document.write_text(text + "changelog: none\n", encoding="utf-8")
    assert "RD410" not in runner.invoke(main, ["-C", str(repo), "check"]).output
    build_document(repo, formats=("html",))
    assert "Changes since" not in (repo / "build/how-we-work.html").read_text("utf-8")


def test_the_example_on_main_is_the_edition_it_says() -> None:
    # A fresh clone builds "Editie 1.2", not a concept: the example's content is the content
    # of its latest edition. Changed the example? Release what it holds (roledoc release).
    from pipeline.read.register import edition_state

    example = load_project(REPOSITORY)
    state = edition_state(REPOSITORY, example.releases)
    assert state.current is not None, "the example changed after its last edition"
    assert state.current == example.releases[-1]
