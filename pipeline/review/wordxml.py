"""A reviewed Word file read from its XML: every character with the revisions on it.

pandoc's DOCX reader shows insertions, deletions and comments, but not paragraph marks that
were inserted or deleted (split and merged paragraphs), formatting and style revisions, moves,
table rows added or deleted, comment replies or resolved comments. So the file is read here,
as Word writes it: `word/document.xml` and `word/footnotes.xml` become paragraphs of
characters (wordtext.py, the model in wordmodel.py), each character knowing whether a revision
inserted or deleted it, how it looked before and after a formatting revision, and which link
it belongs to; each paragraph knows its style before and after, whether its mark was inserted
or deleted, its table cell and row. Comments, with their replies and resolved state, and the
file's custom properties are read here too.

From that model any *view* of the document follows: the text as exported (every revision
rejected), as the reviewer left it (every revision accepted), or with only some revisions
accepted (pipeline/review/views.py).

A reviewed file is untrusted: it is opened and parsed within limits (wordpackage.py).
"""

from __future__ import annotations

from pathlib import Path

from ..core.messages import _
from .wordmodel import Comment, WordDocument
from .wordpackage import MAX_COMMENTS, W14, W15, W, WordFileError, parse_xml, read_parts
from .wordstyles import Styles
from .wordtext import StoryReader

PARTS = (
    "word/document.xml",
    "word/footnotes.xml",
    "word/comments.xml",
    "word/commentsExtended.xml",
    "word/styles.xml",
    "word/_rels/document.xml.rels",
    "word/_rels/footnotes.xml.rels",
    "docProps/custom.xml",
)


def read_word(path: Path) -> WordDocument:
    """The Word file at `path`, read into paragraphs of characters with their revisions."""
    parts = read_parts(path, PARTS)
    if "word/document.xml" not in parts:
        raise WordFileError(
            _("cannot read {name}: it is not a valid {kind} file", name=path.name, kind="docx")
        )
    xml = {part: parse_xml(data, part, path.name) for part, data in parts.items()}
    styles = Styles(xml.get("word/styles.xml"))
    reader = StoryReader(styles, path.name)
    body = xml["word/document.xml"].find(f"{W}body")
    paragraphs = reader.story(body, "body", _links(xml.get("word/_rels/document.xml.rels")))
    notes = {}
    footnotes = xml.get("word/footnotes.xml")
    if footnotes is not None:
        links = _links(xml.get("word/_rels/footnotes.xml.rels"))
        for note in footnotes.findall(f"{W}footnote"):
            ident = note.get(f"{W}id", "")
            if note.get(f"{W}type") in {"separator", "continuationSeparator", "continuationNotice"}:
                continue
            notes[ident] = reader.story(note, f"note:{ident}", links)
    comments = _comments(xml.get("word/comments.xml"), xml.get("word/commentsExtended.xml"))
    if len(comments) > MAX_COMMENTS:
        raise WordFileError(
            _(
                "cannot read {name}: it holds more than {limit} comments",
                name=path.name,
                limit=MAX_COMMENTS,
            )
        )
    return WordDocument(
        paragraphs, notes, comments, _properties(xml.get("docProps/custom.xml")), reader.count
    )


def read_properties(path: Path) -> dict[str, str]:
    """The custom properties of a Word file (docProps/custom.xml): name -> text."""
    parts = read_parts(path, ("docProps/custom.xml",))
    data = parts.get("docProps/custom.xml")
    return _properties(parse_xml(data, "docProps/custom.xml", path.name) if data else None)


def _properties(root) -> dict[str, str]:
    if root is None:
        return {}
    return {
        prop.get("name"): "".join(prop.itertext()) for prop in root if prop.get("name") is not None
    }


def _links(root) -> dict[str, str]:
    """Relationship id -> target, for hyperlinks."""
    if root is None:
        return {}
    return {rel.get("Id", ""): rel.get("Target", "") for rel in root}


def _comments(root, extended) -> dict[str, Comment]:
    found: dict[str, Comment] = {}
    if root is None:
        return found
    by_paragraph: dict[str, str] = {}
    for element in root.findall(f"{W}comment"):
        ident = element.get(f"{W}id", "")
        paragraphs = element.findall(f".//{W}p")
        text = "\n".join(
            "".join(t.text or "" for t in p.iter(f"{W}t")).strip() for p in paragraphs
        ).strip()
        ids = [p.get(f"{W14}paraId") for p in paragraphs if p.get(f"{W14}paraId")]
        found[ident] = Comment(
            ident,
            element.get(f"{W}author", ""),
            element.get(f"{W}date", ""),
            text,
            ids,
        )
        for paragraph_id in ids:
            by_paragraph[paragraph_id] = ident
    if extended is not None:
        for entry in extended.iter(f"{W15}commentEx"):
            ident = by_paragraph.get(entry.get(f"{W15}paraId", ""))
            if ident is None:
                continue
            parent = by_paragraph.get(entry.get(f"{W15}paraIdParent", ""))
            found[ident].parent = parent if parent != ident else None
            found[ident].done = entry.get(f"{W15}done") in {"1", "true", "on"}
    return found
