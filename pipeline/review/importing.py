"""`roledoc review import`: a reviewer's Word file back into the contributions, exactly or
listed.

1. The file is read from its XML (wordxml) and split into regions (regions): the title page,
   each chapter's editors' text, each contribution (found by the bookmark on its title).
2. Which sources it was made from (provenance): its properties, or else the reference on its
   title page (export.py). Each contribution's exported version is found in git by its
   fingerprint; when the contribution changed since, that older version is the base of a
   three-way merge (merging).
3. The exported sources are rendered as the export renders them (rendering) and paired,
   paragraph by paragraph and character by character, with the file as exported (every
   revision rejected) (pairing). A paragraph that differs was edited without Track Changes:
   listed, or applied with --accept-untracked (untracked).
4. Each unit of revisions is placed where the file says it was made (placing). Then every new
   source is rendered again and compared with the reviewer's text with exactly the placed
   units accepted (rounds, verifying). A unit whose paragraphs do not read as the reviewer
   left them is taken back and listed as not placed, and the rest is tried again: what lands
   is exact by construction. Last, `check` runs on the result (committing).
5. The review branch gets one commit per contribution and author (each revision's own
   author) (committing); comments (with replies and resolved state) (comments), and
   everything not applied (describing), go into a folder of notes per import.
"""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..core.errors import RoledocError
from ..core.messages import _
from ..infra.cache import stand_in
from ..text.githubtext import as_github_reads
from .comments import comments
from .committing import check, review_commits
from .describing import outside
from .importstate import ContributionState, Import
from .leaves import find_body_start
from .outcomes import Outcome, ReviewImport
from .pairing import pair
from .provenance import as_recorded, exported_fingerprints
from .regions import find_regions
from .rounds import place
from .source import read_sources
from .units import revisions_of
from .untracked import take_untracked
from .wordxml import read_word


def import_review(
    root: Path,
    docx: Path,
    reviewer: str,
    today: dt.date,
    lang: str = "en",
    accept_untracked: bool = False,
) -> ReviewImport:
    """Bring the reviewer's tracked changes and comments in `docx` (made by `review export`)
    back into the contributions; see the module."""
    from .notes import notes_folder, write_notes
    from .repository import ReviewRepository

    if not reviewer.strip():
        raise RoledocError(_("give the reviewer's name with --reviewer"))
    if not docx.is_file():
        raise RoledocError(_("cannot read {name}: no such file", name=str(docx)))
    if docx.suffix.lower() in {".odt", ".fodt", ".doc", ".rtf"}:
        raise RoledocError(
            _(
                "{name} is not a Word file (.docx): open it and save it as Word (.docx), "
                "then import that file; its tracked changes and comments are kept",
                name=docx.name,
            )
        )
    repo = ReviewRepository(root, reviewer, today)
    with ThreadPoolExecutor(max_workers=1) as pool:  # the file is read while git checks out
        reading = pool.submit(read_word, docx)
        with repo.checkout() as tree, stand_in(tree, root):
            renderer = _renderer(tree, root)
            try:
                document = reading.result()
                project = renderer.plan.project  # HEAD's, as the branch will start from it
                contributions = {c.id: c for c in project.contributions}
                titles = {c.id: c.title for c in project.contributions}
                paths = {c.id: c.path for c in project.contributions}
                prints, found_by = exported_fingerprints(document, docx, titles, paths, repo)
                prints, recorded = as_recorded(root, document, prints)
                # Only what the export holds may change (the file does not decide its scope).
                titles = {ident: title for ident, title in titles.items() if ident in prints}
                regions = find_regions(document.body, titles)
                outcomes = {
                    r.key: Outcome(r.key, paths[r.key], titles[r.key])
                    for r in regions
                    if r.kind == "contribution" and r.key in contributions
                }
                work = Import(
                    root,
                    tree,
                    document,
                    regions,
                    outcomes,
                    prints,
                    repo,
                    renderer,
                    (accept_untracked, reviewer, lang),
                )
                run(work)
                commits = review_commits(work)
                notes_folder(root)  # refused now, if it would be, before the branch is made
                branch = repo.commit(tree, commits)
            finally:
                renderer.close()
    notes = write_notes(root, repo.label, reviewer, list(outcomes.values()), work.elsewhere, lang)
    outcome = list(outcomes.values())
    return ReviewImport(reviewer, outcome, work.elsewhere, branch, notes, found_by, recorded)


