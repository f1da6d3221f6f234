"""Where the links and images of a text lead: the one resolver that check and build share.

Every address a participant writes goes through `resolve`: a link to a part of the document
(`#id`), to the web (http, https, mailto), or to a file in the project. Any other scheme
(`javascript:`, `data:`, `file:`, ...) is refused, and a file must stay inside the project
(an image: inside its theme's `assets/` folder) after every `..` and every link on the way is
followed. `check` reports what this module refuses; the build stages only the files it
approves, under names of its own, so no other file can ever reach an output.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

WEB_SCHEMES = ("http", "https", "mailto")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
# What browsers ignore in an address (the URL standard): a `java\tscript:` is still a script.
_IGNORED = re.compile(r"[\t\n\r]")
_C0_AND_SPACE = "".join(map(chr, range(0x21)))
# A web address typed without its scheme: GitHub and pandoc read `www.x.nl` in a link as a
# file next to the text, and the reader gets a broken link.
_BARE_WEB = re.compile(r"^www\.[^/?#]+\.[A-Za-z]{2,}(?:[/?#]|$)", re.IGNORECASE)


@dataclass(frozen=True)
class Target:
    """What an address leads to. `kind` is one of:

    - "anchor": a part of the document; `value` is the id
    - "web": a web or mail address; `value` is the address
    - "file": a file inside the project; `value` is its path relative to the project root
    - "refused": `code` says why (RD316 scheme, RD307 remote image, RD308 outside the
      assets folder, RD317 outside the project or missing, RD306 missing image, RD325 no
      address at all, RD326 a web address without https://)
    """

    kind: str
    value: str = ""
    code: str = ""
    fragment: str = ""  # for a file: the part after '#', a heading in it


def scheme_of(address: str) -> str | None:
    """The scheme of an address as a browser would read it, lowercase, or None."""
    cleaned = _IGNORED.sub("", address).strip(_C0_AND_SPACE)
    match = _SCHEME.match(cleaned)
    return match.group(1).lower() if match else None


def file_part(address: str) -> str:
    """The path of a relative address: the query and fragment cut off once, then unescaped."""
    return unquote(re.split(r"[?#]", address, maxsplit=1)[0])


def resolve_link(address: str, owner: str, root: Path) -> Target:
    """A link written in the file `owner` (relative to `root`)."""
    address = address.strip()
    if not address:
        return Target("refused", code="RD325")
    if address.startswith("#"):
        return Target("anchor", address[1:])
    scheme = scheme_of(address)
    if scheme is not None or address.startswith("//"):
        return Target("web", address) if scheme in WEB_SCHEMES else Target("refused", code="RD316")
    if _BARE_WEB.match(address):
        return Target("refused", address, "RD326")
    path = _inside(PurePosixPath(owner).parent, file_part(address), root, PurePosixPath())
    if path is None or not (root / path).exists():
        return Target("refused", path.as_posix() if path else "", "RD317")
    fragment = address.split("#", 1)[1] if "#" in address else ""
    return Target("file", path.as_posix(), fragment=unquote(fragment))


def text_anchor(target: Target, texts: dict[str, str]) -> str | None:
    """Where a link to a file lands in the document: the anchor of that text (a chapter's slug
    or a contribution's id), or of a heading in it (`<id>-<heading>`, as the build prefixes
    every text's own ids); None for a file that is not one of `texts` (path -> anchor)."""
    anchor = texts.get(target.value) if target.kind == "file" else None
    if anchor is None:
        return None
    return f"{anchor}-{target.fragment}" if target.fragment else anchor


def assets_folder(owner: str) -> str:
    """Where the images of the file `owner` live: its own folder's `assets/`."""
    return (PurePosixPath(owner).parent / "assets").as_posix()


def resolve_image(address: str, owner: str, assets: str, root: Path) -> Target:
    """An image written in the file `owner`; it must be a file in the folder `assets`."""
    address = address.strip()
    scheme = scheme_of(address)
    if scheme in ("http", "https", "ftp") or address.startswith("//"):
        return Target("refused", code="RD307")
    if scheme is not None:
        return Target("refused", code="RD316")
    path = _inside(PurePosixPath(owner).parent, file_part(address), root, PurePosixPath(assets))
    if path is None:
        return Target("refused", code="RD308")
    if not os.path.isfile(root / path):
        return Target("refused", path.as_posix(), "RD306")
    return Target("file", path.as_posix())


def _inside(
    folder: PurePosixPath, relative: str, root: Path, within: PurePosixPath
) -> PurePosixPath | None:
    """`relative` from `folder`, as a path in the project below `within`, or None when it is
    absolute, climbs out, is `within` itself, or is a link that leads out."""
    if not relative or relative.startswith("/") or "\x00" in relative:
        return None
    parts: list[str] = []
    for part in (folder / relative).parts:
        if part == "..":
            if not parts:
                return None
            parts.pop()
        elif part != ".":
            parts.append(part)
    if not parts:
        return None
    path = PurePosixPath(*parts)
    if not path.is_relative_to(within) or path == within:
        return None
    return path if stays_inside(root / path, root / within) else None


def stays_inside(path: Path, folder: Path) -> bool:
    """Whether `path`, with every link on the way followed, is inside `folder` (and not
    `folder` itself). A link loop simply ends; it does not raise."""
    real, boundary = os.path.realpath(path), os.path.realpath(folder)
    return real != boundary and os.path.commonpath([real, boundary]) == boundary
