"""What the texts point to: every image (the logo too) and every link must lead to something the
build can use.

An image must be where its address leads, have its alt text and decode as the PDF's Typst
decodes it, and the document's pictures together must fit Typst's memory. A link must reach a
text or heading of this project (from an accepted text, one the build publishes) or be a web
address of an allowed scheme. Every address goes through `text.targets`, the resolver the build
uses. `validate.validate` calls these rules in its fixed order and saves the image verdicts.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from ..core.diagnostics import Reporter, suggest
from ..core.messages import _
from ..core.model import Image, Position
from ..core.paths import DOCUMENT
from ..read.checkcache import FileVerdicts
from ..read.sources import Sources
from ..text.images import MAX_DOCUMENT_MEGAPIXELS, MAX_IMAGE_BYTES, image_verdict
from ..text.targets import assets_folder, resolve_image, resolve_link, scheme_of, stays_inside
from .publication import judge_contributions


def check_logo(sources: Sources, root: Path, rep: Reporter, images: ImageJudge) -> None:
    """The logo document.yaml names: a file in the project that the PDF can decode."""
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


def check_images(sources: Sources, root: Path, rep: Reporter, judge: ImageJudge) -> None:
    """Each image of a section or contribution: its alt text, where its address leads, and
    the file there, judged (and its pixels counted) by `judge`."""
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


class ImageJudge:
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


def check_links(sources: Sources, root: Path, rep: Reporter) -> None:
    """Each link of a section or contribution: the text, heading or web address it leads to,
    and from an accepted text, whether the build publishes the contribution it names."""
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
