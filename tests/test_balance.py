"""A chapter that would end with a few lines alone on a page is set a little tighter, or,
where that is not enough, has its tail kept whole (pipeline/formats/balance.py), with real
Typst and the template's own mark and tail functions."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import typst
from pypdf import PdfReader

from pipeline.formats.balance import (
    FILE,
    KEEP,
    LABEL,
    LONGEST,
    MOST,
    compile_balanced,
    encode,
    missed,
    tightening,
)

from .conftest import REPOSITORY

TEMPLATE = REPOSITORY / "pipeline" / "defaults" / "typst" / "template.typ"


def test_a_short_last_page_within_reach_is_pulled_back_and_others_are_left() -> None:
    marks = [
        {"kind": "start", "chapter": 1, "page": 3},
        {"kind": "end", "chapter": 1, "page": 5, "fill": 0.12},  # 3 lines after 2 pages
        {"kind": "start", "chapter": 2, "page": 6},
        {"kind": "end", "chapter": 2, "page": 7, "fill": 0.6},  # a fair last page
        {"kind": "start", "chapter": 3, "page": 8},
        {"kind": "end", "chapter": 3, "page": 9, "fill": 0.2},  # would need 17 %: too much
        {"kind": "start", "chapter": 4, "page": 10},
        {"kind": "end", "chapter": 4, "page": 10, "fill": 0.05},  # one page: nothing to do
    ]
    factors = tightening(marks)
    assert list(factors) == [1, 3]
    assert 0.8 < float(factors[1]) < 0.9
    assert factors[3] == KEEP  # its tail moves to the last page whole instead
    assert encode({5: 0.95, 1: 0.9, 3: KEEP}) == "1:0.9,3:keep,5:0.95"
    # Laid out with the factor, chapter 1 still ends with a few lines (a table that has no
    # spacing to give): its tail is kept whole instead.
    again = [{**m, "fill": 0.1} if m["kind"] == "end" and m["chapter"] == 1 else m for m in marks]
    assert missed(factors, again) == {1: KEEP, 3: KEEP}
    pulled = [{**m, "page": 4, "fill": 0.97} if m.get("fill") == 0.12 else m for m in marks]
    assert missed(factors, pulled) == factors
    # The same chapter ends in a document of more than LONGEST pages: not laid out again.
    longer = [*marks, {"kind": "end", "chapter": 5, "page": LONGEST + 1, "fill": 0.7}]
    assert tightening(longer) == {}


def _document(paragraphs: int, tail: int = 0) -> str:
    """The template's spacing, mark and tail functions, then two chapters as typst.lua writes
    them, the last `tail` paragraphs of each wrapped as its tail."""
    template = TEMPLATE.read_text(encoding="utf-8")
    start = template.index("#let body-leading")
    end = template.index("<roledoc-chapter-mark>]") + len("<roledoc-chapter-mark>]")
    text = " ".join(["Het bureau ondersteunt de gemeenten bij hun samenwerking."] * 6)
    chapters = []
    for chapter in (1, 2):
        factor = f"roledoc-factor({chapter})"
        body = "\n\n".join(text for _ in range(paragraphs - tail))
        if tail:
            wrapped = "\n\n".join(text for _ in range(tail))
            body += f"\n\n#roledoc-tail({chapter})[\n{wrapped}\n]"
        chapters.append(
            f"#set par(leading: body-leading * {factor}, spacing: body-spacing * {factor})\n"
            f"#pagebreak(weak: true)\n= Hoofdstuk {chapter}\n"
            f'#roledoc-chapter-mark("start", {chapter})\n\n{body}\n\n'
            f'#roledoc-chapter-mark("end", {chapter})\n'
        )
    return (
        '#set page(paper: "a4", margin: (x: 2.5cm, top: 2.7cm, bottom: 2.5cm))\n'
        "#set text(size: 10.5pt)\n" + template[start:end] + "\n" + "\n".join(chapters)
    )


def _end_fill(compiler: typst.Compiler) -> float:
    marks = json.loads(compiler.query(LABEL, field="value", format="json"))
    return next(m["fill"] for m in marks if m["kind"] == "end" and m["chapter"] == 1)


def _spilling(tmp_path: Path) -> Path:
    """A document whose first chapter, set plainly, ends with a few lines on a page."""
    source = tmp_path / "doc.typ"
    (tmp_path / FILE).write_text("", encoding="utf-8")  # no factors: set plainly
    for paragraphs in range(14, 40):
        source.write_text(_document(paragraphs), encoding="utf-8")
        plain = typst.Compiler(input=str(source), root=str(tmp_path))
        plain.compile(output=str(tmp_path / "plain.pdf"))
        if 0 < _end_fill(plain) < 0.1:
            return source
    raise AssertionError("no length gave a chapter with a few lines on its last page")


def test_the_pdf_loses_the_nearly_empty_page(tmp_path: Path) -> None:
    source = _spilling(tmp_path)
    balanced = typst.Compiler(input=str(source), root=str(tmp_path))
    compile_balanced(balanced, source, tmp_path / "balanced.pdf")
    assert len(PdfReader(tmp_path / "balanced.pdf").pages) == (
        len(PdfReader(tmp_path / "plain.pdf").pages) - 2  # one page less for each chapter
    )
    assert _end_fill(balanced) > 0.5
    assert MOST < 0.1  # never more than a tenth tighter


def _end(compiler: typst.Compiler) -> tuple[int, float]:
    """Chapter 1's pages after its first, and its last page's fill."""
    marks = json.loads(compiler.query(LABEL, field="value", format="json"))
    start = next(m["page"] for m in marks if m["kind"] == "start" and m["chapter"] == 1)
    end = next(m for m in marks if m["kind"] == "end" and m["chapter"] == 1)
    return end["page"] - start, end["fill"]


def test_a_chapter_too_short_to_tighten_moves_its_tail_whole(tmp_path: Path) -> None:
    """One page and a few lines: pulling them back would take a fifth off its spacing."""
    source = tmp_path / "doc.typ"
    (tmp_path / FILE).write_text("", encoding="utf-8")
    for paragraphs in range(8, 20):
        source.write_text(_document(paragraphs, tail=3), encoding="utf-8")
        plain = typst.Compiler(input=str(source), root=str(tmp_path))
        if _end(plain)[0] == 1 and 0.12 < _end(plain)[1] < 0.25:
            break
    else:
        raise AssertionError("no length gave a page and a few lines")
    balanced = typst.Compiler(input=str(source), root=str(tmp_path))
    compile_balanced(balanced, source, tmp_path / "balanced.pdf")
    assert (tmp_path / FILE).read_text(encoding="utf-8") == "1:keep,2:keep"
    pages, fill = _end(balanced)
    assert pages == 1 and fill > 0.25  # three paragraphs of four lines, not a few lines


def test_a_warm_compiler_balances_the_same_as_a_fresh_one(tmp_path: Path) -> None:
    source = _spilling(tmp_path)
    # A fixed moment: without one, Typst dates the PDF by the clock, and two compiles on
    # either side of a minute differ in that date (this test failed so once in CI).
    moment = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    fresh = typst.Compiler(input=str(source), root=str(tmp_path))
    compile_balanced(fresh, source, tmp_path / "fresh.pdf", timestamp=moment)
    warm = typst.Compiler(input=str(source), root=str(tmp_path))
    for _ in range(2):  # the second time it still holds the first time's factors
        compile_balanced(warm, source, tmp_path / "warm.pdf", timestamp=moment)
        assert (tmp_path / "warm.pdf").read_bytes() == (tmp_path / "fresh.pdf").read_bytes()
    # An edit that makes the chapter fit: the warm compiler drops the factor it held.
    source.write_text(_document(3), encoding="utf-8")
    compile_balanced(warm, source, tmp_path / "warm.pdf", timestamp=moment)
    compile_balanced(
        typst.Compiler(input=str(source), root=str(tmp_path)),
        source,
        tmp_path / "fresh.pdf",
        timestamp=moment,
    )
    assert (tmp_path / FILE).read_text(encoding="utf-8") == ""
    assert (tmp_path / "warm.pdf").read_bytes() == (tmp_path / "fresh.pdf").read_bytes()


def test_a_failing_document_raises_typsts_own_error_not_the_querys(tmp_path: Path) -> None:
    source = tmp_path / "doc.typ"
    source.write_text('#image("missing.png")\n', encoding="utf-8")
    compiler = typst.Compiler(input=str(source), root=str(tmp_path))
    with pytest.raises(typst.TypstError) as raised:
        compile_balanced(compiler, source, tmp_path / "out.pdf")
    assert "missing.png" in str(raised.value.message) or "not found" in str(raised.value.message)
    assert not (tmp_path / "out.pdf").exists()
