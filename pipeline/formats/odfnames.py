"""The OpenDocument files' XML namespaces, as the ODT finishers name them, and how roledoc
ends a new empty element there."""

from __future__ import annotations

from .officexml import Names

N = Names(
    office="urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    style="urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    text="urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    table="urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    xlink="http://www.w3.org/1999/xlink",
    svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
    manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0",
)
EMPTY = "/>"  # how roledoc ends a new empty element in an OpenDocument file
