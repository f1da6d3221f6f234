"""The Word file's page fields measured against LibreOffice's layout: does every contents
entry and every page after a cross-reference hold the page its heading is printed on?

The fields are read from the DOCX as stored (what a viewer that computes nothing shows): the
PAGEREF fields in the TOC field's result and those after cross-references, and any field
that shows "#". The headings' pages are read from the PDF LibreOffice prints of the same
file, from its outline (LibreOffice's bookmarks, one per heading, in order), not from the
named destinations the build itself reads (formats/docxpages.py): the k-th heading
paragraph of the DOCX is the k-th outline item, and the two must say the same words. A
page's number is its index plus the number of the first page, as the footer counts.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..formats.docxfields import BOOKMARK, INSTR, NAME, fields, page_fields, paragraph_of
from ..formats.docxpackage import P, run_text, style_of
from ..formats.docxpages import first_page, missing_for_pages
from ..formats.officexml import Element, parse

_HEADING = re.compile(r"Heading([1-9])")
_CONTENTS = re.compile(r"TOC[1-9]")
_PAGEREF = "PAGEREF"
_NOTES = "word/footnotes.xml"


@dataclass(frozen=True)
class OutlineItem:
    title: str
    level: int
    page: int  # index of the page, from 0


@dataclass
class FieldReport:
    """What the fields hold against the pages of their headings."""

    entries: int = 0  # contents entries with a page field
    references: int = 0  # page references after cross-references
    right: int = 0  # of those, the ones that hold their heading's page
    unpaged: int = 0  # contents entries without a page field
    hashes: int = 0  # fields that show "#"
    wrong: list[str] = field(default_factory=list)  # "what says N, LibreOffice M"
    unknown: list[str] = field(default_factory=list)  # fields whose heading was not found

    @property
    def ok(self) -> bool:
        return self.entries > 0 and not (self.unpaged or self.hashes or self.wrong or self.unknown)


def can_paginate() -> bool:
    """Whether a build here can have LibreOffice lay out the Word file for its pages."""
    return missing_for_pages() is None


def outline(pdf: Path) -> list[OutlineItem]:
    """The PDF's outline items, depth first (pypdf)."""
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    found: list[OutlineItem] = []

    def walk(items: list, level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
                continue
            page = reader.get_destination_page_number(item)
            found.append(OutlineItem(str(item.title), level, -1 if page is None else page))

    walk(reader.outline, 1)
    return found


def measure_fields(docx: Path, laid_out: list[OutlineItem]) -> FieldReport:
    """The DOCX's page fields against the outline LibreOffice printed for it."""
    with zipfile.ZipFile(docx) as archive:
        document = parse(archive.read("word/document.xml"))
        names = set(archive.namelist())
        notes = parse(archive.read(_NOTES)) if _NOTES in names else None
    report = FieldReport()
    headings = [
        (paragraph, int(styled[1]))
        for paragraph in document.iter(P)
        if (styled := _HEADING.fullmatch(style_of(paragraph) or ""))
    ]
    first = first_page(document)
    pages: dict[Element, int] = {}  # heading paragraph -> its page number
    for index, (paragraph, level) in enumerate(headings):
        item = laid_out[index] if index < len(laid_out) else None
        said = run_text(paragraph)
        if item is None or item.level != level or _words(item.title) != _words(said):
            report.unknown.append(f"{said!r} is not in LibreOffice's outline")
            break  # the rest would be paired wrongly
        pages[paragraph] = first + item.page
    starts = {node.get(NAME): node for node in document.iter(BOOKMARK)}
    entries, references = page_fields(document)
    if notes is not None:  # a cross-reference in a footnote
        references += page_fields(notes)[1]
    report.entries, report.references = len(entries), len(references)
    for kind, group in (("contents entry", entries), ("page reference", references)):
        for found in group:
            shown = found.shown.strip()
            start = starts.get(found.bookmark)
            target = paragraph_of(start) if start is not None else None
            page = pages.get(target) if target is not None else None
            what = f"{kind} {run_text(target)!r}" if target is not None else kind
            if shown == "#":
                report.hashes += 1
            elif page is None:
                report.unknown.append(f"{what}: its heading has no page")
            elif shown != str(page):
                report.wrong.append(f"{what} says {shown!r}, LibreOffice {page}")
            else:
                report.right += 1
    report.hashes += sum(
        1
        for story in (document, notes)
        if story is not None
        for found in fields(story)
        if found.bookmark is None and found.shown.strip() == "#"
    )
    report.unpaged = sum(
        1
        for paragraph in document.iter(P)
        if _CONTENTS.fullmatch(style_of(paragraph) or "")
        and not any(_PAGEREF in (node.text or "") for node in paragraph.iter(INSTR))
    )
    return report


def _words(text: str) -> str:
    return " ".join(text.split()).casefold()


def fields_verdict(docx: Path, pdf: Path) -> tuple[bool, str]:
    """The acceptance line: the fields against the pages of LibreOffice's PDF of the file."""
    report = measure_fields(docx, outline(pdf))
    detail = (
        f"field results: {report.entries} contents entries and {report.references} page references"
    )
    if report.ok:
        detail += " hold the page LibreOffice lays their heading on"
    else:
        detail += f": {report.right} hold the page LibreOffice lays their heading on"
    detail += f"; {report.hashes} hold '#'"
    if report.unpaged:
        detail += f"; {report.unpaged} contents entries without a page"
    problems = report.wrong + report.unknown
    if problems:
        detail += " (" + "; ".join(problems[:3]) + (", ..." if len(problems) > 3 else "") + ")"
    return report.ok, detail
