"""Releasing an edition and recording its adoption, in editions.yaml.

`release` checks and builds the definitive outputs first (already saying "Editie 1.2"), and
only when that succeeded records the edition; a failed build records nothing, so it can
simply be tried again. A git tag, when asked for, mirrors the register and comes last.
`adopt` records, usually weeks later, who adopted an edition and when.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from ..check.project import load_project
from ..core.errors import RoledocError
from ..core.messages import _
from ..core.model import Adoption, Release
from ..core.paths import REGISTER
from ..infra.gitinfo import clean_head, commit_and_tag, free_tag
from ..publish.build import build_document
from ..publish.plan import BuildRefused, Progress
from ..publish.report import BuildResult
from ..read.projectfiles import write_text
from ..read.register import content_digest, find_release, render_register


def release_edition(
    root: Path,
    name: str,
    *,
    on: dt.date | None = None,
    adopted: Adoption | None = None,
    note: str | None = None,
    tag: bool = False,
    progress: Progress | None = None,
    paginate: bool = False,
) -> tuple[Release, BuildResult]:
    """Build edition `name` of the committed content and, only then, record it; with
    `paginate`, the Word file's page numbers laid out by LibreOffice (see build_document)."""
    project = load_project(root)
    if project.errors:
        raise BuildRefused(project)
    if find_release(project.releases, name):
        raise RoledocError(
            _("edition {name} exists already in editions.yaml: choose a new name", name=name)
        )
    commit = clean_head(root)  # refuses uncommitted changes to the document, or no git
    if tag:
        free_tag(root, f"v{name}")
    release = Release(
        edition=name,
        commit=commit,
        date=on or dt.date.today(),
        adopted=adopted,
        note=note,
        content=content_digest(root),
    )
    result = build_document(
        root, pending=release, progress=progress or (lambda _said: None), paginate=paginate
    )
    write_register(root, (*project.releases, release))
    if tag:  # the register committed, and that commit tagged: the tag holds the edition
        commit_and_tag(root, REGISTER, f"v{name}", f"Edition {name}")
    return release, result


def appendix_since_release(result: BuildResult, done: Release) -> str | None:
    """The edition the new edition's changes appendix compared with, or None."""
    from ..assemble.changes import appendix_since

    if result.project is None:
        return None
    earlier = [r.edition for r in result.project.releases if r.edition != done.edition]
    return appendix_since(result.project, earlier[-1] if earlier else None)


def adopt_edition(
    root: Path, name: str, by: str, on: dt.date, decision: str | None = None
) -> Release:
    """Record that `by` adopted edition `name` on `on` (by `decision`, when given)."""
    project = load_project(root)
    release = find_release(project.releases, name)
    if release is None:
        known = ", ".join(r.edition for r in project.releases) or "-"
        raise RoledocError(
            _("there is no edition {name} in editions.yaml; known: {known}", name=name, known=known)
        )
    adopted = replace(release, adopted=Adoption(by, on, decision))
    write_register(root, tuple(adopted if r is release else r for r in project.releases))
    return adopted


def adoption(by: str | None, on: dt.date | None) -> Adoption | None:
    """An adoption from two options that go together."""
    if (by is None) != (on is None):
        raise RoledocError(_("give both --adopted-by and --adopted-on, or neither"))
    return Adoption(by, on) if by is not None and on is not None else None


def write_register(root: Path, releases: tuple[Release, ...]) -> None:
    """editions.yaml replaced in one step (never half written; a link there is replaced,
    not followed)."""
    write_text(root, root / REGISTER, render_register(releases))
