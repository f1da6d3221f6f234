"""The words a reader sees about which edition a document is: "Editie 1.1 · 8 maart 2021",
"Concept na editie 1.1 — niet vastgesteld", who adopted it, and the edition history.

Pure: takes the build's edition data and the document's labels, returns text. A commit hash
never appears here; it stays in the colophon's small print.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..read.labels import Labels
    from .assemble import BuildInfo


@dataclass(frozen=True)
class EditionText:
    """What the title page, footer and colophon say about the edition."""

    status: str  # "Editie 1.1 · 8 maart 2021" or "Concept na editie 1.1 — niet vastgesteld"
    line: str  # the status, with the build's date when it is not an edition
    adopted: str | None  # "Vastgesteld door … op …"
    history: tuple[dict[str, str], ...]  # per edition: edition, date, adopted, note; text
    built: str  # the colophon's small print: when and from which commit


def _fill(template: str, **values: str) -> str:
    for key, value in values.items():
        template = template.replace("{" + key + "}", value)
    return template


def adopted_text(by: str | None, on: str | None, labels: Labels) -> str | None:
    """ "Vastgesteld door X op 18 maart 2021", or as much of it as is known."""
    words = labels.strings
    if by and on:
        return _fill(words["adopted_by_on"], by=by, on=labels.date_iso(on))
    if by:
        return _fill(words["adopted_by"], by=by)
    if on:
        return _fill(words["adopted_on"], on=labels.date_iso(on))
    return None


def edition_status(build: BuildInfo, labels: Labels) -> str:
    words = labels.strings
    if build.edition:
        day = labels.date_iso(build.edition_date or build.date_iso)
        return _fill(words["edition_of"], edition=build.edition, date=day)
    if build.after:
        text = _fill(words["draft_after"], edition=build.after)
        return text + (words["with_uncommitted"] if build.dirty else "")
    return words["draft_no_edition"]


def edition_text(build: BuildInfo, labels: Labels) -> EditionText:
    status = edition_status(build, labels)
    # One date per edition, throughout: an edition's own date, else the content's.
    day = labels.date_iso((build.edition_date if build.edition else None) or build.date_iso)
    line = status if build.edition else f"{status} · {day}"
    history = tuple(
        {
            "edition": entry.get("edition") or "",
            "date": labels.date_iso(entry["date"]) if entry.get("date") else "",
            "adopted": adopted_text(entry.get("adopted_by"), entry.get("adopted_on"), labels) or "",
            "note": entry.get("note") or "",
        }
        for entry in build.history
    )
    words = labels.strings
    built = (
        _fill(words["built_from"], date=day, commit=build.commit[:12])
        if build.commit
        else _fill(words["built_on"], date=day)
    )
    return EditionText(
        status=status,
        line=line,
        adopted=adopted_text(build.adopted_by, build.adopted_on, labels) if build.edition else None,
        history=history,
        built=built,
    )
