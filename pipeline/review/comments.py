"""The reviewer's comments as threads for the editors: replies gathered under the comment they
answer (resolved when any of them is), the text each is about quoted, the contribution it is in
and its line in the source as committed today."""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from ..core.messages import _
from .aligning import matching_blocks
from .describing import shorten
from .outcomes import Elsewhere, Reply, Thread
from .regions import Region, region_words
from .units import Story
from .views import char_present, reject_all
from .wordmodel import NOTE, Comment, Paragraph

if TYPE_CHECKING:
    from .importstate import Import


def comments(work: Import) -> None:
    """Every comment thread placed: with its contribution (and its line there), or listed
    where it is outside the contributions."""
    document = work.document
    starts: dict[str, tuple[str, int, int]] = {}
    ends: dict[str, tuple[str, int, int]] = {}
    stories = {"body": document.body, **{f"note:{k}": v for k, v in document.notes.items()}}
    for name, paragraphs in stories.items():
        for number, paragraph in enumerate(paragraphs):
            for ident, at in paragraph.comment_starts:
                starts.setdefault(ident, (name, number, at))
            for ident, at in paragraph.comment_ends:
                ends[ident] = (name, number, at)
    threads: dict[str, Thread] = {}
    owner_of_note = _note_owners(work)
    region_at = {n: region for region in work.regions for n in region.indices}
    roots = _thread_roots(document.comments)
    for ident, comment in document.comments.items():
        if roots[ident] != ident:
            continue
        where = starts.get(ident) or ends.get(ident)
        thread = Thread("", comment.text, comment.author, comment.date, done=comment.done)
        threads[ident] = thread
        if where is None:
            work.elsewhere.append(Elsewhere(_("the title page and how to respond"), comment=thread))
            continue
        story, number, at = where
        thread.quote = _quote(
            stories[story], (number, at), ends.get(ident, (story, number, at))[1:]
        )
        region = _region_of(work, story, number, owner_of_note, region_at)
        if region is None or region.kind != "contribution" or region.key not in work.outcomes:
            work.elsewhere.append(Elsewhere(region_words(region, None), comment=thread))
            continue
        thread.line = _line(work, region.key, story, number, at)
        work.outcomes[region.key].comments.append(thread)
    for ident, comment in document.comments.items():
        root = roots[ident]
        if root != ident and root in threads:
            threads[root].replies.append(Reply(comment.author, comment.date, comment.text))
            threads[root].done = threads[root].done or comment.done


def _note_owners(work: Import) -> dict[str, str]:
    owners = {}
    for region in work.regions:
        for number in region.indices:
            for char in work.document.body[number].chars:
                if char.note:
                    owners[char.note] = region.key if region.kind == "contribution" else ""
    return owners


def _region_of(
    work: Import, story: str, number: int, owners: dict[str, str], region_at: dict[int, Region]
) -> Region | None:
    if story == "body":
        return region_at.get(number)
    owner = owners.get(story.removeprefix("note:"), "")
    return next((r for r in work.regions if r.kind == "contribution" and r.key == owner), None)


def _line(work: Import, ident: str, story_name: str, number: int, at: int) -> int | None:
    """The comment's line in the source as committed today."""
    item = work.items.get(ident)
    if item is None or item.exported is None:
        return None
    paragraphs = (
        work.document.body
        if story_name == "body"
        else work.document.notes.get(story_name.removeprefix("note:"), [])
    )
    for story in item.stories:
        if story.paragraphs is not paragraphs:
            continue
        key = (id(story), number)
        if key not in work.comment_anchors:
            work.comment_anchors[key] = _anchors(story, number, len(paragraphs[number].chars))
        anchors = work.comment_anchors[key]
        found = bisect.bisect_left(anchors, (at, -1))
        if found == len(anchors):
            continue
        line = item.exported.count("\n", 0, anchors[found][1]) + 1
        if ident not in work.line_maps:
            work.line_maps[ident] = _line_map(item.exported, item.current)
        lines = work.line_maps[ident]
        return line if lines is None else lines.get(line)
    return None


def _anchors(story: Story, number: int, size: int) -> list[tuple[int, int]]:
    """(character index, where its atom starts in the source) for the characters of one
    paragraph that came from the source, in order: found once per paragraph, so that many
    comments in one long paragraph cost a look-up each."""
    found = []
    for index in range(size + 1):
        position = story.positions.get((number, index))
        if position is None:
            continue
        j, k = position
        atom, leaf = story.atoms[j][k], story.leaves[j]
        if atom is not None and leaf is not None:
            found.append((index, leaf.atoms[atom].start))
    return found


def _thread_roots(comments: dict[str, Comment]) -> dict[str, str]:
    """Each comment's thread: the comment it answers, and so on up, to one that answers none
    (or whose parent is not in the file). Replies that answer each other in a circle (a file
    can say so) make a thread of their own, started by the first of them in the file. Linear:
    each comment is walked once."""
    roots: dict[str, str] = {}
    for ident in comments:
        path: list[str] = []
        on_path: set[str] = set()
        current: str | None = ident
        while current is not None and current not in roots and current not in on_path:
            path.append(current)
            on_path.add(current)
            parent = comments[current].parent
            current = parent if parent in comments else None
        if current is None:
            root = path[-1]
        elif current in roots:
            root = roots[current]
        else:  # a circle: its first comment in the file starts the thread
            root = current
        for member in path:
            roots[member] = root
    return roots


def _quote(paragraphs: list[Paragraph], start: tuple[int, int], end: tuple[int, int]) -> str:
    """The text a comment is about, as exported."""
    parts: list[str] = []
    (first, at), (last, until) = start, end
    if (last, until) < (first, at):
        last, until = first, at
    for number in range(first, min(last, len(paragraphs) - 1) + 1):
        chars = paragraphs[number].chars
        low = at if number == first else 0
        high = until if number == last else len(chars)
        parts.append(
            "".join(
                c.text
                for c in chars[low:high]
                if char_present(c, reject_all) and not c.decoration and c.text != NOTE
            )
        )
    return shorten(" ".join(p.strip() for p in parts if p.strip()), 300)


def _line_map(exported: str, current: str) -> dict[int, int] | None:
    """Line in the exported source -> the same line in today's (lines that changed since
    have none); None when the source did not change."""
    if exported == current:
        return None
    before, after = exported.split("\n"), current.split("\n")
    return {
        a + k + 1: b + k + 1 for a, b, size in matching_blocks(before, after) for k in range(size)
    }
