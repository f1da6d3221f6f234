"""What changed between two editions: per section, contributions added, changed, removed,
re-statused and superseded.

Comparing is pure (two loaded projects in, a list of changes out); a text changed when a reader
sees it changed (`readerview`), as the redline asks too. `changelog_since` loads the
earlier edition from git through `gitinfo`, and the formatters write text, JSON or Markdown.
The same comparison feeds `roledoc changelog` and the document's changes appendix.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from ..check.project import load_project
from ..check.publication import find_superseders
from ..core.messages import Message, _, one_line, text
from ..core.model import Contribution, Project
from ..infra.gitinfo import GitError, UnsafeTree, checkout_tree, latest_tag
from ..read.register import NONE, PREVIOUS, find_release, latest_edition, resolve_revision
from .assemble import escape_markdown, select_contributions
from .readerview import ReaderComparison

KINDS = ("added", "changed", "status", "superseded", "removed")
# The earlier edition a comparison read from git, kept in this process by its commit (an
# edition never changes): `roledoc watch` rebuilds on every save, and reading the edition
# from git and parsing its texts again took most of its time to a preview.
_EARLIER: dict[tuple[str, str], tuple[Project, dict[str, tuple[str, ...]]]] = {}
_COMMIT = re.compile(r"[0-9a-f]{40}")
# An edition, tag or revision that no Markdown reader takes for markup (v1.0, 1.1, v1.0^).
PLAIN_REVISION = re.compile(r"[A-Za-z0-9][A-Za-z0-9.^/-]*")


@dataclass(frozen=True)
class Change:
    kind: str  # one of KINDS
    id: str
    title: str
    authors: tuple[str, ...]  # names, as the participants file gives them
    section: str  # section key, e.g. "04-grenzen"
    section_title: str
    before: str | None = None  # old status, old title, or what was there before
    after: str | None = None  # new status, new title, or the superseding id


@dataclass(frozen=True)
class Changelog:
    since: str
    changes: tuple[Change, ...]

    def by_section(self) -> list[tuple[str, str, list[Change]]]:
        groups: dict[str, tuple[str, list[Change]]] = {}
        for change in self.changes:
            groups.setdefault(change.section, (change.section_title, []))[1].append(change)
        return [(key, title, items) for key, (title, items) in sorted(groups.items())]

    def count(self, section: str | None = None) -> int:
        return sum(1 for c in self.changes if section is None or c.section == section)


def _names(contribution: Contribution, project: Project) -> tuple[str, ...]:
    return tuple(
        project.participants[a].name if a in project.participants else a
        for a in contribution.authors
    )


def _where(contribution: Contribution, project: Project) -> tuple[str, str]:
    section = project.section_for_theme(contribution.theme)
    return (section.key, section.title) if section else (contribution.theme, contribution.theme)


def compare_projects(
    old: Project,
    new: Project,
    published: bool = False,
    old_views: dict[str, tuple[str, ...]] | None = None,
) -> list[Change]:
    """Changes from `old` to `new`. With `published`, only what a reader of the published
    document sees: contributions that entered or left it, and changed published ones;
    `old_views` are the old texts as a reader sees them, when made before (`_EARLIER`)."""
    if published:
        old_set = {c.id for c in select_contributions(old).included}
        new_set = {c.id for c in select_contributions(new).included}
        before = {c.id: c for c in old.contributions if c.id in old_set}
        after = {c.id: c for c in new.contributions if c.id in new_set}
    else:
        before = {c.id: c for c in old.contributions}
        after = {c.id: c for c in new.contributions}
    old_superseded = find_superseders(old.contributions)
    new_superseded = find_superseders(new.contributions)
    changes: list[Change] = []
    reader = ReaderComparison(old, new, old_views)

    def change(kind: str, c: Contribution, project: Project, b=None, a=None) -> None:
        key, title = _where(c, project)
        changes.append(Change(kind, c.id, c.title, _names(c, project), key, title, b, a))

    for ident, now in after.items():
        was = before.get(ident)
        if was is None:
            change("added", now, new)
            continue
        if was.status != now.status and not published:
            change("status", now, new, was.status, now.status)
        if not reader.same(was, now):
            what = "title" if was.title != now.title else None
            change("changed", now, new, was.title if what else None, now.title if what else None)
    for ident, was in before.items():
        if ident in after:
            continue
        replaced = new_superseded.get(ident)
        if replaced and ident not in old_superseded:
            change("superseded", was, old, None, replaced)
        else:
            gone = next((c for c in new.contributions if c.id == ident), None)
            change("removed", was, old, was.status, gone.status if gone else None)
    if not published:
        for ident, by in new_superseded.items():
            if ident not in old_superseded and ident in after:
                change("superseded", after[ident], new, None, by)
    order = {kind: index for index, kind in enumerate(KINDS)}
    return sorted(changes, key=lambda c: (c.section, order[c.kind], c.id))


def changelog_since(
    root: Path, since: str | None, published: bool = False, current: Project | None = None
) -> Changelog:
    """The changes from edition `since` (an edition name, a tag or a commit; default: the
    latest edition in editions.yaml, else the latest tag) to the working tree;
    `current` is the working tree's project when the caller has loaded it already."""
    new = current or load_project(root)
    name = since or latest_edition(new.releases) or latest_tag(root)
    revision = resolve_revision(new.releases, name)
    kept = _EARLIER.get((str(root), revision)) if _COMMIT.fullmatch(revision) else None
    if kept is not None:
        old, views = kept
        return Changelog(name, tuple(compare_projects(old, new, published, views)))
    try:
        with checkout_tree(root, revision) as earlier:
            # compared while the checkout is there: its pictures are compared by their bytes
            old = load_project(earlier)
            views = ReaderComparison(old, old).remember_old()
            if _COMMIT.fullmatch(revision):
                if len(_EARLIER) >= 4:  # the oldest out: a few editions at most
                    del _EARLIER[next(iter(_EARLIER))]
                _EARLIER[(str(root), revision)] = (old, views)
            return Changelog(name, tuple(compare_projects(old, new, published, views)))
    except UnsafeTree:
        raise
    except GitError:
        raise GitError(edition_not_found(name, new)) from None


