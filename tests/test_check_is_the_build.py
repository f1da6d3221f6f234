"""check's verdict is the build's, on pages made of what real collections of Dutch government
Markdown hold: character references to emoji and CJK, damaged, tall and duplicate-id
images, other dialects' blocks and attributes, MDX lines, diagrams, alerts in lists, task
lists, long code lines. Whatever hypothesis puts together, check either refuses it naming
the page and its line, or the build makes every format, and the EPUB passes epubcheck."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from pipeline.qa.validators import epub_errors

from .commands import roledoc
from .test_properties import fresh

PAGE = "contributions/limits/where-it-ends.md"
ASSETS = "contributions/limits/assets"
FORMATS = {"pdf": "pdf", "docx": "docx", "html": "html", "epub": "epub", "odt": "odt"}


def _png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (30, 90, 160)).save(out, "PNG")
    return out.getvalue()


def _gif(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("P", (width, height), 3).save(out, "GIF")
    return out.getvalue()


IMAGES = {
    "good.png": _png(120, 80),
    "tall.png": _png(100, 400),  # a warning at check (RD409), not an error
    "truncated.png": _png(120, 80)[:60],
    "truncated.gif": _gif(120, 80)[:40],
    "repeated-ids.svg": (
        b'<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10">'
        b'<defs><linearGradient id="a"/></defs><rect id="a" width="9" height="9"/>'
        b'<g id="a"><rect id="a" x="10" width="9" height="9"/></g></svg>'
    ),
}
# What the build makes the same as GitHub shows it (or as near as a page can: the tall image is
# a warning), and what check refuses alone, at its line: emoji and CJK the fonts lack (also as
# character references), damaged or missing images, other dialects' attributes, MDX, blocks
# and diagrams GitHub would not draw.
BUILT_ALONE = [
    "Gewone verwijzingen: &amp; &copy; &#169; &#x2014; &eacute;.",
    "![Een goed plaatje](assets/good.png)",
    "![Een hoog plaatje](assets/tall.png)",
    "![Een tekening met dubbele ids](assets/repeated-ids.svg)",
    "Niet ~dit~ maar dat.",
    "- een punt\n\n  > [!NOTE]\n  > een melding in een lijst",
    "> [!WARNING]\n> Let op.",
    "- [ ] een taak\n- [x] een klaar taak",
    "```text\nwaarde = " + "abcdefghij" * 20 + "\n```",
    "| kolom | andere |\n|---|---|\n| een | twee |",
    "Een zin met een voetnoot.[^noot]\n\n[^noot]: De noot zelf.",
    "`code` en **vet** en *schuin*.",
    # read as GitHub reads them (text/githubtext.py, tests/test_gfm_conformance.py)
    "Een tabel direct onder tekst:\n| a | b |\n|---|---|\n| c | d |\nlos",
    "~~[een link](https://example.org)~~ en ~~www.example.org~~ doorgehaald.",
    "Hier ~~~drie~~~ tildes en ~een~.",
]
REFUSED_ALONE = [
    "Bestanden staan op ftp://files.example.org/pub.",
    "Een emoji als verwijzing: &#x1F600; en &#127881;.",
    "## Kop met &#127881;",
    "Chinees als verwijzing: &#x4E2D;&#x6587;.",
    "Een emoji 😀 en 中文 letterlijk.",
    "![Een afgebroken PNG](assets/truncated.png)",
    "![Een afgebroken GIF](assets/truncated.gif)",
    "![Een plaatje dat er niet is](assets/missing.png)",
    'Zie de [wet](https://example.org/wet){:target="_blank"} hierover.',
    "Zie de [regeling](https://example.org/regeling){target=_blank}.",
    'import Tabs from "@theme/Tabs";',
    '<Tabs>\n<TabItem value="a">\n\nTekst in een tab.\n\n</TabItem>\n</Tabs>',
    ":::danger[Verouderd]\nNiet meer gebruiken.\n:::",
    ":::tip\nEen tip.\n:::",
    "!!! note\n    Een blok uit MkDocs.",
    "```mermaid\ngraph TD; A-->B;\n```",
]
CONSTRUCTS = BUILT_ALONE + REFUSED_ALONE
# Half of the constructs are refused alone, so a page of several drawn evenly would seldom
# reach the build: a page is up to five that build alone, in any order with at most one drawn
# from all of them.
PAGES = (
    st.tuples(
        st.lists(st.sampled_from(BUILT_ALONE), min_size=1, max_size=5),
        st.lists(st.sampled_from(CONSTRUCTS), max_size=1),
    )
    .flatmap(lambda drawn: st.permutations(drawn[0] + drawn[1]))
    .map("\n\n".join)
)
_PROJECTS: dict[str, Path] = {}


def _project(tmp_path_factory, name: str) -> Path:
    """One copy of the fixture per test, with its images and all five formats; each example
    rewrites the page."""
    if name not in _PROJECTS:
        root = fresh(tmp_path_factory, name)
        for image, data in IMAGES.items():
            (root / ASSETS / image).write_bytes(data)
        document = root / "document.yaml"
        text = document.read_text("utf-8")
        text = re.sub(r"(?m)^formats: .*$", f"formats: [{', '.join(FORMATS)}]", text)
        document.write_text(text, "utf-8")
        _PROJECTS[name] = root
    return _PROJECTS[name]


def _check_then_build(root: Path, body: str) -> Path | None:
    """Write the page; if check accepts it, build: the EPUB, or None when check refused."""
    page = root / PAGE
    page.write_text(
        "---\ntitle: Where it ends\nauthors: [carol]\nstatus: accepted\ndate: 2017-04-01\n"
        f"summary: The office stops where execution begins.\n---\n{body}\n",
        encoding="utf-8",
    )
    checked = roledoc(root, "check", timeout=120)
    said = checked.stdout + checked.stderr
    assert "Traceback" not in said, said
    assert checked.returncode in (0, 1), said
    if checked.returncode == 1:
        assert re.search(rf"{re.escape(PAGE)}:\d+", said), said  # the page and its line
        return None
    built = roledoc(root, "build", timeout=300)
    assert built.returncode == 0, f"check accepted, the build refused:\n{body}\n{built.stderr}"
    outputs = {path.suffix.lstrip(".") for path in (root / "build").glob("how-we-work.*")}
    assert set(FORMATS.values()) <= outputs, outputs
    return root / "build/how-we-work.epub"


def test_each_construct_alone_is_refused_at_its_line_or_builds(tmp_path_factory) -> None:
    root = _project(tmp_path_factory, "alone")
    refused = [c for c in CONSTRUCTS if _check_then_build(root, c) is None]
    assert refused == REFUSED_ALONE


@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
@given(body=PAGES)
def test_a_page_check_accepts_builds_in_every_format(tmp_path_factory, body: str) -> None:
    _check_then_build(_project(tmp_path_factory, "pages"), body)


@pytest.mark.office  # epubcheck needs Java
@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
@given(body=PAGES)
def test_a_page_check_accepts_makes_an_epub_epubcheck_passes(tmp_path_factory, body) -> None:
    epub = _check_then_build(_project(tmp_path_factory, "epub"), body)
    if epub is not None:
        assert epub_errors(epub) == [], body
