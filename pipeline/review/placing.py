"""A reviewer's changes placed in a contribution's Markdown, where the reviewer made them.

Nothing is searched for: a unit of revisions (units.py) is placed at the position the Word file
gives it, in the source leaf its paragraph came from. Placing a unit gives edits of the source
(edits.py), or the reason it cannot be placed: characters deleted, typed or reformatted inside
exported paragraphs (characters.py), typed text written as Markdown (typed.py), whole
paragraphs and table rows (paragraphs.py), footnotes added or dropped (footnotes.py).
Whether the edits do what the reviewer did is not trusted here: the importer renders the
result and compares it with the reviewer's text (pipeline/review/verifying.py).
"""

from __future__ import annotations

from collections import Counter
from itertools import pairwise
from typing import TYPE_CHECKING

from ..core.messages import _
from .characters import edit_characters, typed_slots
from .edits import Edit, NotPlaced
from .paragraphs import join_paragraphs, new_paragraph, remove_leaf, restyle, table_rows
from .source import Leaf
from .units import Unit
from .views import mark_present, reject_all, view

if TYPE_CHECKING:
    from .footnotes import NoteMaker


class Placer:
    """Turns one unit into edits of the contribution's source text."""

    def __init__(self, text: str, unit: Unit, notes: NoteMaker | None = None) -> None:
        self.text = text
        self.unit = unit
        self.story = unit.story
        self.notes = notes
        self.edits: list[Edit] = []
        self.order = 0

    def edit(self, start: int, end: int, text: str) -> None:
        self.order += 1
        self.edits.append(Edit(start, end, text, self.order))

    def place(self) -> list[Edit]:
        story, unit = self.story, self.unit
        new = view(story.paragraphs, unit.accepts, self._window())
        touched = set(unit.physical)
        if table_rows(self, new, touched):
            return self.edits
        # Where each new paragraph came from: the exported paragraphs whose characters it
        # holds, and the one whose paragraph mark ends it (all its text may be new).
        marks = {p.physical[-1]: j for j, p in enumerate(story.old)}
        origin = []
        for paragraph in new:
            found = {
                story.positions[(p.paragraph, p.index)][0]
                for p in paragraph.pieces
                if (p.paragraph, p.index) in story.positions
            }
            end = paragraph.physical[-1]
            if end in marks and mark_present(story.paragraphs[end], reject_all):
                found.add(marks[end])
            origin.append(found)
        affected = [n for n, paragraph in enumerate(new) if touched & set(paragraph.physical)]
        old_touched = [
            j for j, paragraph in enumerate(story.old) if touched & set(paragraph.physical)
        ]
        holders = Counter(j for n in range(len(new)) for j in origin[n])
        slots = typed_slots(self, new, origin)
        # Gone: nothing of it left and nothing typed in it (an emptied paragraph too).
        vanished = {
            j
            for j in old_touched
            if story.old[j].pieces
            and not slots.get(j)
            and not ((leaf := story.leaves[j]) is not None and leaf.kind == "cell")
            and not any(
                (p.paragraph, p.index) in story.positions
                and story.positions[(p.paragraph, p.index)][0] == j
                for paragraph in new
                for p in paragraph.pieces
            )
        }
        for j in old_touched:
            if j in vanished:
                remove_leaf(self, j)
            else:
                edit_characters(self, j, slots.get(j, {}))
        for n in affected:
            kept = sorted(origin[n])
            for a, b in pairwise(kept):
                if any(j not in vanished for j in range(a + 1, b)):
                    raise NotPlaced(_("these paragraphs cannot be joined in the source"))
                join_paragraphs(self, a, b)
            if len(kept) == 1 and holders[kept[0]] == 1:
                restyle(self, kept[0], new[n])
        for n in affected:
            if not origin[n]:
                new_paragraph(self, new, n, origin)
        return self.edits

    def _window(self) -> list[int]:
        """The story's paragraphs around the unit: its own, and the exported paragraph before
        and after (where a new paragraph is anchored). Viewing only these keeps the work per
        unit small however long the contribution."""
        story = self.story
        touched = set(self.unit.physical)
        hit = [j for j, p in enumerate(story.old) if touched & set(p.physical)]
        if not hit:
            return story.indices
        first = story.old[max(0, hit[0] - 1)].physical
        last = story.old[min(len(story.old) - 1, hit[-1] + 1)].physical
        low = min(first[0], min(touched))
        high = max(last[-1], max(touched))
        return [n for n in story.indices if low <= n <= high]

    def leaf(self, j: int) -> Leaf:
        leaf = self.story.leaves[j]
        if leaf is None:
            raise NotPlaced(_("the change is in roledoc's own text (a byline or a label)"))
        return leaf

    def line_end(self, at: int) -> int:
        end = self.text.find("\n", at)
        return len(self.text) if end < 0 else end
