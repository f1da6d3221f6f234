"""Every line roledoc prints is in the reader's language: the catalogue is complete, a stored
diagnostic can still be read in either language, and a Dutch project hears no English."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from click.testing import CliRunner

from pipeline.check.project import load_project
from pipeline.cli import main
from pipeline.core import messages
from pipeline.core.catalogue import CATALOG
from pipeline.core.diagnostics import KINDS, words
from pipeline.read.checkcache import CheckCache

PIPELINE = Path(__file__).parent.parent / "pipeline"
SUPPORT = "contributions/support"
ENGLISH = ("Error", "Warning", "Included", "Excluded", "Outputs", "Usage", "Options", "Created")
ENGLISH += ("Edition", "OPTIONS", "COMMAND", "ARGS", "EDITION", "TEXT", "TITLE", "THEME")
FIELD = re.compile(r"\{[A-Za-z_][^{}]*\}")  # {name}, {seconds:.1f}, {name!r}; not ${.}


def extracted() -> set[str]:
    found = extract_from_dir(
        PIPELINE, method_map=[("**.py", "python")], keywords={"_": None, "N_": None}
    )
    return {message for _file, _line, message, _comments, _context in found}


def fields(text: str) -> list[str]:
    return sorted(FIELD.findall(text))


def test_every_message_in_the_code_has_dutch_words() -> None:
    dutch = messages.catalogue("nl")
    wanted = extracted() | {entry.msgid for entry in CATALOG.values()} | set(KINDS.values())
    assert len(wanted) > 300
    assert sorted(m for m in wanted if not dutch.get(m)) == []


def test_every_diagnostic_code_is_extracted_for_the_catalogue() -> None:
    assert {entry.msgid for entry in CATALOG.values()} <= extracted()


def test_a_translation_keeps_the_fields_of_its_msgid() -> None:
    differ = {
        msgid: words
        for msgid, words in messages.catalogue("nl").items()
        if fields(msgid) != fields(words)
    }
    assert differ == {}


def test_the_catalogue_is_read_once_per_language() -> None:
    # (how long reading takes is a benchmark's question, not a test's)
    messages.catalogue.cache_clear()
    first = messages.catalogue("nl")
    assert first and messages.catalogue("nl") is first


def test_a_message_renders_its_parameters_in_the_same_language() -> None:
    said = messages._("{reason} ({file})", reason=messages.Message("permission denied"), file="x")
    assert said.render("en") == "permission denied (x)"
    assert said.render("nl") == "geen toestemming (x)"


def dutch(project: Path) -> Path:
    """The fixture project, in Dutch and without prose checks (its text stays English)."""
    text = (project / "document.yaml").read_text(encoding="utf-8")
    text = text.replace("en-GB", "nl-NL") + "language: false\n"
    (project / "document.yaml").write_text(text, encoding="utf-8")
    return project


def test_cached_diagnostics_are_data_that_read_in_either_language(
    project: Path, invalid: Path
) -> None:
    shutil.copyfile(invalid / "bad-status.md", project / SUPPORT / "bad-status.md")
    first = load_project(project)
    assert first.message_lang == "en"
    cache = CheckCache(project, ("",), 1)
    assert cache.earlier, "the first run stored its results"
    dutch(project)
    second = load_project(project)  # the contribution's results come from the cache
    [english] = [d for d in first.diagnostics if d.code == "RD205"]
    [again] = [d for d in second.diagnostics if d.code == "RD205"]
    assert again == english
    assert words(english, "en").startswith("unknown status 'acepted'")
    assert words(again, "nl").startswith("onbekende status 'acepted'")
    assert "bedoelde u 'accepted'?" in words(again, "nl")


def invoke(*args: str, lang: str = "nl_NL.UTF-8") -> tuple[int, str]:
    result = CliRunner().invoke(
        main, list(args), env={"LANG": lang, "LC_ALL": "", "LC_MESSAGES": ""}
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def english_words(output: str) -> list[str]:
    return [word for word in ENGLISH if re.search(rf"\b{word}\b", output)]


def test_a_dutch_project_hears_no_english(project: Path, invalid: Path) -> None:
    root = str(dutch(project))
    outputs = {
        "check": invoke("-C", root, "check"),
        "status": invoke("-C", root, "status"),
        "new": invoke("-C", root, "new", "support", "Een nieuwe bijdrage", "--author", "alice"),
        "build": invoke("-C", root, "build", "--format", "html"),
        "help": invoke("--help"),
        "check help": invoke("-C", root, "check", "--help"),
        "usage error": invoke("-C", root, "new", "support"),
        "release help": invoke("-C", root, "release", "--help"),
    }
    shutil.copyfile(invalid / "bad-status.md", project / SUPPORT / "bad-status.md")
    outputs["refused build"] = invoke("-C", root, "build", "--format", "html")
    outputs["refused check"] = invoke("-C", root, "check")
    assert {name: english_words(out) for name, (_code, out) in outputs.items()} == {
        name: [] for name in outputs
    }
    assert outputs["build"][0] == 0 and "Opgenomen:" in outputs["build"][1]
    assert "Uitvoer:" in outputs["build"][1] and "… samenstellen" in outputs["build"][1]
    assert (
        outputs["refused build"][0] == 1
        and "Fout: de build is geweigerd" in (outputs["refused build"][1])
    )
    assert "fout RD205" in outputs["refused check"][1]
    assert "Gebruik:" in outputs["help"][1] and "Opties:" in outputs["help"][1]
    assert "Toon deze hulp en stop." in outputs["check help"][1]
    assert "Fout: Ontbrekend argument 'TITEL'." in outputs["usage error"][1]
    assert "new [OPTIES] THEMA TITEL" in outputs["usage error"][1]
    assert "release [OPTIES] EDITIE" in outputs["release help"][1]
    assert "--date JJJJ-MM-DD" in outputs["release help"][1]
    assert "[OPTIES] OPDRACHT [ARGUMENTEN]..." in outputs["help"][1]
    # a status in the reader's words (files keep the contract's English: status: accepted)
    assert "[aanvaard]" in outputs["build"][1]
    assert "concept 1 · voorstel 1 · aanvaard 1 · afgewezen 1" in outputs["status"][1]
    assert outputs["new"][1].startswith("contributions/support/een-nieuwe-bijdrage.md gemaakt")


def test_an_english_project_speaks_english(project: Path, invalid: Path) -> None:
    root = str(project)
    _code, status = invoke("-C", root, "status", lang="en_GB.UTF-8")
    assert "Awaiting review" in status
    _code, created = invoke(
        "-C", root, "new", "support", "A new one", "--author", "alice", lang="en_GB.UTF-8"
    )
    assert created.startswith("Created contributions/support/a-new-one.md")
    _code, helped = invoke("--help", lang="C")
    assert "Usage:" in helped and "Options:" in helped and "Show this message and exit." in helped
    shutil.copyfile(invalid / "bad-status.md", project / SUPPORT / "bad-status.md")
    code, refused = invoke("-C", root, "build", "--format", "html", lang="en_GB.UTF-8")
    assert code == 1 and "Error: the build was refused" in refused
    assert "error RD205: unknown status 'acepted'" in refused


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("LANG", "nl_NL.UTF-8", "Gebruik:"),
        ("LC_ALL", "nl_BE.UTF-8", "Gebruik:"),
        ("LC_MESSAGES", "nl", "Gebruik:"),
        ("LANG", "en_US.UTF-8", "Usage:"),
        ("LANG", "C", "Usage:"),
    ],
)
def test_help_follows_the_users_locale(variable: str, value: str, expected: str) -> None:
    env = {"LANG": "", "LC_ALL": "", "LC_MESSAGES": "", variable: value}
    result = CliRunner().invoke(main, ["new", "--help"], env=env)
    assert result.output.startswith(expected)


def test_numbers_with_a_fraction_are_written_the_readers_way() -> None:
    """One language for the reader: a Dutch project reads 1,3 s and 12,3 MB, an English one
    1.3 s and 12.3 MB; whole numbers and versions are left as they are."""
    from pipeline.core.messages import _, megabytes, number
    from pipeline.editions.summary import _size

    done = _("{format} done in {seconds:.1f} s", format="pdf", seconds=1.26)
    assert done.render("nl") == "pdf klaar in 1,3 s" and done.render("en") == "pdf done in 1.3 s"
    too_big = _(
        "cannot read {name}: it is {size}, more than the limit of {limit}",
        name="a",
        size=megabytes(12_345_678),
        limit=megabytes(10_000_000, whole=True),
    )
    assert "12,3 MB" in too_big.render("nl") and "10 MB" in too_big.render("nl")
    assert "12.3 MB" in too_big.render("en")
    assert number(4.46, ".1f", "nl") == "4,5" and _size(3 * 1024 * 1024 + 99999, "nl") == "3,1 MB"
