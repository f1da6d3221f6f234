"""The Word file's XML as the finishers read it: its namespaces, the text of its runs, a
paragraph's style, and its package (the relationships and content types of the document
part, and the parts a finisher adds).
"""

from __future__ import annotations

import re

from .officexml import Element, Names, Part

_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
N = Names(
    w=W,
    r=_R,
    m="http://schemas.openxmlformats.org/officeDocument/2006/math",
    wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    a="http://schemas.openxmlformats.org/drawingml/2006/main",
    pic="http://schemas.openxmlformats.org/drawingml/2006/picture",
    asvg="http://schemas.microsoft.com/office/drawing/2016/SVG/main",
    rel="http://schemas.openxmlformats.org/package/2006/relationships",
    ct="http://schemas.openxmlformats.org/package/2006/content-types",
)
EMPTY = " />"  # how pandoc ends an empty element in a Word file
VAL, P, PPR, PSTYLE, RUN, TEXT, TAB = (
    N(n) for n in ("w:val", "w:p", "w:pPr", "w:pStyle", "w:r", "w:t", "w:tab")
)
_REL = _R + "/"


class Package:
    """The relationships and content types of the document part, and the parts added."""

    def __init__(self, parts: dict[str, bytes]) -> None:
        self.rels = Part(parts["word/_rels/document.xml.rels"], EMPTY)
        self.types = Part(parts["[Content_Types].xml"], EMPTY)
        self.added: dict[str, bytes] = {}

    def add(self, name: str, data: bytes, content_type: str, kind: str) -> str:
        """Add part word/<name>; returns its relationship id."""
        rel_id = "rIdRoledoc" + re.sub(r"[^A-Za-z0-9]", "", name.title())
        self.added["word/" + name] = data
        self.rels.root.append(
            N.make("rel:Relationship", {"Id": rel_id, "Type": _REL + kind, "Target": name})
        )
        self.types.root.append(
            N.make("ct:Override", {"PartName": f"/word/{name}", "ContentType": content_type})
        )
        return rel_id

    def add_file(self, name: str, data: bytes) -> None:
        """Add a part that the document part does not refer to (a font, a part's own
        relationships), by its full name."""
        self.added[name] = data

    def default_type(self, extension: str, content_type: str) -> None:
        """The content type of every part whose name ends in `.extension`."""
        defaults = self.types.root.iterchildren(N("ct:Default"))
        if any(node.get("Extension", "").lower() == extension for node in defaults):
            return
        default = N.make("ct:Default", {"Extension": extension, "ContentType": content_type})
        later = next(self.types.root.iterchildren(N("ct:Override")), None)
        if later is None:
            self.types.root.append(default)
        else:
            later.addprevious(default)

    def targets(self) -> dict[str, str]:
        """The target of each relationship, by its id."""
        return {rel.get("Id", ""): rel.get("Target", "") for rel in self.rels.root}

    def changed(self) -> dict[str, bytes]:
        """The package's parts as they are now, where a part was added."""
        if not self.added:
            return {}
        return {
            "word/_rels/document.xml.rels": self.rels.bytes(),
            "[Content_Types].xml": self.types.bytes(),
        }


def run_text(node: Element) -> str:
    """The text of the runs in an element: w:t contents, a run's tab as a tab."""
    return "".join(
        "\t" if found.tag == TAB else found.text or ""
        for found in node.iter(TEXT, TAB)
        if found.tag == TEXT or found.getparent().tag == RUN
    )


def style_of(paragraph: Element) -> str | None:
    """The style a paragraph names first in its properties (which come first in it)."""
    properties = paragraph[0] if len(paragraph) else None
    if properties is None or properties.tag != PPR or not len(properties):
        return None
    style = properties[0]
    return style.get(VAL) if style.tag == PSTYLE else None


def names(*qualified: str) -> set[str]:
    """The qualified names of "w:..." names, to look children up by."""
    return {N(name) for name in qualified}
