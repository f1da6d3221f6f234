"""How well the B1 estimate (pipeline/text/plainlanguage.py) tells plain Dutch from formal Dutch.

It reads labelled public texts from git repositories (bare clones are enough: nothing is
checked out), counts the estimate's five figures for each, fits the weights by least squares
on the scale 2 = B1 or easier, 3 = B2, 4 = C1 or harder, and reports, with five-fold
cross-validation (each text scored by weights fitted without it) and with the weights the
module ships:

- the share of B1 texts estimated "B1 of eenvoudiger" and of formal texts estimated above it;
- the ROC AUC of the score, B1 texts against formal texts;
- the bands against the labels (A2, B1, B2, C1 news and formal texts);
- the same for 2,000, 5,000 and 10,000 common words (the rare-word cut-off);
- a sample of the sentences found passive and of the nominalisations, to judge by hand.

The labelled texts:

- `--news GITDIR`: gabnasello/LeerMetNieuws, news summaries rewritten per CEFR level
  (exercises/A2, B1, B2, C1/*/exercise_N.md; each level of the same news item). Every version
  in the history is read and duplicates dropped. A2 and B1 count as "B1 or easier", B2 as B2,
  C1 as C1. The label is the repository's: its level folder.
- `--knm GITDIR`: dipeshm01/NederlandseTaal, knm/Nederland-*.md, notes of the Dutch
  civic-integration course (Kennis van de Nederlandse Maatschappij), written for learners:
  B1 or easier.
- `--laws GITDIR`: statengeneraal/laws-markdown, Dutch laws, policy rules and circulars
  from wetten.overheid.nl in Markdown: formal, "C1 or harder". A fixed sample: every n-th
  file under wet/ (no amending or introducing law: those are lists of "Wijzigt ..."),
  beleidsregel/ and circulaire/, the first 6,000 characters of each.
- `--folder NAME=DIR`: Markdown files reported without a label (the example contributions,
  say).

    python benchmarks/plainlanguage.py --news DIR --knm DIR --laws DIR [--folder NAME=DIR]
"""

from __future__ import annotations

import argparse
import random
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.read.yamlread import decode, split_front_matter
from pipeline.text import plainlanguage as pl

LEVEL = {"A2": 2.0, "B1": 2.0, "B2": 3.0, "C1": 4.0, "formal": 4.0}
FITTED = ("A2", "B1", "formal")
FOLDS = 5
BOUNDARIES = (2.5, 2.75, 3.0, 3.25)
LAW_SAMPLE = {"wet": 25, "beleidsregel": 25, "circulaire": 15}
AMENDING = re.compile(r"wijziging|aanpassing|invoering|intrekking|verzamelwet|reparatie")
CHARACTERS = 6_000


def git(gitdir: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", f"--git-dir={gitdir}", *args], capture_output=True, text=True, check=False
    )
    return done.stdout


def news_summary(markdown: str) -> str:
    """The news text of an exercise: what stands before the vocabulary, without the title,
    the picture and the link to the original."""
    text = markdown.split("## Woordenschat")[0]
    kept = []
    for line in text.splitlines()[1:]:
        line = line.strip()
        if not line or line.startswith(("#", "!", "[", "**Titel")):
            continue
        kept.append(re.sub(r"^\**Samenvatting\**:?\**\s*", "", line))
    return "\n\n".join(kept)


def read_news(gitdir: Path) -> list[tuple[str, str, str]]:
    """(label, name, text) for each distinct news text in the history."""
    seen: set[str] = set()
    found = []
    for commit in git(gitdir, "log", "--format=%H", "--", "exercises").split():
        for path in git(gitdir, "ls-tree", "-r", "--name-only", commit, "exercises").split():
            level = path.split("/")[1]
            if level not in LEVEL or not path.endswith(".md"):
                continue
            text = news_summary(git(gitdir, "show", f"{commit}:{path}"))
            if len(text.split()) < 20 or text in seen:
                continue
            seen.add(text)
            found.append((level, f"{commit[:7]}:{path}", text))
    return found


def read_knm(gitdir: Path) -> list[tuple[str, str, str]]:
    paths = git(gitdir, "ls-tree", "-r", "--name-only", "HEAD", "knm").split()
    found = []
    for path in sorted(paths):
        if re.fullmatch(r"knm/Nederland-\d+\.md", path):
            found.append(("B1", path, git(gitdir, "show", f"HEAD:{path}")))
    return found


