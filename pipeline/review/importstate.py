"""What one review import knows as it goes: the reviewed file and its regions, and per
contribution its sources (exported, today's), how its paragraphs pair with them, its units of
revisions, their edits or why they failed, and its new source; and the renders it asks for."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..core.messages import Message
from .edits import Edit
from .outcomes import Elsewhere, Outcome
from .regions import Region, find_regions
from .source import SourceText
from .units import Story, Unit
from .views import Signature
from .wordmodel import WordDocument


@dataclass
class ContributionState:
    """One contribution's state during an import."""

    ident: str
    region: Region
    exported: str | None = None  # the source as exported (LF line ends), None: not in git
    current: str = ""  # as committed at HEAD
    crlf: bool = False
    bom: bool = False
    source: SourceText | None = None
    stories: list[Story] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    edits: dict[int, list[Edit]] = field(default_factory=dict)  # unit index -> its edits
    failed: dict[int, Message] = field(default_factory=dict)  # unit index -> why not
    text: str | None = None  # the new source, when anything was placed
    pairing: Message | None = None  # why its paragraphs could not be paired, if so
    untracked_paragraphs: set[int] = field(default_factory=set)  # physical, body
    untracked: bool = False  # something differs from the export without a revision
    exported_signatures: list[Signature] = field(default_factory=list)  # as rendered
    exported_notes: list[Signature] = field(default_factory=list)  # its footnotes, rendered
    wanted: list[Signature] = field(default_factory=list)  # the reviewer's, placed units only
    today: list[Signature] | None = None  # today's source, rendered (when it changed)
    conflicted: set[int] = field(default_factory=set)  # units in conflict with today's


class Import:
    """One import as it goes: the reviewed file, its regions, each contribution's state, what
    was found outside the contributions; the steps (importing.run) work on it."""

    rendered: WordDocument  # the export as rendered, once the contributions are paired

    def __init__(
        self,
        root: Path,
        tree: Path,
        document: WordDocument,
        regions: list[Region],
        outcomes: dict[str, Outcome],
        prints: dict[str, str],
        repo,
        renderer,
        options: tuple[bool, str, str],
    ) -> None:
        accept_untracked, reviewer, lang = options
        self.lang = lang
        self.root = root
        self.tree = tree
        self.document = document
        self.regions = regions
        self.outcomes = outcomes
        self.prints = prints
        self.repo = repo
        self.accept_untracked = accept_untracked
        self.reviewer = reviewer
        self.elsewhere: list[Elsewhere] = []
        renderer.anchors = set(prints) | {
            n for r in regions if r.kind == "chapter" for n in getattr(r, "bookmarks", [])
        }
        self.renderer = renderer
        self.items: dict[str, ContributionState] = {}
        # Found once per paragraph and per contribution, for the comments' lines (comments.py).
        self.comment_anchors: dict[tuple[int, int], list[tuple[int, int]]] = {}
        self.line_maps: dict[str, dict[int, int] | None] = {}

    def render(self, texts: dict[str, str]):
        """The sources rendered as the export renders them: the file, each one's region in it,
        and the ids of those that could not be read."""
        rendered, unreadable = self.renderer.render(texts)
        regions = {
            r.key: r
            for r in find_regions(rendered.body, {i: self.outcomes[i].title for i in texts})
            if r.kind == "contribution"
        }
        return rendered, regions, unreadable
