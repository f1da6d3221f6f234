"""What a review import found, per contribution and outside them: the data the notes and
the command's report are made from."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..core.messages import Message


@dataclass
class Change:
    """One reviewer's change as the editors read it: the words before and after, the
    paragraph it is in (as the reviewer left it), who made it, and why it was not applied."""

    old: str
    new: str
    context: str = ""
    author: str = ""
    reason: Message | None = None


@dataclass
class Reply:
    author: str
    date: str
    text: str


@dataclass
class Thread:
    """A comment with its replies, where it is and what it is about."""

    quote: str
    text: str
    author: str
    date: str
    line: int | None = None
    replies: list[Reply] = field(default_factory=list)
    done: bool = False


@dataclass
class Outcome:
    """What a review did to one contribution."""

    id: str
    path: str
    title: str
    applied: list[Change] = field(default_factory=list)
    not_placed: list[Change] = field(default_factory=list)
    untracked: list[Change] = field(default_factory=list)
    conflicts: list[Change] = field(default_factory=list)
    comments: list[Thread] = field(default_factory=list)
    commits: list[tuple[str, str]] = field(default_factory=list)  # (author, new source)


@dataclass
class Elsewhere:
    """A change or comment outside the contributions, listed for the editors."""

    where: Message
    old: str = ""
    new: str = ""
    comment: Thread | None = None


@dataclass
class ReviewImport:
    reviewer: str
    outcomes: list[Outcome]
    elsewhere: list[Elsewhere]
    branch: str | None = None
    notes: Path | None = None
    found_by: str = "properties"  # or "reference": the file had lost its properties
    recorded: bool = True  # False: no kept copy of the export; its scope is the file's word
