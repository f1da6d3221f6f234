"""Rules across files: themes, ids, authors, supersedes, images and internal links.

Each rule adds diagnostics and moves on; none of them stops at the first problem. Rules that
need only one file live with the reader (front matter) or in `markdown` (the body).
"""

from __future__ import annotations

import difflib
import os
import posixpath
import re
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath

from ..core.diagnostics import Reporter, suggest
from ..core.messages import _
from ..core.model import Contribution, Diagnostic, Image, Position, Release, Section
from ..core.paths import DOCUMENT, OUTPUT_FOLDER, PARTICIPANTS, PIN_FILE
from ..infra.gitinfo import revision_exists, tracked_files, unsafe_revision
from ..read.checkcache import FileVerdicts
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
from ..text.images import MAX_DOCUMENT_MEGAPIXELS, MAX_IMAGE_BYTES, image_verdict
from ..text.targets import assets_folder, resolve_image, resolve_link, scheme_of, stays_inside
from .publication import judge_contributions


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
    images = _ImageJudge(root)
    _check_images(sources, root, rep, images)
    _check_links(sources, root, rep)
    _check_changelog(sources, root, rep, releases)
    _check_logo(sources, root, rep, images)
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


def _check_logo(sources: Sources, root: Path, rep: Reporter, images: _ImageJudge) -> None:
    settings = sources.settings
    if settings is None or settings.style.logo is None:
        return
    logo = root / settings.style.logo
    pos = settings.style.positions.get("logo")
    if not logo.is_file():
        rep.add("RD306", DOCUMENT, pos, src=settings.style.logo, expected=settings.style.logo)
    elif not stays_inside(logo, root):
        rep.add(
            "RD108",
            DOCUMENT,
            pos,
            reason=_("{path} is outside the project", path=settings.style.logo),
        )
    else:
        images.check(logo, DOCUMENT, pos, rep)


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


def _picture_meant(src: str, owner: str, assets: str, root: Path) -> str | None:
    """The address of the picture a missing image most likely meant: a file in the assets
    folder whose name differs only in capitals or by a typo, written as `src` was (with /
    where a Windows path had \\)."""
    folder = root / assets
    try:
        names = sorted(p.name for p in folder.iterdir() if p.is_file())
    except OSError:
        return None
    written = src.replace("\\", "/")
    head, _, name = written.rpartition("/")
    found = next((n for n in names if n.lower() == name.lower()), None) or suggest(name, names)
    if found is None:
        return written if written != src else None
    return f"{head}/{found}" if head else found


def _check_images(sources: Sources, root: Path, rep: Reporter, judge: _ImageJudge) -> None:
    for path, assets, images in _image_owners(sources):
        for image in images:
            if not image.alt:
                rep.add("RD309", path, image.position, src=image.src)
            target = resolve_image(image.src, path, assets, root)
            if target.kind == "file":
                judge.check(root / target.value, path, image.position, rep, counted=True)
            elif target.code == "RD306":
                hint = _picture_meant(image.src, path, assets, root)
                fields = {"src": image.src, "expected": target.value, "assets": f"{assets}/"}
                rep.add("RD306", path, image.position, hint, **fields)
            elif target.code == "RD316":
                rep.add("RD316", path, image.position, target=image.src, scheme=_scheme(image.src))
            else:  # a Windows path (assets\\foto.png) is told the address it meant
                hint = _picture_meant(image.src, path, assets, root) if "\\" in image.src else None
                rep.add(target.code, path, image.position, hint, src=image.src, assets=f"{assets}/")


def _scheme(address: str) -> str:
    return scheme_of(address) or "//"


# The PDF's text area, height over width (A4, the template's margins: 24.5 by 16 cm), less a
# caption's room: an image taller than this at the text's width is shrunk to fit a page.
TALLEST = 1.5


class _ImageJudge:
    """Each image file judged once per check, by its content (decoded in full: see
    `images.decode_problem`), and remembered between checks; and the pixels of all of them
    added up, since Typst holds every picture of the PDF in memory at once."""

    def __init__(self, root: Path) -> None:
        from PIL import __version__ as pillow

        self.verdicts = FileVerdicts(root, "images", pillow)
        self.seen: set[Path] = set()
        self.pixels = 0

    def check(
        self, file: Path, path: str, pos: Position | None, rep: Reporter, counted: bool = False
    ) -> None:
        problem, shape = self.verdicts.recall(file, MAX_IMAGE_BYTES, lambda: image_verdict(file))
        width, height = shape
        pixels = width * height
        if problem is not None:
            code, fields = problem
            rep.add(code, path, pos, None, **fields)
        elif counted and width and height / width > TALLEST:
            ratio, percent = round(height / width, 1), round(100 * TALLEST * width / height)
            rep.add("RD409", path, pos, src=file.name, ratio=ratio, percent=percent, most=TALLEST)
        if not counted or file in self.seen:
            return
        self.seen.add(file)
        limit = MAX_DOCUMENT_MEGAPIXELS * 1_000_000
        if problem is None and self.pixels <= limit < self.pixels + pixels:
            total = f"{(self.pixels + pixels) / 1e6:,.1f}"
            size = _("{total} megapixels with the document's images before it", total=total)
            limit_words = _(
                "{limit} megapixels for all images together", limit=MAX_DOCUMENT_MEGAPIXELS
            )
            rep.add("RD314", path, pos, size=size, limit=limit_words)
        self.pixels += pixels


