"""What an image file really is, judged by its content, not its name.

Contributions may only bring PNG, JPEG, GIF and SVG images of a bounded size. An SVG is text
that can hold scripts and references to other files or the internet; those are refused.
"""

from __future__ import annotations

import re
from pathlib import Path

MAX_IMAGE_BYTES = 10_000_000
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


def image_problem(path: Path) -> tuple[str, dict[str, object]] | None:
    """(code, message fields) for an image that may not be used, or None if it may."""
    size = path.stat().st_size
    if size > MAX_IMAGE_BYTES:
        return "RD314", {"size": f"{size / 1e6:.1f} MB", "limit": f"{MAX_IMAGE_BYTES / 1e6:.0f} MB"}
    with path.open("rb") as handle:
        head = handle.read(4096)
    kind = sniff(head)
    if kind is None:
        return "RD313", {"src": path.name}
    if kind == "svg":
        data = path.read_bytes()
        for pattern, what in _SVG_DANGERS:
            if pattern.search(data):
                return "RD315", {"src": path.name, "what": what}
    return None
