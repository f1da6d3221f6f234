"""The PDF's page numbers in the EPUB's text (`paginate_epub`, once the PDF of the same build is
finished), so that readers of both can cite the same page. Where each page begins is found by
epubpagestarts.py; here the markers are placed and the page list made. The title page's marker
opens the e-book's title page, the contents' first page's stands before the e-book's contents,
and every other page's goes before the words its body begins with: at a word's start, never
inside one, so that no word changes, and before the heading, paragraph or list the page opens
with. The navigation document gets a hidden page list, the package the page features and the
PDF edition as the pages' source (dc:source and pageBreakSource). A page not found in the text
(a page of a picture alone) has no marker.

The e-book is the one finish_epub (epub.py) made, and its package is rewritten the same way:
entry by entry (`officexml.write_package`), the `mimetype` entry first and uncompressed.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from pathlib import Path

from lxml import etree

from .epub import (
    NAV,
    OPF,
    OPF_NS,
    OPS_TYPE,
    X,
    add_child,
    add_meta,
    content_documents,
    first_heading,
    xml_bytes,
)
from .epubpagestarts import PdfPages, locate_pages, text_words
from .officexml import Element, parse, read_package, write_package

# What an e-book offers where it has the PDF's pages, besides epub.FEATURES.
PAGE_FEATURES = ("pageBreakMarkers", "printPageNumbers", "pageNavigation")
_DC = "{http://purl.org/dc/elements/1.1/}"
# A marker hoisted out of these, when it stands at their very start, stands before them ...
_HOISTED = {
    *"a abbr b bdi bdo cite code del dfn em i ins kbd mark q s samp small span strong sub sup"
    " time u var p h1 h2 h3 h4 h5 h6 blockquote div figure pre ul ol li dl dt dd table"
    " thead tbody tfoot tr td th caption".split()
}
# ... unless they stand in one of these, which holds no text of its own.
_NO_TEXT = {*"ul ol dl table thead tbody tfoot tr colgroup hgroup head html select".split()}


def paginate_epub(path: Path, pdf: Path) -> None:
    """The pages of `pdf`, the same document's PDF, in the EPUB at `path` (see the module).
    An EPUB with a page list already is left as it is."""
    infos, parts = read_package(path)
    if NAV not in parts or OPF not in parts:
        return
    nav = parse(parts[NAV])
    if page_list(nav) is not None:
        return
    opf = parse(parts[OPF])
    trees = {name: parse(parts[name]) for name in content_documents(opf) if name in parts}
    words, spots = text_words(trees)
    pdf_pages = PdfPages(pdf)
    labels = pdf_pages.labels
    toc = nav.find(f".//{X}nav[@{OPS_TYPE}='toc']")
    heading = "" if toc is None else first_heading(toc)
    starts, contents = locate_pages(pdf_pages, words, heading)
    taken = {name: _ids(tree) for name, tree in [*trees.items(), (NAV, nav)]}
    placed: list[tuple[int, str, str]] = []  # (page, document, marker id)
    if contents is not None and toc is not None:  # the contents page: the e-book's contents
        marker = _marker(labels[contents], taken[NAV])
        toc.addprevious(marker)
        marker.tail = "\n"
        placed.append((contents, NAV, marker.get("id")))
    cover = _title_page(trees)
    if starts and starts[0] is None and contents != 0 and pdf_pages.text_from and cover:
        name, section = cover  # the title page: the e-book's, which may say less
        marker = _marker(labels[0], taken[name])
        marker.tail, section.text = section.text, None
        section.insert(0, marker)
        placed.append((0, name, marker.get("id")))
    for page, start in reversed(list(enumerate(starts))):  # from the end: offsets hold
        if start is not None:
            name, element, slot, offset = spots[start]
            marker = _marker(labels[page], taken[name])
            _insert(marker, element, slot, offset)
            placed.append((page, name, marker.get("id")))
    if not placed:
        return
    placed.sort()
    _add_page_list(nav, [(labels[page], name, marker) for page, name, marker in placed])
    for name in {name for _page, name, _id in placed if name != NAV}:
        parts[name] = xml_bytes(trees[name])
    parts[NAV] = xml_bytes(nav)
    _add_page_features(opf, pdf)
    parts[OPF] = xml_bytes(opf)
    write_package(path, infos, parts, {}, dated_like=NAV)


def page_list(nav: Element) -> Element | None:
    return nav.find(f".//{X}nav[@{OPS_TYPE}='page-list']")


def _add_page_features(opf: Element, pdf: Path) -> None:
    """The page features, and the PDF edition as the pages' source."""
    metadata = opf.find(f"{OPF_NS}metadata")
    for feature in PAGE_FEATURES:
        add_meta(metadata, "schema:accessibilityFeature", feature)
    title = metadata.findtext(f"{_DC}title") or pdf.stem
    edition = metadata.findtext(f"{_DC}description")
    source = ", ".join(part for part in (title, "PDF", edition) if part)
    # dc:source as EPUB 3 has it; pageBreakSource as EPUB Accessibility 1.1's techniques
    # (and DAISY Ace) ask for it, which a dc:source alone no longer names as the pages' own.
    add_child(metadata, f"{_DC}source").text = source
    add_meta(metadata, "pageBreakSource", source)


