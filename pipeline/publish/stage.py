"""Rendering a plan: the edition composes its document in a staging folder, every format is
rendered from it (in parallel, within the memory budget), and only then is each output moved
into place, one atomic rename each, with report.json last.

A format whose inputs (the composed document, the templates, the tools) are unchanged since
its output was made is not rendered again: the build's state records each output's key and
the size and time of every file it published.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import cast

from ..conformance.report import met, report_json
from ..core.messages import Message, _, language_of
from ..core.model import FORMATS
from ..formats.registry import SPECS, FormatSpec, estimate
from ..formats.render import RenderError, parse_document, tool_versions, write_markdown_file
from ..infra.cache import Cache, digest, tree_digest
from ..infra.schedule import Job, budget, run_jobs
from .compose import copy_logo, document_writer
from .locate import text_at_line, text_that_fails
from .lock import STAGING_PREFIX
from .plan import Plan, Progress
from .report import BuildResult, Output, build_report


def render_plan(
    plan: Plan, result: BuildResult, progress: Progress, cache: Cache, state: dict
) -> None:
    """Render in a staging folder, then move each output into place; report.json last.
    A format whose inputs (the assembled Markdown, the templates, the tools) are unchanged
    since its output was made is not rendered again."""
    project, epoch, edition = plan.project, plan.epoch, plan.edition
    assert project.settings is not None
    from ..check.trust import refuse_unsafe_templates

    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=plan.out_dir))
    try:
        refuse_unsafe_templates(plan.templates)
        plan.templates.copy_to(staging / "templates")
        copy_logo(project, staging)
        progress(_("assembling"))
        composed = edition.compose(plan, staging, cache)
        base = project.settings.output + edition.suffix
        markdown, ast = f"{base}.md", f"{base}.json"
        if isinstance(composed, str):  # read once, below, if a format needs it
            source = composed
            (staging / markdown).write_text(source, encoding="utf-8")
            after: list[Callable[[], object]] = []
        else:  # the AST: <output>.md is written from it while the formats render
            source = composed.json
            (staging / ast).write_text(source, encoding="utf-8")
            writer = document_writer(staging)
            after = [lambda: write_markdown_file(staging, ast, markdown, writer, epoch)]
        templates_key = tree_digest(staging, ["templates"])
        keys = {
            fmt: digest(
                source, templates_key, tool_versions(), fmt, str(plan.epoch), *_reads(plan, fmt)
            )
            for fmt in plan.formats
        }
        previous = state.get("formats", {})
        stamps = state.get("files", {})
        fresh = [
            fmt for fmt in plan.formats if not _reusable(plan, fmt, keys[fmt], previous, stamps)
        ]
        reused = [fmt for fmt in plan.formats if fmt not in fresh]
        if fresh and isinstance(composed, str):
            parse_document(staging, markdown, ast, epoch)
        rendered = _render_formats(plan, fresh, staging, base, result.warnings, progress, after)
        for fmt in reused:
            path = plan.out_dir / SPECS[fmt].file(base)
            rendered.append(Output(fmt, path, path.stat().st_size, 0.0, reused=True))
            progress(_("{format} unchanged", format=fmt))
        result.outputs.extend(sorted(rendered, key=lambda o: FORMATS.index(o.fmt)))
        published = [markdown, *(o.path.name for o in result.outputs if not o.reused)]
        if edition.report:
            checks, reported = _conformance(plan, staging, result.outputs)  # .md, then .html
            published += reported
            report = build_report(
                project, plan.selection, plan.provenance, plan.info, result.outputs, project.root
            )
            report["conformance"] = report_json(checks, language_of(project.settings.lang))
            (staging / "report.json").write_text(
                json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
            )
            published.append("report.json")
        for name in published:
            os.replace(staging / name, plan.out_dir / name)
        if edition.report:
            result.report_path = plan.out_dir / "report.json"
            result.conformance = (plan.out_dir / reported[-1], met(checks))
            result.checks = checks
        state["formats"] = {
            **previous,
            **{fmt: {"key": keys[fmt], "file": SPECS[fmt].file(base)} for fmt in plan.formats},
        }
        names = [*published, *(o.path.name for o in result.outputs)]
        # Outputs of formats this build did not make keep their record, so a later build of
        # all formats can still reuse them.
        state["files"] = {**stamps, **{name: stamp(plan.out_dir / name) for name in names}}
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _conformance(plan: Plan, staging: Path, outputs: list[Output]) -> tuple[list, list[str]]:
    """The checks of every output (pipeline/conformance) and the conformance report written
    from them into `staging`: the checks, and the report's file names."""
    from .. import __version__
    from ..assemble.edition_text import edition_text
    from ..conformance.report import ReportFacts, run_checks, write_report

    settings = plan.project.settings
    assert settings is not None
    files = {o.fmt: o.path.name for o in outputs}
    where = {o.fmt: (o.path if o.reused else staging / o.path.name) for o in outputs}
    checks = run_checks(where, settings.title, settings.lang, settings.pdf_standard)
    facts = ReportFacts(
        title=settings.title,
        edition=edition_text(plan.info, plan.labels).line,
        contact=settings.contact or settings.organisation,
        pdf_standard=settings.pdf_standard,
        tool=f"roledoc {__version__}",
    )
    names = write_report(staging, checks, files, facts, language_of(settings.lang))
    return checks, names


