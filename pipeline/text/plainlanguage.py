"""An estimate of a Dutch text's reading level (Taalniveau B1), as advice per contribution.

The text is read as the prose checks read it (`language.prose_runs` on the markdown-it
tokens, headings left out: they are no sentences), split into sentences and words the same
way. Five figures are counted:

- words per sentence: B1 guidance asks for sentences of 15 to 20 words at most;
- syllables per word, with pyphen's Dutch hyphenation (as the Flesch-Douma score);
- the share of words outside the 5,000 most frequent Dutch words (wordfreq, the list
  speller.py already reads). A B1 reader knows about 3,000 to 5,000 words; of the cut-offs
  tried on the calibration texts (2,000, 5,000 and 10,000, `benchmarks/plainlanguage.py`)
  5,000 separated B1 from formal text best. Names (capitalised inside a sentence) and
  acronyms are not counted;
- the share of sentences in the passive voice: a form of `worden` (wordt, worden, werd,
  werden) and a past participle in the same clause (between commas). `is`/`zijn`/`was` with a
  participle are left out: that is also the perfect tense of verbs of motion and change
  ("is gekomen", "zijn gegaan"), which no rule can tell apart without a parser;
- nominalisations per 100 words: words of eight letters or more ending in -ing(en),
  -heid/-heden, -atie(s) or -isme(n) ("de ondersteuning", "de beschikbaarheid").

The figures are weighed into one score; the weights were fitted by least squares on the
calibration texts (benchmarks/plainlanguage.py) with B1 texts at 2 and formal texts (laws,
policy rules) at 4, so 3 is halfway. The bands: below 3.0 "B1 of eenvoudiger" (the boundary
where the cross-validated accuracy, B1 against formal, was best: 96.9 %, against 81 % at 2.5
and 96 % at 3.25), below 3.5 "B2", else "C1 of moeilijker" (two thirds of the formal texts).
docs/benchmarks.md has the calibration: which texts, how they were labelled, and how well the
bands separate them. It tells plain text from formal text well (ROC AUC 0.99), but hardly
news written at B1 from the same news at B2 or C1 (0.65 and 0.75): it is an estimate for a
writer's attention, never a verdict.

The hardest sentences (at most three) are those with the most reasons: long (more than 20
words), three or more rare words, passive voice, two or more nominalisations. The words of
the project's `terms` list (document.yaml, language.terms) that occur are listed too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..core.messages import N_, Message, _
from ..core.model import Project
from .language import SENTENCE_END, WORD, is_name, prose_runs

COMMON_WORDS = 5_000  # a word further down wordfreq's Dutch list is rare for a B1 reader
LONG_SENTENCE = 20  # words: B1 guidance asks for 15 to 20 at most
RARE_IN_SENTENCE = 3
NOMINAL_IN_SENTENCE = 2
HARDEST = 3
# The fitted weights (benchmarks/plainlanguage.py prints them): intercept, words per
# sentence, syllables per word, % rare words, % passive sentences, nominalisations per 100.
WEIGHTS = (0.68, 0.034, 0.44, 0.042, 0.019, 0.076)
B1_BELOW = 3.0
B2_BELOW = 3.5
LEVELS = ("B1 of eenvoudiger", "B2", "C1 of moeilijker")

AUXILIARIES = frozenset({"wordt", "worden", "werd", "werden"})
# A past participle: ge...d/t/en, also after a separable prefix (vast|ge|steld), or with an
# unstressed prefix (be|paald, ver|stuurd, ont|vangen); not a present participle (-end).
PARTICIPLE = re.compile(
    r"^(?:[a-z]*ge[a-z]{2,}(?:d|t|en)|(?:be|ver|ont|her|er)[a-z]{2,}(?:d|t|en))$"
)
# Words that look like a participle and are none (infinitives, nouns, adjectives).
NOT_PARTICIPLES = frozenset(
    "gebruiken gelden geven gemeenten gebieden gesprekken gebeuren genieten gedachten "
    "gewoonten gelegenheden gevolgen geweest gezet gewend geheel gevoelen gemiddeld bent "
    "beginnen bestaan betekent betalen bepalen bespreken besteden bereiken bewaren "
    "verbeteren verdelen vergelijken veranderen verdienen verliezen vertellen vervangen "
    "verwachten verzamelen ontstaan onderzoeken ontwikkelen herstellen erkennen".split()
)
NOMINAL = re.compile(r"^[a-z]{4,}(?:ingen|ing|heden|heid|aties|atie|ismen|isme)$")
CLAUSE = re.compile(r"[,;:()]")


@dataclass(frozen=True)
class HardSentence:
    text: str
    line: int  # 1-based in the file, 0 when unknown
    words: int
    reasons: tuple[str, ...]  # "long", "rare-words", "passive", "nominalisations"
    examples: tuple[str, ...]  # the rare words and nominalisations it has


@dataclass(frozen=True)
class LevelEstimate:
    level: str  # one of LEVELS
    score: float  # B1 texts score about 2, formal texts about 4
    sentences: int
    words: int
    words_per_sentence: float
    syllables_per_word: float
    rare_percent: float
    passive_percent: float  # of the sentences
    nominalisations_per_100: float
    hardest: tuple[HardSentence, ...]
    terms: tuple[tuple[str, str], ...]  # (hard word, plain word) that occur


@dataclass(frozen=True)
class _Sentence:
    text: str
    line: int
    words: int
    syllables: int
    rare: tuple[str, ...]
    passive: bool
    nominal: tuple[str, ...]


@lru_cache(maxsize=1)
def _hyphenator():
    import pyphen

    return pyphen.Pyphen(lang="nl_NL")


@lru_cache(maxsize=100_000)
def _syllables(word: str) -> int:
    return len(_hyphenator().positions(word.lower().strip("-"))) + 1


@lru_cache(maxsize=1)
def _ranks() -> dict[str, int]:
    from .speller import frequent_words

    return frequent_words("nl")


def is_rare(word: str, common: int = COMMON_WORDS) -> bool:
    """Whether a (lowercase) word is outside the `common` most frequent Dutch words."""
    rank = _ranks().get(word)
    return rank is None or rank >= common


def _is_passive(words: Sequence[str]) -> bool:
    lowered = [w.lower() for w in words]
    return any(w in AUXILIARIES for w in lowered) and any(
        PARTICIPLE.match(w) and not w.endswith("end") and w not in NOT_PARTICIPLES for w in lowered
    )


def _sentence(text: str, line: int, common: int) -> _Sentence | None:
    found = WORD.findall(text)
    if not found:
        return None
    counted = [w for i, w in enumerate(found) if not w.isupper() and not (i > 0 and is_name(w))]
    rare = tuple(w for w in counted if len(w) > 2 and is_rare(w.lower(), common))
    nominal = tuple(w for w in counted if len(w) >= 8 and NOMINAL.match(w.lower()))
    passive = any(_is_passive(WORD.findall(clause)) for clause in CLAUSE.split(text))
    syllables = sum(_syllables(w) for w in found)
    return _Sentence(text, line, len(found), syllables, rare, passive, nominal)


def _sentences(body: str, first_line: int, common: int) -> list[_Sentence]:
    from .markdown import parse_tokens

    tokens = parse_tokens(body)
    prose = [
        t
        for i, t in enumerate(tokens)
        if not (t.type == "inline" and i and tokens[i - 1].type == "heading_open")
    ]
    found = []
    for token, text in prose_runs(prose):
        line = first_line + token.map[0] if token.map and first_line else 0
        for part in SENTENCE_END.split(" ".join(text.split())):
            sentence = _sentence(part, line, common)
            if sentence is not None:
                found.append(sentence)
    return found


def features(
    body: str, first_line: int = 0, common: int = COMMON_WORDS
) -> tuple[tuple[float, ...], list[_Sentence]] | None:
    """The five figures (words per sentence, syllables per word, % rare words, % passive
    sentences, nominalisations per 100 words) and the sentences; None without prose."""
    sentences = _sentences(body, first_line, common)
    words = sum(s.words for s in sentences)
    if not words:
        return None
    figures = (
        words / len(sentences),
        sum(s.syllables for s in sentences) / words,
        100 * sum(len(s.rare) for s in sentences) / words,
        100 * sum(s.passive for s in sentences) / len(sentences),
        100 * sum(len(s.nominal) for s in sentences) / words,
    )
    return figures, sentences


def score(figures: Sequence[float], weights: Sequence[float] = WEIGHTS) -> float:
    """The score: B1 texts come out about 2, formal texts about 4."""
    return weights[0] + sum(w * x for w, x in zip(weights[1:], figures, strict=True))


def band(value: float) -> str:
    if value < B1_BELOW:
        return LEVELS[0]
    return LEVELS[1] if value < B2_BELOW else LEVELS[2]


def _reasons(s: _Sentence) -> tuple[str, ...]:
    reasons = []
    if s.words > LONG_SENTENCE:
        reasons.append("long")
    if len(s.rare) >= RARE_IN_SENTENCE:
        reasons.append("rare-words")
    if s.passive:
        reasons.append("passive")
    if len(s.nominal) >= NOMINAL_IN_SENTENCE:
        reasons.append("nominalisations")
    return tuple(reasons)


def estimate_level(
    body: str, terms: Iterable[tuple[str, str]] = (), first_line: int = 0
) -> LevelEstimate | None:
    """The estimated level of a Dutch Markdown body; None when it has no prose. With
    `first_line` (where the body starts in its file), the hardest sentences carry lines."""
    counted = features(body, first_line)
    if counted is None:
        return None
    figures, sentences = counted
    value = score(figures)
    ranked = sorted(
        (s for s in sentences if _reasons(s)),
        key=lambda s: (-len(_reasons(s)), -s.words - 2 * len(s.rare), s.line),
    )
    hardest = tuple(
        HardSentence(s.text, s.line, s.words, _reasons(s), tuple(dict.fromkeys(s.rare + s.nominal)))
        for s in ranked[:HARDEST]
    )
    used = tuple(
        (avoid, prefer)
        for avoid, prefer in terms
        if re.search(rf"\b{re.escape(avoid)}\b", body, re.IGNORECASE)
    )
    return LevelEstimate(
        level=band(value),
        score=round(value, 2),
        sentences=len(sentences),
        words=sum(s.words for s in sentences),
        words_per_sentence=round(figures[0], 1),
        syllables_per_word=round(figures[1], 2),
        rare_percent=round(figures[2], 1),
        passive_percent=round(figures[3], 1),
        nominalisations_per_100=round(figures[4], 1),
        hardest=hardest,
        terms=used,
    )


def contribution_levels(
    project: Project, paths: Iterable[str] | None = None
) -> dict[str, LevelEstimate]:
    """The estimate per contribution path of a Dutch project (only `paths`, when given);
    none in another language, with the prose checks switched off, or without prose."""
    settings = project.settings
    if settings is None or settings.lang.split("-")[0].lower() != "nl":
        return {}
    language = settings.language
    if language is not None and not language.enabled:
        return {}
    terms = language.terms if language is not None else ()
    wanted = set(paths) if paths is not None else None
    found = {}
    for c in project.contributions:
        if c.language and (wanted is None or c.path in wanted):
            estimate = estimate_level(c.body, terms, c.body_line)
            if estimate is not None:
                found[c.path] = estimate
    return found


REASONS = {
    "long": N_("long"),
    "rare-words": N_("many uncommon words"),
    "passive": N_("passive"),
    "nominalisations": N_("nouns made from verbs"),
}
SHOWN = 90  # characters of a hard sentence shown


def advice(estimate: LevelEstimate) -> list[tuple[int, Message]]:
    """What to tell the writer of a text estimated above B1, as (line, message): the level
    and its figures, the hardest sentences and the project's hard words that occur. A text
    at B1 gets no advice (a participant's check stays quiet about it)."""
    if estimate.level == LEVELS[0]:
        return []
    said: list[tuple[int, Message]] = [
        (
            0,
            _(
                "estimated reading level {level} (the aim is B1): {per_sentence} words per "
                "sentence, {rare} % uncommon words, {passive} % of the sentences passive",
                level=estimate.level,
                per_sentence=estimate.words_per_sentence,
                rare=estimate.rare_percent,
                passive=estimate.passive_percent,
            ),
        )
    ]
    for hard in estimate.hardest:
        shown = hard.text if len(hard.text) <= SHOWN else hard.text[: SHOWN - 1] + "…"
        message = _(
            'hard sentence ({words} words; {why}): "{sentence}"',
            words=hard.words,
            why=tuple(Message(REASONS[r]) for r in hard.reasons),
            sentence=shown,
        )
        if hard.examples:
            examples = ", ".join(hard.examples[:4])
            message = _("{advice}; uncommon words: {examples}", advice=message, examples=examples)
        said.append((hard.line, message))
    for avoid, prefer in estimate.terms:
        said.append((0, _("write '{prefer}' instead of '{avoid}'", prefer=prefer, avoid=avoid)))
    return said
