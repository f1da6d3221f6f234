"""What the Word and OpenDocument finishers share: the words of the page furniture (title,
edition line, "Pagina X van Y") from the document's metadata, the logo as a picture, and
table column widths that never split a word.

pandoc 3.9 writes neither a running header nor a footer, and no logo, and sizes table
columns without looking at their words; docx.py and odt.py add these to the file it wrote.
"""

from __future__ import annotations

import json
import re
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont

from ..text.glyphs import font_folders
from ..text.imageconversion import draw_png

DEFAULT_ACCENT = "00529B"  # the house accent of the reference documents (tools/reference_docs.py)
LOGO_HEIGHT_CM = 1.6  # as on the PDF's title page
LOGO_PPI = 300.0


@dataclass(frozen=True)
class Furniture:
    """The words and pictures around the text, in the document's language."""

    title: str
    edition_line: str
    page: str  # "Pagina"
    of: str  # "van"
    contents_title: str
    accent: str | None  # "00529B", or None: the reference document's own colours
    logo: Path | None
    logo_alt: str


def meta_text(meta: dict, *path: str) -> str:
    """A metadata value as plain text (pandoc's stringify); "" when it is missing."""
    node: object = meta.get(path[0])
    for key in path[1:]:
        node = node.get("c", {}).get(key) if isinstance(node, dict) else None
    return plain_text(node)


def plain_text(node: object) -> str:
    """The text of a JSON AST node (inlines, blocks or metadata), as stringify gives it."""
    if isinstance(node, list):
        return "".join(plain_text(item) for item in node)
    if not isinstance(node, dict):
        return ""
    kind = node.get("t")
    if kind in ("Str", "MetaString"):
        return str(node["c"])
    if kind in ("Space", "SoftBreak", "LineBreak"):
        return " "
    if kind in ("Code", "Math", "RawInline"):
        return str(node["c"][-1])
    if kind == "MetaBool":
        return ""
    return plain_text(node.get("c"))


META_FIRST = re.compile(r'^\{\s*"pandoc-api-version"\s*:\s*\[[\d,\s]*\]\s*,\s*"meta"\s*:\s*')


def read_meta(text: str) -> dict:
    """The metadata of a pandoc JSON AST, without decoding its blocks when the metadata comes
    first (as pandoc and roledoc write it): a finisher needs only this, and the blocks of a
    long document take a tenth of a second to decode."""
    found = META_FIRST.match(text)
    if found is None:
        return json.loads(text).get("meta", {})
    meta, _end = json.JSONDecoder().raw_decode(text, found.end())
    return meta


def has_images(text: str) -> bool:
    """Whether a pandoc JSON AST holds an image at all."""
    return re.search(r'"t"\s*:\s*"Image"', text) is not None


def nodes_of(node: object, kind: str) -> Iterator[dict]:
    """Every node of type `kind` in a JSON AST, in document order (not looking inside one)."""
    if isinstance(node, list):
        for item in node:
            yield from nodes_of(item, kind)
    elif isinstance(node, dict):
        if node.get("t") == kind:
            yield node
        else:
            yield from nodes_of(node.get("c"), kind)


def furniture(meta: dict, folder: Path) -> Furniture:
    """The furniture of the document whose AST metadata is `meta`; its logo is looked for in
    `folder` (the build's staging folder, where the build puts it for Typst)."""
    logo_name = meta_text(meta, "logo-file")
    logo = folder / logo_name if logo_name else None
    accent = meta_text(meta, "accent-hex").lstrip("#").upper()
    return Furniture(
        title=meta_text(meta, "title"),
        edition_line=meta_text(meta, "edition-line") or meta_text(meta, "date"),
        page=meta_text(meta, "labels", "page") or "Page",
        of=meta_text(meta, "labels", "of") or "of",
        contents_title=meta_text(meta, "toc-title") or meta_text(meta, "labels", "toc_label"),
        accent=accent if len(accent) == 6 else None,
        logo=logo if logo is not None and logo.is_file() else None,
        logo_alt=meta_text(meta, "logo-alt"),
    )