def _image_owners(sources: Sources) -> Iterator[tuple[str, str, tuple[Image, ...]]]:
    for section in sources.sections:
        yield section.path, assets_folder(section.path), section.facts.images
    for contribution in (*sources.contributions, *sources.partial):
        yield contribution.path, assets_folder(contribution.path), contribution.facts.images


def _nearest_text(wanted: str, owner: str, texts: dict[str, str]) -> str | None:
    """The text file a mistyped link probably means (compared as project paths), written
    as the link would be written from `owner`."""
    if not wanted.endswith(".md"):
        return None  # a PDF or an image is not mistyped text: no text to suggest
    near = suggest(wanted, [p for p in texts if p.endswith(".md") and p != owner])
    return os.path.relpath(near, PurePosixPath(owner).parent) if near else None


_GITHUB_FILE = re.compile(r"https?://github\.com/[^/]+/[^/]+/(?:blob|tree)/[^/]+/([^?#]+)")


def _own_text_on_github(address: str, paths: dict[str, str]) -> str | None:
    """The project's text that a GitHub address shows (…/blob/main/contributions/x/y.md)."""
    match = _GITHUB_FILE.match(address)
    return match[1] if match and match[1] in paths else None


def _check_links(sources: Sources, root: Path, rep: Reporter) -> None:
    global_anchors = {section.slug for section in sources.sections}
    global_anchors.update(record.id for record in sources.files)
    by_id = {c.id: c for c in sources.contributions}
    verdicts = judge_contributions(sources.contributions)
    texts = [(s.path, s.slug, s.facts, "accepted") for s in sources.sections]
    texts += [(c.path, c.id, c.facts, c.status) for c in (*sources.contributions, *sources.partial)]
    headings = {path: {h.id for h in facts.headings} for path, _, facts, _ in texts}
    paths = {path: anchor for path, anchor, _, _ in texts}
    paths.update({record.path: record.id for record in sources.files})
    for path, _anchor, facts, status in texts:
        local = headings[path]
        for link in facts.links:
            resolved = resolve_link(link.target, path, root)
            if resolved.code == "RD316":
                scheme = _scheme(link.target)
                rep.add("RD316", path, link.position, target=link.target, scheme=scheme)
                continue
            if resolved.code == "RD326":
                fix = f"https://{link.target}"
                rep.add("RD326", path, link.position, target=link.target, fix=fix)
                continue
            if resolved.code in ("RD317", "RD325"):
                near = (
                    _nearest_text(resolved.value, path, paths)
                    if resolved.code == "RD317" and resolved.value
                    else None
                )
                file = resolved.value or link.target
                rep.add(resolved.code, path, link.position, near, target=link.target, file=file)
                continue
            if resolved.kind == "file":
                target = paths.get(resolved.value)
                if target is None:
                    near = _nearest_text(resolved.value, path, paths)
                    rep.add(
                        "RD324", path, link.position, near, target=link.target, file=resolved.value
                    )
                    continue
                fragment = resolved.fragment
                if fragment and fragment not in headings.get(resolved.value, set()):
                    near = suggest(fragment, headings.get(resolved.value, set()))
                    rep.add("RD310", path, link.position, near, target=link.target)
                    continue
            elif resolved.kind == "anchor":
                target = resolved.value
                if target in local:
                    continue
                if target not in global_anchors:
                    near = suggest(target, global_anchors | local)
                    rep.add("RD310", path, link.position, near, target=link.target)
                    continue
            else:  # a web address; GitHub's page of a text in this project is told
                own = _own_text_on_github(link.target, paths)
                if own is not None:
                    fix = posixpath.relpath(own, posixpath.dirname(path))
                    rep.add("RD411", path, link.position, target=link.target, fix=fix)
                continue
            linked = by_id.get(target)
            if status != "accepted" or linked is None:
                continue
            verdict = verdicts[linked.path]
            if not verdict.included:
                shown = rep.kind("superseded") if verdict.superseded_by else linked.status
                rep.add("RD401", path, link.position, target=link.target, status=shown)
