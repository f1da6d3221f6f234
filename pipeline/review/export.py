"""`roledoc review export`: a DOCX of the document (or of some themes) made for reviewing.

Track Changes is already on, lines are numbered, the editors' texts stand in a grey box, and
each contribution's title carries its id as a bookmark (pandoc writes a heading's identifier
as one; Word, LibreOffice and Google Docs keep it). The file says which sources it was made
from twice: in its custom properties (`roledoc-review-<id>` = a fingerprint of each
contribution's source, and the commit), which Word and LibreOffice keep, and in a reference on
the title page (`RD-<commit>-<digest>`), which survives editors that drop properties (Google
Docs): with the commit, the import finds the same sources again and checks them against the
digest.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from pathlib import Path

from ..infra.cache import Cache
from ..publish.compose import Composed, logo_name, normalise_selection, render_template
from ..publish.plan import Edition, Plan
from ..read.projectfiles import read_bytes

PROPERTY = "roledoc-review-"  # + contribution id: its fingerprint; + "commit": the commit
COMMIT = PROPERTY + "commit"
KEY = re.compile(r"\bRD-([0-9a-f]{12}|0{12})-([0-9a-f]{10})\b")


def fingerprint(data: bytes) -> str:
    """A contribution's source as it was exported: the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(data).hexdigest()[:16]


def export_key(commit: str, prints: dict[str, str]) -> str:
    """The reference on the title page: the commit, and a digest of what was exported."""
    listed = "\n".join(f"{ident} {value}" for ident, value in sorted(prints.items()))
    digest = hashlib.sha256(listed.encode("utf-8")).hexdigest()[:10]
    return f"RD-{(commit or '0' * 12)[:12]}-{digest}"


def review_edition(themes: tuple[str, ...] = (), until: str | None = None) -> Edition:
    """The review file as an edition: `<output>-review.docx`, only `themes` when given. It is
    a consultation version, open for comments `until` a day (ISO) when given."""
    return Edition(
        name="review",
        suffix="-review",
        compose=lambda plan, staging, cache: compose_review(
            replace(plan, info=replace(plan.info, consultation=until or "")), staging, cache, themes
        ),
        defaults="review",
        key=",".join([*sorted(themes), f"until={until or ''}"]),
    )


def compose_review(
    plan: Plan,
    staging: Path,
    cache: Cache,
    themes: tuple[str, ...],
    anchors: set[str] | None = None,
) -> Composed:
    """The review file's AST. `anchors` are the ids links may point to (default: what this
    file holds); the import renders a few contributions with the anchors of the whole
    export, so that their paragraphs read as they did in it."""
    from ..assemble.assemble import (
        chapter_context,
        placeholders,
        render_edition,
        splice_bodies,
        template_environment,
    )
    from ..formats.render import read_markdown

    project = plan.project
    selection = plan.selection
    if themes:
        chapters = tuple(
            (section, tuple(c for c in contributions if c.theme in themes))
            for section, contributions in selection.chapters
        )
        selection = replace(
            selection,
            chapters=tuple((s, cs) for s, cs in chapters if cs or set(s.themes) & set(themes)),
        )
    bodies = normalise_selection(project, selection, staging, plan.epoch, cache, plan.jobs, anchors)
    env = template_environment(plan.templates.jinja_loader())
    marks, owners = placeholders(list(bodies))
    chapters_context = chapter_context(project, selection, plan.labels, marks)
    prints = {
        c.id: fingerprint(read_bytes(project.root, project.root / c.path))
        for c in selection.included
    }
    skeleton = render_template(
        lambda: render_edition(
            "review.md.j2",
            project,
            selection,
            plan.info,
            plan.labels,
            env,
            chapters_context,
            logo_name(project),
            edition_label=plan.labels.strings.get("review_edition"),
            fingerprints=prints,
            review_key=export_key(plan.info.commit or "", prints),
        )
    )
    return Composed(
        splice_bodies(
            read_markdown(staging, skeleton, plan.epoch),
            {ident: bodies[key] for ident, key in owners.items()},
        )
    )
