"""The documentation's samples of what roledoc prints, made by running this checkout's roledoc
on a fresh clone of the repository (the example document), so that none is written by hand.

    python tools/doc_samples.py            rewrite the samples in every file that has one
    python tools/doc_samples.py --check    exit 1, naming them, when samples differ
    python tools/doc_samples.py --accept   also the acceptance run (needs LibreOffice,
                                           Java, `pip install 'roledoc[accept]'` and
                                           DAISY Ace, which `make accept` installs)

A sample is the fenced block right after a line `<!-- sample: NAME -->`, in README.md, the
site's pages (docs/) and the participant guide's templates (pipeline/skeleton/guide/, which
`roledoc init` and tools/guide_pages.py render into CONTRIBUTING.md and docs/deelnemers/: run
that tool after this one). Each NAME is made once, by the command in `SAMPLES`, in a clone of
its own when it changes the example first. Times and file sizes change from run to run:
`--check` compares the samples with them taken out.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
SOURCES = ("README.md", "docs/**/*.md", "pipeline/skeleton/guide/**/*.md.j2")
GENERATED = ("docs/deelnemers/", "docs/reference/")  # rendered from the templates and the code
MARKER = re.compile(r"^<!-- sample: ([a-z-]+) -->\n```\n(.*?)```\n", re.MULTILINE | re.DOTALL)
# What changes between two runs of the same commit: sizes, times, dates, and the commit itself.
VOLATILE = re.compile(
    r"\d+(?:[.,]\d+)? (?:KB|MB|s)\b|\([0-9a-f]{7,}\)|\b[0-9a-f]{7}\b|\d{4}-\d\d-\d\d"
)


def _build(output: str) -> str:
    """The build's summary without its progress lines, two contributions and one output."""
    lines = [line for line in output.splitlines() if not line.startswith("…")]
    shown: list[str] = []
    section = ""
    kept = 0
    for line in lines:
        if not line.startswith("  "):
            section, kept = line, 0
            shown.append(line)
            continue
        kept += 1
        if section.startswith(("Opgenomen", "Uitvoer")) and kept > 2:
            if kept == 3:
                shown.append("  ...")
            continue
        shown.append(line)
    return "\n".join(shown) + "\n"


def _changelog(output: str) -> str:
    """The changelog's first three sections."""
    blocks = output.rstrip("\n").split("\n\n")
    return "\n\n".join(blocks[:4]) + ("\n  ...\n" if len(blocks) > 4 else "\n")


def _status(output: str) -> str:
    """The overview with its first chapter and its hardest text only."""
    head, chapters, rest = output.split("\n\n", 2)
    first = chapters.splitlines()[:3]
    queue, readability = rest.split("\n\n", 1)
    hardest = readability.splitlines()[:2]
    return "\n".join([head, "", *first, "  ...", "", queue, "", *hardest, "    ...", ""])


def _whole(output: str) -> str:
    return output if output.endswith("\n") else output + "\n"


def _command(args: list[str], output: str) -> str:
    """The command as a participant types it, then what it printed."""
    typed = " ".join(f'"{a}"' if " " in a else a for a in args)
    return f"$ .venv/bin/roledoc {typed}\n{_whole(output)}"


# -- what a sample changes in its clone first ----------------------------------------------


@dataclass(frozen=True)
class Example:
    """The participant guide's full example (part 3) as a participant first saves it, and
    the text that gets another dialect's note block, in one language's project."""

    path: str
    text: str  # with {status}
    title: tuple[str, str]  # the quoted title's first and last word, quote included
    noted: str  # the contribution that gets the note block
    line: int  # the line it goes before
    note: tuple[str, str]