def changes_appendix(
    project: Project, previous: str | None, warnings: list[Message | str]
) -> Changelog | None:
    """The full document's changes appendix: what readers saw change since the edition
    document.yaml names (`changelog:`), by default the `previous` edition; None when there is
    none or `changelog: none`. When git cannot give that edition (no git, a shallow clone),
    the appendix is left out with a warning."""
    since = appendix_since(project, previous)
    if not since:
        return None
    try:
        return changelog_since(project.root, since, True, project)
    except GitError as exc:
        warnings.append(_("the changes appendix is left out: {reason}", reason=exc.message))
        return None


def appendix_since(project: Project, previous: str | None) -> str | None:
    """The edition the changes appendix compares with: the one `changelog:` names, or
    `previous` when it names none (or says `previous`); None for `changelog: none`."""
    named = project.settings.changelog if project.settings is not None else None
    if named is None or named == PREVIOUS:
        return previous
    return None if named == NONE else named


def edition_not_found(name: str, project: Project) -> Message:
    """Which edition could not be found, and why."""
    if find_release(project.releases, name) is not None:
        why = _(
            "its commit is not in this clone's history (a shallow clone? git fetch --unshallow)"
        )
    else:
        why = _("it is not in editions.yaml and git knows no tag or commit of that name")
    known = ", ".join(r.edition for r in project.releases) or "-"
    return _(
        "edition '{name}' cannot be compared with: {why}. Editions in editions.yaml: {known}",
        name=name,
        why=why,
        known=known,
    )


def _describe(change: Change, literal: Callable[[str], str] = one_line) -> Message:
    """The change in words; `literal` makes each value from the files literal where it is
    shown: one line in text, escaped Markdown in Markdown."""
    fields = {
        "title": literal(change.title),
        "id": literal(change.id),
        "authors": literal(", ".join(change.authors)),
    }
    before = literal(change.before) if change.before else change.before
    after = literal(change.after) if change.after else change.after
    if change.kind == "added":
        return _("added: {title} ({id}; {authors})", **fields)
    if change.kind == "status":
        return _(
            "status changed: {title} ({id}; {authors}): {before} -> {after}",
            before=before,
            after=after,
            **fields,
        )
    if change.kind == "superseded":
        return _("superseded: {title} ({id}; {authors}): by {by}", by=after, **fields)
    if change.kind == "changed" and change.before:
        return _(
            "changed: {title} ({id}; {authors}): title was '{before}'",
            before=before,
            **fields,
        )
    if change.kind == "changed":
        return _("changed: {title} ({id}; {authors})", **fields)
    if change.after:
        return _("removed: {title} ({id}; {authors}): now {status}", status=after, **fields)
    return _("removed: {title} ({id}; {authors})", **fields)


def format_text(log: Changelog, lang: str = "en") -> str:
    """The changes for people: one line each, whatever a title holds."""
    if not log.changes:
        return text(_("No changes since {since}.", since=log.since), lang)
    lines = [
        text(_("Changes since {since}: {count}", since=log.since, count=len(log.changes)), lang)
    ]
    for key, title, items in log.by_section():
        lines.append(f"\n{one_line(key)}  {one_line(title)}")
        lines.extend(f"  {text(_describe(c), lang)}" for c in items)
    return "\n".join(lines)


def format_markdown(log: Changelog, lang: str = "en") -> str:
    """The changes as Markdown (a release's notes): every value from the files is escaped as
    in the documents, so a title's links, emphasis or HTML show as the characters they are."""
    since = log.since if PLAIN_REVISION.fullmatch(log.since) else escape_markdown(log.since)
    lines = [text(_("# Changes since {since}", since=since), lang), ""]
    if not log.changes:
        return "\n".join([*lines, text(_("No changes."), lang)])
    for _key, title, items in log.by_section():
        lines += [f"## {escape_markdown(title)}", ""]
        lines += [f"- {text(_describe(c, escape_markdown), lang)}" for c in items]
        lines.append("")
    return "\n".join(lines)


def format_json(log: Changelog) -> str:
    data = {"since": log.since, "changes": [asdict(c) for c in log.changes]}
    return json.dumps(data, ensure_ascii=False, indent=2)
