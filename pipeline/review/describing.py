"""Changes in words for the editors: a unit's changes as the runs of words that differ (or
the formatting or kind of paragraph that changed), each listed as applied, not placed or in
conflict; and the revisions made outside the contributions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .aligning import diff
from .outcomes import Change, Elsewhere
from .regions import is_furniture, region_words
from .units import Unit, revisions_of
from .views import ViewParagraph, accept_all, reject_all, view, words
from .wordmodel import NOTE

if TYPE_CHECKING:
    from .importstate import Import


WORDS_LIMIT = 40_000  # words x words compared at most to describe one change


def describe(unit: Unit) -> list[Change]:
    """A unit's changes in words: the runs of words that differ (a paragraph break is ¶),
    with the paragraph as the reviewer left it."""
    story = unit.story
    physical = sorted(unit.physical)
    before = view(story.paragraphs, reject_all, physical)
    after = view(story.paragraphs, unit.accepts, physical)
    old = " ¶ ".join(p.text for p in before if p.text.strip())
    new = " ¶ ".join(p.text for p in after if p.text.strip())
    context = shorten(" ".join(p.text for p in after) or old)
    found = [Change(a, b, context, unit.author) for a, b in word_changes(old, new, True)]
    if found:
        return found
    formatted = [
        p.char.text
        for paragraph in after
        for p in paragraph.pieces
        if p.char.restyled is not None and unit.accepts(p.char.restyled)
    ]
    if formatted:
        words_ = shorten("".join(formatted).strip(), 80)
        return [Change(words_, f"{words_} ({_look_words(after)})", context, unit.author)]
    kinds = [" ".join(map(str, p.kind)) for p in after]
    return [
        Change(shorten(old, 80), f"{shorten(new, 80)} ({', '.join(kinds)})", context, unit.author)
    ]


def _look_words(paragraphs: list[ViewParagraph]) -> str:
    marks = sorted(
        {
            m
            for p in paragraphs
            for piece in p.pieces
            if piece.char.restyled
            for m in piece.look.marks
        }
    )
    return ", ".join(marks) or "plain"


def word_changes(old: str, new: str, breaks: bool = False) -> list[tuple[str, str]]:
    """The runs of words that differ between two texts: (old words, new words). With
    `breaks`, a change of paragraph breaks (¶) alone is shown with the words beside it."""
    before, after = words(old), words(new)
    found = []
    for op, i1, i2, j1, j2 in diff(before, after, WORDS_LIMIT):
        if op == "equal":
            continue
        if breaks and {*before[i1:i2], *after[j1:j2]} <= {"¶"}:
            i1, j1 = max(0, i1 - 1), max(0, j1 - 1)
            i2, j2 = min(len(before), i2 + 1), min(len(after), j2 + 1)
        found.append((" ".join(before[i1:i2]), " ".join(after[j1:j2])))
    return found


def shorten(text: str, size: int = 240) -> str:
    text = " ".join(text.replace(NOTE, "").split())
    return text if len(text) <= size else text[: size - 1] + "…"


def report(work: Import) -> None:
    """Every unit's changes listed as applied, not placed or in conflict (with the reason)."""
    for item in work.items.values():
        outcome = work.outcomes[item.ident]
        for index, unit in enumerate(item.units):
            changes = describe(unit)
            if index in item.failed:
                conflict = item.exported is None or index in item.conflicted
                target = outcome.conflicts if conflict else outcome.not_placed
                for change in changes:
                    change.reason = item.failed[index]
                target.extend(changes)
            else:
                outcome.applied.extend(changes)


def outside(work: Import) -> list[Elsewhere]:
    """Revisions outside the contributions, and in roledoc's furniture inside them: listed,
    never applied."""
    found = []
    body = work.document.body
    for region in work.regions:
        mine = region.kind == "contribution" and region.key in work.outcomes
        item = work.items.get(region.key) if mine else None
        # A contribution whose paragraphs could not be paired with its source has no units:
        # its revisions are listed here, each with the reason, instead of being lost.
        unpaired = item.pairing if item is not None and not item.stories else None
        old = view(body, reject_all, region.indices)
        for paragraph in old:
            if mine and not is_furniture(paragraph.style) and unpaired is None:
                continue
            physical = paragraph.physical
            if not any(revisions_of(body[n]) for n in physical):
                continue
            new = view(body, accept_all, physical)
            before = paragraph.text
            after = " ".join(p.text for p in new)
            if mine and not is_furniture(paragraph.style):
                listed = work.outcomes[region.key].not_placed
                for a, b in word_changes(before, after) or [(before, after)]:
                    listed.append(Change(a, b, after, reason=unpaired))
                continue
            where = region_words(region, paragraph.style if mine else None)
            for a, b in word_changes(before, after) or [(before, after)]:
                found.append(Elsewhere(where, a, b))
    return found
