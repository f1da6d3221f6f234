"""What a reviewer typed, written as Markdown for the place it goes: escaped so that it reads
as typed, with the emphasis and link the place does not already give it, a new footnote as a
reference; and the plain text of a title, quoted as its front matter quotes it."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..core.messages import _
from .edits import NotPlaced
from .source import Element, Leaf
from .views import Piece
from .wordmodel import NOTE, OBJECT, Look

if TYPE_CHECKING:
    from .placing import Placer

WRAPPABLE = {"strong": "**", "emph": "*", "strike": "~~"}


def context_at(leaf: Leaf, offset: int) -> frozenset[str]:
    """The marks (emphasis, code) text typed at `offset` of `leaf` gets from its place."""
    return frozenset(
        e.kind for e in _around(leaf, offset) if e.kind in WRAPPABLE or e.kind == "code"
    )


def inside_link(leaf: Leaf, offset: int) -> bool:
    """Whether text typed at `offset` of `leaf` would be part of a link's text."""
    return any(e.kind == "link" for e in _around(leaf, offset))


def typed_markdown(placer: Placer, pieces: list[Piece], leaf: Leaf | None, offset: int) -> str:
    """Typed characters as Markdown at `offset` of `leaf` (None: a place of its own):
    escaped, the emphasis the place does not give them written around them, a new
    footnote as a reference (and its definition at the end of the file)."""
    context = context_at(leaf, offset) if leaf is not None else frozenset()
    in_link = inside_link(leaf, offset) if leaf is not None else False
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
            if placer.notes is None:
                raise NotPlaced(_("a new footnote cannot be placed here"))
            out.append(placer.notes.added(run[0].char, placer))
            continue
        out.append(_typed(run, look, context, in_link))
    return "".join(out)


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


def title_text(pieces: list[Piece], quote: str) -> str:
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
