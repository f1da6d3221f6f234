"""A reviewed file's regions: the title page, each chapter's editors' text, each contribution
(found by the bookmark on its title, else by its title), split at the headings as exported;
the furniture roledoc adds inside a contribution (bylines, notes, call-out titles); and where
a region is, in words for the editors."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..core.messages import Message, _
from .wordmodel import NOTE, Paragraph

FURNITURE = {"byline", "statusnote", "draftnotice", "colophon", "editorstext", "alerttitle"}


def is_furniture(style: str) -> bool:
    return re.sub(r"\s", "", style).casefold() in FURNITURE


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


_STYLES = {
    "byline": _("a byline"),
    "statusnote": _("a status note"),
    "draftnotice": _("the draft notice"),
    "colophon": _("the colophon"),
    "editorstext": _("the editors' text"),
    "alerttitle": _("the title of a call-out"),
}


def region_words(region: Region | None, style: str | None) -> Message:
    if style is not None:
        return _STYLES.get(re.sub(r"\s", "", style).casefold(), _("the editors' text"))
    if region is None or region.kind == "front":
        return _("the title page and how to respond")
    if region.kind == "chapter":
        return _("chapter '{title}'", title=region.key)
    if region.kind == "other":
        return _("under the heading '{title}'", title=region.key)
    return _("contribution '{title}'", title=region.key)
