"""How long `roledoc review import` takes on a heavy review, and what comes back.

The example project (with its 14 published contributions) is exported, and the review file
gets, the way Word writes them, 200 word changes in every contribution (insertions, deletions
and replacements at random places, each paragraph at most a few) and 20 comments. The import
then runs in a fresh process (`roledoc review import`, as a user runs it), three times; the
median is reported, with how many changes were applied, not placed and listed.

    python benchmarks/review.py [--changes 200] [--comments 20] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.gitrepo import commit_all, copy_example, git  # noqa: E402
from tests.wordedit import W, WordEdit  # noqa: E402

ROLEDOC = [sys.executable, "-m", "pipeline"]
CONTENT = {"BodyText", "FirstParagraph", "Compact", "BlockText"}


def heavy_review(docx: Path, changes: int, comments: int, seed: int = 7) -> Path:
    """The export with `changes` word changes per contribution and `comments` comments."""
    rng = random.Random(seed)
    word = WordEdit(docx)
    regions: dict[str, list] = {}
    current = None
    texts = [word.text_of(p) for p in word.document.iter(W + "p")]
    for p in word.document.iter(W + "p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        name = style.get(W + "val") if style is not None else ""
        if name == "Heading2":
            marks = [b.get(W + "name") for b in p.iter(W + "bookmarkStart")]
            previous = p.getprevious()
            if previous is not None and previous.tag == W + "bookmarkStart":
                marks.append(previous.get(W + "name"))
            current = marks[0] if marks else None
            regions.setdefault(current, [])
        elif name == "Heading1":
            current = None
        elif (
            current
            and name in CONTENT
            and texts.count(word.text_of(p)) == 1
            and len(word.text_of(p).split()) >= 4
        ):
            regions[current].append(p)
    made = 0
    for paragraphs in regions.values():
        if not paragraphs:
            continue
        per = max(1, -(-changes // len(paragraphs)))
        for p in paragraphs:
            text = word.text_of(p)
            spans = [(m.start(), m.end()) for m in re.finditer(r"\w+", text)]
            chosen = sorted(rng.sample(spans, min(per, len(spans) // 2)), reverse=True)
            for start, end in chosen:  # from the end: earlier offsets stay valid
                op = rng.choice(["insert", "delete", "replace"])
                if op == "insert":
                    word.insert_at(p, end, f" extra{made}")
                elif op == "delete":
                    word.delete_span(p, start, end)
                else:
                    word.insert_at(p, end, f"anders{made}")
                    word.delete_span(p, start, end)
                made += 1
    placed = 0
    for p in word.document.iter(W + "p"):
        if placed >= comments:
            break
        text = word.text_of(p)
        found = re.search(r"[A-Za-z]{6,}", text)
        if found and texts.count(text) == 1 and "\u2019" not in text:
            try:
                word.comment(text[: found.end()], found[0], f"Opmerking {placed}")
            except AssertionError:
                continue
            placed += 1
    return word.save("heavy.docx")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=200)
    parser.add_argument("--comments", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", help="work in this (empty) folder and leave it there")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="roledoc-review-bench-") as folder:
        folder = options.keep or folder
        root = copy_example(Path(folder) / "example")
        (root / ".gitignore").write_text("build/\n", encoding="utf-8")
        git(root, "init", "-q", "-b", "main")
        commit_all(root, "Example")
        subprocess.run([*ROLEDOC, "-C", str(root), "review", "export", "-q"], check=True)
        docx = heavy_review(
            root / "build" / "rol-en-werkwijze-review.docx", options.changes, options.comments
        )
        with zipfile.ZipFile(docx) as archive:
            xml = archive.read("word/document.xml").decode("utf-8")
        revisions = len(re.findall(r"<w:(?:ins|del) ", xml))
        # As installed, Python modules are compiled once (pip writes the .pyc files); a shell
        # with PYTHONDONTWRITEBYTECODE would compile all of roledoc again in every run.
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        subprocess.run([*ROLEDOC, "--help"], env=env, capture_output=True, check=True)
        times, output = [], ""
        for _run in range(options.runs):
            for branch in git(root, "branch", "--list", "review/*").split():
                git(root, "branch", "-D", branch)
            shutil.rmtree(root / "build" / "review", ignore_errors=True)
            started = time.perf_counter()
            done = subprocess.run(
                [*ROLEDOC, "-C", str(root), "review", "import", str(docx), "--reviewer", "Bench"],
                capture_output=True,
                text=True,
                check=True,
                env=env,
            )
            times.append(time.perf_counter() - started)
            output = done.stdout
        counts = re.findall(r"(\d+) wijziging\(en\) verwerkt, (\d+) niet geplaatst", output)
        applied = sum(int(a) for a, _ in counts)
        missing = sum(int(m) for _, m in counts)
        print(f"review file: {revisions} revision elements, {options.comments} comments")
        runs = ", ".join(f"{t:.2f}" for t in times)
        print(f"import: median {median(times):.2f} s (runs: {runs})")
        print(f"changes: {applied} applied, {missing} not placed (listed)")


if __name__ == "__main__":
    main()
