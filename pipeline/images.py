"""What an image file really is, judged by its content, not its name.

Contributions may only bring PNG, JPEG, GIF and SVG images of a bounded size. An SVG is text
that can hold scripts and references to other files or the internet; those are refused.
"""

from __future__ import annotations

import re
import struct
from pathlib import Path

MAX_IMAGE_BYTES = 10_000_000
# Typst decodes an image into memory at 4 bytes a pixel: 50 megapixels is 200 MB, and a
# 48-megapixel phone photo (8000 x 6000) still fits. A 40000 x 40000 PNG of a few MB would
# need 6.4 GB and stops the PDF.
MAX_MEGAPIXELS = 50
_SVG_DANGERS = (
    (re.compile(rb"<script", re.IGNORECASE), "a script"),
    (re.compile(rb"\bon[a-z]+\s*=", re.IGNORECASE), "an event handler"),
    (re.compile(rb"<foreignObject", re.IGNORECASE), "embedded HTML (foreignObject)"),
    (
        re.compile(rb"""(?:xlink:)?href\s*=\s*["'](?!#|data:image/)""", re.IGNORECASE),
        "a reference to another file or the internet",
    ),
    (re.compile(rb"url\(\s*['\"]?(?!#|data:image/)", re.IGNORECASE), "a reference in a style"),
    (re.compile(rb"<!ENTITY", re.IGNORECASE), "an XML entity declaration"),
)


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
            return struct.unpack_from("<HH", data, 6)
        if kind == "jpeg":
            at = 2
            while at + 9 < len(data):
                marker, length = data[at + 1], struct.unpack_from(">H", data, at + 2)[0]
                if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                    height, width = struct.unpack_from(">HH", data, at + 5)
                    return width, height
                at += 2 + length
    except struct.error:
        pass
    return None


def image_problem(path: Path) -> tuple[str, dict[str, object]] | None:
    """(code, message fields) for an image that may not be used, or None if it may."""
    try:
        size = path.stat().st_size
        if size > MAX_IMAGE_BYTES:
            limit = f"{MAX_IMAGE_BYTES / 1e6:.0f} MB"
            return "RD314", {"size": f"{size / 1e6:.1f} MB", "limit": limit}
        data = path.read_bytes()
    except OSError as exc:
        return "RD102", {"reason": f"{path.name}: {exc.strerror or exc}"}
    kind = sniff(data[:4096])
    if kind is None:
        return "RD313", {"src": path.name}
    if kind == "svg":
        for pattern, what in _SVG_DANGERS:
            if pattern.search(data):
                return "RD315", {"src": path.name, "what": what}
        return None
    width, height = pixel_size(kind, data) or (0, 0)
    if width * height > MAX_MEGAPIXELS * 1_000_000:
        fields = {"src": path.name, "width": width, "height": height, "limit": MAX_MEGAPIXELS}
        return "RD320", fields
    return None
