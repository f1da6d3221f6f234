"""Editions made from the document: the short edition for administrators (`roledoc summary`)
and the redline of what changed since an earlier edition (`roledoc redline`).

Both are builds like the full document's, with their own template and output names
(`<output>-summary.*`, `<output>-changes.*`). Each edition prepares what it needs beyond the
project while the build plans (the redline: the earlier edition's files and project), and
then only composes its Markdown when the build renders.
"""

from __future__ import annotations

import json
import re
from contextlib import ExitStack
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from ..assemble.assemble import (
    BuildInfo,
    Selection,
    byline,
    chapter_context,
    escape_markup,
    render_edition,
    select_contributions,
    template_environment,
)
from ..assemble.changes import edition_not_found
from ..assemble.readerview import ReaderComparison
from ..check.project import load_project
from ..check.publication import find_superseders
from ..core.messages import Message
from ..core.model import Project
from ..formats.render import api_version, convert_texts
from ..infra.cache import Cache
from ..infra.gitinfo import GitError, UnsafeTree, checkout_tree
from ..publish.compose import body_writer, logo_name, normalise_selection, render_template
from ..publish.plan import Edition, Plan
from ..read.register import resolve_revision
from .redline import Marker, diff_words


def compose_summary(plan: Plan, staging: Path, cache: Cache) -> str:
    env = template_environment(plan.templates.jinja_loader())
    chapters = chapter_context(plan.project, plan.selection, plan.labels)
    return render_template(
        lambda: render_edition(
            "summary.md.j2",
            plan.project,
            plan.selection,
            plan.info,
            plan.labels,
            env,
            chapters,
            logo_name(plan.project),
            edition_label=plan.labels.strings.get("summary_edition"),
        )
    )


SUMMARY = Edition(name="summary", suffix="-summary", compose=compose_summary, defaults="summary")


def marked_title(old: str | None, new: str, marker: Marker) -> str:
    """A title as Markdown, with changed words in insertion and deletion spans."""
    if old is None:
        return _span_markdown("insertion", new, marker)
    parts = []
    for kind, text in diff_words(old, new):
        escaped = escape_markup(text)
        parts.append(escaped if kind == "equal" else _span_markdown(kind, text, marker))
    return "".join(parts)


def _span_markdown(kind: str, text: str, marker: Marker) -> str:
    author, date = (value for _, value in marker.attributes)
    return f'[{escape_markup(text)}]{{.{kind} author="{author}" date="{date}"}}'


@dataclass(frozen=True)
class Earlier:
    """The edition a redline compares with: its name and its project, as git holds it."""

    since: str
    project: Project
    selection: Selection


def prepare_redline(
    plan: Plan, resources: ExitStack, warnings: list[Message | str], since: str
) -> Earlier:
    """The redline's prepare step, while the build plans: the earlier edition's files,
    checked out for as long as the build runs (its images are staged from there), and its
    project."""
    project = plan.project
    revision = resolve_revision(project.releases, since)
    try:
        folder = resources.enter_context(checkout_tree(project.root, revision))
    except UnsafeTree:
        raise
    except GitError:
        raise GitError(edition_not_found(since, project)) from None
    old = load_project(folder)
    return Earlier(since, old, select_contributions(old))


