"""Which characters the PDF can show: the union of what its fonts map in their `cmap` tables.

Typst refuses to write a PDF/UA file with a character that no font has ("could not be
displayed with font"). Its fonts are Source Sans Pro (from PyPI), a project's own
templates/fonts/, and the fonts built into Typst, which falls back to any font that has a
character. The built-in fonts' coverage is in defaults/typst/builtin-glyphs.txt: measured
for typst 0.15 by finding each font in `_typst.abi3.so` (an sfnt header with a cmap table)
and reading it with `cmap_ranges`; redo that when the typst wheel changes. A font file is
read only as far as its cmap table, by the few lines below.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Iterable
from functools import cache
from pathlib import Path

FONT_PACKAGE = "font_source_sans_pro"
BUILTIN = Path(__file__).parent / "defaults" / "typst" / "builtin-glyphs.txt"
FONT_TYPES = (".otf", ".ttf")
Ranges = list[tuple[int, int]]


def cmap_ranges(data: bytes, start: int = 0) -> Ranges:
    """The code point ranges (first, last) of the font at `start`; [] if it is unreadable."""
    try:
        count = struct.unpack_from(">H", data, start + 4)[0]
        for index in range(count):
            tag, _, offset, _ = struct.unpack_from(">4sIII", data, start + 12 + 16 * index)
            if tag == b"cmap":
                return _best_subtable(data, start + offset)
    except struct.error:
        pass
    return []


def _best_subtable(data: bytes, cmap: int) -> Ranges:
    count = struct.unpack_from(">H", data, cmap + 2)[0]
    found: dict[int, Ranges] = {}
    for index in range(count):
        platform, encoding, offset = struct.unpack_from(">HHI", data, cmap + 4 + 8 * index)
        if (platform, encoding) in {(3, 10), (0, 4), (0, 6)}:
            found.setdefault(12, _format12(data, cmap + offset))
        elif (platform, encoding) in {(3, 1), (0, 3)}:
            found.setdefault(4, _format4(data, cmap + offset))
    return found.get(12) or found.get(4) or []


def _format12(data: bytes, at: int) -> Ranges:
    if struct.unpack_from(">H", data, at)[0] != 12:
        return []
    groups = struct.unpack_from(">I", data, at + 12)[0]
    return [struct.unpack_from(">II", data, at + 16 + 12 * i) for i in range(groups)]


def _format4(data: bytes, at: int) -> Ranges:
    if struct.unpack_from(">H", data, at)[0] != 4:
        return []
    segments = struct.unpack_from(">H", data, at + 6)[0] // 2
    ends = struct.unpack_from(f">{segments}H", data, at + 14)
    starts = struct.unpack_from(f">{segments}H", data, at + 16 + 2 * segments)
    return [(first, last) for first, last in zip(starts, ends, strict=True) if first != 0xFFFF]


def font_folders() -> list[str]:
    """Fonts shipped on PyPI, so the PDF looks the same on every machine."""
    import importlib.util

    spec = importlib.util.find_spec(FONT_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return []
    return [str(Path(next(iter(spec.submodule_search_locations))) / "files")]


def font_ranges(folders: Iterable[Path]) -> Ranges:
    ranges: Ranges = []
    for folder in folders:
        if folder.is_dir():
            for path in sorted(folder.iterdir()):
                if path.suffix.lower() in FONT_TYPES and path.is_file():
                    try:
                        ranges += cmap_ranges(path.read_bytes())
                    except OSError:
                        continue
    return ranges


def builtin_ranges() -> Ranges:
    ranges = []
    for line in BUILTIN.read_text(encoding="utf-8").split():
        first, _, last = line.partition("-")
        ranges.append((int(first, 16), int(last or first, 16)))
    return ranges


@cache
def _pattern(key: tuple[str, ...]) -> re.Pattern[str]:
    ranges = builtin_ranges() + font_ranges(Path(folder) for folder in key)
    ranges = [r for r in ranges if r[0] >= 0x20]
    parts = "".join(f"{_escape(first)}-{_escape(last)}" for first, last in sorted(ranges))
    # Control characters are not glyphs: layout (tab, line break) or refused on their own.
    return re.compile(f"[^\\x00-\\x1f\\x7f-\\x9f{parts}]")


def _escape(point: int) -> str:
    return f"\\U{point:08x}"


def missing_glyphs(root: Path) -> re.Pattern[str]:
    """A pattern that matches every character that neither the fonts the PDF of the project
    at `root` is made with nor Typst's own fonts can show."""
    return _pattern((*font_folders(), str(root / "templates" / "fonts")))
