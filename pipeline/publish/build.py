"""`roledoc build`: check, select, assemble, render, and only then publish.

Everything is written into a staging folder inside the output folder. Only when every format
has rendered are the files moved into place, one atomic rename each, with report.json last.
A refused or failed build leaves the previous outputs exactly as they were.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import os
import shutil
import tempfile
import time
import traceback
import uuid
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, cast

from ..core.errors import RoledocError, SlowTextError, writing_to
from ..core.messages import Message, _
from ..core.model import FORMATS, BodyFacts, Diagnostic, Project, Release
from ..formats.render import (
    PANDOC_TIMEOUT,
    PandocTimeout,
    TypstSession,
    normalise_bodies,
    parse_document,
    read_markdown,
    render_pdf,
    render_with_pandoc,
    tool_versions,
    write_markdown_file,
)
from ..infra.cache import Cache, digest, tree_digest
from ..infra.gitinfo import INPUTS, REGISTER, GitError, Provenance, last_changed, read_provenance
from ..infra.schedule import Job, budget, estimate, run_jobs
from ..text.targets import assets_folder, resolve_image, resolve_link, text_anchor

if TYPE_CHECKING:
    import jinja2

    from ..assemble.assemble import BuildInfo, Selection
    from ..assemble.changes import Changelog
    from ..read.labels import Labels
    from ..read.templates import Templates

# A no-op build (nothing changed) imports only what it needs to see that: Jinja2, YAML and
# the assembly are imported where a build starts to do something.

EXTENSIONS = {"pdf": "pdf", "docx": "docx", "html": "html", "epub": "epub", "odt": "odt"}
CONTRIBUTION_LEVEL = 3  # chapter title = 1, contribution title = 2, its own headings from 3
SECTION_LEVEL = 2


class BuildRefused(RoledocError):
    """`check` found errors; the project's diagnostics say which."""

    def __init__(self, project: Project) -> None:
        count = len(project.errors)
        super().__init__(_("the build was refused: {count} error(s); nothing written", count=count))
        self.project = project


@dataclass(frozen=True)
class Output:
    fmt: str
    path: Path
    size: int
    seconds: float
    reused: bool = False  # its inputs had not changed: the earlier file was kept


@dataclass
class BuildResult:
    project: Project | None  # None when nothing had changed (`unchanged`)
    selection: Selection | None
    provenance: Provenance
    outputs: list[Output] = field(default_factory=list)
    report_path: Path | None = None
    warnings: list[Message | str] = field(default_factory=list)  # str: a tool's own words
    unchanged: bool = False
    info: BuildInfo | None = None  # what the document says about its edition


Progress = Callable[[Message], None]


def _quiet(_said: Message) -> None:
    return None


@dataclass(frozen=True)
class Composed:
    """What an edition composed: the document's AST as pandoc JSON text, which every format
    renders from and `<output>.md` is written from. An edition may compose Markdown instead
    (a str), which is then read once."""

    json: str


Composer = Callable[["Plan", Path, "Cache"], "str | Composed"]
Preparer = Callable[["Plan", ExitStack], object]


@dataclass(frozen=True)
class Edition:
    """What kind of document a build makes: the full document, or one made from it (the
    short edition for administrators, the redline of changes since an earlier edition)."""

    name: str = "full"
    suffix: str = ""  # output names: <output><suffix>.<ext>
    compose: Composer | None = None  # the assembled Markdown; None: the full document
    defaults: str | None = None  # a pandoc defaults file stacked on each format's own
    key: str = ""  # what else decides the outputs (the compared edition, say)
    # What the edition needs beyond the project (an earlier edition's tree, say), gathered
    # while the build plans, before the output folder is locked; resources it opens (a
    # checkout) live on the stack until the build has published.
    prepare: Preparer | None = None


FULL = Edition()


