"""Footnotes a reviewer added (a reference typed with Word's Insert Footnote, its text in the
file's footnotes) written as new definitions at the end of the source, and footnotes whose
last reference the reviewer deleted taken out with their definition."""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

from ..core.messages import _
from .edits import NotPlaced
from .source import Atom
from .typed import escape_line_start, escape_typed
from .views import Piece
from .wordmodel import Char, Paragraph

if TYPE_CHECKING:
    from .placing import Placer


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