def compose_redline(plan: Plan, staging: Path, cache: Cache) -> str:
    """The current published edition with every change since the earlier edition marked."""
    project, labels = plan.project, plan.labels
    earlier = plan.context
    assert isinstance(earlier, Earlier)
    since, old, old_selection = earlier.since, earlier.project, earlier.selection
    anchors = {s.slug for s in (*project.sections, *old.sections)}
    anchors |= {c.id for c in (*plan.selection.included, *old_selection.included)}
    new_bodies = normalise_selection(
        project, plan.selection, staging, plan.epoch, cache, plan.jobs, anchors
    )
    old_bodies = normalise_selection(
        old, old_selection, staging, plan.epoch, cache, plan.jobs, anchors
    )
    writer = body_writer(staging)
    trees = {f"new:{k}": json.loads(v) for k, v in new_bodies.items()}
    trees |= {f"old:{k}": json.loads(v) for k, v in old_bodies.items()}
    api = api_version()
    shown = shown_version(plan.info, labels.strings)
    author = labels.strings["redline_author"].format(
        organisation=project.settings.organisation if project.settings else "",
        since=since,
        shown=shown,
    )
    marker = Marker(author, f"{plan.info.date_iso}T00:00:00Z")
    old_sections = {s.slug: s for s in old.sections}
    old_published = {c.id: c for c in old_selection.included}
    old_any = {c.id: c for c in old.contributions}
    superseded = find_superseders(project.contributions)
    still_published = {c.id for c in plan.selection.included}
    marked: dict[str, list] = {}
    reader = ReaderComparison(old, project)
    chapters, counts = [], []
    placed: set[str] = set()
    for section, contributions in plan.selection.chapters:
        key = f"section:{section.slug}"
        new_tree = trees.get(f"new:{section.slug}", [])
        if section.slug in old_sections:
            marked[key] = marker.diff_blocks(trees.get(f"old:{section.slug}", []), new_tree)
            old_title = old_sections[section.slug].title
        else:
            marked[key] = marker.blocks("insertion", new_tree)
            old_title = None
        row: dict[str, Any] = {
            "title": section.title,
            "added": 0,
            "changed": 0,
            "removed": 0,
            "unchanged": 0,
        }
        entries = []
        for c in contributions:
            was = old_published.get(c.id)
            new_tree = trees[f"new:{c.id}"]
            if was is None:
                marked[c.id] = marker.blocks("insertion", new_tree)
                change, row["added"] = "added", row["added"] + 1
                before = old_any.get(c.id)
                note = (
                    labels.strings["status_changed"].format(
                        before=labels.status(before.status), after=labels.status(c.status)
                    )
                    if before is not None and before.status != c.status
                    else None
                )
                title = marked_title(None, c.title, marker)
            else:
                # A text is changed when a reader sees it changed (as the changes appendix and
                # `roledoc changelog` say): then its marks show where.
                same = reader.same(was, c)
                marked[c.id] = (
                    new_tree if same else marker.diff_blocks(trees[f"old:{c.id}"], new_tree)
                )
                change = "unchanged" if same else "changed"
                row[change] += 1
                note = None
                title = marked_title(was.title, c.title, marker)
            placed.add(c.id)
            entries.append((c, change, note, title))
        removed = [
            c
            for c in old_selection.included
            if c.id not in still_published
            and (home := old.section_for_theme(c.theme)) is not None
            and home.slug == section.slug
        ]
        for c in removed:
            marked[c.id] = marker.blocks("deletion", trees[f"old:{c.id}"])
            row["removed"] += 1
            placed.add(c.id)
            reason = (
                labels.strings["removed_superseded"].format(by=superseded[c.id])
                if c.id in superseded
                else labels.strings["removed_file"]
                if c.id not in {x.id for x in project.contributions}
                else labels.status(next(x.status for x in project.contributions if x.id == c.id))
            )
            note = labels.strings["removed_note"].format(reason=reason)
            entries.append((c, "removed", note, marked_title(c.title, "", marker) or c.title))
        chapters.append((section, old_title, entries))
        counts.append(row)
    markdown = convert_texts(
        {
            key: json.dumps({"pandoc-api-version": api, "meta": {}, "blocks": blocks})
            for key, blocks in marked.items()
        },
        "json",
        writer,
        staging,
        plan.epoch,
    )
    env = template_environment(plan.templates.jinja_loader())
    context: list[dict[str, object]] = []
    for section, old_title, entries in chapters:
        context.append(
            {
                "title": section.title,
                "title_marked": marked_title(old_title, section.title, marker)
                if old_title is not None
                else escape_markup(section.title),
                "slug": section.slug,
                "body": markdown.get(f"section:{section.slug}", "").strip("\n"),
                "contributions": [
                    {
                        "id": c.id,
                        "title_marked": title,
                        "change": change,
                        "note": note,
                        "byline": byline(c, {**old.participants, **project.participants}, labels),
                        "body": markdown[c.id].strip("\n"),
                    }
                    for c, change, note, title in entries
                ],
            }
        )
    return render_template(
        lambda: render_edition(
            "changes.md.j2",
            project,
            plan.selection,
            plan.info,
            labels,
            env,
            context,
            logo_name(project),
            since=since,
            shown=shown,
            counts=counts,
            edition_label=labels.strings.get("changes_edition"),
        )
    )


# A version that git describe gives as a tag of its own, not a commit: v1.1, 2.0.
EDITION_TAG = re.compile(r"v?\d+(?:\.\d+)+")


def shown_version(info: BuildInfo, words: dict) -> str:
    """What a redline shows, in words: "editie 1.2", "het concept na editie 1.1", never a
    commit."""
    if info.edition:
        return str(words["shown_edition"]).format(edition=info.edition)
    if EDITION_TAG.fullmatch(info.version):  # a project whose editions are git tags (v1.1)
        return str(words["shown_edition"]).format(edition=info.version)
    if info.after:
        return str(words["shown_draft_after"]).format(edition=info.after)
    return str(words["shown_draft"])


def changes_edition(since: str) -> Edition:
    """The redline since edition `since` (`roledoc redline`): the edition named "changes",
    whose outputs are `<output>-changes.*`."""
    return Edition(
        name="changes",
        suffix="-changes",
        compose=compose_redline,
        defaults="changes",
        key=since,
        prepare=partial(prepare_redline, since=since),
    )
