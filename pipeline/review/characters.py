"""Characters a reviewer deleted, typed or reformatted inside exported paragraphs, as edits of
the leaves they came from: where typed text goes (slots between exported characters, the place
whose emphasis and link are its own), what goes with deleted text (emphasis or a link emptied
whole), emphasis added or removed as delimiters, and paragraph marks typed inside a paragraph.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..core.messages import _
from .edits import NotPlaced
from .paragraphs import paragraph_separator
from .source import Atom, Element, Leaf
from .typed import WRAPPABLE, context_at, escape_line_start, inside_link, title_text, typed_markdown
from .views import Piece, ViewParagraph, char_present, look_in, mark_present, reject_all
from .wordmodel import NOTE, Look

if TYPE_CHECKING:
    from .placing import Placer


@dataclass
class _Break:
    """A paragraph mark the reviewer typed inside an exported paragraph."""

    after: ViewParagraph  # the paragraph it starts


Token = Piece | _Break


def typed_slots(
    placer: Placer, new: list[ViewParagraph], origin: list[set[int]]
) -> dict[int, dict[int, list[Token]]]:
    """Per exported paragraph, per position (before its k-th character): what was typed
    there, characters and paragraph marks in the order typed. Text typed as a paragraph
    of its own is left to paragraphs.new_paragraph."""
    story, accept = placer.story, placer.unit.accepts
    ends: dict[int, int] = {}  # physical paragraph whose mark ends new paragraph n -> n
    where: dict[tuple[int, int], int] = {}
    for n, shown in enumerate(new):
        ends[shown.physical[-1]] = n
        for piece in shown.pieces:
            where[(piece.paragraph, piece.index)] = n
    holds_old = {n for n in range(len(new)) if origin[n]}
    slots: dict[int, dict[int, list[Token]]] = {}
    for number in sorted(placer.unit.physical):
        paragraph = story.paragraphs[number]
        j, k = _start(placer, number)
        for index, char in enumerate(paragraph.chars):
            old = story.positions.get((number, index))
            if old is not None:
                j, k = old[0], old[1] + 1
                continue
            if not char_present(char, accept) or where.get((number, index)) not in holds_old:
                continue
            piece = Piece(char, look_in(char, accept), number, index)
            slots.setdefault(j, {}).setdefault(k, []).append(piece)
        ended = ends.get(number)
        inserted_mark = mark_present(paragraph, accept) and not mark_present(paragraph, reject_all)
        if (
            inserted_mark
            and ended is not None
            and ended in holds_old
            and ended + 1 < len(new)
            and ended + 1 in holds_old
        ):
            slots.setdefault(j, {}).setdefault(k, []).append(_Break(new[ended + 1]))
    return slots


def _start(placer: Placer, number: int) -> tuple[int, int]:
    """The exported position at the start of physical paragraph `number`."""
    for j, paragraph in enumerate(placer.story.old):
        if number in paragraph.physical:
            return j, sum(1 for p in paragraph.pieces if p.paragraph < number)
    raise NotPlaced(_("the paragraph cannot be found in the source"))


def edit_characters(placer: Placer, j: int, slots: dict[int, list[Token]]) -> None:
    story, accept = placer.story, placer.unit.accepts
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
    leaf = placer.leaf(j)
    if leaf.kind == "code":
        raise NotPlaced(_("the change is in a code block, which roledoc does not edit"))
    if leaf.kind == "title" and wanted:
        raise NotPlaced(_("a title has no emphasis of its own"))
    gone = {story.atoms[j][k] for k in deleted}
    if None in gone:
        raise NotPlaced(_("the change touches words roledoc adds (a cross-reference, a number)"))
    # Where the typed text goes is decided first: what is deleted around it depends on it
    # (emphasis whose word is replaced stays, with the new word in it).
    planned = [(k, _plan(placer, j, k, leaf, tokens)) for k, tokens in sorted(slots.items())]
    typed = {plan[0] for _k, plan in planned}
    _delete(placer, leaf, {a for a in gone if a is not None}, typed)
    if wanted:
        _formatting(placer, j, leaf, wanted, deleted)
    for _k, plan in planned:
        _type(placer, leaf, *plan)


def _delete(placer: Placer, leaf: Leaf, gone: set[int], typed: set[int]) -> None:
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
        placer.edit(element.start, element.end, "")
    for index in sorted(gone):
        placer.edit(atoms[index].start, atoms[index].end, "")
        if atoms[index].text == NOTE and placer.notes is not None:
            placer.notes.dropped(atoms[index], placer)
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
            placer.edit(first.start, first.end, "")
            if element.start > 0 and not placer.text[element.start - 1].isspace():
                placer.edit(element.start, element.start, " ")
        if (
            not last.text.strip()
            and last is not first
            and not any(last.end <= at <= element.inner_end for at in typed)
        ):
            placer.edit(last.start, last.end, "")
            if element.end < len(placer.text) and not placer.text[element.end].isspace():
                placer.edit(element.end, element.end, " ")


def _formatting(
    placer: Placer, j: int, leaf: Leaf, wanted: dict[int, Look], deleted: set[int]
) -> None:
    """Emphasis, bold or strikethrough the reviewer added or removed."""
    story = placer.story
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
            placer.edit(element.start, element.inner_start, "")
            placer.edit(element.inner_end, element.end, "")
            unwrapped |= set(inside)
            delimiter = placer.text[element.start : element.inner_start]
            for run in _runs([i for i in inside if i in should], atoms):
                _wrap(placer, run, atoms, delimiter)
        for run in _runs(sorted(should - had - unwrapped), atoms):
            _wrap(placer, run, atoms, WRAPPABLE[mark])


def _wrap(placer: Placer, run: list[int], atoms: list[Atom], delimiter: str) -> None:
    while run and not atoms[run[0]].text.strip():
        run = run[1:]
    while run and not atoms[run[-1]].text.strip():
        run = run[:-1]
    if not run:
        return
    if delimiter.startswith("_"):  # `_` does not work inside a word; `*` does
        delimiter = "*" * len(delimiter)
    placer.edit(atoms[run[0]].start, atoms[run[0]].start, delimiter)
    placer.edit(atoms[run[-1]].end, atoms[run[-1]].end, delimiter)


def _plan(placer: Placer, j: int, k: int, leaf: Leaf, tokens: list[Token]):
    """Where what was typed before the k-th exported character of paragraph j goes:
    (offset, the atom left of it, the typed text in paragraphs)."""
    index_of = placer.story.atoms[j]
    count = len(index_of)
    beside_ours = (k > 0 and index_of[k - 1] is not None) or (k < count and index_of[k] is not None)
    if not beside_ours:
        raise NotPlaced(_("the change touches words roledoc adds (a cross-reference, a number)"))
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
    return _offset(leaf, left, right, _look_of(first)), left, groups


def _type(
    placer: Placer, leaf: Leaf, offset: int, left: Atom | None, groups: list[list[Token]]
) -> None:
    first = [t for t in groups[0] if isinstance(t, Piece)]
    if leaf.kind == "title":
        placer.edit(offset, offset, title_text(first, getattr(leaf, "quote", "")))
        return
    if first:
        placer.edit(offset, offset, typed_markdown(placer, first, leaf, offset))
    for group in groups[1:]:
        brk, pieces = group[0], [t for t in group[1:] if isinstance(t, Piece)]
        assert isinstance(brk, _Break)
        separator = paragraph_separator(placer, leaf, brk.after)
        text = escape_line_start(typed_markdown(placer, pieces, leaf, offset)) if pieces else ""
        spaces = len(placer.text[:offset]) - len(placer.text[:offset].rstrip(" \t"))
        if spaces and left is not None and offset - spaces >= left.start:
            placer.edit(offset - spaces, offset, "")  # no spaces left at a line's end
        placer.edit(offset, offset, separator + text)


def _offset(leaf: Leaf, left: Atom | None, right: Atom | None, look: Look | None) -> int:
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
        marks, in_link = context_at(leaf, point), inside_link(leaf, point)
        return (
            marks != wanted or in_link != link,
            not marks <= wanted,
            in_link and not link,
            -len(marks & wanted),
            abs(point - low),
        )

    return min(sorted(candidates), key=rank)


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
