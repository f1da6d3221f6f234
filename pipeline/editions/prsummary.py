"""The comment on a pull request (`roledoc pr-summary --base REF`): in the document's language,
what the check found, and what the document will say differently, in words.

What changes comes from the comparison the changelog, the changes appendix and the redline
use (assemble/changes.py: a text changed when what a reader sees changed, not its Markdown),
so the comment cannot disagree with them. For a changed text, the runs of words that differ
are shown with the deleted words struck through and the inserted ones in bold (GitHub
Markdown), with a few unchanged words either side; at most RUNS runs per text. Every value
from the pull request (titles, words, paths) is written as literal text, never as markup.

The workflow that runs the pull request writes this comment as an artifact; another, which
runs nothing of the pull request, posts it (docs/redactie/pull-requests.md).
"""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from ..assemble.changes import Change, compare_projects
from ..assemble.readerview import ReaderComparison
from ..check.project import load_project
from ..check.validate import for_participant
from ..core.diagnostics import words
from ..core.messages import Message, _, text
from ..core.model import Contribution, Diagnostic, Project
from ..infra.gitinfo import GitError, changes_since_base, checkout_tree
from ..read.projectfiles import UnsafeFile, read_bytes
from .redline import diff_words
from .summary import status_word

MARKER = "<!-- roledoc-pr-summary -->"  # the posting workflow finds its comment by it
RUNS = 6  # changed runs of words shown per text
CONTEXT = 8  # unchanged words kept either side of a change
MOST_PROBLEMS = 30  # problems listed; the annotations on the lines show them all
DRAFT_BYTES = 200_000_000  # the most of a draft PDF read for its pages
# The comment's own words (constants: the catalogue's extractor does not read f-strings).
HEADING = _("What this pull request changes in the document")
DIFFERENTLY = _("What the document will say differently")
NO_PROBLEMS = _("Check: no problems.")
NO_PROBLEMS_HERE = _("Check: no problems in what this pull request changes.")
PLAIN = _("Plain language (B1), for the texts this pull request adds or changes: advice")


def pr_summary(root: Path, base: str, lang: str, draft: Path | None = None) -> str:
    """The comment for the pull request whose base is `base` (a branch or commit), in
    GitHub Markdown, in `lang`; with `draft`, the draft PDF of the pull request, the page
    each new or changed text starts on."""
    new = load_project(root, review_base=base)
    if draft is not None and draft.is_dir() and new.settings is not None:
        draft = draft / f"{new.settings.output}.pdf"  # the folder a draft build wrote
    try:
        with checkout_tree(root, base) as earlier:
            old = load_project(earlier)
            changes = compare_projects(old, new)
            reader = ReaderComparison(old, new)
            runs = {
                c.id: _changed_runs(reader, old, new, c.id) for c in changes if c.kind == "changed"
            }
    except GitError as exc:
        raise GitError(_("cannot read the base {base}: {reason}", base=base, reason=exc)) from None
    say = lambda message: text(message, lang)  # noqa: E731
    lines = [MARKER, f"### {say(HEADING)}", ""]
    found = for_participant(list(new.diagnostics))
    changed = changes_since_base(root, base)  # the participant's problems are in these files
    own = [d for d in found if changed is None or d.path in changed.paths]
    lines += _problems(own, len(found) - len(own), lang)
    lines += ["", f"#### {say(DIFFERENTLY)}", ""]
    if not changes:
        lines.append(say(_("Nothing a reader sees: the text of the document stays the same.")))
    statuses = {c.id: c.status for c in new.contributions}
    pages = _pages(root, draft, [c.title for c in changes if c.kind in ("added", "changed")])
    for change in changes:
        line = f"- {say(_describe(change, statuses.get(change.id, '-')))}"
        if change.kind in ("added", "changed") and change.title in pages:
            on_page = _("p. {page} in the draft PDF", page=pages[change.title])
            line += f" ({say(on_page)})"
        lines.append(line)
        for before, after in runs.get(change.id, []):
            lines.append(f"  > {marked(before, after)}")
    lines += _plain_language(new, changes, lang)
    lines += ["", say(_compared(base))]
    run = _run_link()
    if run:
        lines.append(say(_("The draft PDF and the redline against the base: {link}", link=run)))
    return "\n".join(lines) + "\n"


