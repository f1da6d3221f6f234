"""What a review import tells the editors: a folder of notes per import (one page per
contribution, and one for what belongs to no contribution) and the summary it prints. Every
line in the project's language; every value from the reviewed file (authors, comments, the
reviewer's words) escaped, so it is read as text, never as Markdown."""

from __future__ import annotations

import re
from pathlib import Path

from ..core.errors import RoledocError
from ..core.messages import Message, _, text
from ..core.paths import OUTPUT_FOLDER, REVIEW_NOTES
from ..read.projectfiles import UnsafeFile, folder, write_text
from .outcomes import Change, Elsewhere, Outcome, ReviewImport, Thread
from .typed import escape_typed

COMMENTS = _("Comments")  # a constant: the catalogue's extractor does not read f-strings


def write_notes(
    root: Path,
    label: str,
    reviewer: str,
    outcomes: list[Outcome],
    elsewhere: list[Elsewhere],
    lang: str,
) -> Path | None:
    """build/review/<reviewer>-<date>[-n]/: <id>.md per contribution with something for the
    editors, overig.md (others.md) for the rest. A folder of its own per import: a second
    file from the same reviewer never overwrites the first's notes. None when nothing."""
    pages = {o.id: _page(o, reviewer, lang) for o in outcomes if _worth_a_page(o)}
    if elsewhere:
        pages[text(_("others"), lang)] = _elsewhere_page(elsewhere, reviewer, lang)
    if not pages:
        return None
    base = notes_folder(root)
    made, number = base / label, 2
    while made.exists() or made.is_symlink():
        made, number = base / f"{label}-{number}", number + 1
    for name, page in pages.items():
        write_text(root, made / f"{name}.md", page, new=True)
    write_text(
        root, made / PULL_REQUEST, pull_request_body(pages, reviewer, outcomes, lang), new=True
    )
    return made


PULL_REQUEST = "pull-request.md"  # `gh pr create --body-file` takes it as it is


def pull_request_body(
    pages: dict[str, str], reviewer: str, outcomes: list[Outcome], lang: str
) -> str:
    """The body of a pull request for the review branch: how much was applied and listed,
    then every note page, its headings a level down under the pull request's own."""
    say = lambda message: text(message, lang)  # noqa: E731
    counts = _(
        "{applied} change(s) applied, {listed} listed but not applied, {comments} comment(s)",
        applied=sum(len(o.applied) for o in outcomes),
        listed=sum(len(o.not_placed) + len(o.untracked) + len(o.conflicts) for o in outcomes),
        comments=sum(len(o.comments) for o in outcomes),
    )
    heading = _("Review by {reviewer}", reviewer=_literal(reviewer))
    lines = [f"## {say(heading)}", ""]
    lines += [say(counts), ""]
    for page in pages.values():
        for line in page.splitlines():
            lines.append(f"##{line}" if line.startswith("#") else line)
        lines.append("")
    return "\n".join(lines)


def notes_folder(root: Path) -> Path:
    """build/review/, made where needed; refused when a part of it is a link (a pull request
    can commit one) or not a folder."""
    try:
        return folder(root, root / OUTPUT_FOLDER / REVIEW_NOTES)
    except UnsafeFile as exc:
        raise RoledocError(
            _("cannot write the review notes: {path} is a link or not a folder", path=exc.name)
        ) from None


def _worth_a_page(outcome: Outcome) -> bool:
    return bool(
        outcome.applied
        or outcome.not_placed
        or outcome.untracked
        or outcome.conflicts
        or outcome.comments
    )


def _page(outcome: Outcome, reviewer: str, lang: str) -> str:
    say = lambda message: text(message, lang)  # noqa: E731
    lines = [
        "# "
        + say(
            _(
                "Review by {reviewer}: {title}",
                reviewer=_literal(reviewer),
                title=_literal(outcome.title),
            )
        ),
        "",
        say(_("Source: {path}", path=outcome.path)),
        "",
    ]
    sections: tuple[tuple[Message, list[Change]], ...] = (
        (_("Applied on the review branch"), outcome.applied),
        (
            _("Not placed: make these changes by hand, or leave them; nothing of them was applied"),
            outcome.not_placed,
        ),
        (
            _(
                "Changed without Track Changes: not applied (import with --accept-untracked "
                "to apply them)"
            ),
            outcome.untracked,
        ),
        (
            _("Conflict: the contribution changed since the export; nothing of these was applied"),
            outcome.conflicts,
        ),
    )
    for title, changes in sections:
        if not changes:
            continue
        lines += [f"## {say(title)} ({len(changes)})", ""]
        for change in changes:
            lines.append(f"- {_quoted(change.old)} → {_quoted(change.new)}")
            details = []
            if change.author:
                details.append(_literal(change.author))
            if change.reason is not None:
                details.append(say(change.reason))
            if details:
                lines.append(f"  ({'; '.join(details)})")
            if change.context and change.reason is not None:
                lines.append(
                    "  " + say(_("The reviewer's text: {text}", text=_quoted(change.context)))
                )
        lines.append("")
    if outcome.comments:
        lines += [f"## {say(COMMENTS)} ({len(outcome.comments)})", ""]
        for thread in outcome.comments:
            lines += _thread(thread, say)
    return "\n".join(lines)


