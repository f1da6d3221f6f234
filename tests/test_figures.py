"""Figures: the example's SVG reaches every format as a drawing with its description, and an
SVG from a pull request that could run code or fetch a file is refused, naming its line."""

from __future__ import annotations

import re
import struct
import zipfile
from base64 import b64encode
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from pipeline.check.project import load_project
from pipeline.core.diagnostics import words
from pipeline.publish.build import build_document
from pipeline.publish.plan import BuildRefused
from pipeline.text.glyphs import font_folders
from pipeline.text.imageconversion import svg_to_png

from .conftest import BuiltExample
from .gitrepo import copy_example
from .realtools import missing

FIGURE = "contributions/grenzen/assets/rol-van-initiatief-tot-evaluatie.svg"
ALT = "De zes fases van een regionaal traject: de gemeenten zijn in alle fases eigenaar"
FIGURE_WORDS = "Agendeert"
LIMITS = "contributions/limits"
FRONT = (
    "---\ntitle: {title}\nauthors: [bob]\nstatus: accepted\ndate: 2017-05-05\n"
    "summary: A test.\n---\n"
)
SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">\n'


@pytest.fixture
def example(built_example: BuiltExample) -> Path:
    """The repository's own example, built in every format outside git (once a session)."""
    return built_example.out


def _resolve(value):
    return value.get_object() if isinstance(value, IndirectObject) else value


def _page_resources(resources, fonts: set[str], images: list[str]) -> None:
    """Fonts and raster images a page draws, also inside the forms (a drawn SVG is one)."""
    resources = _resolve(resources) or {}
    for font in (_resolve(resources.get("/Font")) or {}).values():
        fonts.add(str(_resolve(font)["/BaseFont"]))
    for xobject in (_resolve(resources.get("/XObject")) or {}).values():
        xobject = _resolve(xobject)
        if xobject["/Subtype"] == "/Image":
            images.append(str(xobject.get("/Width")))
        elif "/Resources" in xobject:
            _page_resources(xobject["/Resources"], fonts, images)


def _alt_texts(node, found: list[str]) -> None:
    node = _resolve(node)
    if isinstance(node, DictionaryObject):
        if "/Alt" in node:
            found.append(str(node["/Alt"]))
        if "/K" in node:
            _alt_texts(node["/K"], found)
    elif isinstance(node, ArrayObject):
        for child in node:
            _alt_texts(child, found)


def test_the_pdf_draws_the_figure_as_vector_in_source_sans(example: Path) -> None:
    reader = PdfReader(example / "rol-en-werkwijze.pdf")
    pages = [p for p in reader.pages if FIGURE_WORDS in p.extract_text()]
    assert len(pages) == 1, "the figure's words are text on one page"
    fonts: set[str] = set()
    images: list[str] = []
    _page_resources(pages[0]["/Resources"], fonts, images)
    assert images == [], "the figure is no picture of pixels"
    assert fonts and all("SourceSansPro" in font for font in fonts), fonts
    alts: list[str] = []
    _alt_texts(reader.trailer["/Root"]["/StructTreeRoot"], alts)
    assert any(alt.startswith(ALT) for alt in alts)


def test_html_and_epub_embed_the_svg_with_its_alt_text(example: Path) -> None:
    html = (example / "rol-en-werkwijze.html").read_text(encoding="utf-8")
    image = next(tag for tag in re.findall(r"<img [^>]*>", html) if ALT in tag)
    assert 'src="data:image/svg+xml;base64,' in image
    with zipfile.ZipFile(example / "rol-en-werkwijze.epub") as epub:
        names = epub.namelist()
        chapters = "".join(epub.read(n).decode() for n in names if n.endswith(".xhtml"))
    assert any(n.endswith(".svg") for n in names if "/media/" in n)
    assert re.search(r'<img src="[^"]+\.svg" alt="' + re.escape(ALT), chapters)


def test_docx_and_odt_keep_the_svg_and_its_alt_text(example: Path) -> None:
    with zipfile.ZipFile(example / "rol-en-werkwijze.docx") as docx:
        document = docx.read("word/document.xml").decode()
        assert any(n.endswith(".svg") for n in docx.namelist())
    assert f'descr="{ALT}' in document and "svgBlip" in document
    with zipfile.ZipFile(example / "rol-en-werkwijze.odt") as odt:
        content = odt.read("content.xml").decode()
    frames = content.split("<draw:frame")[1:]
    frame = next(f for f in frames if ".svg" in f.split(">")[1] and 'draw:name="Logo"' not in f)
    assert f"<svg:desc>{ALT}" in frame