def _pages(root: Path, draft: Path | None, titles: Sequence[str]) -> dict[str, str]:
    """The page (as the PDF prints it) each title's bookmark leads to in the draft PDF: a
    bookmark reads "4.2 Title" (numbered) or "Title". Inside the project (build/, which a
    pull request can write to when the draft build did not run) the PDF is read through the
    one safe reader, at most DRAFT_BYTES; a PDF that cannot be read names no pages."""
    if draft is None or not titles:
        return {}
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        if draft.resolve().is_relative_to(root.resolve()):
            data = read_bytes(root, draft, DRAFT_BYTES)
        else:  # a file the editor named on the command line
            data = draft.read_bytes()
        reader = PdfReader(io.BytesIO(data))
        return _bookmark_pages(reader, set(titles))
    except (OSError, UnsafeFile, PyPdfError, ValueError, KeyError):
        return {}


def _bookmark_pages(reader: Any, wanted: set[str]) -> dict[str, str]:
    """Per wanted title, the page label its first bookmark leads to."""
    found: dict[str, str] = {}
    labels: list[str] = []  # the PDF's page labels, read once, when a title is found

    def walk(items: list, depth: int = 0) -> None:
        for item in items:
            if isinstance(item, list):
                if depth < 8:
                    walk(item, depth + 1)
                continue
            title = str(item.title).split(" ", 1)
            name = title[1] if len(title) == 2 and title[0][:1].isdigit() else str(item.title)
            if name in wanted and name not in found:
                index = reader.get_destination_page_number(item)
                if index is None:  # a bookmark that leads nowhere names no page
                    continue
                labels[:] = labels or reader.page_labels
                found[name] = labels[index] if index < len(labels) else str(index + 1)

    walk(reader.outline)
    return found


def _run_link() -> str | None:
    """The link to this workflow run, whose artifacts hold the draft and the redline."""
    server = os.environ.get("GITHUB_SERVER_URL", "https://github.com")
    repository, run = os.environ.get("GITHUB_REPOSITORY"), os.environ.get("GITHUB_RUN_ID")
    if not (repository and run and run.isdigit()):
        return None
    return f"{server}/{repository}/actions/runs/{run}#artifacts"


def _compared(base: str) -> Message:
    return _("Compared with {base}, as the changelog and the redline compare.", base=base)


def _plain_language(project: Project, changes: Sequence[Change], lang: str) -> list[str]:
    """The estimated reading level of each text the pull request adds or changes, with the
    advice for one above B1 (text/plainlanguage.py); nothing in a project not in Dutch."""
    from ..text.plainlanguage import advice, contribution_levels

    ids = {c.id for c in changes if c.kind in ("added", "changed")}
    texts = {c.path: c for c in project.contributions if c.id in ids}
    levels = contribution_levels(project, texts)
    if not levels:
        return []
    say = lambda message: text(message, lang)  # noqa: E731
    lines = ["", f"#### {say(PLAIN)}", ""]
    for path, estimate in levels.items():
        title = _literal(texts[path].title)
        level = _("{title}: estimated level {level}", title=title, level=estimate.level)
        lines.append(f"- {say(level)}")
        for line, said in advice(estimate)[1:]:
            where = f"{_line_link(path, line)}: " if line else ""
            lines.append(f"  - {where}{_literal(say(said))}")
    return lines


def _problems(found: Sequence[Diagnostic], elsewhere: int, lang: str) -> list[str]:
    """The problems in the files the pull request changes, linked to their lines; the
    number of those in files it leaves alone (the whole project's, a real project has many
    warnings), which `roledoc check` shows."""
    errors = sum(1 for d in found if d.is_error)
    warnings = len(found) - errors
    say = lambda message: text(message, lang)  # noqa: E731
    others = _(
        "{count} message(s) in files this pull request does not change: roledoc check shows them",
        count=elsewhere,
    )
    if not found:
        if not elsewhere:
            return [f"✅ {say(NO_PROBLEMS)}"]
        return [f"✅ {say(NO_PROBLEMS_HERE)}", "", f"- {say(others)}"]
    mark = "❌" if errors else "⚠️"
    head = say(
        _("Check: {errors} error(s), {warnings} warning(s).", errors=errors, warnings=warnings)
    )
    lines = [f"{mark} {head}", ""]
    for d in found[:MOST_PROBLEMS]:
        where = _line_link(d.path, d.line)
        lines.append(f"- {where}: {_literal(words(d, lang))}")
    if len(found) > MOST_PROBLEMS:
        more = say(_("and {count} more: see the annotations", count=len(found) - MOST_PROBLEMS))
        lines.append(f"- {more}")
    if elsewhere:
        lines.append(f"- {say(others)}")
    return lines


