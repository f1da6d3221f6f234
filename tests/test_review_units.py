"""Units of the review import (pipeline/review/) tested on their own, without Word or pandoc:
the title's characters in the front matter, edits made together, git's three-way merge of a
changed contribution, and `check` refusing a new source."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from pipeline.core.model import Diagnostic
from pipeline.review.committing import check
from pipeline.review.edits import Edit, NotPlaced, apply_edits
from pipeline.review.importstate import ContributionState
from pipeline.review.leaves import find_body_start, title_leaf
from pipeline.review.outcomes import Change, Outcome
from pipeline.review.regions import Region
from pipeline.review.repository import merge_file

SOURCE = '---\ntitle: "Wie \\"wij\\" zijn"\nauthors: [Jan]\n---\n\nDe tekst.\n'


def test_the_title_is_read_character_by_character_with_its_places() -> None:
    leaf = title_leaf(SOURCE)
    assert leaf is not None and leaf.text == 'Wie "wij" zijn'
    quote = leaf.atoms[4]  # an escaped quote: one character from two
    assert SOURCE[quote.start : quote.end] == '\\"'
    assert SOURCE[leaf.atoms[0].start] == "W"
    single = title_leaf("---\ntitle: 'It''s'\n---\n")
    assert single is not None and single.text == "It's"
    assert title_leaf("---\ntitle: *anchor\n---\n") is None  # not a plain scalar roledoc edits
    assert SOURCE[find_body_start(SOURCE) :] == "\nDe tekst.\n"


def test_edits_are_made_together_and_overlaps_refused() -> None:
    text = "one two three"
    assert apply_edits(text, [Edit(4, 7, "2"), Edit(0, 3, "1"), Edit(13, 13, "!")]) == "1 2 three!"
    assert apply_edits(text, [Edit(0, 7, ""), Edit(4, 7, "")]) == " three"  # inside a deletion
    with pytest.raises(NotPlaced):
        apply_edits(text, [Edit(0, 7, "x"), Edit(4, 8, "y")])


def test_a_changed_contribution_is_merged_by_git_or_refused() -> None:
    base = "a\n\nb\n\nc\n"
    assert merge_file(base, "A\n\nb\n\nc\n", "a\n\nb\n\nC\n") == "A\n\nb\n\nC\n"
    assert merge_file(base, "A\n\nb\n\nc\n", "Z\n\nb\n\nc\n") is None  # both changed line 1


def test_a_new_source_check_refuses_is_not_applied(tmp_path: Path, monkeypatch) -> None:
    import pipeline.check.project

    path = "contributions/a.md"
    item = ContributionState("a", Region("contribution", "a", []), current="old\n", text="new\n")
    outcome = Outcome("a", path, "A", applied=[Change("old", "new")])
    found = [Diagnostic(path, "RD103")]
    monkeypatch.setattr(
        pipeline.check.project, "load_project", lambda *a, **k: SimpleNamespace(diagnostics=found)
    )
    work = SimpleNamespace(items={"a": item}, outcomes={"a": outcome}, tree=tmp_path)
    check(work)
    assert item.text is None and outcome.applied == []
    assert (tmp_path / path).read_text(encoding="utf-8") == "new\n"  # what check was given
    (refused,) = outcome.not_placed
    assert "check would refuse the result: no front matter" in refused.reason.render("en")
