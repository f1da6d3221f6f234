"""An SVG's repeated ids made unique for the build's copy: a renderer draws with the first of
them anyway, and an EPUB with a repeated id is invalid (epubcheck RSC-005). Read with expat,
as `images.svg_problem` reads the file; an SVG whose ids all differ is left byte for byte."""

from __future__ import annotations

import re
from xml.parsers import expat

_ID_ATTRIBUTE = re.compile(rb"""(\sid\s*=\s*)(["'])([^"']*)\2""")


def unique_svg_ids(data: bytes) -> bytes:
    """The SVG with each `id` that repeats an earlier one renamed (`a`, then `a-2`): a
    renderer uses the first anyway, and an EPUB with a repeated id is invalid. An SVG whose
    ids are all different comes back as it was, byte for byte."""
    parser = expat.ParserCreate()
    seen: set[str] = set()
    repeats: list[tuple[int, str]] = []  # (byte where the element starts, its id)

    def start(_name: str, attributes: dict[str, str]) -> None:
        ident = attributes.get("id")
        if ident is not None:
            if ident in seen:
                repeats.append((parser.CurrentByteIndex, ident))
            seen.add(ident)

    parser.StartElementHandler = start
    try:
        parser.Parse(data, True)
    except expat.ExpatError:
        return data  # check refused it; nothing here to make unique
    if not repeats:
        return data
    renamed: list[tuple[int, str]] = []
    for at, ident in repeats:
        number = 2
        while f"{ident}-{number}" in seen:
            number += 1
        seen.add(f"{ident}-{number}")
        renamed.append((at, f"{ident}-{number}"))
    out = bytearray(data)
    for at, new in reversed(renamed):
        end = _tag_end(data, at)
        found = _ID_ATTRIBUTE.search(data, at, end)
        if found is not None:
            out[found.start(3) : found.end(3)] = new.encode("utf-8")
    return bytes(out)


def _tag_end(data: bytes, at: int) -> int:
    """Where the start tag at `at` ends: its `>` outside a quoted value."""
    quote = 0
    for index in range(at, len(data)):
        byte = data[index]
        if quote:
            if byte == quote:
                quote = 0
        elif byte in (0x22, 0x27):
            quote = byte
        elif byte == 0x3E:
            return index + 1
    return len(data)
