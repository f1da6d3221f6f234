"""How often the spelling check is wrong on real text, and how many typos it finds.

Give it folders of Markdown that nobody on this project wrote (published Dutch government
documentation, say). Every `.md` file is read as `check` reads a contribution: the front
matter, if any, is cut off and the body goes through the same Markdown parse and prose
reading (`markdown.analyse`). The script prints per folder the words read, the spelling
warnings per 1,000 words, and each warned word with how often and where first; a person
then decides which warnings are real typos (`--real` names them, one per line).

Then it seeds typos: words the check accepts in that text, five letters or longer and not
names, get one error each (a letter inserted, deleted, swapped with the next, doubled or
replaced by another),
drawn with a fixed seed so that runs are comparable. A typo that Hunspell takes as a word
of its own ("rollen" from "rolen") is counted apart: no spelling check can find those.

    python benchmarks/spelling.py FOLDER [FOLDER...] [--lang nl-NL] [--real FILE]
                                  [--words NAME...]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.read.yamlread import decode, split_front_matter
from pipeline.text import markdown
from pipeline.text.language import WORD, LanguageChecker, LanguageConfig, is_name

LETTERS = "abcdefghijklmnopqrstuvwxyz"
KINDS = ("insert", "delete", "swap", "double", "replace")


class RecordingChecker(LanguageChecker):
    """The project's checker, keeping the prose it was given for seeding typos."""

    def __init__(self, config: LanguageConfig) -> None:
        super().__init__(config)
        self.texts: list[str] = []

    def check_text(self, text: str):
        self.texts.append(text)
        return super().check_text(text)


def read_folder(folder: Path, checker: RecordingChecker) -> tuple[int, list[tuple[str, str]]]:
    """The words read in a folder and its spelling warnings as (word, file:line)."""
    words = 0
    warnings: list[tuple[str, str]] = []
    checker.texts.clear()
    for path in sorted(folder.rglob("*.md*")):
        if path.suffix not in {".md", ".mdx"} or not path.is_file():
            continue
        text = decode(path.read_bytes())
        split = split_front_matter(text)
        body, line = (text, 1) if isinstance(split, str) else (split.body, split.body_line)
        facts, findings = markdown.analyse(body, line, checker)
        words += facts.readability.words if facts.readability else 0
        for finding in findings:
            if finding.code == "RD501":
                where = f"{path.relative_to(folder)}:{finding.position.line}"
                warnings.append((dict(finding.params)["word"], where))
    return words, warnings


def accepted_words(checker: RecordingChecker) -> list[str]:
    """Words of the prose last read that the check accepts: the ground for seeded typos."""
    found = {
        word
        for text in checker.texts
        for word in WORD.findall(text)
        if len(word) >= 5 and word.isalpha() and not is_name(word)
    }
    return sorted(w for w in found if checker.is_known(w))


def seed_typo(rng: random.Random, word: str) -> str:
    at = rng.randrange(len(word))
    kind = rng.choice(KINDS)
    if kind == "insert":
        return word[:at] + rng.choice(LETTERS) + word[at:]
    if kind == "delete":
        return word[:at] + word[at + 1 :]
    if kind == "swap":
        at = min(at, len(word) - 2)
        return word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    if kind == "replace":
        return word[:at] + rng.choice(LETTERS.replace(word[at], "")) + word[at + 1 :]
    return word[:at] + word[at] + word[at:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--lang", default="nl-NL", help="BCP 47 tag, e.g. nl-NL, en-US")
    parser.add_argument(
        "--words", nargs="*", default=[], help="the project's own words (title, organisation)"
    )
    parser.add_argument("--real", type=Path, help="words that are real typos, one per line")
    parser.add_argument("--typos", type=int, default=1000, help="typos to seed per folder")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--show", type=int, default=60, help="false warnings to list")
    args = parser.parse_args()
    real = set()
    if args.real:
        real = {w.strip() for w in args.real.read_text(encoding="utf-8").splitlines() if w.strip()}
    lang, _, region = args.lang.partition("-")

    started = time.perf_counter()
    words = frozenset(w.lower() for w in args.words)
    config = LanguageConfig(lang=lang.lower(), region=region.upper(), words=words)
    checker = RecordingChecker(config)
    _ = checker.known
    print(f"dictionaries loaded in {time.perf_counter() - started:.2f} s")

    rows: list[tuple] = []
    for folder in args.folders:
        started = time.perf_counter()
        words, warnings = read_folder(folder, checker)
        seconds = time.perf_counter() - started
        false = [(w, where) for w, where in warnings if w not in real]
        counts = Counter(w for w, _ in false)
        first = {}
        for word, where in false:
            first.setdefault(word, where)
        print(f"\n{folder}: {words:,} words read in {seconds:.2f} s ({words / seconds:,.0f}/s)")
        print(f"  warnings: {len(warnings)}, of which real typos {len(warnings) - len(false)}")
        print(f"  false warnings: {len(false)} = {1000 * len(false) / max(words, 1):.2f} per 1,000")
        for word, count in counts.most_common(args.show):
            print(f"    {count:4}  {word}  ({first[word]})")

        rng = random.Random(args.seed)
        ground = accepted_words(checker)
        found = real_words = seeded = 0
        missed: list[str] = []
        for original in rng.sample(ground, min(args.typos, len(ground))):
            typo = seed_typo(rng, original)
            if typo == original:
                continue
            if checker.speller.spell(typo):
                real_words += 1
                continue
            seeded += 1
            if checker.is_known(typo):
                missed.append(f"{typo} ({original})")
            else:
                found += 1
        share = 100 * found / max(seeded, 1)
        print(f"  seeded typos: {seeded} (and {real_words} that are words themselves)")
        print(f"  found: {found} = {share:.1f} %; missed: {', '.join(missed[:30])}")
        real_count = len(warnings) - len(false)
        rows.append((folder.name, words, len(warnings), real_count, len(false), found, seeded))

    header = "| corpus | words | warnings | real typos | false per 1,000 words | seeded typos found"
    header += " |"
    print(f"\n{header}")
    print("|---|---|---|---|---|---|")
    for name, words, warned, typos, false_count, found, seeded in rows:
        rate = 1000 * false_count / max(words, 1)
        share = 100 * found / max(seeded, 1)
        print(
            f"| {name} | {words:,} | {warned} | {typos} | **{rate:.2f}** ({false_count}) "
            f"| **{share:.1f} %** ({found} of {seeded}) |"
        )


if __name__ == "__main__":
    main()
