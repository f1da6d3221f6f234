"""`roledoc review import`: a reviewer's Word file back into the contributions, exactly or
listed.

1. The file is read from its XML (wordxml) and split into regions: the title page, each
   chapter's editors' text, each contribution (found by the bookmark on its title).
2. Which sources it was made from: its properties, or else the reference on its title page
   (export.py). Each contribution's exported version is found in git by its fingerprint; when
   the contribution changed since, that older version is the base of a three-way merge.
3. The exported sources are rendered as the export renders them (rendering) and paired, paragraph
   by paragraph and character by character, with the file as exported (every revision
   rejected). A paragraph that differs was edited without Track Changes: listed, or applied
   with --accept-untracked.
4. Each unit of revisions is placed where the file says it was made (placing). Then every new
   source is rendered again and compared with the reviewer's text with exactly the placed
   units accepted. A unit whose paragraphs do not read as the reviewer left them is taken
   back and listed as not placed, and the rest is tried again: what lands is exact by
   construction. Last, `check` runs on the result.
5. The review branch gets one commit per contribution and author (each revision's own
   author); comments (with replies and resolved state), and everything not applied, go into
   a folder of notes per import.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import RoledocError
from ..core.messages import Message, _
from ..infra.cache import stand_in
from ..read.projectfiles import write_bytes
from .aligning import ALIGN_LIMIT, align, diff, matching_blocks
from .export import COMMIT, KEY, PROPERTY, export_key, fingerprint
from .outcomes import Change, Elsewhere, Outcome, Reply, ReviewImport, Thread
from .placing import (
    Edit,
    NoteMaker,
    NotPlaced,
    Placer,
    Story,
    Unit,
    apply_edits,
    revisions_of,
    units_of,
)
from .source import Leaf, SourceText, read_sources, source_text
from .views import (
    Signature,
    ViewParagraph,
    accept_all,
    char_present,
    reject_all,
    signature,
    view,
    words,
)
from .wordxml import NOTE, Comment, Paragraph, Revision, WordDocument, read_word

FURNITURE = {"byline", "statusnote", "draftnotice", "colophon", "editorstext", "alerttitle"}
ROUNDS = 4  # renders to find every unit that does not read as the reviewer's text
WORDS_LIMIT = 40_000  # words x words compared at most to describe one change


def is_furniture(style: str) -> bool:
    return re.sub(r"\s", "", style).casefold() in FURNITURE


# -- regions ----------------------------------------------------------------------------------


@dataclass
class Region:
    kind: str  # front, chapter, contribution, other
    key: str  # the contribution's id, or the heading's text
    indices: list[int]  # its physical paragraphs in the body


def bookmark_name(ident: str) -> str:
    """The bookmark pandoc's DOCX writer gives an identifier: itself, or for one longer than
    Word's 40 characters "X" and 39 hex digits of its SHA-1."""
    import hashlib

    if len(ident) <= 40:
        return ident
    return "X" + hashlib.sha1(ident.encode("utf-8")).hexdigest()[1:40]


def _simple(text: str) -> str:
    return " ".join(text.replace(NOTE, " ").split()).casefold()


def _unnumbered(title: str) -> str:
    return re.sub(r"^\d+(?:\.\d+)*\.?\s+", "", title.strip())


def find_regions(body: list[Paragraph], titles: dict[str, str]) -> list[Region]:
    """The body's regions, split at every heading of level 1 or 2 as exported (a heading the
    reviewer added or restyled splits nothing). A level-2 heading is a contribution's when
    its bookmark is the contribution's id, else when its text is the contribution's title."""
    by_bookmark = {bookmark_name(ident): ident for ident in titles}
    names = [_simple(t) for t in titles.values()]
    by_title = {
        _simple(title): ident for ident, title in titles.items() if names.count(_simple(title)) == 1
    }
    regions = [Region("front", "", [])]
    current = regions[0]
    for index, paragraph in enumerate(body):
        exported = [c.text for c in paragraph.chars if c.inserted is None and not c.decoration]
        if paragraph.was_heading in (1, 2) and exported and paragraph.row_inserted is None:
            text = _unnumbered("".join(exported))
            if paragraph.was_heading == 1:
                current = Region("chapter", text, [])
            else:
                found = [by_bookmark[n] for n in paragraph.bookmarks if n in by_bookmark]
                ident = found[0] if found else by_title.get(_simple(text))
                current = Region("contribution", ident, []) if ident else Region("other", text, [])
            current.bookmarks = list(paragraph.bookmarks)  # type: ignore[attr-defined]
            regions.append(current)
        current.indices.append(index)
    return regions


# -- identifying the export --------------------------------------------------------------------


