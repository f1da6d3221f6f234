"""Each chapter's last lines are kept on one page (filters/tails.lua, formats/officetails.py):
the filter wraps them, the Word and OpenDocument finishers keep them together, with real
pandoc and the example as it builds."""

from __future__ import annotations

import json
import subprocess
import zipfile
from pathlib import Path

import pypandoc
from lxml import etree

from pipeline.formats.odfnames import N as O
from pipeline.formats.officetails import PREFIX, keep_docx_tails, keep_odt_tails

from .conftest import REPOSITORY, BuiltExample

FILTERS = REPOSITORY / "pipeline" / "defaults" / "filters"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SENTENCE = "Het bureau ondersteunt de gemeenten bij hun samenwerking in de regio. "


def _pandoc(markdown: str, to: str, *extra: str) -> bytes:
    return subprocess.run(
        [pypandoc.get_pandoc_path(), "-f", "markdown", "-t", to, *extra,
         "--lua-filter", str(FILTERS / "tails.lua")],
        input=markdown.encode(),
        capture_output=True,
        check=True,
    ).stdout  # fmt: skip


def _chapters() -> str:
    long = "\n\n".join(SENTENCE * 3 for _ in range(12))
    return (
        f"# Een\n\n{long}\n\n## Slot\n\nKort.\n\n- a\n- b\n\n"
        f"# Twee\n\n{long}\n\n![Schema](schema.png)\n\n"
        "# Drie\n\nEen regel.\n"
    )


def _tails(blocks: list[dict]) -> list[tuple[str, list[str]]]:
    return [
        (block["c"][0][0], [inner["t"] for inner in block["c"][1]])
        for block in blocks
        if block["t"] == "Div" and "chapter-tail" in block["c"][0][1]
    ]


def test_a_chapters_last_dozen_lines_are_wrapped_and_nothing_else() -> None:
    ast = json.loads(_pandoc(_chapters(), "json"))
    tails = _tails(ast["blocks"])
    # Chapter 1: its last paragraphs, the heading and list after them; never its heading.
    # Chapter 2 ends in a figure, larger than a tail; chapter 3 is one line.
    assert [ident for ident, _ in tails] == [f"{PREFIX}1"]
    kinds = tails[0][1]
    assert kinds[-3:] == ["Header", "Para", "BulletList"] and kinds.count("Para") >= 3
    headers = [b for b in ast["blocks"] if b["t"] == "Header" and b["c"][0] == 1]
    assert len(headers) == 3  # every chapter heading still at the top level
    words = " ".join(pypandoc.convert_text(_chapters(), "plain", format="markdown").split())
    assert " ".join(_pandoc(_chapters(), "plain").decode().split()) == words


def _glossary() -> str:
    rows = "\n".join(f"| begrip {n} | {SENTENCE * 2} |" for n in range(30))
    return f"# Begrippen\n\nInleiding.\n\n| Begrip | Betekenis |\n|---|---|\n{rows}\n"


def test_a_chapter_that_ends_in_a_long_table_keeps_its_last_rows_in_word(tmp_path: Path) -> None:
    ast = json.loads(_pandoc(_glossary(), "json"))
    [(ident, kinds)] = _tails(ast["blocks"])
    rows = int(ident.rpartition("-rows-")[2])
    assert ident.startswith(f"{PREFIX}1-rows-") and kinds == ["Table"] and 3 <= rows <= 10
    docx = tmp_path / "t.docx"
    docx.write_bytes(_pandoc(_glossary(), "docx"))
    body = etree.fromstring(zipfile.ZipFile(docx).read("word/document.xml"))
    keep_docx_tails(body)
    table_rows = list(body.iter(f"{W}tr"))
    kept = [r for r in table_rows if r.find(f".//{W}keepLines") is not None]
    assert kept == table_rows[-rows:]  # the last rows, and no other
    assert all(r.find(f".//{W}keepNext") is not None for r in kept[:-1])
    assert kept[-1].find(f".//{W}keepNext") is None
    # OpenDocument cannot keep a row with the next: its table is left as it was.
    odt = tmp_path / "t.odt"
    odt.write_bytes(_pandoc(_glossary(), "odt"))
    content = etree.fromstring(zipfile.ZipFile(odt).read("content.xml"))
    assert keep_odt_tails(content) == 1 and b"Roledoc_Keep" not in etree.tostring(content)
    # Nor can Typst: the table is written as it is, with no tail around it.
    typst = subprocess.run(
        [pypandoc.get_pandoc_path(), "-f", "markdown", "-t", "typst",
         "--lua-filter", str(FILTERS / "tails.lua"), "--lua-filter", str(FILTERS / "typst.lua")],
        input=_glossary().encode(), capture_output=True, check=True,
    ).stdout.decode()  # fmt: skip
    assert "#roledoc-tail(" not in typst and "begrip 29" in typst


