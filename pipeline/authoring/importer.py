"""`roledoc import`: a Word, OpenDocument or HTML file becomes a draft contribution.

pandoc reads the file (tracked changes accepted, comments dropped); the AST is then tidied
(tidying.py): raw HTML removed, headings moved so the text starts at `##` without skipping
levels.
What `check` will still refuse (an image without alt text) is named in the result.

The file comes from outside, so it is read as untrusted. A Word or OpenDocument file is a zip
package: it is checked against zip bombs and damage (pipeline/read/packages.py) and copied part by
part before pandoc reads the copy, in its sandbox, with a heap limit and a timeout. Its images
are taken only from inside the package (pandoc extracts them into a temporary folder). Any
other image, an HTML file's `<img src="../.ssh/id_rsa">`, an OpenDocument picture at
`/proc/self/environ`, a Word picture linked to a file or a web address, is never read: where
it stood, the contribution says (in the document's language) that it was not copied and why,
and so does the terminal. An image written into an HTML file itself (a `data:` address) is
taken when it is a PNG, JPEG or GIF within the size limit. Every file the import writes, the
images and the contribution, goes through pipeline/read/projectfiles.py, after everything is read.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import os
import posixpath
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..check.names import unknown_participant, unknown_theme
from ..core.errors import RoledocError
from ..core.messages import Message, _, language_of, megabytes, os_reason
from ..core.model import Diagnostic, Project
from ..formats.render import PandocMemory, PandocTimeout, RenderError, read_document, write_markdown
from ..read.packages import copy_package
from ..read.projectfiles import folder, problem, read_bytes, write_bytes, write_text
from ..text.images import MAX_IMAGE_BYTES, sniff
from ..text.markdown import slugify
from .tidying import (
    drop_attributes,
    drop_sizes,
    meta_title,
    normalise_headings,
    stringify,
    strip_raw,
    take_first_heading,
    walk_lists,
)

READERS = {".docx": "docx", ".odt": "odt", ".html": "html", ".htm": "html"}
PACKAGED = {"docx", "odt"}
MAX_HTML_BYTES = 20_000_000  # pandoc took 1.6 GB of memory to read 20 MB of Markdown
WRITER = (
    "markdown-raw_html-raw_tex-raw_attribute-tex_math_dollars-citations-smart"
    "-simple_tables-multiline_tables"  # pipe tables, as CONTRIBUTING teaches
)
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.IGNORECASE)
_DATA = re.compile(r"^data:image/(png|jpeg|gif);base64,(.*)$", re.IGNORECASE | re.DOTALL)
_IMAGE_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
_RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"

FROM_OUTSIDE = _(
    "images are only taken from inside the imported file, never from other files on this "
    "computer: copy the image into assets/ yourself if it belongs here"
)
FROM_INTERNET = _("roledoc never fetches an image from the internet")
NOT_EMBEDDABLE = _(
    "an image written into the file is taken only as a PNG, JPEG or GIF of at most 10 MB"
)


@dataclass
class Imported:
    path: Path
    id: str
    title: str
    images: list[Path] = field(default_factory=list)
    warnings: list[Message] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)  # check's, of the new file


@dataclass
class _Images:
    """The images an import takes (name in assets/ -> a file in pandoc's media folder, or the
    bytes of a `data:` image), and what it says about those it leaves out."""

    media: Path
    ident: str
    assets: Path
    lang: str
    taken: dict[str, Path | bytes] = field(default_factory=dict)
    warnings: list[Message] = field(default_factory=list)

    def take(self, src: str) -> tuple[str, None] | tuple[None, Message | str]:
        """The name in assets/ of the image at `src`, or None and why it is left out."""
        scheme = _SCHEME.match(src)
        if scheme and scheme.group(1).lower() == "data":
            data = _embedded(src)
            if data is None:
                return None, NOT_EMBEDDABLE
            return self._name(f".{sniff(data)}", data), None
        if scheme and len(scheme.group(1)) > 1 and scheme.group(1).lower() != "file":
            return None, FROM_INTERNET
        origin = Path(src)  # pandoc names what it extracted by its full path in `media`
        if scheme or "\0" in src or not origin.is_absolute():
            return None, FROM_OUTSIDE
        if not os.path.realpath(origin).startswith(os.path.realpath(self.media) + os.sep):
            return None, FROM_OUTSIDE
        reason = problem(self.media, origin, MAX_IMAGE_BYTES)
        if reason is not None:
            return None, reason
        return self._name(origin.suffix.lower(), origin), None

    def _name(self, suffix: str, origin: Path | bytes) -> str:
        """The next free name in assets/ for this contribution's images."""
        if not re.fullmatch(r"\.[a-z0-9]{1,5}", suffix):
            suffix = ""
        number = len(self.taken) + 1
        while True:
            name = f"{self.ident}-{number}{suffix}"
            if name not in self.taken and not os.path.lexists(self.assets / name):
                self.taken[name] = origin
                return name
            number += 1

    def left_out(self, alt: list, src: str, reason: Message | str) -> list[dict]:
        """What stands in the text where an image was left out: its alt text, then a note in
        the document's language naming the image and why; the terminal is told the same."""
        shown = "".join(c if c.isprintable() else " " for c in src)
        shown = shown if len(shown) <= 120 else shown[:100] + "…"
        if reason is FROM_INTERNET:
            self.warnings.append(_("left out a remote image: {src}", src=shown))
        else:
            self.warnings.append(_("left out an image: {src} ({reason})", src=shown, reason=reason))
        marker = "\ue000"  # where the address goes, as code: a private character, kept as it is
        words = _("[image not copied: {src}; {reason}]", src=marker, reason=reason)
        before, _marker, after = words.render(self.lang).partition(marker)
        note = [*_words(before), {"t": "Code", "c": [["", [], []], shown]}, *_words(after)]
        return (
            [*alt, {"t": "Space"}, {"t": "Emph", "c": note}] if alt else [{"t": "Emph", "c": note}]
        )


