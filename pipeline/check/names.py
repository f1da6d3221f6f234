"""What a command says about a name the project does not know: a theme or a participant id
given on the command line, with the one meant when it is likely a typo."""

from __future__ import annotations

from collections.abc import Collection

from ..core.diagnostics import suggest
from ..core.messages import N_, Message, _
from ..core.model import Participant

ADD_YOURSELF = N_(
    "Then add yourself to contributions/participants.yaml, with these three lines\n"
    "(the second and third start with two spaces):\n"
    "\n"
    "{value}:\n"
    "  name: Your Name\n"
    "  organisation: Your organisation\n"
    "\n"
    "Then run this command again."
)


def unknown_theme(value: str, themes: Collection[str]) -> Message:
    """Why a theme is refused: the theme meant, or the themes there are."""
    said = _("unknown theme '{value}'", value=value)
    hint = suggest(value, themes)
    if hint:
        return _("{message}; did you mean '{suggestion}'?", message=said, suggestion=hint)
    listed = ", ".join(sorted(themes)) or "-"
    return _("{message}; choose from: {names}", message=said, names=listed)


def unknown_participant(value: str, participants: dict[str, Participant]) -> Message:
    """Why `--author VALUE` is refused, and the lines that add a new participant; another
    participant is suggested only when VALUE is a typo of their id."""
    from .validate import close_participant

    first = _(
        "unknown participant '{value}': this id is not in contributions/participants.yaml.",
        value=value,
    )
    near = close_participant(value, participants)
    if near is None:
        question = _("Are you new? ")
    else:
        question = _(
            "Did you mean '{near}' ({name})? Then use --author {near}.\nYou are not {name}? ",
            near=near,
            name=participants[near].name,
        )
    return _(
        "{first}\n{question}{advice}",
        first=first,
        question=question,
        advice=_(ADD_YOURSELF, value=value),
    )
