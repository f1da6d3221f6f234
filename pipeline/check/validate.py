"""Rules across files: themes, ids, authors, supersedes, summaries, the changes' edition, fonts,
accent, build/, labels and the pin.

Each rule adds diagnostics and moves on; none of them stops at the first problem. `validate`
runs them all in one fixed order, the rules on images and links (`references`) among them.
Rules that need only one file live with the reader (front matter) or in `markdown` (the body).
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from ..core.diagnostics import Reporter, suggest
from ..core.model import Contribution, Diagnostic, Position, Release, Section
from ..core.paths import DOCUMENT, OUTPUT_FOLDER, PARTICIPANTS, PIN_FILE
from ..infra.gitinfo import revision_exists, tracked_files, unsafe_revision
from ..read.register import (
    NONE,
    PREVIOUS,
    edition_state,
    find_release,
    previous_edition,
    resolve_revision,
)
from ..read.sources import Sources, compose_file
from ..text.glyphs import missing_glyphs, unprintable
from .publication import judge_contributions
from .references import ImageJudge, check_images, check_links, check_logo


def validate(sources: Sources, root: Path, releases: tuple[Release, ...] = ()) -> None:
    """Add every cross-file problem of `sources` to its reporter."""
    rep = sources.reporter
    _check_themes(sources, rep)
    _check_ids(sources, rep)
    ids = {record.id for record in sources.files}
    for contribution in (*sources.contributions, *sources.partial):
        _check_authors(contribution, sources, rep)
        if contribution.complete:
            _check_supersedes(contribution, ids, rep)
    _check_summaries(sources, rep)
    images = ImageJudge(root)
    check_images(sources, root, rep, images)
    check_links(sources, root, rep)
    _check_changelog(sources, root, rep, releases)
    check_logo(sources, root, rep, images)
    _check_accent(sources, rep)
    images.verdicts.save()
    _check_output_folder(root, rep)
    _check_glyphs(sources, root, rep)
    _check_labels(root, rep)
    _check_pin(root, rep)


def _check_pin(root: Path, rep: Reporter) -> None:
    """RD406 when the roledoc running is not the one requirements.txt pins."""
    from .. import __version__
    from ..read.pin import differs, read_pin

    pin = read_pin(root)
    if pin is not None and differs(pin):
        pinned = pin.version or pin.revision or pin.requirement
        rep.add("RD406", PIN_FILE, Position(pin.line, 1), pinned=pinned, running=__version__)


# What only the editors can settle: the editions (RD402), the short edition's summaries
# (RD403) and the house style (RD404). Everything outside contributions/ is theirs as well.
EDITOR_CODES = frozenset({"RD402", "RD403", "RD404", "RD406", "RD407"})


def for_participant(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """The diagnostics a contribution's author can act on: those in contributions/ (their
    text, their theme folder, participants.yaml), without the editors' matters."""
    return [
        d for d in diagnostics if d.path.startswith("contributions/") and d.code not in EDITOR_CODES
    ]


MAX_REPORTED = 20  # a folder full of links is reported by its first few


def _check_output_folder(root: Path, rep: Reporter) -> None:
    """build/ is roledoc's own: a link there (or build/ itself a link) could make a build
    write or delete elsewhere, and a committed file there could pass for an output."""
    folder = root / OUTPUT_FOLDER
    if folder.is_symlink():
        rep.add("RD114", f"{OUTPUT_FOLDER}/", name=f"{OUTPUT_FOLDER}/", what="link")
        return
    found = [
        (name, "committed")
        for name in tracked_files(root, OUTPUT_FOLDER)
        if PurePosixPath(name).name != ".gitkeep"
    ]
    if folder.is_dir():
        for top, dirs, files in os.walk(folder):
            for name in (*dirs, *files):
                if os.path.islink(os.path.join(top, name)):
                    found.append((Path(top, name).relative_to(root).as_posix(), "link"))
    for name, what in sorted(set(found))[:MAX_REPORTED]:
        rep.add("RD114", name, name=name, what=what)


LABELS = "templates/labels.yaml"


