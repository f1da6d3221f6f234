"""A contribution's paragraphs in the reviewed file paired with its exported source: the file
as exported (every revision rejected) with the export as rendered, paragraph by paragraph,
and those with the source's leaves one to one and character by character; its footnotes
likewise. A paragraph that reads otherwise was edited without Track Changes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.messages import Message, _
from .aligning import ALIGN_LIMIT, align
from .edits import internal_reason
from .leaves import find_body_start, source_text, title_leaf
from .regions import Region, is_furniture
from .source import Leaf
from .units import Story
from .untracked import list_untracked, untracked_only
from .verifying import note_ids, notes_of, seen
from .views import ViewParagraph, reject_all, signature, view
from .wordmodel import Paragraph, WordDocument

if TYPE_CHECKING:
    from .importstate import ContributionState, Import


def pair(work: Import, rendered: WordDocument, regions: dict[str, Region], asts: dict) -> None:
    """Pair the file's paragraphs with the exported sources' paragraphs and leaves (for
    a contribution without revisions: only see whether it was edited untracked)."""
    work.rendered = rendered
    for ident, item in work.items.items():
        work.outcomes[ident].untracked = []
        item.untracked_paragraphs, item.untracked = set(), False
        item.stories = []
        if item.exported is None or ident not in regions:
            item.pairing = _("its source as exported cannot be read")
            continue
        if ident not in asts:
            untracked_only(work, item, rendered, regions[ident])
            continue
        text = item.exported
        item.source = source_text(text, find_body_start(text), asts[ident], title_leaf(text))
        try:
            item.stories = pair_stories(work, item, rendered, regions[ident])
            item.pairing = None
        except _Unpaired as exc:
            item.pairing = exc.reason
        except Exception as exc:
            item.pairing = internal_reason(exc)


def pair_stories(
    work: Import, item: ContributionState, rendered: WordDocument, region: Region
) -> list[Story]:
    """The contribution's body and footnotes as stories paired with its source."""
    assert item.source is not None
    document = work.document
    leaves = [item.source.title] if item.source.title else []
    leaves += [leaf for leaf in item.source.leaves if leaf.kind != "furniture"]
    mine = view(document.body, reject_all, item.region.indices)
    theirs = [
        p for p in view(rendered.body, reject_all, region.indices) if not is_furniture(p.style)
    ]
    if len(theirs) != len(leaves) or item.source.title is None:
        raise _Unpaired(_("roledoc cannot pair this contribution's paragraphs with its source"))
    shift = None
    for paragraph, leaf in zip(theirs, leaves, strict=True):
        if leaf.kind == "heading" and paragraph.heading is not None and shift is None:
            shift = paragraph.heading - leaf.level
    body = pair_story(work, document.body, item.region.indices, mine, theirs, leaves, item, shift)
    stories = [body]
    # Footnotes: the file's, the rendered file's and the source's, in reading order.
    mine_notes = note_ids(mine)
    theirs_notes = note_ids(theirs)
    if len(mine_notes) == len(theirs_notes) == len(item.source.notes):
        for own, rendered_id, note in zip(mine_notes, theirs_notes, item.source.notes, strict=True):
            paragraphs = document.notes.get(own, [])
            indices = list(range(len(paragraphs)))
            old = view(paragraphs, reject_all, indices)
            exported = view(
                rendered.notes.get(rendered_id, []),
                reject_all,
                range(len(rendered.notes.get(rendered_id, []))),
            )
            if len(exported) != len(note.leaves):
                continue
            stories.append(
                pair_story(work, paragraphs, indices, old, exported, list(note.leaves), item, shift)
            )
    return stories


def pair_story(
    work: Import,
    paragraphs: list[Paragraph],
    indices: list[int],
    mine: list[ViewParagraph],
    theirs: list[ViewParagraph],
    leaves: list[Leaf],
    item: ContributionState,
    shift: int | None,
) -> Story:
    """The file's paragraphs (as exported) paired with the rendered ones, which pair with
    the source's leaves one to one. A paragraph that reads differently was edited
    without Track Changes."""
    content = [n for n, p in enumerate(mine) if not is_furniture(p.style)]
    a = [signature(mine[n]) for n in content]
    b = [signature(p) for p in theirs]
    if paragraphs is work.document.body:
        item.exported_signatures = seen(theirs)
        item.exported_notes = notes_of(work.rendered, theirs, reject_all)
    leaf_of: list[Leaf | None] = [None] * len(mine)
    rendered: list[int | None] = [None] * len(mine)
    opcodes = align(a, b)
    if opcodes is None:
        raise _Unpaired(_("the contribution differs too much from the export to be compared"))
    for op, i1, i2, j1, j2 in opcodes:
        if op == "equal":
            for k in range(i2 - i1):
                leaf_of[content[i1 + k]] = leaves[j1 + k]
                rendered[content[i1 + k]] = j1 + k
            continue
        list_untracked(work, item, [mine[content[i]] for i in range(i1, i2)], theirs[j1:j2])
    atoms: list[list[int | None]] = [
        _align(paragraph, leaf) if leaf is not None else [None] * len(paragraph.pieces)
        for paragraph, leaf in zip(mine, leaf_of, strict=True)
    ]
    story = Story(paragraphs, indices, mine, leaf_of, atoms, heading_shift=shift)
    story.rendered = rendered
    return story


class _Unpaired(Exception):
    def __init__(self, reason: Message) -> None:
        super().__init__(str(reason))
        self.reason = reason


def _align(paragraph: ViewParagraph, leaf: Leaf) -> list[int | None]:
    """For each character of an exported paragraph: the atom of the leaf it came from."""
    mine = "".join(p.char.text if not p.char.decoration else "\0" for p in paragraph.pieces)
    theirs = leaf.text
    found: list[int | None] = [None] * len(mine)
    if mine == theirs:
        return list(range(len(mine)))
    opcodes = align(mine, theirs, ALIGN_LIMIT)  # no quadratic work on a giant paragraph
    for op, a, a_end, b, _b_end in opcodes or ():
        if op != "equal":
            continue
        for k in range(a_end - a):
            if not paragraph.pieces[a + k].char.decoration:
                found[a + k] = b + k
    return found
