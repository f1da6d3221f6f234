"""A story of a reviewed Word file (the body, or one footnote) read from its XML into paragraphs
of characters: runs, symbols, fields and links, tables and their rows, bookmarks and comment
ranges, and every revision on them (insertions, deletions, moves, formatting, paragraph marks
and styles, table rows). One reader per file, so that every revision gets a key of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..core.messages import _
from .wordmodel import NOTE, OBJECT, PLAIN, Char, Look, Paragraph, Revision
from .wordpackage import (
    LIMITS,
    MAX_CHARACTERS,
    MAX_NESTING,
    MAX_PARAGRAPH_CHARACTERS,
    MAX_PARAGRAPHS,
    MAX_REVISED_CHARACTERS,
    MC,
    R,
    W,
    WordFileError,
)
from .wordstyles import Styles, run_marks, small_number, toggled_on

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


class StoryReader:
    """Walks a story (the body, a footnote) into paragraphs; one reader per file, so that
    every revision gets a key of its own."""

    def __init__(self, styles: Styles, name: str) -> None:
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
                level = small_number(found.get(f"{W}val") if found is not None else None) or 0
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
                self.inline(child, paragraph, inserted, deleted, context.in_field(instruction))
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
                raise WordFileError(LIMITS[kind](self.name, limit))

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
                    (marks.add if toggled_on(element) else marks.discard)(mark)
            marks |= run_marks(properties) - {"strong", "emph"}
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

    def in_field(self, instruction: str) -> _Context:
        target = _hyperlink_field(instruction)
        if target is not None:
            return _Context(target, self.decoration)
        return _Context(self.link, True)


PLAIN_CONTEXT = _Context()
