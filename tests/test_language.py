"""Prose checks: spelling with the project's words, long sentences, terms to avoid,
readability; all warnings, so check passes unless --strict."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from pipeline.check.project import load_project
from pipeline.cli import main
from pipeline.core.diagnostics import words
from pipeline.text.language import LanguageChecker, LanguageConfig

REPOSITORY = Path(__file__).parent.parent
SUPPORT = "contributions/support"
FRONT = "---\ntitle: Prose\nauthors: [alice]\nstatus: draft\ndate: 2017-03-14\n{extra}---\n"


def dutch(project: Path, language: str = "") -> None:
    text = (project / "document.yaml").read_text(encoding="utf-8").replace("en-GB", "nl-NL")
    (project / "document.yaml").write_text(text + language, encoding="utf-8")


def found(project: Path, path: str) -> list[tuple[str, int, int, str]]:
    loaded = load_project(project)
    return [
        (d.code, d.line, d.col, words(d, loaded.message_lang))
        for d in loaded.diagnostics
        if d.path == path
    ]


def test_a_misspelling_is_found_at_its_line_and_column_with_a_suggestion(project: Path) -> None:
    dutch(project)
    (project / SUPPORT / "prose.md").write_text(
        FRONT.format(extra="")
        + "De gemeente werkt samen.\n\nElke gemeeente heeft een wethouder.\n",
        encoding="utf-8",
    )
    [(code, line, col, message)] = found(project, f"{SUPPORT}/prose.md")
    assert (code, line, col) == ("RD501", 9, 6)
    assert "'gemeeente'" in message and "gemeente" in message.split("suggesties:")[1]


def test_names_compounds_and_the_word_list_are_not_flagged(project: Path) -> None:
    dutch(project, "language:\n  words: words.txt\n")
    (project / "words.txt").write_text("# jargon\nRoledocregio\n", encoding="utf-8")
    (project / SUPPORT / "prose.md").write_text(
        FRONT.format(extra="") + "Archer en Baker van Ashford schreven over procesondersteuning en "
        "samenwerkingsafspraken in de Roledocregio. Zie `codewoordzonderbetekenis`, "
        "https://example.org/urlwoord en [de link](#what-support-is). Dat is één keer vóór.\n",
        encoding="utf-8",
    )
    assert found(project, f"{SUPPORT}/prose.md") == []


def test_long_sentences_and_terms_to_avoid_are_reported(project: Path) -> None:
    dutch(
        project,
        "language:\n  terms: {ambtenarij: ambtelijke organisatie}\n  max_sentence_words: 8\n",
    )
    (project / SUPPORT / "prose.md").write_text(
        FRONT.format(extra="") + "Kort.\n\nDit is een zin die echt veel langer is dan acht "
        "woorden. De ambtenarij doet mee.\n",
        encoding="utf-8",
    )
    results = found(project, f"{SUPPORT}/prose.md")
    assert ("RD502", 9, 1) in [r[:3] for r in results]
    terms = [r for r in results if r[0] == "RD503"]
    assert [(t[1], t[2]) for t in terms] == [(9, 61)]
    assert "schrijf 'ambtelijke organisatie'" in terms[0][3]


def test_warnings_pass_check_unless_strict(project: Path) -> None:
    dutch(project)
    (project / SUPPORT / "prose.md").write_text(
        FRONT.format(extra="") + "Een spelvout.\n", encoding="utf-8"
    )
    runner = CliRunner()
    assert runner.invoke(main, ["-C", str(project), "check"]).exit_code == 0
    strict = runner.invoke(main, ["-C", str(project), "check", "--strict"])
    assert strict.exit_code == 1 and "waarschuwing RD501" in strict.output
    github = runner.invoke(main, ["-C", str(project), "check", "--format", "github"])
    assert "::warning file=contributions/support/prose.md,line=7,col=5,title=RD501::" in (
        github.output
    )


def test_checks_can_be_switched_off(project: Path) -> None:
    body = "Een spelvout in een citaat.\n"
    (project / SUPPORT / "quote.md").write_text(
        FRONT.format(extra="language: false\n") + body, encoding="utf-8"
    )
    (project / SUPPORT / "quoted.md").write_text(
        FRONT.format(extra="") + "> Een spelvout in een citaat.\n\nEn goede tekst.\n",
        encoding="utf-8",
    )
    dutch(project)
    assert found(project, f"{SUPPORT}/quote.md") == []
    assert found(project, f"{SUPPORT}/quoted.md") == []  # quotations are someone's words
    (project / SUPPORT / "plain.md").write_text(FRONT.format(extra="") + body, "utf-8")
    assert found(project, f"{SUPPORT}/plain.md")
    dutch(project, "language: false\n")
    assert found(project, f"{SUPPORT}/plain.md") == []


def test_readability_works_offline_in_dutch_and_english() -> None:
    script = (
        "import socket\n"
        "def refuse(*a, **k): raise OSError('no network')\n"
        "socket.socket.connect = refuse\n"
        "from pipeline.text.language import LanguageChecker, LanguageConfig\n"
        "for lang, text in (('nl', 'De gemeente werkt samen. Het bureau helpt.'),\n"
        "                   ('en', 'The towns work together. The office helps them.')):\n"
        "    _, counts = LanguageChecker(LanguageConfig(lang=lang)).check_text(text)\n"
        "    print(lang, counts.score(lang))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    scores = dict(line.split() for line in done.stdout.splitlines())
    assert 60 < float(scores["nl"]) < 130 and 60 < float(scores["en"]) < 130


def test_hard_text_scores_lower_than_plain_text() -> None:
    checker = LanguageChecker(LanguageConfig(lang="nl"))
    _, plain = checker.check_text("Het bureau helpt. De gemeente beslist. Wij doen mee.")
    _, hard = checker.check_text(
        "De intergemeentelijke beleidsvoorbereidingsprocessen vereisen geïntegreerde "
        "afstemmingsmechanismen tussen bestuursorganen en uitvoeringsorganisaties."
    )
    assert hard.score("nl") < plain.score("nl")


def test_status_shows_readability_and_flags_the_hardest(project: Path) -> None:
    dutch(project)
    output = CliRunner().invoke(main, ["-C", str(project), "status"]).output
    assert "Leesbaarheid (Flesch-Douma" in output and "bij de moeilijkste" in output


def test_the_example_passes_check_strict() -> None:
    """In any clone: its editions come from editions.yaml, so nothing depends on tags."""
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "-C", str(REPOSITORY), "check", "--strict"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout
