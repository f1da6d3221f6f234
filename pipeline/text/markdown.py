"""Markdown bodies: a real parse with source lines, and the rules that only need one body.

A body is read the way GitHub reads it: CommonMark with GitHub's extensions (pipe tables,
strikethrough, footnotes, task lists, alerts). The build reads it with pandoc's `gfm` reader
(`defaults/pandoc/normalize.lua`), so both readers follow the same specification; a property
test (tests/test_parity.py) holds them to the same headings, ids, links and images.
markdown-it-py parses about ten times faster than a pandoc process, which keeps `check` of
thousands of contributions under a second, and it gives every block its source lines.
Syntax of other dialects that GitHub prints as text (MkDocs admonitions, attribute lists,
pandoc's fenced divs) is reported with its line and the GitHub way to write it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from ..core.model import BodyFacts, Heading, Image, Link, Position
from .language import LanguageChecker, Readability, prose_runs

# Typst refuses ("maximum show rule depth exceeded") at 18 nested block quotes or 35 nested
# lists; pandoc's reader slows down exponentially on nested square brackets. These limits stay
# well below both and well above anything a real text needs.
MAX_BLOCK_NESTING = 8
MAX_BRACKET_NESTING = 5
# Emphasis, strong text, links and strikeout inside each other: real text has two or three;
# the document's AST nests three JSON levels per one, and a few hundred levels make it too
# deep to read back (the ODT and Word finishers read it, and failed).
MAX_INLINE_NESTING = 20
# pandoc's Markdown reader retries every unclosed backtick run and link opening `](` at each
# later character of its paragraph: 20 of them before 50 KB of text take it 1 s, 40 before
# 200 KB over 20 s. The product of their number and the paragraph's length stays under this,
# which keeps a paragraph well under a second; real prose has none, or one in a short text.
MAX_OPENER_COST = 50_000
# Unclosed emphasis marks cost pandoc about 30 microseconds each (linear, but 1 MB of them
# takes 15 s); a text never has this many that are not closed.
MAX_UNCLOSED_EMPHASIS = 2_000
_BACKTICKS = re.compile(r"`+")
_EMPHASIS = re.compile(r"\*+|(?<![^\W_])_+|_+(?![^\W_])")

_RAW_ATTRIBUTE = re.compile(r"^\{=([A-Za-z0-9_-]+)\}")
# GitHub links a bare ftp:// address (its autolink extension), which pandoc leaves as text:
# check reports it as the link it is on GitHub, with a scheme the document does not link.
_BARE_FTP = re.compile(r"(?<![\w/.+-])ftp://[^\s<>]+", re.IGNORECASE)
# Code blocks that GitHub draws as a diagram or a map, where the document would print the code.
DRAWN = {"mermaid", "geojson", "topojson", "stl"}
# Other dialects' syntax that GitHub shows as text: MkDocs admonitions (`!!! note`, `??? tip`),
# pandoc's fenced divs (`::: note`), and attribute lists (`{: .class}`, `{#id}`, `{.class}`).
_ADMONITION = re.compile(r"^\s*(?:!!!|\?\?\?\+?|:::+)\s*\S.*$", re.MULTILINE)
_BLOCK_MARK = re.compile(r"^\s*(!!!|\?\?\?\+?|:::+)(.*)$")
_BLOCK_KIND = re.compile(r"\s*\{?\s*\.?([A-Za-z]*)")
# The GitHub alert that says what another dialect's note block says (MkDocs' and Docusaurus'
# kinds; a Docusaurus `:::danger[Title]` has its title after the kind).
ALERT_FOR = {
    "tip": "TIP",
    "hint": "TIP",
    "important": "IMPORTANT",
    "warning": "WARNING",
    "attention": "WARNING",
    "caution": "CAUTION",
    "danger": "CAUTION",
    "error": "CAUTION",
    "failure": "CAUTION",
    "bug": "CAUTION",
}
# At the end of a heading any `{...}` is an attribute list (MkDocs: `{ data-search-exclude }`).
_HEADING_ATTRIBUTES = re.compile(
    r"\{\s*:?\s*(?:[#.]?[A-Za-z][\w.-]*(?:=(?:\"[^\"]*\"|\S+))?\s*)+\}\s*$"
)
_ATTRIBUTES = re.compile(r"\{:?\s*[#.][A-Za-z][\w.-]*(?:\s+[^{}\n]*)?\}")
# kramdown's after any element (`{:target="_blank"}`), pandoc's right after a link or image
# (`[wet](https://x){target="_blank"}`): a key=value list GitHub prints as written.
_KEY_VALUE = r"[A-Za-z][\w-]*=(?:\"[^\"\n]*\"|'[^'\n]*'|[^\s{}]+)"
_LINK_ATTRIBUTES = re.compile(
    rf"\{{:\s*{_KEY_VALUE}(?:\s+(?:{_KEY_VALUE}|[#.][\w-]+))*\s*\}}"
    rf"|(?<=[)\]])\{{\s*{_KEY_VALUE}(?:\s+(?:{_KEY_VALUE}|[#.][\w-]+))*\s*\}}"
)
# MDX (Docusaurus): a module's import or export line, which GitHub shows as text.
_MDX = re.compile(
    r"^[ \t]*(?:(?:import[ \t]+(?:[\w*{}, \t]+[ \t]+from[ \t]+)?[\"'][^\"'\n]+[\"'];?[ \t]*)+"
    r"|export[ \t]+(?:default|const|let|var|function|class)\b[^\n]*)[ \t]*$",
    re.M,
)
_NESTING_OPEN = {"blockquote_open", "bullet_list_open", "ordered_list_open"}
_NESTING_CLOSE = {"blockquote_close", "bullet_list_close", "ordered_list_close"}


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"maxNesting": 2 * MAX_BLOCK_NESTING + 10})
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin)
    # Keep backslash escapes as their own tokens, so an escaped character is seen as such.
    md.core.ruler.disable("text_join")
    # markdown-it silently turns `javascript:`, `file:` and `data:` links into text, where
    # pandoc keeps them as links: take every address, and let `targets` judge it. (Replacing
    # the method on the instance is markdown-it's documented way; mypy forbids it.)
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


_md = _parser()


def parse_tokens(body: str) -> list[Token]:
    """A body's markdown-it tokens, read as `check` reads it (tables, strikethrough,
    footnotes; every address kept)."""
    return _md.parse(body)


@dataclass(frozen=True)
class Finding:
    """A problem in one body, before it is tied to a file: code, place and message fields."""

    code: str
    position: Position
    params: tuple[tuple[str, object], ...] = ()


def github_identifier(text: str, seen: set[str] | None = None) -> str:
    """The id GitHub (and pandoc's gfm_auto_identifiers) gives a heading with this plain
    text: lowercase; letters, digits, `-` and `_` kept; each space a `-`; the rest dropped.
    With `seen` (the ids so far in the same text), a repeated id gets `-1`, `-2`, ..."""
    ident = "".join(
        "-" if char == " " else char.lower()
        for char in text.strip()
        if char.isalnum() or char in "-_ "
    )
    if seen is None:
        return ident
    candidate, count = ident, 0
    while candidate in seen:
        count += 1
        candidate = f"{ident}-{count}"
    seen.add(candidate)
    return candidate


def slugify(text: str) -> str:
    """An id-safe slug: diacritics transliterated, lowercase letters, digits and hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


@dataclass
class _Locator:
    """Finds inline items in their block's source lines, in reading order."""

    lines: list[str]
    first_line: int
    start: int = 0
    end: int = 0
    cursor: tuple[int, int] = (0, 0)

    def enter(self, block_map: list[int] | None) -> None:
        if block_map:
            self.start, self.end = block_map
            self.cursor = (self.start, 0)

    def find(self, needle: str, opener: str = "") -> Position:
        """The next place of `needle`; with `opener`, the nearest one before it on its line."""
        if needle:
            line, col = self.cursor
            for index in range(line, max(self.end, line + 1)):
                if index >= len(self.lines):
                    break
                text = self.lines[index]
                found = text.find(needle, col if index == line else 0)
                if found >= 0:
                    self.cursor = (index, found + len(needle))
                    start = text.rfind(opener, 0, found) if opener else -1
                    return Position(index + self.first_line, (start if start >= 0 else found) + 1)
        return Position(self.start + self.first_line, 1)


def analyse(
    body: str, first_line: int, language: LanguageChecker | None = None
) -> tuple[BodyFacts, list[Finding]]:
    """Headings, links and images of a body, and what is wrong with it as Markdown; with a
    `language` checker also its prose (spelling, sentences, terms) and readability counts.

    `first_line` is the file line on which the body starts, so that positions are the file's.
    """
    lines = body.split("\n")
    findings: list[Finding] = []
    try:
        tokens = _md.parse(body)
    except RecursionError:
        findings.append(Finding("RD311", Position(first_line, 1), _deep("nesting-blocks", "?")))
        return BodyFacts(), findings
    locate = _Locator(lines, first_line)
    headings: list[Heading] = []
    links: list[Link] = []
    images: list[Image] = []
    has_text = False
    depth = 0
    reported_depth = False
    seen_ids: set[str] = set()
    emphasis = 0

    for index, token in enumerate(tokens):
        pos = Position(token.map[0] + first_line, 1) if token.map else Position(first_line, 1)
        if token.type in _NESTING_OPEN:
            depth += 1
            if depth > MAX_BLOCK_NESTING and not reported_depth:
                findings.append(Finding("RD311", pos, _deep("nesting-blocks", depth)))
                reported_depth = True
        elif token.type in _NESTING_CLOSE:
            depth -= 1
        elif token.type == "html_block":
            findings.append(_raw_html(token.content, pos))
            has_text = True  # not empty (RD301): RD303 says what is wrong with it
        elif token.type in {"fence", "code_block"}:
            has_text = True
            raw = _RAW_ATTRIBUTE.match(token.info.strip()) if token.type == "fence" else None
            if raw:
                findings.append(Finding("RD305", pos, (("format", raw.group(1)),)))
            elif token.type == "fence" and _fence_kind(token.info) in DRAWN:
                findings.append(Finding("RD328", pos, (("language", _fence_kind(token.info)),)))
        elif token.type == "heading_open":
            headings.append(_heading(token, tokens[index + 1], pos, seen_ids))
        elif token.type == "inline":
            locate.enter(token.map)
            _dialects(token, first_line, findings, tokens[index - 1].type == "heading_open")
            has_text = has_text or bool(token.content.strip())
            depth_found = _bracket_depth(token.content)
            if depth_found > MAX_BRACKET_NESTING:
                findings.append(Finding("RD311", pos, _deep("nesting-brackets", depth_found)))
            inline_depth = max((child.level for child in token.children or []), default=0)
            if inline_depth > MAX_INLINE_NESTING:
                findings.append(Finding("RD311", pos, _deep("nesting-inline", inline_depth)))
            _inline(token.children or [], locate, links, images, findings)
            openers, marks = _unclosed(token.children or [])
            if openers * len(token.content) > MAX_OPENER_COST:
                findings.append(Finding("RD321", pos, (("count", openers), ("what", "marks-code"))))
            if emphasis <= MAX_UNCLOSED_EMPHASIS < emphasis + marks:  # once per body
                fields = (("count", emphasis + marks), ("what", "marks-emphasis"))
                findings.append(Finding("RD321", pos, fields))
            emphasis += marks

    for previous, heading in pairwise(headings):
        if heading.level > previous.level + 1:
            fix = "#" * (previous.level + 1)
            findings.append(
                Finding(
                    "RD302",
                    heading.position,
                    (("level", heading.level), ("previous", previous.level), ("fix", fix)),
                )
            )
    readability = _check_prose(tokens, lines, first_line, language, findings) if language else None
    facts = BodyFacts(tuple(headings), tuple(links), tuple(images), has_text, readability)
    return facts, findings


def _check_prose(
    tokens: list[Token],
    lines: list[str],
    first_line: int,
    language: LanguageChecker,
    findings: list[Finding],
) -> Readability:
    words = sentences = syllables = longest = 0
    spelled: set[str] = set()  # an unknown word is reported once per body, where it first is
    for token, text in prose_runs(tokens):
        problems, counts = language.check_text(text)
        problems = [p for p in problems if p[0] != "RD501" or _first(p[1], spelled)]
        words += counts.words
        sentences += counts.sentences
        syllables += counts.syllables
        longest = max(longest, counts.longest_sentence)
        if problems:
            locate = _Locator(lines, first_line)
            locate.enter(token.map)
            for code, needle, fields in problems:
                findings.append(Finding(code, locate.find(needle), tuple(fields.items())))
    return Readability(words, sentences, syllables, longest)


def _first(word: str, seen: set[str]) -> bool:
    key = word.casefold()
    if key in seen:
        return False
    seen.add(key)
    return True


def _deep(what: str, depth: object) -> tuple[tuple[str, object], ...]:
    limit = {"nesting-brackets": MAX_BRACKET_NESTING, "nesting-inline": MAX_INLINE_NESTING}.get(
        what, MAX_BLOCK_NESTING
    )
    return (("what", what), ("depth", depth), ("limit", limit))


def _fence_kind(info: str) -> str:
    """The language a fenced code block names (```mermaid), lowercase."""
    return info.strip().split(" ")[0].lower()


def _snippet(text: str) -> str:
    first = text.strip().split("\n")[0]
    return first if len(first) <= 40 else first[:37] + "..."


def _heading(token: Token, inline: Token, pos: Position, seen: set[str]) -> Heading:
    plain = "".join(_plain(inline.children or []))
    return Heading(int(token.tag[1]), inline.content.strip(), github_identifier(plain, seen), pos)


def _dialects(token: Token, first_line: int, findings: list[Finding], heading: bool) -> None:
    """Syntax of other Markdown dialects in a paragraph or heading: GitHub prints it as text,
    and so would every output; say how GitHub writes it."""
    start = token.map[0] + first_line if token.map else first_line
    trailing = _HEADING_ATTRIBUTES.search(token.content) if heading else None
    if trailing and not _ATTRIBUTES.search(token.content):
        findings.append(Finding("RD323", Position(start, 1), (("snippet", trailing[0]),)))
    for match in _ADMONITION.finditer(token.content):
        line = start + token.content.count("\n", 0, match.start())
        marked = _BLOCK_MARK.match(match[0])
        mark, rest = marked.groups() if marked else ("", match[0])
        kind = _BLOCK_KIND.match(rest)
        alert = ALERT_FOR.get(kind[1].lower() if kind else "", "NOTE")
        params = (
            ("snippet", _snippet(match[0])),
            ("alert", alert),
            ("dialect", _dialect_of(mark, rest)),
        )
        findings.append(Finding("RD322", Position(line, 1), params))
    for match in _MDX.finditer(token.content):
        line = start + token.content.count("\n", 0, match.start())
        findings.append(Finding("RD327", Position(line, 1), (("snippet", _snippet(match[0])),)))
    listed = [*_ATTRIBUTES.finditer(token.content), *_LINK_ATTRIBUTES.finditer(token.content)]
    for match in sorted(listed, key=lambda m: m.start()):
        line = start + token.content.count("\n", 0, match.start())
        findings.append(Finding("RD323", Position(line, 1), (("snippet", match[0]),)))


def _dialect_of(mark: str, rest: str) -> str:
    """Whose note block this is: `!!!`/`???` MkDocs'; `:::kind` (no space) Docusaurus';
    `::: kind` or `::: {.kind}` pandoc's fenced div, which Docusaurus also reads."""
    if not mark.startswith(":"):
        return "MkDocs"
    return "Docusaurus" if rest[:1].isalpha() else "pandoc, Docusaurus"


def _plain(children: list[Token]) -> Iterator[str]:
    skip = 0
    for child in children:
        if child.type == "footnote_ref":
            continue
        if child.type in {"text", "text_special", "code_inline"}:
            if not skip:
                yield child.content
        elif child.type in {"softbreak", "hardbreak"}:
            yield " "
        elif child.type == "image":
            yield child.content


def _unclosed(children: list[Token]) -> tuple[int, int]:
    """(backtick runs and link openings, emphasis marks) that markdown-it left as text:
    the unclosed ones, which pandoc's reader tries again and again."""
    text = "".join(
        "\x00" if child.type == "text_special" else child.content
        for child in children
        if child.type in {"text", "text_special"}
    )
    openers = len(_BACKTICKS.findall(text)) + text.count("](")
    return openers, len(_EMPHASIS.findall(text))


def _bracket_depth(text: str) -> int:
    if text.count("[") <= MAX_BRACKET_NESTING:
        return 0  # cannot be too deep; most text has no brackets at all
    depth = deepest = 0
    in_code = False
    escaped = False
    for char in text:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "`":
            in_code = not in_code
        elif in_code:
            continue
        elif char == "[":
            depth += 1
            deepest = max(deepest, depth)
        elif char == "]" and depth:
            depth -= 1
    return deepest


def _raw_html(html: str, pos: Position) -> Finding:
    """RD303; a comment (`<!-- -->`) is most often a note for the editors, so it says where
    such a note belongs."""
    what = "html-comment" if html.lstrip().startswith("<!--") else "html"
    return Finding("RD303", pos, (("snippet", _snippet(html)), ("what", what)))


def _inline(
    children: list[Token],
    locate: _Locator,
    links: list[Link],
    images: list[Image],
    findings: list[Finding],
) -> None:
    previous: Token | None = None
    in_link = 0  # GitHub links a bare address only outside a link (its text, an autolink)
    for child in children:
        in_link += {"link_open": 1, "link_close": -1}.get(child.type, 0)
        if child.type in {"text", "text_special"}:
            bare_text = child.content if child.type == "text" and not in_link else ""
            for bare in _BARE_FTP.finditer(bare_text):
                address = bare[0].rstrip(".,:;!?*_~)'\"")
                links.append(Link(address, locate.find(address)))  # RD316: GitHub links it
            raw = _RAW_ATTRIBUTE.match(child.content) if child.type == "text" else None
            if raw and previous is not None and previous.type == "code_inline":
                pos = locate.find(raw.group(0))
                findings.append(Finding("RD305", pos, (("format", raw.group(1)),)))
            previous = child
            continue
        if child.type == "image":
            src = unquote(str(child.attrGet("src") or ""))
            pos = locate.find(f"]({src}" if src else "](", opener="![")
            images.append(Image(src, child.content.strip(), pos))
            _inline(child.children or [], locate, links, images, findings)
        elif child.type == "link_open":
            href = unquote(str(child.attrGet("href") or ""))
            if child.markup == "autolink":
                pos = locate.find(f"<{href}")
            else:
                pos = locate.find(f"]({href}", opener="[")
            links.append(Link(href, pos))
        elif child.type == "html_inline":
            pos = locate.find(child.content)
            findings.append(_raw_html(child.content, pos))
        previous = child
