"""A reviewer's changes placed in a contribution's Markdown, where the reviewer made them.

A *story* is one stretch of the reviewed file that belongs to one contribution (its title and
body, or one of its footnotes): its paragraphs as exported (every revision rejected), each
paired with the source *leaf* it was made from, character by character
(pipeline/review/source.py). Nothing is searched for: a change is placed at the position the
Word file gives it, in the leaf that paragraph came from.

A *unit* is what is placed or not as a whole: the revisions of one paragraph, or of several
when a revision ties them together (a paragraph mark inserted or deleted, a move, a table
row). Placing a unit gives edits of the source (`Edit`), or the reason it cannot be placed.
Whether the edits do what the reviewer did is not trusted here: the importer renders the
result and compares it with the reviewer's text (pipeline/review/importing.py).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise

from ..core.messages import Message, _
from .source import Atom, Element, Leaf
from .views import Piece, ViewParagraph, char_present, look_in, mark_present, view
from .wordxml import NOTE, OBJECT, Char, Look, Paragraph, Revision

WRAPPABLE = {"strong": "**", "emph": "*", "strike": "~~"}


class NotPlaced(Exception):
    """A unit that cannot be placed exactly: the reason, in words for the editors."""

    def __init__(self, reason: Message) -> None:
        super().__init__(str(reason))
        self.reason = reason


@dataclass(frozen=True)
class Edit:
    """Replace text[start:end] with `text`; edits at one place apply in `order`."""

    start: int
    end: int
    text: str
    order: int = 0


def apply_edits(text: str, edits: list[Edit]) -> str:
    """The text with the edits made. Edits that overlap are an error (NotPlaced), except
    deletions inside a deletion."""
    ordered = sorted(edits, key=lambda e: (e.start, e.end > e.start, e.order))
    out: list[str] = []
    at = 0
    for edit in ordered:
        if edit.start < at:
            if not edit.text and edit.end <= at:
                continue  # inside a deletion already made
            raise NotPlaced(_("two changes overlap in the source"))
        out.append(text[at : edit.start])
        out.append(edit.text)
        at = max(at, edit.end)
    out.append(text[at:])
    return "".join(out)


# -- stories ---------------------------------------------------------------------------------


@dataclass
class Story:
    """One contribution's paragraphs in one story of the file, paired with the source."""

    paragraphs: list[Paragraph]  # the whole story (the body, or one footnote)
    indices: list[int]  # this contribution's paragraphs in it
    old: list[ViewParagraph]  # as exported
    leaves: list[Leaf | None]  # per exported paragraph: the leaf it came from (None: roledoc's)
    atoms: list[list[int | None]]  # per exported paragraph, per character: its atom
    positions: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    heading_shift: int | None = None  # Word's heading level minus the source's
    rendered: list[int | None] = field(default_factory=list)  # per exported paragraph: its
    # place among the rendered source's paragraphs (None: roledoc's, or changed untracked)

    def __post_init__(self) -> None:
        for j, paragraph in enumerate(self.old):
            for k, piece in enumerate(paragraph.pieces):
                self.positions[(piece.paragraph, piece.index)] = (j, k)


@dataclass
class Unit:
    """Revisions that are placed together."""

    story: Story
    physical: list[int]  # its paragraphs (indices into story.paragraphs)
    revisions: set[int]
    authors: Counter = field(default_factory=Counter)
    first: int = 0  # its first revision's key: units keep the file's order

    @property
    def author(self) -> str:
        return self.authors.most_common(1)[0][0] if self.authors else ""

    def accepts(self, revision: Revision) -> bool:
        return revision.key in self.revisions


def units_of(story: Story) -> list[Unit]:
    """The story's revisions grouped into units: paragraphs joined by an inserted or deleted
    paragraph mark, a move, or a table row are one unit."""
    parent = {number: number for number in story.indices}

    def find(number: int) -> int:
        while parent[number] != number:
            parent[number] = parent[parent[number]]
            number = parent[number]
        return number

    def union(a: int, b: int) -> None:
        if a in parent and b in parent:
            parent[find(a)] = find(b)

    moves: dict[str, int] = {}
    rows: dict[tuple[int, int], int] = {}
    for position, number in enumerate(story.indices):
        paragraph = story.paragraphs[number]
        following = story.indices[position + 1] if position + 1 < len(story.indices) else None
        marked = paragraph.mark_inserted or paragraph.mark_deleted
        if (
            marked
            and following == number + 1
            and story.paragraphs[following].cell == paragraph.cell
        ):
            union(number, following)
        for char in paragraph.chars:
            for revision in (char.inserted, char.deleted):
                if revision is not None and revision.move:
                    if revision.move in moves:
                        union(number, moves[revision.move])
                    moves[revision.move] = number
        if paragraph.cell and (paragraph.row_inserted or paragraph.row_deleted):
            key = paragraph.cell[:2]
            if key in rows:
                union(number, rows[key])
            rows[key] = number
    groups: dict[int, Unit] = {}
    for number in story.indices:
        paragraph = story.paragraphs[number]
        revisions = revisions_of(paragraph)
        root = find(number)
        unit = groups.setdefault(root, Unit(story, [], set()))
        unit.physical.append(number)
        for revision in revisions:
            if revision.key not in unit.revisions:
                unit.revisions.add(revision.key)
                unit.authors[revision.author] += 1
                unit.first = min(unit.first or revision.key, revision.key)
    return sorted((u for u in groups.values() if u.revisions), key=lambda u: u.physical[0])


