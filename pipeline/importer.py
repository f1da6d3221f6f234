"""`roledoc import`: a Word, OpenDocument or HTML file becomes a draft contribution.

pandoc reads the file (tracked changes accepted, comments dropped); the AST is then tidied
here: raw HTML removed, headings moved so the text starts at `##` without skipping levels,
images copied into the theme's assets/ folder with their alt text, remote images left out.
What `check` will still refuse (an image without alt text) is named in the result.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from .errors import RoledocError
from .markdown import slugify
from .messages import Message, _
from .model import Project
from .render import RenderError, read_document, write_markdown
from .scaffold import unknown_name

READERS = {".docx": "docx", ".odt": "odt", ".html": "html", ".htm": "html"}
WRITER = (
    "markdown-raw_html-raw_tex-raw_attribute-tex_math_dollars-citations-smart"
    "-simple_tables-multiline_tables"  # pipe tables, as CONTRIBUTING teaches
)


@dataclass
class Imported:
    path: Path
    id: str
    title: str
    images: list[Path] = field(default_factory=list)
    warnings: list[Message] = field(default_factory=list)


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
        raise RoledocError(unknown_name("theme", theme, project.themes))
    for author in authors:
        if author not in project.participants:
            raise RoledocError(unknown_name("participant", author, project.participants))
    warnings = _review_marks(source, reader)
    with tempfile.TemporaryDirectory(prefix="roledoc-import-") as folder:
        media = Path(folder) / "media"
        try:
            ast = read_document(source.resolve(), reader, media)
        except RenderError as exc:
            raise RoledocError(
                _("cannot read {name}: {problem}", name=source.name, problem=exc.message)
            ) from None
        raw_removed = _strip_raw(ast)
        if raw_removed:
            warnings.append(
                _("removed {count} piece(s) of raw HTML or other code", count=raw_removed)
            )
        chosen = title or _meta_title(ast) or _take_first_heading(ast)
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
        _normalise_headings(ast)
        _drop_sizes(ast)
        assets = project.root / "contributions" / theme / "assets"
        images, image_warnings = _move_images(ast, source, ident, assets)
        warnings += image_warnings
        body = write_markdown({**ast, "meta": {}}, WRITER).strip()
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
    path.write_text(front + body + "\n", encoding="utf-8")
    return Imported(path, ident, chosen, images, warnings)


def _review_marks(source: Path, reader: str) -> list[Message]:
    """Warnings for what a Word or OpenDocument reviewer left behind."""
    if reader not in {"docx", "odt"}:
        return []
    try:
        with zipfile.ZipFile(source) as archive:
            names = archive.namelist()
            text = archive.read("word/document.xml" if reader == "docx" else "content.xml")
    except (zipfile.BadZipFile, KeyError, OSError):
        raise RoledocError(
            _("cannot read {name}: it is not a valid {kind} file", name=source.name, kind=reader)
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


def _walk_lists(node, visit):
    """Apply `visit` to every list of AST elements, depth first (blocks and inlines)."""
    if isinstance(node, list):
        visit(node)
        for item in node:
            _walk_lists(item, visit)
    elif isinstance(node, dict):
        for value in node.values():
            _walk_lists(value, visit)


def _strip_raw(ast: dict) -> int:
    removed = 0

    def visit(items: list) -> None:
        nonlocal removed
        keep = [
            i
            for i in items
            if not (isinstance(i, dict) and i.get("t") in {"RawBlock", "RawInline"})
        ]
        removed += len(items) - len(keep)
        items[:] = keep

    _walk_lists(ast["blocks"], visit)
    return removed


def _stringify(inlines: list) -> str:
    parts: list[str] = []

    def visit(node) -> None:
        if isinstance(node, dict):
            kind = node.get("t")
            if kind == "Str":
                parts.append(node["c"])
            elif kind in {"Space", "SoftBreak", "LineBreak"}:
                parts.append(" ")
            elif kind == "Note":
                return
            else:
                visit(node.get("c"))
        elif isinstance(node, list):
            for item in node:
                visit(item)

    visit(inlines)
    return "".join(parts).strip()


def _meta_title(ast: dict) -> str | None:
    title = ast.get("meta", {}).get("title")
    if not title:
        return None
    content = title.get("c")
    return _stringify(content) if isinstance(content, list) else str(content or "") or None


def _take_first_heading(ast: dict) -> str | None:
    for index, block in enumerate(ast["blocks"]):
        if block.get("t") == "Header":
            del ast["blocks"][index]
            return _stringify(block["c"][2])
    return None


def _drop_sizes(ast: dict) -> None:
    """Word's image sizes and table column widths mean nothing in the document's layout;
    without them images fit the page and tables become readable pipe tables."""

    def visit(items: list) -> None:
        for item in items:
            if not isinstance(item, dict):
                continue
            if item.get("t") == "Image":
                attr = item["c"][0]
                attr[2] = [kv for kv in attr[2] if kv[0] not in {"width", "height"}]
            elif item.get("t") == "Table":
                for spec in item["c"][2]:
                    spec[1] = {"t": "ColWidthDefault"}

    _walk_lists(ast["blocks"], visit)


def _normalise_headings(ast: dict) -> None:
    """The shallowest heading becomes `##`; no heading skips a level going down."""
    headers: list[dict] = []

    def visit(items: list) -> None:
        headers.extend(i for i in items if isinstance(i, dict) and i.get("t") == "Header")

    _walk_lists(ast["blocks"], visit)
    if not headers:
        return
    shallowest = min(h["c"][0] for h in headers)
    previous = 1
    for header in headers:
        level = min(2 + header["c"][0] - shallowest, previous + 1, 6)
        header["c"][0] = level
        previous = level


def _move_images(
    ast: dict, source: Path, ident: str, assets: Path
) -> tuple[list[Path], list[Message]]:
    images: list[Path] = []
    warnings: list[Message] = []

    def visit(items: list) -> None:
        for index, item in enumerate(items):
            if not (isinstance(item, dict) and item.get("t") == "Image"):
                continue
            _attr, alt, (src, title) = item["c"]
            if re.match(r"^[a-z][a-z0-9+.-]*:", src, re.IGNORECASE):
                warnings.append(_("left out a remote image: {src}", src=src))
                items[index] = {"t": "Span", "c": [["", [], []], alt]}
                continue
            origin = Path(unquote(src))
            if not origin.is_absolute():
                origin = (source.parent / origin).resolve()
            if not origin.is_file():
                warnings.append(_("left out an image that cannot be found: {src}", src=src))
                items[index] = {"t": "Span", "c": [["", [], []], alt]}
                continue
            assets.mkdir(parents=True, exist_ok=True)
            target = assets / f"{ident}-{len(images) + 1}{origin.suffix.lower()}"
            shutil.copyfile(origin, target)
            images.append(target)
            item["c"][2] = [f"assets/{target.name}", title]
            if not _stringify(alt):
                warnings.append(
                    _(
                        "the image assets/{name} has no alt text: describe it in the "
                        "![...] brackets, or check will refuse the contribution",
                        name=target.name,
                    )
                )

    _walk_lists(ast["blocks"], visit)
    return images, warnings
