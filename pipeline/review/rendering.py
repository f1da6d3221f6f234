"""Contributions rendered as `review export` renders them, and read back as the reviewed file
is read.

The import needs what a source *looks like in the review file*: the exported source, to pair
the file's paragraphs with the Markdown they came from and to see what the reviewer changed
without Track Changes; and every new source, to check that it reads exactly as the reviewer's
text. Both go through the export's own path (the project's templates, its normalisation,
pandoc's DOCX writer and roledoc's finishing) and are read with the same reader as the
reviewed file (pipeline/review/wordxml.py), so that the comparison compares like with like.

Sources are written into a scratch checkout (a git worktree of HEAD) and read from there by
the same reader `check` uses, so a rendered contribution is what `check` and `build` would
make of that file.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import replace
from pathlib import Path

from ..core.model import Contribution
from ..core.paths import output_folder
from ..formats.render import render_with_pandoc
from ..infra.cache import Cache
from ..publish.compose import copy_logo
from ..publish.plan import plan_build
from ..read.projectfiles import write_bytes
from ..read.sources import ContributionFile, SourceReader
from .export import compose_review
from .wordmodel import WordDocument
from .wordxml import read_word


class Renderer:
    """Renders sources of contributions of the project checked out at `tree`."""

    def __init__(self, tree: Path, project_root: Path) -> None:
        self.tree = tree
        plan, _warnings = plan_build(tree, True, ("docx",), None)
        self.plan = plan
        self.anchors: set[str] | None = None  # the ids links may point to: the export's
        self.folder = Path(tempfile.mkdtemp(prefix="roledoc-review-render-"))
        self.staging = self.folder / "staging"
        self.staging.mkdir()
        plan.templates.copy_to(self.staging / "templates")
        copy_logo(plan.project, self.staging)
        self.cache = Cache(project_root, output_folder(project_root))
        self.reader = SourceReader(tree)
        self.by_id = {c.id: c for c in plan.project.contributions}
        self.count = 0

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def contribution(self, ident: str, text: str) -> Contribution | None:
        """The contribution as check reads this text of its file; None when the file would
        not be read (its front matter broken)."""
        known = self.by_id[ident]
        path = self.tree / known.path
        write_bytes(self.tree, path, text.encode("utf-8"))  # never through a link
        reader = SourceReader(self.tree)
        return reader.read_contribution(path, ContributionFile(ident, known.theme, known.path))

    def render(self, texts: dict[str, str]) -> tuple[WordDocument, set[str]]:
        """The review file of just these contributions (id -> source text), read back; and
        the ids whose text could not be read as a contribution at all."""
        made: dict[str, Contribution] = {}
        unreadable: set[str] = set()
        for ident, text in texts.items():
            contribution = self.contribution(ident, text)
            if contribution is None or not contribution.complete:
                unreadable.add(ident)
            else:
                made[ident] = replace(contribution, status=self.by_id[ident].status)
        chapters = []
        for section, members in self.plan.selection.chapters:
            kept = tuple(made[c.id] for c in members if c.id in made)
            if kept:
                chapters.append((section, kept))
        listed = {c.id for _s, members in chapters for c in members}
        loose = tuple(c for ident, c in made.items() if ident not in listed)
        if loose:  # not in this plan's chapters (a theme moved): rendered all the same
            section = self.plan.project.sections[0]
            chapters.append((section, loose))
        selection = replace(self.plan.selection, chapters=tuple(chapters))
        plan = replace(self.plan, selection=selection)
        composed = compose_review(plan, self.staging, self.cache, (), self.anchors)
        self.count += 1
        ast = f"render-{self.count}.json"
        name = f"render-{self.count}.docx"
        (self.staging / ast).write_text(composed.json, encoding="utf-8")
        render_with_pandoc(self.staging, "docx", ast, name, plan.epoch, "review")
        from ..formats.docx import finish_docx

        finish_docx(self.staging / name, self.staging / ast)
        return read_word(self.staging / name), unreadable


# -- the exports roledoc keeps ----------------------------------------------------------------

KEPT_EXPORTS = 12  # review files kept in roledoc's cache, the newest


def _exports(root: Path) -> Path:
    return Cache(root, output_folder(root)).folder_for("review-exports")


def remember_export(root: Path, docx: Path) -> None:
    """Keep a copy of a review file as exported, under its reference (RD-...), in roledoc's
    cache: the import then reads what was exported instead of rendering it again."""
    from .export import KEY
    from .wordpackage import read_package

    try:
        document = read_package(docx, ("word/document.xml",)).get("word/document.xml", b"")
    except Exception:
        return
    found = KEY.search(document.decode("utf-8", "replace"))
    if found is None:
        return
    folder = _exports(root)
    shutil.copyfile(docx, folder / f"{found[0]}.docx")
    kept = sorted(folder.glob("RD-*.docx"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in kept[KEPT_EXPORTS:]:
        old.unlink(missing_ok=True)


def recall_export(root: Path, document: WordDocument) -> Path | None:
    """The kept export whose reference the reviewed file names, if roledoc has it."""
    from .export import KEY

    front = " ".join(
        "".join(c.text for c in p.chars if c.inserted is None) for p in document.body[:80]
    )
    found = KEY.search(front)
    if found is None:
        return None
    path = Cache(root, output_folder(root)).folder / "review-exports" / f"{found[0]}.docx"
    return path if path.is_file() and not path.is_symlink() else None
