"""Converting pictures for the outputs: a PNG drawn by Typst from any picture, an sRGB JPEG
from a CMYK one.

For Word, which shows a PNG where it cannot draw an SVG (and LibreOffice always does),
`svg_to_png` draws the fallback with Typst and the document's own fonts, so no converter is
needed on the system; `draw_png` is the one way roledoc turns a picture into pixels, and
check asks `svg_drawable` whether Typst can draw an SVG at all. For PDF/A, whose one colour
space is sRGB, `srgb_jpeg` converts a CMYK JPEG. Whether a picture may be used is judged by
`images`.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Sequence
from pathlib import Path

import typst

# Fallback pictures are drawn at this resolution; `svg_to_png` sizes them by pixels.
_FALLBACK_PPI = 144


def srgb_jpeg(data: bytes) -> bytes | None:
    """A CMYK JPEG (as print work is often saved) as an sRGB JPEG, or None for any other
    image. PDF/A has one colour space for the whole file, sRGB here: Typst refuses a CMYK
    picture in it ("missing a CMYK profile"), and browsers draw one in odd colours. The
    picture's own ICC profile converts it where it has one, as a colour-managed program
    would; else Pillow's plain conversion. The same picture gives the same bytes.

    A JPEG that ends early, which check lets through because Typst and browsers draw the
    missing part grey (decode_problem), is converted the same way: what it has, the rest
    grey, never a failed build."""
    from PIL import ImageFile

    loads_truncated = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = True
    try:
        return _srgb(data)
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = loads_truncated


def _srgb(data: bytes) -> bytes | None:
    from PIL import Image, ImageCms

    with Image.open(io.BytesIO(data), formats=["JPEG"]) as image:
        if image.mode != "CMYK":
            return None
        image.load()
        profile = image.info.get("icc_profile")
        converted = None
        if profile:
            try:
                source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
                converted = ImageCms.profileToProfile(
                    image, source, ImageCms.createProfile("sRGB"), outputMode="RGB"
                )
            except (ImageCms.PyCMSError, OSError):
                converted = None
        if converted is None:
            converted = image.convert("RGB")
        out = io.BytesIO()
        converted.save(out, format="JPEG", quality=95, dpi=image.info.get("dpi", (72, 72)))
        return out.getvalue()


def svg_to_png(svg: bytes, font_paths: Sequence[str], pixels: int = 1600) -> bytes:
    """A PNG of an SVG, at most `pixels` wide and high, on white: drawn by Typst with the
    fonts the PDF uses, so it looks as the figure does in the PDF. Only for an SVG that
    `image_problem` accepts."""
    most = pixels * 72 / _FALLBACK_PPI
    place = f"""context {{
  let natural = measure(image(drawing, format: "svg"))
  let scale = calc.min({most}pt / calc.max(natural.width, 1pt),
    {most}pt / calc.max(natural.height, 1pt))
  image(drawing, format: "svg", width: natural.width * scale)
}}"""
    return draw_png(svg, "svg", font_paths, _FALLBACK_PPI, place)


def svg_drawable(svg: bytes) -> bool:
    """Whether Typst can draw an SVG at all (it cannot one with no <svg> root or a width of
    0), found by drawing it once as the PDF will, at most 16 pixels and without fonts."""
    try:
        svg_to_png(svg, (), pixels=16)
    except typst.TypstError:
        return False
    return True


def draw_png(
    picture: bytes,
    kind: str,
    font_paths: Sequence[str],
    ppi: float,
    place: str,
    fill: str = "white",
) -> bytes:
    """A PNG of a picture (svg, png, jpg, gif) drawn by Typst, the one way roledoc turns a
    picture into pixels. `place` is the Typst code that shows it, given the picture's bytes
    as `drawing`; Typst reads it from a folder of its own, where it can reach nothing else,
    with only the fonts named."""
    source = (
        f"#set page(width: auto, height: auto, margin: 0pt, fill: {fill})\n"
        f'#let drawing = read("drawing.{kind}", encoding: none)\n#{place}\n'
    )
    with tempfile.TemporaryDirectory(prefix="roledoc-picture-") as folder:
        (Path(folder) / f"drawing.{kind}").write_bytes(picture)
        (Path(folder) / "main.typ").write_text(source, encoding="utf-8")
        png = typst.compile(
            str(Path(folder) / "main.typ"),
            root=folder,
            format="png",
            ppi=ppi,
            font_paths=list(font_paths),
            ignore_system_fonts=True,
        )
    assert isinstance(png, bytes)
    return png