# --- the markers and the page list ---


def _ids(root: Element) -> set[str]:
    return {element.get("id") for element in root.iter() if element.get("id")}


def _marker(label: str, taken: set[str]) -> Element:
    """A page-break marker for the page `label`, with an id not in `taken` (then in it)."""
    base = "page-" + re.sub(r"[^A-Za-z0-9_.-]", "-", label)
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}-{n}"
    taken.add(name)
    attributes = {OPS_TYPE: "pagebreak", "role": "doc-pagebreak", "id": name, "aria-label": label}
    return etree.Element(f"{X}span", attributes)


def _insert(marker: Element, element: Element, slot: str, offset: int) -> None:
    """`marker` before the word at `offset` in `element`'s text or tail; then before the
    elements it opens (a heading, a paragraph, a list), where their parent holds text."""
    value = getattr(element, slot) or ""
    while offset and _opens(value[offset - 1]):
        offset -= 1
    if slot == "text":
        marker.tail = (element.text or "")[offset:]
        element.text = (element.text or "")[:offset]
        element.insert(0, marker)
    else:
        marker.tail = (element.tail or "")[offset:]
        element.tail = (element.tail or "")[:offset]
        element.addnext(marker)
    target = None
    current = marker
    while True:
        parent = current.getparent()
        if parent is None or etree.QName(parent).localname not in _HOISTED:
            break
        if (parent.text or "").strip() or parent.index(current) != 0:
            break
        grand = parent.getparent()
        if grand is not None and etree.QName(grand).localname not in _NO_TEXT:
            target = parent
        current = parent
    if target is not None:
        _lift(marker, target)


def _opens(char: str) -> bool:
    """An opening quote or bracket: a marker before a word stands before it too."""
    return char in "\"'" or unicodedata.category(char) in ("Ps", "Pi")


def _lift(marker: Element, before: Element) -> None:
    """`marker`, the first thing in its parent, out of it and just before `before`."""
    parent = marker.getparent()
    parent.text = (parent.text or "") + (marker.tail or "")
    parent.remove(marker)
    marker.tail = None
    before.addprevious(marker)


def _title_page(trees: dict[str, Element]) -> tuple[str, Element] | None:
    """The document and element of the e-book's title page, if it has one."""
    for name, root in trees.items():
        for element in root.iter(f"{X}section", f"{X}body"):
            if "titlepage" in (element.get(OPS_TYPE) or "").split():
                return name, element
    return None


def _add_page_list(nav: Element, placed: list[tuple[str, str, str]]) -> None:
    """The page list, hidden like the landmarks: an e-reader offers it in its own way."""
    listing = add_child(nav.find(f"{X}body"), f"{X}nav")
    for name, value in (
        (OPS_TYPE, "page-list"),
        ("role", "doc-pagelist"),
        ("id", "page-list"),
        ("hidden", "hidden"),
    ):
        listing.set(name, value)
    listing.text = "\n  "
    items = etree.SubElement(listing, f"{X}ol")
    items.text, items.tail = "\n    ", "\n"
    folder = posixpath.dirname(NAV)
    for label, name, marker in placed:
        item = etree.SubElement(items, f"{X}li")
        href = f"{posixpath.relpath(name, folder)}#{marker}"
        link = etree.SubElement(item, f"{X}a", href=href)
        link.text = label
        item.tail = "\n    "
    item.tail = "\n  "
