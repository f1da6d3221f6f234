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
from .speller import Speller, dictionary_name, one_error_from

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
MIN_PART = 4  # a loanword part is this long, or a very common English word (web, app)
SHORT_PART = 3  # a compound's parts are this long at least: log|regel, team|dag
MIN_DUTCH_PART = 5  # any word the dictionary knows, frequent or not: ontologie|afspraken
# A capitalised word at a sentence's start is a typo, not a name, when one of the language's
# commonest words is one typing error from it: Daarnaasst, not Logius (logies is rarer).
NAME_NEIGHBOUR = 10_000
COMMONEST = 100  # the frequency list's first words (de, dat, kan, meer) are no short part
SHORT_PART_RANK = 10_000  # unless they are this common and English: web|data, sub|verwerker
SUFFIXES = ("heid", "heden")  # uitlegbaar|heid
NEAR_CUT = 2  # how far from a compound's cut a dropped or swapped letter is looked for
# File types a text names as words ("een json-bestand", "de yml"): known in any language.
FILE_WORDS = frozenset(
    "csv docx epub gif html jpeg jpg json jsonld md mdx odt ods pdf png pptx svg toml tsv txt "
    "xlsx xml yaml yml zip exe".split()
)
TRIPLED = re.compile(r"([^\W\d_])\1\1")
PARENTHESISED = re.compile(r"\(([^()]*)\)")
# Addresses, TeX commands ($\\textsf{...}$) and other dialects' attribute lists ({: .note}).
# An e-mail address is matched from the start of its token only (`(?<!\S)`): tried at every
# letter of a long token, `\S+@` would take time growing with the square of its length.
# File names and code (README.md, developer.overheid.nl, parent_span_id): a token with a dot
# or an underscore between two letters, matched from its start only, as the address is.
NOT_PROSE = re.compile(
    r"https?://\S+|www\.\S+|(?<!\S)[^\s@]*+@\S+|\\[A-Za-z]+|\{[^{}\n]*\}"
    r"|(?<!\S)(?=\S*?[^\W_][._][^\W\d_])\S+"
)
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
        self._near = lru_cache(maxsize=20_000)(self.speller_candidates)

    @property
    def speller(self) -> Speller:
        if self._speller is None:
            self._speller = Speller(self.config.lang, self.config.region)
        return self._speller

    def speller_candidates(self, word: str) -> list[str]:
        """Frequent words one typing error from the word, the most frequent first."""
        return self.speller.candidates(word)

    @property
    def known(self) -> frozenset[str]:
        """The words known without asking Hunspell: the frequent words and the project's.
        Asking for them loads the dictionary too."""
        if self._known is None:
            self.speller.load()
            self._known = frozenset(self.speller.frequent) | self.config.words | FILE_WORDS
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
            if self._loan_verb(lowered) or self._compound(lowered, 2):
                return True
        if self.speller.spell(word):
            return True
        # A capitalised word that starts a sentence is a name ("Fieldlab", "Kubernetes") when
        # no frequent word is one typing error from it ("Daarnaasst" is a typo of daarnaast)
        # and it does not start with a long word ("Discriminatieprotcol" is a compound).
        return (
            is_name(word)
            and not any(self.speller.frequent[c] < NAME_NEIGHBOUR for c in self._near(word))
            and one_error_from(lowered).isdisjoint(self.config.words)  # Wqzyrtt, not Wqzyrt
            and not any(lowered[:at] in self.known for at in range(6, len(lowered) - 2))
        )

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
        ("algoritme|gebruik"), and is not one typing error from a word the dictionary knows
        whole: "digit|kale" is digitale, "vers|sterken" versterken."""
        cuts = self._split(word, depth)
        return cuts is not None and not self._near_miss(word, cuts)

    def _split(self, word: str, depth: int) -> tuple[int, ...] | None:
        """Where the word splits into two or three known parts (the first letter of each
        part after the first), or None."""
        for cut in range(len(word) - SHORT_PART, SHORT_PART - 1, -1):
            head, tail = word[:cut], word[cut:]
            if not self._part(head):
                continue
            if tail in SUFFIXES and self.speller.spell(head):
                return (cut,)
            for link in ("", *LINKING):
                rest = tail[len(link) :]
                if not tail.startswith(link) or len(rest) < SHORT_PART:
                    continue
                if self._part(rest):
                    return (cut,)
                more = self._split(rest, depth - 1) if depth > 1 else None
                if more is not None:
                    start = cut + len(link)
                    return (cut, *(start + at for at in more))
        return None

    def _part(self, part: str) -> bool:
        """A compound's part: a project word, a loanword, a word of five letters or more that
        the dictionary knows, or a shorter one that is also frequent but not one of the most
        frequent (dat, kan, meer: "dat|sets" and "onder|meer" are typos)."""
        if len(part) >= MIN_DUTCH_PART:
            return part in self.known or self._loan(part) or self.speller.spell(part)
        if part in self.config.words or self._loan(part):
            return True
        rank = self.speller.frequent.get(part)
        return rank is not None and rank >= COMMONEST and self.speller.spell(part)

    def _near_miss(self, word: str, cuts: tuple[int, ...]) -> bool:
        """Whether one typing error made the word split: a frequent word one letter away
        anywhere, or a word the dictionary knows (a compound of its own included) one
        letter dropped or two swapped near a cut ("besttaande", "gegevensveerwerking")."""
        if not one_error_from(word).isdisjoint(self.known):
            return True
        near = {at for cut in cuts for at in range(max(cut - NEAR_CUT, 0), cut + NEAR_CUT)}
        close = {word[:at] + word[at + 1 :] for at in near if at < len(word)}
        close |= {
            word[:at] + word[at + 1] + word[at] + word[at + 2 :]
            for at in near
            if at + 1 < len(word)
        }
        close.discard(word)
        return any(self.speller.spell(candidate) for candidate in sorted(close))

    def _loan_verb(self, word: str) -> bool:
        """A Dutch form of an English verb, as Dutch writes them: ge|merge|d, ge|commit,
        ge|fork|t, deploy|en, refactor|en (a stem of four letters after ge-, five before
        -en: "work|en" would let a typo of werken through)."""
        if word.startswith("ge"):
            stem = word[2:]
            forms = [stem, *(stem[: -len(end)] for end in ("d", "t", "ed") if stem.endswith(end))]
            return any(len(form) >= 4 and self.speller.loanword(form) for form in forms)
        return any(
            word.endswith(end)
            and len(word) - len(end) >= 5
            and self.speller.loanword(word[: -len(end)])
            for end in ("en", "n")
        )

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

    def _suggestions(self, word: str) -> str:
        candidates = self._near(word.strip("-"))
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
