"""Edits made with Track Changes off: found and listed, or written as revisions (with
`--accept-untracked`).

A paragraph whose text without revisions differs from what was exported was edited without
Track Changes (or with Accept All pressed halfway). Without the option such edits are listed,
never applied. With it, the difference between the exported paragraph and the reviewer's (all
revisions accepted) is written into the model of the file as revisions by the reviewer: after
that, the file reads as exported with every revision rejected, and as the reviewer left it
with every one accepted, so the edits are placed and verified exactly like tracked ones.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from .aligning import ALIGN_LIMIT, diff
from .describing import shorten, word_changes
from .outcomes import Change
from .regions import Region, find_regions, is_furniture
from .views import ViewParagraph, accept_all, reject_all, signature, view
from .wordmodel import Char, Paragraph, Revision, WordDocument

if TYPE_CHECKING:
    from .importstate import ContributionState, Import


class UntrackedWriter:
    def __init__(self, document: WordDocument, reviewer: str) -> None:
        self.document = document
        self.reviewer = reviewer
        self.count = 10_000_000 + document.revisions
        self.pending: list[tuple[int, Paragraph]] = []  # restored paragraphs, not yet in

    def revision(self, kind: str) -> Revision:
        self.count += 1
        return Revision(self.count, kind, self.reviewer, "")

    def rewrite(
        self,
        mine: list[ViewParagraph],
        theirs: list[ViewParagraph],
        furniture: Callable[[str], bool],
    ) -> None:
        """Make the file's paragraphs (`mine`, as exported) read as the rendered export
        (`theirs`) with revisions rejected, keeping what they read with all accepted."""
        content = [p for p in mine if not furniture(p.style)]
        a = [signature(p) for p in content]
        b = [signature(p) for p in theirs]
        inserted = self.pending
        for op, i1, i2, j1, j2 in diff(a, b):
            if op == "equal":
                continue
            if op == "replace" and i2 - i1 == j2 - j1:
                for k in range(i2 - i1):
                    if not self.retype(content[i1 + k], theirs[j1 + k]):
                        self.drop(content[i1 + k])
                        inserted.append(self.restore(content, i1 + k, theirs[j1 + k]))
                continue
            for k in range(i1, i2):
                self.drop(content[k])
            for k in range(j1, j2):
                inserted.append(self.restore(content, i1, theirs[k]))

    def finish(self) -> None:
        """Put the restored paragraphs in, the last first, so no index moves under another."""
        ordered = sorted(enumerate(self.pending), key=lambda x: (-x[1][0], -x[0]))
        for _n, (position, paragraph) in ordered:
            self.document.body.insert(position, paragraph)
        self.pending = []

    def retype(self, paragraph: ViewParagraph, exported: ViewParagraph) -> bool:
        """One physical paragraph, no paragraph-mark revision: its characters become the
        exported ones, deleted and inserted where the reviewer's differ."""
        if len(paragraph.physical) != 1:
            return False
        physical = self.document.body[paragraph.physical[0]]
        if physical.mark_inserted or physical.mark_deleted or physical.row_inserted:
            return False
        now = view([physical], accept_all, [0])
        pieces = now[0].pieces if now else []
        old = [p for p in exported.pieces if not p.char.decoration]
        new = [p for p in pieces if not p.char.decoration]
        deleted, inserted, restyled = (self.revision(k) for k in ("del", "ins", "format"))
        chars: list[Char] = []
        letters = ([p.char.text for p in old], [p.char.text for p in new])
        for op, i1, i2, j1, j2 in diff(*letters, ALIGN_LIMIT):
            if op == "equal":
                for k in range(i2 - i1):
                    was, now_ = old[i1 + k], new[j1 + k]
                    changed = was.look != now_.look
                    chars.append(
                        Char(
                            now_.char.text,
                            now_.look,
                            was.look,
                            restyled=restyled if changed else None,
                            note=now_.char.note,
                        )
                    )
                continue
            for piece in old[i1:i2]:
                chars.append(
                    Char(
                        piece.char.text,
                        piece.look,
                        piece.look,
                        deleted=deleted,
                        note=piece.char.note,
                    )
                )
            for piece in new[j1:j2]:
                chars.append(
                    Char(
                        piece.char.text,
                        piece.look,
                        piece.look,
                        inserted=inserted,
                        note=piece.char.note,
                    )
                )
        physical.chars = chars
        physical.cached = None  # its characters changed: work it out again
        return True

    def drop(self, paragraph: ViewParagraph) -> None:
        """A paragraph the reviewer added without Track Changes: inserted, mark and all."""
        revision = self.revision("ins")
        for number in paragraph.physical:
            physical = self.document.body[number]
            for char in physical.chars:
                if char.inserted is None:
                    char.inserted = revision
            if physical.mark_inserted is None:
                physical.mark_inserted = self.revision("mark-ins")
            physical.cached = None  # its characters changed: work it out again

    def restore(
        self, content: list[ViewParagraph], before: int, exported: ViewParagraph
    ) -> tuple[int, Paragraph]:
        """A paragraph the reviewer deleted without Track Changes: put back, deleted, mark
        and all, where it stood (before content[before])."""
        revision = self.revision("del")
        if before < len(content):
            position = content[before].physical[0]
        else:
            position = content[-1].physical[-1] + 1 if content else len(self.document.body)
        paragraph = Paragraph(
            "body",
            [
                Char(p.char.text, p.look, p.look, deleted=revision, note=p.char.note)
                for p in exported.pieces
                if not p.char.decoration
            ],
            style=exported.style,
            was_style=exported.style,
            level=exported.level,
            was_level=exported.level,
            heading=exported.heading,
            was_heading=exported.heading,
            mark_deleted=self.revision("mark-del"),
        )
        return position, paragraph


