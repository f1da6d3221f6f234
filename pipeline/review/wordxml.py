"""A reviewed Word file read from its XML: every character with the revisions on it.

pandoc's DOCX reader shows insertions, deletions and comments, but not paragraph marks that
were inserted or deleted (split and merged paragraphs), formatting and style revisions, moves,
table rows added or deleted, comment replies or resolved comments. So the file is read here,
as Word writes it: `word/document.xml` and `word/footnotes.xml` become paragraphs of
characters, each character knowing whether a revision inserted or deleted it, how it looked
before and after a formatting revision, and which link it belongs to; each paragraph knows its
style before and after, whether its mark was inserted or deleted, its table cell and row.

From that model any *view* of the document follows: the text as exported (every revision
rejected), as the reviewer left it (every revision accepted), or with only some revisions
accepted (pipeline/review/views.py).

A reviewed file is untrusted: the package is opened with limits on its parts (count, size,
ratio) and the XML parsed without entities, DTDs or network, with lxml's depth limits.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import RoledocError
from ..core.messages import _
from ..read.packages import (
    MAX_PART_BYTES,
    MAX_PARTS,
    MAX_RATIO,
    MAX_TOTAL_BYTES,
    OversizedPackage,
    PackageError,
    check_package,
)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
W15 = "{http://schemas.microsoft.com/office/word/2012/wordml}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
CUSTOM = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"

# What stands in the text for something that is not a letter: a footnote reference, an image.
NOTE = "\ue000"
OBJECT = "\ufffc"

MAX_NESTING = 40  # tables within tables


class WordFileError(RoledocError):
    """The file cannot be read as a Word document."""


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


# -- the package ------------------------------------------------------------------------------


def read_package(path: Path, wanted: tuple[str, ...]) -> dict[str, bytes]:
    """The named parts of a Word file (those present), after checking the whole package
    against the limits: a reviewed file comes from outside."""
    name = path.name
    bad = _("cannot read {name}: it is not a valid {kind} file", name=name, kind="docx")
    try:
        check_package(
            path,
            "docx",
            parts=MAX_PARTS,
            part_bytes=MAX_PART_BYTES,
            total_bytes=MAX_TOTAL_BYTES,
            ratio=MAX_RATIO,
        )
    except OversizedPackage:
        raise WordFileError(
            _("cannot read {name}: it unpacks to more than the limit", name=name)
        ) from None
    except PackageError:
        raise WordFileError(bad) from None
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise WordFileError(bad) from None
    with archive:
        found = {}
        present = {info.filename for info in archive.infolist()}
        for part in wanted:
            if part in present:
                try:
                    found[part] = archive.read(part)
                except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError):
                    raise WordFileError(bad) from None
        return found


def parse_xml(data: bytes, part: str, name: str):  # -> lxml.etree._Element
    """A part's XML: no entities, no DTD, no network; lxml's default depth and size limits."""
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        raise WordFileError(
            _("cannot read {name}: its part {part} is not valid XML", name=name, part=part)
        ) from None


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


# What a reviewed file may hold: a review file is one document for people to read, and every
# paragraph and character becomes an object (memory), every comment a thread in the notes.
MAX_PARAGRAPHS = 50_000
MAX_CHARACTERS = 3_000_000
MAX_PARAGRAPH_CHARACTERS = 50_000  # some sixteen pages in one paragraph
MAX_REVISED_CHARACTERS = 100_000  # inserted or deleted with Track Changes, in all
MAX_COMMENTS = 10_000


def _read_parts(path: Path, wanted: tuple[str, ...]) -> dict[str, bytes]:
    """read_package, with a damaged member (bad compressed data, an unknown compression
    method) refused like any file that is not a Word file."""
    try:
        return read_package(path, wanted)
    except (zlib.error, NotImplementedError, zipfile.BadZipFile, OSError, EOFError):
        raise WordFileError(
            _("cannot read {name}: it is not a valid {kind} file", name=path.name, kind="docx")
        ) from None


def read_word(path: Path) -> WordDocument:
    """The Word file at `path`, read into paragraphs of characters with their revisions."""
    parts = _read_parts(path, PARTS)
    if "word/document.xml" not in parts:
        raise WordFileError(
            _("cannot read {name}: it is not a valid {kind} file", name=path.name, kind="docx")
        )
    xml = {part: parse_xml(data, part, path.name) for part, data in parts.items()}
    styles = _Styles(xml.get("word/styles.xml"))
    reader = _Reader(styles, path.name)
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
    parts = _read_parts(path, ("docProps/custom.xml",))
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


# -- styles --------------------------------------------------------------------------------------


def _on(element) -> bool:
    """A toggle property (`<w:b/>`, `<w:b w:val="0"/>`) is on."""
    return element is not None and element.get(f"{W}val", "true") not in {"0", "false", "off"}


class _Styles:
    """Style ids -> names, heading levels, list membership and character looks."""

    def __init__(self, root) -> None:
        self.names: dict[str, str] = {}
        self.outline: dict[str, int] = {}
        self.numbered: set[str] = set()
        self.marks: dict[str, frozenset[str]] = {}
        based: dict[str, str] = {}
        own_marks: dict[str, set[str]] = {}
        if root is None:
            return
        for style in root.findall(f"{W}style"):
            ident = style.get(f"{W}styleId", "")
            name = style.find(f"{W}name")
            self.names[ident] = name.get(f"{W}val", ident) if name is not None else ident
            parent = style.find(f"{W}basedOn")
            if parent is not None:
                based[ident] = parent.get(f"{W}val", "")
            level = style.find(f"{W}pPr/{W}outlineLvl")
            outline = _number(level.get(f"{W}val") if level is not None else None)
            if outline is not None:
                self.outline[ident] = outline + 1
            if style.find(f"{W}pPr/{W}numPr/{W}numId") is not None:
                self.numbered.add(ident)
            if style.get(f"{W}type") == "character":
                own_marks[ident] = _marks(style.find(f"{W}rPr"), with_underline=False)
        for ident in own_marks:
            marks, seen, current = set(), set(), ident
            while current and current not in seen:
                seen.add(current)
                marks |= own_marks.get(current, set())
                current = based.get(current, "")
            self.marks[ident] = frozenset(marks)

    def name(self, ident: str) -> str:
        return self.names.get(ident, ident)

    def heading(self, ident: str) -> int | None:
        """The heading level of a paragraph style (Word's "heading 2", pandoc's "Heading 2",
        a localised "Kop 2"), from its name or its outline level."""
        match = re.fullmatch(r"(?:heading|kop)\s*([1-9])", self.name(ident).strip(), re.I)
        if match:
            return int(match[1])
        return self.outline.get(ident)


def _number(value: str | None) -> int | None:
    """A small decimal number in an attribute ("²" is a digit to str.isdigit, not to int)."""
    if value is None or not re.fullmatch(r"[0-9]{1,4}", value):
        return None
    return int(value)


def _marks(rpr, with_underline: bool = True) -> set[str]:
    found: set[str] = set()
    if rpr is None:
        return found
    if _on(rpr.find(f"{W}b")):
        found.add("strong")
    if _on(rpr.find(f"{W}i")):
        found.add("emph")
    if _on(rpr.find(f"{W}strike")) or _on(rpr.find(f"{W}dstrike")):
        found.add("strike")
    align = rpr.find(f"{W}vertAlign")
    if align is not None and align.get(f"{W}val") in {"superscript", "subscript"}:
        found.add("sup" if align.get(f"{W}val") == "superscript" else "sub")
    underline = rpr.find(f"{W}u")
    if with_underline and underline is not None and underline.get(f"{W}val", "single") != "none":
        found.add("underline")
    return found


# -- the text ---------------------------------------------------------------------------------

_RUN_CONTAINERS = {f"{W}smartTag", f"{W}customXml", f"{W}dir", f"{W}bdo"}
_RPR = f"{W}rPr"
_FLD_CHAR = f"{W}fldChar"
_FLD_CHAR_TYPE = f"{W}fldCharType"
_INSTRUCTION = {f"{W}instrText", f"{W}delInstrText"}
_TEXT = {f"{W}t", f"{W}delText"}
_TABS = {f"{W}tab", f"{W}ptab"}
_BREAKS = {f"{W}br", f"{W}cr"}
_TYPE = f"{W}type"
_HYPHEN = f"{W}noBreakHyphen"
_SYM = f"{W}sym"
_NOTE_REFERENCES = {f"{W}footnoteReference", f"{W}endnoteReference"}
_ID = f"{W}id"
_OBJECTS = {f"{W}drawing", f"{W}pict", f"{W}object", f"{MC}AlternateContent"}
_SKIPPED_RUN_CONTENT = {
    f"{W}rPr",
    f"{W}footnoteRef",
    f"{W}endnoteRef",
    f"{W}commentReference",
    f"{W}annotationRef",
    f"{W}lastRenderedPageBreak",
    f"{W}softHyphen",
    f"{W}separator",
    f"{W}continuationSeparator",
}


@dataclass
class _Field:
    instruction: list[str] = field(default_factory=list)  # its parts, joined at the separator
    result: bool = False  # past the separator: what the field shows
    link: str | None = None  # a HYPERLINK field's target, worked out at the separator


class _Reader:
    """Walks a story (the body, a footnote) into paragraphs; one reader per file, so that
    every revision gets a key of its own."""

    def __init__(self, styles: _Styles, name: str) -> None:
        self.styles = styles
        self.name = name  # the file's, for messages
        self.paragraphs = 0
        self.characters = 0
        self.revised = 0
        self.count = 0
        self.tables = 0
        self.fields: list[_Field] = []
        self.moves: dict[str, str] = {}  # range id -> move name
        self.move: str | None = None
        self.pending_bookmarks: list[str] = []

    def revision(self, element, kind: str) -> Revision:
        self.count += 1
        return Revision(
            self.count,
            kind,
            element.get(f"{W}author", "") or "",
            element.get(f"{W}date", "") or "",
            self.move if kind in {"ins", "del", "mark-ins", "mark-del"} else None,
        )

    def story(self, root, story: str, links: dict[str, str]) -> list[Paragraph]:
        self.links = links
        paragraphs: list[Paragraph] = []
        self.pending_bookmarks = []
        self.blocks(root, story, paragraphs, None, None, 0)
        return paragraphs

    def blocks(
        self,
        node,
        story: str,
        out: list[Paragraph],
        cell: tuple[int, int, int] | None,
        row: tuple[Revision | None, Revision | None] | None,
        depth: int,
    ) -> None:
        for child in node:
            tag = child.tag
            if tag == f"{W}p":
                self.paragraphs += 1
                if self.paragraphs > MAX_PARAGRAPHS:
                    raise WordFileError(
                        _(
                            "cannot read {name}: it holds more than {limit} paragraphs",
                            name=self.name,
                            limit=MAX_PARAGRAPHS,
                        )
                    )
                paragraph = Paragraph(story, cell=cell)
                if row is not None:
                    paragraph.row_inserted, paragraph.row_deleted = row
                paragraph.bookmarks.extend(self.pending_bookmarks)
                self.pending_bookmarks = []
                self.paragraph(child, paragraph)
                out.append(paragraph)
            elif tag == f"{W}tbl":
                if depth >= MAX_NESTING:
                    raise WordFileError(
                        _(
                            "cannot read {name}: its tables are nested more than {limit} deep",
                            name=self.name,
                            limit=MAX_NESTING,
                        )
                    )
                self.table(child, story, out, depth + 1)
            elif tag in {f"{W}sdt"}:
                content = child.find(f"{W}sdtContent")
                if content is not None:
                    self.blocks(content, story, out, cell, row, depth)
            elif tag in {f"{W}customXml", f"{W}ins", f"{W}del", f"{W}moveFrom", f"{W}moveTo"}:
                self.blocks(child, story, out, cell, row, depth)
            elif tag == f"{W}bookmarkStart":
                self.pending_bookmarks.append(child.get(f"{W}name", ""))
            elif tag in {f"{W}moveFromRangeStart", f"{W}moveToRangeStart"}:
                self.range_start(child)
            elif tag in {f"{W}moveFromRangeEnd", f"{W}moveToRangeEnd"}:
                self.range_end(child)

    def table(self, table, story: str, out: list[Paragraph], depth: int) -> None:
        self.tables += 1
        number = self.tables
        for r, tr in enumerate(table.findall(f"{W}tr")):
            properties = tr.find(f"{W}trPr")
            inserted = deleted = None
            if properties is not None:
                mark = properties.find(f"{W}ins")
                inserted = self.revision(mark, "row-ins") if mark is not None else None
                mark = properties.find(f"{W}del")
                deleted = self.revision(mark, "row-del") if mark is not None else None
            cells = [c for c in tr if c.tag in {f"{W}tc", f"{W}sdt", f"{W}customXml"}]
            column = 0
            for tc in cells:
                if tc.tag != f"{W}tc":  # a content control around a cell
                    inner = tc.find(f".//{W}tc")
                    if inner is None:
                        continue
                    tc = inner
                self.blocks(tc, story, out, (number, r, column), (inserted, deleted), depth)
                column += 1

    def range_start(self, element) -> None:
        name = element.get(f"{W}name")
        if name:
            self.moves[element.get(f"{W}id", "")] = name
            self.move = name

    def range_end(self, element) -> None:
        if self.moves.pop(element.get(f"{W}id", ""), None) is not None:
            self.move = None

    def paragraph(self, p, paragraph: Paragraph) -> None:
        properties = p.find(f"{W}pPr")
        style_id, level, was_style_id, was_level = "", None, None, None
        if properties is not None:
            style_id, level = self.style_of(properties)
            change = properties.find(f"{W}pPrChange")
            if change is not None:
                old = change.find(f"{W}pPr")
                was_style_id, was_level = self.style_of(old) if old is not None else ("", None)
                paragraph.restyled = self.revision(change, "style")
            mark = properties.find(f"{W}rPr")
            if mark is not None:
                for tag, kind in (
                    ("ins", "mark-ins"),
                    ("moveTo", "mark-ins"),
                    ("del", "mark-del"),
                    ("moveFrom", "mark-del"),
                ):
                    found = mark.find(f"{W}{tag}")
                    if found is not None:
                        revision = self.revision(found, kind)
                        if kind == "mark-ins":
                            paragraph.mark_inserted = revision
                        else:
                            paragraph.mark_deleted = revision
        paragraph.style = self.styles.name(style_id)
        paragraph.level = level
        paragraph.heading = self.styles.heading(style_id)
        if paragraph.restyled is not None:
            paragraph.was_style = self.styles.name(was_style_id or "")
            paragraph.was_level = was_level
            paragraph.was_heading = self.styles.heading(was_style_id or "")
        else:
            paragraph.was_style, paragraph.was_level = paragraph.style, level
            paragraph.was_heading = paragraph.heading
        self.inline(p, paragraph, None, None, PLAIN_CONTEXT)

    def style_of(self, properties) -> tuple[str, int | None]:
        style = properties.find(f"{W}pStyle")
        ident = style.get(f"{W}val", "") if style is not None else ""
        numbering = properties.find(f"{W}numPr")
        level = None
        if numbering is not None:
            number = numbering.find(f"{W}numId")
            if number is None or number.get(f"{W}val") != "0":
                found = numbering.find(f"{W}ilvl")
                level = _number(found.get(f"{W}val") if found is not None else None) or 0
        elif ident in self.styles.numbered:
            level = 0
        return ident, level

    def inline(
        self,
        node,
        paragraph: Paragraph,
        inserted: Revision | None,
        deleted: Revision | None,
        context: _Context,
    ) -> None:
        for child in node:
            tag = child.tag
            if tag == f"{W}r":
                self.run(child, paragraph, inserted, deleted, context)
            elif tag in {f"{W}ins", f"{W}moveTo"}:
                self.inline(child, paragraph, self.revision(child, "ins"), deleted, context)
            elif tag in {f"{W}del", f"{W}moveFrom"}:
                self.inline(child, paragraph, inserted, self.revision(child, "del"), context)
            elif tag == f"{W}hyperlink":
                anchor = child.get(f"{W}anchor")
                target = (
                    "#" + anchor if anchor else self.links.get(child.get(f"{R}id", ""), "") or None
                )
                self.inline(child, paragraph, inserted, deleted, context.with_link(target))
            elif tag == f"{W}fldSimple":
                instruction = child.get(f"{W}instr", "")
                self.inline(
                    child, paragraph, inserted, deleted, context.in_field(instruction, self.links)
                )
            elif tag in _RUN_CONTAINERS:
                self.inline(child, paragraph, inserted, deleted, context)
            elif tag == f"{W}sdt":
                content = child.find(f"{W}sdtContent")
                if content is not None:
                    self.inline(content, paragraph, inserted, deleted, context)
            elif tag == f"{W}bookmarkStart":
                paragraph.bookmarks.append(child.get(f"{W}name", ""))
            elif tag == f"{W}commentRangeStart":
                paragraph.comment_starts.append((child.get(f"{W}id", ""), len(paragraph.chars)))
            elif tag == f"{W}commentRangeEnd":
                paragraph.comment_ends.append((child.get(f"{W}id", ""), len(paragraph.chars)))
            elif tag in {f"{W}moveFromRangeStart", f"{W}moveToRangeStart"}:
                self.range_start(child)
            elif tag in {f"{W}moveFromRangeEnd", f"{W}moveToRangeEnd"}:
                self.range_end(child)
            elif tag == f"{MC}AlternateContent":
                choice = child.find(f"{MC}Choice")
                if choice is not None:
                    self.inline(choice, paragraph, inserted, deleted, context)

    def run(
        self,
        r,
        paragraph: Paragraph,
        inserted: Revision | None,
        deleted: Revision | None,
        context: _Context,
    ) -> None:
        properties = r.find(_RPR)
        look, was, restyled, decoration = self.looks(properties, context)
        for child in r:
            tag = child.tag
            if tag in _SKIPPED_RUN_CONTENT:
                continue
            if tag == _FLD_CHAR:
                self.field_char(child.get(_FLD_CHAR_TYPE, ""))
                continue
            if tag in _INSTRUCTION:
                if self.fields and not self.fields[-1].result:
                    self.fields[-1].instruction.append(child.text or "")
                continue
            if self.fields and not self.fields[-1].result:
                continue  # a field's instruction is not text
            field_link = self.field_link()
            char_look, char_was = look, was
            if field_link is not None:
                char_look = Look(look.marks, field_link)
                char_was = Look(was.marks, field_link)
            in_field = bool(self.fields) and field_link is None
            text = ""
            note = None
            if tag in _TEXT:
                text = child.text or ""
            elif tag in _TABS:
                text = "\t"
            elif tag in _BREAKS:
                if child.get(_TYPE) in {"page", "column"}:
                    continue
                text = "\n"
            elif tag == _HYPHEN:
                text = "-"
            elif tag == _SYM:
                code = child.get(f"{W}char", "")
                number = int(code, 16) if re.fullmatch(r"[0-9A-Fa-f]{1,6}", code) else 0
                if 0xF000 <= number <= 0xF0FF:  # a symbol font's private range
                    text = OBJECT
                elif 0 < number <= 0x10FFFF and not 0xD800 <= number <= 0xDFFF:
                    text = chr(number)
            elif tag in _NOTE_REFERENCES:
                text, note = NOTE, child.get(_ID, "")
            elif tag in _OBJECTS:
                text = OBJECT
            if not text:
                continue
            if note is not None:
                char_look, char_was, char_restyled = PLAIN, PLAIN, None
            else:
                char_restyled = restyled
            hidden = decoration or in_field or context.decoration
            self.count_characters(paragraph, len(text), inserted or deleted)
            paragraph.chars.extend(
                Char(letter, char_look, char_was, inserted, deleted, char_restyled, note, hidden)
                for letter in text
            )

    def count_characters(self, paragraph: Paragraph, size: int, revised) -> None:
        """Refuse a file past the limits on characters (in all, in one paragraph, revised):
        every character is an object, and a revised one is worked on in every step."""
        self.characters += size
        self.revised += size if revised is not None else 0
        limits = (
            (self.characters, MAX_CHARACTERS, "characters"),
            (len(paragraph.chars) + size, MAX_PARAGRAPH_CHARACTERS, "paragraph"),
            (self.revised, MAX_REVISED_CHARACTERS, "revised"),
        )
        for count, limit, kind in limits:
            if count > limit:
                raise WordFileError(_LIMITS[kind](self.name, limit))

    def looks(self, properties, context: _Context) -> tuple[Look, Look, Revision | None, bool]:
        if properties is None:
            return Look(frozenset(), context.link), Look(frozenset(), context.link), None, False
        style = properties.find(f"{W}rStyle")
        style_id = style.get(f"{W}val", "") if style is not None else ""
        decoration = self.styles.name(style_id) in {"Section Number", "SectionNumber"}
        marks = self.char_marks(properties, style_id)
        change = properties.find(f"{W}rPrChange")
        if change is None:
            look = Look(frozenset(marks), context.link)
            return look, look, None, decoration
        old = change.find(f"{W}rPr")
        old_style = old.find(f"{W}rStyle") if old is not None else None
        old_marks = self.char_marks(
            old, old_style.get(f"{W}val", "") if old_style is not None else ""
        )
        return (
            Look(frozenset(marks), context.link),
            Look(frozenset(old_marks), context.link),
            self.revision(change, "format"),
            decoration,
        )

    def char_marks(self, properties, style_id: str) -> set[str]:
        marks = set(self.styles.marks.get(style_id, frozenset()))
        if self.styles.name(style_id) in {"Verbatim Char", "VerbatimChar"}:
            marks.add("code")
        if properties is not None:
            for tag, mark in (("b", "strong"), ("i", "emph")):
                element = properties.find(f"{W}{tag}")
                if element is not None:  # direct formatting sets or clears it
                    (marks.add if _on(element) else marks.discard)(mark)
            marks |= _marks(properties) - {"strong", "emph"}
        return marks

    def field_char(self, kind: str) -> None:
        if kind == "begin":
            self.fields.append(_Field())
        elif kind == "separate" and self.fields:
            self.fields[-1].result = True
            self.fields[-1].link = _hyperlink_field("".join(self.fields[-1].instruction))
        elif kind == "end" and self.fields:
            self.fields.pop()

    def field_link(self) -> str | None:
        """The target of the HYPERLINK field whose result is being read, if any."""
        if not self.fields or not self.fields[-1].result:
            return None
        return self.fields[-1].link


_LIMITS = {
    "characters": lambda name, limit: _(
        "cannot read {name}: it holds more than {limit} characters", name=name, limit=limit
    ),
    "paragraph": lambda name, limit: _(
        "cannot read {name}: a paragraph in it holds more than {limit} characters",
        name=name,
        limit=limit,
    ),
    "revised": lambda name, limit: _(
        "cannot read {name}: it holds more than {limit} characters inserted or deleted with "
        "Track Changes",
        name=name,
        limit=limit,
    ),
}


def _hyperlink_field(instruction: str) -> str | None:
    match = re.match(r'\s*HYPERLINK\s+(?:\\l\s+)?"([^"]*)"', instruction)
    if not match:
        return None
    return ("#" + match[1]) if "\\l" in instruction.split('"')[0] else match[1]


@dataclass(frozen=True)
class _Context:
    link: str | None = None
    decoration: bool = False

    def with_link(self, target: str | None) -> _Context:
        return _Context(target, self.decoration)

    def in_field(self, instruction: str, links: dict[str, str]) -> _Context:
        target = _hyperlink_field(instruction)
        if target is not None:
            return _Context(target, self.decoration)
        return _Context(self.link, True)


PLAIN_CONTEXT = _Context()
