"""Finding a document project and loading it: read every file, apply every rule."""

from __future__ import annotations

from pathlib import Path

from ..core.model import Project
from ..core.paths import DOCUMENT


def find_root(start: Path) -> Path:
    """The nearest folder at or above `start` that holds a document.yaml, else `start` itself."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / DOCUMENT).is_file():
            return folder
    return start


def load_project(
    root: Path, review_base: str | None = None, quiet: frozenset[str] = frozenset()
) -> Project:
    """The project at `root` with all its diagnostics, sorted by path and line; with
    `review_base`, also a warning for each change to the house style since that revision.
    The prose of the files in `quiet` (project-relative paths) is not checked: those checks
    only warn, and a review import that needs check's verdict on new files does without."""
    from ..core.diagnostics import sorted_diagnostics
    from ..read.register import read_register
    from ..read.sources import read_sources
    from ..read.templates import Templates
    from .trust import check_requirements, check_templates, review_changes
    from .validate import validate

    sources = read_sources(root, quiet)
    releases = read_register(root, sources.reporter)
    if sources.settings is not None or (root / DOCUMENT).exists():
        validate(sources, root, releases)
        check_templates(Templates(root), sources.reporter)
        check_requirements(root, sources.reporter)
        if review_base:
            review_changes(root, review_base, sources.reporter)
    readable = {c.path for c in sources.contributions}
    return Project(
        root=root,
        settings=sources.settings,
        sections=sources.sections,
        participants=sources.participants,
        contributions=sources.contributions,
        themes=sources.themes,
        diagnostics=tuple(sorted_diagnostics(sources.reporter.found)),
        unreadable=tuple(f.path for f in sources.files if f.path not in readable),
        hidden=sources.hidden,
        releases=releases,
        message_lang=sources.reporter.lang,
    )