def test_the_fallback_png_is_drawn_in_the_figures_shape(example: Path) -> None:
    """Word shows a PNG where it cannot draw an SVG; Typst draws it with the PDF's fonts."""
    from PIL import Image

    svg = (example.parent / FIGURE).read_bytes()
    png = Image.open(BytesIO(svg_to_png(svg, font_folders(), pixels=800)))
    width, height = re.search(rb'viewBox="0 0 (\d+) (\d+)"', svg).groups()
    assert png.width == 800 and abs(png.height - 800 * int(height) / int(width)) <= 1
    assert png.convert("RGB").getpixel((0, 0)) == (255, 255, 255)
    assert (0, 82, 155) in {rgb for _, rgb in png.convert("RGB").getcolors(1 << 20)}


def test_the_fallback_of_a_tall_svg_stays_within_its_pixels() -> None:
    tall = b'<svg xmlns="http://www.w3.org/2000/svg" width="1" height="100000"><rect/></svg>'
    png = svg_to_png(tall, font_folders(), pixels=400)
    width, height = struct.unpack(">II", png[16:24])
    assert height <= 400 and width >= 1


def _embedded_png(width: int, height: int) -> str:
    header = struct.pack(">II", width, height) + b"\x08\x02\x00\x00\x00"
    png = b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + header + b"\0" * 4
    return "data:image/png;base64," + b64encode(png).decode()