def _thread(thread: Thread, say) -> list[str]:
    where = say(_("line {line}", line=thread.line)) if thread.line else say(_("line unknown"))
    state = say(_("resolved")) if thread.done else ""
    title = " · ".join(
        part for part in (where, _literal(thread.author), _day(thread.date), state) if part
    )
    lines = [f"### {title}", ""]
    if thread.quote:
        lines += [f"> {_literal(thread.quote)}", ""]
    lines += [_literal(thread.text), ""]
    for reply in thread.replies:
        said = say(_("Reply from {author}", author=_literal(reply.author)))
        day = _day(reply.date)
        lines += [f"- {said}{' (' + day + ')' if day else ''}: {_literal(reply.text)}"]
    if thread.replies:
        lines.append("")
    return lines


def _elsewhere_page(items: list[Elsewhere], reviewer: str, lang: str) -> str:
    say = lambda message: text(message, lang)  # noqa: E731
    lines = [
        "# "
        + say(_("Review by {reviewer}: outside the contributions", reviewer=_literal(reviewer))),
        "",
        say(
            _(
                "Not applied: the title page, the editors' texts, bylines and titles are the "
                "editors' to change."
            )
        ),
        "",
    ]
    said = say(_("comment"))
    for item in items:
        if item.comment is not None:
            thread = item.comment
            lines.append(
                f"- {say(item.where)}: {said} ({_literal(thread.author)}): {_literal(thread.text)}"
                + (f" — {_quoted(thread.quote)}" if thread.quote else "")
            )
            for reply in thread.replies:
                lines.append(
                    "  - "
                    + say(_("Reply from {author}", author=_literal(reply.author)))
                    + f": {_literal(reply.text)}"
                )
        else:
            lines.append(f"- {say(item.where)}: {_quoted(item.old)} → {_quoted(item.new)}")
    return "\n".join([*lines, ""])


def _literal(value: str) -> str:
    """A value from the reviewed file, as text: Markdown marks escaped, on one line."""
    return escape_typed(" ".join(value.split()))


def _quoted(words: str) -> str:
    return f"“{_literal(words)}”" if words.strip() else "∅"


def _day(date: str) -> str:
    return date[:10] if re.match(r"[1-9]\d{3}-\d\d-\d\d", date) else ""


def format_review(done: ReviewImport, root: Path, lang: str) -> str:
    """What `review import` did, per contribution, in `lang`."""
    say = lambda message: text(message, lang)  # noqa: E731
    lines = [say(_("Review by {reviewer}:", reviewer=done.reviewer))]
    if done.found_by == "reference":
        lines.append(
            "  "
            + say(
                _(
                    "the file had lost its properties (as Google Docs does); it was recognised "
                    "by the reference on its title page"
                )
            )
        )
    if not done.recorded:
        lines.append(
            "  "
            + say(
                _(
                    "roledoc kept no copy of this export (was it made on another computer?), "
                    "so only the file itself says which {count} contribution(s) it covers: "
                    "check in the pull request that no other contribution changes",
                    count=len(done.outcomes),
                )
            )
        )
    touched = [o for o in done.outcomes if _worth_a_page(o)]
    for outcome in touched:
        counts = _(
            "{applied} change(s) applied, {missing} not placed, {untracked} without Track "
            "Changes, {conflicts} conflict(s), {comments} comment(s)",
            applied=len(outcome.applied),
            missing=len(outcome.not_placed),
            untracked=len(outcome.untracked),
            conflicts=len(outcome.conflicts),
            comments=len(outcome.comments),
        )
        lines.append(f"  {outcome.path}: {say(counts)}")
    if not touched:
        lines.append("  " + say(_("no changes and no comments in the contributions")))
    if done.elsewhere:
        lines.append(
            "  "
            + say(_("outside the contributions (not applied): {count}", count=len(done.elsewhere)))
        )
    if done.branch:
        commits = sum(len(o.commits) for o in done.outcomes)
        lines.append(
            say(
                _(
                    "Branch {branch}: {count} commit(s), one per contribution and author. Open "
                    "a pull request from it to accept or reject each contribution's changes.",
                    branch=done.branch,
                    count=commits,
                )
            )
        )
    if done.notes is not None:
        where = done.notes.relative_to(root) if done.notes.is_relative_to(root) else done.notes
        lines.append(say(_("Comments and details: {path}", path=where)))
        if done.branch:
            body = where / PULL_REQUEST
            lines.append(
                say(
                    _(
                        "The pull request, with these notes as its text: gh pr create --head "
                        "{branch} --body-file {body}",
                        branch=done.branch,
                        body=body,
                    )
                )
            )
    return "\n".join(lines)
