"""Whether placed units read as the reviewer's text: the changes the render of the new source
shows, compared with the changes the reviewer made (footnotes included); when they differ, the
units to blame. Also the paragraph signatures and changes the other steps compare."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

from .aligning import diff
from .regions import Region, is_furniture
from .views import Signature, ViewParagraph, reject_all, signature, view
from .wordmodel import Revision, WordDocument

if TYPE_CHECKING:
    from .importstate import ContributionState, Import


def compare(
    work: Import,
    item: ContributionState,
    rendered: WordDocument,
    region: Region,
    placed: set[int] | None = None,
) -> set[int]:
    """The placed units whose change does not come out as the reviewer made it.

    The rendered new source must differ from the rendered exported source exactly as
    the reviewer's text (with the placed units accepted) differs from the file as
    exported: the same paragraphs replaced by the same paragraphs, in the same order.
    (Comparing changes, not texts, leaves out what the import does not apply: edits
    without Track Changes, units not placed.)"""
    final = placed is None
    placed = set(item.edits) if placed is None else placed
    keys = {key for index in placed for key in item.units[index].revisions}

    def accept(revision: Revision) -> bool:
        return revision.key in keys

    body = work.document.body
    before = _visible(
        [p for p in view(body, reject_all, item.region.indices) if not is_furniture(p.style)]
    )
    after = _visible(
        [p for p in view(body, accept, item.region.indices) if not is_furniture(p.style)]
    )
    got = _visible(
        [p for p in view(rendered.body, reject_all, region.indices) if not is_furniture(p.style)]
    )
    wanted = seen(after)
    if final:
        item.wanted = wanted
    mine = _changes_at(seen(before), wanted)
    theirs = _changes_at(item.exported_signatures, seen(got))
    wrong: set[int] = set()
    if [c[:2] for c in mine] != [c[:2] for c in theirs]:
        wrong = _culprits(item, placed, mine, theirs, before, after) or set(placed)
    # Footnotes, in the order the text refers to them.
    mine_notes = notes_of(work.document, before, reject_all)
    want_notes = notes_of(work.document, after, accept)
    got_notes = notes_of(rendered, got, reject_all)
    if changes_between(mine_notes, want_notes) != changes_between(item.exported_notes, got_notes):
        note_units = {i for i in placed if item.units[i].story is not item.stories[0]}
        referring = {
            i
            for i in placed
            if any(
                c.note and (c.inserted or c.deleted)
                for n in item.units[i].physical
                for c in item.units[i].story.paragraphs[n].chars
            )
        }
        wrong |= (note_units | referring) or set(placed)
    return wrong


def _culprits(item, placed, mine, theirs, before, after) -> set[int]:
    """The units behind the changes that came out differently. Changes that came out
    alike are matched first; a change that came out with the same shape (as many
    paragraphs before and after) is compared paragraph by paragraph, so that only the
    units of the paragraphs that differ are blamed."""
    story = item.stories[0]
    exported_at: dict[int, set[int]] = {}
    for j, index in enumerate(story.rendered):
        if index is not None:
            exported_at.setdefault(index, set()).update(story.old[j].physical)
    physical: set[int] = set()
    made = Counter(c[:2] for c in theirs)
    wanted = Counter(c[:2] for c in mine)
    left = [c for c in mine if not _take(made, c[:2])]
    right = [c for c in theirs if not _take(wanted, c[:2])]
    if len(left) == len(right):
        pairs = list(zip(left, right, strict=True))
    else:
        pairs = [(c, None) for c in left] + [(None, c) for c in right]
    for own, got in pairs:
        same_shape = (
            own is not None
            and got is not None
            and len(own[0]) == len(got[0])
            and len(own[1]) == len(got[1])
        )
        if same_shape:
            (i1, _i2), (j1, _j2) = own[2], own[3]
            physical |= {
                n
                for m in range(len(own[1]))
                if own[1][m] != got[1][m]
                for n in after[j1 + m].physical
            }
            physical |= {
                n
                for m in range(len(own[0]))
                if own[0][m] != got[0][m]
                for n in before[i1 + m].physical
            }
            continue
        if own is not None:
            (i1, i2), (j1, j2) = own[2], own[3]
            physical |= {n for p in before[max(0, i1 - 1) : i2 + 1] for n in p.physical}
            physical |= {n for p in after[j1:j2] for n in p.physical}
        if got is not None:
            (i1, i2) = got[2]
            for index in range(max(0, i1 - 1), i2 + 1):
                physical |= exported_at.get(index, set())
    return _units_in(item, placed, physical)


def _units_in(item: ContributionState, placed: set[int], physical: set[int]) -> set[int]:
    body = item.stories[0] if item.stories else None
    return {
        i for i in placed if item.units[i].story is body and physical & set(item.units[i].physical)
    }


def notes_of(document: WordDocument, paragraphs, accept) -> list[Signature]:
    """The footnotes the paragraphs refer to, in order, as one list (a marker between)."""
    found: list[Signature] = []
    for note in note_ids(paragraphs):
        found.append(_NOTE_MARK)
        story = document.notes.get(note, [])
        found += [signature(p) for p in view(story, accept, range(len(story)))]
    return found


_NOTE_MARK = Signature(("footnote", 0), "", ())


def _visible(paragraphs: list[ViewParagraph]) -> list[ViewParagraph]:
    """The paragraphs a reader sees: an empty paragraph (a table cell aside) shows nothing."""
    return [p for p in paragraphs if p.kind[0] == "cell" or signature(p).text]


def seen(paragraphs: list[ViewParagraph]) -> list[Signature]:
    """The paragraphs a reader sees, as signatures."""
    return [signature(p) for p in _visible(paragraphs)]


def _take(counts: Counter, key: tuple) -> bool:
    """Take one `key` from `counts`, if there is one."""
    if counts[key]:
        counts[key] -= 1
        return True
    return False


def _changes_at(before: list[Signature], after: list[Signature]) -> list[tuple]:
    """What changed between two paragraph sequences: (old paragraphs, new ones, where in
    the first, where in the second) per place."""
    return [
        (tuple(before[i1:i2]), tuple(after[j1:j2]), (i1, i2), (j1, j2))
        for op, i1, i2, j1, j2 in diff(before, after)
        if op != "equal"
    ]


def changes_between(before: list[Signature], after: list[Signature]) -> list[tuple]:
    """What changed between two paragraph sequences: (old paragraphs, new ones) per place."""
    return [
        (tuple(before[i1:i2]), tuple(after[j1:j2]))
        for op, i1, i2, j1, j2 in diff(before, after)
        if op != "equal"
    ]


def note_ids(paragraphs: Iterable[ViewParagraph]) -> list[str]:
    """The footnotes the paragraphs refer to, in order."""
    return [p.char.note for paragraph in paragraphs for p in paragraph.pieces if p.char.note]