EXAMPLES = {
    "nl": Example(
        "contributions/grenzen/vragen-van-een-gemeente.md",
        """---
title: "Vragen van één gemeente: wat het bureau dan doet"
authors: [kbakker]
status: {status}
date: 2024-05-21
order: 50
summary: Het bureau helpt één gemeente alleen als haar vraag ook voor andere gemeenten speelt.
---

Soms stelt één gemeente een vraag aan het bureau. Het bureau kijkt dan eerst of de vraag
ook voor andere gemeenten speelt.
""",
        ('"Vragen', 'doet"'),
        "contributions/grenzen/wanneer-het-bureau-nee-zegt.md",
        15,
        ('!!! note "Let op"', "    Het bureau zegt dit altijd schriftelijk."),
    ),
    "en": Example(  # in a project `roledoc init --lang en-GB` made
        "contributions/how-we-work/questions-from-one-partner.md",
        """---
title: "Questions from one partner: what the office does then"
authors: [editors]
status: {status}
date: 2024-05-21
order: 50
summary: The office helps one partner only when its question matters to other partners too.
---

Sometimes one partner asks the office a question. The office then first checks whether the
question matters to other partners too.
""",
        ('"Questions', 'then"'),
        "contributions/how-we-work/a-first-contribution.md",
        8,
        ('!!! note "Note"', "    The office always says this in writing."),
    ),
}


def _wrong_status(lang: str) -> Callable[[Path], None]:
    example = EXAMPLES[lang]
    return lambda clone: _write(clone, example.path, example.text.format(status="concept"))


def _unquoted_title(lang: str) -> Callable[[Path], None]:
    example = EXAMPLES[lang]
    text = example.text.format(status="draft")
    for quoted in example.title:
        text = text.replace(quoted, quoted.strip('"'))
    return lambda clone: _write(clone, example.path, text)


def _mkdocs_note(lang: str) -> Callable[[Path], None]:
    example = EXAMPLES[lang]

    def prepare(clone: Path) -> None:
        path = clone / example.noted
        lines = path.read_text(encoding="utf-8").split("\n")
        lines[example.line : example.line] = [*example.note, ""]
        path.write_text("\n".join(lines), encoding="utf-8")

    return prepare


def _write(clone: Path, name: str, text: str) -> None:
    (clone / name).write_text(text, encoding="utf-8")


WORD_TEXT = {
    "nl": (
        "# Overleg met een gemeente\n\nHet bureau spreekt elke gemeente twee keer per jaar.\n\n"
        "![Het overleg in twee rondes](schema-1.png)\n\nDaarna volgt een verslag.\n\n"
        "![](schema-2.png)\n",
        ("Het bureau spreekt elke gemeente twee", "twee", "drie"),
        ("Daarna volgt een verslag", "verslag", "Wie schrijft het verslag?"),
        "overleg.docx",
    ),
    "en": (
        "# Meeting with one partner\n\nThe office meets each partner twice a year.\n\n"
        "![The meeting in two rounds](schema-1.png)\n\nA report follows.\n\n"
        "![](schema-2.png)\n",
        ("The office meets each partner twice", "twice", "three times"),
        ("A report follows", "report", "Who writes the report?"),
        "meeting.docx",
    ),
}


def _word_file(lang: str) -> Callable[[Path], None]:
    """A Word file as a colleague sends it: written by pandoc, then edited the way Word
    records a reviewer's work (a tracked change and a comment), with two pictures, the second
    without a description."""

    def prepare(clone: Path) -> None:
        sys.path.insert(0, str(REPOSITORY))
        import pypandoc
        from PIL import Image

        from tests.wordedit import WordEdit

        text, (phrase, old, new), (where, word, said), name = WORD_TEXT[lang]
        for number, colour in ((1, "#1f5f8b"), (2, "#8b5f1f")):
            Image.new("RGB", (320, 180), colour).save(clone / f"schema-{number}.png")
        pypandoc.convert_text(
            text,
            "docx",
            format="markdown",
            outputfile=str(clone / "concept.docx"),
            extra_args=[f"--resource-path={clone}"],
        )
        edit = WordEdit(clone / "concept.docx")
        edit.replace(phrase, old, new, author="Jan de Vries")
        edit.comment(where, word, said, author="Jan de Vries")
        edit.save(name)

    return prepare


REVIEW = {  # the theme, the reviewer's change and comment
    "nl": (
        ["--theme", "belangen"],
        ("Gemeenten komen vaak", "vaak", "meestal"),
        ("Een belang zegt", "belang", "Kan hier een voorbeeld bij?"),
        "Anna Jansen",
        "beoordeeld.docx",
    ),
    "en": (
        [],
        ("A contribution is about one subject", "subject", "topic"),
        ("A list makes a text easy to scan", "list", "Could this be shorter?"),
        "Anna Smith",
        "reviewed.docx",
    ),
}


