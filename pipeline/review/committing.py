"""The result checked and committed: `check` runs on the new sources (a contribution it would
refuse is not applied at all), and the review branch gets one commit per contribution and
author, each revision's author the author of the commit that applies it."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..core import diagnostics
from ..core.messages import _
from ..read.projectfiles import write_bytes
from .describing import shorten
from .edits import apply_edits, renumber
from .outcomes import Outcome
from .verifying import compare

if TYPE_CHECKING:
    from .importstate import ContributionState, Import


def check(work: Import) -> None:
    """`check` on the result: a contribution whose new source check would refuse is not
    applied at all."""
    changed = {i: c for i, c in work.items.items() if c.text is not None}
    if not changed:
        return
    from ..check.project import load_project

    for item in work.items.values():  # the checkout as HEAD, with the new sources
        path = work.tree / work.outcomes[item.ident].path
        data = _encode(item.text if item.text is not None else item.current, item)
        write_bytes(work.tree, path, data)  # follows no link HEAD may hold
    # Prose checks only warn: the new files' verdict does without them.
    project = load_project(work.tree, quiet=frozenset(o.path for o in work.outcomes.values()))
    for ident, item in changed.items():
        outcome = work.outcomes[ident]
        errors = [d for d in project.diagnostics if d.is_error and d.path == outcome.path]
        if not errors:
            continue
        problem = diagnostics.words(errors[0], "en")
        reason = _("check would refuse the result: {problem}", problem=problem)
        for change in outcome.applied:
            change.reason = reason
        outcome.not_placed += outcome.applied
        outcome.applied = []
        item.text = None


def review_commits(work: Import) -> list[tuple[str, dict[str, str], str]]:
    """One commit per contribution and author: each revision's author is the author of
    the commit that applies it."""
    made = []
    for item in work.items.values():
        if item.text is None:
            continue
        outcome = work.outcomes[item.ident]
        authors: list[str] = []
        for index in sorted(item.edits, key=lambda i: item.units[i].first):
            author = item.units[index].author or work.reviewer
            if author not in authors:
                authors.append(author)
        steps = _steps(work, item, authors) if len(authors) > 1 else None
        if steps is None:  # one author, or the steps do not each read right: one commit
            made.append(
                _commit(
                    work,
                    outcome,
                    authors[0] if authors else work.reviewer,
                    item.text,
                    item,
                    authors[1:],
                )
            )
            continue
        for author, text in steps:
            made.append(_commit(work, outcome, author, text, item))
    return made


def _steps(
    work: Import, item: ContributionState, authors: list[str]
) -> list[tuple[str, str]] | None:
    """The source after each author's changes, in the file's order, each checked by
    rendering like the whole; None when one of them does not read right (or the source
    changed since the export, when the steps would need merging one by one)."""
    if item.exported != item.current:
        return None
    steps = []
    for count in range(1, len(authors) + 1):
        chosen = set(authors[:count])
        units = {i for i in item.edits if (item.units[i].author or work.reviewer) in chosen}
        edits = [e for i in sorted(units) for e in renumber(item.edits[i], i)]
        steps.append((authors[count - 1], units, apply_edits(item.exported or "", edits)))
    for _author, units, text in steps[:-1]:
        rendered, regions, unreadable = work.render({item.ident: text})
        if item.ident in unreadable or item.ident not in regions:
            return None
        if compare(work, item, rendered, regions[item.ident], units):
            return None
    return [(author, text) for author, _units, text in steps]


def _commit(
    work: Import,
    outcome: Outcome,
    author: str,
    text: str,
    item: ContributionState,
    others: list[str] = (),  # type: ignore[assignment]
):
    from ..core.messages import text as words

    outcome.commits.append((author, text))
    changes = [c for c in outcome.applied if c.author == author] or outcome.applied
    said = _("Review by {reviewer}: {title}", reviewer=author, title=outcome.title)
    lines = [f"{words(said, work.lang)} ({outcome.path})", ""]
    for change in changes[:40]:
        lines.append(f"- {shorten(change.old, 200) or '∅'} → {shorten(change.new, 200) or '∅'}")
    if author != work.reviewer:
        lines += ["", words(_("Sent in by {reviewer}.", reviewer=work.reviewer), work.lang)]
    if others:
        lines += [""] + [f"Co-authored-by: {_person(name)} <>" for name in others]
    return (author, {outcome.path: _encode_text(text, item)}, "\n".join(lines))


def _person(name: str) -> str:
    """A revision's author as git may record it: one line, no address marks, not too long."""
    return shorten(re.sub(r"[<>]", "", name), 100)


def _encode(text: str, item: ContributionState) -> bytes:
    return _encode_text(text, item).encode("utf-8")


def _encode_text(text: str, item: ContributionState) -> str:
    """A new source with the file's own line ends and byte-order mark."""
    if item.crlf:
        text = text.replace("\n", "\r\n")
    return ("\ufeff" if item.bom else "") + text
