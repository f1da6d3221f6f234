"""Word-level differences between two versions of a text, on pandoc's AST.

The texts are compared after normalisation, block by block and then word by word, so the
Markdown structure survives: a changed list item stays a list item with marked words, a
footnote stays a footnote. What is added is wrapped in `insertion` spans and what is removed
in `deletion` spans (with author and date), which pandoc's DOCX writer turns into real Word
tracked changes and roledoc's filters into <ins>/<del> in HTML and marks in the PDF.

A table keeps its rows and columns when its shape is unchanged, and changes are marked cell
by cell; a table whose number of rows or columns changed is shown as the old table deleted
and the new one inserted. Other blocks that cannot hold marks in place (code, figures) are
likewise replaced whole.
"""

from __future__ import annotations

import json
import re
from difflib import SequenceMatcher
from typing import Any

Node = dict[str, Any]


def _key(node: Any) -> str:
    return json.dumps(node, sort_keys=True, ensure_ascii=False)


class Marker:
    """Makes insertion and deletion spans with one author and date."""

    def __init__(self, author: str, date: str) -> None:
        self.attributes = [["author", author], ["date", date]]

    def span(self, kind: str, inlines: list) -> Node:
        return {"t": "Span", "c": [["", [kind], self.attributes], inlines]}

    # -- whole blocks -------------------------------------------------------------------------

    def blocks(self, kind: str, blocks: list) -> list:
        return [self.block(kind, block) for block in blocks]

    def block(self, kind: str, block: Node) -> Node:
        t = block.get("t")
        c: Any = block.get("c")  # its shape depends on `t`, and is checked by none here
        if t in {"Para", "Plain"}:
            return {"t": t, "c": [self.span(kind, c)]} if c else block
        if t == "Header":
            level, attr, inlines = c
            return {"t": t, "c": [level, attr, [self.span(kind, inlines)]]}
        if t in {"BulletList"}:
            return {"t": t, "c": [self.blocks(kind, item) for item in c]}
        if t == "OrderedList":
            return {"t": t, "c": [c[0], [self.blocks(kind, item) for item in c[1]]]}
        if t in {"BlockQuote"}:
            return {"t": t, "c": self.blocks(kind, c)}
        if t == "Div":
            return {"t": t, "c": [c[0], self.blocks(kind, c[1])]}
        if t == "DefinitionList":
            return {
                "t": t,
                "c": [
                    [[self.span(kind, term)], [self.blocks(kind, d) for d in defs]]
                    for term, defs in c
                ],
            }
        if t == "Table":
            return _map_cells(block, lambda cell: self.blocks(kind, cell))
        if t == "Figure":
            attr, caption, content = c
            short, long = caption
            return {"t": t, "c": [attr, [short, self.blocks(kind, long)], content]}
        # Code and the like cannot hold a span: the whole block goes in a marked Div.
        return {"t": "Div", "c": [["", [kind], self.attributes], [block]]}

    # -- differences ---------------------------------------------------------------------------

    def diff_blocks(self, old: list, new: list) -> list:
        matcher = SequenceMatcher(None, [_key(b) for b in old], [_key(b) for b in new], False)
        out: list = []
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                out.extend(new[j1:j2])
            elif op == "delete":
                out.extend(self.blocks("deletion", old[i1:i2]))
            elif op == "insert":
                out.extend(self.blocks("insertion", new[j1:j2]))
            else:
                out.extend(self._replace(old[i1:i2], new[j1:j2]))
        return out

    def _replace(self, old: list, new: list) -> list:
        out: list = []
        pairs = min(len(old), len(new))
        for before, after in zip(old[:pairs], new[:pairs], strict=True):
            merged = self.diff_block(before, after)
            out.extend(merged)
        out.extend(self.blocks("deletion", old[pairs:]))
        out.extend(self.blocks("insertion", new[pairs:]))
        return out

    def diff_block(self, old: Node, new: Node) -> list:
        t = new.get("t")
        if old.get("t") != t:
            return [*self.blocks("deletion", [old]), *self.blocks("insertion", [new])]
        if t in {"Para", "Plain"}:
            return [{"t": t, "c": self.diff_inlines(old["c"], new["c"])}]
        if t == "Header":
            level, attr, inlines = new["c"]
            return [{"t": t, "c": [level, attr, self.diff_inlines(old["c"][2], inlines)]}]
        if t == "BulletList":
            return [{"t": t, "c": self._diff_items(old["c"], new["c"])}]
        if t == "OrderedList":
            return [{"t": t, "c": [new["c"][0], self._diff_items(old["c"][1], new["c"][1])]}]
        if t == "BlockQuote":
            return [{"t": t, "c": self.diff_blocks(old["c"], new["c"])}]
        if t == "Div":
            return [{"t": t, "c": [new["c"][0], self.diff_blocks(old["c"][1], new["c"][1])]}]
        if t == "Table" and _shape(old) == _shape(new):
            old_cells = iter(table_cells(old))
            return [_map_cells(new, lambda cell: self.diff_blocks(next(old_cells), cell))]
        return [*self.blocks("deletion", [old]), *self.blocks("insertion", [new])]

    def _diff_items(self, old: list, new: list) -> list:
        matcher = SequenceMatcher(None, [_key(i) for i in old], [_key(i) for i in new], False)
        out: list = []
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                out.extend(new[j1:j2])
            elif op == "delete":
                out.extend(self.blocks("deletion", item) for item in old[i1:i2])
            elif op == "insert":
                out.extend(self.blocks("insertion", item) for item in new[j1:j2])
            else:
                pairs = min(i2 - i1, j2 - j1)
                for k in range(pairs):
                    out.append(self.diff_blocks(old[i1 + k], new[j1 + k]))
                out.extend(self.blocks("deletion", item) for item in old[i1 + pairs : i2])
                out.extend(self.blocks("insertion", item) for item in new[j1 + pairs : j2])
        return out

    def diff_inlines(self, old: list, new: list) -> list:
        """Word by word: each Str, space or other inline element is one token."""
        matcher = SequenceMatcher(None, [_key(i) for i in old], [_key(i) for i in new], False)
        out: list = []
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                out.extend(new[j1:j2])
                continue
            if op in {"delete", "replace"}:
                out.extend(self._spaced("deletion", old[i1:i2]))
            if op in {"insert", "replace"}:
                out.extend(self._spaced("insertion", new[j1:j2]))
        return out

    def _spaced(self, kind: str, run: list) -> list:
        """A marked run with its leading and trailing spaces kept outside the mark."""
        start, end = 0, len(run)
        while start < end and run[start].get("t") in SPACES:
            start += 1
        while end > start and run[end - 1].get("t") in SPACES:
            end -= 1
        if start == end:
            return [self.span(kind, run)]
        return [*run[:start], self.span(kind, run[start:end]), *run[end:]]


