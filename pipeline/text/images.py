"""What an image file really is, judged by its content, not its name.

Contributions may only bring PNG, JPEG, GIF and SVG images of a bounded size. An SVG is text
that can hold scripts and references to other files or the internet; it is read as XML once
(`svg_problem`) and refused if it has any, then drawn once, small, by Typst
(`imageconversion.svg_drawable`), so that check refuses what the build could not draw.

A PNG, JPEG or GIF is decoded in full by Pillow at check (`decode_problem`) once its pixels,
read from its header (`pixel_size`: Pillow sizes a GIF's later frames only by decoding the
ones before), are within the limit: a picture that is not whole would stop the PDF.
"""

from __future__ import annotations

import base64
import binascii
import io
import re
import struct
import warnings
import zlib
from pathlib import Path
from typing import NoReturn
from xml.parsers import expat

from ..core.messages import Message, _, megabytes, os_reason
from .imageconversion import svg_drawable

MAX_IMAGE_BYTES = 10_000_000
# Typst decodes an image into memory at 4 bytes a pixel: 50 megapixels is 200 MB, and a
# 48-megapixel phone photo (8000 x 6000) still fits. A 40000 x 40000 PNG of a few MB would
# need 6.4 GB and stops the PDF.
MAX_MEGAPIXELS = 50
# Typst holds every picture of the PDF decoded at once: its peak memory grew by 130 MB per
# 45-megapixel JPEG and 195 MB per PNG (2.9 and 4.3 bytes a pixel; ten PNGs: 2.1 GB). 1,000
# megapixels in all (22 such photos, 80 of 12 megapixels) stays under 4.5 GB, within the
# 8 GB that Typst may use (render.TYPST_MEMORY).
MAX_DOCUMENT_MEGAPIXELS = 1000
# Elements that run code or show another document inside the drawing.
_SVG_ACTIVE = {
    "script": "svg-script",
    "handler": "svg-script",
    "listener": "svg-script",
    "foreignobject": "svg-foreign",
    "iframe": "svg-foreign",
    "embed": "svg-foreign",
    "object": "svg-foreign",
    "audio": "svg-foreign",
    "video": "svg-foreign",
}
_SVG_ANIMATIONS = {"set", "animate", "animatecolor", "animatemotion", "animatetransform"}
_XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace"
# A raster picture may be inside the SVG; another SVG may not (its own content would go
# unread here), and neither may anything that is fetched.
_EMBEDDED = re.compile(r"data:image/(png|jpeg|gif);base64,", re.IGNORECASE)
_STYLE_URL = re.compile(r"url\(\s*['\"]?\s*([^'\")]*)", re.IGNORECASE)
_STYLE_IMPORT = re.compile(r"@import", re.IGNORECASE)
# The standard SVG DTD, which SVG editors still write; expat never loads it.
_W3C = "http://www.w3.org/"


