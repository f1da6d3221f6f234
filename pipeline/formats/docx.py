"""What pandoc 3.9's DOCX writer leaves to Word, done after it has written the file.

- Fields that a reader sees without any program computing them (docxfields). Word asks
  nothing on opening (no `w:updateFields`), and shows each field's stored result, as do
  LibreOffice (inside a TOC field) and programs that never compute fields (a phone, a
  browser's or mail client's preview). So the results say what is true:
  - Contents: in place of the empty TOC field pandoc writes, the field with its result as
    Word writes it: an entry per level-1/2 heading in the TOC1/TOC2 style, with its number,
    a link to a `_Toc` bookmark on the heading. "Update Field" in Word, or "Update Index" in
    LibreOffice, makes the same list again.
  - Pages, when the build is asked for them (`roledoc build --paginate`: `make release`,
    `make accept`): LibreOffice lays the finished file out (docxpages), and each entry ends
    in a tab to the dot leader and its page as a PAGEREF field's result; the page after a
    cross-reference ("(“Capaciteit en budget”, p. 14)", filters/links.lua; in the text or a
    footnote) is its PAGEREF's result, pointed at a `_Ref` bookmark inside the target's
    heading, as Word's own cross-references are. The numbers are the footer's on the
    heading's page, checked by laying the file out again.
  - Without them (no LibreOffice, or not asked) the contents list the headings without
    pages, and a cross-reference names its target without a page: "(“Capaciteit en
    budget”)", and nothing where the link's text is the title already ("(p. #)" goes
    altogether). A field showing "#" or a number nobody computed would be worse than none.
- The house font embedded (officefonts), so that the file lays out in it where it is not
  installed; not in the review file of `roledoc review export`, a working file that goes
  back and forth by mail, where the layout does not matter and 350 KB of fonts would.
- Page furniture: a header with the title and a footer with the edition line and
  "Pagina X van Y" (PAGE and NUMPAGES fields) on every page but the title page (titlePg). A
  reference document with a header of its own keeps it.
- SVG pictures and the logo: see docxpictures.
- The accent colour of document.yaml in place of the reference document's house accent.
- Tables: see docxtables.

Each XML part is read once into a tree, edited as one, and written once, unchanged nodes in
pandoc's own bytes (see officexml). The file is rewritten entry by entry, keeping each
entry's order, date and compression; new entries come last, dated like the document part,
so a build stays reproducible.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from .docxfields import (
    Field,
    anchor_references,
    drop_page_references,
    field_runs,
    fill_contents,
    page_fields,
    set_result,
    text_run,
)
from .docxpackage import (
    EMPTY,
    RUN,
    TAB,
    TEXT,
    VAL,
    N,
    Package,
    W,
    names,
)
from .docxpages import PAGINATE, first_page, number_pages
from .docxpictures import add_logo, add_svg_fallbacks
from .docxtables import fit_tables, text_width
from .office import DEFAULT_ACCENT, Furniture, furniture, meta_text, read_meta
from .officefonts import embed_in_word, folders_for
from .officetails import keep_docx_tails
from .officexml import (
    Element,
    Part,
    drop,
    insert_before_any,
    prepend,
    read_package,
    serialise,
    write_package,
)

_R = N.namespaces["r"]
DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
_TYPES = "application/vnd.openxmlformats-officedocument.wordprocessingml."
PLACEHOLDER = "0"  # a page's number before the first layout


def finish_docx(path: Path, ast_path: Path) -> None:
    """Contents and page references, font, header and footer, logo, accent colour and table
    widths (see the module)."""
    meta = read_meta(ast_path.read_text(encoding="utf-8"))
    page = furniture(meta, path.parent)
    paginate = PAGINATE in meta
    infos, parts = read_package(path)
    package = Package(parts)
    document = Part(parts["word/document.xml"], EMPTY)
    settings = Part(parts["word/settings.xml"], EMPTY)
    body = document.root
    space_numbers(body)
    keep_docx_tails(body)
    fill_contents(body, pages=paginate)
    entries, references = page_fields(body)
    notes = _part_with(parts, _NOTES, b"PAGEREF")  # a cross-reference in a footnote
    if notes is not None:
        references += page_fields(notes.root)[1]
    page_word = meta_text(meta, "labels", "page_short") or "p."
    unplaced = anchor_references(body, references) if paginate else references
    drop_page_references(unplaced, page_word)
    numbered = [*entries, *(r for r in references if r not in unplaced)]
    fit_tables(body, text_width(body))
    add_svg_fallbacks(body, parts, package, path.parent)
    if page.logo is not None:
        add_logo(body, page, package)
    _add_furniture(body, page, package)
    no_update_on_open(settings.root)
    review = REVIEW in meta  # the review file of `roledoc review export`
    if review:
        track_changes(settings.root)
        number_lines(body)
    else:
        embed_in_word(parts, package, settings.root, folders_for(path.parent))
    if review or page.accent:
        styles = Part(parts["word/styles.xml"], EMPTY)
        if review:
            grey_editors_text(styles.root)
        if page.accent:
            _recolour(styles.root, page.accent)
        parts["word/styles.xml"] = styles.bytes()
    parts["word/settings.xml"] = settings.bytes()
    parts.update(package.changed())

    def write(pages: dict[str, int]) -> None:
        for found in numbered:
            set_result(found, str(pages.get(found.bookmark or "", PLACEHOLDER)))
        parts["word/document.xml"] = document.bytes()
        if notes is not None:
            parts[_NOTES] = notes.bytes()
        write_package(path, infos, parts, package.added, "word/document.xml")

    if paginate and numbered:
        number_pages(path, write, _bookmarks(numbered), first_page(body))
    else:
        write({})


_NOTES = "word/footnotes.xml"


def _part_with(parts: dict[str, bytes], name: str, needle: bytes) -> Part | None:
    """Part `name` as a tree, where it holds `needle` (else it is not read at all)."""
    data = parts.get(name)
    return Part(data, EMPTY) if data is not None and needle in data else None


def _bookmarks(numbered: list[Field]) -> list[str]:
    return list(dict.fromkeys(found.bookmark or "" for found in numbered))


def space_numbers(document: Element) -> None:
    """A space, not a tab, between a heading's number and its title, as in the PDF: the tab
    jumps to the next default stop, and text taken from a PDF made of the file (copying,
    search, a screen reader) runs number and title together ("1Inleiding")."""
    for style in list(document.iter(N("w:rStyle"))):
        run = style.getparent().getparent()
        if style.get(VAL) != "SectionNumber" or run.tag != RUN:
            continue
        number, tab = run.find(TEXT), run.getnext()
        if (
            number is not None
            and re.fullmatch(r"[0-9.]+", number.text or "")
            and tab is not None
            and tab.tag == RUN
            and [child.tag for child in tab] == [TAB]
        ):
            number.text += " "
            drop(tab)


def no_update_on_open(settings: Element) -> None:
    """settings.xml without `w:updateFields`, with which Word asks on opening whether to
    update the fields: the fields hold what they should show (see the module)."""
    for update in list(settings.iter(N("w:updateFields"))):
        drop(update)


REVIEW = "roledoc-review-commit"  # in the metadata of the review file (pipeline/review/export.py)
# CT_Settings is a sequence: trackRevisions comes before these.
_AFTER_TRACK_REVISIONS = names(
    "w:doNotTrackMoves",
    "w:doNotTrackFormatting",
    "w:documentProtection",
    "w:autoFormatOverride",
    "w:styleLockTheme",
    "w:styleLockQFSet",
    "w:defaultTabStop",
)
# CT_SectPr is a sequence: lnNumType comes before these.
_AFTER_LINE_NUMBERS = names(
    "w:pgNumType",
    "w:cols",
    "w:formProt",
    "w:vAlign",
    "w:noEndnote",
    "w:titlePg",
    "w:textDirection",
    "w:bidi",
    "w:rtlGutter",
    "w:docGrid",
)
EDITORS_STYLE = "EditorsText"


def track_changes(settings: Element) -> None:
    """settings.xml with Track Changes on: Word and LibreOffice record every edit."""
    if next(settings.iter(N("w:trackRevisions")), None) is None:
        insert_before_any(settings, N.make("w:trackRevisions"), _AFTER_TRACK_REVISIONS)


def number_lines(document: Element) -> None:
    """Every section's lines numbered in the margin, counting on across pages, so that a
    reviewer can say "line 212"."""
    for section in document.iter(N("w:sectPr")):
        if next(section.iter(N("w:lnNumType")), None) is None:
            numbers = {"w:countBy": "1", "w:distance": "283", "w:restart": "continuous"}
            insert_before_any(section, N.make("w:lnNumType", numbers), _AFTER_LINE_NUMBERS)


def grey_editors_text(styles: Element) -> None:
    """The editors' text (pandoc's custom style "Editors Text") in a light grey box."""
    style = N.make(
        "w:style",
        {"w:type": "paragraph", "w:customStyle": "1", "w:styleId": EDITORS_STYLE},
        N.make("w:name", {"w:val": "Editors Text"}),
        N.make("w:basedOn", {"w:val": "BodyText"}),
        N.make("w:qFormat"),
        N.make(
            "w:pPr",
            {},
            N.make("w:shd", {"w:val": "clear", "w:color": "auto", "w:fill": "EDEDED"}),
            N.make("w:ind", {"w:left": "142", "w:right": "142"}),
        ),
    )
    ours = N("w:styleId")
    old = next((s for s in styles.iter(N("w:style")) if s.get(ours) == EDITORS_STYLE), None)
    if old is None:
        styles.append(style)
    else:
        style.tail = old.tail
        old.getparent().replace(old, style)


def _recolour(styles: Element, accent: str) -> None:
    """The accent colour in place of the reference document's house accent."""
    colours = (VAL, N("w:color"))
    for node in styles.iter(etree.Element):
        for name in colours:
            if node.get(name) == DEFAULT_ACCENT:
                node.set(name, accent)


