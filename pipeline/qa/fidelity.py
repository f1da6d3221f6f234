"""Nothing lost: the words the included texts bring in, against the words each output shows.

Words in are the titles and bodies of the chapters and included contributions, each body read
the way the build reads it (pandoc, the project's reader) so that Markdown syntax is not
counted. Words out are the text of each output: the PDF's pages as PDFium reads them
(`pdftext`) and its alt texts from the tags (pypdf), DOCX and ODT from their XML, HTML and
EPUB read back by pandoc. Both are compared as multisets: only words that the outputs lack
count; words a document adds (title page, bylines, contents, labels) do not.

A word is a run of letters and digits. Text is normalised first (NFKC, so ligatures and
composed letters compare equal; case folded; invisible format characters such as the soft
hyphen and the zero-width space removed), then every other character separates words:
"'s-Hertogenbosch" is the words "s" and "hertogenbosch", "coördinatie" is one word. A code
span is words of its own, in the source as in every output, also where it touches a word
(`parent_span_id`controlerenKenteken): the PDF sets code apart by its fixed-pitch font
(`pdftext`), DOCX and ODT by pandoc's code style.

Typst hyphenates justified text, so in the PDF a line that ends in a word (with or without a
hyphen) may continue it on the next line: both readings count, the two parts and the joined
word ("proces-" + "ondersteuning" also counts "procesondersteuning"). A footnote number set
against a word ("samenwerking4") also counts the word without it.

Text that is in an output but cannot be read there (rows printed over each other, a line that
runs off the page) is still text to PDFium: the check finds lost words, not unreadable ones.
"""

from __future__ import annotations

import json
import re
import tempfile
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any, cast

from ..assemble.assemble import select_contributions
from ..check.project import load_project
from ..core.model import FORMATS
from ..formats.registry import SPECS
from ..formats.render import convert_texts, read_document
from ..publish.compose import BODY_FORMAT
from ..read.templates import Templates
from ..text.githubtext import as_github_reads

_WORD = re.compile(r"[^\W_]+")
_JOINABLE_END = re.compile(r"[^\W_][-\u00ad\u2010\u2011]?$")  # hyphen, soft hyphen
_JOINABLE_START = re.compile(r"^[^\W_]")
# Inline nodes whose parts run on without a break ("proces*ondersteuning*" is one word).
_RUN_ON = {"Emph", "Strong", "Underline", "Strikeout", "Superscript", "Subscript", "SmallCaps"}
_RUN_ON |= {"Quoted", "Span", "Link", "Cite"}
_NOTE_NUMBER = re.compile(r"^[0-9]+(?=[^\W\d_])|(?<=[^\W\d_])[0-9]+$")
_SPACES = {"Space", "SoftBreak", "LineBreak"}
_ALERTS = {"note", "tip", "important", "warning", "caution"}
EXAMPLES = 20