def _embedded(src: str) -> bytes | None:
    """The image written into a `data:` address: a PNG, JPEG or GIF (by its content, as its
    address says) of at most MAX_IMAGE_BYTES; None for anything else."""
    found = _DATA.match(src)
    if found is None or len(found.group(2)) > MAX_IMAGE_BYTES * 4 // 3 + 1024:
        return None
    try:
        data = base64.b64decode("".join(found.group(2).split()), validate=True)
    except (binascii.Error, ValueError):
        return None
    kind = sniff(data[:512])
    if kind is None or kind != found.group(1).lower() or len(data) > MAX_IMAGE_BYTES:
        return None
    return data


def _words(text: str) -> list[dict]:
    """Plain text as pandoc inlines."""
    inlines: list[dict] = []
    for index, word in enumerate(text.split(" ")):
        if index:
            inlines.append({"t": "Space"})
        if word:
            inlines.append({"t": "Str", "c": word})
    return inlines


def import_document(
    project: Project,
    source: Path,
    theme: str,
    authors: tuple[str, ...],
    title: str | None,
    today: dt.date,
) -> Imported:
    if project.settings is None:
        raise RoledocError(_("this folder is not a document project (no valid document.yaml)"))
    reader = READERS.get(source.suffix.lower())
    if reader is None:
        raise RoledocError(
            _(
                "cannot import {name}: roledoc imports .docx, .odt and .html files",
                name=source.name,
            )
        )
    if not source.is_file():
        raise RoledocError(_("cannot read {path}: no such file", path=source))
    if theme not in project.themes:
        raise RoledocError(unknown_theme(theme, project.themes))
    for author in authors:
        if author not in project.participants:
            raise RoledocError(unknown_participant(author, project.participants))
    lang = language_of(project.settings.lang)
    with tempfile.TemporaryDirectory(prefix="roledoc-import-") as work:
        copied = Path(work) / f"source.{reader}"
        _copy_source(source, copied, reader)
        warnings = _review_marks(copied, source.name, reader)
        linked = _linked_images(copied) if reader == "docx" else []
        media = Path(work) / "media"
        ast = _read(copied, source.name, reader, media)
        raw_removed = strip_raw(ast)
        if raw_removed:
            warnings.append(
                _("removed {count} piece(s) of raw HTML or other code", count=raw_removed)
            )
        chosen = title or meta_title(ast) or take_first_heading(ast)
        if not chosen:
            raise RoledocError(
                _("{name} has no title and no heading: give one with --title", name=source.name)
            )
        chosen = " ".join(chosen.split())
        ident = slugify(chosen)
        taken = {c.id for c in project.contributions} | {s.slug for s in project.sections}
        taken |= {p.rsplit("/", 1)[-1].removesuffix(".md") for p in project.unreadable}
        if ident in taken or not ident:
            raise RoledocError(
                _(
                    "the id '{id}' (from the title) is taken; give another title with --title",
                    id=ident,
                )
            )
        normalise_headings(ast)
        drop_sizes(ast)
        if drop_attributes(ast):
            warnings.append(
                _("took off styles and classes that GitHub would show as text; the text is kept")
            )
        assets = project.root / "contributions" / theme / "assets"
        images = _Images(media, ident, assets, lang)
        _take_images(ast, images)
        for target in linked:  # pandoc drops these from the text: they are listed at its end
            ast["blocks"].append({"t": "Para", "c": images.left_out([], target, FROM_OUTSIDE)})
        warnings += images.warnings
        body = _write(ast, source.name)
        path = project.root / "contributions" / theme / f"{ident}.md"
        front = "\n".join(
            [
                "---",
                f"title: {json.dumps(chosen, ensure_ascii=False)}",
                f"authors: [{', '.join(authors)}]",
                "status: draft",
                f"date: {today.isoformat()}",
                "---",
                "",
            ]
        )
        written = _save(project.root, path, front + body + "\n", images)
    return Imported(path, ident, chosen, written, warnings, _still_to_fix(project.root, path))


