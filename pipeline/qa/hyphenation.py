"""Words hyphenated at a line end, sorted by what the source says about them: a break in a
name, or in a word only tables, headings, captions and bylines have, is forbidden; a break at
the writer's own hyphen is allowed."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from .fidelity import ast_text, drawn_hyphens, tokens
from .pdflines import Line

# Typst maps a glyph to one character per PDF: a line-end hyphen reads as soft or plain.
HYPHENS = "\u00ad\u2010-"  # hyphen-minus last: these go inside [...]
_WORD = re.compile(r"[^\W_]+")
_BROKEN_END = re.compile(rf"([^\W_]+)[{HYPHENS}]$")
_CONTINUED = re.compile(r"^([^\W_]+)")
# Quotes, brackets, bullets and dashes that may stand before a sentence's first word.
_OPENERS = set("\"'([{-\u201c\u2018\u201e\u201a\u00ab\u2039\u2022\u2013\u2014\u00b7")
_SENTENCE_END = set(".!?:…")
_ADDRESS = re.compile(r"\S+@\S+|\b[a-z][a-z0-9+.-]*://\S+|\bwww\.\S+")


@dataclass(frozen=True)
class Break:
    """A word hyphenated at a line end: `before` ends the line, `after` starts the next."""

    page: int  # index of the page where the line ends
    before: str
    after: str
    context: str  # the two lines joined at the break, real hyphens as "-"
    offset: int  # where in `context` the break is

    @property
    def word(self) -> str:
        return self.before + self.after

    def __str__(self) -> str:
        return f"{self.before}-{self.after} p.{self.page + 1}"


def hyphen_breaks(body: Sequence[Sequence[Line]]) -> list[Break]:
    """Every line that ends in a hyphen inside a word and goes on with a letter or digit on
    the next body line (on the same page or the next)."""
    flat = [(index, line) for index, page in enumerate(body) for line in page if not line.image]
    found = []
    for (page, line), (_, following) in pairwise(flat):
        end = _BROKEN_END.search(line.text.rstrip())
        start = _CONTINUED.match(following.text.lstrip())
        if not end or not start:
            continue
        head = drawn_hyphens(line.text.rstrip()[:-1])
        context = head + drawn_hyphens(following.text.lstrip())
        found.append(Break(page, end.group(1), start.group(1), context, len(head)))
    return found


@dataclass(frozen=True)
class Vocabulary:
    """What the source says about its words (all case folded, NFKC)."""

    names: frozenset[str]  # proper names, one word each
    phrases: tuple[str, ...]  # names of more words: title, organisations, participants
    restricted: frozenset[str]  # only in table cells, headings, captions or bylines
    compounds: frozenset[tuple[str, str]]  # parts around a hyphen the source writes


def source_vocabulary(ast: dict, names: Iterable[str] = ()) -> Vocabulary:
    """The vocabulary of a document's pandoc AST plus the `names` it is known to use
    (participants and their organisations, the document's title and organisation).

    - A name word is a word the source writes with a capital inside a sentence (not at the
      start of a block or after . ! ? : …), or a capitalised word of one of `names`, unless
      the source also writes it in lower case ("Gemeente Eindhoven" makes "Eindhoven" a name,
      not "gemeente"). A municipality is the name after "Gemeente" in `names`, always a name.
    - A restricted word occurs only inside table cells, headings, figure captions or bylines
      (Div class "byline"). A word that also occurs in an ordinary paragraph is ambiguous:
      the PDF's text does not say where a break was, so it counts as allowed.
    - Compounds are the pairs of parts the source joins with a hyphen ("Geldrop-Mierlo"):
      a break there is at the writer's own hyphen, which is allowed.
    """
    ordinary: list[str] = []
    restricted: list[str] = []
    _blocks(ast.get("blocks", []), ordinary, restricted)
    names = [" ".join(name.split()) for name in names if name and name.strip()]
    everything = "\n".join([*ordinary, *restricted])
    capitals, lower = _capitalised(everything)
    for name in names:
        for word in _WORD.findall(unicodedata.normalize("NFKC", name)):
            if word[:1].isupper() and len(word) > 1:
                capitals.add(_key(word))
    municipalities = {
        _key(word)
        for name in names
        for match in re.finditer(r"\bGemeente\s+(\S+)", name)
        for word in _WORD.findall(match.group(1))
    }
    ordinary_words = set(tokens("\n".join(ordinary)))
    compounds = {
        (_key(a), _key(b))
        for text in (everything, *names)
        for a, b in re.findall(r"([^\W_]+)-(?=([^\W_]+))", unicodedata.normalize("NFKC", text))
    }
    return Vocabulary(
        names=frozenset((capitals - lower) | municipalities),
        phrases=tuple(sorted(set(names), key=len, reverse=True)),
        restricted=frozenset(set(tokens("\n".join(restricted))) - ordinary_words),
        compounds=frozenset(compounds),
    )


def _key(word: str) -> str:
    found = tokens(word)
    return found[0] if found else ""


def _blocks(blocks: list, ordinary: list[str], restricted: list[str]) -> None:
    for block in blocks:
        kind, content = block.get("t"), block.get("c")
        if kind in {"Header", "Table"}:
            restricted.append(ast_text(block))
        elif kind == "Figure":
            restricted.append(ast_text(content[1]))  # the caption; the image's alt is not shown
        elif kind == "Div" and "byline" in content[0][1]:
            restricted.append(ast_text(content[1]))
        elif kind in {"Div", "BlockQuote"}:
            _blocks(content[1] if kind == "Div" else content, ordinary, restricted)
        elif kind in {"BulletList", "OrderedList"}:
            for item in content if kind == "BulletList" else content[1]:
                _blocks(item, ordinary, restricted)
        else:
            ordinary.append(ast_text(block))


def _capitalised(text: str) -> tuple[set[str], set[str]]:
    """Words written with a capital inside a sentence, and words written in lower case
    (not counting addresses: "metropoolregio-eindhoven.example" is no lower-case word)."""
    capitals, lower = set(), set()
    text = _ADDRESS.sub(" ", unicodedata.normalize("NFKC", text))
    for line in text.splitlines():
        for match in _WORD.finditer(line):
            word = match.group()
            if word[:1].islower():
                lower.add(_key(word))
            elif word[:1].isupper() and len(word) > 1 and _inside_sentence(line, match.start()):
                capitals.add(_key(word))
    return capitals, lower


def _inside_sentence(line: str, start: int) -> bool:
    before = line[:start].rstrip()
    while before and before[-1] in _OPENERS:
        before = before[:-1].rstrip()
    return bool(before) and before[-1] not in _SENTENCE_END


@dataclass(frozen=True)
class Hyphenation:
    breaks: tuple[Break, ...]
    in_names: tuple[Break, ...]
    in_restricted: tuple[Break, ...]  # in words only tables, headings, captions, bylines have
    at_hyphens: tuple[Break, ...]  # at a hyphen the source writes: allowed


def classify_breaks(breaks: Iterable[Break], vocabulary: Vocabulary) -> Hyphenation:
    """Sort breaks into forbidden (in a name; in a restricted word) and allowed ones."""
    breaks = tuple(breaks)
    names, restricted, hyphens = [], [], []
    for item in breaks:
        word = _key(item.word)
        if (_key(item.before), _key(item.after)) in vocabulary.compounds:
            hyphens.append(item)
        elif word in vocabulary.names or _in_phrase(item, vocabulary.phrases):
            names.append(item)
        elif word in vocabulary.restricted:
            restricted.append(item)
    return Hyphenation(breaks, tuple(names), tuple(restricted), tuple(hyphens))


def _in_phrase(item: Break, phrases: Iterable[str]) -> bool:
    for phrase in phrases:
        pattern = r"\s+".join(re.escape(part) for part in drawn_hyphens(phrase).split())
        for match in re.finditer(pattern, item.context, re.IGNORECASE):
            if match.start() < item.offset < match.end():
                return True
    return False