def test_the_short_edition_has_no_tails() -> None:
    ast = json.loads(_pandoc(_chapters(), "json", "-M", "summary-edition=true"))
    assert _tails(ast["blocks"]) == []


def test_word_keeps_a_tail_together_and_drops_its_bookmark(tmp_path: Path) -> None:
    docx = tmp_path / "t.docx"
    docx.write_bytes(_pandoc(_chapters(), "docx"))
    body = etree.fromstring(zipfile.ZipFile(docx).read("word/document.xml"))
    assert keep_docx_tails(body) == 1
    assert not [b for b in body.iter(f"{W}bookmarkStart") if PREFIX in b.get(f"{W}name")]
    paragraphs = list(body.iter(f"{W}p"))
    kept = [p for p in paragraphs if p.find(f"{W}pPr/{W}keepLines") is not None]
    assert len(kept) >= 6  # three paragraphs, the heading, its paragraph, two list items
    assert all(p.find(f"{W}pPr/{W}keepNext") is not None for p in kept[:-1])
    assert kept[-1].find(f"{W}pPr/{W}keepNext") is None  # the last keeps only together
    assert "".join(kept[-1].itertext()) == "b"
    for p in kept:  # schema order: pStyle, keepNext, keepLines first
        names = [etree.QName(child).localname for child in p.find(f"{W}pPr")]
        assert names[: len(names)] == sorted(
            names, key=lambda n: {"pStyle": 0, "keepNext": 1, "keepLines": 2}.get(n, 9)
        )


def test_an_opendocument_keeps_a_tail_together_in_styles_of_its_own(tmp_path: Path) -> None:
    odt = tmp_path / "t.odt"
    odt.write_bytes(_pandoc(_chapters(), "odt"))
    content = etree.fromstring(zipfile.ZipFile(odt).read("content.xml"))
    assert keep_odt_tails(content) == 1
    assert not list(content.iter(O("text:section")))
    styles = {s.get(O("style:name")): s for s in content.iter(O("style:style"))}
    kept = [
        node
        for node in content.iter(O("text:p"), O("text:h"))
        if (node.get(O("text:style-name")) or "").startswith("Roledoc_Keep")
    ]
    assert len(kept) >= 6 and "".join(kept[-1].itertext()) == "b"
    for node in kept:
        style = styles[node.get(O("text:style-name"))]
        properties = style.find(O("style:paragraph-properties"))
        assert properties.get(O("fo:keep-together")) == "always"
        last = node is kept[-1]
        assert properties.get(O("fo:keep-with-next")) == (None if last else "always")
        # the list's own automatic style is copied, not named as a parent
        assert style.get(O("style:parent-style-name")) not in {"P1", "P2"}


def test_the_examples_office_files_keep_every_chapters_tail(built_example: BuiltExample) -> None:
    out = built_example.out
    document = zipfile.ZipFile(out / "rol-en-werkwijze.docx").read("word/document.xml")
    content = zipfile.ZipFile(out / "rol-en-werkwijze.odt").read("content.xml")
    assert PREFIX.encode() not in document and PREFIX.encode() not in content
    assert document.count(b"<w:keepLines") >= 5 * 4  # five chapters with a tail, or more
    assert content.count(b'fo:keep-together="always"') >= 2
