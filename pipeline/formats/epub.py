"""roledoc's own work on the EPUB pandoc wrote, in two steps: finishing it here, and paging
it once the PDF is made (epubpages.py).

Finishing (`finish_epub`, right after pandoc):
  - the navigation document's landmarks in the document's language: pandoc 3.9 names them
    "Title Page" and "Table of Contents" whatever the language (jgm/pandoc#572), and a screen
    reader reads them out;
  - each chapter's title, which pandoc sets to its file name ("ch002.xhtml"), as its heading;
  - the package's accessibility metadata, as EPUB Accessibility 1.1 asks, in full (pandoc's
    own is replaced): read as text, and as pictures where there are pictures, each with a
    description; contents, headings, reading order and text that takes the reader's font and
    colours; no hazards; a summary in the document's words (labels.yaml's
    `epub_accessibility_summary`); the claim of WCAG 2.1 AA, by the organisation.

The package is rewritten entry by entry (`officexml.write_package`): the `mimetype` entry
stays first and uncompressed, as the EPUB standard asks.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from .office import meta_text, read_meta
from .officexml import Element, parse, read_package, write_package

NAV = "EPUB/nav.xhtml"
OPF = "EPUB/content.opf"
CONFORMS_TO = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"
SUMMARY = ("labels", "epub_accessibility_summary")  # where the metadata holds it
# What every e-book roledoc makes offers; alternativeText where it has pictures, and the page
# features where it has the PDF's pages (epubpages.PAGE_FEATURES).
FEATURES = ("structuralNavigation", "tableOfContents", "readingOrder", "displayTransformability")
X = "{http://www.w3.org/1999/xhtml}"
OPS_TYPE = "{http://www.idpf.org/2007/ops}type"
OPF_NS = "{http://www.idpf.org/2007/opf}"
# epub:type of a landmark -> where the metadata holds its name (labels.yaml's words)
LANDMARKS = {"titlepage": ("labels", "title_page"), "toc": ("toc-title",)}
# Package metadata this module writes, and so replaces.
_OURS = re.compile(r"^(schema:access|a11y:|dcterms:conformsTo$)")


def finish_epub(path: Path, ast_path: Path) -> None:
    """Landmarks in the document's words, chapter titles, accessibility metadata (see the
    module)."""
    meta = read_meta(ast_path.read_text(encoding="utf-8"))
    infos, parts = read_package(path)
    if NAV not in parts or OPF not in parts:
        return
    nav = parse(parts[NAV])
    _name_landmarks(nav, meta)
    parts[NAV] = xml_bytes(nav)
    opf = parse(parts[OPF])
    for name in content_documents(opf):
        if name in parts:
            parts[name] = _titled(parts[name])
    images = any(item.get("media-type", "").startswith("image/") for item in _items(opf))
    _describe_accessibility(opf, meta, images)
    parts[OPF] = xml_bytes(opf)
    write_package(path, infos, parts, {}, dated_like=NAV)


def content_documents(opf: Element) -> list[str]:
    """The package's content documents in reading order (the spine), the navigation
    document left out, as names in the package ("EPUB/text/ch001.xhtml")."""
    folder = posixpath.dirname(OPF)
    items = {item.get("id"): item for item in _items(opf)}
    names = []
    for ref in opf.iter(f"{OPF_NS}itemref"):
        item = items.get(ref.get("idref"))
        if item is None or "nav" in (item.get("properties") or "").split():
            continue
        if item.get("media-type") == "application/xhtml+xml":
            names.append(posixpath.normpath(posixpath.join(folder, item.get("href", ""))))
    return names


def _items(opf: Element) -> Iterator[Element]:
    return opf.iter(f"{OPF_NS}item")


def xml_bytes(root: Element) -> bytes:
    return etree.tostring(root.getroottree(), xml_declaration=True, encoding="UTF-8")


def _name_landmarks(nav: Element, meta: dict) -> None:
    names = {kind: meta_text(meta, *where) for kind, where in LANDMARKS.items()}
    for link in nav.iter(f"{X}a"):
        name = names.get(link.get(OPS_TYPE, ""))
        if name and any(a.get(OPS_TYPE) == "landmarks" for a in link.iterancestors()):
            link.text = name


def _titled(data: bytes) -> bytes:
    """A chapter whose title is its file's name, titled with its first heading instead."""
    root = parse(data)
    title = root.find(f"{X}head/{X}title")
    heading = " ".join(first_heading(root).split())
    if title is None or not heading or not re.fullmatch(r"\S+\.x?html", title.text or ""):
        return data
    title.text = heading
    return xml_bytes(root)


def first_heading(element: Element) -> str:
    """The text of the first heading in `element`."""
    heading = next(element.iter(*(f"{X}h{n}" for n in range(1, 7))), None)
    return "" if heading is None else "".join(heading.itertext())


def _describe_accessibility(opf: Element, meta: dict, images: bool) -> None:
    """The package's accessibility metadata, replacing pandoc's."""
    metadata = opf.find(f"{OPF_NS}metadata")
    for old in metadata.findall(f"{OPF_NS}meta"):
        if _OURS.match(old.get("property", "")):
            _remove(old)
    modes = ["textual", "visual"] if images else ["textual"]
    features = [*FEATURES, "alternativeText"] if images else list(FEATURES)
    entries = [("schema:accessMode", mode) for mode in modes]
    entries.append(("schema:accessModeSufficient", "textual"))
    entries += [("schema:accessibilityFeature", feature) for feature in features]
    entries.append(("schema:accessibilityHazard", "none"))
    summary = meta_text(meta, *SUMMARY)
    if summary:
        entries.append(("schema:accessibilitySummary", summary))
    entries.append(("dcterms:conformsTo", CONFORMS_TO))
    organisation = meta_text(meta, "organisation")
    if organisation:
        entries.append(("a11y:certifiedBy", organisation))
    for prop, value in entries:
        add_meta(metadata, prop, value)


def add_meta(metadata: Element, prop: str, value: str) -> None:
    # Made in place: lxml would name an element moved in the namespace's other prefix
    # (pandoc declares "opf" on <metadata> too), `<opf:meta>`.
    meta = add_child(metadata, f"{OPF_NS}meta", {None: OPF_NS[1:-1]})
    meta.set("property", prop)
    meta.text = value


def add_child(parent: Element, tag: str, nsmap: dict | None = None) -> Element:
    """A new element last in `parent`, on a line of its own like the children before it."""
    last = parent[-1] if len(parent) else None
    child = etree.SubElement(parent, tag, nsmap=nsmap)
    if last is not None:
        child.tail = last.tail
        last.tail = last.getprevious().tail if last.getprevious() is not None else parent.text
    return child


def _remove(element: Element) -> None:
    """`element` out of its parent; the whitespace before it goes with it."""
    parent = element.getparent()
    before = element.getprevious()
    if before is not None:
        before.tail = element.tail
    else:
        parent.text = element.tail
    parent.remove(element)