SPACES = {"Space", "SoftBreak"}


def _shape(table: Node) -> list[int]:
    return [len(row) for row in _rows(table)]


def _rows(table: Node) -> list[list]:
    _, _, _, head, bodies, foot = table["c"]
    rows = list(head[1])
    for body in bodies:
        rows += body[2] + body[3]
    rows += foot[1]
    return [row[1] for row in rows]


def table_cells(table: Node) -> list[list]:
    """The blocks of each cell of a pandoc JSON table: head, bodies, foot, row by row."""
    return [cell[4] for row in _rows(table) for cell in row]


def _map_cells(table: Node, change) -> Node:
    """A copy of the table with each cell's blocks replaced by change(blocks)."""
    copy = json.loads(json.dumps(table))
    for row in _rows(copy):
        for cell in row:
            cell[4] = change(cell[4])
    return copy


_WORD = re.compile(r"\S+|\s+")


def diff_words(old: str, new: str) -> list[tuple[str, str]]:
    """(kind, text) runs for a plain text such as a title: kind is equal, deletion or
    insertion."""
    before, after = _WORD.findall(old), _WORD.findall(new)
    runs: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, before, after, False).get_opcodes():
        if op == "equal":
            runs.append(("equal", "".join(after[j1:j2])))
            continue
        if op in {"delete", "replace"}:
            runs.append(("deletion", "".join(before[i1:i2])))
        if op in {"insert", "replace"}:
            runs.append(("insertion", "".join(after[j1:j2])))
    return runs
