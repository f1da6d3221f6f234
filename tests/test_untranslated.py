"""Every word a Dutch project's reader or participant sees is Dutch (issue 30, item 8).

The test gathers what reaches them: the help of every command and subcommand, the output of
the everyday commands on the Dutch example (check, status, build, changelog, new, a usage
error, a refused contribution), the built-in labels that the documents print, and the words
the HTML and EPUB show around the text (landmarks, labels, titles). It lists every word that
neither the Dutch dictionary (OpenTaal's Hunspell dictionary, through pipeline.text.speller;
not the frequency list, which holds English words Dutch text borrows) nor the project
itself (participants' names and organisations, what a message quotes from a file) accounts
for: an untranslated string shows up as its English words. TERMS are the words a Dutch
civil servant reads in Dutch text as they are: the contract's status values, which are
typed in files, and a few terms of the trade.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML

from pipeline.check.project import load_project
from pipeline.cli import main
from pipeline.core.paths import DEFAULTS
from pipeline.text.speller import WORD, Speller

from .gitrepo import commit_all, copy_example, git

TERMS = {"draft", "proposed", "accepted", "rejected"}  # status values, as typed in files
TERMS |= {"build", "commit", "branch", "pull", "requests", "mailto", "localhost", "markdown"}
TERMS |= {"json", "yaml", "github", "roledoc", "pandoc", "typst", "docx", "html", "epub"}
TERMS |= {"odt", "pdf", "Flesch", "BCP", "COMMIT", "JJJJ", "vEDITIE", "basisbranch", "git"}
TERMS |= {"request", "CI", "RD", "Eén"}  # RD: a diagnostic's code; Eén: Hunspell lacks it
BROKEN = "---\ntitle: Kapot\nstatus: acepted\nauthors: [niemand]\n---\n\n![plaatje](fig.png)\n"
ENV = {"LANG": "nl_NL.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_example(tmp_path_factory.mktemp("untranslated") / "example")
    (root / ".gitignore").write_text("build/\n", encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    commit_all(root, "Voorbeeld")
    return root


@pytest.fixture(scope="module")
def speller() -> Speller:
    return Speller("nl")


def commands(command: click.Command = main, path: tuple[str, ...] = ()):
    """(path, command) for the command and each of its subcommands, at any depth."""
    yield path, command
    if isinstance(command, click.Group):
        for name, sub in sorted(command.commands.items()):
            yield from commands(sub, (*path, name))


def run(*args: str) -> str:
    return CliRunner().invoke(main, list(args), env=ENV, prog_name="roledoc").output


def unknown_words(text: str, speller: Speller, known: set[str]) -> set[str]:
    """The words of `text` that are not Dutch, leaving out what is not prose: quoted values,
    paths, options, slugs, commit hashes, placeholders."""
    text = re.sub(r"'[^']*'|\{[^{}]*\}", " ", text)
    text = re.sub(r"\S*[/@\\=_#]\S*|\S+\.\w+\b|\b\w+(?:-\w+)+\b|--?\w[\w-]*", " ", text)
    text = re.sub(r"\b[0-9a-f]{7,40}\b", " ", text)
    return {
        word
        for word in WORD.findall(text)
        if word not in known | TERMS
        and word.lower() not in TERMS
        and not speller.spell(word)
        and not speller.spell(word.lower())
    }


def command_names() -> set[str]:
    """The commands' names and the values their options take (`--format text`): typed as
    they are, in any language."""
    names = {name for path, _command in commands() for name in path}
    for _path, command in commands():
        for param in command.params:
            if isinstance(param.type, click.Choice):
                names |= {str(choice) for choice in param.type.choices}
    return names


def test_every_help_text_is_dutch(speller: Speller) -> None:
    found = {
        " ".join(path) or "roledoc": sorted(
            unknown_words(run(*path, "--help"), speller, command_names())
        )
        for path, _command in commands()
    }
    assert len(found) > 15  # every command and subcommand was asked
    assert {name: words for name, words in found.items() if words} == {}


def test_every_line_the_everyday_commands_print_is_dutch(example: Path, speller: Speller) -> None:
    project = load_project(example)
    known = command_names()
    for person in project.participants.values():
        known |= set(WORD.findall(f"{person.name} {person.organisation}"))
    root = str(example)
    said = {
        "check": run("-C", root, "check"),
        "status": run("-C", root, "status"),
        "build": run("-C", root, "build", "--format", "html,epub"),
        "changelog": run("-C", root, "changelog"),
        "new": run("-C", root, "new", "context", "Een nieuwe tekst", "--author", "jdevries"),
        "usage error": run("-C", root, "new"),
    }
    (example / "contributions/context/kapot.md").write_text(BROKEN, encoding="utf-8")
    said["refused check"] = run("-C", root, "check")
    said["refused build"] = run("-C", root, "build", "--format", "html")
    (example / "contributions/context/kapot.md").unlink()
    assert "Uitvoer:" in said["build"] and "fout RD205" in said["refused check"]
    found = {name: sorted(unknown_words(text, speller, known)) for name, text in said.items()}
    assert {name: words for name, words in found.items() if words} == {}


def _strings(value) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [str(value)]


def test_every_label_a_dutch_document_prints_is_dutch(speller: Speller) -> None:
    labels = YAML(typ="safe").load((DEFAULTS / "labels.yaml").read_text("utf-8"))
    assert set(labels["nl"]) == set(labels["en"])  # no word falls back to English
    found = {
        key: sorted(unknown_words(" ".join(_strings(value)), speller, set()))
        for key, value in labels["nl"].items()
    }
    assert {key: words for key, words in found.items() if words} == {}


def test_the_words_around_the_text_in_html_and_epub_are_dutch(
    example: Path, speller: Speller
) -> None:
    run("-C", str(example), "build", "--format", "html,epub")
    html = (example / "build/rol-en-werkwijze.html").read_text("utf-8")
    shown = re.findall(r'(?:aria-label|title|alt)="([^"]*)"', html)
    with zipfile.ZipFile(example / "build/rol-en-werkwijze.epub") as epub:
        for name in epub.namelist():
            if name.endswith("nav.xhtml"):
                nav = epub.read(name).decode("utf-8")
                shown += re.findall(r'epub:type="landmarks".*?</nav>', nav, re.S)
                shown += re.findall(r"<h1[^>]*>(.*?)</h1>", nav, re.S)
    assert shown
    text = re.sub(r"<[^>]+>", " ", " ".join(shown))
    project = load_project(example)
    known = set(WORD.findall(" ".join(c.title for c in project.contributions)))
    assert sorted(unknown_words(text, speller, known)) == []
