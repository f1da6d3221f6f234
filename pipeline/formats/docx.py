"""What pandoc 3.9's DOCX writer leaves to Word, done after it has written the file.

- Contents: the writer puts an empty TOC field in the file for Word to fill, which happens
  only when Word updates fields; LibreOffice and viewers show an empty page. In its place
  come the entries (the level-1 and level-2 headings with their numbers, each a link to a
  `_Toc` bookmark on its heading) with their pages as PAGEREF fields, and settings.xml asks
  Word to update fields on opening. They are not the result of a TOC field: LibreOffice shows
  a TOC field's result as stored, page numbers included, which only a layout knows; a
  PAGEREF outside it LibreOffice computes when it lays out (measured with 7.4). Word's
  "Insert Table of Contents" replaces the list, which stays in the Table of Contents block.
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

from .docxpackage import (
    EMPTY,
    PPR,
    RUN,
    TAB,
    TEXT,
    VAL,
    N,
    P,
    Package,
    W,
    names,
    run_text,
    style_of,
)
from .docxpictures import add_logo, add_svg_fallbacks
from .docxtables import fit_tables, text_width
from .office import DEFAULT_ACCENT, Furniture, furniture, read_meta
from .officexml import (
    Element,
    Part,
    drop,
    insert_after,
    insert_before_any,
    prepend,
    read_package,
    serialise,
    write_package,
)

_R = N.namespaces["r"]
DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
_TYPES = "application/vnd.openxmlformats-officedocument.wordprocessingml."


def finish_docx(path: Path, ast_path: Path) -> None:
    """Contents, header and footer, logo, accent colour and table widths (see the module)."""
    meta = read_meta(ast_path.read_text(encoding="utf-8"))
    page = furniture(meta, path.parent)
    infos, parts = read_package(path)
    package = Package(parts)
    document = Part(parts["word/document.xml"], EMPTY)
    settings = Part(parts["word/settings.xml"], EMPTY)
    body = document.root
    space_numbers(body)
    fill_contents(body)
    fit_tables(body, text_width(body))
    add_svg_fallbacks(body, parts, package, path.parent)
    if page.logo is not None:
        add_logo(body, page, package)
    _add_furniture(body, page, package)
    update_fields_on_open(settings.root)
    review = REVIEW in meta  # the review file of `roledoc review export`
    if review:
        track_changes(settings.root)
        number_lines(body)
    if review or page.accent:
        styles = Part(parts["word/styles.xml"], EMPTY)
        if review:
            grey_editors_text(styles.root)
        if page.accent:
            _recolour(styles.root, page.accent)
        parts["word/styles.xml"] = styles.bytes()
    parts["word/document.xml"] = document.bytes()
    parts["word/settings.xml"] = settings.bytes()
    parts.update(package.changed())
    write_package(path, infos, parts, package.added, "word/document.xml")


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


def fill_contents(document: Element) -> None:
    """The contents: in place of the empty TOC field, an entry per level-1/2 heading, linked
    to a `_Toc` bookmark on it (Word's own kind), with its page as a PAGEREF field."""
    field = next(
        (
            instruction.getparent().getparent()
            for instruction in document.iter(N("w:instrText"))
            if (instruction.text or "").startswith("TOC ")
        ),
        None,
    )
    if field is None or field.tag != P:
        return
    numbers = document.xpath("//@w:id", namespaces=N.namespaces)
    first_id = 1 + max((int(n) for n in numbers if n.isdigit()), default=0)
    entries: list[Element] = []
    paragraphs = list(document.iter(P))
    for paragraph in paragraphs[paragraphs.index(field) + 1 :]:
        level = {"Heading1": "1", "Heading2": "2"}.get(style_of(paragraph) or "")
        if level is None:
            continue
        name, bookmark_id = f"_Toc{len(entries) + 1:08d}", str(first_id + len(entries))
        page = _field(f" PAGEREF {name} \\h ", "")
        entries.append(
            N.make(
                "w:p",
                {},
                N.make("w:pPr", {}, N.make("w:pStyle", {"w:val": f"TOC{level}"})),
                N.make(
                    "w:hyperlink",
                    {"w:anchor": name, "w:history": "1"},
                    _t(run_text(paragraph)),
                    N.make("w:r", {}, N.make("w:tab")),
                    *page,
                ),
            )
        )
        insert_after(
            paragraph.find(PPR), N.make("w:bookmarkStart", {"w:id": bookmark_id, "w:name": name})
        )
        paragraph.append(N.make("w:bookmarkEnd", {"w:id": bookmark_id}))
    for entry in entries:
        field.addprevious(entry)
    drop(field)


def _t(text: str) -> Element:
    return N.make("w:r", {}, N.make("w:t", {"xml:space": "preserve"}, text))


def _field(instruction: str, result: str) -> list[Element]:
    """A complex field: Word shows `result` until it computes the field."""
    runs = [
        N.make("w:r", {}, N.make("w:fldChar", {"w:fldCharType": "begin"})),
        N.make("w:r", {}, N.make("w:instrText", {"xml:space": "preserve"}, instruction)),
        N.make("w:r", {}, N.make("w:fldChar", {"w:fldCharType": "separate"})),
    ]
    if result:
        runs.append(_t(result))
    runs.append(N.make("w:r", {}, N.make("w:fldChar", {"w:fldCharType": "end"})))
    return runs


# CT_Settings is a sequence: updateFields comes before these.
_AFTER_UPDATE_FIELDS = names(
    "w:hdrShapeDefaults",
    "w:footnotePr",
    "w:endnotePr",
    "w:compat",
    "w:docVars",
    "w:rsids",
    "m:mathPr",
    "w:attachedSchema",
    "w:themeFontLang",
    "w:clrSchemeMapping",
    "w:decimalSymbol",
    "w:listSeparator",
)


def update_fields_on_open(settings: Element) -> None:
    """settings.xml asking Word to update the fields (contents, page numbers) on opening."""
    if next(settings.iter(N("w:updateFields")), None) is None:
        update = N.make("w:updateFields", {"w:val": "true"})
        insert_before_any(settings, update, _AFTER_UPDATE_FIELDS)


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
    header = _part("hdr", "Header", [_t(page.title)])
    footer = _part(
        "ftr",
        "Footer",
        [
            _t(page.edition_line),
            _t(" "),  # a space before the tab, so that text taken from a PDF keeps the words apart
            N.make("w:r", {}, N.make("w:tab")),
            _t(f"{page.page} "),
            *_field(" PAGE ", "1"),
            _t(f" {page.of} "),
            *_field(" NUMPAGES ", "1"),
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
