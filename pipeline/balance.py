"""Chapters that do not end with a few lines alone on a page.

Every chapter starts on a new page, so a chapter whose last lines spill onto a page of their
own leaves that page nearly empty ("three lines and otherwise white"). Typst cannot see that
while it breaks pages, so the PDF is made in two steps by one warm compiler: the first
compile marks where each chapter starts and ends (`#roledoc-chapter-mark` in the template,
placed by typst.lua); a chapter whose last page is filled less than SHORT, and that a slightly
tighter setting can pull back, gets its line and paragraph spacing reduced by just that much
(at most MOST of its height), and the document is compiled once more. A chapter that would
need more stays as it is: cramped text is worse than a short page. Only the chapters that
need it change; when none does, the first compile is the result.
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
INPUT = "roledoc-tight"


def tightening(marks: list[dict[str, Any]]) -> dict[int, float]:
    """From the chapter marks of a compile, the spacing factor per chapter that needs one.
    None for a document longer than LONGEST: see there."""
    if max((m.get("page", 0) for m in marks), default=0) > LONGEST:
        return {}
    starts = {m["chapter"]: m["page"] for m in marks if m.get("kind") == "start"}
    factors = {}
    for mark in marks:
        chapter = mark.get("chapter")
        if mark.get("kind") != "end" or chapter not in starts:
            continue
        pages, fill = mark["page"] - starts[chapter], float(mark["fill"])
        if pages < 1 or not 0 < fill < SHORT:
            continue
        needed = fill / (pages + fill) + MARGIN
        if needed <= MOST:
            factors[chapter] = round(1 - needed / ADJUSTABLE, 3)
    return factors


def encode(factors: dict[int, float]) -> str:
    """The factors as Typst's template reads them from sys.inputs: "1:0.93,5:0.95"."""
    return ",".join(f"{chapter}:{factor}" for chapter, factor in sorted(factors.items()))


def compile_balanced(compiler: Any, output: Path | str, *, fresh: bool, **options: Any) -> list:
    """Compile to `output` with a typst.Compiler, tighter where a chapter needs it; returns the
    warnings of the compile that made the file.

    A `fresh` compiler (never given sys.inputs) is first only asked for the marks, which lays
    the document out without writing a PDF; the one compile after it reuses that layout when
    no chapter needs tightening. A warm compiler (watch) may still hold the factors of its
    last compile, which a query cannot reset: it compiles plainly first."""
    if fresh:
        factors, warnings = first_pass(compiler, output, **options)
        return second_pass(compiler, output, factors, **options) if factors else warnings
    _, warnings = compiler.compile_with_warnings(output=str(output), sys_inputs={}, **options)
    factors = tightening(_marks(compiler))
    if not factors:
        return list(warnings or [])
    return second_pass(compiler, output, factors, **options)


def first_pass(compiler: Any, output: Path | str, **options: Any) -> tuple[dict[int, float], list]:
    """Lay the document out once and read its chapter marks. When no chapter needs
    tightening, the PDF is written from that very layout: ({}, warnings). Otherwise nothing
    is written and the factors are returned, for `second_pass` in a fresh process: Typst keeps
    every layout in memory for the life of its process, and at 1,000 pages the two together
    took 4.8 GB where one takes 2."""
    try:
        marks = _marks(compiler)
    except RuntimeError:
        # A query reports a failing document as bare text; a compile raises Typst's own
        # error, with its hints, which is what the caller reports.
        compiler.compile_with_warnings(output=str(output), sys_inputs={}, **options)
        raise
    factors = tightening(marks)
    if factors:
        return factors, []
    _, warnings = compiler.compile_with_warnings(output=str(output), sys_inputs={}, **options)
    return {}, list(warnings or [])


def second_pass(
    compiler: Any, output: Path | str, factors: dict[int, float], **options: Any
) -> list:
    """The PDF with the chapters in `factors` set tighter; returns the warnings."""
    inputs = {INPUT: encode(factors)}
    _, warnings = compiler.compile_with_warnings(output=str(output), sys_inputs=inputs, **options)
    return list(warnings or [])


def _marks(compiler: Any) -> list[dict[str, Any]]:
    return json.loads(compiler.query(LABEL, field="value", format="json"))
