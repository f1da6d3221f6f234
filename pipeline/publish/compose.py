"""Composing a document in the staging folder: the full document, and what every edition
composes with (the bodies made safe to merge, the templates, the images and the logo, the
Markdown flavours).

The full document's edition (`plan.FULL`) prepares its changes appendix (assemble/changes.py)
and composes with `compose_document`.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import traceback
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast

from ..core.errors import RoledocError, SlowTextError
from ..core.messages import Message, _
from ..core.model import BodyFacts, Project
from ..formats.render import (
    PANDOC_TIMEOUT,
    PandocTimeout,
    normalise_bodies,
    read_markdown,
    tool_versions,
)
from ..infra.cache import Cache, digest
from ..text.githubtext import as_github_reads
from ..text.targets import assets_folder, resolve_image, resolve_link, text_anchor

if TYPE_CHECKING:
    import jinja2

    from ..assemble.assemble import Selection
    from ..assemble.changes import Changelog
    from .plan import Plan

# A no-op build (nothing changed) imports only what it needs to see that: Jinja2, YAML and
# the assembly are imported where a build starts to do something.

CONTRIBUTION_LEVEL = 3  # chapter title = 1, contribution title = 2, its own headings from 3
SECTION_LEVEL = 2


@dataclass(frozen=True)
class Composed:
    """What an edition composed: the document's AST as pandoc JSON text, which every format
    renders from and `<output>.md` is written from. An edition may compose Markdown instead
    (a str), which is then read once."""

    json: str


def prepare_document(
    plan: Plan, resources: ExitStack, warnings: list[Message | str]
) -> Changelog | None:
    """The full document's prepare step: its changes appendix since the previous edition, or
    the one document.yaml names (assemble/changes.py)."""
    from ..assemble.changes import changes_appendix
    from ..read.register import previous_edition

    previous = previous_edition(plan.project.releases, plan.info.edition, plan.info.after)
    return changes_appendix(plan.project, previous, warnings)


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
    changelog = cast("Changelog | None", plan.context)  # prepare_document's
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
            changelog,
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


IMAGE_FOLDER = "images"
IMAGE_SUFFIXES = {"png": ".png", "jpeg": ".jpg", "gif": ".gif", "svg": ".svg"}


def stage_images(
    root: Path, owners: list[tuple[str, BodyFacts]], staging: Path
) -> dict[str, dict[str, str]]:
    """Copy every image the texts use into the staging folder's images/, named by content.

    Only files the resolver approves (the same one `check` uses) are read, through the one
    safe reader (no link out, no device, at most an image's limit), and each gets a
    name of roledoc's own, so neither a path nor its query or fragment can make the build
    read or write anywhere else. Returns, per text: {address as written: staged name}."""
    from ..read.projectfiles import UnsafeFile, read_bytes
    from ..text.imageconversion import srgb_jpeg
    from ..text.images import MAX_IMAGE_BYTES, sniff
    from ..text.svgids import unique_svg_ids

    staged: dict[str, dict[str, str]] = {}
    for path, facts in owners:
        names = staged.setdefault(path, {})
        for image in facts.images:
            target = resolve_image(image.src, path, assets_folder(path), root)
            try:
                if target.kind != "file":
                    raise OSError(f"'{image.src}': {target.code}")
                data = read_bytes(root, root / target.value, MAX_IMAGE_BYTES)
            except (OSError, UnsafeFile) as exc:
                reason = exc.reason if isinstance(exc, UnsafeFile) else str(exc)
                raise RoledocError(
                    _("{path}: the image cannot be used: {reason}", path=path, reason=reason)
                ) from None
            kind = sniff(data[:4096]) or "png"
            name = f"{IMAGE_FOLDER}/{hashlib.sha256(data).hexdigest()[:24]}{IMAGE_SUFFIXES[kind]}"
            destination = staging / name
            if not destination.exists():
                destination.parent.mkdir(exist_ok=True)
                if kind == "svg":
                    data = unique_svg_ids(data)
                elif kind == "jpeg":
                    data = srgb_jpeg(data) or data  # PDF/A takes no CMYK
                destination.write_bytes(data)
            names[image.src] = name
    return staged


def logo_name(project: Project) -> str | None:
    """The logo's name in the staging folder: fixed and markup-safe."""
    assert project.settings is not None
    logo = project.settings.style.logo
    return None if logo is None else "roledoc-logo" + Path(logo).suffix.lower()


def copy_logo(project: Project, staging: Path) -> None:
    """The logo into the staging folder, under `logo_name`."""
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
    common: dict[str, object] = {
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
    for item in missing:  # read as GitHub shows it; only what the cache did not have
        item["body"] = as_github_reads(str(item["body"])).text
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