def _reviewed_file(lang: str) -> Callable[[Path], None]:
    """The review file, edited as a reviewer in Word does: a word replaced with Track Changes
    on, and a comment."""

    def prepare(clone: Path) -> None:
        sys.path.insert(0, str(REPOSITORY))
        from tests.wordedit import WordEdit

        themes, (phrase, old, new), (where, word, said), reviewer, name = REVIEW[lang]
        _roledoc(clone, ["review", "export", *themes, "--out", "review.docx"])
        edit = WordEdit(clone / "review.docx")
        edit.replace(phrase, old, new, author=reviewer)
        edit.comment(where, word, said, author=reviewer)
        edit.save(name)

    return prepare


def _pull_request(clone: Path) -> None:
    sys.path.insert(0, str(REPOSITORY / "tools"))
    from screenshots import make_pull_request

    make_pull_request(clone)


def _roledoc(clone: Path, args: list[str]) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    env.update(PYTHONPATH=str(REPOSITORY), LANG="nl_NL.UTF-8")
    tools = REPOSITORY / ".tools" / "node_modules" / ".bin"  # DAISY Ace (make accept)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), str(tools), env["PATH"]])
    module = args[0] if args[0].startswith("pipeline.") else None
    command = ["-m", module, *args[1:]] if module else ["-m", "pipeline", *args]
    return subprocess.run(
        [sys.executable, "-P", *command],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@dataclass(frozen=True)
class Sample:
    args: list[str]  # after `roledoc` (or a module: `pipeline.qa.accept`)
    shorten: Callable[[str], str] = _whole
    prepare: Callable[[Path], None] | None = None  # changes the example first, in its own clone
    english: bool = False  # in a new English project (roledoc init --lang en-GB), not the example
    typed: bool = False  # shows the command line before the output
    needs_tools: bool = False  # LibreOffice, Java, DAISY Ace: only with --accept


def _first_lines(count: int) -> Callable[[str], str]:
    return lambda output: "\n".join(output.splitlines()[:count]) + "\n"


def _about(path: str) -> Callable[[str], str]:
    """Only the lines about one file, and the count."""

    def shorten(output: str) -> str:
        lines = [
            line
            for line in output.splitlines()
            if line.startswith(path) or " fout(en)" in line or " error(s)" in line
        ]
        return "\n".join(lines) + "\n"

    return shorten


CHECK = ["check", "--for", "participant"]  # what a participant (and GitHub) runs
SAMPLES: dict[str, Sample] = {
    "build": Sample(["build"], _build),
    "status": Sample(["status"], _status),
    "changelog": Sample(["changelog", "--since", "1.0", "--published"], _changelog),
    "accept": Sample(["pipeline.qa.accept"], needs_tools=True),
    "check-error": Sample(CHECK, _about(EXAMPLES["nl"].path), _wrong_status("nl")),
    "check-yaml": Sample(CHECK, _about(EXAMPLES["nl"].path), _unquoted_title("nl")),
    "check-dialect": Sample(CHECK, _about(EXAMPLES["nl"].noted), _mkdocs_note("nl")),
    "new-unknown": Sample(["new", "grenzen", "Een test", "--author", "fjansen"], typed=True),
    "new": Sample(["new", "grenzen", "Een test met ë", "--author", "jdevries"], typed=True),
    "import": Sample(
        ["import", "overleg.docx", "grenzen", "--author", "jdevries"],
        prepare=_word_file("nl"),
        typed=True,
    ),
    "pr-summary": Sample(["pr-summary", "--base", "main"], prepare=_pull_request),
    "review-import": Sample(
        ["review", "import", "beoordeeld.docx", "--reviewer", "Anna Jansen"],
        prepare=_reviewed_file("nl"),
        typed=True,
    ),
    # The English participants' guide that `roledoc init --lang en-GB` gives
    "check-error-en": Sample(CHECK, _about(EXAMPLES["en"].path), _wrong_status("en"), english=True),
    "check-yaml-en": Sample(
        CHECK, _about(EXAMPLES["en"].path), _unquoted_title("en"), english=True
    ),
    "check-dialect-en": Sample(
        CHECK, _about(EXAMPLES["en"].noted), _mkdocs_note("en"), english=True
    ),
    "new-unknown-en": Sample(
        ["new", "how-we-work", "A test", "--author", "fjones"], typed=True, english=True
    ),
    "new-en": Sample(
        ["new", "how-we-work", "A test with é", "--author", "editors"], typed=True, english=True
    ),
    "import-en": Sample(
        ["import", "meeting.docx", "how-we-work", "--author", "editors"],
        prepare=_word_file("en"),
        typed=True,
        english=True,
    ),
    "review-import-en": Sample(
        ["review", "import", "reviewed.docx", "--reviewer", "Anna Smith"],
        prepare=_reviewed_file("en"),
        typed=True,
        english=True,
    ),
}


def _english_project(folder: Path) -> Path:
    """A new English project as `roledoc init` makes it, committed (a review needs git)."""
    done = _roledoc(folder.parent, ["init", folder.name, "--lang", "en-GB", "--pin", "roledoc"])
    if done.returncode:
        raise SystemExit(f"roledoc init failed: {done.stderr}")
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "A new project"]):
        subprocess.run(
            ["git", "-c", "user.name=Example", "-c", "user.email=example@example.org", *args],
            cwd=folder,
            check=True,
        )
    return folder