def exported_fingerprints(
    document: WordDocument, docx: Path, titles: dict[str, str], paths: dict[str, str], repo
) -> tuple[dict[str, str], str]:
    """id -> fingerprint of each contribution the file was made from, and how that was
    known: from its properties, or from the reference on its title page."""
    properties = document.properties
    if COMMIT in properties:
        prints = {
            name[len(PROPERTY) :]: value
            for name, value in properties.items()
            if name.startswith(PROPERTY) and name != COMMIT
        }
        return prints, "properties"
    front = " ".join(
        "".join(c.text for c in p.chars if c.inserted is None) for p in document.body[:80]
    )
    match = KEY.search(front)
    if match is None:
        raise RoledocError(
            _(
                "{name} was not made by 'roledoc review export': roledoc cannot tell which "
                "contribution each change belongs to",
                name=docx.name,
            )
        )
    commit, _digest = match[1], match[2]
    regions = find_regions(document.body, titles)
    found = [r.key for r in regions if r.kind == "contribution"]
    prints = {}
    for ident in found:
        data = repo.at_commit(commit, paths[ident])
        if data is not None:
            prints[ident] = fingerprint(data)
    if export_key(commit, prints) != match[0]:
        raise RoledocError(
            _(
                "{name} has lost the properties roledoc puts in it (as Google Docs does), and "
                "the sources it was made from ({key}) cannot be found in git",
                name=docx.name,
                key=match[0],
            )
        )
    return prints, "reference"


# -- the import ---------------------------------------------------------------------------------


def import_review(
    root: Path,
    docx: Path,
    reviewer: str,
    today: dt.date,
    lang: str = "en",
    accept_untracked: bool = False,
) -> ReviewImport:
    """Bring the reviewer's tracked changes and comments in `docx` (made by `review export`)
    back into the contributions; see the module."""
    from .notes import notes_folder, write_notes
    from .repository import ReviewRepository

    if not reviewer.strip():
        raise RoledocError(_("give the reviewer's name with --reviewer"))
    if not docx.is_file():
        raise RoledocError(_("cannot read {name}: no such file", name=str(docx)))
    if docx.suffix.lower() in {".odt", ".fodt", ".doc", ".rtf"}:
        raise RoledocError(
            _(
                "{name} is not a Word file (.docx): open it and save it as Word (.docx), "
                "then import that file; its tracked changes and comments are kept",
                name=docx.name,
            )
        )
    repo = ReviewRepository(root, reviewer, today)
    with ThreadPoolExecutor(max_workers=1) as pool:  # the file is read while git checks out
        reading = pool.submit(read_word, docx)
        with repo.checkout() as tree, stand_in(tree, root):
            renderer = _renderer(tree, root)
            try:
                document = reading.result()
                project = renderer.plan.project  # HEAD's, as the branch will start from it
                contributions = {c.id: c for c in project.contributions}
                titles = {c.id: c.title for c in project.contributions}
                paths = {c.id: c.path for c in project.contributions}
                prints, found_by = exported_fingerprints(document, docx, titles, paths, repo)
                prints, recorded = _as_recorded(root, document, prints)
                # Only what the export holds may change (the file does not decide its scope).
                titles = {ident: title for ident, title in titles.items() if ident in prints}
                regions = find_regions(document.body, titles)
                outcomes = {
                    r.key: Outcome(r.key, paths[r.key], titles[r.key])
                    for r in regions
                    if r.kind == "contribution" and r.key in contributions
                }
                work = _Import(
                    root,
                    tree,
                    document,
                    regions,
                    outcomes,
                    prints,
                    repo,
                    renderer,
                    (accept_untracked, reviewer, lang),
                )
                work.run()
                commits = work.commits()
                notes_folder(root)  # refused now, if it would be, before the branch is made
                branch = repo.commit(tree, commits)
            finally:
                renderer.close()
    notes = write_notes(root, repo.label, reviewer, list(outcomes.values()), work.elsewhere, lang)
    outcome = list(outcomes.values())
    return ReviewImport(reviewer, outcome, work.elsewhere, branch, notes, found_by, recorded)


@dataclass
class _Contribution:
    """One contribution's state during an import."""

    ident: str
    region: Region
    exported: str | None = None  # the source as exported (LF line ends), None: not in git
    current: str = ""  # as committed at HEAD
    crlf: bool = False
    bom: bool = False
    source: SourceText | None = None
    stories: list[Story] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    edits: dict[int, list[Edit]] = field(default_factory=dict)  # unit index -> its edits
    failed: dict[int, Message] = field(default_factory=dict)  # unit index -> why not
    text: str | None = None  # the new source, when anything was placed
    pairing: Message | None = None  # why its paragraphs could not be paired, if so
    untracked_paragraphs: set[int] = field(default_factory=set)  # physical, body
    untracked: bool = False  # something differs from the export without a revision
    exported_signatures: list[Signature] = field(default_factory=list)  # as rendered
    exported_notes: list[Signature] = field(default_factory=list)  # its footnotes, rendered
    wanted: list[Signature] = field(default_factory=list)  # the reviewer's, placed units only
    today: list[Signature] | None = None  # today's source, rendered (when it changed)
    conflicted: set[int] = field(default_factory=set)  # units in conflict with today's


