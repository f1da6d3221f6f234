"""What gets published: the one rule (status, supersedes, which superseder is named) as the
build, its report.json, the changelog and the RD401 check all see it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from pipeline.assemble.assemble import select_contributions
from pipeline.assemble.changes import compare_projects
from pipeline.check.project import load_project
from pipeline.check.publication import find_superseders, judge_contributions
from pipeline.core.diagnostics import words
from pipeline.core.model import Contribution
from pipeline.publish.build import build_document

SUPPORT = "contributions/support"


def write(
    root: Path,
    ident: str,
    status: str,
    date: str,
    supersedes: tuple[str, ...] = (),
    body: str = "",
) -> None:
    replaces = f"supersedes: [{', '.join(supersedes)}]\n" if supersedes else ""
    (root / SUPPORT / f"{ident}.md").write_text(
        f"---\ntitle: {ident}\nauthors: [alice]\nstatus: {status}\ndate: {date}\n"
        f"summary: {ident}.\n{replaces}---\n{body or f'Body of {ident}.'}\n",
        encoding="utf-8",
    )


def reasons(root: Path, draft: bool = False) -> dict[str, tuple[bool, str]]:
    selection = select_contributions(load_project(root), draft)
    return {d.id: (d.included, d.reason) for d in selection.decisions}


def rd401(root: Path) -> list[str]:
    loaded = load_project(root)
    return [words(d, loaded.message_lang) for d in loaded.diagnostics if d.code == "RD401"]


def contribution(
    ident: str, status: str, day: int, *supersedes: str, order: int | None = None
) -> Contribution:
    return Contribution(
        id=ident,
        theme="support",
        path=f"{SUPPORT}/{ident}.md",
        title=ident,
        authors=("alice",),
        status=status,
        date=dt.date(2017, 5, day),
        body="",
        body_line=1,
        order=order,
        supersedes=supersedes,
    )


def test_two_accepted_superseders_name_the_same_one_in_report_changelog_and_check(
    project: Path,
) -> None:
    write(project, "target", "accepted", "2017-04-01")
    write(project, "linker", "accepted", "2017-04-02", body="See [the target](#target).")
    old = load_project(project)
    # File order and reading order disagree: 'a-second' comes first by name, 'b-first' by date.
    write(project, "a-second", "accepted", "2017-06-01", ("target",))
    write(project, "b-first", "accepted", "2017-05-01", ("target",))
    new = load_project(project)
    assert new.errors == (), new.errors

    assert reasons(project)["target"] == (False, "superseded by b-first")
    build_document(project, formats=())
    report = json.loads((project / "build/report.json").read_text("utf-8"))
    by_id = {c["id"]: c for c in report["contributions"]}
    assert (by_id["target"]["included"], by_id["target"]["reason"]) == (
        False,
        "superseded by b-first",
    )
    for published in (False, True):
        found = {(c.kind, c.id, c.after) for c in compare_projects(old, new, published)}
        assert ("superseded", "target", "b-first") in found
        assert not any(c.id == "target" and c.kind == "removed" for c in compare_projects(old, new))
    assert len(rd401(project)) == 1 and "superseded" in rd401(project)[0]


def test_reading_order_decides_between_superseders_order_before_date_before_id() -> None:
    target = contribution("target", "accepted", 1)
    early = contribution("early", "accepted", 2, "target")
    numbered = contribution("numbered", "accepted", 9, "target", order=1)
    twin = contribution("a-twin", "accepted", 2, "target")
    assert find_superseders([target, early, twin])["target"] == "a-twin"
    assert find_superseders([target, twin, early, numbered])["target"] == "numbered"
    assert find_superseders(reversed([target, twin, early, numbered]))["target"] == "numbered"


def test_a_superseder_that_is_not_accepted_leaves_its_target_in(project: Path) -> None:
    write(project, "target", "accepted", "2017-04-01")
    write(project, "linker", "accepted", "2017-04-02", body="See [the target](#target).")
    old = load_project(project)
    write(project, "newer", "proposed", "2017-05-01", ("target",))
    assert reasons(project)["target"] == (True, "accepted")
    assert reasons(project)["newer"] == (False, "proposed")
    # A draft build shows the proposal next to the text it would replace.
    draft = reasons(project, draft=True)
    assert draft["target"] == (True, "accepted") and draft["newer"] == (True, "proposed")
    assert rd401(project) == []
    changes = compare_projects(old, load_project(project))
    assert not any(c.kind == "superseded" for c in changes)


def test_a_chain_leaves_out_every_superseded_link(project: Path) -> None:
    write(project, "c-first", "accepted", "2017-04-01")
    write(project, "b-second", "accepted", "2017-04-02", ("c-first",))
    write(project, "a-third", "accepted", "2017-04-03", ("b-second",))
    found = reasons(project)
    assert found["a-third"] == (True, "accepted")
    assert found["b-second"] == (False, "superseded by a-third")
    assert found["c-first"] == (False, "superseded by b-second")


def test_a_chain_through_a_proposal_keeps_the_oldest(project: Path) -> None:
    write(project, "c-first", "accepted", "2017-04-01")
    write(project, "b-second", "proposed", "2017-04-02", ("c-first",))
    write(project, "a-third", "accepted", "2017-04-03", ("b-second",))
    for draft in (False, True):
        found = reasons(project, draft)
        assert found["a-third"] == (True, "accepted")
        assert found["b-second"] == (False, "superseded by a-third")
        assert found["c-first"] == (True, "accepted")


def test_draft_builds_add_proposed_and_draft_never_rejected(project: Path) -> None:
    published, draft = reasons(project), reasons(project, draft=True)
    assert published["a-proposal"] == (False, "proposed")
    assert published["a-draft"] == (False, "draft")
    assert draft["a-proposal"] == (True, "proposed")
    assert draft["a-draft"] == (True, "draft")
    assert published["rejected-idea"] == draft["rejected-idea"] == (False, "rejected")
    assert published["support-old"] == draft["support-old"] == (False, "superseded by support-new")


def test_draft_builds_leave_out_what_an_accepted_one_supersedes() -> None:
    old = contribution("old", "proposed", 1)
    new = contribution("new", "accepted", 2, "old")
    draft_only = contribution("draft-only", "draft", 3, "new")
    verdicts = judge_contributions([old, new, draft_only], draft=True)
    assert verdicts[old.path].included is False and verdicts[old.path].superseded_by == "new"
    assert verdicts[new.path].included is True  # a draft superseder replaces nothing
    assert verdicts[draft_only.path].included is True


def test_a_contribution_naming_itself_is_not_superseded_by_itself() -> None:
    alone = contribution("alone", "accepted", 1, "alone")
    assert find_superseders([alone]) == {}
    assert judge_contributions([alone])[alone.path].included is True
