"""Checks of the prose, all warnings: spelling, long sentences, words to avoid, readability.

Spelling uses pyspellchecker's word list for the document's language (Dutch, English and a
few more ship with it, offline), plus the project's own words. Dutch writes compounds as one
word, which no word list holds in full: a word that splits into known words
("proces|ondersteuning", "samenwerking|s|afspraken") counts as known. Readability is
Flesch-Douma for Dutch and Flesch for other languages, with syllables counted by pyphen's
hyphenation patterns, so everything works without a network.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from markdown_it.token import Token

APOSTROPHES = "'\u2019"
WORD = re.compile(rf"[^\W\d_]+(?:[{APOSTROPHES}-][^\W\d_]+)*")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'\u201c\u2018(]?[A-ZÀ-Ý0-9])")
SPELLING_LANGUAGES = {"nl", "en", "de", "fr", "es", "pt", "it"}
LINKING = ("s", "e", "en", "n")  # Dutch linking sounds between the parts of a compound
MIN_PART = 4


@dataclass(frozen=True)
class LanguageConfig:
    lang: str  # primary subtag: nl, en, ...
    words: frozenset[str] = frozenset()  # lowercased words that are always right
    terms: tuple[tuple[str, str], ...] = ()
    max_sentence_words: int | None = None
    spelling: bool = True


@dataclass(frozen=True)
class Readability:
    words: int = 0
    sentences: int = 0
    syllables: int = 0
    longest_sentence: int = 0

    def score(self, lang: str) -> float | None:
        """Flesch-Douma for Dutch, Flesch otherwise: higher is easier (60-80: plain)."""
        if not self.words or not self.sentences:
            return None
        per_sentence = self.words / self.sentences
        per_word = self.syllables / self.words
        if lang == "nl":
            return round(206.84 - 77 * per_word - 0.93 * per_sentence, 1)
        return round(206.835 - 1.015 * per_sentence - 84.6 * per_word, 1)


@lru_cache(maxsize=8)
def _dictionary(lang: str) -> frozenset[str]:
    from spellchecker import SpellChecker

    return frozenset(SpellChecker(language=lang, distance=1).word_frequency.dictionary)


@lru_cache(maxsize=8)
def _speller(lang: str):
    from spellchecker import SpellChecker

    # Distance 1 keeps suggestions instant; distance 2 takes seconds per long Dutch word.
    return SpellChecker(language=lang, distance=1)


@lru_cache(maxsize=8)
def _hyphenator(lang: str):
    import pyphen

    for name in (lang, f"{lang}_{lang.upper()}", "en_GB" if lang == "en" else lang):
        if name in pyphen.LANGUAGES:
            return pyphen.Pyphen(lang=name)
    return pyphen.Pyphen(lang="en_GB")


class LanguageChecker:
    """One per run: dictionaries are loaded once, and only when a text needs them."""

    def __init__(self, config: LanguageConfig) -> None:
        self.config = config
        self.spelling = config.spelling and config.lang in SPELLING_LANGUAGES
        self.terms = [
            (re.compile(rf"\b{re.escape(avoid)}\b", re.IGNORECASE), avoid, prefer)
            for avoid, prefer in config.terms
        ]
        self._known: frozenset[str] | None = None
        self._syllables = lru_cache(maxsize=200_000)(self._count_syllables)
        self._is_known = lru_cache(maxsize=200_000)(self._word_is_known)
        self.suggestions = lru_cache(maxsize=20_000)(self._suggestions)

    @property
    def known(self) -> frozenset[str]:
        if self._known is None:
            self._known = _dictionary(self.config.lang) | self.config.words
        return self._known

    def _count_syllables(self, word: str) -> int:
        return len(_hyphenator(self.config.lang).positions(word.lower())) + 1

    def _word_is_known(self, word: str) -> bool:
        lowered = word.lower()
        if lowered in self.known or word.isupper() or len(word) < 3:
            return True
        if any(mark in word for mark in "-" + APOSTROPHES):
            return all(
                self._is_known(part) for part in re.split(rf"[{APOSTROPHES}-]", word) if part
            )
        if self.config.lang != "nl":
            return False
        # Dutch marks stress with accents on any word ("één", "vóór", "dát").
        plain = unicodedata.normalize("NFKD", lowered)
        plain = "".join(c for c in plain if not unicodedata.combining(c))
        if plain != lowered and plain in self.known:
            return True
        return self._compound(lowered, 3)

    def _compound(self, word: str, depth: int) -> bool:
        """Whether the word is two or more known words of at least four letters, perhaps
        joined by a linking s, e or en. Shorter parts would let typos through."""
        if depth == 0:
            return False
        for cut in range(len(word) - MIN_PART, MIN_PART - 1, -1):
            head, tail = word[:cut], word[cut:]
            if head not in self.known:
                continue
            if tail in self.known or self._compound(tail, depth - 1):
                return True
            for link in LINKING:
                rest = tail[len(link) :]
                if (
                    tail.startswith(link)
                    and len(rest) >= MIN_PART
                    and (rest in self.known or self._compound(rest, depth - 1))
                ):
                    return True
        return False

    def _suggestions(self, word: str) -> str:
        candidates = _speller(self.config.lang).candidates(word.lower()) or set()
        return ", ".join(sorted(c for c in candidates if c != word.lower())[:3]) or "-"

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
            for word in found:
                syllables += count(word)
                if self.spelling and not known(word):
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
            text = re.sub(r"https?://\S+|www\.\S+|\S+@\S+", " ", "".join(parts))
            runs.append((token, text))
    return runs
