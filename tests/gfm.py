"""GitHub's own Markdown specification as a yardstick: the examples of the GFM spec
(tests/fixtures/gfm/, from github/cmark-gfm), each with the HTML GitHub makes of it.

`examples()` reads them; `project(folder)` writes one contribution per example into a new
English project; `expected_words` and `blocks` say what GitHub's HTML shows: its words, and
its block structure (paragraphs, lists and items, tables, code, quotes, headings, rules).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import lxml.etree
import lxml.html

from pipeline.qa.fidelity import words

SPEC = Path(__file__).parent / "fixtures" / "gfm"
FENCE = "`" * 32
_EXAMPLE = re.compile(
    rf"^{FENCE} example([^\n]*)\n(.*?)^\.\n(.*?)^{FENCE}$", re.MULTILINE | re.DOTALL
)
THEME = "how-we-work"


@dataclass(frozen=True)
class Example:
    number: int  # the spec's own number; extensions.txt's follow spec.txt's
    source: str  # spec.txt or extensions.txt
    line: int  # where the example starts in its file
    section: str
    markdown: str
    html: str
    extensions: tuple[str, ...]  # those the spec runs it with (extensions.txt: all of them)

    @property
    def id(self) -> str:
        return f"gfm-{self.number:03d}"

    @property
    def path(self) -> str:
        return f"contributions/{THEME}/{self.id}.md"


GITHUB = ("table", "strikethrough", "autolink", "tagfilter", "footnotes", "tasklist")


def examples() -> list[Example]:
    """Every example of spec.txt and extensions.txt that cmark-gfm's own tests run (not those
    marked `disabled`), tabs written as the spec's →."""
    found: list[Example] = []
    number = 0  # as the spec numbers them (spec.txt's disabled ones too), extensions.txt after
    for source in ("spec.txt", "extensions.txt"):
        text = (SPEC / source).read_text(encoding="utf-8")
        for match in _EXAMPLE.finditer(text):
            number += 1
            tags = tuple(match[1].split())
            if "disabled" in tags:
                continue
            before = text[: match.start()]
            headings = re.findall(r"^#+ (.*)$", before, re.MULTILINE)
            found.append(
                Example(
                    number=number,
                    source=source,
                    line=before.count("\n") + 1,
                    section=headings[-1] if headings else "",
                    markdown=match[2].replace("→", "\t"),
                    html=match[3].replace("→", "\t"),
                    extensions=GITHUB if source == "extensions.txt" else tags,
                )
            )
    return found


FRONT = """---
title: Example {number}
authors: [editors]
status: accepted
date: 2026-01-01
---

"""
FRONT_LINES = FRONT.count("\n")  # the example's first line is the file's line FRONT_LINES + 1


def write_examples(root: Path, chosen: list[Example]) -> None:
    for example in chosen:
        path = root / example.path
        path.write_text(FRONT.format(number=example.number) + example.markdown, encoding="utf-8")


def _fragment(example: Example) -> lxml.html.HtmlElement:
    try:
        return lxml.html.fragment_fromstring(example.html, create_parent="div")
    except lxml.etree.ParserError:  # only a comment, say: nothing a reader sees
        return lxml.html.fragment_fromstring("<div></div>")


def expected_words(example: Example) -> Counter[str]:
    """The words GitHub shows for the example: the text of its HTML (no attributes), without
    the numbers and arrows of its footnote marks (the document numbers its own notes), and
    with a code span as words of its own, as roledoc counts them (pipeline/qa/fidelity.py)."""
    if not example.html.strip():
        return Counter()
    fragment = _fragment(example)
    for mark in fragment.xpath('//sup[@class="footnote-ref"] | //a[@class="footnote-backref"]'):
        mark.drop_tree()
    for code in fragment.iter("code"):
        code.text, code.tail = f" {code.text or ''}", f" {code.tail or ''}"
    return words(fragment.text_content())


# The block elements whose structure must agree; a heading's level is the document's own (a
# contribution's headings sit below its title), so every h1-h6 is one kind.
BLOCKS = {"p", "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td", "pre", "blockquote"}
BLOCKS |= {"hr"} | {f"h{n}" for n in range(1, 7)}


# What the document adds around a contribution (its byline and status note) and GitHub around
# an example (the footnotes, which the document gathers at the end of the page).
FURNITURE = {"byline", "status-note", "footnotes"}


def blocks(element: lxml.html.HtmlElement) -> list[str]:
    """The element's block structure, depth first: tag names, headings as "h", with "/" closing
    each container. Paragraphs inside list items are left out (tight and loose lists differ
    only in them), as are empty paragraphs and the FURNITURE."""
    found: list[str] = []
    for child in element.iterchildren():
        if not isinstance(child.tag, str) or FURNITURE & set(child.classes):
            continue
        tag = child.tag.lower()
        if tag in BLOCKS:
            if tag == "tbody" and not len(child):  # pandoc writes one for a header-only table
                continue
            if tag == "p" and (element.tag == "li" or not child.text_content().strip()):
                found += blocks(child)
                continue
            name = "h" if tag.startswith("h") and tag != "hr" else tag
            inner = blocks(child)
            found += [name, *inner, "/"] if inner else [name]
        else:
            found += blocks(child)
    return found


# The inline elements that must agree: emphasis, strong, struck-through text, code, links.
INLINES = {"em": "em", "strong": "strong", "del": "del", "s": "del", "code": "code", "a": "a"}


def inlines(element: lxml.html.HtmlElement) -> Counter[str]:
    """How many of each INLINES element the element holds (outside its FURNITURE and
    footnote marks, and code blocks' own <code>)."""
    found: Counter[str] = Counter()
    for node in element.iter():
        if not isinstance(node.tag, str) or node.tag not in INLINES:
            continue
        around = [node, *node.iterancestors()]
        if any(FURNITURE & set(n.classes) or "footnote-ref" in n.classes for n in around):
            continue
        if node.tag == "code" and node.getparent() is not None and node.getparent().tag == "pre":
            continue
        if node.tag == "a" and not node.get("href"):
            continue
        found[INLINES[node.tag]] += 1
    return found


def expected_inlines(example: Example) -> Counter[str]:
    return inlines(_fragment(example)) if example.html.strip() else Counter()


def expected_blocks(example: Example) -> list[str]:
    if not example.html.strip():
        return []
    return blocks(_fragment(example))
