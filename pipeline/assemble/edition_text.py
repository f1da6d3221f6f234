"""The words a reader sees about which edition a document is: "Vastgestelde versie · editie
1.1 · 8 maart 2021", "Werkversie na editie 1.1", who adopted it, and the edition history.

The status is one of the words Dutch government documents carry (STATES, as Logius and
Geonovum use them): a build between editions is a working version, a review file a
consultation version, an edition not yet adopted is the version for adoption, an adopted one
the adopted version, and one that a later adopted edition replaced is superseded. The words
are the document's labels (`states`), in its language.

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

    status: str  # "Vastgestelde versie · editie 1.1 · 8 maart 2021", "Werkversie na editie 1.1"
    line: str  # the status, with the build's date when it is not an edition
    state: str  # the status word alone: "Werkversie", "Vastgestelde versie"
    state_key: str  # which of STATES
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


STATES = ("working", "consultation", "for_adoption", "adopted", "superseded")


def state_of(build: BuildInfo) -> str:
    """Which of STATES the build's document is in."""
    if build.consultation is not None:
        return "consultation"
    if not build.edition:
        return "working"
    if not (build.adopted_by or build.adopted_on):
        return "for_adoption"
    return "superseded" if _replaced_by(build) else "adopted"


def _replaced_by(build: BuildInfo) -> str | None:
    """The latest adopted edition after the build's own, if there is one."""
    editions = [entry.get("edition") for entry in build.history]
    if build.edition not in editions:
        return None
    later = build.history[editions.index(build.edition) + 1 :]
    adopted = [e["edition"] for e in later if e.get("adopted_by") or e.get("adopted_on")]
    return adopted[-1] if adopted else None


def _words(build: BuildInfo, labels: Labels) -> dict:
    """The labels, with the set of status words document.yaml chose (`status_words`): the
    plain set replaces the government one's states and lines where labels.yaml has it."""
    words = dict(labels.strings)
    plain = words.get("plain_words")
    if build.status_words == "plain" and isinstance(plain, dict):
        words.update(plain)
    return words


def edition_status(build: BuildInfo, labels: Labels) -> str:
    words = _words(build, labels)
    key = state_of(build)
    state = str((words.get("states") or {}).get(key, ""))
    if build.edition:
        day = labels.date_iso(build.edition_date or build.date_iso)
        text = _fill(words["edition_of"], state=state, edition=build.edition, date=day)
        current = _replaced_by(build) if key == "superseded" else None
        if current and words.get("superseded_by"):
            text += " — " + _fill(words["superseded_by"], edition=current)
    elif build.after:
        text = _fill(words["draft_after"], state=state, edition=build.after)
        text += words["with_uncommitted"] if build.dirty else ""
    else:
        text = _fill(words["draft_no_edition"], state=state)
    if key == "consultation" and build.consultation and words.get("consultation_until"):
        until = labels.date_iso(build.consultation)
        text += " · " + _fill(words["consultation_until"], date=until)
    return text


def edition_text(build: BuildInfo, labels: Labels) -> EditionText:
    status = edition_status(build, labels)
    key = state_of(build)
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
    words = _words(build, labels)
    built = (
        _fill(words["built_from"], date=day, commit=build.commit[:12])
        if build.commit
        else _fill(words["built_on"], date=day)
    )
    return EditionText(
        status=status,
        line=line,
        state=str((words.get("states") or {}).get(key, "")),
        state_key=key,
        adopted=adopted_text(build.adopted_by, build.adopted_on, labels) if build.edition else None,
        history=history,
        built=built,
    )
