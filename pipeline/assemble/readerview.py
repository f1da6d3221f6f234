"""What a reader sees of a contribution, to tell whether it changed between two editions.

Two versions of a text are the same to a reader when they show the same blocks and words, their
links lead to the same places and their images show the same pictures, however the Markdown
spells them: `[x](#belangen-in-kaart)` and `[x](../belangen/belangen-in-kaart.md)` both lead
to the text belangen-in-kaart; a line wrapped elsewhere, a reference link instead of an inline
one, or a picture saved under another name are no change. The changes appendix, `roledoc
changelog` and the redline all ask this one question (`ReaderComparison.same`), so they
cannot disagree.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from ..core.model import Contribution, Project
from ..read.projectfiles import UnsafeFile, read_bytes
from ..text.images import MAX_IMAGE_BYTES
from ..text.markdown import parse_tokens
from ..text.targets import assets_folder, resolve_image, resolve_link, text_anchor

# Inline tokens that are text as the reader reads it.
_TEXT = {"text", "text_special", "code_inline"}


class ReaderComparison:
    """Compares texts of two versions of a project as a reader sees them. Each project's
    map of texts (file -> anchor) is made once, not once per contribution."""

    def __init__(
        self, old: Project, new: Project, old_views: dict[str, tuple[str, ...]] | None = None
    ) -> None:
        self.old, self.new = old, new
        self._texts = {id(old): _texts(old), id(new): _texts(new)}
        self.old_views = old_views if old_views is not None else {}  # by path, made before

    def same(self, was: Contribution, now: Contribution) -> bool:
        """Whether a reader sees the same title and text in both versions."""
        return was.title == now.title and self.view(was, self.old) == self.view(now, self.new)

    def view(self, contribution: Contribution, project: Project) -> tuple[str, ...]:
        """The contribution's body as a reader sees it: one entry per block boundary, run of
        words (white space collapsed), link target and picture."""
        if project is self.old and contribution.path in self.old_views:
            return self.old_views[contribution.path]
        texts = self._texts[id(project)]
        tokens = parse_tokens(contribution.body)
        return tuple(_view(tokens, contribution.path, project.root, texts))

    def remember_old(self) -> dict[str, tuple[str, ...]]:
        """Every text of the old version as a reader sees it, made now (while its files, the
        pictures among them, are there) and kept in `old_views`."""
        for contribution in self.old.contributions:
            self.old_views[contribution.path] = self.view(contribution, self.old)
        return self.old_views


def _texts(project: Project) -> dict[str, str]:
    texts = {s.path: s.slug for s in project.sections}
    return texts | {c.path: c.id for c in project.contributions}


def _view(tokens: Iterable, owner: str, root: Path, texts: dict[str, str]) -> Iterable[str]:
    words: list[str] = []

    def flush() -> Iterable[str]:
        said = " ".join("".join(words).split())
        words.clear()
        return [said] if said else []

    for token in tokens:
        if token.type != "inline":
            yield from flush()
            if token.nesting != 0 or token.type in {"fence", "code_block", "hr"}:
                yield f"<{token.type}:{token.tag}>"
            if token.type in {"fence", "code_block"}:
                yield token.content
            continue
        for child in token.children or []:
            if child.type in _TEXT:
                words.append(child.content)
            elif child.type in {"softbreak", "hardbreak"}:
                words.append(" ")
            elif child.type == "link_open":
                yield from flush()
                yield "link " + _leads_to(str(child.attrs.get("href", "")), owner, root, texts)
            elif child.type == "image":
                yield from flush()
                src = str(child.attrs.get("src", ""))
                yield f"image {_picture(src, owner, root)} {' '.join(child.content.split())}"
            elif child.nesting != 0:  # emphasis, strike-through, the end of a link
                yield from flush()
                yield f"<{child.type}>"
        yield from flush()
    yield from flush()


def _leads_to(address: str, owner: str, root: Path, texts: dict[str, str]) -> str:
    """Where a link takes the reader: `#anchor` in the document, or the address itself."""
    target = resolve_link(address, owner, root)
    if target.kind == "anchor":
        return f"#{target.value}"
    anchor = text_anchor(target, texts)
    return f"#{anchor}" if anchor is not None else address.strip()


def _picture(address: str, owner: str, root: Path) -> str:
    """A picture by its bytes (sha256), or by its address when it cannot be read."""
    target = resolve_image(address, owner, assets_folder(owner), root)
    if target.kind != "file":
        return address.strip()
    try:
        data = read_bytes(root, root / PurePosixPath(target.value), MAX_IMAGE_BYTES)
    except (UnsafeFile, OSError):
        return address.strip()
    return hashlib.sha256(data).hexdigest()