def revisions_of(paragraph: Paragraph) -> list[Revision]:
    """Every revision on a paragraph: its mark, style, row and characters."""
    found = [
        r
        for r in (
            paragraph.mark_inserted,
            paragraph.mark_deleted,
            paragraph.restyled,
            paragraph.row_inserted,
            paragraph.row_deleted,
        )
        if r is not None
    ]
    for char in paragraph.chars:
        found += [r for r in (char.inserted, char.deleted, char.restyled) if r is not None]
    return found


# -- placing a unit ---------------------------------------------------------------------------


@dataclass
class _Break:
    """A paragraph mark the reviewer typed inside an exported paragraph."""

    after: ViewParagraph  # the paragraph it starts


Token = Piece | _Break


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
        if self._rows(new, touched):
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
            if end in marks and mark_present(story.paragraphs[end], _reject):
                found.add(marks[end])
            origin.append(found)
        affected = [n for n, paragraph in enumerate(new) if touched & set(paragraph.physical)]
        old_touched = [
            j for j, paragraph in enumerate(story.old) if touched & set(paragraph.physical)
        ]
        holders = Counter(j for n in range(len(new)) for j in origin[n])
        slots = self._slots(new, origin)
        # Gone: nothing of it left and nothing typed in it (an emptied paragraph too).
        vanished = {
            j
            for j in old_touched
            if story.old[j].pieces
            and not slots.get(j)
            and not (story.leaves[j] is not None and story.leaves[j].kind == "cell")
            and not any(
                (p.paragraph, p.index) in story.positions
                and story.positions[(p.paragraph, p.index)][0] == j
                for paragraph in new
                for p in paragraph.pieces
            )
        }
        for j in old_touched:
            if j in vanished:
                self._remove_leaf(j)
            else:
                self._characters(j, slots.get(j, {}))
        for n in affected:
            kept = sorted(origin[n])
            for a, b in pairwise(kept):
                if any(j not in vanished for j in range(a + 1, b)):
                    raise NotPlaced(_("these paragraphs cannot be joined in the source"))
                self._join(a, b)
            if len(kept) == 1 and holders[kept[0]] == 1:
                self._restyle(kept[0], new[n])
        for n in affected:
            if not origin[n]:
                self._new_paragraph(new, n, origin)
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

    # -- where typed text goes -------------------------------------------------------------

    def _slots(
        self, new: list[ViewParagraph], origin: list[set[int]]
    ) -> dict[int, dict[int, list[Token]]]:
        """Per exported paragraph, per position (before its k-th character): what was typed
        there, characters and paragraph marks in the order typed. Text typed as a paragraph
        of its own is left to _new_paragraph."""
        story, accept = self.story, self.unit.accepts
        ends: dict[int, int] = {}  # physical paragraph whose mark ends new paragraph n -> n
        where: dict[tuple[int, int], int] = {}
        for n, paragraph in enumerate(new):
            ends[paragraph.physical[-1]] = n
            for piece in paragraph.pieces:
                where[(piece.paragraph, piece.index)] = n
        holds_old = {n for n in range(len(new)) if origin[n]}
        slots: dict[int, dict[int, list[Token]]] = {}
        for number in sorted(self.unit.physical):
            paragraph = story.paragraphs[number]
            j, k = self._start(number)
            for index, char in enumerate(paragraph.chars):
                old = story.positions.get((number, index))
                if old is not None:
                    j, k = old[0], old[1] + 1
                    continue
                if not char_present(char, accept) or where.get((number, index)) not in holds_old:
                    continue
                piece = Piece(char, look_in(char, accept), number, index)
                slots.setdefault(j, {}).setdefault(k, []).append(piece)
            n = ends.get(number)
            inserted_mark = mark_present(paragraph, accept) and not mark_present(paragraph, _reject)
            if (
                inserted_mark
                and n is not None
                and n in holds_old
                and n + 1 < len(new)
                and n + 1 in holds_old
            ):
                slots.setdefault(j, {}).setdefault(k, []).append(_Break(new[n + 1]))
        return slots

    def _start(self, number: int) -> tuple[int, int]:
        """The exported position at the start of physical paragraph `number`."""
        for j, paragraph in enumerate(self.story.old):
            if number in paragraph.physical:
                return j, sum(1 for p in paragraph.pieces if p.paragraph < number)
        raise NotPlaced(_("the paragraph cannot be found in the source"))

    # -- characters ------------------------------------------------------------------------

    def _leaf(self, j: int) -> Leaf:
        leaf = self.story.leaves[j]
        if leaf is None:
            raise NotPlaced(_("the change is in roledoc's own text (a byline or a label)"))
        return leaf

    def _characters(self, j: int, slots: dict[int, list[Token]]) -> None:
        story, accept = self.story, self.unit.accepts
        deleted: set[int] = set()
        wanted: dict[int, Look] = {}
        for k, piece in enumerate(story.old[j].pieces):
            char = piece.char
            if not char_present(char, accept):
                deleted.add(k)
            elif char.restyled is not None and accept(char.restyled) and char.look != char.was:
                wanted[k] = char.look
        if not (deleted or wanted or slots):
            return
        leaf = self._leaf(j)
        if leaf.kind == "code":
            raise NotPlaced(_("the change is in a code block, which roledoc does not edit"))
        if leaf.kind == "title" and wanted:
            raise NotPlaced(_("a title has no emphasis of its own"))
        gone = {story.atoms[j][k] for k in deleted}
        if None in gone:
            raise NotPlaced(
                _("the change touches words roledoc adds (a cross-reference, a number)")
            )
        # Where the typed text goes is decided first: what is deleted around it depends on it
        # (emphasis whose word is replaced stays, with the new word in it).
        planned = [(k, self._plan(j, k, leaf, tokens)) for k, tokens in sorted(slots.items())]
        typed = {plan[0] for _k, plan in planned}
        self._delete(leaf, {a for a in gone if a is not None}, typed)
        if wanted:
            self._formatting(j, leaf, wanted, deleted)
        for _k, plan in planned:
            self._type(leaf, *plan)

    def _delete(self, leaf: Leaf, gone: set[int], typed: set[int]) -> None:
        if not gone:
            return
        atoms = leaf.atoms
        whole: list[Element] = []
        for element in leaf.elements:
            inside = [i for i, a in enumerate(atoms) if element in a.context]
            visible = [i for i in inside if atoms[i].text.strip()]
            receives = any(element.inner_start <= at <= element.inner_end for at in typed)
            if (
                visible
                and all(i in gone for i in visible)
                and not (receives and element.kind in {*WRAPPABLE, "link", "code"})
            ):
                whole.append(element)  # nothing of it left: delimiters and target go too
        for element in whole:
            self.edit(element.start, element.end, "")
        for index in sorted(gone):
            self.edit(atoms[index].start, atoms[index].end, "")
            if atoms[index].text == NOTE and self.notes is not None:
                self.notes.dropped(atoms[index], self)
        # A space left at the edge of emphasis or a link's text moves outside it (unless
        # typed text comes between it and the edge).
        for element in leaf.elements:
            if element in whole or element.kind not in {*WRAPPABLE, "link"}:
                continue
            if element.start == element.inner_start:
                continue
            remaining = [i for i, a in enumerate(atoms) if element in a.context and i not in gone]
            if not remaining:
                continue
            first, last = atoms[remaining[0]], atoms[remaining[-1]]
            if not first.text.strip() and not any(
                element.inner_start <= at <= first.start for at in typed
            ):
                self.edit(first.start, first.end, "")
                if element.start > 0 and not self.text[element.start - 1].isspace():
                    self.edit(element.start, element.start, " ")
            if (
                not last.text.strip()
                and last is not first
                and not any(last.end <= at <= element.inner_end for at in typed)
            ):
                self.edit(last.start, last.end, "")
                if element.end < len(self.text) and not self.text[element.end].isspace():
                    self.edit(element.end, element.end, " ")

    def _formatting(self, j: int, leaf: Leaf, wanted: dict[int, Look], deleted: set[int]) -> None:
        """Emphasis, bold or strikethrough the reviewer added or removed."""
        story = self.story
        pieces = story.old[j].pieces
        atoms = leaf.atoms
        want: dict[int, frozenset[str]] = {}
        for k, piece in enumerate(pieces):
            index = story.atoms[j][k]
            if k in deleted:
                continue
            if index is None:
                if k in wanted:
                    raise NotPlaced(
                        _("the change touches words roledoc adds (a cross-reference, a number)")
                    )
                continue
            if k in wanted and wanted[k].link != piece.char.was.link:
                raise NotPlaced(_("a link was added or removed without Track Changes"))
            want[index] = wanted.get(k, piece.look).marks
        changed = {m for k in wanted for m in wanted[k].marks ^ pieces[k].char.was.marks}
        spaces = {i for i, a in enumerate(atoms) if not a.text.strip()}
        for mark in sorted(changed):
            if mark not in WRAPPABLE:
                raise NotPlaced(_("this formatting cannot be written in GitHub's Markdown"))
            had = {i for i, a in enumerate(atoms) if any(e.kind == mark for e in a.context)}
            should = {i for i, marks in want.items() if mark in marks}
            unwrapped: set[int] = set()
            for element in leaf.elements:
                if element.kind != mark:
                    continue
                inside = [i for i, a in enumerate(atoms) if element in a.context]
                if not any(i in want and i not in should and i not in spaces for i in inside):
                    continue
                self.edit(element.start, element.inner_start, "")
                self.edit(element.inner_end, element.end, "")
                unwrapped |= set(inside)
                delimiter = self.text[element.start : element.inner_start]
                for run in _runs([i for i in inside if i in should], atoms):
                    self._wrap(run, atoms, delimiter)
            for run in _runs(sorted(should - had - unwrapped), atoms):
                self._wrap(run, atoms, WRAPPABLE[mark])

    def _wrap(self, run: list[int], atoms: list[Atom], delimiter: str) -> None:
        while run and not atoms[run[0]].text.strip():
            run = run[1:]
        while run and not atoms[run[-1]].text.strip():
            run = run[:-1]
        if not run:
            return
        if delimiter.startswith("_"):  # `_` does not work inside a word; `*` does
            delimiter = "*" * len(delimiter)
        self.edit(atoms[run[0]].start, atoms[run[0]].start, delimiter)
        self.edit(atoms[run[-1]].end, atoms[run[-1]].end, delimiter)

    # -- typed text ------------------------------------------------------------------------

    def _plan(self, j: int, k: int, leaf: Leaf, tokens: list[Token]):
        """Where what was typed before the k-th exported character of paragraph j goes:
        (offset, the atom left of it, the typed text in paragraphs)."""
        index_of = self.story.atoms[j]
        count = len(index_of)
        beside_ours = (k > 0 and index_of[k - 1] is not None) or (
            k < count and index_of[k] is not None
        )
        if not beside_ours:
            raise NotPlaced(
                _("the change touches words roledoc adds (a cross-reference, a number)")
            )
        before = next((index_of[i] for i in range(k - 1, -1, -1) if index_of[i] is not None), None)
        after = next((index_of[i] for i in range(k, count) if index_of[i] is not None), None)
        left = leaf.atoms[before] if before is not None else None
        right = leaf.atoms[after] if after is not None else None
        groups: list[list[Token]] = [[]]
        for token in tokens:
            if isinstance(token, _Break):
                groups.append([token])
            else:
                groups[-1].append(token)
        if left is None and len(groups) > 1:
            raise NotPlaced(_("a new paragraph cannot be placed here"))
        first = [t for t in groups[0] if isinstance(t, Piece)]
        if leaf.kind == "title":
            if len(groups) > 1:
                raise NotPlaced(_("a new paragraph cannot be placed here"))
            offset = left.end if left is not None else right.start  # type: ignore[union-attr]
            return offset, left, groups
        return self._offset(leaf, left, right, _look_of(first)), left, groups

    def _type(self, leaf: Leaf, offset: int, left: Atom | None, groups: list[list[Token]]) -> None:
        first = [t for t in groups[0] if isinstance(t, Piece)]
        if leaf.kind == "title":
            self.edit(offset, offset, _title_text(first, getattr(leaf, "quote", "")))
            return
        if first:
            self.edit(offset, offset, self._markdown(first, leaf, offset))
        for group in groups[1:]:
            brk, pieces = group[0], [t for t in group[1:] if isinstance(t, Piece)]
            assert isinstance(brk, _Break)
            separator = self._separator(leaf, brk.after)
            text = escape_line_start(self._markdown(pieces, leaf, offset)) if pieces else ""
            spaces = len(self.text[:offset]) - len(self.text[:offset].rstrip(" \t"))
            if spaces and left is not None and offset - spaces >= left.start:
                self.edit(offset - spaces, offset, "")  # no spaces left at a line's end
            self.edit(offset, offset, separator + text)

    def _offset(self, leaf: Leaf, left: Atom | None, right: Atom | None, look: Look | None) -> int:
        """Where typed text goes between two atoms: the place whose emphasis and link are the
        typed text's own, else the plainest place."""
        if left is None and right is None:
            if leaf.kind == "cell":
                return leaf.start
            raise NotPlaced(_("the paragraph has no text of its own to place the change in"))
        low = left.end if left is not None else right.start  # type: ignore[union-attr]
        high = right.start if right is not None else left.end  # type: ignore[union-attr]
        candidates = {low, high}
        for element in leaf.elements:
            for point in (element.start, element.inner_start, element.inner_end, element.end):
                if low <= point <= high:
                    candidates.add(point)
        wanted = look.marks - {"underline"} if look is not None else frozenset()
        link = look is not None and look.link is not None

        def rank(point: int) -> tuple:
            marks, in_link = self._context(leaf, point), self._in_link(leaf, point)
            return (
                marks != wanted or in_link != link,
                not marks <= wanted,
                in_link and not link,
                -len(marks & wanted),
                abs(point - low),
            )

        return min(sorted(candidates), key=rank)

    def _context(self, leaf: Leaf, offset: int) -> frozenset[str]:
        return frozenset(
            e.kind for e in _around(leaf, offset) if e.kind in WRAPPABLE or e.kind == "code"
        )

    def _in_link(self, leaf: Leaf, offset: int) -> bool:
        return any(e.kind == "link" for e in _around(leaf, offset))

    def _markdown(self, pieces: list[Piece], leaf: Leaf | None, offset: int) -> str:
        """Typed characters as Markdown at `offset` of `leaf` (None: a place of its own):
        escaped, the emphasis the place does not give them written around them, a new
        footnote as a reference (and its definition at the end of the file)."""
        context = self._context(leaf, offset) if leaf is not None else frozenset()
        in_link = self._in_link(leaf, offset) if leaf is not None else False
        runs: list[tuple[Look, list[Piece]]] = []
        for piece in pieces:
            if (
                runs
                and runs[-1][0] == piece.look
                and piece.char.text != NOTE
                and runs[-1][1][-1].char.text != NOTE
            ):
                runs[-1][1].append(piece)
            else:
                runs.append((piece.look, [piece]))
        out: list[str] = []
        for look, run in runs:
            if run[0].char.text == NOTE:
                if self.notes is None:
                    raise NotPlaced(_("a new footnote cannot be placed here"))
                out.append(self.notes.added(run[0].char, self))
                continue
            out.append(_typed(run, look, context, in_link))
        return "".join(out)

    # -- paragraphs ------------------------------------------------------------------------

    def _separator(self, leaf: Leaf, following: ViewParagraph) -> str:
        """What starts a new paragraph of `following`'s kind inside or after `leaf`'s text."""
        kind, level = following.kind
        if leaf.kind in {"cell", "caption", "image", "code", "title"}:
            raise NotPlaced(_("a new paragraph cannot be placed here"))
        quote = "> " if leaf.quoted else ""
        if kind == "heading":
            if leaf.quoted or leaf.kind == "item":
                raise NotPlaced(_("a new paragraph cannot be placed here"))
            return "\n\n" + "#" * self._source_level(level) + " "
        if kind == "item":
            if leaf.kind == "item" and leaf.first_in_item:
                return "\n" + leaf.indent + leaf.marker
            return "\n\n" + quote + "- "
        if leaf.kind == "item":
            return "\n\n" + leaf.indent + " " * len(leaf.marker)
        return "\n>\n" + quote if leaf.quoted else "\n\n"

    def _source_level(self, level: int) -> int:
        shift = self.story.heading_shift
        wanted = level - (shift if shift is not None else 1)
        if level < 3 or not 1 <= wanted <= 6:
            raise NotPlaced(_("a heading at this level cannot be placed here"))
        return wanted

    def _new_paragraph(self, new: list[ViewParagraph], n: int, origin: list[set[int]]) -> None:
        """A paragraph the reviewer added whole: after the exported paragraph before it, or
        else before the one after it."""
        paragraph = new[n]
        previous = next((m for m in range(n - 1, -1, -1) if origin[m]), None)
        following = next((m for m in range(n + 1, len(new)) if origin[m]), None)
        pieces = list(paragraph.pieces)
        reasons: list[NotPlaced] = []
        if previous is not None and self.story.leaves[max(origin[previous])] is not None:
            leaf = self._leaf(max(origin[previous]))
            try:
                at, separator = self._after(leaf, paragraph)
                text = escape_line_start(self._markdown(pieces, None, at))
                self.edit(at, at, separator + text)
                return
            except NotPlaced as exc:
                reasons.append(exc)
        if following is not None and self.story.leaves[min(origin[following])] is not None:
            leaf = self._leaf(min(origin[following]))
            start, prefix, glue = self._before(leaf, paragraph)
            text = escape_line_start(self._markdown(pieces, None, start))
            self.edit(start, start, prefix + text + glue)
            return
        raise reasons[0] if reasons else NotPlaced(_("a new paragraph cannot be placed here"))

    def _after(self, leaf: Leaf, paragraph: ViewParagraph) -> tuple[int, str]:
        kind, level = paragraph.kind
        if leaf.kind in {"cell", "caption", "image", "title", "code", "rule"}:
            raise NotPlaced(_("a new paragraph cannot be placed here"))
        if leaf.kind == "item" and kind == "item" and leaf.first_in_item:
            return self._line_end(_text_end(leaf)), "\n" + leaf.indent + leaf.marker
        if leaf.kind == "item" or leaf.block is None:
            raise NotPlaced(_("a new paragraph cannot be placed here"))
        end = leaf.block[1]
        if kind == "heading":
            if leaf.quoted:
                raise NotPlaced(_("a new paragraph cannot be placed here"))
            return end, "\n\n" + "#" * self._source_level(level) + " "
        if kind == "item":
            return end, "\n\n" + ("> " if leaf.quoted else "") + "- "
        return end, "\n>\n> " if leaf.quoted else "\n\n"

    def _before(self, leaf: Leaf, paragraph: ViewParagraph) -> tuple[int, str, str]:
        kind, level = paragraph.kind
        if leaf.kind in {"cell", "caption", "title", "code"} or leaf.block is None:
            raise NotPlaced(_("a new paragraph cannot be placed here"))
        if leaf.kind == "item":
            if kind != "item" or not leaf.first_in_item or leaf.item is None:
                raise NotPlaced(_("a new paragraph cannot be placed here"))
            return leaf.item[0], leaf.indent + leaf.marker, "\n"
        start = leaf.block[0]
        if kind == "heading":
            if leaf.quoted:
                raise NotPlaced(_("a new paragraph cannot be placed here"))
            return start, "#" * self._source_level(level) + " ", "\n\n"
        if kind == "item":
            return start, "- ", "\n\n"
        return start, "> " if leaf.quoted else "", "\n>\n> " if leaf.quoted else "\n\n"

    def _remove_leaf(self, j: int) -> None:
        """An exported paragraph of which nothing is left: its block goes, marks and all."""
        leaf = self._leaf(j)
        if leaf.kind in {"cell", "title", "caption"}:
            raise NotPlaced(_("a table cell, a title or a caption cannot be removed whole"))
        if leaf.kind == "item" and leaf.first_in_item and leaf.item is not None:
            start = leaf.item[0]
            end = self._line_end(max(start, leaf.item[1] - 1))
            if re.search(r"\n[ \t>]*(?:[-*+]|\d{1,9}[.)])[ \t]", self.text[start:end]):
                raise NotPlaced(_("a list item with items of its own cannot be removed whole"))
            self.edit(start, min(len(self.text), end + 1), "")
            return
        if leaf.block is None:
            raise NotPlaced(_("the paragraph cannot be found in the source"))
        start, end = leaf.block
        end = min(len(self.text), end + 1)
        alone = start == 0 or self.text[max(0, start - 2) : start] == "\n\n"
        if alone and self.text[end : end + 1] == "\n":
            end += 1  # its blank line too
        self.edit(start, end, "")

    def _join(self, a: int, b: int) -> None:
        """Two exported paragraphs the reviewer made one: what stands between their texts
        goes, when it is only what separates paragraphs (blank lines, a list marker, `>`)."""
        first, second = self._leaf(a), self._leaf(b)
        fixed = {"cell", "title", "caption", "image", "code", "rule"}
        if not first.atoms or not second.atoms or first.kind in fixed or second.kind in fixed:
            raise NotPlaced(_("these paragraphs cannot be joined in the source"))
        end, start = _text_end(first), _text_start(second)
        between = self.text[end:start]
        if b == a + 1 and (
            end > start
            or not re.fullmatch(
                r"[ \t]*\n(?:[ \t>]*\n)*[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?(?:#{1,6}[ \t]+)?",
                between,
            )
        ):
            raise NotPlaced(_("these paragraphs cannot be joined in the source"))
        self.edit(end, start, "")

    def _restyle(self, j: int, now: ViewParagraph) -> None:
        """An exported paragraph whose kind the reviewer changed: a heading's level, a
        paragraph made a heading or a heading made a paragraph."""
        old = self.story.old[j]
        if old.kind == now.kind:
            return
        leaf = self._leaf(j)
        (was, _was_level), (kind, level) = old.kind, now.kind
        if leaf.quoted or not {was, kind} <= {"heading", "paragraph"}:
            raise NotPlaced(_("this change of style cannot be written in the source"))
        if leaf.kind not in {"heading", "paragraph"} or leaf.block is None:
            raise NotPlaced(_("this change of style cannot be written in the source"))
        start, end = leaf.block
        line = self.text[start:end]
        if "\n" in line:
            raise NotPlaced(_("a heading must be one line"))
        if was == "heading":
            head = re.match(r"#{1,6}[ \t]+", line)
            if head is None:
                raise NotPlaced(_("this change of style cannot be written in the source"))
            prefix = "#" * self._source_level(level) + " " if kind == "heading" else ""
            self.edit(start, start + head.end(), prefix)
            closing = re.search(r"[ \t]+#+[ \t]*$", line)
            if closing and kind != "heading":
                self.edit(start + closing.start(), end, "")
            return
        self.edit(start, start, "#" * self._source_level(level) + " ")

    def _line_end(self, at: int) -> int:
        end = self.text.find("\n", at)
        return len(self.text) if end < 0 else end

    # -- table rows ------------------------------------------------------------------------

    def _rows(self, new: list[ViewParagraph], touched: set[int]) -> bool:
        """A table row the reviewer inserted or deleted; True when the unit was one."""
        story = self.story
        paragraphs = [story.paragraphs[i] for i in sorted(touched)]
        if not any(p.row_inserted or p.row_deleted for p in paragraphs):
            return False
        rows = {p.cell[:2] for p in paragraphs if p.cell}
        if len(rows) != 1 or any(p.cell is None for p in paragraphs):
            raise NotPlaced(_("this change to the table cannot be written in the source"))
        if paragraphs[0].row_deleted is not None and paragraphs[0].row_inserted is None:
            cells = [j for j, p in enumerate(story.old) if set(p.physical) & touched]
            lines = {self._leaf(j).row_line for j in cells}
            if len(lines) != 1 or None in lines or any(self._leaf(j).row == 0 for j in cells):
                raise NotPlaced(_("this change to the table cannot be written in the source"))
            start, end = next(iter(lines))  # type: ignore[misc]
            self.edit(start, min(len(self.text), end + 1), "")
            return True
        if paragraphs[0].row_deleted is not None:
            return True  # inserted and deleted again: nothing to do
        before = self._row_before(min(touched))
        if before is None or before.row_line is None:
            raise NotPlaced(_("this change to the table cannot be written in the source"))
        cells = [p for p in new if set(p.physical) & touched]
        texts = [self._markdown(list(cell.pieces), None, 0).strip() for cell in cells]
        line = before.row_line
        if before.row == 0:  # after the header: below the delimiter row
            line = (line[0], self._line_end(line[1] + 1))
        if len(texts) != _column_count(self.text[line[0] : line[1]]):
            raise NotPlaced(_("this change to the table cannot be written in the source"))
        self.edit(line[1], line[1], "\n| " + " | ".join(texts) + " |")
        return True

    def _row_before(self, number: int) -> Leaf | None:
        story = self.story
        for j in range(len(story.old) - 1, -1, -1):
            paragraph = story.old[j]
            if paragraph.physical and paragraph.physical[-1] < number:
                leaf = story.leaves[j]
                return leaf if leaf is not None and leaf.kind == "cell" else None
        return None


