"""The office files' XML parts as trees (issue 28): read safely, written back byte for byte
where nothing changed, and as the same XML (canonically equal) where something did, however
the part was written."""

from __future__ import annotations

import pytest
from lxml import etree

from pipeline.formats.officexml import Names, Part, drop, insert_after, parse, prepend

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
N = Names(w=W)
# As pandoc writes a Word part: " />", &#39; and &quot; in text, a line of white space, an
# element written by a Lua filter in another way ("/>"), and a pair with nothing between.
WORD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    f'<w:document xmlns:w="{W}" xmlns:r="urn:r">\n<w:body>\n'
    '    <w:p><w:pPr><w:pStyle w:val="Heading1" /></w:pPr>'
    '<w:r><w:t xml:space="preserve">Foto&#39;s &amp; &quot;tekst&quot; &gt; 1</w:t></w:r>'
    '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:t></w:t></w:r></w:p>\n'
    "    <w:p attr = 'single \"quoted\"' ><w:r><w:tab /></w:r></w:p>\n"
    "</w:body>\n</w:document>\n"
).encode()


def canonical(data: bytes) -> bytes:
    return etree.tostring(parse(data), method="c14n")


def test_an_unchanged_part_comes_out_as_it_went_in() -> None:
    assert Part(WORD, " />").bytes() == WORD


def test_only_what_changed_is_written_anew() -> None:
    part = Part(WORD, " />")
    body = part.root[0]
    heading, other = body[0], body[1]
    heading.find(N("w:r")).find(N("w:t")).text = "Foto's"
    insert_after(heading[0], N.make("w:bookmarkStart", {"w:id": "1", "w:name": "a"}))
    other.set("attr", "x")
    drop(other[0])
    out = part.bytes()
    assert out.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<w:document')
    assert b'<w:pStyle w:val="Heading1" /></w:pPr><w:bookmarkStart w:id="1" w:name="a" />' in out
    assert b'<w:t xml:space="preserve">Foto\'s</w:t>' in out  # changed text: escaped anew
    assert b'<w:fldChar w:fldCharType="begin"/>' in out  # unchanged: as it came
    assert b'<w:p attr="x"></w:p>' in out
    expected = parse(WORD)
    expected[0][0].find(N("w:r")).find(N("w:t")).text = "Foto's"
    expected[0][0][0].addnext(
        etree.fromstring(f'<w:bookmarkStart xmlns:w="{W}" w:id="1" w:name="a"/>')
    )
    expected[0][1].set("attr", "x")
    expected[0][1].remove(expected[0][1][0])
    assert canonical(out) == etree.tostring(expected, method="c14n")


def test_a_new_element_declares_a_namespace_its_place_does_not_know() -> None:
    part = Part(WORD, " />")
    svg = Names(asvg="urn:svg", r="urn:r")
    part.root[0][1].append(svg.make("asvg:svgBlip", {"r:embed": "rId1"}))
    assert b'<asvg:svgBlip xmlns:asvg="urn:svg" r:embed="rId1" />' in part.bytes()


def test_new_elements_are_made_in_order_with_their_text() -> None:
    paragraph = N.make("w:p", {"w:a": "1", "w:b": "2"}, "one", N.make("w:tab"), "two")
    part = Part(WORD, "/>")
    prepend(part.root[0], paragraph)
    out = part.bytes()
    assert b'<w:body><w:p w:a="1" w:b="2">one<w:tab/>two</w:p>\n    <w:p>' in out


@pytest.mark.parametrize(
    "xml",
    [
        b"<a><![CDATA[<b>]]></a>",  # CDATA: written anew
        b"<a>&amp;</a>",
        b"<a><!-- note --><b>x</b><?pi data?></a>",
        b'<?xml version="1.0"?><!DOCTYPE a [<!ELEMENT a ANY>]><a>t</a>',
        b"<a>\r\nline</a>",
    ],
)
def test_any_part_comes_back_as_the_same_xml(xml: bytes) -> None:
    part = Part(xml, "/>")
    part.root.append(etree.Element("new"))
    out = part.bytes()
    assert canonical(out) == etree.tostring(part.root, method="c14n")
    assert (b"<!DOCTYPE" in out) == (b"<!DOCTYPE" in xml)


def test_entities_are_not_expanded_nor_fetched() -> None:
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY l "lol">'
        b'<!ENTITY m "&l;&l;&l;&l;&l;&l;&l;&l;&l;&l;">]><a>&m;</a>'
    )
    assert "lol" not in (parse(laughs).text or "")
    outside = (
        b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>'
    )
    assert "root:" not in etree.tostring(parse(outside)).decode()
