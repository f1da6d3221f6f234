"""What pandoc 3.9's ODT writer leaves out, put back after it has written the file.

- Image descriptions: the writer drops every image's alt text (no `svg:title`/`svg:desc` on
  its frame), so a screen reader has nothing to say and the words are lost. They are added
  to the frames from the document's AST, in document order.
- Image sizes: the writer sizes an image by its pixels, so a large figure runs far off the
  page. Frames wider than the text area are scaled down to fit it.

The file is rewritten entry by entry, keeping each entry's order, date and compression, so a
build stays reproducible.
"""

from __future__ import annotations

import html
import json
import re
import zipfile
from pathlib import Path

_FRAME = re.compile(r"<draw:frame\b([^>]*)>(.*?)</draw:frame>", re.DOTALL)
_SIZE = re.compile(r'svg:(width|height)="([0-9.]+)(pt|in|cm|mm)"')
_LAYOUT = re.compile(r"<style:page-layout-properties\b[^>]*>")
_POINTS = {"pt": 1.0, "in": 72.0, "cm": 72 / 2.54, "mm": 72 / 25.4}
DEFAULT_TEXT_WIDTH = 453.5  # points: A4 with 2.5 cm margins


def finish_odt(path: Path, ast_path: Path) -> None:
    """Add the AST's image alt texts to the ODT's frames and fit them to the text width."""
    alts = image_alts(json.loads(ast_path.read_text(encoding="utf-8"))["blocks"])
    with zipfile.ZipFile(path) as archive:
        entries = [(info, archive.read(info)) for info in archive.infolist()]
    parts = dict((info.filename, data) for info, data in entries)
    width = text_width(parts.get("styles.xml", b"").decode("utf-8"))
    content = parts["content.xml"].decode("utf-8")
    frames = list(_FRAME.finditer(content))
    if len(frames) != len(alts):  # not one frame per image: do not guess which is which
        alts = [""] * len(frames)
    pieces, last = [], 0
    for match, alt in zip(frames, alts, strict=True):
        pieces.append(content[last : match.start()])
        pieces.append(_frame(match, alt, width))
        last = match.end()
    pieces.append(content[last:])
    parts["content.xml"] = "".join(pieces).encode("utf-8")
    with zipfile.ZipFile(path, "w") as archive:
        for info, _ in entries:
            archive.writestr(info, parts[info.filename])


def _frame(match: re.Match[str], alt: str, width: float) -> str:
    attributes, inner = match.group(1), match.group(2)
    sizes = {key: float(value) * _POINTS[unit] for key, value, unit in _SIZE.findall(attributes)}
    if sizes.get("width", 0) > width and sizes.get("height"):
        scale = width / sizes["width"]
        attributes = _SIZE.sub(lambda m: f'svg:{m[1]}="{sizes[m[1]] * scale:.1f}pt"', attributes)
    if alt and "<svg:desc>" not in inner:
        text = html.escape(alt, quote=False)
        inner += f"<svg:title>{text}</svg:title><svg:desc>{text}</svg:desc>"
    return f"<draw:frame{attributes}>{inner}</draw:frame>"


def text_width(styles: str) -> float:
    """The width between the margins of the first page layout, in points."""
    layout = _LAYOUT.search(styles)
    if layout is None:
        return DEFAULT_TEXT_WIDTH
    values = dict(
        re.findall(r'fo:(page-width|margin-left|margin-right)="([0-9.]+[a-z]+)"', layout[0])
    )
    try:
        page, left, right = (
            _points(values[key]) for key in ("page-width", "margin-left", "margin-right")
        )
    except (KeyError, ValueError):
        return DEFAULT_TEXT_WIDTH
    return page - left - right


def _points(value: str) -> float:
    number, unit = re.fullmatch(r"([0-9.]+)([a-z]+)", value).groups()  # type: ignore[union-attr]
    return float(number) * _POINTS[unit]


def image_alts(blocks: list) -> list[str]:
    """The alt text of every image in a pandoc JSON AST, in document order."""
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            if node.get("t") == "Image":
                found.append(_plain(node["c"][1]))
                return
            walk(node.get("c"))

    walk(blocks)
    return found


def _plain(node: object) -> str:
    """The text of inlines, as pandoc's stringify gives it."""
    if isinstance(node, list):
        return "".join(_plain(item) for item in node)
    if not isinstance(node, dict):
        return ""
    kind = node.get("t")
    if kind == "Str":
        return str(node["c"])
    if kind in ("Space", "SoftBreak", "LineBreak"):
        return " "
    if kind in ("Code", "Math", "RawInline"):
        return str(node["c"][-1])
    return _plain(node.get("c"))