def _around(leaf: Leaf, offset: int) -> list[Element]:
    """The elements whose content holds `offset` (at a delimiter: outside it)."""
    return [
        e
        for e in leaf.elements
        if e.inner_start <= offset <= e.inner_end
        and not (offset == e.start and e.start != e.inner_start)
        and not (offset == e.end and e.end != e.inner_end)
        and e.kind not in {"note", "image"}
    ]


def _typed(run: list[Piece], look: Look, context: frozenset[str], in_link: bool) -> str:
    """One run of typed characters with one look, as Markdown where the place gives it
    `context`."""
    if any(p.char.text == OBJECT for p in run):
        raise NotPlaced(_("an image or object cannot be added in Word"))
    text = "".join(p.char.text for p in run).replace("\t", " ").replace("\u00a0", " ")
    if "\n" in text:
        raise NotPlaced(_("a line break cannot be placed inside a paragraph"))
    if "underline" in look.marks or {"sup", "sub", "smallcaps"} & (look.marks ^ context):
        raise NotPlaced(_("this formatting cannot be written in GitHub's Markdown"))
    if "code" in context:
        if "`" in text or "code" not in look.marks:
            raise NotPlaced(_("this formatting cannot be written in GitHub's Markdown"))
        return text
    marks = set(look.marks)
    core = escape_typed(text.strip())
    if "code" in marks:
        if "`" in text:
            raise NotPlaced(_("this formatting cannot be written in GitHub's Markdown"))
        core = "`" + text.strip() + "`"
        marks.discard("code")
    if core:
        for mark in sorted((marks - context) | (context - marks - {"code"})):
            if mark not in WRAPPABLE:
                raise NotPlaced(_("this formatting cannot be written in GitHub's Markdown"))
            core = WRAPPABLE[mark] + core + WRAPPABLE[mark]
    if look.link is not None and not in_link:
        if not re.match(r"(?:https?://|mailto:)[^\s<>]*$", look.link):
            raise NotPlaced(_("a link to a place in the document cannot be added in Word"))
        core = f"[{core}](<{look.link}>)"
    elif look.link is None and in_link:
        raise NotPlaced(_("the typed text would become part of a link"))
    return _keep_edges(text, core)