def sniff(head: bytes) -> str | None:
    """The image type from the first bytes of a file, or None."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith((b"<?xml", b"<svg", b"<!--", b"<!DOCTYPE svg")) and b"<svg" in head:
        return "svg"
    return None


def pixel_size(kind: str, data: bytes) -> tuple[int, int] | None:
    """(width, height) from the header of a PNG, GIF or JPEG, without decoding it."""
    try:
        if kind == "png":
            return struct.unpack_from(">II", data, 16)
        if kind == "gif":
            width, height, _whole = _gif_walk(data)
            return width, height
        if kind == "jpeg":
            at = 2
            while at + 9 < len(data):
                marker, length = data[at + 1], struct.unpack_from(">H", data, at + 2)[0]
                if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                    height, width = struct.unpack_from(">HH", data, at + 5)
                    return width, height
                at += 2 + length
    except (struct.error, IndexError):  # a header cut short
        pass
    return None


Problem = tuple[str, dict[str, object]]  # a diagnostic's code and its message fields


def image_problem(path: Path) -> Problem | None:
    """(code, message fields) for an image that may not be used, or None if it may."""
    return image_verdict(path)[0]


def image_verdict(path: Path) -> tuple[Problem | None, tuple[int, int]]:
    """What `image_problem` says, and the image's width and height in pixels, which Typst
    holds in memory (from its header; (0, 0) for an SVG or a file refused unread), from one
    bounded read of the file."""
    try:
        size = path.stat().st_size
        if size > MAX_IMAGE_BYTES:
            limit = megabytes(MAX_IMAGE_BYTES, whole=True)
            return ("RD314", {"size": megabytes(size), "limit": limit}), (0, 0)
        data = path.read_bytes()
    except OSError as exc:
        reason = _("{name}: {reason}", name=path.name, reason=os_reason(exc))
        return ("RD102", {"reason": reason}), (0, 0)
    kind = sniff(data[:4096])
    width, height = (kind and kind != "svg" and pixel_size(kind, data)) or (0, 0)
    return _problem(path, kind, data), (width, height)


def _drawing_problem(path: Path, svg: bytes) -> Problem | None:
    """An SVG that is safe XML but that Typst cannot draw (no <svg> root, a width of 0):
    drawn once, small, the way the PDF will draw it (`svg_drawable`), so that check refuses
    what the build would. The verdict is kept by the file's content (check's FileVerdicts)."""
    if svg_drawable(svg):
        return None
    reason = _("{name} is a damaged image: {what}; save it again", name=path.name, what=UNDECODABLE)
    return "RD102", {"reason": reason}


def _problem(path: Path, kind: str | None, data: bytes) -> Problem | None:
    if kind is None:
        return "RD313", {"src": path.name}
    if kind == "svg":
        found = svg_problem(data)
        if found is None:
            return _drawing_problem(path, data)
        what, line, pixels = found
        if pixels is not None:
            return "RD320", _megapixel_fields(path.name, *pixels)
        return "RD315", {"src": path.name, "what": what, "line": line}
    width, height = pixel_size(kind, data) or (0, 0)
    if width * height > MAX_MEGAPIXELS * 1_000_000:
        return "RD320", _megapixel_fields(path.name, width, height)
    damage = decode_problem(kind, data)
    if damage is not None:
        reason = _("{name} is a damaged image: {what}; save it again", name=path.name, what=damage)
        return "RD102", {"reason": reason}
    return None


def _gif_walk(data: bytes) -> tuple[int, int, bool]:
    """A GIF's logical screen, grown to hold every frame (a decoder makes room for a frame
    larger than the screen or beyond it), and whether its blocks end before the file does."""
    width, height = struct.unpack_from("<HH", data, 6)
    at = 13 + _gif_palette(data[10])
    while at < len(data):
        if data[at] == 0x2C:  # an image: left, top, width, height, flags
            left, top, frame_width, frame_height = struct.unpack_from("<HHHH", data, at + 1)
            width, height = max(width, left + frame_width), max(height, top + frame_height)
            at = _gif_skip_blocks(data, at + 11 + _gif_palette(data[at + 9]))
        elif data[at] == 0x21:  # an extension: label, then data blocks
            at = _gif_skip_blocks(data, at + 2)
        else:  # the trailer, or something no decoder reads further than
            return width, height, True
    return width, height, False


def _gif_palette(flags: int) -> int:
    return 3 << ((flags & 7) + 1) if flags & 0x80 else 0


def _gif_skip_blocks(data: bytes, at: int) -> int:
    while at < len(data) and data[at]:
        at += data[at] + 1
    return at + 1


# Why a picture cannot be decoded, in words for the person who brought it.
ENDS_EARLY = _("it ends before the picture is complete")
CHECKSUM = _("a checksum in the file does not match its content")
NO_SIZE = _("its width or height is 0")
UNDECODABLE = _("its picture data cannot be decoded")


_PNG_END = b"\0\0\0\0IEND"  # the end chunk: no data, then its checksum (4 bytes)


def decode_problem(kind: str, data: bytes) -> Message | None:
    """Why a PNG, JPEG or GIF (within the pixel limit) cannot be decoded as the PDF's Typst
    decodes it, or None. Pillow decodes every frame and verifies a PNG's chunks; where Typst
    is stricter, so is this: a PNG's picture data must be as long as its header promises, and
    a PNG or GIF cut off (a download that broke off) is refused. A JPEG that ends early Typst
    draws with the rest grey, as browsers do: only one that cannot be decoded is refused.
    Pillow draws each frame onto the whole picture: after the first (the only one Typst
    shows), frames are decoded up to MAX_MEGAPIXELS (a GIF of 200 one-pixel frames on 9
    megapixels took 24 s)."""
    from PIL import Image, ImageSequence

    size = pixel_size(kind, data)
    if kind in ("png", "jpeg") and (size is None or 0 in size):
        return NO_SIZE
    if kind == "png" and not 0 <= data.rfind(_PNG_END) <= len(data) - 12:
        return ENDS_EARLY
    if kind == "gif" and (size is None or not _gif_walk(data)[2]):  # size: its header is whole
        return ENDS_EARLY
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Pillow's remarks on odd files; errors count
            if kind == "png":
                with Image.open(io.BytesIO(data), formats=["PNG"]) as image:
                    image.verify()
            with Image.open(io.BytesIO(data), formats=[kind.upper()]) as image:
                decoded = 0
                for frame in ImageSequence.Iterator(image):
                    pixels = frame.size[0] * frame.size[1]
                    if decoded and decoded + pixels > MAX_MEGAPIXELS * 1_000_000:
                        break
                    frame.load()
                    decoded += pixels
    except Exception as exc:  # crafted input makes Pillow raise many kinds; all mean "broken"
        said = str(exc).lower()
        if kind == "jpeg" and said.startswith("image file is truncated"):
            return None
        if "truncated" in said or "incomplete" in said:
            return ENDS_EARLY
        return CHECKSUM if "checksum" in said else UNDECODABLE
    return _png_data_problem(data) if kind == "png" else None


# Per colour type of a PNG: the samples in a pixel.
_PNG_SAMPLES = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
# Adam7, the interlaced PNG's seven passes: first column, first row, column step, row step.
_ADAM7: tuple[tuple[int, int, int, int], ...]
_ADAM7 = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2))
_ADAM7 += ((0, 1, 1, 2),)


def _png_data_problem(data: bytes) -> Message | None:
    """What Typst's PNG decoder refuses and Pillow lets pass, drawing the rest black: picture
    data shorter than the header promises (in a PNG whose chunks Pillow verified)."""
    width, height, depth, colour, _method, _filter, interlaced = struct.unpack_from(
        ">IIBBBBB", data, 16
    )
    bits = depth * _PNG_SAMPLES.get(colour, 1)
    expected = 0
    for column, row, column_step, row_step in _ADAM7 if interlaced else ((0, 0, 1, 1),):
        columns = (width - column + column_step - 1) // column_step
        rows = (height - row + row_step - 1) // row_step
        if columns and rows:
            expected += rows * (1 + (columns * bits + 7) // 8)
    inflate, produced, at = zlib.decompressobj(), 0, 8
    while at + 8 <= len(data) and produced < expected:
        length, name = struct.unpack_from(">I4s", data, at)
        if name == b"IEND":
            break
        if name == b"IDAT":
            pending = data[at + 8 : at + 8 + length]
            try:  # counted in pieces: the whole picture is never held here
                while pending and produced < expected:
                    produced += len(inflate.decompress(pending, min(expected - produced, 1 << 20)))
                    pending = inflate.unconsumed_tail
            except zlib.error:
                return UNDECODABLE
        at += 12 + length
    return ENDS_EARLY if produced < expected else None


def _megapixel_fields(name: str, width: int, height: int) -> dict[str, object]:
    return {"src": name, "width": width, "height": height, "limit": MAX_MEGAPIXELS}


class _Refused(Exception):
    def __init__(self, what: str, line: int, size: tuple[int, int] | None = None) -> None:
        super().__init__(what)
        self.what, self.line, self.size = what, line, size


def svg_problem(data: bytes) -> tuple[str, int, tuple[int, int] | None] | None:
    """(kind of problem, line, pixel size of an embedded picture that is too large) for the
    first thing in an SVG that could run code, fetch a file or address, or is no XML at all;
    None for a drawing that is only itself.

    The SVG is read as XML, as every renderer reads it: so a namespace prefix, an entity or
    a character reference cannot hide what an element or address is. The kinds are names in
    the diagnostics' catalogue (KINDS)."""
    parser = expat.ParserCreate(namespace_separator=" ")
    style: list[tuple[int, list[str]]] = []  # (first line, text) of each open <style>
    tree = _UseTree()

    def refuse(what: str, line: int | None = None) -> NoReturn:
        raise _Refused(what, line or parser.CurrentLineNumber)

    def check_address(address: str, line: int | None = None) -> None:
        address = address.strip()
        if address.startswith("#"):
            return
        embedded = _EMBEDDED.match(address)
        if embedded is None:
            refuse("svg-reference", line)
        size = _embedded_size(embedded[1].lower(), address[embedded.end() :])
        if size is not None and size[0] * size[1] > MAX_MEGAPIXELS * 1_000_000:
            raise _Refused("svg-large", line or parser.CurrentLineNumber, size)

    def check_style(text: str, first_line: int | None = None) -> None:
        for match in (*_STYLE_URL.finditer(text), *_STYLE_IMPORT.finditer(text)):
            line = None if first_line is None else first_line + text.count("\n", 0, match.start())
            if match.re is _STYLE_IMPORT:
                refuse("svg-reference", line)
            check_address(match[1], line)

    def start(name: str, attributes: dict[str, str]) -> None:
        local = name.rpartition(" ")[2].lower()
        if local in _SVG_ACTIVE:
            refuse(_SVG_ACTIVE[local])
        for key, value in attributes.items():
            namespace, _, attribute = key.rpartition(" ")
            attribute = attribute.lower()
            if attribute.startswith("on"):
                refuse("svg-handler")
            if attribute == "href" or (namespace == _XML_NAMESPACE and attribute == "base"):
                check_address(value)
            check_style(value)
        target = attributes.get("attributeName", "").rpartition(":")[2].lower()
        if local in _SVG_ANIMATIONS and (target == "href" or target.startswith("on")):
            refuse("svg-reference")
        if local == "style":
            style.append((parser.CurrentLineNumber, []))
        reference = next((v for k, v in attributes.items() if k.endswith("href")), "")
        tree.open(attributes.get("id"), reference if local == "use" else "")
        if local == "use" and not tree.first_use:
            tree.first_use = parser.CurrentLineNumber

    def end(name: str) -> None:
        tree.close()
        if name.rpartition(" ")[2].lower() == "style" and style:
            line, text = style.pop()
            check_style("".join(text), line)

    def characters(text: str) -> None:
        if style:
            style[-1][1].append(text)

    def doctype(name: str, system: str | None, public: str | None, internal: int) -> None:
        if system is not None and not system.startswith(_W3C):
            refuse("svg-doctype")

    def instruction(target: str, data: str) -> None:
        if target.lower() == "xml-stylesheet":
            refuse("svg-reference")

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = characters
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = lambda *_: refuse("svg-entity")
    parser.ProcessingInstructionHandler = instruction
    parser.ExternalEntityRefHandler = lambda *_: refuse("svg-entity")
    try:
        parser.Parse(data, True)
    except _Refused as refused:
        return refused.what, refused.line, refused.size
    except expat.ExpatError as exc:
        return "svg-invalid", exc.lineno, None
    if tree.expanded() > MAX_SVG_ELEMENTS:
        return "svg-uses", tree.first_use, None
    return None


