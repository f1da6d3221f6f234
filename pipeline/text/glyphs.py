"""Which characters the PDF can show: the union of what its fonts map in their `cmap` tables.

Typst refuses to write a PDF/UA file with a character that no font has ("could not be
displayed with font"). Its fonts are Source Sans Pro (from PyPI), a project's own
templates/fonts/, and the fonts built into Typst, which falls back to any font that has a
character. The built-in fonts' coverage is in defaults/typst/builtin-glyphs.txt: measured
for typst 0.15 by finding each font in `_typst.abi3.so` (an sfnt header with a cmap table)
and reading its cmap; redo that when the typst wheel changes. Font files are read with
fontTools, lazily: only their cmap tables.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from ..core.paths import DEFAULTS

FONT_PACKAGE = "font_source_sans_pro"
BUILTIN = DEFAULTS / "typst" / "builtin-glyphs.txt"
FONT_TYPES = (".otf", ".ttf")
Ranges = list[tuple[int, int]]


def font_folders() -> list[str]:
    """Fonts shipped on PyPI, so the PDF looks the same on every machine."""
    import importlib.util

    spec = importlib.util.find_spec(FONT_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return []
    return [str(Path(next(iter(spec.submodule_search_locations))) / "files")]


def font_ranges(folders: Iterable[Path]) -> Ranges:
    """What the font files in `folders` map, as code point ranges; an unreadable or broken
    font file counts for nothing (Typst skips it too). Each file's ranges are kept in
    roledoc's cache by its content's digest (reading the fonts takes about half a second),
    and in this process by its size and time (a check reads the same fonts every time)."""
    ranges: Ranges = []
    for folder in folders:
        if folder.is_dir():
            for path in sorted(folder.iterdir()):
                if path.suffix.lower() in FONT_TYPES and path.is_file():
                    ranges += _file_ranges(path)
    return _merged(ranges)


def _merged(ranges: Ranges) -> Ranges:
    """Ranges that overlap or touch, joined."""
    merged: Ranges = []
    for first, last in sorted(ranges):
        if merged and first <= merged[-1][1] + 1:
            if last > merged[-1][1]:
                merged[-1] = (merged[-1][0], last)
        else:
            merged.append((first, last))
    return merged


_SEEN: dict[tuple[str, int, int, int], Ranges] = {}  # (path, inode, size, mtime) -> ranges


def _file_ranges(path: Path) -> Ranges:
    try:
        stat = path.stat()
    except OSError:
        return []
    seen = (str(path), stat.st_ino, stat.st_size, stat.st_mtime_ns)
    if seen not in _SEEN:
        _SEEN[seen] = _read_ranges(path)
    return _SEEN[seen]


def _read_ranges(path: Path) -> Ranges:
    import hashlib
    import json

    from ..infra.cache import cache_home, write_atomic

    try:
        data = path.read_bytes()
    except OSError:
        return []
    kept = cache_home() / "glyphs" / f"{hashlib.sha256(data).hexdigest()[:32]}.json"
    try:
        return [(int(a), int(b)) for a, b in json.loads(kept.read_text(encoding="utf-8"))]
    except (OSError, ValueError, TypeError):
        pass
    from fontTools.ttLib import TTFont

    try:
        with TTFont(path, lazy=True) as font:
            ranges = _ranges(sorted(font.getBestCmap() or {}))
    except Exception:  # fontTools raises many kinds on a broken file
        return []
    with contextlib.suppress(OSError):  # a cache that cannot be written is a miss next time
        write_atomic(kept, json.dumps(ranges).encode("utf-8"))
    return ranges


def _ranges(points: list[int]) -> Ranges:
    ranges: Ranges = []
    for point in points:
        if ranges and ranges[-1][1] == point - 1:
            ranges[-1] = (ranges[-1][0], point)
        else:
            ranges.append((point, point))
    return ranges


@cache
def builtin_ranges() -> tuple[tuple[int, int], ...]:
    ranges = []
    for line in BUILTIN.read_text(encoding="utf-8").split():
        first, _, last = line.partition("-")
        ranges.append((int(first, 16), int(last or first, 16)))
    return tuple(ranges)


@cache
def _pattern(ranges: tuple[tuple[int, int], ...]) -> re.Pattern[str]:
    shown = [(max(first, 0x20), last) for first, last in ranges if last >= 0x20]
    parts = "".join(f"{_escape(first)}-{_escape(last)}" for first, last in shown)
    # Control characters are not glyphs: layout (tab, line break) or refused on their own.
    return re.compile(f"[^\\x00-\\x1f\\x7f-\\x9f{parts}]")


def _escape(point: int) -> str:
    return f"\\U{point:08x}"


def missing_glyphs(root: Path) -> re.Pattern[str]:
    """A pattern that matches every character that neither the fonts the PDF of the project
    at `root` is made with nor Typst's own fonts can show."""
    folders = (*font_folders(), str(root / "templates" / "fonts"))
    ranges = _merged([*builtin_ranges(), *font_ranges(Path(folder) for folder in folders)])
    return _pattern(tuple(ranges))
