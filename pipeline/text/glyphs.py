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

import bisect
import contextlib
import math
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


# What a reader sees as part of the character before it: variation selectors, the joiner of an
# emoji sequence, skin tones, the keycap, tag characters.
_ATTACHED = re.compile("[\ufe00-\ufe0f\u200d\u20e3\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f]")
_REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# Code is printed as written, so a reference in it is its own characters.
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_TICKS = re.compile(r"`+")


def unprintable(text: str, missing: re.Pattern[str], body: bool) -> list[tuple[int, str]]:
    """Where `text` has a character no font can show, each as the reader would see it: an
    emoji with the invisible characters that belong to it, a character reference decoded
    (in a Markdown body, outside code). Sorted by where they start."""
    found: dict[int, str] = {}
    covered = 0  # where the last cluster ended: its other characters are in it
    for match in missing.finditer(text):
        if match.start() < covered:
            continue
        start, covered = _cluster(text, match.start())
        found[start] = text[start:covered]
    references = list(_REFERENCE.finditer(text)) if body and "&" in text else []
    if references:
        import html

        code = _code_spans(text)
        starts = [first for first, _last in code]
        for match in references:
            index = bisect.bisect_right(starts, match.start()) - 1
            if index >= 0 and match.start() < code[index][1]:
                continue
            shown = html.unescape(match[0])
            if shown != match[0] and missing.search(shown):
                found[match.start()] = shown
    return sorted(found.items())


def _code_spans(text: str) -> list[tuple[int, int]]:
    """Where a Markdown text has code, as (start, end), in order: fenced blocks, and spans
    between two runs of as many backticks (one pass over the text: any text ends quickly)."""
    spans: list[tuple[int, int]] = []
    fence, opened, offset = "", 0, 0
    for line in text.splitlines(keepends=True):
        mark = _FENCE.match(line)
        if fence and mark and mark[1][0] == fence[0] and len(mark[1]) >= len(fence):
            if not line[mark.end() :].strip():
                spans.append((opened, offset + len(line)))
                fence = ""
        elif not fence and mark and not (mark[1][0] == "`" and "`" in line[mark.end() :]):
            fence, opened = mark[1], offset
        offset += len(line)
    if fence:
        spans.append((opened, len(text)))
    runs = [m for m in _TICKS.finditer(text) if not _inside(spans, m.start())]
    following: dict[int, list[int]] = {}  # run length -> indices of runs of that length
    for index, run in enumerate(runs):
        following.setdefault(len(run[0]), []).append(index)
    inline: list[tuple[int, int]] = []
    index = 0
    while index < len(runs):
        same = following[len(runs[index][0])]
        later = bisect.bisect_right(same, index)
        if later < len(same):
            closing = same[later]
            inline.append((runs[index].start(), runs[closing].end()))
            index = closing + 1
        else:
            index += 1
    return sorted(spans + inline)


def _inside(spans: list[tuple[int, int]], position: int) -> bool:
    """Whether `position` is in one of `spans` (in order, not overlapping)."""
    index = bisect.bisect_right(spans, (position, math.inf)) - 1  # the last one starting here
    return index >= 0 and position < spans[index][1]


def _cluster(text: str, index: int) -> tuple[int, int]:
    """The characters around `index` that a reader sees as one: a base character with what
    attaches to it, and emoji joined by U+200D."""
    start = index
    while start > 0 and (_ATTACHED.match(text[start]) or text[start - 1] == "\u200d"):
        start -= 1
    end = index + 1
    while end < len(text) and (_ATTACHED.match(text[end]) or text[end - 1] == "\u200d"):
        end += 1
    return start, end