MAX_SVG_ELEMENTS = 200_000  # after every <use> is expanded; Typst's reader stops far later


class _UseTree:
    """How many elements an SVG has once each `<use href="#id">` stands for its target: a
    few lines that use each other ten times over make billions, which check must refuse
    before the renderer gives up on them (Typst: "nodes limit reached")."""

    def __init__(self) -> None:
        self.stack: list[list] = [[0, []]]  # per open element: (elements, #ids it uses)
        self.ids: dict[str, tuple[int, list[str]]] = {}
        self.names: list[str | None] = []
        self.first_use = 0  # line of the first <use>

    def open(self, identifier: str | None, reference: str) -> None:
        self.stack.append([1, [reference[1:]] if reference.startswith("#") else []])
        self.names.append(identifier)

    def close(self) -> None:
        count, uses = self.stack.pop()
        identifier = self.names.pop()
        if identifier:
            self.ids[identifier] = (count, uses)
        self.stack[-1][0] += count
        self.stack[-1][1].extend(uses)

    def expanded(self) -> int:
        sizes: dict[str, int] = {}

        def size(identifier: str, seen: frozenset[str]) -> int:
            if identifier in seen:  # a loop: without end
                return MAX_SVG_ELEMENTS + 1
            if identifier not in sizes:
                count, uses = self.ids.get(identifier, (0, []))
                sizes[identifier] = min(
                    count + sum(size(u, seen | {identifier}) for u in uses), MAX_SVG_ELEMENTS + 1
                )
            return sizes[identifier]

        count, uses = self.stack[0]
        return count + sum(size(u, frozenset()) for u in uses)


def _embedded_size(kind: str, text: str) -> tuple[int, int] | None:
    try:
        data = base64.b64decode(re.sub(r"\s+", "", text), validate=True)
    except (binascii.Error, ValueError):
        return None
    return pixel_size(kind, data)
