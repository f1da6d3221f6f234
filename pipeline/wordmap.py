"""A reviewer's word changes applied to a Markdown source with the smallest possible edit.

The reviewed text arrives as plain words (what Word shows: no Markdown marks); the source
holds the same words with their marks (`**`, `_`, links, footnote references, list markers,
escapes). Each source word is split into the characters a reader sees (its *core*) and its
marks; the reviewer's words are aligned with the cores, and each change is made on the
cores' characters only, so the marks around and inside a word stay where they were and every
line the reviewer did not touch stays byte for byte as it was.

A change whose words cannot all be found in the source is not guessed: it is returned as not
placed. After a block's changes are made, its new words must read back from the source in
order, or the block is left as it was and its changes are returned as not placed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

# Characters that are marks, not text, wherever they stand in a word.
_MARKS = set("*_~`")
# Whole pieces that are marks: a link's or image's target, a footnote reference, an
# attribute block, an escape's backslash, brackets and an image's "!".
_PIECES = re.compile(
    r"\]\([^)\s]*(?:\s+\"[^\"]*\")?\)"  # ](target "title")
    r"|\[\^[^\]\s]+\](?::)?"  # [^1] or [^1]:
    r"|\{[#.][^}]*\}"  # {#id .class}
    r"|\\(?=[!-/:-@\[-`{-~])"  # the backslash of an escape
    r"|!\[|\[|\]|<(?=https?:|mailto:)|(?<=\S)>"
)
# A word that is only a block's mark: a heading's hashes, a list item's bullet or number,
# a quote's ">", a table's "|" and its rule.
_BLOCK_MARK = re.compile(r"#{1,6}|[-*+>|]|\d{1,9}[.)]|\|?:?-{3,}:?\|?(?:-{3,}\|?)*|\[\^[^\]]+\]:")
# What Word shows for what pandoc's `smart` made of the source's ASCII.
_TYPOGRAPHY = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "}
)
_DASHES = (("\u2014", "---"), ("\u2013", "--"), ("\u2026", "..."))


# What a reviewer types that Markdown would read as marks inside a line: escaped, so their
# words arrive as words. (Not assemble.escape_markup, which also escapes `.`, `-` and more:
# right for text nobody reads as source, noise in a contribution the authors edit.)
_INLINE_MARKS = re.compile(r"([\\`*_\[\]<>~|])")


def escape_inserted(text: str) -> str:
    """A reviewer's words as Markdown that shows them as they were typed."""
    return _INLINE_MARKS.sub(r"\\\1", text)


def plain(text: str) -> str:
    """Word's text in the source's spelling: straight quotes, ASCII dashes and ellipsis."""
    text = text.translate(_TYPOGRAPHY)
    for typographic, ascii_form in _DASHES:
        text = text.replace(typographic, ascii_form)
    return text


@dataclass(frozen=True)
class Token:
    """A source word: where it is, and the offsets of its core characters."""

    start: int
    end: int
    core: str
    kept: tuple[int, ...]  # the source offset of each core character


def tokens(source: str, start: int = 0, end: int | None = None) -> list[Token]:
    """The words of source[start:end] that hold text (pure marks are left out)."""
    found = []
    for match in re.finditer(r"\S+", source[start:end]):
        word, offset = match[0], start + match.start()
        if _BLOCK_MARK.fullmatch(word):
            continue
        hidden = [False] * len(word)
        for piece in _PIECES.finditer(word):
            for i in range(piece.start(), piece.end()):
                hidden[i] = True
        # A mark after an escape's backslash (`\*`) is text.
        kept = tuple(
            offset + i
            for i, char in enumerate(word)
            if not hidden[i] and (char not in _MARKS or (i and word[i - 1] == "\\"))
        )
        if kept:
            core = "".join(source[i] for i in kept)
            found.append(Token(offset, offset + len(word), plain(core), kept))
    return found


