"""Checks of the prose, all warnings: spelling, long sentences, words to avoid, readability.

Spelling asks Hunspell with a real dictionary (OpenTaal's for Dutch) and a word-frequency
list for the loanwords a text uses (speller.py), plus the project's own words. On top of
those a word is known when it is built from known words: Dutch compounds, also with a
loanword ("cloud|kosten", "samenwerking|s|afspraken"), hyphenated words part by part
("cloud-gedreven"), a word with a parenthesised part both with and without it
("gebruiks(web)data"), and a compound's head that ends in a hyphen ("gebruiks- en
beheerkosten"). A capitalised word inside a sentence is a name and is not checked; a
tripled letter is always a typo. Readability is Flesch-Douma for Dutch and Flesch for other
languages, with syllables counted by pyphen's hyphenation patterns, so everything works
without a network.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from ..core.model import Readability
from .speller import Speller, dictionary_name

if TYPE_CHECKING:
    from markdown_it.token import Token

APOSTROPHES = "'\u2019"
# A part may hold a parenthesised piece ("gebruiks(web)data", "medewerker(s)"); a word may
# start or end with a hyphen, as a compound's part does ("gebruiks- en beheerkosten").
_PART = r"[^\W\d_]+(?:\([^\W\d_]+\)[^\W\d_]*)*"
WORD = re.compile(
    rf"(?:(?<=\s)-|(?<![\w-])){_PART}(?:[{APOSTROPHES}-]{_PART})*(?:-(?=[\s,;:)]|$))?"
    r"(?![\w'\u2019-]*\d)"  # not part of an identifier such as aia-01
)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'\u201c\u2018(]?[A-ZÀ-Ý0-9])")
LINKING = ("s", "e", "en", "n")  # Dutch linking sounds between the parts of a compound
MIN_PART = 4  # shorter parts of a compound would let typos through,
MIN_DUTCH_PART = 5  # and more so when no part is a loanword: vers|sterken, rama|werken
SHORT_PART_RANK = 10_000  # unless they are this common and English: web|data, sub|verwerker
SUFFIXES = ("heid", "heden")  # uitlegbaar|heid
TRIPLED = re.compile(r"([^\W\d_])\1\1")
PARENTHESISED = re.compile(r"\(([^()]*)\)")
# Addresses, TeX commands ($\\textsf{...}$) and other dialects' attribute lists ({: .note}).
# An e-mail address is matched from the start of its token only (`(?<!\S)`): tried at every
# letter of a long token, `\S+@` would take time growing with the square of its length.
NOT_PROSE = re.compile(r"https?://\S+|www\.\S+|(?<!\S)[^\s@]*+@\S+|\\[A-Za-z]+|\{[^{}\n]*\}")
# Longer than this, a word is not looked up (its suggestions would cost time and memory
# growing with the square of its length) but is itself a finding (RD504).
MAX_WORD_LETTERS = 40
VOWELS = frozenset("aeiouyàáâäèéêëìíîïòóôöùúûü")


@dataclass(frozen=True)
class LanguageConfig:
    lang: str  # primary subtag: nl, en, ...
    words: frozenset[str] = frozenset()  # lowercased words that are always right
    terms: tuple[tuple[str, str], ...] = ()
    max_sentence_words: int | None = None
    spelling: bool = True
    region: str = ""  # region subtag: US picks the American English dictionary


@lru_cache(maxsize=8)
def _hyphenator(lang: str):
    import pyphen

    for name in (lang, f"{lang}_{lang.upper()}", "en_GB" if lang == "en" else lang):
        if name in pyphen.LANGUAGES:
            return pyphen.Pyphen(lang=name)
    return pyphen.Pyphen(lang="en_GB")


def is_name(word: str) -> bool:
    """Capitalised (Logius) or with a capital inside (GitHub, iPhone), but not an acronym."""
    return not word.isupper() and any(c.isupper() for c in word)


class LanguageChecker:
    """One per run: dictionaries are loaded once, and only when a text needs them."""

    def __init__(self, config: LanguageConfig) -> None:
        self.config = config
        self.spelling = config.spelling and dictionary_name(config.lang) is not None
        self.terms = [
            (re.compile(rf"\b{re.escape(avoid)}\b", re.IGNORECASE), avoid, prefer)
            for avoid, prefer in config.terms
        ]
        self._known: frozenset[str] | None = None
        self._speller: Speller | None = None
        self._syllables = lru_cache(maxsize=200_000)(self._count_syllables)
        self._is_known = lru_cache(maxsize=200_000)(self._word_is_known)
        self.suggestions = lru_cache(maxsize=20_000)(self._suggestions)

    @property
    def speller(self) -> Speller:
        if self._speller is None:
            self._speller = Speller(self.config.lang, self.config.region)
        return self._speller

    @property
    def known(self) -> frozenset[str]:
        """The words known without asking Hunspell: the frequent words and the project's.
        Asking for them loads the dictionary too."""
        if self._known is None:
            self.speller.load()
            self._known = frozenset(self.speller.frequent) | self.config.words
        return self._known

    def _count_syllables(self, word: str) -> int:
        plain = word.lower().replace("(", "").replace(")", "").strip("-")
        return len(_hyphenator(self.config.lang).positions(plain)) + 1

    def is_known(self, word: str, inside: bool = False) -> bool:
        """Whether a word is spelled right; `inside` a sentence a capitalised word is a name."""
        return self._is_known(word, inside)

    def _word_is_known(self, word: str, inside: bool) -> bool:
        if word.isupper() or len(word.strip("-")) < 3:
            return True
        if TRIPLED.search(word):
            return False
        if "(" in word:
            variants = {PARENTHESISED.sub("", word), PARENTHESISED.sub(r"\1", word)}
            return all(self._is_known(v, inside) for v in variants if v.strip("-"))
        lowered = word.lower()
        if lowered in self.known:
            return True
        if word.startswith("-") or word.endswith("-"):
            return self._compound_part(word.strip("-"), inside)
        if any(mark in word for mark in "-" + APOSTROPHES):
            # Capitalised parts after the first are names: "API-koppeling", "Zuid-Holland".
            parts = [p for p in re.split(rf"[{APOSTROPHES}-]", word) if p]
            # A part before a hyphen may end in a linking s: "bedrijfs-processen".
            last = len(parts) - 1
            return self.speller.spell(word) or all(
                (self._compound_part if i < last else self._is_known)(part, inside or i > 0)
                for i, part in enumerate(parts)
            )
        if is_name(word) and (inside or not word[1:].islower()):
            return True
        if not VOWELS.intersection(lowered):  # xlsx, pptx, html: abbreviations
            return True
        if self.speller.loanword(word):
            return True
        if self.config.lang == "nl":
            # Dutch marks stress with accents on any word ("één", "vóór", "dát").
            plain = unicodedata.normalize("NFKD", lowered)
            plain = "".join(c for c in plain if not unicodedata.combining(c))
            if plain != lowered and plain in self.known:
                return True
            if self._compound(lowered, 3):
                return True
        return self.speller.spell(word)

    def _compound_part(self, word: str, inside: bool) -> bool:
        """A compound's part written on its own: `gebruiks-` (of gebruikskosten) or
        `-kosten`. It may end in a linking sound."""
        if self._is_known(word, inside):
            return True
        lowered = word.lower()
        return any(
            lowered.endswith(link) and self._is_known(lowered[: -len(link)], inside)
            for link in LINKING
            if len(lowered) - len(link) >= MIN_PART
        )

    def _compound(self, word: str, depth: int) -> bool:
        """Whether the word is a compound with a loanword or a project word in it
        ("cloud|kosten", "data|kwaliteit|s|eisen"), perhaps with a linking s, e or en, or
        of Dutch words of five letters or more that Hunspell does not compound itself
        ("algoritme|gebruik"). Shorter Dutch parts let typos through ("vers|sterken")."""
        return self._split(word, depth, loan=False)

    def _split(self, word: str, depth: int, loan: bool) -> bool:
        for cut in range(len(word) - MIN_PART, 2, -1):
            head, tail = word[:cut], word[cut:]
            head_loan = self._loan(head)
            if not head_loan and (len(head) < MIN_PART or not self._dutch(head)):
                continue
            if tail in SUFFIXES and not loan and self.speller.spell(head):
                return True
            for link in ("", *LINKING):
                rest = tail[len(link) :]
                if not tail.startswith(link) or len(rest) < MIN_PART:
                    continue
                dutch = len(head) >= MIN_DUTCH_PART and len(rest) >= MIN_DUTCH_PART
                if (loan or head_loan or dutch or self._loan(rest)) and (
                    self._loan(rest) or self._dutch(rest, last=True)
                ):
                    return True
                if depth > 1 and self._split(rest, depth - 1, loan or head_loan):
                    return True
        return False

    def _loan(self, part: str) -> bool:
        """An English word or a project word; three letters only if very common and English
        (web, app, sub), as the head of a compound."""
        if len(part) < MIN_PART:
            rank = self.speller.frequent.get(part)
            return (
                len(part) == 3
                and rank is not None
                and rank < SHORT_PART_RANK
                and self.speller.loanword(part)
            )
        return part in self.config.words or self.speller.loanword(part)

    def _dutch(self, part: str, last: bool = False) -> bool:
        """A frequent word, or any form the dictionary knows if it ends the compound."""
        return part in self.known or (last and self.speller.spell(part))

    def _suggestions(self, word: str) -> str:
        candidates = self.speller.candidates(word.strip("-"))
        return ", ".join(candidates[:3]) or "-"

    def check_text(self, text: str) -> tuple[list[tuple[str, str, dict]], Readability]:
        """Problems in one paragraph of plain text as (code, needle, fields), and its counts.
        The needle is what to look for in the source to place the warning."""
        problems: list[tuple[str, str, dict]] = []
        words = sentences = syllables = longest = 0
        for sentence in SENTENCE_END.split(text.strip()):
            found = WORD.findall(sentence)
            if not found:
                continue
            sentences += 1
            words += len(found)
            longest = max(longest, len(found))
            limit = self.config.max_sentence_words
            if limit and len(found) > limit:
                problems.append(("RD502", found[0], {"words": len(found), "limit": limit}))
            count, known = self._syllables, self._is_known
            for index, word in enumerate(found):
                if len(word) > MAX_WORD_LETTERS and word.lower() not in self.config.words:
                    syllables += len(word) // 3
                    if self.spelling:
                        shown = f"{word[:MAX_WORD_LETTERS]}…"
                        fields = {"word": shown, "letters": len(word), "limit": MAX_WORD_LETTERS}
                        problems.append(("RD504", word, fields))
                    continue
                syllables += count(word)
                if self.spelling and not known(word, index > 0):
                    fields = {"word": word, "suggestions": self.suggestions(word)}
                    problems.append(("RD501", word, fields))
        for pattern, avoid, prefer in self.terms:
            for match in pattern.finditer(text):
                problems.append(("RD503", match.group(0), {"avoid": avoid, "prefer": prefer}))
        return problems, Readability(words, sentences, syllables, longest)


def prose_runs(tokens: list[Token]) -> list[tuple[Token, str]]:
    """(inline token, its plain prose) for every paragraph-like block, leaving out code,
    quotations (they are someone else's words), link addresses and bare URLs."""
    runs = []
    quote = 0
    for token in tokens:
        if token.type == "blockquote_open":
            quote += 1
        elif token.type == "blockquote_close":
            quote -= 1
        elif token.type == "inline" and not quote:
            parts: list[str] = []
            in_autolink = False
            for child in token.children or []:
                if child.type == "link_open":
                    in_autolink = child.markup == "autolink" or child.info == "auto"
                elif child.type == "link_close":
                    in_autolink = False
                elif child.type in {"text", "text_special"} and not in_autolink:
                    parts.append(child.content)
                elif child.type in {"softbreak", "hardbreak", "code_inline"}:
                    parts.append(" ")
            text = NOT_PROSE.sub(" ", "".join(parts))
            runs.append((token, text))
    return runs