def run(work: Import) -> None:
    load_sources(work)
    rendered = render_exported(work)
    if rendered is None:
        return finish(work)
    pair(work, *rendered)
    if work.accept_untracked and any(i.untracked for i in work.items.values()):
        take_untracked(work, rendered[0], rendered[1])
        document, regions, asts = rendered
        missing = [i for i, c in work.items.items() if c.untracked and i not in asts]
        pair(work, document, regions, {**asts, **_positions(work, missing)})
    place(work)
    check(work)
    return finish(work)


def finish(work: Import) -> None:
    work.elsewhere += outside(work)
    comments(work)


def load_sources(work: Import) -> None:
    for region in work.regions:
        if region.kind != "contribution" or region.key not in work.outcomes:
            continue
        outcome = work.outcomes[region.key]
        item = ContributionState(region.key, region)
        current = work.repo.read(outcome.path) or b""
        item.current, item.crlf, item.bom = _decode(current)
        data = work.repo.exported(outcome.path, work.prints[region.key])
        if data is not None:
            item.exported = _decode(data)[0]
        work.items[region.key] = item


def render_exported(work: Import):
    """The exported sources as the export rendered them (the export itself, when roledoc
    kept a copy of it, else rendered again); None when none of them is in git."""
    from .rendering import recall_export

    exported = {i: c.exported for i, c in work.items.items() if c.exported is not None}
    if not exported:
        return None
    with ThreadPoolExecutor(max_workers=1) as pool:
        busy = [i for i in exported if _busy(work, work.items[i])]
        positions = pool.submit(_positions, work, busy)
        kept = recall_export(work.root, work.document)
        rendered = read_word(kept) if kept is not None else None
        if rendered is not None:
            titles = {i: work.outcomes[i].title for i in exported}
            regions = {
                r.key: r
                for r in find_regions(rendered.body, titles)
                if r.kind == "contribution" and r.key in exported
            }
        else:
            rendered, regions, unreadable = work.render(exported)
            for ident in unreadable:
                regions.pop(ident, None)
        asts = positions.result()
    return rendered, regions, asts


def _busy(work: Import, item: ContributionState) -> bool:
    """Whether the file holds a revision in the contribution (its text or footnotes)."""
    notes = work.document.notes
    for number in item.region.indices:
        paragraph = work.document.body[number]
        if revisions_of(paragraph):
            return True
        for char in paragraph.chars:
            if char.note and any(revisions_of(p) for p in notes.get(char.note, [])):
                return True
    return False


def _positions(work: Import, idents: list[str]) -> dict:
    """The exported sources of these contributions read with source positions."""
    bodies = {}
    for ident in idents:
        text = work.items[ident].exported or ""
        # read as the build reads it (text/githubtext.py); leaves.py maps its places back
        bodies[ident] = as_github_reads(text[find_body_start(text) :]).text
    return read_sources(bodies, work.renderer.staging, _reader_format()) if bodies else {}


def _decode(data: bytes) -> tuple[str, bool, bool]:
    text = data.decode("utf-8", "replace")
    bom = text.startswith("\ufeff")
    text = text.lstrip("\ufeff")
    crlf = "\r\n" in text
    return text.replace("\r\n", "\n"), crlf, bom


def _renderer(tree: Path, root: Path):
    """The renderer for the checkout; a project that check refuses at HEAD is refused."""
    from ..publish.plan import BuildRefused
    from .rendering import Renderer

    try:
        return Renderer(tree, root)
    except BuildRefused as exc:
        raise RoledocError(
            _(
                "the project as committed (HEAD) has {count} error(s): fix them first "
                "(roledoc check shows them), then import the review",
                count=len(exc.project.errors),
            )
        ) from None


def _reader_format() -> str:
    from ..publish.compose import BODY_FORMAT

    return BODY_FORMAT
