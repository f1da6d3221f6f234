"""A reviewed Word file as roledoc holds it: paragraphs of characters, each character with the
revisions on it (inserted, deleted, restyled), how it looked before and after and which link it
belongs to; each paragraph with its style before and after, whether its mark was inserted or
deleted, its table cell and row; and the file's comments. Read by wordxml; views.py shows it
with some revisions accepted.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# What stands in the text for something that is not a letter: a footnote reference, an image.
NOTE = "\ue000"
OBJECT = "\ufffc"


@dataclass(frozen=True)
class Revision:
    """One tracked change as Word records it: what kind, by whom, when."""

    key: int  # unique within the file
    kind: str  # ins, del, format, style, mark-ins, mark-del, row-ins, row-del
    author: str
    date: str
    move: str | None = None  # the name that links a moved text's origin and destination


@dataclass(frozen=True)
class Look:
    """What a reader sees of a character besides the letter: emphasis and the like, a link."""

    marks: frozenset[str] = frozenset()  # strong, emph, strike, sup, sub, code, underline
    link: str | None = None  # "https://..." or "#anchor"


PLAIN = Look()


@dataclass(slots=True)
class Char:
    text: str  # one character; NOTE for a footnote reference, OBJECT for an image
    look: Look = PLAIN  # as the reviewer left it
    was: Look = PLAIN  # before a formatting revision
    inserted: Revision | None = None
    deleted: Revision | None = None
    restyled: Revision | None = None
    note: str | None = None  # the footnote a NOTE character refers to
    decoration: bool = False  # a field's result or a chapter number: roledoc's own words


@dataclass
class Paragraph:
    story: str  # "body", or "note:<id>" for a footnote's paragraphs
    chars: list[Char] = field(default_factory=list)
    style: str = ""  # the style's name, as the reviewer left it
    was_style: str = ""
    restyled: Revision | None = None
    level: int | None = None  # a list item's level; None when not in a list
    was_level: int | None = None
    heading: int | None = None  # a heading's level
    was_heading: int | None = None
    cell: tuple[int, int, int] | None = None  # (table, row, column)
    row_inserted: Revision | None = None
    row_deleted: Revision | None = None
    mark_inserted: Revision | None = None
    mark_deleted: Revision | None = None
    bookmarks: list[str] = field(default_factory=list)
    comment_starts: list[tuple[str, int]] = field(default_factory=list)  # (id, char index)
    comment_ends: list[tuple[str, int]] = field(default_factory=list)
    # Whether no revision touches its characters (worked out once, views.py).
    cached: bool | None = field(default=None, repr=False, compare=False)


@dataclass
class Comment:
    id: str
    author: str
    date: str
    text: str
    paragraph_ids: list[str] = field(default_factory=list)  # w14:paraId of its paragraphs
    parent: str | None = None  # the comment this one answers
    done: bool = False  # resolved


@dataclass
class WordDocument:
    body: list[Paragraph]
    notes: dict[str, list[Paragraph]]
    comments: dict[str, Comment]
    properties: dict[str, str]
    revisions: int = 0  # how many revision elements the file holds