def tokens(text: str) -> list[str]:
    """The words of a text in reading order (see the module's word rule)."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    return _WORD.findall(unicodedata.normalize("NFKC", text))


def words(text: str) -> Counter[str]:
    """The words of a text as a multiset."""
    return Counter(tokens(text))


def drawn_hyphens(text: str) -> str:
    """PDF text with Typst's line-end hyphen as the "-" it draws: Typst 0.15 maps a glyph to
    one character for the whole PDF, so its hyphen reads as a soft hyphen (U+00AD)."""
    return text.replace("\u00ad", "-")


def pdf_words(text: str) -> Counter[str]:
    """The words of PDF text, with a word split over lines counted joined as well."""
    # Typst 0.15 maps a glyph to one character for the whole PDF: once the hyphen has ended
    # a hyphenated line, "RACI-schema" reads as "RACI\u00adschema" too. In a PDF a soft
    # hyphen is a drawn one, so it separates words like one.
    lines = [line.strip() for line in drawn_hyphens(text).splitlines()]
    found = words("\n".join(lines))
    for index, line in enumerate(lines):
        current, joined = line, ""
        for following in lines[index + 1 :]:
            if not (_JOINABLE_END.search(current) and _JOINABLE_START.match(following)):
                break
            rest = tokens(following)
            joined = (joined or tokens(current)[-1]) + rest[0]
            found[joined] += 1
            if len(rest) > 1:
                break  # only a line that is one word (a long address, code) goes on
            current = following
    # A footnote starts with its number set right against its first word: "22024: note." is
    # note 2, "2024: note.", so a number that starts a line also counts without its first
    # digit or two.
    for line in lines:
        first = tokens(line)[:1]
        if first and first[0].isdigit() and len(first[0]) > 1:
            found.update(first[0][cut:] for cut in (1, 2) if len(first[0]) > cut)
    # A footnote number is set right against its word ("samenwerking4", "4Ook"): the text
    # has no space there, so the word counts without the number as well.
    for word, count in list(found.items()):
        bare = _NOTE_NUMBER.sub("", word)
        if bare and bare != word:
            found[bare] += count
    return found


PAGE_FURNITURE = 3  # lines of running header or footer around a page's text


def across_pages(before: str, after: str) -> Counter[str]:
    """A word broken at the foot of a page and ended at the top of the next, past the footer
    and the running header: counted joined ("reke-" ... "ning" is "rekening")."""
    before = drawn_hyphens(before)
    tail = [line.strip() for line in before.splitlines() if line.strip()][-PAGE_FURNITURE:]
    head = [line.strip() for line in after.splitlines() if line.strip()][:PAGE_FURNITURE]
    # Code is broken anywhere, without a hyphen: a letter at the end is enough.
    end = next((line for line in reversed(tail) if re.search(r"[^\W\d_]-?$", line)), None)
    start = next((line for line in head if line[:1].islower()), None)
    if end is None or start is None or not tokens(end) or not tokens(start):
        return Counter()
    return Counter({tokens(end)[-1] + tokens(start)[0]: 1})


def ast_text(node: object) -> str:
    """The readable text of a pandoc JSON AST (or part of one), blocks on lines of their own.
    Alert titles that the reader adds ("Note") are left out: the participant wrote a marker,
    which a document may show in its own language."""
    parts: list[str] = []
    _collect(node, parts)
    return "".join(parts)


def _collect(node: object, parts: list[str]) -> None:
    if isinstance(node, list):
        for item in node:
            _collect(item, parts)
        return
    if not isinstance(node, dict):
        return  # attributes, addresses and other strings outside text nodes
    if "blocks" in node:
        _collect(node["blocks"], parts)
        return
    kind = node.get("t")
    content: Any = node.get("c")  # its shape depends on `kind`
    if kind == "Str":
        parts.append(content)
    elif kind in _SPACES:
        parts.append(" ")
    elif kind in {"Code", "Math", "RawInline"}:
        parts.append(f" {content[1]} ")
    elif kind in {"CodeBlock", "RawBlock"}:
        parts.append(f"\n{content[1]}\n")
    elif kind in _RUN_ON:
        _collect(content, parts)
    elif kind == "LineBlock":
        for line in content:
            _collect(line, parts)
            parts.append("\n")
    elif kind == "Div" and _ALERTS & set(content[0][1]):
        parts.append("\n")
        _collect([b for b in content[1] if "title" not in _classes(b)], parts)
        parts.append("\n")
    else:
        parts.append("\n")
        _collect(content, parts)
        parts.append("\n")


def _classes(block: dict) -> list[str]:
    return block["c"][0][1] if block.get("t") == "Div" else []


@dataclass(frozen=True)
class Result:
    """One output against the words in: what it lacks, and which texts those words came from."""

    fmt: str
    words_in: int
    words_out: int
    missing: Counter[str]
    origins: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.missing

    @property
    def lost(self) -> int:
        return sum(self.missing.values())

    def examples(self, limit: int = EXAMPLES) -> list[tuple[str, int, tuple[str, ...]]]:
        """Up to `limit` missing words, most missed first: (word, times, source paths)."""
        return [
            (word, count, self.origins.get(word, ()))
            for word, count in self.missing.most_common(limit)
        ]


def compare(fmt: str, sources: dict[str, Counter[str]], found: Counter[str]) -> Result:
    """The words of `sources` (path -> words) that `found` lacks."""
    total: Counter[str] = Counter()
    for counted in sources.values():
        total.update(counted)
    missing = total - found
    # A common word ("een") occurs in many texts; the text that holds the most of the missing
    # words is the likeliest to have lost it, so it is named first.
    likely = {path: sum(word in counted for word in missing) for path, counted in sources.items()}
    origins = {
        word: tuple(
            sorted(
                (path for path, counted in sources.items() if word in counted),
                key=lambda path: -likely[path],
            )
        )
        for word in missing
    }
    return Result(fmt, total.total(), found.total(), missing, origins)


def input_words(root: Path, draft: bool = False) -> dict[str, Counter[str]]:
    """The words of every chapter and included contribution (title and body), per path."""
    project = load_project(root)
    selection = select_contributions(project, draft)
    titles = {s.path: s.title for s, _ in selection.chapters}
    bodies = {s.path: s.body for s, _ in selection.chapters}
    for c in selection.included:
        titles[c.path], bodies[c.path] = c.title, c.body
    with tempfile.TemporaryDirectory(prefix="roledoc-fidelity-") as folder:
        staging = Path(folder)
        templates = Templates(root)
        for name in ("pandoc/convert.lua",):
            (staging / "templates" / name).parent.mkdir(parents=True, exist_ok=True)
            (staging / "templates" / name).write_text(templates.read(name), encoding="utf-8")
        texts = {path: as_github_reads(body).text for path, body in bodies.items() if body.strip()}
        trees = convert_texts(texts, BODY_FORMAT, "json", staging, 0)
    return {
        path: words(title) + words(ast_text(json.loads(trees[path])))
        if path in trees
        else words(title)
        for path, title in titles.items()
    }


def output_words(path: Path, fmt: str) -> Counter[str]:
    """The words an output shows; for a PDF also its alt texts, which live in its tags."""
    if fmt == "pdf":
        return pdf_text_words(path)
    if fmt == "docx":
        return docx_words(path)
    if fmt == "odt":
        return odt_words(path)
    with tempfile.TemporaryDirectory(prefix="roledoc-fidelity-") as folder:
        ast = read_document(path.resolve(), fmt, Path(folder) / "media")
    return words(ast_text(ast["blocks"]))


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DOCX_PARTS = ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml")
_DOCX_CODE = "VerbatimChar"  # pandoc's character style for a code span


def docx_words(path: Path) -> Counter[str]:
    """The words of a Word file as Word shows them: every paragraph's text runs, in the body
    and the notes, and the images' descriptions. (pandoc reading the file back runs the items
    of a task list together, which would count words as lost that are there.)"""
    import zipfile
    from xml.etree import ElementTree

    found: Counter[str] = Counter()
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        for part in (name for name in _DOCX_PARTS if name in names):
            root = ElementTree.fromstring(archive.read(part))
            for paragraph in root.iter(f"{_W}p"):
                found.update(words("".join(_run_text(run) for run in paragraph.iter(f"{_W}r"))))
            for node in root.iter():
                if node.tag.endswith("}docPr") and node.get("descr"):
                    found.update(words(node.get("descr", "")))
    return found


def _run_text(run) -> str:
    """A Word run's text; tabs and breaks count as spaces, and code (pandoc's VerbatimChar
    style) stands apart from the text it touches, as a code span does in the source."""
    text = "".join(
        node.text or "" if node.tag == f"{_W}t" else " "
        for node in run
        if node.tag in (f"{_W}t", f"{_W}tab", f"{_W}br")
    )
    style = run.find(f"{_W}rPr/{_W}rStyle")
    code = style is not None and style.get(f"{_W}val") == _DOCX_CODE
    return f" {text} " if code else text


_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_SVG_TEXT = ("{urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0}desc",)
_ODT_CODE = "Source_Text"  # pandoc's text style for a code span


def odt_words(path: Path) -> Counter[str]:
    """The words of an OpenDocument file: every paragraph and heading (notes included), and
    the images' descriptions, read from its XML."""
    import zipfile
    from xml.etree import ElementTree

    with zipfile.ZipFile(path) as archive:
        root = ElementTree.fromstring(archive.read("content.xml"))
    found: Counter[str] = Counter()
    for node in root.iter():
        if node.tag in (f"{_TEXT}p", f"{_TEXT}h"):
            found.update(words(_odt_text(node)))
        elif node.tag in _SVG_TEXT and node.text:
            found.update(words(node.text))
    return found