def logo_png(logo: Path) -> tuple[bytes, int, int]:
    """The logo as a PNG at LOGO_HEIGHT_CM and LOGO_PPI, with its size in pixels: drawn
    once per build however many formats ask (Word and OpenDocument both do)."""
    kind = {"jpeg": "jpg"}.get(logo.suffix.lower().lstrip("."), logo.suffix.lower().lstrip("."))
    return _logo_png(logo.read_bytes(), kind)


@cache
def _logo_png(data: bytes, kind: str) -> tuple[bytes, int, int]:
    place = f'image(drawing, format: "{kind}", height: {LOGO_HEIGHT_CM}cm)'
    png = draw_png(data, kind, font_folders(), LOGO_PPI, place, fill="none")
    width, height = struct.unpack(">II", png[16:24])  # the IHDR chunk
    return png, width, height


# Column widths. A word is never split: every column is at least as wide as its longest word
# (up to MAX_WORD characters; a longer run breaks anywhere, as in the PDF). A word is measured
# in Source Sans Pro and widened by FALLBACK_FACTOR, so that it also fits a reader who lacks
# that font and sees a wider sans-serif instead: DejaVu Sans, the widest common one, sets
# Dutch words 1.2 times (bold 1.3 times) as wide (measured with fontTools).
FALLBACK_FACTOR = 1.3
MAX_WORD = 25
FALLBACK_EM = 0.6  # per character, if the font files are missing


@cache
def _advances(bold: bool) -> tuple[dict[int, float], float]:
    """Source Sans Pro's advance widths in em by code point, and the widest of them."""
    name = "SourceSansPro-Bold.ttf" if bold else "SourceSansPro-Regular.ttf"
    for folder in font_folders():
        path = Path(folder) / name
        if path.is_file():
            font = TTFont(path, lazy=True)
            units = font["head"].unitsPerEm
            metrics = font["hmtx"]
            widths = {
                point: metrics[glyph][0] / units for point, glyph in font.getBestCmap().items()
            }
            return widths, max(widths.values())
    return {}, FALLBACK_EM


def word_width(word: str, size: float, bold: bool = False) -> float:
    """The width of a word in points at `size` points, with room for a wider font."""
    widths, widest = _advances(bold)
    ems = sum(widths.get(ord(c), FALLBACK_EM if not widths else widest) for c in word[:MAX_WORD])
    return ems * size * FALLBACK_FACTOR


def _words(text: str) -> list[str]:
    """The words of a cell that a line may break between: a no-break space (a date, an amount,
    a name: filters/unbroken.lua) holds its words together, where str.split() would not."""
    return [word for word in re.split(r"[ \t\r\n]+", text) if word]


def column_widths(
    columns: list[list[tuple[str, bool]]],
    room: float,
    size: float,
    padding: float,
    given: list[float] | None = None,
) -> list[float]:
    """Widths in points for columns of (cell text, is header) that share `room` points.
    `given` are the widths the table asks for (relative); without them, the columns share the
    room by the length of their text. Either way each column gets at least its longest word
    plus `padding`; a column that needs more takes it from those with room to spare."""
    least = [
        padding
        + max(
            (word_width(w, size, bold) for text, bold in cells for w in _words(text)),
            default=size,
        )
        for cells in columns
    ]
    if given and sum(given) > 0:
        widths = [room * share / sum(given) for share in given]
    else:
        lengths = [max((len(text) for text, _ in cells), default=1) or 1 for cells in columns]
        widths = [room * length / sum(lengths) for length in lengths]
    if sum(least) >= room:  # not even the longest words fit side by side: give them that much
        return least
    short = [i for i, width in enumerate(widths) if width < least[i]]
    need = sum(least[i] - widths[i] for i in short)
    for i in short:
        widths[i] = least[i]
    # The room to spare exceeds the need (the least widths fit), so nobody drops below least.
    spare = {i: widths[i] - least[i] for i in range(len(widths)) if widths[i] > least[i]}
    total = sum(spare.values())
    for i, extra in spare.items():
        widths[i] -= need * extra / total
    return widths