def _check_labels(root: Path, rep: Reporter) -> None:
    """A project's own labels.yaml: per language a mapping of words, `statuses` included."""
    reader, top = compose_file(root, LABELS, rep)
    languages = reader.mapping(top, "labels.yaml") if top is not None else None
    for _key, value in (languages or {}).values():
        words = reader.mapping(value, "labels.yaml")
        if words and "statuses" in words:
            reader.mapping(words["statuses"][1], "statuses")


def _check_glyphs(sources: Sources, root: Path, rep: Reporter) -> None:
    """Every character the PDF prints must be in one of its fonts: Typst refuses the whole
    PDF/UA file over one emoji. Every place is reported, as the writer sees it: a character
    written as a reference (`&#x1F600;`) is the character it stands for, and an emoji with its
    invisible parts (U+FE0F, a joiner, a skin tone) is named as one."""
    missing = missing_glyphs(root)
    # (path, text, where a field is; None for a body, which starts on line `first`)
    texts: list[tuple[str, str, Position | None, int]] = []
    owners: tuple[Section | Contribution, ...] = (
        *sources.sections,
        *sources.contributions,
        *sources.partial,
    )
    for owner in owners:
        title_at = getattr(owner, "positions", {}).get("title", Position())
        texts.append((owner.path, owner.title, title_at, 0))
        texts.append((owner.path, owner.body, None, owner.body_line))
    if sources.settings is not None:
        for key in ("title", "subtitle", "organisation"):
            value = getattr(sources.settings, key) or ""
            at = sources.settings_positions.get(key, Position())
            texts.append((DOCUMENT, value, at, 0))
    for person in sources.participants.values():
        texts.append((PARTICIPANTS, f"{person.name} {person.organisation}", person.position, 0))
    for path, text, where, first in texts:
        for start, shown in unprintable(text, missing, body=where is None):
            line = first + text.count("\n", 0, start)
            at = where or Position(line, start - text.rfind("\n", 0, start))
            point = " ".join(f"U+{ord(char):04X}" for char in shown)
            rep.add("RD319", path, at, char=shown, point=point)


def _check_accent(sources: Sources, rep: Reporter) -> None:
    """RD412 when the house accent, which headings, links and the title page are set in on
    white, has less contrast than WCAG 2.1 AA asks: the conformance report would say every
    format fails it, so check says so first, with the line."""
    from ..core.colours import AA, contrast

    settings = sources.settings
    if settings is None or not settings.style.accent:
        return
    ratio = contrast(settings.style.accent, "ffffff")
    if ratio < AA:
        at = settings.style.positions.get("accent")
        rep.add("RD412", DOCUMENT, at, value=f"#{settings.style.accent}", ratio=round(ratio, 1))


def _check_changelog(
    sources: Sources, root: Path, rep: Reporter, releases: tuple[Release, ...]
) -> None:
    """The edition the changes appendix compares with must be one the register or git knows.
    (Whether git has its history is the build's question: a shallow clone may not.)"""
    settings = sources.settings
    if settings is None or settings.changelog in (None, PREVIOUS, NONE):
        return
    at = sources.settings_positions.get("changelog")
    known = find_release(releases, settings.changelog)
    if not known and revision_exists(root, settings.changelog) is False:
        rep.add("RD402", DOCUMENT, at, value=settings.changelog)
        return
    refused = unsafe_revision(root, resolve_revision(releases, settings.changelog))
    if refused is not None:  # the build would stop there: a crafted commit
        rep.add("RD407", DOCUMENT, at, value=settings.changelog, reason=refused)
        return
    if known is not None:
        state = edition_state(root, releases)
        current = state.current.edition if state.current else None
        previous = previous_edition(releases, current, state.after.edition if state.after else None)
        names = [release.edition for release in releases]
        if previous is not None and names.index(known.edition) < names.index(previous):
            rep.add("RD410", DOCUMENT, at, value=known.edition, previous=previous)


def _check_summaries(sources: Sources, rep: Reporter) -> None:
    """RD403 for each published contribution without a summary, but only in a project that
    makes the short edition (`summary_edition: true` in document.yaml): elsewhere a summary
    is never read, and a superseded or unaccepted contribution is never in that edition."""
    if sources.settings is None or not sources.settings.summary_edition:
        return
    verdicts = judge_contributions(sources.contributions)
    for contribution in sources.contributions:
        if verdicts[contribution.path].included and not contribution.summary:
            rep.add("RD403", contribution.path, contribution.positions.get("title"))


