"""`roledoc build`: check, select, assemble, render, and only then publish.

Everything is written into a staging folder inside the output folder. Only when every format
has rendered are the files moved into place, one atomic rename each, with report.json last.
A refused or failed build leaves the previous outputs exactly as they were.

A build plans (plan.py), lets its edition prepare what it needs, locks the output folder
(lock.py), and renders and publishes the plan (stage.py: the edition composes its document
with compose.py, the formats render as formats/registry.py says); report.py is what it tells.
"""

from __future__ import annotations

from contextlib import ExitStack
from dataclasses import replace
from pathlib import Path

from ..core.errors import RoledocError, writing_to
from ..core.messages import Message
from ..core.model import Release
from ..core.paths import INPUTS, REGISTER, output_folder
from ..formats.render import TypstSession, tool_versions
from ..infra.cache import Cache, digest, tree_digest
from ..infra.gitinfo import read_provenance
from .lock import output_lock, remove_stale_staging
from .plan import FULL, Edition, Plan, Progress, plan_build
from .report import BuildResult
from .stage import outputs_intact, render_plan


def _quiet(_said: Message) -> None:
    return None


def build_document(
    root: Path,
    draft: bool = False,
    formats: tuple[str, ...] | None = None,
    out: Path | None = None,
    progress: Progress = _quiet,
    jobs: int | None = None,
    typst_session: TypstSession | None = None,
    edition: Edition = FULL,
    pending: Release | None = None,
    paginate: bool = False,
) -> BuildResult:
    """Build the project at `root`; raise BuildRefused or RenderError without writing.

    `pending` is an edition being released: the outputs already say they are it.
    `jobs` is how many formats render at once (default: one per CPU). With `paginate`,
    LibreOffice lays out the Word file for the page numbers in its fields
    (formats/docxpages.py); without LibreOffice that is an error, before anything is done.
    When nothing that goes into the outputs has changed since the last build into the same
    folder, nothing is done: the result says `unchanged`."""
    if paginate:
        edition = _with_pages(edition)
    out_dir = output_folder(root, out)
    provenance = read_provenance(root)
    # What a no-op build needs is imported above; the rest only when something is built.
    fingerprint = digest(
        tree_digest(root, (*INPUTS, REGISTER)),  # an adoption changes the colophon
        repr(pending),
        tool_versions(),
        repr((draft, formats)),
        provenance.version,
        provenance.commit or "",
        str(out_dir),
        edition.name,
        edition.key,
    )
    cache = Cache(root, out_dir)
    state = cache.load_state(edition.name)
    if state.get("fingerprint") == fingerprint and outputs_intact(out_dir, state):
        return BuildResult(
            None, None, provenance, unchanged=True, warnings=list(provenance.warnings)
        )
    plan, warnings = plan_build(root, draft, formats, out, jobs, provenance, pending)
    plan = replace(plan, typst_session=typst_session, edition=edition)
    result = BuildResult(
        plan.project, plan.selection, plan.provenance, warnings=warnings, info=plan.info
    )
    with ExitStack() as resources:
        if edition.prepare is not None:
            plan = replace(plan, context=edition.prepare(plan, resources, result.warnings))
        with writing_to(plan.out_dir):
            plan.out_dir.mkdir(parents=True, exist_ok=True)
            with output_lock(plan.out_dir, progress):
                remove_stale_staging(plan.out_dir)
                render_plan(plan, result, progress, cache, state)
                state["fingerprint"] = fingerprint
                cache.save_state(state, edition.name)
    return result


def _with_pages(edition: Edition) -> Edition:
    """The edition, its document asking the Word finisher for pages (in its metadata, so a
    Word file made without them is not reused); refused where LibreOffice is missing."""
    from ..formats.docxpages import ask_for_pages, ask_for_pages_in_markdown, missing_for_pages
    from .compose import Composed

    missing = missing_for_pages()
    if missing is not None:
        raise RoledocError(missing)
    compose = edition.compose

    def composed(plan: Plan, staging: Path, cache: Cache) -> str | Composed:
        made = compose(plan, staging, cache)
        if isinstance(made, str):
            return ask_for_pages_in_markdown(made)
        return Composed(ask_for_pages(made.json))

    return replace(edition, compose=composed, key=f"{edition.key}|pages")
