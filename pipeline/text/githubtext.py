"""A body as pandoc must read it to see what GitHub shows, and the way back to its characters.

pandoc's `gfm` reader and GitHub (cmark-gfm) part ways on two things the GFM specification
defines, found by its examples (tests/test_gfm_conformance.py):

- **Tables.** On GitHub a table may start right under a line of text, and every line after the
  delimiter row is a row until a blank line, also one without a `|`; pandoc reads the first as
  part of the paragraph and ends the table at the second. check's reader (markdown-it) reads
  tables as GitHub does, so its block map says where each table is: the text gets a blank
  line before a table that follows a line of text (with the block quote's `>` it is in), and
  a `| ` before a row that has no `|`.
- **Strikethrough.** GitHub strikes text between one or two tildes (`~one~`, `~~two~~`) when
  the runs have the same length, and leaves longer runs (`~~~three~~~`) and unpaired ones as
  they are; pandoc strikes only `~~` pairs and splits longer runs. The text gets every pair
  GitHub strikes written as `~~`, and every run GitHub leaves as text escaped (`\\~`).

Nothing is removed: the text only gains characters, and `Rewritten.original` maps each place
of the new text back to the body's, so the review import still edits the participant's own
characters. Code (spans, fenced and indented blocks), autolinks and link addresses are left
alone.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from dataclasses import dataclass

_PREFIX = re.compile(r"^[ \t]*(?:>[ \t]?[ \t]*)*")  # indentation and block quote markers
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")
_INLINE_BLOCKS = {"paragraph_open", "heading_open", "table_open"}


@dataclass(frozen=True)
class Rewritten:
    """The text pandoc reads, and where it gained characters over the body."""

    text: str
    inserted: tuple[tuple[int, int], ...] = ()  # (offset in `text`, length), in order

    def original(self, offset: int) -> int:
        """The body's offset for an offset of `text` (inside an insertion: where it was put);
        a binary search, as the review import asks it for every place pandoc reports."""
        starts, before = self._index
        last = bisect.bisect_left(starts, offset) - 1  # the last insertion that starts before
        if last < 0:
            return offset
        at, length = self.inserted[last]
        return offset - before[last] - min(length, offset - at)

    @functools.cached_property
    def _index(self) -> tuple[list[int], list[int]]:
        """Where each insertion starts, and how much was inserted before it."""
        starts, before, total = [], [], 0
        for at, length in self.inserted:
            starts.append(at)
            before.append(total)
            total += length
        return starts, before


def as_github_reads(body: str) -> Rewritten:
    """`body` with the additions that make pandoc read it as GitHub shows it (see above)."""
    if "|" not in body and "~" not in body:
        return Rewritten(body)
    from .markdown import parse_tokens  # here: a build with nothing to do imports no parser

    lines = body.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    additions: dict[int, str] = {}  # body offset -> what is put before it
    tokens = parse_tokens(body)
    for token in tokens:
        if token.type == "table_open" and token.map:
            _tables(lines, starts, token.map, additions)
    for token in tokens:
        if token.type in _INLINE_BLOCKS and token.map:
            first, last = token.map
            _tildes(body, starts[first], starts[min(last, len(lines))], additions)
    return _apply(body, additions)


def _tables(
    lines: list[str], starts: list[int], span: list[int], additions: dict[int, str]
) -> None:
    first, last = span
    if first > 0 and lines[first - 1].strip(" \t\n>"):
        quotes = _PREFIX.match(lines[first])
        marks = quotes[0].rstrip() if quotes and ">" in quotes[0] else ""
        additions[starts[first]] = additions.get(starts[first], "") + marks + "\n"
    for number in range(first + 2, min(last, len(lines))):
        line = lines[number]
        prefix = _PREFIX.match(line)
        inside = line[prefix.end() if prefix else 0 :]
        if inside.strip() and not _UNESCAPED_PIPE.search(inside):
            at = starts[number] + (prefix.end() if prefix else 0)
            additions[at] = additions.get(at, "") + "| "


# -- strikethrough ------------------------------------------------------------------------


def _kind(char: str) -> str:
    """ "space", "punct" or "other", as CommonMark judges a delimiter's neighbours."""
    if not char or char.isspace():
        return "space"
    if unicodedata.category(char).startswith(("P", "S")):
        return "punct"
    return "other"


_BACKTICKS = re.compile(r"`+")
_TILDES = re.compile(r"~+")
_AUTOLINK = re.compile(r"<[A-Za-z][A-Za-z0-9.+-]{1,31}:[^\s<>]*>")


def _runs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The tilde runs of text[start:end] that are not in code, an autolink or a link's
    address, nor escaped: (offset, length)."""
    runs: list[tuple[int, int]] = []
    at = start
    while at < end:
        char = text[at]
        if char == "\\":
            at += 2
        elif char == "`":
            ticks = _BACKTICKS.match(text, at, end)
            width = len(ticks[0]) if ticks else 1
            closing = re.compile(rf"(?<!`)`{{{width}}}(?!`)").search(text, at + width, end)
            at = closing.end() if closing else at + width
        elif char == "<":
            auto = _AUTOLINK.match(text, at, end)
            at = auto.end() if auto else at + 1
        elif text.startswith("](", at):
            paren = text.find(")", at + 2, end)
            at = paren + 1 if paren >= 0 else at + 2
        elif char == "~":
            tildes = _TILDES.match(text, at, end)
            width = len(tildes[0]) if tildes else 1
            runs.append((at, width))
            at += width
        else:
            at += 1
    return runs


def _flanking(text: str, at: int, width: int) -> tuple[bool, bool]:
    """Whether a run can open and whether it can close (CommonMark's flanking rules)."""
    before = _kind(text[at - 1] if at > 0 else "")
    after = _kind(text[at + width] if at + width < len(text) else "")
    left = after != "space" and (after != "punct" or before in ("space", "punct"))
    right = before != "space" and (before != "punct" or after in ("space", "punct"))
    return left, right


def _pairs(text: str, runs: list[tuple[int, int]]) -> set[int]:
    """The runs GitHub strikes between: a closer takes the nearest opener of its own length
    (one or two tildes), and the openers between them are dropped."""
    paired: set[int] = set()
    openers: list[tuple[int, int]] = []
    for at, width in runs:
        if width > 2:
            continue
        can_open, can_close = _flanking(text, at, width)
        opener = None
        if can_close:
            opener = next(
                (i for i in range(len(openers) - 1, -1, -1) if openers[i][1] == width), None
            )
        if opener is not None:
            paired |= {openers[opener][0], at}
            del openers[opener:]
        elif can_open:
            openers.append((at, width))
    return paired


def _tildes(text: str, start: int, end: int, additions: dict[int, str]) -> None:
    runs = _runs(text, start, end)
    paired = _pairs(text, runs)
    for at, width in runs:
        if at in paired:
            if width == 1:  # ~one~ -> ~~one~~
                additions[at] = additions.get(at, "") + "~"
        elif width > 1:  # text on GitHub: pandoc must not strike it
            for offset in range(at, at + width):
                additions[offset] = additions.get(offset, "") + "\\"


def _apply(body: str, additions: dict[int, str]) -> Rewritten:
    if not additions:
        return Rewritten(body)
    parts: list[str] = []
    inserted: list[tuple[int, int]] = []
    previous, grown = 0, 0
    for at in sorted(additions):
        added = additions[at]
        parts.append(body[previous:at])
        inserted.append((at + grown, len(added)))
        parts.append(added)
        grown += len(added)
        previous = at
    parts.append(body[previous:])
    return Rewritten("".join(parts), tuple(inserted))
