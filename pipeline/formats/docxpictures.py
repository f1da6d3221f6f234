"""Pictures in the Word file: a PNG beside every SVG, and the logo above the title.

- SVG pictures: pandoc writes the SVG alone; a PNG drawn from it (Typst, with the PDF's
  fonts) is added as the picture Word's format requires, the SVG staying as its extension.
- The logo above the title, with its alt text: a PNG (drawn by Typst) with the SVG beside
  it as Word's svgBlip extension, so Word shows the SVG and other readers the PNG.
"""

from __future__ import annotations

from pathlib import Path

from ..text.glyphs import font_folders
from ..text.imageconversion import svg_to_png
from .docxpackage import N, P, Package, style_of
from .office import Furniture, logo_png
from .officexml import Element

_SVG_EXTENSION = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"
_EMU_PER_CM = 360000


def add_svg_fallbacks(
    document: Element, parts: dict[str, bytes], package: Package, staging: Path
) -> None:
    """Give every SVG picture the PNG that Word's format asks for beside it: pandoc writes
    the SVG alone, which Word before 2016 and LibreOffice show as an empty frame. The PNG is
    drawn by Typst with the PDF's fonts (imageconversion.svg_to_png), so it looks as in the PDF."""
    fonts = [*font_folders(), str(staging / "templates" / "fonts")]
    targets = package.targets()
    embed = N("r:embed")
    for blip in list(document.iter(N("a:blip"))):
        svg_blip = next(blip.iter(N("asvg:svgBlip")), None)
        if blip.get(embed) is not None or svg_blip is None or svg_blip.get(embed) is None:
            continue
        target = targets.get(svg_blip.get(embed), "")
        svg = parts.get("word/" + target)
        if svg is None:
            continue
        png = svg_to_png(svg, fonts)
        blip.set(
            embed, package.add(str(Path(target).with_suffix(".png")), png, "image/png", "image")
        )


def add_logo(document: Element, page: Furniture, package: Package) -> None:
    """The logo in a paragraph of its own before the title paragraph."""
    assert page.logo is not None
    title = next((p for p in document.iter(P) if style_of(p) == "Title"), None)
    if title is None:
        return
    png, width_px, height_px = logo_png(page.logo)
    png_id = package.add("media/roledoc-logo.png", png, "image/png", "image")
    extension = []
    if page.logo.suffix.lower() == ".svg":
        svg_id = package.add(
            "media/roledoc-logo.svg", page.logo.read_bytes(), "image/svg+xml", "image"
        )
        svg_blip = N.make("asvg:svgBlip", {"r:embed": svg_id})
        extension = [N.make("a:extLst", {}, N.make("a:ext", {"uri": _SVG_EXTENSION}, svg_blip))]
    height = str(round(1.6 * _EMU_PER_CM))
    width = str(round(int(height) * width_px / height_px))
    taken = {node.get("id") for node in document.iter(N("wp:docPr"))}
    drawing_id = next(str(n) for n in range(1, len(taken) + 2) if str(n) not in taken)
    alt = page.logo_alt
    size = {"cx": width, "cy": height}
    picture = N.make(
        "pic:pic",
        {},
        N.make(
            "pic:nvPicPr",
            {},
            N.make("pic:cNvPr", {"id": "0", "name": "roledoc-logo.png", "descr": alt}),
            N.make("pic:cNvPicPr"),
        ),
        N.make(
            "pic:blipFill",
            {},
            N.make("a:blip", {"r:embed": png_id}, *extension),
            N.make("a:stretch", {}, N.make("a:fillRect")),
        ),
        N.make(
            "pic:spPr",
            {},
            N.make("a:xfrm", {}, N.make("a:off", {"x": "0", "y": "0"}), N.make("a:ext", size)),
            N.make("a:prstGeom", {"prst": "rect"}, N.make("a:avLst")),
        ),
    )
    inline = N.make(
        "wp:inline",
        {"distT": "0", "distB": "0", "distL": "0", "distR": "0"},
        N.make("wp:extent", size),
        N.make("wp:effectExtent", {"l": "0", "t": "0", "r": "0", "b": "0"}),
        N.make("wp:docPr", {"id": drawing_id, "name": "Logo", "descr": alt}),
        N.make("wp:cNvGraphicFramePr", {}, N.make("a:graphicFrameLocks", {"noChangeAspect": "1"})),
        N.make(
            "a:graphic",
            {},
            N.make(
                "a:graphicData",
                {"uri": "http://schemas.openxmlformats.org/drawingml/2006/picture"},
                picture,
            ),
        ),
    )
    spacing = N.make("w:spacing", {"w:before": "0", "w:after": "240"})
    title.addprevious(
        N.make(
            "w:p",
            {},
            N.make("w:pPr", {}, spacing),
            N.make("w:r", {}, N.make("w:drawing", {}, inline)),
        )
    )