def _title_text(pieces: list[Piece], quote: str) -> str:
    """Typed characters in a title, which is plain text in YAML: no marks, quoted as the
    title's scalar is."""
    if any(p.look.marks or p.look.link or p.char.text in {NOTE, OBJECT, "\n"} for p in pieces):
        raise NotPlaced(_("a title has no emphasis of its own"))
    text = "".join(p.char.text for p in pieces).replace("\t", " ")
    if quote == '"':
        return text.replace("\\", "\\\\").replace('"', '\\"')
    if quote == "'":
        return text.replace("'", "''")
    if ": " in text or " #" in text or text.endswith(":"):
        raise NotPlaced(_("the title would need quotes in its front matter"))
    return text


def _text_end(leaf: Leaf) -> int:
    last = leaf.atoms[-1].end
    return max([last, *(e.end for e in leaf.elements if e.start < last <= e.end)])


def _text_start(leaf: Leaf) -> int:
    first = leaf.atoms[0].start
    return min([first, *(e.start for e in leaf.elements if e.start <= first < e.end)])


def _column_count(row: str) -> int:
    cells = re.split(r"(?<!\\)\|", row.strip())
    if cells and not cells[0].strip():
        cells = cells[1:]
    if cells and not cells[-1].strip():
        cells = cells[:-1]
    return len(cells)