@dataclass(frozen=True)
class Plan:
    """Everything a build decided before it writes anything."""

    project: Project
    selection: Selection
    provenance: Provenance
    info: BuildInfo
    templates: Templates
    labels: Labels
    changelog: Changelog | None
    last_changed: dict[str, dt.date]
    formats: tuple[str, ...]
    out_dir: Path
    epoch: int
    jobs: int
    typst_session: TypstSession | None = None
    edition: Edition = FULL
    context: object = None  # what the edition prepared (Edition.prepare)


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
) -> BuildResult:
    """Build the project at `root`; raise BuildRefused or RenderError without writing.

    `pending` is an edition being released: the outputs already say they are it.
    `jobs` is how many formats render at once (default: one per CPU). When nothing that goes
    into the outputs has changed since the last build into the same folder, nothing is done:
    the result says `unchanged`."""
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
    if state.get("fingerprint") == fingerprint and _outputs_intact(out_dir, state):
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
            plan = replace(plan, context=edition.prepare(plan, resources))
        with writing_to(plan.out_dir):
            plan.out_dir.mkdir(parents=True, exist_ok=True)
            with output_lock(plan.out_dir, progress):
                _remove_stale_staging(plan.out_dir)
                render_plan(plan, result, progress, cache, state)
                state["fingerprint"] = fingerprint
                cache.save_state(state, edition.name)
    return result


def output_folder(root: Path, out: Path | None) -> Path:
    """The absolute output folder; a link loop there is left for check to report (RD114)."""
    return Path(os.path.realpath(out or root / "build"))


def _stamp(path: Path) -> list[int]:
    info = path.stat()
    return [info.st_size, info.st_mtime_ns]


def _outputs_intact(out_dir: Path, state: dict) -> bool:
    """Every output the last build recorded is still there, untouched."""
    recorded = state.get("files", {})
    try:
        return bool(recorded) and all(
            _stamp(out_dir / name) == stamp for name, stamp in recorded.items()
        )
    except OSError:
        return False


def plan_build(
    root: Path,
    draft: bool,
    formats: tuple[str, ...] | None,
    out: Path | None,
    jobs: int | None = None,
    provenance: Provenance | None = None,
    pending: Release | None = None,
    changes: bool = True,
) -> tuple[Plan, list[str]]:
    """Check the project and decide what this build makes; writes nothing. Without
    `changes`, no changes appendix (which loads an earlier edition) is prepared."""
    from ..assemble.assemble import BuildInfo, select_contributions
    from ..assemble.changes import changelog_since
    from ..check.project import load_project
    from ..read.labels import load_labels
    from ..read.templates import Templates

    project = load_project(root)
    if pending is not None:
        project = replace(project, releases=(*project.releases, pending))
    if project.errors:
        raise BuildRefused(project)
    settings = project.settings
    assert settings is not None
    provenance = provenance or read_provenance(root)
    warnings = list(provenance.warnings)
    epoch = _epoch(provenance, project)
    templates = Templates(root)
    selection = select_contributions(project, draft)
    info = BuildInfo(
        version=provenance.version,
        commit=provenance.commit,
        date_iso=dt.datetime.fromtimestamp(epoch, tz=dt.UTC).date().isoformat(),
        draft=draft,
        identifier=edition_identifier(settings.organisation, settings.title, provenance, draft),
        **edition_fields(root, project, provenance.dirty),
    )
    changelog = None
    if settings.changelog and changes:
        try:
            changelog = changelog_since(root, settings.changelog, True, project)
        except GitError as exc:
            warnings.append(_("the changes appendix is left out: {reason}", reason=exc.message))
    plan = Plan(
        project=project,
        selection=selection,
        provenance=provenance,
        info=info,
        templates=templates,
        labels=load_labels(templates.read("labels.yaml"), settings.lang),
        changelog=changelog,
        last_changed=last_changed(root, [c.path for c in selection.included]),
        formats=_chosen(formats, settings.formats),
        out_dir=output_folder(root, out),
        epoch=epoch,
        jobs=max(1, jobs or os.cpu_count() or 1),
    )
    return plan, warnings


def compose_document(plan: Plan, staging: Path, cache: Cache) -> Composed:
    """The full document: every included body normalised, merged by the template.

    The template is rendered with a placeholder for each body: that small skeleton is read,
    and each body's blocks (read once, from its source or the cache) are spliced in at its
    placeholder. No body is written as Markdown and read again."""
    from ..assemble.assemble import (
        assemble_markdown,
        placeholders,
        splice_bodies,
        template_environment,
    )

    project = plan.project
    bodies = normalise_selection(project, plan.selection, staging, plan.epoch, cache, plan.jobs)
    env = template_environment(plan.templates.jinja_loader())
    marks, owners = placeholders(list(bodies))
    skeleton = render_template(
        lambda: assemble_markdown(
            project,
            plan.selection,
            marks,
            plan.info,
            plan.labels,
            env,
            plan.changelog,
            plan.last_changed,
            logo_name(project),
        )
    )
    return Composed(
        splice_bodies(
            read_markdown(staging, skeleton, plan.epoch),
            {ident: bodies[key] for ident, key in owners.items()},
        )
    )