def _still_to_fix(root: Path, path: Path) -> list[Diagnostic]:
    """What check says about the new file: what to fix before it can be built."""
    from ..check.project import load_project

    relative = path.relative_to(root).as_posix()
    return [d for d in load_project(root).diagnostics if d.path == relative]


def _copy_source(source: Path, target: Path, reader: str) -> None:
    """The file to import, copied into the work folder: a package part by part once it is
    checked (pipeline/read/packages.py), an HTML file up to its limit. pandoc reads the copy."""
    try:
        if reader in PACKAGED:
            copy_package(source, target, reader)
            return
        with source.open("rb") as handle:
            data = handle.read(MAX_HTML_BYTES + 1)
        if len(data) > MAX_HTML_BYTES:
            size = megabytes(source.stat().st_size)
            limit = megabytes(MAX_HTML_BYTES, whole=True)
            raise RoledocError(
                _(
                    "cannot read {name}: it is {size}, more than the limit of {limit}",
                    name=source.name,
                    size=size,
                    limit=limit,
                )
            )
        target.write_bytes(data)
    except OSError as exc:
        raise RoledocError(
            _("cannot read {name}: {problem}", name=source.name, problem=os_reason(exc))
        ) from None


def _read(copied: Path, name: str, reader: str, media: Path) -> dict:
    """pandoc's AST of the copy, read within a heap limit and a timeout."""
    said: Message | str
    try:
        return read_document(copied, reader, media, bounded=True)
    except PandocTimeout as exc:
        said = _(
            "pandoc gave no result in time ({details}); the file is too large or too complex "
            "to import",
            details=exc.details,
        )
    except PandocMemory as exc:
        said = _(
            "pandoc stopped: {details}; the file is too large or too complex to import",
            details=exc.details,
        )
    except RenderError as exc:
        said = exc.message
    raise RoledocError(_("cannot read {name}: {problem}", name=name, problem=said))


