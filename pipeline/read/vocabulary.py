"""A project's vocabulary: the words its prose checker knows, and the checker made from it.

Besides the language's own word list, the checker knows the participants' names and
organisations, the document's title and organisation, the words in file names and the
project's word list (`language: {words: ...}` in document.yaml).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from ..core.diagnostics import Reporter
from ..core.model import LanguageSettings, Participant, Position, Settings
from ..core.paths import DOCUMENT
from ..text.language import LanguageChecker, LanguageConfig
from ..text.speller import lexicon_version
from .projectfiles import UnsafeFile, read_text

WORD_PARTS = re.compile(r"[^\W\d_]+")


def language_checker(
    root: Path,
    settings: Settings | None,
    participants: dict[str, Participant] | None,
    reporter: Reporter,
    words_at: Position | None,
) -> tuple[LanguageChecker | None, str]:
    """The prose checker for this project, and a key that changes whenever its verdicts may.
    A word list that cannot be read is reported at `words_at` in document.yaml."""
    if settings is None or (settings.language is not None and not settings.language.enabled):
        return None, "off"
    options = settings.language or LanguageSettings()
    known: set[str] = set()
    for person in (participants or {}).values():
        known.update(w.lower() for w in WORD_PARTS.findall(f"{person.name} {person.organisation}"))
    known.update(w.lower() for w in WORD_PARTS.findall(f"{settings.title} {settings.organisation}"))
    folders = [root / "contributions", root / "sections"]
    for folder in folders:
        if folder.is_dir():
            for entry in folder.iterdir():
                known.update(entry.stem.lower().split("-"))
    if options.words:
        path = root / options.words
        lines = []
        if not path.exists() and not path.is_symlink():
            reporter.add("RD112", DOCUMENT, words_at, name=options.words)
        else:
            try:
                lines = read_text(root, path).splitlines()
            except UnsafeFile as exc:  # a link out of the project, /dev/zero, too large
                reporter.add("RD108", exc.name, reason=exc.reason)
        known.update(w.strip().lower() for w in lines if w.strip() and not w.startswith("#"))
    subtags = settings.lang.split("-")
    config = LanguageConfig(
        lang=subtags[0].lower(),
        region=next((t.upper() for t in subtags[1:] if len(t) == 2 and t.isalpha()), ""),
        words=frozenset(known),
        terms=options.terms,
        max_sentence_words=options.max_sentence_words,
    )
    # Sorted, so the key is the same in every process (sets iterate in a random order).
    described = repr(
        (
            config.lang,
            config.region,
            sorted(config.words),
            config.terms,
            config.max_sentence_words,
            lexicon_version(),
        )
    )
    key = hashlib.sha256(described.encode()).hexdigest()[:16]
    return LanguageChecker(config), key
