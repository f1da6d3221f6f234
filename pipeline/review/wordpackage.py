"""A reviewed Word file opened as what it is, input from outside: its parts read within limits
(count, size, ratio), their XML parsed without entities, DTDs or network (with lxml's depth
limits), and the limits on what the document in it may hold. Also the XML names its readers
use (wordxml, wordstyles, wordtext).
"""

from __future__ import annotations

import zipfile
import zlib
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

# What a reviewed file may hold: a review file is one document for people to read, and every
# paragraph and character becomes an object (memory), every comment a thread in the notes.
MAX_PARAGRAPHS = 50_000
MAX_CHARACTERS = 3_000_000
MAX_PARAGRAPH_CHARACTERS = 50_000  # some sixteen pages in one paragraph
MAX_REVISED_CHARACTERS = 100_000  # inserted or deleted with Track Changes, in all
MAX_COMMENTS = 10_000
MAX_NESTING = 40  # tables within tables


class WordFileError(RoledocError):
    """The file cannot be read as a Word document."""


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


def read_parts(path: Path, wanted: tuple[str, ...]) -> dict[str, bytes]:
    """read_package, with a damaged member (bad compressed data, an unknown compression
    method) refused like any file that is not a Word file."""
    try:
        return read_package(path, wanted)
    except (zlib.error, NotImplementedError, zipfile.BadZipFile, OSError, EOFError):
        raise WordFileError(
            _("cannot read {name}: it is not a valid {kind} file", name=path.name, kind="docx")
        ) from None


LIMITS = {
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