def stamp(path: Path) -> list[int]:
    """What the build's state records of a file it published: its size and time."""
    info = path.stat()
    return [info.st_size, info.st_mtime_ns]


def outputs_intact(out_dir: Path, state: dict) -> bool:
    """Every output the last build recorded is still there, untouched."""
    recorded = state.get("files", {})
    try:
        return bool(recorded) and all(
            stamp(out_dir / name) == stamped for name, stamped in recorded.items()
        )
    except OSError:
        return False


def _reusable(plan: Plan, fmt: str, key: str, previous: dict, stamps: dict) -> bool:
    """The output was made from these very inputs and nobody has touched it since."""
    entry = previous.get(fmt, {})
    name = entry.get("file", "-")
    try:
        return entry.get("key") == key and stamps.get(name) == stamp(plan.out_dir / name)
    except OSError:
        return False


def _render_formats(
    plan: Plan,
    formats: list[str],
    staging: Path,
    base: str,
    warnings: list[Message | str],
    progress: Progress,
    after: Sequence[Callable[[], object]] = (),
) -> list[Output]:
    """Every format from the one AST, in parallel (one worker per CPU, or `jobs`), in the
    registry's order (the longest first), within the memory budget (infra/schedule.py); then
    the `after` jobs (writing the Markdown), on whichever worker is free."""
    ast = f"{base}.json"

    def render(spec: FormatSpec) -> Output:
        name = spec.file(base)
        started = time.perf_counter()
        try:
            made = spec.render(
                staging, ast, name, plan.epoch, plan.edition.defaults, plan.typst_session
            )
        except RenderError as exc:
            if exc.where:
                text = text_at_line(staging, exc.where, plan)
            else:
                text = text_that_fails(staging, ast, spec, plan, exc)
            raise (exc.at_text(text) if text else exc) from None
        warnings.extend(made)
        if spec.finish is not None:
            spec.finish(staging / name, staging / ast)
        seconds = time.perf_counter() - started
        progress(_("{format} done in {seconds:.1f} s", format=spec.name, seconds=seconds))
        return Output(spec.name, plan.out_dir / name, (staging / name).stat().st_size, seconds)

    ordered = sorted((SPECS[fmt] for fmt in formats), key=lambda spec: spec.rank)
    if ordered:
        progress(
            _(
                "rendering {formats} with {workers} worker(s)",
                formats=", ".join(spec.name for spec in ordered),
                workers=min(plan.jobs, len(ordered)),
            )
        )
    if not ordered and not after:  # every format reused: an edition in Markdown wrote no AST
        return []
    size = (staging / ast).stat().st_size
    jobs = [Job(spec.name, partial(render, spec), estimate(spec.name, size)) for spec in ordered]
    jobs += [Job(f"after-{n}", job, estimate("markdown", size)) for n, job in enumerate(after)]
    done = run_jobs(jobs, plan.jobs, budget())
    outputs = [cast(Output, done[spec.name]) for spec in ordered]
    for n, spec in enumerate(ordered):
        if spec.complete is not None:
            started = time.perf_counter()
            finished = {
                fmt: (staging if fmt in formats else plan.out_dir) / SPECS[fmt].file(base)
                for fmt in _reads(plan, spec.name)
            }
            spec.complete(staging / spec.file(base), finished)
            outputs[n] = replace(
                outputs[n],
                size=(staging / spec.file(base)).stat().st_size,
                seconds=outputs[n].seconds + time.perf_counter() - started,
            )
    return outputs


def _reads(plan: Plan, fmt: str) -> list[str]:
    """The formats of this build whose finished files `fmt`'s completion reads: part of its
    key, so an EPUB made without the PDF's pages is not reused in a build with the PDF."""
    return [other for other in SPECS[fmt].reads if other in plan.formats]
