"""Chapters that do not end with a few lines alone on a page.

Every chapter starts on a new page, so a chapter whose last lines spill onto a page of their
own leaves that page nearly empty ("three lines and otherwise white"). Typst cannot see that
while it breaks pages, so the PDF is made in two steps by one compiler: the first layout
marks where each chapter starts and ends (`#roledoc-chapter-mark` in the template, placed by
typst.lua); a chapter whose last page is filled less than SHORT, and that a slightly tighter
setting can pull back, gets its line and paragraph spacing reduced by just that much (at most
MOST of its height), and the document is compiled once more. A chapter that would need more
is not cramped: its tail (its last dozen lines or so, which tails.lua wraps) is kept whole
instead, so it moves to the next page together and that page is no longer a few lines and
white; the page before ends a little earlier. The arithmetic assumes ADJUSTABLE of a page
is spacing; a chapter of tables or short list items has less to give, so the second layout
is read too, and a chapter it did not pull back has its tail kept whole in a third. Only the
chapters that need it change; when none does, the first layout is the result.

The factors reach the template as a file beside the source (FILE), not as sys.inputs: Typst
treats changed inputs as a new world and lays out every page again, while a changed file
invalidates only what read it, so the second compile reuses what did not move (at 300
contributions, 201 pages: 1.6-1.9 s instead of 2.3 s).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SHORT = 0.25  # a last page filled less than this is "a few lines"
MOST = 0.09  # the most a chapter may shrink, as a share of its height
MARGIN = 0.01  # shrink this much more than the arithmetic asks, to be sure it fits
ADJUSTABLE = 0.45  # share of a page's height that is leading and paragraph spacing
# The second layout costs as much as the first, for at most one page per chapter: in a
# document of more than this many pages (one page in a hundred or less) it is not made. At
# 1,000 pages it took 17 s more and as much memory again (2.5 GB).
LONGEST = 400
LABEL = "<roledoc-chapter-mark>"
FILE = "roledoc-tight.txt"  # beside the main source; the template reads it


KEEP = "keep"  # a chapter's tail kept whole, in place of a factor
Choice = float | str  # a factor, or KEEP


def short_ends(marks: list[dict[str, Any]]) -> dict[int, tuple[int, float]]:
    """The chapters whose last page is filled less than SHORT and is not their first: per
    chapter, its pages before the last and the last one's fill."""
    starts: dict[int, int] = {m["chapter"]: m["page"] for m in marks if m.get("kind") == "start"}
    short = {}
    for mark in marks:
        chapter = mark.get("chapter")
        if mark.get("kind") != "end" or chapter not in starts:
            continue
        pages, fill = mark["page"] - starts[chapter], float(mark["fill"])
        if pages >= 1 and 0 < fill < SHORT:
            short[chapter] = (pages, fill)
    return short


def tightening(marks: list[dict[str, Any]]) -> dict[int, Choice]:
    """From the chapter marks of a compile, per chapter that needs it the spacing factor, or
    KEEP for one that would need more than MOST. None for a document longer than LONGEST:
    see there."""
    if max((m.get("page", 0) for m in marks), default=0) > LONGEST:
        return {}
    factors: dict[int, Choice] = {}
    for chapter, (pages, fill) in short_ends(marks).items():
        needed = fill / (pages + fill) + MARGIN
        factors[chapter] = round(1 - needed / ADJUSTABLE, 3) if needed <= MOST else KEEP
    return factors


def missed(factors: dict[int, Choice], marks: list[dict[str, Any]]) -> dict[int, Choice]:
    """`factors`, with KEEP for each chapter its factor did not pull back (its text has less
    spacing to give than ADJUSTABLE assumes: a table, a figure, many short lines)."""
    again = {chapter for chapter in short_ends(marks) if factors.get(chapter, KEEP) != KEEP}
    return {chapter: KEEP if chapter in again else value for chapter, value in factors.items()}


def encode(factors: dict[int, Choice]) -> str:
    """The factors as the template reads them from FILE: "1:0.93,3:keep,5:0.95"."""
    return ",".join(f"{chapter}:{factor}" for chapter, factor in sorted(factors.items()))


def compile_balanced(compiler: Any, source: Path, output: Path | str, **options: Any) -> list:
    """Compile `source` to `output` with a typst.Compiler, tighter where a chapter needs it;
    returns the warnings of the compile that made the file. The same for a fresh compiler
    and a warm one (watch): FILE is emptied first, so a query never sees an earlier
    compile's factors.

    The query lays the document out without writing a PDF; when no chapter needs
    tightening, the compile after it reuses that layout and only writes the file. A second
    (and third) layout is never made for a document of more than LONGEST pages (see there),
    so one process holds more than one layout only for a short document."""
    factors_file = Path(source).parent / FILE
    factors_file.write_text("", encoding="utf-8")
    try:
        marks = _marks(compiler)
    except RuntimeError:
        # A query reports a failing document as bare text; a compile raises Typst's own
        # error, with its hints, which is what the caller reports.
        compiler.compile_with_warnings(output=str(output), **options)
        raise
    factors = tightening(marks)
    if factors:
        factors_file.write_text(encode(factors), encoding="utf-8")
        if any(value != KEEP for value in factors.values()):
            kept = missed(factors, _marks(compiler))
            if kept != factors:
                factors_file.write_text(encode(kept), encoding="utf-8")
    _, warnings = compiler.compile_with_warnings(output=str(output), **options)
    return list(warnings or [])


def _marks(compiler: Any) -> list[dict[str, Any]]:
    return json.loads(compiler.query(LABEL, field="value", format="json"))