def _write(ast: dict, name: str) -> str:
    try:
        return write_markdown({**ast, "meta": {}}, WRITER, bounded=True).strip()
    except RenderError as exc:
        raise RoledocError(
            _("cannot read {name}: {problem}", name=name, problem=exc.message)
        ) from None


def _save(root: Path, path: Path, text: str, images: _Images) -> list[Path]:
    """Write the images, then the contribution, each through pipeline/read/projectfiles.py: no
    link is followed, no file replaced, and a folder that is a link stops the import before
    anything is written."""
    folder(root, path.parent)
    if images.taken:
        folder(root, images.assets)
    written = []
    for name, origin in images.taken.items():
        if not isinstance(origin, bytes):
            origin = read_bytes(images.media, origin, MAX_IMAGE_BYTES)
        written.append(write_bytes(root, images.assets / name, origin, new=True))
    write_text(root, path, text, new=True)
    return written


def _review_marks(copied: Path, name: str, reader: str) -> list[Message]:
    """Warnings for what a Word or OpenDocument reviewer left behind."""
    if reader not in PACKAGED:
        return []
    try:
        with zipfile.ZipFile(copied) as archive:
            names = archive.namelist()
            text = archive.read("word/document.xml" if reader == "docx" else "content.xml")
    except (zipfile.BadZipFile, KeyError, OSError):
        raise RoledocError(
            _("cannot read {name}: it is not a valid {kind} file", name=name, kind=reader)
        ) from None
    content = text.decode("utf-8", "replace")
    found = []
    if reader == "docx":
        if "<w:ins " in content or "<w:del " in content:
            found.append(_("tracked changes were accepted (insertions kept, deletions dropped)"))
        if "word/comments.xml" in names and "<w:commentReference" in content:
            found.append(_("comments were dropped"))
    else:
        if "<text:tracked-changes" in content:
            found.append(_("tracked changes were accepted (insertions kept, deletions dropped)"))
        if "<office:annotation" in content:
            found.append(_("comments were dropped"))
    return found


def _linked_images(copied: Path) -> list[str]:
    """The pictures a Word file links to instead of holding them (a file elsewhere, a web
    address): pandoc leaves them out without a word, so they are found in its relationships."""
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    found = []
    with zipfile.ZipFile(copied) as archive:
        names = set(archive.namelist())
        for part in sorted(n for n in names if re.fullmatch(r"word/_rels/[^/]+\.rels", n)):
            try:
                tree = etree.fromstring(archive.read(part), parser)
            except etree.XMLSyntaxError:
                continue
            for relation in tree.iter(_RELATIONSHIPS):
                target = relation.get("Target") or ""
                if relation.get("Type") != _IMAGE_RELATIONSHIP:
                    continue
                inside = posixpath.normpath(
                    target.lstrip("/") if target.startswith("/") else f"word/{target}"
                )
                if relation.get("TargetMode") == "External" or inside not in names:
                    found.append(target)
    return found


def _take_images(ast: dict, images: _Images) -> None:
    """Each image in the text: taken from inside the imported file (pandoc's media folder, or
    a `data:` address), or replaced by its alt text and a note saying why it was not."""

    def visit(items: list) -> None:
        for index, item in enumerate(items):
            if not (isinstance(item, dict) and item.get("t") == "Image"):
                continue
            _attr, alt, (src, title) = item["c"]
            name, reason = images.take(src)
            if name is None:
                assert reason is not None  # `take` gives a reason with every image it leaves out
                items[index] = {"t": "Span", "c": [["", [], []], images.left_out(alt, src, reason)]}
                continue
            item["c"][2] = [f"assets/{name}", title]
            if not stringify(alt):
                images.warnings.append(
                    _(
                        "the image assets/{name} has no alt text: describe it in the "
                        "![...] brackets, or check will refuse the contribution",
                        name=name,
                    )
                )

    walk_lists(ast["blocks"], visit)