class _Import:
    def __init__(
        self,
        root: Path,
        tree: Path,
        document: WordDocument,
        regions: list[Region],
        outcomes: dict[str, Outcome],
        prints: dict[str, str],
        repo,
        renderer,
        options: tuple[bool, str, str],
    ) -> None:
        accept_untracked, reviewer, lang = options
        self.lang = lang
        self.root = root
        self.tree = tree
        self.document = document
        self.regions = regions
        self.outcomes = outcomes
        self.prints = prints
        self.repo = repo
        self.accept_untracked = accept_untracked
        self.reviewer = reviewer
        self.elsewhere: list[Elsewhere] = []
        renderer.anchors = set(prints) | {
            n for r in regions if r.kind == "chapter" for n in getattr(r, "bookmarks", [])
        }
        self.renderer = renderer
        self.items: dict[str, _Contribution] = {}
        self._anchors: dict[tuple[int, int], list[tuple[int, int]]] = {}  # see _line
        self._lines: dict[str, dict[int, int] | None] = {}

    # -- the steps ---------------------------------------------------------------------------

    def run(self) -> None:
        self.read_sources()
        rendered = self.render_exported()
        if rendered is None:
            return self.finish()
        self.pair(*rendered)
        if self.accept_untracked and any(i.untracked for i in self.items.values()):
            self.take_untracked(rendered[0], rendered[1])
            document, regions, asts = rendered
            missing = [i for i, c in self.items.items() if c.untracked and i not in asts]
            self.pair(document, regions, {**asts, **self._positions(missing)})
        self.place()
        self.check()
        return self.finish()

    def finish(self) -> None:
        self.elsewhere += self.outside()
        self.comments()

    def read_sources(self) -> None:
        for region in self.regions:
            if region.kind != "contribution" or region.key not in self.outcomes:
                continue
            outcome = self.outcomes[region.key]
            item = _Contribution(region.key, region)
            current = self.repo.read(outcome.path) or b""
            item.current, item.crlf, item.bom = _decode(current)
            data = self.repo.exported(outcome.path, self.prints[region.key])
            if data is not None:
                item.exported = _decode(data)[0]
            self.items[region.key] = item

    def render_exported(self):
        """The exported sources as the export rendered them (the export itself, when roledoc
        kept a copy of it, else rendered again); None when none of them is in git."""
        from .rendering import recall_export

        exported = {i: c.exported for i, c in self.items.items() if c.exported is not None}
        if not exported:
            return None
        with ThreadPoolExecutor(max_workers=1) as pool:
            busy = [i for i in exported if self._busy(self.items[i])]
            positions = pool.submit(self._positions, busy)
            kept = recall_export(self.root, self.document)
            rendered = read_word(kept) if kept is not None else None
            if rendered is not None:
                titles = {i: self.outcomes[i].title for i in exported}
                regions = {
                    r.key: r
                    for r in find_regions(rendered.body, titles)
                    if r.kind == "contribution" and r.key in exported
                }
            else:
                rendered, regions, unreadable = self._render(exported)
                for ident in unreadable:
                    regions.pop(ident, None)
            asts = positions.result()
        return rendered, regions, asts

    def _busy(self, item: _Contribution) -> bool:
        """Whether the file holds a revision in the contribution (its text or footnotes)."""
        notes = self.document.notes
        for number in item.region.indices:
            paragraph = self.document.body[number]
            if revisions_of(paragraph):
                return True
            for char in paragraph.chars:
                if char.note and any(revisions_of(p) for p in notes.get(char.note, [])):
                    return True
        return False

    def _positions(self, idents: list[str]) -> dict:
        """The exported sources of these contributions read with source positions."""
        bodies = {}
        for ident in idents:
            text = self.items[ident].exported or ""
            bodies[ident] = text[_body_start(text) :]
        return read_sources(bodies, self.renderer.staging, _reader_format()) if bodies else {}

    def pair(self, rendered: WordDocument, regions: dict[str, Region], asts: dict) -> None:
        """Pair the file's paragraphs with the exported sources' paragraphs and leaves (for
        a contribution without revisions: only see whether it was edited untracked)."""
        self._rendered = rendered
        for ident, item in self.items.items():
            self.outcomes[ident].untracked = []
            item.untracked_paragraphs, item.untracked = set(), False
            item.stories = []
            if item.exported is None or ident not in regions:
                item.pairing = _("its source as exported cannot be read")
                continue
            if ident not in asts:
                self._untracked_only(item, rendered, regions[ident])
                continue
            text = item.exported
            item.source = source_text(text, _body_start(text), asts[ident], _title_leaf(text))
            try:
                item.stories = self.stories(item, rendered, regions[ident])
                item.pairing = None
            except _Unpaired as exc:
                item.pairing = exc.reason
            except Exception as exc:
                item.pairing = _internal(exc)

    def _untracked(
        self, item: _Contribution, mine: list[ViewParagraph], theirs: list[ViewParagraph]
    ) -> None:
        a, b = [signature(p) for p in mine], [signature(p) for p in theirs]
        for op, i1, i2, j1, j2 in diff(a, b):
            if op != "equal":
                self._list_untracked(item, mine[i1:i2], theirs[j1:j2])

    def _list_untracked(
        self, item: _Contribution, mine: list[ViewParagraph], theirs: list[ViewParagraph]
    ) -> None:
        """File paragraphs that read otherwise than the exported ones, with no revision
        saying so: edited with Track Changes off."""
        item.untracked = True
        old = " ".join(p.text for p in theirs)
        new = " ".join(p.text for p in mine)
        for paragraph in mine:
            item.untracked_paragraphs |= set(paragraph.physical)
        outcome = self.outcomes[item.ident]
        for before, after in word_changes(old, new):
            outcome.untracked.append(Change(before, after, _shorten(new), self.reviewer))

    def _untracked_only(self, item: _Contribution, rendered: WordDocument, region: Region) -> None:
        mine = [
            p
            for p in view(self.document.body, reject_all, item.region.indices)
            if not is_furniture(p.style)
        ]
        theirs = [
            p for p in view(rendered.body, reject_all, region.indices) if not is_furniture(p.style)
        ]
        self._untracked(item, mine, theirs)

    def take_untracked(self, rendered: WordDocument, regions: dict[str, Region]) -> None:
        """--accept-untracked: what differs from the export without a revision is written
        into the file's model as revisions by the reviewer, so that it is placed and checked
        like a tracked change."""
        from .untracked import UntrackedWriter

        writer = UntrackedWriter(self.document, self.reviewer)
        for ident, item in self.items.items():
            if not item.untracked or ident not in regions:
                continue
            mine = view(self.document.body, reject_all, item.region.indices)
            theirs = [
                p
                for p in view(rendered.body, reject_all, regions[ident].indices)
                if not is_furniture(p.style)
            ]
            writer.rewrite(mine, theirs, is_furniture)
        writer.finish()
        titles = {i: o.title for i, o in self.outcomes.items()}
        self.regions = find_regions(self.document.body, titles)
        for region in self.regions:
            if region.kind == "contribution" and region.key in self.items:
                self.items[region.key].region = region

    def stories(self, item: _Contribution, rendered: WordDocument, region: Region) -> list[Story]:
        """The contribution's body and footnotes as stories paired with its source."""
        assert item.source is not None
        document = self.document
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
        body = self.story(document.body, item.region.indices, mine, theirs, leaves, item, shift)
        stories = [body]
        # Footnotes: the file's, the rendered file's and the source's, in reading order.
        mine_notes = _note_ids(mine)
        theirs_notes = _note_ids(theirs)
        if len(mine_notes) == len(theirs_notes) == len(item.source.notes):
            for own, rendered_id, note in zip(
                mine_notes, theirs_notes, item.source.notes, strict=True
            ):
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
                    self.story(paragraphs, indices, old, exported, list(note.leaves), item, shift)
                )
        return stories

    def story(
        self,
        paragraphs: list[Paragraph],
        indices: list[int],
        mine: list[ViewParagraph],
        theirs: list[ViewParagraph],
        leaves: list[Leaf],
        item: _Contribution,
        shift: int | None,
    ) -> Story:
        """The file's paragraphs (as exported) paired with the rendered ones, which pair with
        the source's leaves one to one. A paragraph that reads differently was edited
        without Track Changes."""
        content = [n for n, p in enumerate(mine) if not is_furniture(p.style)]
        a = [signature(mine[n]) for n in content]
        b = [signature(p) for p in theirs]
        if paragraphs is self.document.body:
            item.exported_signatures = _seen(theirs)
            item.exported_notes = self._notes_of(self._rendered, theirs, reject_all)
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
            self._list_untracked(item, [mine[content[i]] for i in range(i1, i2)], theirs[j1:j2])
        atoms = [
            _align(paragraph, leaf) if leaf is not None else [None] * len(paragraph.pieces)
            for paragraph, leaf in zip(mine, leaf_of, strict=True)
        ]
        story = Story(paragraphs, indices, mine, leaf_of, atoms, heading_shift=shift)
        story.rendered = rendered
        return story

    # -- placing and checking -----------------------------------------------------------------

    def place(self) -> None:
        for item in self.items.values():
            for story in item.stories:
                item.units += units_of(story)
            self._tie_new_notes(item)
            for index, unit in enumerate(item.units):
                if item.pairing is not None:
                    item.failed[index] = item.pairing
                elif (
                    set(unit.physical) & item.untracked_paragraphs and unit.story is item.stories[0]
                ):
                    item.failed[index] = _("the paragraph was also changed without Track Changes")
        self._changed_since()
        for _round in range(ROUNDS):
            texts = {}
            for item in self.items.values():
                text = self._placed(item)
                if text is not None:
                    texts[item.ident] = text
            if not texts:
                break
            rendered, regions, unreadable = self._render(texts)
            again = False
            for ident in texts:
                item = self.items[ident]
                if ident in unreadable or ident not in regions:
                    for index in item.edits:
                        item.failed[index] = _("the source would no longer be readable")
                    again = True
                    continue
                wrong = self._compare(item, rendered, regions[ident])
                for index in wrong:
                    item.failed[index] = _("the result did not read as the reviewer's text")
                again = again or bool(wrong)
            if not again:
                for ident, text in texts.items():
                    self.items[ident].text = text
                break
        else:
            for item in self.items.values():  # never settled: nothing of it is applied
                for index in item.edits:
                    item.failed.setdefault(
                        index, _("the result did not read as the reviewer's text")
                    )
                item.text = None
        self._merge_into_today()
        self._report()

    def _render(self, texts: dict[str, str]):
        rendered, unreadable = self.renderer.render(texts)
        regions = {
            r.key: r
            for r in find_regions(rendered.body, {i: self.outcomes[i].title for i in texts})
            if r.kind == "contribution"
        }
        return rendered, regions, unreadable

    def _signatures(self, document: WordDocument, region: Region) -> list[Signature]:
        return _seen(
            [
                p
                for p in view(document.body, reject_all, region.indices)
                if not is_furniture(p.style)
            ]
        )

    def _changed_since(self) -> None:
        """Contributions committed again since the export: the review's units that touch a
        paragraph that changed since are conflicts (three-way: exported, today's, the
        reviewer's); the others are placed on the exported source and merged into today's."""
        moved = {
            i: c.current
            for i, c in self.items.items()
            if c.exported is not None and c.exported != c.current and c.stories
        }
        if not moved:
            return
        rendered, regions, unreadable = self._render(moved)
        for ident in moved:
            item = self.items[ident]
            item.today = (
                self._signatures(rendered, regions[ident])
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

    def _merge_into_today(self) -> None:
        """The placed changes, made on the exported source, merged into today's (git's
        three-way merge); applied only when today's source then changes exactly as the
        exported one did."""
        import subprocess
        import tempfile

        merged: dict[str, str] = {}
        for ident, item in self.items.items():
            if item.text is None or item.exported == item.current:
                continue
            with tempfile.TemporaryDirectory() as folder:
                names = ("base", "ours", "theirs")
                base, ours, theirs = (Path(folder) / name for name in names)
                base.write_text(item.exported or "", encoding="utf-8")
                ours.write_text(item.text, encoding="utf-8")
                theirs.write_text(item.current, encoding="utf-8")
                done = subprocess.run(
                    ["git", "merge-file", "-p", str(ours), str(base), str(theirs)],
                    capture_output=True,
                    check=False,
                )
            if done.returncode == 0:
                merged[ident] = done.stdout.decode("utf-8")
            else:
                self._conflict(item)
        if not merged:
            return
        rendered, regions, unreadable = self._render(merged)
        for ident, text in merged.items():
            item = self.items[ident]
            if ident in unreadable or ident not in regions or item.today is None:
                self._conflict(item)
                continue
            after = self._signatures(rendered, regions[ident])
            if _changes(item.exported_signatures, item.wanted) != _changes(item.today, after):
                self._conflict(item)
                continue
            item.text = text

    def _conflict(self, item: _Contribution) -> None:
        for index in item.edits:
            item.failed[index] = _("the paragraph changed since the export")
            item.conflicted.add(index)
        item.text = None

    def _tie_new_notes(self, item: _Contribution) -> None:
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
                        for paragraph in self.document.notes.get(char.note, []):
                            for revision in revisions_of(paragraph):
                                unit.revisions.add(revision.key)

    def _placed(self, item: _Contribution) -> str | None:
        """The exported source with every unit not yet failed placed; None when none is."""
        if item.exported is None or item.source is None:
            return None
        item.edits = {}
        notes = NoteMaker(item.exported, {n.label for n in item.source.notes}, self.document.notes)
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
                item.failed[index] = _internal(exc)
                continue
            item.edits[index] = edits
        if not item.edits:
            return None
        ordered = [e for i in sorted(item.edits) for e in _renumber(item.edits[i], i)]
        return apply_edits(item.exported, ordered)

    def _compare(
        self,
        item: _Contribution,
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

        body = self.document.body
        before = _visible(
            [p for p in view(body, reject_all, item.region.indices) if not is_furniture(p.style)]
        )
        after = _visible(
            [p for p in view(body, accept, item.region.indices) if not is_furniture(p.style)]
        )
        got = _visible(
            [
                p
                for p in view(rendered.body, reject_all, region.indices)
                if not is_furniture(p.style)
            ]
        )
        wanted = _seen(after)
        if final:
            item.wanted = wanted
        mine = _changes_at(_seen(before), wanted)
        theirs = _changes_at(item.exported_signatures, _seen(got))
        wrong: set[int] = set()
        if [c[:2] for c in mine] != [c[:2] for c in theirs]:
            wrong = self._culprits(item, placed, mine, theirs, before, after) or set(placed)
        # Footnotes, in the order the text refers to them.
        mine_notes = self._notes_of(self.document, before, reject_all)
        want_notes = self._notes_of(self.document, after, accept)
        got_notes = self._notes_of(rendered, got, reject_all)
        if _changes(mine_notes, want_notes) != _changes(item.exported_notes, got_notes):
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

    def _culprits(self, item, placed, mine, theirs, before, after) -> set[int]:
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
        return self._units_in(item, placed, physical)

    def _units_in(self, item: _Contribution, placed: set[int], physical: set[int]) -> set[int]:
        body = item.stories[0] if item.stories else None
        return {
            i
            for i in placed
            if item.units[i].story is body and physical & set(item.units[i].physical)
        }

    def _notes_of(self, document: WordDocument, paragraphs, accept) -> list[Signature]:
        """The footnotes the paragraphs refer to, in order, as one list (a marker between)."""
        found: list[Signature] = []
        for note in _note_ids(paragraphs):
            found.append(_NOTE_MARK)
            story = document.notes.get(note, [])
            found += [signature(p) for p in view(story, accept, range(len(story)))]
        return found

    def _note_view(self, note: str, accept) -> list[Signature]:
        paragraphs = self.document.notes.get(note, [])
        return [signature(p) for p in view(paragraphs, accept, range(len(paragraphs)))]

    def _report(self) -> None:
        for item in self.items.values():
            outcome = self.outcomes[item.ident]
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

    def check(self) -> None:
        """`check` on the result: a contribution whose new source check would refuse is not
        applied at all."""
        changed = {i: c for i, c in self.items.items() if c.text is not None}
        if not changed:
            return
        from ..check.project import load_project

        for item in self.items.values():  # the checkout as HEAD, with the new sources
            path = self.tree / self.outcomes[item.ident].path
            data = _encode(item.text if item.text is not None else item.current, item)
            write_bytes(self.tree, path, data)  # follows no link HEAD may hold
        # Prose checks only warn: the new files' verdict does without them.
        project = load_project(self.tree, quiet=frozenset(o.path for o in self.outcomes.values()))
        for ident, item in changed.items():
            outcome = self.outcomes[ident]
            errors = [d for d in project.diagnostics if d.is_error and d.path == outcome.path]
            if not errors:
                continue
            reason = _("check would refuse the result: {problem}", problem=errors[0].text("en"))
            for change in outcome.applied:
                change.reason = reason
            outcome.not_placed += outcome.applied
            outcome.applied = []
            item.text = None

    def commits(self) -> list[tuple[str, dict[str, str], str]]:
        """One commit per contribution and author: each revision's author is the author of
        the commit that applies it."""
        made = []
        for item in self.items.values():
            if item.text is None:
                continue
            outcome = self.outcomes[item.ident]
            authors: list[str] = []
            for index in sorted(item.edits, key=lambda i: item.units[i].first):
                author = item.units[index].author or self.reviewer
                if author not in authors:
                    authors.append(author)
            steps = self._steps(item, authors) if len(authors) > 1 else None
            if steps is None:  # one author, or the steps do not each read right: one commit
                made.append(
                    self._commit(
                        outcome,
                        authors[0] if authors else self.reviewer,
                        item.text,
                        item,
                        authors[1:],
                    )
                )
                continue
            for author, text in steps:
                made.append(self._commit(outcome, author, text, item))
        return made

    def _steps(self, item: _Contribution, authors: list[str]) -> list[tuple[str, str]] | None:
        """The source after each author's changes, in the file's order, each checked by
        rendering like the whole; None when one of them does not read right (or the source
        changed since the export, when the steps would need merging one by one)."""
        if item.exported != item.current:
            return None
        steps = []
        for count in range(1, len(authors) + 1):
            chosen = set(authors[:count])
            units = {i for i in item.edits if (item.units[i].author or self.reviewer) in chosen}
            edits = [e for i in sorted(units) for e in _renumber(item.edits[i], i)]
            steps.append((authors[count - 1], units, apply_edits(item.exported or "", edits)))
        for _author, units, text in steps[:-1]:
            rendered, regions, unreadable = self._render({item.ident: text})
            if item.ident in unreadable or item.ident not in regions:
                return None
            if self._compare(item, rendered, regions[item.ident], units):
                return None
        return [(author, text) for author, _units, text in steps]

    def _commit(
        self,
        outcome: Outcome,
        author: str,
        text: str,
        item: _Contribution,
        others: list[str] = (),  # type: ignore[assignment]
    ):
        from ..core.messages import text as words

        outcome.commits.append((author, text))
        changes = [c for c in outcome.applied if c.author == author] or outcome.applied
        said = _("Review by {reviewer}: {title}", reviewer=author, title=outcome.title)
        lines = [f"{words(said, self.lang)} ({outcome.path})", ""]
        for change in changes[:40]:
            lines.append(
                f"- {_shorten(change.old, 200) or '∅'} → {_shorten(change.new, 200) or '∅'}"
            )
        if author != self.reviewer:
            lines += ["", words(_("Sent in by {reviewer}.", reviewer=self.reviewer), self.lang)]
        if others:
            lines += [""] + [f"Co-authored-by: {_person(name)} <>" for name in others]
        return (author, {outcome.path: _encode_text(text, item)}, "\n".join(lines))

    # -- outside the contributions, and comments ----------------------------------------------

    def outside(self) -> list[Elsewhere]:
        found = []
        body = self.document.body
        for region in self.regions:
            mine = region.kind == "contribution" and region.key in self.outcomes
            old = view(body, reject_all, region.indices)
            for paragraph in old:
                if mine and not is_furniture(paragraph.style):
                    continue
                physical = paragraph.physical
                if not any(revisions_of(body[n]) for n in physical):
                    continue
                new = view(body, accept_all, physical)
                before = paragraph.text
                after = " ".join(p.text for p in new)
                where = _where(region, paragraph.style if mine else None)
                for a, b in word_changes(before, after) or [(before, after)]:
                    found.append(Elsewhere(where, a, b))
        return found

    def comments(self) -> None:
        document = self.document
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
        owner_of_note = self._note_owners()
        region_at = {n: region for region in self.regions for n in region.indices}
        roots = _thread_roots(document.comments)
        for ident, comment in document.comments.items():
            if roots[ident] != ident:
                continue
            where = starts.get(ident) or ends.get(ident)
            thread = Thread("", comment.text, comment.author, comment.date, done=comment.done)
            threads[ident] = thread
            if where is None:
                self.elsewhere.append(
                    Elsewhere(_("the title page and how to respond"), comment=thread)
                )
                continue
            story, number, at = where
            thread.quote = _quote(
                stories[story], (number, at), ends.get(ident, (story, number, at))[1:]
            )
            region = self._region_of(story, number, owner_of_note, region_at)
            if region is None or region.kind != "contribution" or region.key not in self.outcomes:
                self.elsewhere.append(Elsewhere(_where(region, None), comment=thread))
                continue
            thread.line = self._line(region.key, story, number, at)
            self.outcomes[region.key].comments.append(thread)
        for ident, comment in document.comments.items():
            root = roots[ident]
            if root != ident and root in threads:
                threads[root].replies.append(Reply(comment.author, comment.date, comment.text))
                threads[root].done = threads[root].done or comment.done

    def _note_owners(self) -> dict[str, str]:
        owners = {}
        for region in self.regions:
            for number in region.indices:
                for char in self.document.body[number].chars:
                    if char.note:
                        owners[char.note] = region.key if region.kind == "contribution" else ""
        return owners

    def _region_of(
        self, story: str, number: int, owners: dict[str, str], region_at: dict[int, Region]
    ) -> Region | None:
        if story == "body":
            return region_at.get(number)
        owner = owners.get(story.removeprefix("note:"), "")
        return next((r for r in self.regions if r.kind == "contribution" and r.key == owner), None)

    def _line(self, ident: str, story_name: str, number: int, at: int) -> int | None:
        """The comment's line in the source as committed today."""
        item = self.items.get(ident)
        if item is None or item.exported is None:
            return None
        paragraphs = (
            self.document.body
            if story_name == "body"
            else self.document.notes.get(story_name.removeprefix("note:"), [])
        )
        for story in item.stories:
            if story.paragraphs is not paragraphs:
                continue
            key = (id(story), number)
            if key not in self._anchors:
                self._anchors[key] = _anchors(story, number, len(paragraphs[number].chars))
            anchors = self._anchors[key]
            found = bisect.bisect_left(anchors, (at, -1))
            if found == len(anchors):
                continue
            line = item.exported.count("\n", 0, anchors[found][1]) + 1
            if ident not in self._lines:
                self._lines[ident] = _line_map(item.exported, item.current)
            lines = self._lines[ident]
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


def _as_recorded(
    root: Path, document: WordDocument, prints: dict[str, str]
) -> tuple[dict[str, str], bool]:
    """The file's fingerprints, narrowed to what roledoc recorded when it made the export
    (its kept copy, when it has one: a property added to the file adds nothing); and whether
    there was such a copy (without one, the file's own word is all there is)."""
    from .rendering import recall_export
    from .wordxml import read_properties

    kept = recall_export(root, document)
    if kept is None:
        return prints, False
    recorded = read_properties(kept)
    return {i: value for i, value in prints.items() if recorded.get(PROPERTY + i) == value}, True


def _person(name: str) -> str:
    """A revision's author as git may record it: one line, no address marks, not too long."""
    return _shorten(re.sub(r"[<>]", "", name), 100)


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


def _internal(exc: Exception) -> Message:
    """A reason for the editors when roledoc itself failed on a change: it is listed, and the
    message says what to report."""
    return _(
        "roledoc could not place this change ({error}); please report it with the file",
        error=type(exc).__name__,
    )


class _Unpaired(Exception):
    def __init__(self, reason: Message) -> None:
        super().__init__(str(reason))
        self.reason = reason


# -- helpers --------------------------------------------------------------------------------------


def describe(unit: Unit) -> list[Change]:
    """A unit's changes in words: the runs of words that differ (a paragraph break is ¶),
    with the paragraph as the reviewer left it."""
    story = unit.story
    physical = sorted(unit.physical)
    before = view(story.paragraphs, reject_all, physical)
    after = view(story.paragraphs, unit.accepts, physical)
    old = " ¶ ".join(p.text for p in before if p.text.strip())
    new = " ¶ ".join(p.text for p in after if p.text.strip())
    context = _shorten(" ".join(p.text for p in after) or old)
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
        words_ = _shorten("".join(formatted).strip(), 80)
        return [Change(words_, f"{words_} ({_look_words(after)})", context, unit.author)]
    kinds = [" ".join(map(str, p.kind)) for p in after]
    return [
        Change(_shorten(old, 80), f"{_shorten(new, 80)} ({', '.join(kinds)})", context, unit.author)
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


def _shorten(text: str, size: int = 240) -> str:
    text = " ".join(text.replace(NOTE, "").split())
    return text if len(text) <= size else text[: size - 1] + "…"


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


_NOTE_MARK = Signature(("footnote", 0), "", ())


def _visible(paragraphs: list[ViewParagraph]) -> list[ViewParagraph]:
    """The paragraphs a reader sees: an empty paragraph (a table cell aside) shows nothing."""
    return [p for p in paragraphs if p.kind[0] == "cell" or signature(p).text]


def _seen(paragraphs: list[ViewParagraph]) -> list[Signature]:
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


def _changes(before: list[Signature], after: list[Signature]) -> list[tuple]:
    """What changed between two paragraph sequences: (old paragraphs, new ones) per place."""
    return [
        (tuple(before[i1:i2]), tuple(after[j1:j2]))
        for op, i1, i2, j1, j2 in diff(before, after)
        if op != "equal"
    ]


def _note_ids(paragraphs: Iterable[ViewParagraph]) -> list[str]:
    return [p.char.note for paragraph in paragraphs for p in paragraph.pieces if p.char.note]


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
    return _shorten(" ".join(p.strip() for p in parts if p.strip()), 300)


def _line_map(exported: str, current: str) -> dict[int, int] | None:
    """Line in the exported source -> the same line in today's (lines that changed since
    have none); None when the source did not change."""
    if exported == current:
        return None
    before, after = exported.split("\n"), current.split("\n")
    return {
        a + k + 1: b + k + 1 for a, b, size in matching_blocks(before, after) for k in range(size)
    }


_STYLES = {
    "byline": _("a byline"),
    "statusnote": _("a status note"),
    "draftnotice": _("the draft notice"),
    "colophon": _("the colophon"),
    "editorstext": _("the editors' text"),
    "alerttitle": _("the title of a call-out"),
}


def _where(region: Region | None, style: str | None) -> Message:
    if style is not None:
        return _STYLES.get(re.sub(r"\s", "", style).casefold(), _("the editors' text"))
    if region is None or region.kind == "front":
        return _("the title page and how to respond")
    if region.kind == "chapter":
        return _("chapter '{title}'", title=region.key)
    if region.kind == "other":
        return _("under the heading '{title}'", title=region.key)
    return _("contribution '{title}'", title=region.key)


def _renumber(edits: list[Edit], unit: int) -> list[Edit]:
    """A unit's edits ordered after the edits of the units before it (at one place, the
    earlier unit's text comes first)."""
    return [Edit(e.start, e.end, e.text, unit * 100000 + e.order) for e in edits]


def _decode(data: bytes) -> tuple[str, bool, bool]:
    text = data.decode("utf-8", "replace")
    bom = text.startswith("\ufeff")
    text = text.lstrip("\ufeff")
    crlf = "\r\n" in text
    return text.replace("\r\n", "\n"), crlf, bom


def _encode(text: str, item: _Contribution) -> bytes:
    return _encode_text(text, item).encode("utf-8")


def _encode_text(text: str, item: _Contribution) -> str:
    """A new source with the file's own line ends and byte-order mark."""
    if item.crlf:
        text = text.replace("\n", "\r\n")
    return ("\ufeff" if item.bom else "") + text


def _body_start(text: str) -> int:
    """Where the body starts: after the front matter, found as check finds it."""
    from ..read.yamlread import split_front_matter

    split = split_front_matter(text)
    if isinstance(split, str):
        return 0
    at = 0
    for _line in range(split.body_line - 1):
        at = text.find("\n", at) + 1 or len(text)
    return at


def _renderer(tree: Path, root: Path):
    """The renderer for the checkout; a project that check refuses at HEAD is refused."""
    from ..publish.build import BuildRefused
    from .rendering import Renderer

    try:
        return Renderer(tree, root)
    except BuildRefused as exc:
        raise RoledocError(
            _(
                "the project as committed (HEAD) has {count} error(s): fix them first "
                "(roledoc check shows them), then import the review",
                count=len(exc.project.errors),
            )
        ) from None


def _reader_format() -> str:
    from ..publish.build import BODY_FORMAT

    return BODY_FORMAT


def _title_leaf(text: str) -> Leaf | None:
    """The contribution's title in its front matter, as characters: a plain, single-quoted or
    double-quoted scalar on the `title:` line."""
    from ..read.yamlread import split_front_matter
    from .source import Atom

    split = split_front_matter(text)
    if isinstance(split, str):
        return None
    front_start = 0
    for _line in range(split.front_line - 1):
        front_start = text.find("\n", front_start) + 1
    match = re.search(r"^title:[ \t]*(.*?)[ \t]*$", split.front, re.MULTILINE)
    if match is None:
        return None
    start = front_start + match.start(1)
    value = match[1]
    atoms: list[Atom] = []
    if value[:1] == '"' and value.endswith('"') and len(value) >= 2:
        index = 1
        while index < len(value) - 1:
            char = value[index]
            if char == "\\" and index + 1 < len(value) - 1:
                escaped = value[index + 1]
                if escaped not in '"\\/':
                    return None
                atoms.append(Atom(escaped, start + index, start + index + 2))
                index += 2
                continue
            atoms.append(Atom(char, start + index, start + index + 1))
            index += 1
        quote = '"'
    elif value[:1] == "'" and value.endswith("'") and len(value) >= 2:
        index = 1
        while index < len(value) - 1:
            if value[index] == "'" and value[index + 1 : index + 2] == "'":
                atoms.append(Atom("'", start + index, start + index + 2))
                index += 2
                continue
            atoms.append(Atom(value[index], start + index, start + index + 1))
            index += 1
        quote = "'"
    else:
        if not value or value[0] in "&*!|>%@`{[" or " #" in value:
            return None
        atoms = [Atom(c, start + i, start + i + 1) for i, c in enumerate(value)]
        quote = ""
    leaf = Leaf("title", atoms, start, start + len(value))
    leaf.quote = quote  # type: ignore[attr-defined]
    return leaf
