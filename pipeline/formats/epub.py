"""roledoc's own work on the EPUB pandoc wrote: the navigation document's landmarks in the
document's language. pandoc 3.9 names them "Title Page" and "Table of Contents" whatever the
language (jgm/pandoc#572); a screen reader reads them out, and an e-reader lists them.

The package is rewritten entry by entry (`officexml.write_package`): the `mimetype` entry
stays first and uncompressed, as the EPUB standard asks.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from .office import meta_text, read_meta
from .officexml import read_package, write_package

NAV = "EPUB/nav.xhtml"
_XHTML = "{http://www.w3.org/1999/xhtml}a"
_TYPE = "{http://www.idpf.org/2007/ops}type"
# epub:type of a landmark -> where the metadata holds its name (labels.yaml's words)
LANDMARKS = {"titlepage": ("labels", "title_page"), "toc": ("toc-title",)}


def finish_epub(path: Path, ast_path: Path) -> None:
    """The landmarks named in the document's words (see the module)."""
    meta = read_meta(ast_path.read_text(encoding="utf-8"))
    names = {kind: meta_text(meta, *where) for kind, where in LANDMARKS.items()}
    infos, parts = read_package(path)
    if NAV not in parts:
        return
    root = etree.fromstring(parts[NAV])
    for link in root.iter(_XHTML):
        name = names.get(link.get(_TYPE, ""))
        if name and link.getparent() is not None and _in_landmarks(link):
            link.text = name
    parts[NAV] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    write_package(path, infos, parts, {}, dated_like=NAV)


def _in_landmarks(link: etree._Element) -> bool:
    return any(ancestor.get(_TYPE) == "landmarks" for ancestor in link.iterancestors())