def read_laws(gitdir: Path) -> list[tuple[str, str, str]]:
    paths = git(gitdir, "ls-tree", "-r", "--name-only", "HEAD").splitlines()
    found = []
    for kind, count in LAW_SAMPLE.items():
        chosen = sorted(
            p
            for p in paths
            if p.startswith(f"{kind}/") and p.endswith("README.md") and not AMENDING.search(p)
        )
        step = max(len(chosen) // count, 1)
        for path in chosen[::step][:count]:
            text = git(gitdir, "show", f"HEAD:{path}")
            text = re.sub(r"<meta[^>]*>", "", text)[:CHARACTERS]
            found.append(("formal", path, text.rsplit("\n\n", 1)[0]))
    return found


def read_folder(name: str, folder: Path) -> list[tuple[str, str, str]]:
    found = []
    for path in sorted(folder.rglob("*.md")):
        split = split_front_matter(decode(path.read_bytes()))
        body = split.body if not isinstance(split, str) else decode(path.read_bytes())
        found.append((name, str(path.relative_to(folder)), body))
    return found


def solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting (a 6 x 6 system)."""
    n = len(vector)
    rows = [[*matrix[i], vector[i]] for i in range(n)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(rows[r][col]))
        rows[col], rows[pivot] = rows[pivot], rows[col]
        for r in range(n):
            if r != col and rows[col][col]:
                factor = rows[r][col] / rows[col][col]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[col], strict=True)]
    return [rows[i][n] / rows[i][i] for i in range(n)]


def fit(rows: list[tuple[str, str, tuple[float, ...]]]) -> list[float]:
    """Least-squares weights (intercept first) for B1 texts (2) against formal texts (4),
    each group weighing as much in all, with a little ridge for stability. The news at B2
    and C1 are left out: their levels overlap too much to be a target (see the tables)."""
    groups = Counter(LEVEL[label] for label, _, _ in rows if label in FITTED)
    samples = [
        (figures, LEVEL[label], len(rows) / groups[LEVEL[label]])
        for label, _, figures in rows
        if label in FITTED
    ]
    size = len(samples[0][0]) + 1
    xtx = [[0.0] * size for _ in range(size)]
    xty = [0.0] * size
    for figures, target, weight in samples:
        row = (1.0, *figures)
        for i in range(size):
            xty[i] += weight * row[i] * target
            for j in range(size):
                xtx[i][j] += weight * row[i] * row[j]
    for i in range(1, size):
        xtx[i][i] += 1e-3
    return solve(xtx, xty)


def auc(positives: list[float], negatives: list[float]) -> float:
    """The chance that a formal text scores above a B1 text (ties count half)."""
    wins = sum((p > n) + 0.5 * (p == n) for p in positives for n in negatives)
    return wins / (len(positives) * len(negatives))


def evaluate(rows: list[tuple[str, str, tuple[float, ...]]], scores: list[float], title: str):
    b1 = [s for (label, _, _), s in zip(rows, scores, strict=True) if label in ("A2", "B1")]
    formal = [s for (label, _, _), s in zip(rows, scores, strict=True) if label == "formal"]
    b1_right = sum(s < pl.B1_BELOW for s in b1)
    formal_right = sum(s >= pl.B1_BELOW for s in formal)
    accuracy = (b1_right + formal_right) / (len(b1) + len(formal))
    print(f"\n{title}")
    print(f"  B1 texts estimated B1 or easier: {b1_right} of {len(b1)}")
    print(f"  formal texts estimated above B1: {formal_right} of {len(formal)}")
    print(f"  accuracy of the B1 boundary: {100 * accuracy:.1f} %")
    print(f"  ROC AUC, B1 against formal: {auc(formal, b1):.3f}")
    for label in ("B2", "C1"):
        news = [s for (lab, _, _), s in zip(rows, scores, strict=True) if lab == label]
        print(f"  ROC AUC, B1 against {label} news: {auc(news, b1):.3f}")
    for cut in BOUNDARIES:
        right = sum(s < cut for s in b1) + sum(s >= cut for s in formal)
        share = 100 * right / (len(b1) + len(formal))
        print(f"  accuracy with the B1 boundary at {cut}: {share:.1f} %")
    table: dict[str, Counter[str]] = {}
    for (label, _, _), value in zip(rows, scores, strict=True):
        table.setdefault(label, Counter())[pl.band(value)] += 1
    print(f"  | label | texts | {' | '.join(pl.LEVELS)} |")
    print("  |---|---|---|---|---|")
    for label in ("A2", "B1", "B2", "C1", "formal"):
        if label in table:
            counts = table[label]
            cells = " | ".join(str(counts[level]) for level in pl.LEVELS)
            print(f"  | {label} | {sum(counts.values())} | {cells} |")
    return accuracy


def cross_validated(rows: list[tuple[str, str, tuple[float, ...]]]) -> list[float]:
    scores = [0.0] * len(rows)
    for fold in range(FOLDS):
        weights = fit([row for i, row in enumerate(rows) if i % FOLDS != fold])
        for i, (_, _, figures) in enumerate(rows):
            if i % FOLDS == fold:
                scores[i] = pl.score(figures, weights)
    return scores


def measure(texts: list[tuple[str, str, str]], common: int) -> list[tuple[str, str, tuple]]:
    rows = []
    for label, name, text in texts:
        counted = pl.features(text, common=common)
        if counted is not None:
            rows.append((label, name, counted[0]))
    return rows


def samples(texts: list[tuple[str, str, str]], seed: int) -> None:
    """Passive sentences and nominalisations found, a random sample to judge by hand."""
    passive: list[str] = []
    nominal: list[str] = []
    for _, _, text in texts:
        counted = pl.features(text)
        if counted is None:
            continue
        for sentence in counted[1]:
            if sentence.passive:
                passive.append(sentence.text[:160])
            nominal += sentence.nominal
    rng = random.Random(seed)
    print(f"\npassive sentences found: {len(passive)}; a sample of 25:")
    for sentence in rng.sample(passive, min(25, len(passive))):
        print(f"  - {sentence}")
    print(f"nominalisations found: {len(nominal)}; a sample of 40:")
    print("  " + ", ".join(rng.sample(nominal, min(40, len(nominal)))))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--news", type=Path, required=True)
    parser.add_argument("--knm", type=Path, required=True)
    parser.add_argument("--laws", type=Path, required=True)
    parser.add_argument("--folder", action="append", default=[], metavar="NAME=DIR")
    parser.add_argument("--seed", type=int, default=32)
    args = parser.parse_args()

    texts = read_news(args.news) + read_knm(args.knm) + read_laws(args.laws)
    print("texts:", dict(Counter(label for label, _, _ in texts)))
    print(f"shipped weights: {pl.WEIGHTS}")
    for common in (2_000, 5_000, 10_000):
        rows = measure(texts, common)
        weights = fit(rows)
        print(
            f"\n=== {common:,} common words; weights fitted on all: "
            f"{tuple(round(w, 3) for w in weights)}"
        )
        rare_b1 = [f[2] for label, _, f in rows if label in ("A2", "B1")]
        rare_formal = [f[2] for label, _, f in rows if label == "formal"]
        print(f"  ROC AUC of the rare-word share alone: {auc(rare_formal, rare_b1):.3f}")
        evaluate(rows, cross_validated(rows), "five-fold cross-validated")
        if common == pl.COMMON_WORDS:
            shipped = [pl.score(figures) for _, _, figures in rows]
            evaluate(rows, shipped, "the shipped weights (fitted on all, rounded)")
            for index, name in enumerate(
                ("words/sentence", "syllables/word", "% rare", "% passive", "nominal/100")
            ):
                for label in ("B1", "B2", "C1", "formal"):
                    values = [f[index] for lab, _, f in rows if lab == label]
                    print(f"  {name} {label}: mean {sum(values) / len(values):.2f}")
    samples(texts, args.seed)
    for spec in args.folder:
        name, _, folder = spec.partition("=")
        print(f"\n{name}:")
        for _, path, body in read_folder(name, Path(folder)):
            estimate = pl.estimate_level(body)
            if estimate is not None:
                print(f"  {estimate.score:5.2f}  {estimate.level:<18} {path}")


if __name__ == "__main__":
    main()