def _add_furniture(document: Element, page: Furniture, package: Package) -> None:
    """Header and footer on every page but the first; none when the section has its own."""
    sections = list(document.iter(N("w:sectPr")))
    if not sections or next(sections[-1].iter(N("w:headerReference")), None) is not None:
        return
    section = sections[-1]
    header = _part("hdr", "Header", [text_run(page.title)])
    footer = _part(
        "ftr",
        "Footer",
        [
            text_run(page.edition_line),
            # a space before the tab, so that text taken from a PDF keeps the words apart
            text_run(" "),
            N.make("w:r", {}, N.make("w:tab")),
            text_run(f"{page.page} "),
            *field_runs(" PAGE ", "1"),
            text_run(f" {page.of} "),
            *field_runs(" NUMPAGES ", "1"),
        ],
    )
    references = []
    for kind, which, name, part in (
        ("header", "default", "header1.xml", header),
        ("header", "first", "header2.xml", _part("hdr", "Normal", [])),
        ("footer", "default", "footer1.xml", footer),
        ("footer", "first", "footer2.xml", _part("ftr", "Normal", [])),
    ):
        rel_id = package.add(name, part, f"{_TYPES}{kind}+xml", kind)
        references.append(N.make(f"w:{kind}Reference", {"w:type": which, "r:id": rel_id}))
    later = names("w:textDirection", "w:bidi", "w:rtlGutter", "w:docGrid", "w:printerSettings")
    insert_before_any(section, N.make("w:titlePg"), later)
    prepend(section, *references)


def _part(root: str, style: str, runs: list[Element]) -> bytes:
    """A header or footer part of one paragraph."""
    part = etree.Element(N(f"w:{root}"), nsmap={"w": W, "r": _R})
    part.append(N.make("w:p", {}, N.make("w:pPr", {}, N.make("w:pStyle", {"w:val": style})), *runs))
    return serialise(part, DECLARATION, EMPTY)