def run_samples(names: set[str], accept: bool) -> dict[str, str]:
    """Each named sample's text, from fresh clones of this repository."""
    found = {}
    with tempfile.TemporaryDirectory(prefix="roledoc-samples-") as folder:
        shared = Path(folder) / "example"
        subprocess.run(["git", "clone", "-q", str(REPOSITORY), str(shared)], check=True)
        for name in sorted(names & SAMPLES.keys()):
            sample = SAMPLES[name]
            if sample.needs_tools and not accept:
                continue
            clone = shared
            if sample.english:
                clone = _english_project(Path(folder) / name)
            elif sample.prepare:
                clone = Path(folder) / name
                subprocess.run(["git", "clone", "-q", str(REPOSITORY), str(clone)], check=True)
            if sample.prepare:
                sample.prepare(clone)
            done = _roledoc(clone, sample.args)
            output = sample.shorten(done.stdout + done.stderr)
            found[name] = _command(sample.args, output) if sample.typed else output
            if clone is not shared:
                shutil.rmtree(clone, ignore_errors=True)
    return found


def files() -> list[Path]:
    """The files that hold samples, rendered copies left out."""
    found = []
    for pattern in SOURCES:
        for path in sorted(REPOSITORY.glob(pattern)):
            relative = path.relative_to(REPOSITORY).as_posix()
            if not relative.startswith(GENERATED) and MARKER.search(path.read_text("utf-8")):
                found.append(path)
    return found


def current_samples(text: str) -> dict[str, str]:
    return {match[1]: match[2] for match in MARKER.finditer(text)}


def with_samples(text: str, samples: dict[str, str]) -> str:
    def replace(match: re.Match[str]) -> str:
        name = match[1]
        body = samples.get(name, match[2])
        return f"<!-- sample: {name} -->\n```\n{body}```\n"

    return MARKER.sub(replace, text)


def steady(text: str) -> str:
    """A sample with its times, sizes, dates and commit taken out, for comparing two runs."""
    return VOLATILE.sub("#", text)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--accept", action="store_true")
    args = parser.parse_args()
    texts = {path: path.read_text(encoding="utf-8") for path in files()}
    wanted = {name for text in texts.values() for name in current_samples(text)}
    unknown = sorted(wanted - SAMPLES.keys())
    for name in unknown:
        print(f"no command makes the sample '{name}': add it to SAMPLES in {__file__}")
    made = run_samples(wanted, args.accept)
    stale = []
    for path, text in texts.items():
        written = current_samples(text)
        mine = {name: body for name, body in made.items() if name in written}
        if args.check:
            stale += [
                f"{path.relative_to(REPOSITORY)}: the sample '{name}' is stale"
                for name, body in mine.items()
                if steady(written[name]) != steady(body)
            ]
        elif mine:
            path.write_text(with_samples(text, mine), encoding="utf-8")
            print(f"{path.relative_to(REPOSITORY)}: {', '.join(sorted(mine))} written")
    for line in stale:
        print(f"{line}; run python tools/doc_samples.py")
    return 1 if stale or unknown else 0


if __name__ == "__main__":
    sys.exit(main())
