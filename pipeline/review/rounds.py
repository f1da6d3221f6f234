"""The placing rounds: every unit not yet failed placed on the exported source, the new
sources rendered and compared with the reviewer's text, and the units that do not read right
taken back, until what is placed reads exactly as the reviewer left it (at most ROUNDS
renders); then merged into today's source and listed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.messages import _
from .describing import report
from .edits import NotPlaced, apply_edits, internal_reason, renumber
from .footnotes import NoteMaker
from .merging import changed_since, merge_into_today
from .placing import Placer
from .units import revisions_of, units_of
from .verifying import compare

if TYPE_CHECKING:
    from .importstate import ContributionState, Import


ROUNDS = 4  # renders to find every unit that does not read as the reviewer's text


def place(work: Import) -> None:
    """Every contribution's units placed, verified by rendering, merged and listed; see the
    module."""
    for item in work.items.values():
        for story in item.stories:
            item.units += units_of(story)
        _tie_new_notes(work, item)
        for index, unit in enumerate(item.units):
            if item.pairing is not None:
                item.failed[index] = item.pairing
            elif set(unit.physical) & item.untracked_paragraphs and unit.story is item.stories[0]:
                item.failed[index] = _("the paragraph was also changed without Track Changes")
    changed_since(work)
    for _round in range(ROUNDS):
        texts = {}
        for item in work.items.values():
            text = _placed(work, item)
            if text is not None:
                texts[item.ident] = text
        if not texts:
            break
        rendered, regions, unreadable = work.render(texts)
        again = False
        for ident in texts:
            item = work.items[ident]
            if ident in unreadable or ident not in regions:
                for index in item.edits:
                    item.failed[index] = _("the source would no longer be readable")
                again = True
                continue
            wrong = compare(work, item, rendered, regions[ident])
            for index in wrong:
                item.failed[index] = _("the result did not read as the reviewer's text")
            again = again or bool(wrong)
        if not again:
            for ident, text in texts.items():
                work.items[ident].text = text
            break
    else:
        for item in work.items.values():  # never settled: nothing of it is applied
            for index in item.edits:
                item.failed.setdefault(index, _("the result did not read as the reviewer's text"))
            item.text = None
    merge_into_today(work)
    report(work)


def _tie_new_notes(work: Import, item: ContributionState) -> None:
    """A footnote the reviewer inserted belongs with the paragraph that refers to it:
    its text's revisions are accepted with that paragraph's unit."""
    if not item.units:
        return
    body = item.units[0].story.paragraphs
    for unit in item.units:
        if unit.story.paragraphs is not body:
            continue
        for number in unit.physical:
            for char in body[number].chars:
                if char.note and char.inserted is not None:
                    for paragraph in work.document.notes.get(char.note, []):
                        for revision in revisions_of(paragraph):
                            unit.revisions.add(revision.key)


def _placed(work: Import, item: ContributionState) -> str | None:
    """The exported source with every unit not yet failed placed; None when none is."""
    if item.exported is None or item.source is None:
        return None
    item.edits = {}
    notes = NoteMaker(item.exported, {n.label for n in item.source.notes}, work.document.notes)
    for note in item.source.notes:
        if note.definition is not None:
            notes.definition_ranges.setdefault(note.label, note.definition)
    for index, unit in enumerate(item.units):
        if index in item.failed:
            continue
        try:
            edits = Placer(item.exported, unit, notes).place()
            apply_edits(item.exported, [e for i in item.edits for e in item.edits[i]] + edits)
        except NotPlaced as exc:
            item.failed[index] = exc.reason
            continue
        except Exception as exc:
            item.failed[index] = internal_reason(exc)
            continue
        item.edits[index] = edits
    if not item.edits:
        return None
    ordered = [e for i in sorted(item.edits) for e in renumber(item.edits[i], i)]
    return apply_edits(item.exported, ordered)
