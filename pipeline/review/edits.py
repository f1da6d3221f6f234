"""Edits of a contribution's source: a range of it replaced, edits made together (overlapping
ones refused), in the order of the units they come from; and the reason, in words for the
editors, when a change is not placed."""

from __future__ import annotations

from dataclasses import dataclass

from ..core.messages import Message, _


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


def renumber(edits: list[Edit], unit: int) -> list[Edit]:
    """A unit's edits ordered after the edits of the units before it (at one place, the
    earlier unit's text comes first)."""
    return [Edit(e.start, e.end, e.text, unit * 100000 + e.order) for e in edits]


def internal_reason(exc: Exception) -> Message:
    """A reason for the editors when roledoc itself failed on a change: it is listed, and the
    message says what to report."""
    return _(
        "roledoc could not place this change ({error}); please report it with the file",
        error=type(exc).__name__,
    )
