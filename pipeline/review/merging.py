"""Contributions committed again since the export: the units that touch a paragraph that
changed since are conflicts (three-way: exported, today's, the reviewer's); the others, placed
on the exported source, are merged into today's (git's three-way merge) and applied only when
today's source then changes exactly as the exported one did."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.messages import _
from .aligning import diff
from .regions import Region, is_furniture
from .repository import merge_file
from .verifying import changes_between, seen
from .views import Signature, reject_all, view
from .wordmodel import WordDocument

if TYPE_CHECKING:
    from .importstate import ContributionState, Import


def changed_since(work: Import) -> None:
    """Contributions committed again since the export: the review's units that touch a
    paragraph that changed since are conflicts (three-way: exported, today's, the
    reviewer's); the others are placed on the exported source and merged into today's."""
    moved = {
        i: c.current
        for i, c in work.items.items()
        if c.exported is not None and c.exported != c.current and c.stories
    }
    if not moved:
        return
    rendered, regions, unreadable = work.render(moved)
    for ident in moved:
        item = work.items[ident]
        item.today = (
            _signatures(rendered, regions[ident])
            if ident in regions and ident not in unreadable
            else None
        )
        changed: set[int] = set()
        if item.today is not None:
            for op, i1, i2, _j1, _j2 in diff(item.exported_signatures, item.today):
                if op != "equal":
                    changed |= set(range(max(0, i1 - (i1 == i2)), max(i2, i1 + 1)))
        for index, unit in enumerate(item.units):
            if index in item.failed:
                continue
            touched = {
                unit.story.rendered[j]
                for j, paragraph in enumerate(unit.story.old)
                if set(paragraph.physical) & set(unit.physical)
            }
            elsewhere = unit.story is not item.stories[0]  # a footnote: not compared
            if item.today is None or elsewhere or None in touched or touched & changed:
                item.failed[index] = _("the paragraph changed since the export")
                item.conflicted.add(index)


def merge_into_today(work: Import) -> None:
    """The placed changes, made on the exported source, merged into today's (git's
    three-way merge); applied only when today's source then changes exactly as the
    exported one did."""
    merged: dict[str, str] = {}
    for ident, item in work.items.items():
        if item.text is None or item.exported == item.current:
            continue
        done = merge_file(item.exported or "", item.text, item.current)
        if done is not None:
            merged[ident] = done
        else:
            _conflict(work, item)
    if not merged:
        return
    rendered, regions, unreadable = work.render(merged)
    for ident, text in merged.items():
        item = work.items[ident]
        if ident in unreadable or ident not in regions or item.today is None:
            _conflict(work, item)
            continue
        after = _signatures(rendered, regions[ident])
        if changes_between(item.exported_signatures, item.wanted) != changes_between(
            item.today, after
        ):
            _conflict(work, item)
            continue
        item.text = text


def _conflict(work: Import, item: ContributionState) -> None:
    for index in item.edits:
        item.failed[index] = _("the paragraph changed since the export")
        item.conflicted.add(index)
    item.text = None


def _signatures(document: WordDocument, region: Region) -> list[Signature]:
    return seen(
        [p for p in view(document.body, reject_all, region.indices) if not is_furniture(p.style)]
    )