def _untracked(
    work: Import, item: ContributionState, mine: list[ViewParagraph], theirs: list[ViewParagraph]
) -> None:
    a, b = [signature(p) for p in mine], [signature(p) for p in theirs]
    for op, i1, i2, j1, j2 in diff(a, b):
        if op != "equal":
            list_untracked(work, item, mine[i1:i2], theirs[j1:j2])


def list_untracked(
    work: Import, item: ContributionState, mine: list[ViewParagraph], theirs: list[ViewParagraph]
) -> None:
    """File paragraphs that read otherwise than the exported ones, with no revision
    saying so: edited with Track Changes off."""
    item.untracked = True
    old = " ".join(p.text for p in theirs)
    new = " ".join(p.text for p in mine)
    for paragraph in mine:
        item.untracked_paragraphs |= set(paragraph.physical)
    outcome = work.outcomes[item.ident]
    for before, after in word_changes(old, new):
        outcome.untracked.append(Change(before, after, shorten(new), work.reviewer))


def untracked_only(
    work: Import, item: ContributionState, rendered: WordDocument, region: Region
) -> None:
    """A contribution with no revision in it, not paired with its source: only whether it
    was edited with Track Changes off."""
    mine = [
        p
        for p in view(work.document.body, reject_all, item.region.indices)
        if not is_furniture(p.style)
    ]
    theirs = [
        p for p in view(rendered.body, reject_all, region.indices) if not is_furniture(p.style)
    ]
    _untracked(work, item, mine, theirs)


def take_untracked(work: Import, rendered: WordDocument, regions: dict[str, Region]) -> None:
    """--accept-untracked: what differs from the export without a revision is written
    into the file's model as revisions by the reviewer, so that it is placed and checked
    like a tracked change."""
    writer = UntrackedWriter(work.document, work.reviewer)
    for ident, item in work.items.items():
        if not item.untracked or ident not in regions:
            continue
        mine = view(work.document.body, reject_all, item.region.indices)
        theirs = [
            p
            for p in view(rendered.body, reject_all, regions[ident].indices)
            if not is_furniture(p.style)
        ]
        writer.rewrite(mine, theirs, is_furniture)
    writer.finish()
    titles = {i: o.title for i, o in work.outcomes.items()}
    work.regions = find_regions(work.document.body, titles)
    for region in work.regions:
        if region.kind == "contribution" and region.key in work.items:
            work.items[region.key].region = region