def _odt_text(node) -> str:
    """A paragraph's own text; spaces, tabs and line breaks count as spaces, code stands
    apart from the text it touches, and a nested paragraph (a note) is read on its own."""
    parts = [node.text or ""]
    for child in node:
        if child.tag not in (f"{_TEXT}p", f"{_TEXT}h", f"{_TEXT}note"):
            if child.tag in (f"{_TEXT}s", f"{_TEXT}tab", f"{_TEXT}line-break"):
                parts.append(" ")
            elif child.get(f"{_TEXT}style-name") == _ODT_CODE:
                parts.append(f" {_odt_text(child)} ")
            else:
                parts.append(_odt_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def pdf_text_words(path: Path) -> Counter[str]:
    from pypdf import PdfReader
    from pypdf.generic import DictionaryObject

    from .pdftext import page_texts

    pages = page_texts(path, code_apart=True)
    reader = PdfReader(path)
    found = pdf_words("\n".join(pages))
    for before, after in pairwise(pages):
        found.update(across_pages(before, after))
    root = cast(DictionaryObject, reader.trailer["/Root"])  # a catalogue is a dictionary
    tree = root.get("/StructTreeRoot")
    for alt in _alt_texts(tree.get_object() if tree is not None else None, 0):
        found.update(words(alt))
    return found


def _alt_texts(node: object, depth: int) -> list[str]:
    from pypdf.generic import ArrayObject, DictionaryObject

    if depth > 200 or node is None:
        return []
    node = node.get_object() if hasattr(node, "get_object") else node
    if isinstance(node, ArrayObject):
        return [alt for item in node for alt in _alt_texts(item, depth + 1)]
    if not isinstance(node, DictionaryObject):
        return []
    found = [str(node["/Alt"])] if "/Alt" in node else []
    return found + _alt_texts(node.get("/K"), depth + 1)


def measure(root: Path, out_dir: Path) -> dict[str, Result]:
    """Every output in `out_dir` (as `roledoc build` left it) against the project's texts."""
    report = json.loads((out_dir / "report.json").read_text(encoding="utf-8"))
    settings = load_project(root).settings
    assert settings is not None
    sources = input_words(root, bool(report.get("draft")))
    results = {}
    for fmt in FORMATS:
        path = out_dir / SPECS[fmt].file(settings.output)
        if path.is_file():
            results[fmt] = compare(fmt, sources, output_words(path, fmt))
    return results


def describe(result: Result, limit: int = 5) -> str:
    """One line: the words in and out, and what is missing with where it came from."""
    head = f"{result.words_in} words in, {result.words_out} out, {result.lost} missing"
    if result.ok:
        return head
    shown = ", ".join(
        f"{word} {count}x ({', '.join(origins[:2])})"
        if count > 1
        else f"{word} ({', '.join(origins[:2])})"
        for word, count, origins in result.examples(limit)
    )
    return f"{head}: {shown}"