def _line_link(path: str, line: int) -> str:
    """`path:line`, linked to the line on GitHub when the workflow says where it is."""
    shown = f"`{path}:{line}`" if line else f"`{path}`"
    repository, commit = os.environ.get("GITHUB_REPOSITORY"), os.environ.get("ROLEDOC_PR_HEAD")
    if not (repository and commit) or ".." in path or path.startswith("/"):
        return shown
    anchor = f"#L{line}" if line else ""
    return f"[{shown}](https://github.com/{repository}/blob/{commit}/{path}{anchor})"


def _describe(change: Change, status: str) -> Message:
    title = _literal(change.title)
    if change.kind == "added":
        return _(
            "**New**: {title} ({section}; status {status})",
            title=title,
            section=_literal(change.section_title),
            status=status_word(status),
        )
    if change.kind == "status":
        return _(
            "**Status changed**: {title}: {before} → {after}",
            title=title,
            before=status_word(change.before or "-"),
            after=status_word(change.after or "-"),
        )
    if change.kind == "superseded":
        return _("**Replaced**: {title}, by {by}", title=title, by=_literal(change.after or "-"))
    if change.kind == "removed":
        return _("**Withdrawn**: {title}", title=title)
    if change.before and change.after:
        return _(
            "**Changed**: {title} (formerly titled {before})",
            title=title,
            before=_literal(change.before),
        )
    return _("**Changed**: {title}", title=title)


def _changed_runs(
    reader: ReaderComparison, old: Project, new: Project, ident: str
) -> list[tuple[str, str]]:
    """The runs of words that differ between the two versions of a text, as a reader
    reads them, each with a few unchanged words either side; at most RUNS."""
    was = _find(old, ident)
    now = _find(new, ident)
    if was is None or now is None:
        return []
    before = [run for run in reader.view(was, old) if not run.startswith(("<", "link ", "image "))]
    after = [run for run in reader.view(now, new) if not run.startswith(("<", "link ", "image "))]
    runs: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, before, after, False).get_opcodes():
        if op == "equal":
            continue
        runs.append((" ".join(before[i1:i2]), " ".join(after[j1:j2])))
        if len(runs) == RUNS:
            break
    return runs


def _find(project: Project, ident: str) -> Contribution | None:
    return next((c for c in project.contributions if c.id == ident), None)


def marked(before: str, after: str) -> str:
    """`before` → `after` as one line of GitHub Markdown: deleted words struck through,
    inserted ones in bold, at most CONTEXT unchanged words either side of a change."""
    parts = diff_words(before, after)
    shown: list[str] = []
    for index, (kind, words_) in enumerate(parts):
        if kind == "equal":
            tokens = words_.split()
            first, last = index == 0, index == len(parts) - 1
            if first and len(tokens) > CONTEXT:
                words_ = "… " + " ".join(tokens[-CONTEXT:]) + " "
            elif last and len(tokens) > CONTEXT:
                words_ = " " + " ".join(tokens[:CONTEXT]) + " …"
            elif len(tokens) > 2 * CONTEXT:
                words_ = f" {' '.join(tokens[:CONTEXT])} … {' '.join(tokens[-CONTEXT:])} "
            shown.append(_literal(words_))
        elif words_.strip():
            fence = "~~" if kind == "deletion" else "**"
            lead = " " if words_[:1].isspace() else ""
            trail = " " if words_[-1:].isspace() else ""
            shown.append(f"{lead}{fence}{_literal(words_.strip())}{fence}{trail}")
            if kind == "deletion" and index + 1 < len(parts) and parts[index + 1][0] == "insertion":
                shown.append(" ")
    return " ".join("".join(shown).split())


def _literal(value: str) -> str:
    """A value from the pull request as literal text in GitHub Markdown, mid-line: no markup,
    no HTML, no mention that notifies anyone, on one line (white space at either end kept as
    one space, so words do not run together)."""
    lead = " " if value[:1].isspace() else ""
    trail = " " if value[-1:].isspace() else ""
    value = " ".join(value.split())
    for char in "\\`*_[]<>|~@":
        value = value.replace(char, "\\" + char)
    return f"{lead}{value}{trail}" if value else lead