def render_template(render: Callable[[], str]) -> str:
    """A Jinja2 template's output; a broken template is an error with its name and line."""
    import jinja2
    from jinja2.sandbox import SecurityError

    try:
        return render()
    except jinja2.TemplateError as exc:
        name, line = _template_position(exc)
        said = _(
            "template error in {name}:{line}: {problem}", name=name, line=line, problem=exc.message
        )
        if isinstance(exc, SecurityError):
            said = _(
                "template error in {name}:{line}: refused by the sandbox: {problem}",
                name=name,
                line=line,
                problem=exc.message,
            )
        raise RoledocError(said) from None


def _template_position(exc: jinja2.TemplateError) -> tuple[str, object]:
    """The template file and line of an error: a syntax error knows them; for an error
    while rendering, Jinja2 puts the template's own lines into the traceback."""
    import jinja2

    if isinstance(exc, jinja2.TemplateSyntaxError):
        return exc.filename or exc.name or "a template", exc.lineno
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if not f.filename.endswith(".py")]
    return (frames[-1].filename, frames[-1].lineno) if frames else ("a template", "?")


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
        _copy_logo(project, staging)
        progress(_("assembling"))
        composed = (edition.compose or compose_document)(plan, staging, cache)
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
            fmt: digest(source, templates_key, tool_versions(), fmt, str(plan.epoch))
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
            path = plan.out_dir / f"{base}.{EXTENSIONS[fmt]}"
            rendered.append(Output(fmt, path, path.stat().st_size, 0.0, reused=True))
            progress(_("{format} unchanged", format=fmt))
        result.outputs.extend(sorted(rendered, key=lambda o: FORMATS.index(o.fmt)))
        published = [markdown, *(o.path.name for o in result.outputs if not o.reused)]
        if edition is FULL:
            report = build_report(
                project, plan.selection, plan.provenance, plan.info, result.outputs, project.root
            )
            (staging / "report.json").write_text(
                json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
            )
            published.append("report.json")
        for name in published:
            os.replace(staging / name, plan.out_dir / name)
        if edition is FULL:
            result.report_path = plan.out_dir / "report.json"
        state["formats"] = {
            **previous,
            **{
                fmt: {"key": keys[fmt], "file": f"{base}.{EXTENSIONS[fmt]}"} for fmt in plan.formats
            },
        }
        names = [*published, *(o.path.name for o in result.outputs)]
        # Outputs of formats this build did not make keep their record, so a later build of
        # all formats can still reuse them.
        state["files"] = {**stamps, **{name: _stamp(plan.out_dir / name) for name in names}}
    finally:
        shutil.rmtree(staging, ignore_errors=True)


# The longest first, so the slow PDF never starts last.
RENDER_ORDER = ("pdf", "odt", "epub", "html", "docx")


def _reusable(plan: Plan, fmt: str, key: str, previous: dict, stamps: dict) -> bool:
    """The output was made from these very inputs and nobody has touched it since."""
    entry = previous.get(fmt, {})
    name = entry.get("file", "-")
    try:
        return entry.get("key") == key and stamps.get(name) == _stamp(plan.out_dir / name)
    except OSError:
        return False


def _render_formats(
    plan: Plan,
    formats: list[str],
    staging: Path,
    base: str,
    warnings: list[str],
    progress: Progress,
    after: Sequence[Callable[[], object]] = (),
) -> list[Output]:
    """Every format from the one AST, in parallel (one worker per CPU, or `jobs`), the
    longest first, within the memory budget (pipeline/schedule.py); then the `after` jobs
    (writing the Markdown), on whichever worker is free."""

    def render(fmt: str) -> Output:
        name = f"{base}.{EXTENSIONS[fmt]}"
        started = time.perf_counter()
        if fmt == "pdf":
            warnings.extend(
                render_pdf(
                    staging,
                    f"{base}.json",
                    name,
                    plan.epoch,
                    plan.typst_session,
                    plan.edition.defaults,
                )
            )
        else:
            render_with_pandoc(
                staging, fmt, f"{base}.json", name, plan.epoch, plan.edition.defaults
            )
            if fmt == "odt":
                from ..formats.odt import finish_odt

                finish_odt(staging / name, staging / f"{base}.json")
            if fmt == "docx":
                from ..formats.docx import finish_docx

                finish_docx(staging / name, staging / f"{base}.json")
        seconds = time.perf_counter() - started
        progress(_("{format} done in {seconds:.1f} s", format=fmt, seconds=seconds))
        return Output(fmt, plan.out_dir / name, (staging / name).stat().st_size, seconds)

    ordered = sorted(formats, key=RENDER_ORDER.index)
    if ordered:
        progress(
            _(
                "rendering {formats} with {workers} worker(s)",
                formats=", ".join(ordered),
                workers=min(plan.jobs, len(ordered)),
            )
        )
    size = (staging / f"{base}.json").stat().st_size
    jobs = [Job(fmt, partial(render, fmt), estimate(fmt, size)) for fmt in ordered]
    jobs += [Job(f"after-{n}", job, estimate("markdown", size)) for n, job in enumerate(after)]
    done = run_jobs(jobs, plan.jobs, budget())
    return [cast(Output, done[fmt]) for fmt in ordered]


