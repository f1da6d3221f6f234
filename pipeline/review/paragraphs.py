"""Whole paragraphs and table rows a reviewer changed, as edits of the source's blocks: a
paragraph added (after the one before it, or before the one after it), removed with its marks,
two joined into one, a heading's level or a paragraph's kind changed, a paragraph mark typed
inside one (what starts the new paragraph), a table row inserted or deleted."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..core.messages import _
from .edits import NotPlaced
from .source import Leaf
from .typed import escape_line_start, typed_markdown
from .views import ViewParagraph

if TYPE_CHECKING:
    from .placing import Placer


def paragraph_separator(placer: Placer, leaf: Leaf, following: ViewParagraph) -> str:
    """What starts a new paragraph of `following`'s kind inside or after `leaf`'s text."""
    kind, level = following.kind
    if leaf.kind in {"cell", "caption", "image", "code", "title"}:
        raise NotPlaced(_("a new paragraph cannot be placed here"))
    quote = "> " if leaf.quoted else ""
    if kind == "heading":
        if leaf.quoted or leaf.kind == "item":
            raise NotPlaced(_("a new paragraph cannot be placed here"))
        return "\n\n" + "#" * _source_level(placer, level) + " "
    if kind == "item":
        if leaf.kind == "item" and leaf.first_in_item:
            return "\n" + leaf.indent + leaf.marker
        return "\n\n" + quote + "- "
    if leaf.kind == "item":
        return "\n\n" + leaf.indent + " " * len(leaf.marker)
    return "\n>\n" + quote if leaf.quoted else "\n\n"


def _source_level(placer: Placer, level: int) -> int:
    shift = placer.story.heading_shift
    wanted = level - (shift if shift is not None else 1)
    if level < 3 or not 1 <= wanted <= 6:
        raise NotPlaced(_("a heading at this level cannot be placed here"))
    return wanted


def new_paragraph(placer: Placer, new: list[ViewParagraph], n: int, origin: list[set[int]]) -> None:
    """A paragraph the reviewer added whole: after the exported paragraph before it, or
    else before the one after it."""
    paragraph = new[n]
    previous = next((m for m in range(n - 1, -1, -1) if origin[m]), None)
    following = next((m for m in range(n + 1, len(new)) if origin[m]), None)
    pieces = list(paragraph.pieces)
    reasons: list[NotPlaced] = []
    if previous is not None and placer.story.leaves[max(origin[previous])] is not None:
        leaf = placer.leaf(max(origin[previous]))
        try:
            at, separator = _after(placer, leaf, paragraph)
            text = escape_line_start(typed_markdown(placer, pieces, None, at))
            placer.edit(at, at, separator + text)
            return
        except NotPlaced as exc:
            reasons.append(exc)
    if following is not None and placer.story.leaves[min(origin[following])] is not None:
        leaf = placer.leaf(min(origin[following]))
        start, prefix, glue = _before(placer, leaf, paragraph)
        text = escape_line_start(typed_markdown(placer, pieces, None, start))
        placer.edit(start, start, prefix + text + glue)
        return
    raise reasons[0] if reasons else NotPlaced(_("a new paragraph cannot be placed here"))


def _after(placer: Placer, leaf: Leaf, paragraph: ViewParagraph) -> tuple[int, str]:
    kind, level = paragraph.kind
    if leaf.kind in {"cell", "caption", "image", "title", "code", "rule"}:
        raise NotPlaced(_("a new paragraph cannot be placed here"))
    if leaf.kind == "item" and kind == "item" and leaf.first_in_item:
        return placer.line_end(_text_end(leaf)), "\n" + leaf.indent + leaf.marker
    if leaf.kind == "item" or leaf.block is None:
        raise NotPlaced(_("a new paragraph cannot be placed here"))
    end = leaf.block[1]
    if kind == "heading":
        if leaf.quoted:
            raise NotPlaced(_("a new paragraph cannot be placed here"))
        return end, "\n\n" + "#" * _source_level(placer, level) + " "
    if kind == "item":
        return end, "\n\n" + ("> " if leaf.quoted else "") + "- "
    return end, "\n>\n> " if leaf.quoted else "\n\n"


def _before(placer: Placer, leaf: Leaf, paragraph: ViewParagraph) -> tuple[int, str, str]:
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
        return start, "#" * _source_level(placer, level) + " ", "\n\n"
    if kind == "item":
        return start, "- ", "\n\n"
    return start, "> " if leaf.quoted else "", "\n>\n> " if leaf.quoted else "\n\n"


def remove_leaf(placer: Placer, j: int) -> None:
    """An exported paragraph of which nothing is left: its block goes, marks and all."""
    leaf = placer.leaf(j)
    if leaf.kind in {"cell", "title", "caption"}:
        raise NotPlaced(_("a table cell, a title or a caption cannot be removed whole"))
    if leaf.kind == "item" and leaf.first_in_item and leaf.item is not None:
        start = leaf.item[0]
        end = placer.line_end(max(start, leaf.item[1] - 1))
        if re.search(r"\n[ \t>]*(?:[-*+]|\d{1,9}[.)])[ \t]", placer.text[start:end]):
            raise NotPlaced(_("a list item with items of its own cannot be removed whole"))
        placer.edit(start, min(len(placer.text), end + 1), "")
        return
    if leaf.block is None:
        raise NotPlaced(_("the paragraph cannot be found in the source"))
    start, end = leaf.block
    end = min(len(placer.text), end + 1)
    alone = start == 0 or placer.text[max(0, start - 2) : start] == "\n\n"
    if alone and placer.text[end : end + 1] == "\n":
        end += 1  # its blank line too
    placer.edit(start, end, "")


def join_paragraphs(placer: Placer, a: int, b: int) -> None:
    """Two exported paragraphs the reviewer made one: what stands between their texts
    goes, when it is only what separates paragraphs (blank lines, a list marker, `>`)."""
    first, second = placer.leaf(a), placer.leaf(b)
    fixed = {"cell", "title", "caption", "image", "code", "rule"}
    if not first.atoms or not second.atoms or first.kind in fixed or second.kind in fixed:
        raise NotPlaced(_("these paragraphs cannot be joined in the source"))
    end, start = _text_end(first), _text_start(second)
    between = placer.text[end:start]
    if b == a + 1 and (
        end > start
        or not re.fullmatch(
            r"[ \t]*\n(?:[ \t>]*\n)*[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?(?:#{1,6}[ \t]+)?",
            between,
        )
    ):
        raise NotPlaced(_("these paragraphs cannot be joined in the source"))
    placer.edit(end, start, "")


def restyle(placer: Placer, j: int, now: ViewParagraph) -> None:
    """An exported paragraph whose kind the reviewer changed: a heading's level, a
    paragraph made a heading or a heading made a paragraph."""
    old = placer.story.old[j]
    if old.kind == now.kind:
        return
    leaf = placer.leaf(j)
    (was, _was_level), (kind, level) = old.kind, now.kind
    if leaf.quoted or not {was, kind} <= {"heading", "paragraph"}:
        raise NotPlaced(_("this change of style cannot be written in the source"))
    if leaf.kind not in {"heading", "paragraph"} or leaf.block is None:
        raise NotPlaced(_("this change of style cannot be written in the source"))
    start, end = leaf.block
    line = placer.text[start:end]
    if "\n" in line:
        raise NotPlaced(_("a heading must be one line"))
    if was == "heading":
        head = re.match(r"#{1,6}[ \t]+", line)
        if head is None:
            raise NotPlaced(_("this change of style cannot be written in the source"))
        prefix = "#" * _source_level(placer, level) + " " if kind == "heading" else ""
        placer.edit(start, start + head.end(), prefix)
        closing = re.search(r"[ \t]+#+[ \t]*$", line)
        if closing and kind != "heading":
            placer.edit(start + closing.start(), end, "")
        return
    placer.edit(start, start, "#" * _source_level(placer, level) + " ")


def _text_end(leaf: Leaf) -> int:
    last = leaf.atoms[-1].end
    return max([last, *(e.end for e in leaf.elements if e.start < last <= e.end)])


def _text_start(leaf: Leaf) -> int:
    first = leaf.atoms[0].start
    return min([first, *(e.start for e in leaf.elements if e.start <= first < e.end)])


def table_rows(placer: Placer, new: list[ViewParagraph], touched: set[int]) -> bool:
    """A table row the reviewer inserted or deleted; True when the unit was one."""
    story = placer.story
    paragraphs = [story.paragraphs[i] for i in sorted(touched)]
    if not any(p.row_inserted or p.row_deleted for p in paragraphs):
        return False
    rows = {p.cell[:2] for p in paragraphs if p.cell}
    if len(rows) != 1 or any(p.cell is None for p in paragraphs):
        raise NotPlaced(_("this change to the table cannot be written in the source"))
    if paragraphs[0].row_deleted is not None and paragraphs[0].row_inserted is None:
        old_cells = [j for j, p in enumerate(story.old) if set(p.physical) & touched]
        lines = {placer.leaf(j).row_line for j in old_cells}
        if len(lines) != 1 or None in lines or any(placer.leaf(j).row == 0 for j in old_cells):
            raise NotPlaced(_("this change to the table cannot be written in the source"))
        start, end = next(iter(lines))  # type: ignore[misc]
        placer.edit(start, min(len(placer.text), end + 1), "")
        return True
    if paragraphs[0].row_deleted is not None:
        return True  # inserted and deleted again: nothing to do
    before = _row_before(placer, min(touched))
    if before is None or before.row_line is None:
        raise NotPlaced(_("this change to the table cannot be written in the source"))
    cells = [p for p in new if set(p.physical) & touched]
    texts = [typed_markdown(placer, list(cell.pieces), None, 0).strip() for cell in cells]
    line = before.row_line
    if before.row == 0:  # after the header: below the delimiter row
        line = (line[0], placer.line_end(line[1] + 1))
    if len(texts) != _column_count(placer.text[line[0] : line[1]]):
        raise NotPlaced(_("this change to the table cannot be written in the source"))
    placer.edit(line[1], line[1], "\n| " + " | ".join(texts) + " |")
    return True


def _row_before(placer: Placer, number: int) -> Leaf | None:
    story = placer.story
    for j in range(len(story.old) - 1, -1, -1):
        paragraph = story.old[j]
        if paragraph.physical and paragraph.physical[-1] < number:
            leaf = story.leaves[j]
            return leaf if leaf is not None and leaf.kind == "cell" else None
    return None


def _column_count(row: str) -> int:
    cells = re.split(r"(?<!\\)\|", row.strip())
    if cells and not cells[0].strip():
        cells = cells[1:]
    if cells and not cells[-1].strip():
        cells = cells[:-1]
    return len(cells)
