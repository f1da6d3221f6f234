"""`roledoc review export` in one step: the themes asked for checked, the review file built
as an edition of the build, a copy kept for the import (pipeline/review/rendering.py), and
the file copied to where the user asked."""

from __future__ import annotations

import shutil
from pathlib import Path

from ..check.names import unknown_theme
from ..check.project import load_project
from ..core.errors import RoledocError
from ..core.messages import _, os_reason
from ..core.paths import output_folder
from ..publish.build import build_document
from ..publish.plan import Progress
from .export import review_edition
from .rendering import remember_export


def export_review(
    root: Path,
    themes: tuple[str, ...],
    draft: bool,
    out: Path | None,
    progress: Progress,
    until: str | None = None,
) -> Path:
    """Build the review file (only `themes` when given; with `draft`, proposed and draft
    contributions too; a consultation version, open for comments `until` a day when given),
    keep it in roledoc's cache for the import, and copy it to `out` when given. Where it is.
    BuildRefused when check finds errors."""
    project = load_project(root)
    for theme in themes:
        if theme not in project.themes:
            raise RoledocError(unknown_theme(theme, project.themes))
    edition = review_edition(themes, until)
    result = build_document(
        root, draft=draft, formats=("docx",), progress=progress, edition=edition
    )
    made = next((o.path for o in result.outputs if o.fmt == "docx"), None)
    if made is None:  # unchanged since the last export: the file is there
        assert project.settings is not None
        made = output_folder(root) / f"{project.settings.output}{edition.suffix}.docx"
    remember_export(root, made)
    if out is None:
        return made
    try:
        shutil.copyfile(made, out)
    except OSError as exc:
        raise RoledocError(
            _("cannot write {path}: {reason}", path=out, reason=os_reason(exc))
        ) from None
    return out