STAGING_PREFIX = ".staging-"
LOCK_NAME = ".roledoc.lock"
LOCK_WAIT = 900  # seconds a second build waits for the first before giving up


@contextmanager
def output_lock(out_dir: Path, progress: Progress) -> Iterator[None]:
    """One build at a time per output folder; a second one waits, then gives up clearly."""
    # O_NOFOLLOW: a link in the output folder must not make the lock touch another file.
    descriptor = os.open(out_dir / LOCK_NAME, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
    with os.fdopen(descriptor, "r+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            progress(_("waiting for another build that is writing to {folder}", folder=out_dir))
            deadline = time.monotonic() + LOCK_WAIT
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise RoledocError(
                            _(
                                "another build has been writing to {folder} for {seconds} s; "
                                "try again when it has finished",
                                folder=out_dir,
                                seconds=LOCK_WAIT,
                            )
                        ) from None
                    time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _remove_stale_staging(out_dir: Path) -> None:
    """Staging folders left by a build that was killed: with the lock held, none is live."""
    for stale in out_dir.glob(STAGING_PREFIX + "*"):
        shutil.rmtree(stale, ignore_errors=True)


def edition_fields(root: Path, project: Project, dirty: bool) -> dict[str, object]:
    """What the document says about its edition, from editions.yaml and its content now."""
    from ..read.register import edition_state

    state = edition_state(root, project.releases)
    current = state.current
    adopted = current.adopted if current is not None else None
    return {
        "edition": current.edition if current else None,
        "edition_date": current.date.isoformat() if current else None,
        "adopted_by": adopted.by if adopted else None,
        "adopted_on": adopted.on.isoformat() if adopted else None,
        "after": state.after.edition if state.after else None,
        "dirty": dirty,
        "history": tuple(
            {
                "edition": r.edition,
                "date": r.date.isoformat(),
                "adopted_by": r.adopted.by if r.adopted else None,
                "adopted_on": r.adopted.on.isoformat() if r.adopted else None,
                "note": r.note,
            }
            for r in project.releases
        ),
    }


def edition_identifier(organisation: str, title: str, provenance: Provenance, draft: bool) -> str:
    """The same id for every build of one edition, a different one for the next."""
    name = "|".join([organisation, title, provenance.version, provenance.commit or "", str(draft)])
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'roledoc:' + name)}"


def _chosen(asked: tuple[str, ...] | None, default: tuple[str, ...]) -> tuple[str, ...]:
    """The formats to render, in the canonical order; () renders only the Markdown."""
    return tuple(f for f in FORMATS if f in (default if asked is None else asked))


def _epoch(provenance: Provenance, project: Project) -> int:
    """The moment the document describes: the commit date, never the wall clock."""
    if provenance.date is not None:
        return int(provenance.date.timestamp())
    if "SOURCE_DATE_EPOCH" in os.environ:
        return int(os.environ["SOURCE_DATE_EPOCH"])
    dates = [c.date for c in project.contributions] or [dt.date(1970, 1, 1)]
    latest = max(dates)
    return int(dt.datetime(latest.year, latest.month, latest.day, tzinfo=dt.UTC).timestamp())


IMAGE_FOLDER = "images"
IMAGE_SUFFIXES = {"png": ".png", "jpeg": ".jpg", "gif": ".gif", "svg": ".svg"}