def _reject(_revision: Revision) -> bool:
    return False


def _look_of(pieces: list[Piece]) -> Look | None:
    for piece in pieces:
        if piece.char.text.strip() and piece.char.text != NOTE:
            return piece.look
    return None


def _runs(indices: list[int], atoms: list[Atom]) -> list[list[int]]:
    """Consecutive atoms with the same elements around them (links, code), to wrap."""
    runs: list[list[int]] = []
    for i in sorted(indices):
        if runs and runs[-1][-1] == i - 1 and _outer(atoms[i]) == _outer(atoms[i - 1]):
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def _outer(atom: Atom) -> tuple[Element, ...]:
    return tuple(e for e in atom.context if e.kind not in WRAPPABLE)


def _keep_edges(text: str, core: str) -> str:
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :] if text.strip() else ""
    return lead + core + trail


# What a reviewer types that Markdown would read as marks: escaped, so that it arrives as
# words. (Not assemble.escape_markup, which also escapes `.`, `-` and more: right for text
# nobody reads as source, noise in a contribution its authors edit.)
_INLINE_MARKS = re.compile(r"[\\`*_\[\]<>~|]|&(?=#?[A-Za-z0-9]+;)")


def escape_typed(text: str) -> str:
    """A reviewer's words as Markdown that shows them as typed."""
    return _INLINE_MARKS.sub(lambda m: "\\" + m[0], text)