HOSTILE = {
    "file-reference": (SVG + '<image href="file:///etc/passwd"/></svg>', 2),
    "internet-reference": (SVG + '<image xlink:href="http://example.org/x.png"/></svg>', 2),
    "hidden-reference": (SVG + '<rect/>\n<image href="&#102;ile:///etc/passwd"/></svg>', 3),
    "script": (SVG + "<rect/>\n<script>alert(1)</script></svg>", 3),
    "prefixed-script": (
        '<svg xmlns:s="http://www.w3.org/2000/svg">\n<s:script>alert(1)</s:script></svg>',
        2,
    ),
    "event-handler": (SVG + '<rect onclick="alert(1)"/></svg>', 2),
    "foreign-object": (SVG + "<foreignObject><p>html</p></foreignObject></svg>", 2),
    "entity": (
        '<!DOCTYPE svg [\n<!ENTITY secret SYSTEM "file:///etc/passwd">\n]>\n'
        + SVG
        + "<text>&secret;</text></svg>",
        2,
    ),
    "doctype": ('<!DOCTYPE svg SYSTEM "file:///etc/passwd">\n' + SVG + "</svg>", 1),
    "style-url": (SVG + "<style>\n.a { fill: url(https://example.org/x) }\n</style></svg>", 3),
    "style-import": (SVG + '<style>@import "https://example.org/x.css";</style></svg>', 2),
    "stylesheet": ('<?xml-stylesheet href="https://example.org/x.css"?>\n' + SVG + "</svg>", 1),
    "animated-reference": (
        SVG + '<image><set attributeName="href" to="https://example.org/x"/></image></svg>',
        2,
    ),
    "embedded-svg": (SVG + '<image href="data:image/svg+xml;base64,PHN2Zy8+"/></svg>', 2),
    "not-xml": (SVG + "<rect>\n</svg>", 3),
    # Ten uses of ten uses ... of one rectangle: ten billion elements for the renderer.
    "use-bomb": (
        SVG
        + '<g id="a0"><rect width="1" height="1"/></g>'
        + "".join(f'<g id="a{i}">' + f'<use href="#a{i - 1}"/>' * 10 + "</g>" for i in range(1, 11))
        + '\n<use href="#a10"/></svg>',
        2,
    ),
    "use-loop": (SVG + '<g id="a"><use href="#b"/></g>\n<g id="b"><use href="#a"/></g></svg>', 2),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_an_svg_that_could_run_or_fetch_is_refused_with_its_line(project: Path, case: str) -> None:
    svg, line = HOSTILE[case]
    (project / LIMITS / "assets/hostile.svg").write_text(svg, encoding="utf-8")
    page = project / LIMITS / "uses-hostile.md"
    page.write_text(
        FRONT.format(title="Hostile") + "Text.\n\n![A drawing](assets/hostile.svg)\n", "utf-8"
    )
    found = [d for d in load_project(project).diagnostics if d.path.endswith("uses-hostile.md")]
    assert [(d.code, d.line) for d in found] == [("RD315", 10)]
    assert "'hostile.svg' contains" in words(found[0])
    assert f"on line {line};" in words(found[0])


def test_a_picture_too_large_inside_an_svg_is_refused(project: Path) -> None:
    svg = SVG + f'<image href="{_embedded_png(40000, 40000)}"/></svg>'
    (project / LIMITS / "assets/hostile.svg").write_text(svg, encoding="utf-8")
    (project / LIMITS / "uses-hostile.md").write_text(
        FRONT.format(title="Hostile") + "![A drawing](assets/hostile.svg)\n", "utf-8"
    )
    codes = {d.code for d in load_project(project).diagnostics if "uses-hostile" in d.path}
    assert codes == {"RD320"}


def test_a_plain_drawing_with_embedded_picture_and_gradients_is_accepted(project: Path) -> None:
    svg = (
        '<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
        '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n' + SVG + "<defs><linearGradient "
        'id="g"/></defs><rect style="fill: url(#g)" width="9" height="9"/><use href="#g"/>'
        f'<image href="{_embedded_png(10, 10)}"/></svg>'
    )
    (project / LIMITS / "assets/plain.svg").write_text(svg, encoding="utf-8")
    (project / LIMITS / "uses-plain.md").write_text(
        FRONT.format(title="Plain") + "![A drawing](assets/plain.svg)\n", "utf-8"
    )
    assert not [d for d in load_project(project).diagnostics if "uses-plain" in d.path]


def test_a_dutch_project_hears_in_dutch_where_its_svg_reaches_out(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "project")
    (root / FIGURE).write_text(
        SVG + '<rect width="1" height="1"/>\n<image href="file:///etc/passwd"/></svg>', "utf-8"
    )
    found = [d for d in load_project(root).diagnostics if d.code == "RD315"]
    assert [(d.path, d.line) for d in found] == [
        ("contributions/grenzen/van-initiatief-tot-uitvoering.md", 12)
    ]
    said = words(found[0], "nl")
    assert said.startswith(
        "de SVG-afbeelding 'rol-van-initiatief-tot-evaluatie.svg' bevat op regel 3 een "
        "verwijzing naar een ander bestand of naar internet; sla de afbeelding opnieuw op "
        "zonder dat onderdeel, of sla haar op als PNG"
    )
    with pytest.raises(BuildRefused):
        build_document(root, formats=("html",))
    assert not (root / "build/rol-en-werkwijze.html").exists()


REPEATED_IDS = (
    SVG + '<defs><linearGradient id="a"/></defs><rect id="a" style="fill: url(#a)" width="9" '
    'height="9"/><g id="a"><rect id="a-2" width="1" height="1"/></g></svg>'
)


def _svg_ids(epub: Path) -> list[list[str]]:
    with zipfile.ZipFile(epub) as archive:
        return [
            re.findall(r'\bid="([^"]*)"', archive.read(name).decode("utf-8"))
            for name in archive.namelist()
            if name.endswith(".svg")
        ]


def test_an_svg_that_repeats_an_id_is_drawn_with_each_id_once(project: Path) -> None:
    # A real diagram repeated ids 158 times; epubcheck refuses an EPUB with one (RSC-005).
    # The first keeps its id (a renderer uses the first), later ones get a number.
    (project / LIMITS / "assets/repeats.svg").write_text(REPEATED_IDS, encoding="utf-8")
    (project / LIMITS / "uses-repeats.md").write_text(
        FRONT.format(title="Repeats") + "![A drawing](assets/repeats.svg)\n", "utf-8"
    )
    assert not load_project(project).errors
    build_document(project, formats=("epub", "pdf"))
    assert _svg_ids(project / "build/how-we-work.epub") == [["a", "a-3", "a-4", "a-2"]]
    assert (project / LIMITS / "assets/repeats.svg").read_text("utf-8") == REPEATED_IDS


@pytest.mark.office
def test_an_epub_with_an_svg_that_repeated_ids_passes_epubcheck(project: Path) -> None:
    from pipeline.qa.validators import MissingTool, epub_errors

    (project / LIMITS / "assets/repeats.svg").write_text(REPEATED_IDS, encoding="utf-8")
    (project / LIMITS / "uses-repeats.md").write_text(
        FRONT.format(title="Repeats") + "![A drawing](assets/repeats.svg)\n", "utf-8"
    )
    build_document(project, formats=("epub",))
    try:
        errors = epub_errors(project / "build/how-we-work.epub")
    except MissingTool as exc:
        missing(str(exc))
    assert not errors, errors