def stage_images(
    root: Path, owners: list[tuple[str, BodyFacts]], staging: Path
) -> dict[str, dict[str, str]]:
    """Copy every image the texts use into the staging folder's images/, named by content.

    Only files the resolver approves (the same one `check` uses) are read, and each gets a
    name of roledoc's own, so neither a path nor its query or fragment can make the build
    read or write anywhere else. Returns, per text: {address as written: staged name}."""
    from ..text.images import sniff

    staged: dict[str, dict[str, str]] = {}
    for path, facts in owners:
        names = staged.setdefault(path, {})
        for image in facts.images:
            target = resolve_image(image.src, path, assets_folder(path), root)
            try:
                if target.kind != "file":
                    raise OSError(f"'{image.src}': {target.code}")
                data = (root / target.value).read_bytes()
            except OSError as exc:
                raise RoledocError(
                    _("{path}: the image cannot be used: {reason}", path=path, reason=str(exc))
                ) from None
            kind = sniff(data[:4096]) or "png"
            name = f"{IMAGE_FOLDER}/{hashlib.sha256(data).hexdigest()[:24]}{IMAGE_SUFFIXES[kind]}"
            destination = staging / name
            if not destination.exists():
                destination.parent.mkdir(exist_ok=True)
                destination.write_bytes(data)
            names[image.src] = name
    return staged


def logo_name(project: Project) -> str | None:
    """The logo's name in the staging folder: fixed and markup-safe."""
    assert project.settings is not None
    logo = project.settings.style.logo
    return None if logo is None else "roledoc-logo" + Path(logo).suffix.lower()


def _copy_logo(project: Project, staging: Path) -> None:
    name = logo_name(project)
    if name is not None:
        assert project.settings is not None and project.settings.style.logo is not None
        shutil.copyfile(project.root / project.settings.style.logo, staging / name)


# How a contribution's body is read: as GitHub reads it (CommonMark with GitHub's
# extensions), with math, emoji shortcodes and metadata blocks off, so that `$`, `:smile:`
# and a `---` block stay the text they are. One addition: an image alone in its paragraph
# is a figure, captioned with its alt text, as a printed document numbers its figures.
BODY_FORMAT = "gfm+implicit_figures-tex_math_dollars-tex_math_gfm-emoji-yaml_metadata_block"


def normalise_selection(
    project: Project,
    selection: Selection,
    staging: Path,
    epoch: int,
    cache: Cache,
    jobs: int,
    anchors: set[str] | None = None,
) -> dict[str, str]:
    """Every body made safe to merge, as its blocks (pandoc JSON text); cached per body, the rest
    split over `jobs` pandoc processes. Links to anything but `anchors` (default: this
    selection) become text. A text with only blank lines has no entry."""
    texts = [
        (s.path, s.slug, s.title, s.body, SECTION_LEVEL, s.facts) for s, _ in selection.chapters
    ]
    texts += [
        (c.path, c.id, c.title, c.body, CONTRIBUTION_LEVEL, c.facts) for c in selection.included
    ]
    texts = [text for text in texts if text[3].strip()]
    images = stage_images(project.root, [(t[0], t[5]) for t in texts], staging)
    if anchors is None:
        anchors = {s.slug for s, _ in selection.chapters} | {c.id for c in selection.included}
    titles = {s.slug: s.title for s in project.sections if s.slug in anchors}
    titles |= {c.id: c.title for c in project.contributions if c.id in anchors}
    titles |= {s.slug: s.title for s, _ in selection.chapters}
    titles |= {c.id: c.title for c in selection.included}
    by_path = {s.path: s.slug for s in project.sections if s.slug in anchors}
    by_path |= {c.path: c.id for c in project.contributions if c.id in anchors}
    by_path |= {s.path: s.slug for s, _ in selection.chapters}
    by_path |= {c.path: c.id for c in selection.included}
    items = [
        {
            "key": key,
            "prefix": f"{key}-",
            "body": body,
            "level": level,
            "path": path,
            "images": images.get(path, {}),
            "xrefs": cross_references(project.root, path, facts, by_path, titles),
        }
        for path, key, _, body, level, facts in texts
    ]
    common = {
        "format": BODY_FORMAT,
        "anchors": dict.fromkeys(sorted(anchors), True),
        "titles": titles,
    }
    script = (staging / "templates/pandoc/normalize.lua").read_text(encoding="utf-8")
    shared = digest(json.dumps(common, sort_keys=True), script, tool_versions())
    keys = {
        str(item["key"]): digest(shared, json.dumps(item, sort_keys=True, ensure_ascii=False))
        for item in items
    }
    bodies: dict[str, str] = {}
    missing = []
    for item in items:
        cached = cache.get_text("bodies", keys[str(item["key"])])
        if cached is None:
            missing.append(item)
        else:
            bodies[str(item["key"])] = cached
    chunks = [missing[i::jobs] for i in range(jobs) if missing[i::jobs]]
    with ThreadPoolExecutor(max_workers=max(1, len(chunks))) as pool:
        futures = [pool.submit(normalise_bodies, chunk, common, staging, epoch) for chunk in chunks]
        results = {}
        for chunk, future in zip(chunks, futures, strict=True):
            try:
                results.update(future.result())
            except PandocTimeout:
                paths = [str(item["path"]) for item in chunk]
                raise SlowTextError(paths, PANDOC_TIMEOUT) from None
    for item in missing:
        key = str(item["key"])
        outcome = results.get(key, {"error": "no result"})
        if "error" in outcome:
            raise RoledocError(
                _(
                    "{path}: pandoc could not read the text: {problem}",
                    path=item["path"],
                    problem=outcome["error"],
                )
            )
        bodies[key] = outcome["blocks"]
        cache.put_text("bodies", keys[key], bodies[key])
    cache.keep_only("bodies", set(keys.values()))
    return bodies