def _check_themes(sources: Sources, rep: Reporter) -> None:
    claimed: dict[str, Section] = {}
    for section in sources.sections:
        for index, theme in enumerate(section.themes):
            pos = section.theme_positions.get(f"themes.{index}")
            if theme not in sources.themes:
                rep.add("RD208", section.path, pos, suggest(theme, sources.themes), value=theme)
            elif theme in claimed and claimed[theme] is not section:
                rep.add("RD213", section.path, pos, value=theme, other=claimed[theme].path)
            elif theme in claimed:
                rep.add("RD218", section.path, pos, value=theme, key="themes")
            else:
                claimed[theme] = section
    for theme in sources.themes:
        if theme not in claimed:
            _report_stray_theme(theme, sources, sorted(claimed), rep)
    by_number: dict[int, list[Section]] = {}
    for section in sources.sections:
        by_number.setdefault(section.number, []).append(section)
    for same in by_number.values():
        for section in same:
            others = ", ".join(s.path for s in same if s is not section)
            if others:
                rep.add("RD217", section.path, value=section.number, other=others)


def _report_stray_theme(theme: str, sources: Sources, themes: list[str], rep: Reporter) -> None:
    """RD212 for each file in a theme folder that no section takes (a participant's typo for
    an existing theme, most often), naming the nearest existing themes and how to move there.
    Only a folder without contributions is reported as a folder."""
    nearest = difflib.get_close_matches(theme, themes, n=2) or difflib.get_close_matches(
        theme, themes, n=1, cutoff=0
    )
    nearest = nearest or ["..."]
    listed = ", ".join(f"contributions/{name}/" for name in nearest)
    files = [record for record in sources.files if record.theme == theme]
    for path, name in [(r.path, PurePosixPath(r.path).name) for r in files] or [
        (f"contributions/{theme}/", "*")
    ]:
        rep.add("RD212", path, value=theme, themes=listed, theme=nearest[0], file=name)


def _check_ids(sources: Sources, rep: Reporter) -> None:
    owners: dict[str, str] = {section.slug: section.path for section in sources.sections}
    for record in sources.files:
        if record.id in owners:
            rep.add("RD210", record.path, value=record.id, other=owners[record.id])
        else:
            owners[record.id] = record.path


def close_participant(value: str, participants: Iterable[str]) -> str | None:
    """The participant id that `value` is a typo of: one letter missing, added, changed or
    two swapped (two, in an id of ten letters or more). Anything further is more likely
    someone else, who should not be offered as "did you mean"."""
    allowed = 2 if len(value) >= 10 else 1
    near = [(_typo_distance(value, known), known) for known in participants]
    near = [pair for pair in near if pair[0] <= allowed]
    return min(near)[1] if near else None


def _typo_distance(a: str, b: str) -> int:
    """Edits from `a` to `b`: insert, delete, change or swap two neighbours (OSA distance)."""
    if abs(len(a) - len(b)) > 2:
        return 3
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            row[j] = min(row[j - 1] + 1, rows[-1][j] + 1, rows[-1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


def _check_authors(contribution: Contribution, sources: Sources, rep: Reporter) -> None:
    seen: set[str] = set()
    for index, author in enumerate(contribution.authors):
        pos = contribution.positions.get(f"authors.{index}")
        if author not in sources.participants and sources.participants_known:
            near = close_participant(author, sources.participants)
            if near is None:
                rep.add("RD207", contribution.path, pos, value=author)
            else:
                name = sources.participants[near].name
                rep.add("RD220", contribution.path, pos, value=author, near=near, name=name)
        elif author in seen:
            rep.add("RD218", contribution.path, pos, value=author, key="authors")
        seen.add(author)


def _check_supersedes(contribution: Contribution, ids: set[str], rep: Reporter) -> None:
    for index, target in enumerate(contribution.supersedes):
        pos = contribution.positions.get(f"supersedes.{index}")
        if target == contribution.id:
            rep.add("RD216", contribution.path, pos)
        elif target not in ids:
            rep.add("RD211", contribution.path, pos, suggest(target, ids), value=target)
