"""The house font inside the Word and OpenDocument files, so that they lay out in it on a
machine that does not have it (most do not: it comes from PyPI for the PDF).

The font is Source Sans Pro from the PyPI package the PDF uses (`font-source-sans-pro`), or a
family of the project's `templates/fonts/`: its TrueType files (outlines in `glyf`, which
Word embeds; the package ships these beside its CFF `.otf` files) in the four styles a word
processor knows, each where the font's licence permits embedding (OS/2 fsType; the SIL Open
Font License of Source Sans Pro does).

- Word (ECMA-376 Part 1, §17.8.1): each style as `word/fonts/roledoc-fontN.odttf`, its first
  32 bytes XORed with a key made from a GUID, named with the GUID as `w:fontKey` in an
  `embedRegular` (Bold, Italic, BoldItalic) of the font's entry in fontTable.xml, which
  refers to the part through its own relationships; settings.xml says `embedTrueTypeFonts`.
  The GUID comes from the file's digest, so a build stays reproducible.
- OpenDocument: each style as `Fonts/<file>.ttf`, listed in the manifest and named by the
  font's `style:font-face` in styles.xml and content.xml (`svg:font-face-src`), as
  LibreOffice writes a document saved with "Embed fonts in document".
"""

from __future__ import annotations

import copy
import hashlib
import uuid
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont
from lxml import etree

from ..text.glyphs import font_folders
from .docxpackage import EMPTY, Package, names
from .docxpackage import N as W
from .odfnames import N as ODF
from .officexml import Element, Part, serialise

STYLES = ("Regular", "Bold", "Italic", "BoldItalic")  # the order of Word's embed elements
_SUBFAMILIES = {
    "Regular": "Regular",
    "Bold": "Bold",
    "Italic": "Italic",
    "Bold Italic": "BoldItalic",
}
_RESTRICTED, _BITMAP_ONLY = 0x0002, 0x0200  # OS/2 fsType bits that forbid embedding outlines
OBFUSCATED = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
TRUETYPE = "application/x-font-ttf"  # the media type LibreOffice gives an embedded font


@dataclass(frozen=True)
class FontFile:
    family: str
    style: str  # one of STYLES
    path: Path

    @property
    def data(self) -> bytes:
        return self.path.read_bytes()


def folders_for(staging: Path) -> tuple[str, ...]:
    """Where the fonts are, as Typst looks for them: PyPI's, then the project's."""
    return (*font_folders(), str(staging / "templates" / "fonts"))


def catalogue(folders: tuple[str, ...]) -> dict[str, dict[str, Path]]:
    """Per family (case folded), its embeddable TrueType files by style; the first folder
    that has a style gives it."""
    merged: dict[str, dict[str, Path]] = {}
    for folder in folders:
        found = _shipped(folder) if folder in font_folders() else _fonts_in(folder)
        for family, styles in found.items():
            for style, path in styles.items():
                merged.setdefault(family, {}).setdefault(style, path)
    return merged


def family_files(family: str, fonts: dict[str, dict[str, Path]]) -> list[FontFile]:
    """The files of `family` in `fonts` (a catalogue), in the order of STYLES; none when it
    has no regular style."""
    styles = fonts.get(family.casefold(), {})
    if "Regular" not in styles:
        return []
    return [FontFile(family, style, styles[style]) for style in STYLES if style in styles]


@cache
def _shipped(folder: str) -> dict[str, dict[str, Path]]:
    """`_fonts_in` a folder of an installed package, which does not change: read once (a
    project's fonts are read at each build, from its staging folder)."""
    return _fonts_in(folder)


def _fonts_in(folder: str) -> dict[str, dict[str, Path]]:
    """Per family (case folded), its embeddable TrueType files in `folder` by style."""
    found: dict[str, dict[str, Path]] = {}
    place = Path(folder)
    if not place.is_dir():
        return found
    for path in sorted(place.iterdir()):
        if path.suffix.lower() != ".ttf" or not path.is_file():
            continue
        described = _describe(path)
        if described is not None:
            family, style = described
            found.setdefault(family.casefold(), {}).setdefault(style, path)
    return found


def _describe(path: Path) -> tuple[str, str] | None:
    """A TrueType file's family and style, if it may be embedded; None otherwise."""
    try:
        font = TTFont(path, lazy=True)
        names = font["name"]
        permissions = font["OS/2"].fsType if "OS/2" in font else 0
        outlines = "glyf" in font
    except Exception:  # not a font fontTools can read: not one to embed
        return None
    if not outlines or permissions & (_RESTRICTED | _BITMAP_ONLY):
        return None
    family = names.getDebugName(16) or names.getDebugName(1)
    style = _SUBFAMILIES.get(names.getDebugName(17) or names.getDebugName(2) or "")
    return (family, style) if family and style else None


def font_key(data: bytes) -> str:
    """The GUID that obfuscates a font in a Word file, from its content: "{XXXXXXXX-...}"."""
    digest = hashlib.sha256(data).digest()[:16]
    return "{" + str(uuid.UUID(bytes=digest, version=4)).upper() + "}"


