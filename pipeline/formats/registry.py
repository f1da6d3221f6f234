"""The output formats, one spec each: everything the build needs to know about a format.

A spec names the format's file extension, how it is rendered from the document's AST, how
much memory that takes at its peak (for the render schedule, `infra/schedule.py`), when it
starts among the others, and how its file is finished. The build loops over the specs; a new
format is a spec here, its module and its defaults files (`templates/pandoc/<name>.yaml`), and
its name in `core.model.FORMATS` (the formats a project may choose).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .render import TypstSession, render_pdf, render_with_pandoc

# (staging folder, AST file name, output file name, epoch, the edition's defaults file or
# None, the warm Typst of `roledoc watch` or None) -> the renderer's warnings. Names are
# relative to the staging folder, where the renderer runs.
Renderer = Callable[[Path, str, str, int, "str | None", "TypstSession | None"], list[str]]
Finisher = Callable[[Path, Path], None]  # (the output file, the AST file), both in staging
# (the output file in staging, the finished files of the formats it reads, by format)
Completer = Callable[[Path, dict[str, Path]], None]


@dataclass(frozen=True)
class FormatSpec:
    name: str
    extension: str
    render: Renderer
    # Peak memory (maximum resident set) per byte of the AST's JSON, measured alone at 2,000
    # contributions (19.3 MB of JSON; docs/benchmarks.md).
    per_ast_byte: int
    rank: int  # render order: the longest first, so the slow PDF never starts last
    finish: Finisher | None = None  # roledoc's own work on the file the renderer wrote
    # Work on the finished file that reads other formats' finished files: done once every
    # format of the build is, with the files of those in `reads` that the build has.
    reads: tuple[str, ...] = ()
    complete: Completer | None = None

    def file(self, base: str) -> str:
        """The output's file name for the output name `base` (`<output><suffix>`)."""
        return f"{base}.{self.extension}"


def _pdf(
    staging: Path,
    ast: str,
    output: str,
    epoch: int,
    defaults: str | None,
    session: TypstSession | None,
) -> list[str]:
    """pandoc writes Typst source, Typst lays it out."""
    return render_pdf(staging, ast, output, epoch, session, defaults)


def _pandoc(fmt: str) -> Renderer:
    def render(
        staging: Path,
        ast: str,
        output: str,
        epoch: int,
        defaults: str | None,
        session: TypstSession | None,
    ) -> list[str]:
        render_with_pandoc(staging, fmt, ast, output, epoch, defaults)
        return []

    return render


# The finishing modules are imported when a file of theirs is made.
def _finish_docx(output: Path, ast: Path) -> None:
    from .docx import finish_docx

    finish_docx(output, ast)


def _finish_epub(output: Path, ast: Path) -> None:
    from .epub import finish_epub

    finish_epub(output, ast)


def _paginate_epub(output: Path, others: dict[str, Path]) -> None:
    if "pdf" in others:
        from .epubpages import paginate_epub

        paginate_epub(output, others["pdf"])


def _finish_odt(output: Path, ast: Path) -> None:
    from .odt import finish_odt

    finish_odt(output, ast)


# In the order of core.model.FORMATS. The PDF's memory is the Typst layout's, the larger of
# its two steps (pandoc's Typst writer takes 0.8 GB at 2,000 contributions).
SPECS: dict[str, FormatSpec] = {
    spec.name: spec
    for spec in (
        FormatSpec("pdf", "pdf", _pdf, per_ast_byte=125, rank=0),
        FormatSpec("docx", "docx", _pandoc("docx"), per_ast_byte=42, rank=4, finish=_finish_docx),
        FormatSpec("html", "html", _pandoc("html"), per_ast_byte=40, rank=3),
        FormatSpec(
            "epub",
            "epub",
            _pandoc("epub"),
            per_ast_byte=40,
            rank=2,
            finish=_finish_epub,
            reads=("pdf",),  # the PDF's page numbers (formats/epubpages.py)
            complete=_paginate_epub,
        ),
        FormatSpec("odt", "odt", _pandoc("odt"), per_ast_byte=80, rank=1, finish=_finish_odt),
    )
}

# Writing <output>.md from the AST, beside the formats: its peak memory per byte of the AST.
MARKDOWN_PER_AST_BYTE = 50
BASE_MEMORY = 120 * 1024**2  # a pandoc or Typst process before it reads anything


def estimate(kind: str, ast_bytes: int) -> int:
    """The expected peak memory (bytes) of rendering format `kind` ("markdown": writing
    <output>.md) from an AST of `ast_bytes` bytes."""
    per_byte = MARKDOWN_PER_AST_BYTE if kind == "markdown" else SPECS[kind].per_ast_byte
    return BASE_MEMORY + per_byte * ast_bytes