def escape_line_start(text: str) -> str:
    """Typed words at the start of a line: not a heading, list, quote or rule."""
    number = re.match(r"\s*\d{1,9}(?=[.)](?:\s|$))", text)
    if number:
        return text[: number.end()] + "\\" + text[number.end() :]
    if re.match(r"\s*[#>+\-=]", text):
        stripped = text.lstrip()
        return text[: len(text) - len(stripped)] + "\\" + stripped
    return text


# -- footnotes ---------------------------------------------------------------------------------


class NoteMaker:
    """New footnotes (a reference typed with Word's Insert Footnote) and footnotes whose
    reference the reviewer deleted."""

    def __init__(self, text: str, labels: set[str], stories: dict[str, list[Paragraph]]) -> None:
        self.text = text
        self.labels = set(labels)
        self.stories = stories  # note id -> its paragraphs in the file
        self.definitions: list[str] = []
        self.references: Counter = Counter(re.findall(r"\[\^([^\]\s]+)\](?!:)", text))
        self.definition_ranges: dict[str, tuple[int, int]] = {}

    def added(self, char: Char, placer: Placer) -> str:
        paragraphs = self.stories.get(char.note or "", [])
        if not paragraphs or any(
            c.inserted is None for p in paragraphs for c in p.chars if c.text.strip()
        ):
            raise NotPlaced(_("a new footnote cannot be placed here"))
        number = 1
        while str(number) in self.labels:
            number += 1
        label = str(number)
        self.labels.add(label)
        parts = []
        for paragraph in paragraphs:
            pieces = [
                Piece(c, c.look, 0, i)
                for i, c in enumerate(paragraph.chars)
                if c.inserted is not None and c.deleted is None
            ]
            text = "".join(p.char.text for p in pieces).strip()
            if text:
                parts.append(escape_line_start(escape_typed(text)))
        if not parts:
            raise NotPlaced(_("a new footnote cannot be placed here"))
        definition = f"[^{label}]: " + "\n\n    ".join(parts)
        placer.edit(len(self.text), len(self.text), _definition_glue(self.text) + definition + "\n")
        return f"[^{label}]"

    def dropped(self, atom: Atom, placer: Placer) -> None:
        label = self.text[atom.start : atom.end].strip("[]^")
        self.references[label] -= 1
        if self.references[label] > 0:
            return
        where = self.definition_ranges.get(label)
        if where is not None:
            start, end = where
            end = min(len(self.text), end + 1)
            if self.text[end : end + 1] == "\n":
                end += 1
            placer.edit(start, end, "")


def _definition_glue(text: str) -> str:
    if text.endswith("\n\n"):
        return ""
    return "\n" if text.endswith("\n") else "\n\n"