def obfuscate(data: bytes, key: str) -> bytes:
    """A font as Word embeds it (ECMA-376 Part 1, §17.8.1): its first 32 bytes XORed with the
    key's 16 bytes, which are the GUID's hexadecimal digits read from the last pair to the
    first. The same operation undoes it."""
    secret = bytes.fromhex(key.strip("{}").replace("-", ""))[::-1]
    head = bytes(byte ^ secret[i % 16] for i, byte in enumerate(data[:32]))
    return head + data[32:]


# Word


_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_FONT_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"
_TABLE_RELS = "word/_rels/fontTable.xml.rels"
_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
_EMBEDS = names(*(f"w:embed{style}" for style in STYLES))
# CT_Settings is a sequence: these come before embedTrueTypeFonts.
_BEFORE_EMBEDDING = names(
    "w:writeProtection",
    "w:view",
    "w:zoom",
    "w:removePersonalInformation",
    "w:removeDateAndTime",
    "w:doNotDisplayPageBoundaries",
    "w:displayBackgroundShape",
    "w:printPostScriptOverText",
    "w:printFractionalCharacterWidth",
    "w:printFormsData",
)


def embed_in_word(
    parts: dict[str, bytes], package: Package, settings: Element, folders: tuple[str, ...]
) -> int:
    """Every font of fontTable.xml that has files in `folders` embedded (see the module), but
    a font that embeds its own already. Returns the number of files embedded."""
    table = Part(parts["word/fontTable.xml"], EMPTY)
    rels = Part(parts[_TABLE_RELS], EMPTY) if _TABLE_RELS in parts else None
    relationships = etree.Element(f"{{{_REL}}}Relationships", nsmap={None: _REL})
    count = 0
    fonts = catalogue(folders)
    for font in table.root.iter(W("w:font")):
        if any(child.tag in _EMBEDS for child in font):
            continue
        for file in family_files(font.get(W("w:name"), ""), fonts):
            count += 1
            data = file.data
            key = font_key(data)
            target, rel_id = f"fonts/roledoc-font{count}.odttf", f"rIdRoledocFont{count}"
            package.add_file("word/" + target, obfuscate(data, key))
            etree.SubElement(
                relationships,
                f"{{{_REL}}}Relationship",
                {"Id": rel_id, "Type": _FONT_REL, "Target": target},
            )
            font.append(W.make(f"w:embed{file.style}", {"r:id": rel_id, "w:fontKey": key}))
    if not count:
        return 0
    package.default_type("odttf", OBFUSCATED)
    if next(settings.iter(W("w:embedTrueTypeFonts")), None) is None:
        later = next((child for child in settings if child.tag not in _BEFORE_EMBEDDING), None)
        embedding = W.make("w:embedTrueTypeFonts")
        if later is None:
            settings.append(embedding)
        else:
            later.addprevious(embedding)
    parts["word/fontTable.xml"] = table.bytes()
    if rels is None:
        package.add_file(_TABLE_RELS, serialise(relationships, _DECLARATION, EMPTY))
    else:
        rels.root.extend(list(relationships))
        parts[_TABLE_RELS] = rels.bytes()
    return count


# OpenDocument

_FACE, _DECLS = ODF("style:font-face"), ODF("office:font-face-decls")


def embed_in_opendocument(
    styles: Element, content: Element, folders: tuple[str, ...]
) -> dict[str, bytes]:
    """Every font face of styles.xml that has files in `folders` embedded (see the module):
    its declaration, with the files as its source, in styles.xml and content.xml. Returns
    the files to add to the package, by name."""
    added: dict[str, bytes] = {}
    fonts = catalogue(folders)
    declared = {face.get(ODF("style:name")): face for face in content.iter(_FACE)}
    for face in list(styles.iter(_FACE)):
        if next(face.iter(ODF("svg:font-face-src")), None) is not None:
            continue
        family = face.get(ODF("svg:font-family")) or face.get(ODF("style:name")) or ""
        family = family.strip("'\"")
        files = family_files(family, fonts)
        if not files:
            continue
        source = ODF.make("svg:font-face-src")
        for file in files:
            name = f"Fonts/{file.path.name}"
            added[name] = file.data
            uri = ODF.make("svg:font-face-uri", {"xlink:href": name, "xlink:type": "simple"})
            uri.append(ODF.make("svg:font-face-format", {"svg:string": "truetype"}))
            source.append(uri)
        face.append(source)
        same = declared.get(face.get(ODF("style:name")))
        if same is None:
            _declarations(content).append(_copy(face))
        elif next(same.iter(ODF("svg:font-face-src")), None) is None:
            same.append(_copy(source))
    return added


def _declarations(content: Element) -> Element:
    """content.xml's font-face-decls, made before its automatic styles where it has none."""
    found = next(content.iter(_DECLS), None)
    if found is None:
        found = ODF.make("office:font-face-decls")
        later = next(
            (c for c in content if c.tag in {ODF("office:automatic-styles"), ODF("office:body")}),
            None,
        )
        if later is None:
            content.append(found)
        else:
            later.addprevious(found)
    return found


def _copy(node: Element) -> Element:
    copied = copy.deepcopy(node)
    copied.tail = None
    return copied