def cross_references(
    root: Path, path: str, facts: BodyFacts, by_path: dict[str, str], titles: dict[str, str]
) -> dict[str, dict[str, str]]:
    """The links of one text to other texts' files, as check resolves them: {address as
    written: {anchor, title}}. Links to files not in this build are left out (they become
    plain text)."""
    found = {}
    for link in facts.links:
        target = resolve_link(link.target, path, root)
        anchor = text_anchor(target, by_path)
        if anchor is not None:
            found[link.target] = {"anchor": anchor, "title": titles[by_path[target.value]]}
    return found


# Written Markdown spells out every id and writes tables only as pipe tables: pandoc's simple
# and multiline tables depend on column positions, which a list just before them shifts when
# read again (a header "text" came back as "te xt"); GitHub's tables are pipe tables anyway.
# raw_tex is on for writing only: without it pandoc 3.9's writer drops a ':' that follows a
# backslash (`a\:b` became `a\\b`); there is no raw TeX in the AST to write.
WRITTEN = "-auto_identifiers-simple_tables-multiline_tables-grid_tables+raw_tex"


def document_writer(staging: Path) -> str:
    """How the document's AST is written as `<output>.md`, for people to read: in the
    Markdown flavour the read defaults read, metadata block included, so that reading it
    gives the document back."""
    return _read_flavour(staging) + WRITTEN


def body_writer(staging: Path) -> str:
    """How blocks are written as Markdown to go into a template (the redline's bodies)."""
    return document_reader(staging) + WRITTEN


def document_reader(staging: Path) -> str:
    """The Markdown flavour the read defaults read, without metadata blocks: for texts that
    are not the whole document."""
    return f"{_read_flavour(staging)}-yaml_metadata_block"


def _read_flavour(staging: Path) -> str:
    from ruamel.yaml import YAML

    defaults = YAML(typ="safe").load((staging / "templates/pandoc/read.yaml").read_text("utf-8"))
    return str(defaults["from"])


def build_report(
    project: Project,
    selection: Selection,
    provenance: Provenance,
    info: BuildInfo,
    outputs: list[Output],
    root: Path,
) -> dict[str, object]:
    """report.json: the edition, the outputs, and a decision for every contribution file."""
    from .. import __version__

    return {
        "edition": info.edition,
        "version": provenance.version,
        "tool": {"roledoc": __version__},
        "commit": provenance.commit,
        "date": info.date_iso,
        "draft": selection.draft,
        "outputs": {o.fmt: _relative(o.path, root) for o in outputs},
        "contributions": [
            {
                "id": d.id,
                "path": d.path,
                "theme": d.theme,
                "section": d.section,
                "status": d.status,
                "included": d.included,
                "reason": d.reason,
            }
            for d in selection.decisions
        ],
        "diagnostics": [_diagnostic(d, project.message_lang) for d in project.diagnostics],
    }


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def _diagnostic(d: Diagnostic, lang: str) -> dict[str, object]:
    from ..core.diagnostics import words  # only when there is something to report

    return {
        "path": d.path,
        "line": d.line,
        "col": d.col,
        "severity": d.severity,
        "code": d.code,
        "message": words(d, lang),
    }