@dataclass(frozen=True)
class Edit:
    """Replace source[start:end] with text."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Placed:
    edits: list[Edit]
    placed: list[tuple[str, str]]  # (old, new) word runs made
    not_placed: list[tuple[str, str]]


def words(text: str) -> list[str]:
    return plain(text).split()


def align(block: list[str], source: list[Token], after: int = 0) -> dict[int, int] | None:
    """Each of the block's words that is found in the source, mapped to its token; the block
    is looked for from token `after` on, then anywhere. None when too little of it is found
    to say where it is."""
    for lower in (after, 0) if after else (0,):
        cores = [t.core for t in source[lower:]]
        matcher = SequenceMatcher(None, cores, block, autojunk=False)
        mapping: dict[int, int] = {}
        for a, b, size in matcher.get_matching_blocks():
            for k in range(size):
                mapping[b + k] = lower + a + k
        if block and len(mapping) >= max(1, (len(block) + 1) // 2):
            tokens_used = sorted(mapping.values())
            span = tokens_used[-1] - tokens_used[0] + 1
            if span <= 2 * len(block) + 5:  # the words close together, as in one block
                return mapping
    return None


def place(old: str, new: str, source: str, span: tuple[int, int], after: int = 0) -> Placed:
    """The edits that turn the block whose text was `old` into `new` in source[span]."""
    toks = tokens(source, *span)
    before, after_words = words(old), words(new)
    if before == after_words:
        return Placed([], [], [])
    mapping = align(before, toks, after) if before else {}
    if mapping is None:
        return Placed([], [], word_changes(old, new))
    if not after_words and len(mapping) == len(before):  # the whole block deleted
        return Placed([_remove_block(toks, mapping, source)], [(" ".join(before), "")], [])
    edits: list[Edit] = []
    placed: list[tuple[str, str]] = []
    missing: list[tuple[str, str]] = []
    ops = SequenceMatcher(None, before, after_words, autojunk=False).get_opcodes()
    for op, i1, i2, j1, j2 in ops:
        if op == "equal":
            continue
        gone, came = before[i1:i2], after_words[j1:j2]
        change = (" ".join(gone), " ".join(came))
        if any(i not in mapping for i in range(i1, i2)):
            missing.append(change)
            continue
        made = _change(toks, mapping, i1, i2, came, source, span)
        if made is None:
            missing.append(change)
        else:
            edits.extend(made)
            placed.append(change)
    return Placed(edits, placed, missing)


def _change(
    toks: list[Token],
    mapping: dict[int, int],
    i1: int,
    i2: int,
    came: list[str],
    source: str,
    span: tuple[int, int],
) -> list[Edit] | None:
    """Old words i1..i2 (all mapped) become `came`: word by word as far as both go (from the
    front or from the back, whichever pairs more alike words), the rest inserted or deleted
    beside them."""
    gone = i2 - i1
    paired = min(gone, len(came))
    if paired and gone != len(came):
        front = _likeness([toks[mapping[i1 + k]].core for k in range(paired)], came[:paired])
        back = _likeness(
            [toks[mapping[i2 - paired + k]].core for k in range(paired)], came[-paired:]
        )
        if back > front:
            return _change_from_back(toks, mapping, i1, i2, came, source)
    edits: list[Edit] = []
    for k in range(paired):
        edits.extend(_retype(toks[mapping[i1 + k]], came[k]))
    if len(came) > paired:  # more words: after the last paired word, or the anchor
        text = escape_inserted(" ".join(came[paired:]))
        if paired:
            anchor = toks[mapping[i1 + paired - 1]]
            edits.append(Edit(anchor.end, anchor.end, " " + text))
        elif i1 - 1 in mapping:
            anchor = toks[mapping[i1 - 1]]
            edits.append(Edit(anchor.end, anchor.end, " " + text))
        elif i1 in mapping:
            anchor = toks[mapping[i1]]
            edits.append(Edit(anchor.start, anchor.start, text + " "))
        elif not mapping:  # a block the reviewer added whole: after the span
            edits.append(Edit(span[1], span[1], "\n\n" + text + "\n"))
        else:
            return None
    for k in range(paired, gone):  # fewer words: the rest go
        edits.extend(_remove(toks[mapping[i1 + k]], source))
    return edits


def _change_from_back(
    toks: list[Token], mapping: dict[int, int], i1: int, i2: int, came: list[str], source: str
) -> list[Edit]:
    gone = i2 - i1
    paired = min(gone, len(came))
    edits: list[Edit] = []
    extra = len(came) - paired
    if extra:  # more words: before the first paired word
        anchor = toks[mapping[i2 - paired]]
        edits.append(
            Edit(anchor.start, anchor.start, escape_inserted(" ".join(came[:extra])) + " ")
        )
    for k in range(gone - paired):  # fewer words: the first ones go
        edits.extend(_remove(toks[mapping[i1 + k]], source))
    for k in range(paired):
        edits.extend(_retype(toks[mapping[i2 - paired + k]], came[extra + k]))
    return edits


def _likeness(before: list[str], after: list[str]) -> float:
    return sum(SequenceMatcher(None, a, b).ratio() for a, b in zip(before, after, strict=True))


def _retype(token: Token, word: str) -> list[Edit]:
    """The core of `token` spelled as `word`, character by character: the marks inside and
    around it stay."""
    edits = []
    for op, a1, a2, b1, b2 in SequenceMatcher(None, token.core, word, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        text = escape_inserted(word[b1:b2])
        if a1 == a2:  # an insertion: after the character before, or before the first
            at = token.kept[a1 - 1] + 1 if a1 else token.kept[0]
            edits.append(Edit(at, at, text))
            continue
        # Each removed character on its own (marks between them stay); the new text goes
        # where the first one was.
        for n, index in enumerate(range(a1, a2)):
            at = token.kept[index]
            edits.append(Edit(at, at + 1, text if n == 0 else ""))
    return edits


def _remove(token: Token, source: str) -> list[Edit]:
    """The token's core characters go, with one space beside them: the space before when
    marks close after it (`**a b**` loses " b"), else the space after."""
    edits = [Edit(at, at + 1, "") for at in token.kept]
    closes = token.kept[-1] + 1 < token.end
    if closes and token.start > 0 and source[token.start - 1] == " ":
        edits.append(Edit(token.start - 1, token.start, ""))
    elif token.end < len(source) and source[token.end] == " ":
        edits.append(Edit(token.end, token.end + 1, ""))
    return edits


def _remove_block(toks: list[Token], mapping: dict[int, int], source: str) -> Edit:
    """A block deleted whole: its lines go, marks and all (a list item's bullet too, when
    nothing else stands on its line), with the blank line after it."""
    first, last = toks[min(mapping.values())], toks[max(mapping.values())]
    start, end = first.start, last.end
    line_start = source.rfind("\n", 0, start) + 1
    if (
        _BLOCK_MARK.fullmatch(source[line_start:start].strip() or "-")
        or not source[line_start:start].strip()
    ):
        start = line_start
    line_end = source.find("\n", end)
    end = len(source) if line_end < 0 else line_end + 1
    alone = start == line_start and (start == 0 or source[max(0, start - 2) : start] == "\n\n")
    if alone and source.startswith("\n", end):  # a paragraph of its own: its blank line too
        end += 1
    return Edit(start, end, "")


def apply(source: str, edits: list[Edit]) -> str:
    """The source with the edits made (they must not overlap), last first."""
    # Last first; of two at one place, the one made later first, so that it ends up after.
    order = sorted(enumerate(edits), key=lambda n: (n[1].start, n[1].end, n[0]), reverse=True)
    for _, edit in order:
        source = source[: edit.start] + edit.text + source[edit.end :]
    return source


def reads_as(source: str, span: tuple[int, int], expected: str) -> bool:
    """Whether the words of `expected` stand in source[span] in order, one after another."""
    wanted = words(expected)
    if not wanted:
        return True
    cores = [t.core for t in tokens(source, *span)]
    n = len(wanted)
    return any(cores[i : i + n] == wanted for i in range(len(cores) - n + 1))


def word_changes(old: str, new: str) -> list[tuple[str, str]]:
    """The runs of words that differ between two texts: (old words, new words)."""
    before, after = words(old), words(new)
    return [
        (" ".join(before[i1:i2]), " ".join(after[j1:j2]))
        for op, i1, i2, j1, j2 in SequenceMatcher(None, before, after, autojunk=False).get_opcodes()
        if op != "equal"
    ]


def made_as_asked(before: str, after: str, start: int, asked: list[tuple[str, str]]) -> bool:
    """Whether the source's words changed exactly as the reviewer's did: the words gone from
    and come into source[start:] are the words of `asked`, in order. (Words the reviewer saw
    that the source does not hold, such as a cross-reference's page, play no part.)"""
    found = word_changes(
        " ".join(t.core for t in tokens(before, start)),
        " ".join(t.core for t in tokens(after, start)),
    )

    def flat(changes: list[tuple[str, str]]) -> tuple[list[str], list[str]]:
        return (
            " ".join(old for old, _ in changes).split(),
            " ".join(new for _, new in changes).split(),
        )

    return flat(found) == flat([(plain(old), plain(new)) for old, new in asked])
