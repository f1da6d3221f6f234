"""Advice a participant can follow: each message of issue 17, item 3, as the example project's
participants meet it through the command line (Dutch, as the example is Dutch)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main

from .gitrepo import copy_example

GRENZEN = "contributions/grenzen"
FRONT = "---\ntitle: {title}\nauthors: {authors}\nstatus: {status}\ndate: 2024-01-10\n{extra}---\n"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


@pytest.fixture
def example(tmp_path: Path) -> Path:
    return copy_example(tmp_path / "example")


def write(
    root: Path,
    path: str,
    body: str = "Tekst.\n",
    title: str = "Een bijdrage",
    authors: str = "[avandijk]",
    status: str = "proposed",
    extra: str = "",
) -> None:
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    front = FRONT.format(title=title, authors=authors, status=status, extra=extra)
    target.write_text(front + body, encoding="utf-8")


def check(root: Path, *options: str) -> tuple[int, list[str]]:
    code, output = run("-C", str(root), "check", *options)
    return code, output.splitlines()


# 1. An unknown author: how to add yourself; someone else only when it is a typo of their id.


def test_new_with_an_unknown_author_shows_the_lines_that_add_you(example: Path) -> None:
    code, output = run("-C", str(example), "new", "grenzen", "Een test", "--author", "fjansen")
    assert code == 1
    assert output == (
        "Fout: onbekende deelnemer 'fjansen': deze id staat niet in "
        "contributions/participants.yaml.\n"
        "Bent u nieuw? Zet uzelf dan in contributions/participants.yaml, met deze drie regels\n"
        "(de tweede en derde beginnen met twee spaties):\n"
        "\n"
        "fjansen:\n"
        "  name: Uw Naam\n"
        "  organisation: Uw organisatie\n"
        "\n"
        "Voer daarna deze opdracht opnieuw uit.\n"
    )
    assert "mjanssen" not in output  # two letters away: someone else, not a typo


def test_new_with_a_typo_of_an_id_asks_whether_you_are_that_person(example: Path) -> None:
    code, output = run("-C", str(example), "new", "grenzen", "Een test", "--author", "avandjik")
    assert code == 1
    assert output.splitlines()[1:3] == [
        "Bedoelde u 'avandijk' (A. van Dijk)? Gebruik dan --author avandijk.",
        "Bent u niet A. van Dijk? Zet uzelf dan in contributions/participants.yaml, met deze "
        "drie regels",
    ]
    assert "avandjik:\n  name: Uw Naam\n  organisation: Uw organisatie\n" in output


def test_the_lines_shown_by_new_make_a_valid_participant(example: Path) -> None:
    _, output = run("-C", str(example), "new", "grenzen", "Een test", "--author", "fjansen")
    lines = re.search(r"\n\n(fjansen:\n.*?)\n\n", output, re.DOTALL)[1]
    with (example / "contributions/participants.yaml").open("a", encoding="utf-8") as file:
        file.write(lines.replace("Uw Naam", "F. Jansen") + "\n")
    code, output = run("-C", str(example), "new", "grenzen", "Een test", "--author", "fjansen")
    assert code == 0, output


def test_an_unknown_author_in_front_matter_says_how_to_add_yourself(example: Path) -> None:
    write(example, f"{GRENZEN}/nieuw.md", authors="[fjansen, avandjik]")
    code, lines = check(example)
    assert code == 1
    assert lines[:2] == [
        f"{GRENZEN}/nieuw.md:3:11: fout RD207: onbekende deelnemer 'fjansen': deze id staat "
        "niet in contributions/participants.yaml; bent u nieuw? Zet uzelf daar: een regel "
        "'fjansen:', daaronder '  name: Uw Naam' en '  organisation: Uw organisatie' (elk met "
        "twee spaties ervoor)",
        f"{GRENZEN}/nieuw.md:3:20: fout RD220: onbekende deelnemer 'avandjik'; bedoelde u "
        "'avandijk' (A. van Dijk)? Bent u niet A. van Dijk, zet uzelf dan in "
        "contributions/participants.yaml: een regel 'avandjik:', daaronder '  name: Uw Naam' en "
        "'  organisation: Uw organisatie' (elk met twee spaties ervoor)",
    ]


# 2. A theme folder that does not exist: move the file to the nearest theme.


def test_a_file_in_a_mistyped_theme_folder_is_told_where_to_move(example: Path) -> None:
    write(example, "contributions/grens/nieuw.md")
    code, lines = check(example)
    assert code == 1
    assert lines == [
        "contributions/grens/nieuw.md: fout RD212: de map contributions/grens/ is geen thema van "
        "dit document: geen hoofdstuk neemt hem op; bedoelde u contributions/grenzen/? Verplaats "
        "het bestand daarheen: git mv contributions/grens/nieuw.md contributions/grenzen/ (op "
        "GitHub: open het bestand, klik op het potlood (Edit) en typ ../grenzen/ vóór de "
        "bestandsnaam); alleen de redactie maakt een nieuw thema (in sections/)",
        "1 fout(en), 0 waarschuwing(en) in 1 bestand(en).",
    ]


def test_the_empty_folder_left_after_moving_the_file_is_not_reported(example: Path) -> None:
    write(example, "contributions/grens/nieuw.md")
    (example / "contributions/grens/nieuw.md").rename(example / f"{GRENZEN}/nieuw.md")
    code, lines = check(example, "--for", "participant")
    assert code == 0, lines
    assert not any("RD212" in line for line in lines)


def test_new_refuses_a_folder_that_no_chapter_takes(example: Path) -> None:
    (example / "contributions/grens").mkdir()
    code, output = run("-C", str(example), "new", "grens", "Een test", "--author", "avandijk")
    assert (code, output) == (1, "Fout: onbekend thema 'grens'; bedoelde u 'grenzen'?\n")


# 3. Typographic quotes: type straight ones, and the line as it should be.


@pytest.mark.parametrize(
    ("typed", "quote", "fixed"),
    [
        ("“Wat wij doen: een test”", "“", 'title: "Wat wij doen: een test"'),
        ("\u2018Wat wij doen: een test\u2019", "\u2018", 'title: "Wat wij doen: een test"'),
        ("„Nee” zeggen: hoe", "„", 'title: "„Nee” zeggen: hoe"'),
    ],
)
def test_a_title_in_typographic_quotes_is_shown_with_straight_ones(
    example: Path, typed: str, quote: str, fixed: str
) -> None:
    write(example, f"{GRENZEN}/nieuw.md", title=typed)
    code, lines = check(example)
    assert code == 1
    assert re.sub(r":2:\d+:", ":2:", lines[0]) == (
        f"{GRENZEN}/nieuw.md:2: fout RD119: deze waarde begint met een gekruld aanhalingsteken "
        f'({quote}); YAML kent alleen rechte aanhalingstekens ("): typ de regel zo: {fixed}'
    )
    write(example, f"{GRENZEN}/nieuw.md", title=fixed.removeprefix("title: "))
    assert check(example)[0] == 0


# 4. A mistyped key: one error, at its line.


def test_a_mistyped_key_is_one_error_at_its_line(example: Path) -> None:
    path = example / GRENZEN / "nieuw.md"
    write(example, f"{GRENZEN}/nieuw.md")
    path.write_text(path.read_text(encoding="utf-8").replace("authors:", "athors:"), "utf-8")
    code, lines = check(example)
    assert code == 1
    assert lines == [
        f"{GRENZEN}/nieuw.md:3:1: fout RD219: 'athors' is geen veld; bedoelde u 'authors'?",
        "1 fout(en), 0 waarschuwing(en) in 1 bestand(en).",
    ]


def test_an_unknown_key_that_is_no_typo_still_lists_the_fields(example: Path) -> None:
    write(example, f"{GRENZEN}/nieuw.md", extra="categorie: beleid\n")
    _, lines = check(example)
    assert lines[0] == (
        f"{GRENZEN}/nieuw.md:6:1: fout RD202: 'categorie' is geen veld; u kunt deze velden "
        "gebruiken: title, authors, status, date, order, summary, supersedes, language"
    )


# 5. Links that would break: a bare www. address, a file that is not there.


def test_a_bare_www_link_and_a_missing_file_are_errors_with_the_fix(example: Path) -> None:
    body = "Zie [de site](www.metropoolregioeindhoven.nl) en [werkplan](werkplan.pdf).\n"
    write(example, f"{GRENZEN}/nieuw.md", body=body)
    code, lines = check(example)
    assert code == 1
    assert lines[:2] == [
        f"{GRENZEN}/nieuw.md:7:5: fout RD326: de link 'www.metropoolregioeindhoven.nl' is een "
        "webadres zonder https:// ervoor: GitHub en dit document zoeken dan een bestand met die "
        "naam; schrijf de link als (https://www.metropoolregioeindhoven.nl)",
        f"{GRENZEN}/nieuw.md:7:50: fout RD317: de link 'werkplan.pdf' leidt naar "
        f"{GRENZEN}/werkplan.pdf, en dat bestand is er niet in dit project; verwijs naar het "
        ".md-bestand van een bijdrage of hoofdstuk, een webpagina (https://...) of een deel van "
        "dit document (#...); een pdf of ander bestand kan niet in het document: zet het op een "
        "website en verwijs daarheen",
    ]


def test_the_build_refuses_the_same_links(example: Path) -> None:
    body = "Zie [de site](www.metropoolregioeindhoven.nl).\n"
    write(example, f"{GRENZEN}/nieuw.md", body=body, status="accepted", extra="summary: Kern.\n")
    code, output = run("-C", str(example), "build", "--format", "html", "--quiet")
    assert code == 1
    assert f"{GRENZEN}/nieuw.md:8:5: fout RD326:" in output
    assert not (example / "build/rol-en-werkwijze.html").exists()


def test_a_web_address_with_its_scheme_and_a_link_to_a_text_pass(example: Path) -> None:
    body = (
        "Zie [de site](https://www.metropoolregioeindhoven.nl), "
        "[capaciteit](capaciteit-en-budget.md) en [een map](www.d/x.md).\n"
    )
    write(example, f"{GRENZEN}/nieuw.md", body=body)
    _, lines = check(example)
    assert [line.split(": ")[1] for line in lines[:-1]] == ["fout RD317"]  # www.d is no host


# 6. A participant's check: what they can fix; RD403 only where a summary edition is made.


def _drop_summary(root: Path, path: str) -> None:
    file = root / path
    text = file.read_text(encoding="utf-8")
    file.write_text(re.sub(r"^summary: .*\n", "", text, flags=re.MULTILINE), encoding="utf-8")


def test_a_participants_check_leaves_the_editors_matters_out(example: Path) -> None:
    _drop_summary(example, f"{GRENZEN}/capaciteit-en-budget.md")
    section = example / "sections/04-grenzen.md"
    section.write_text(section.read_text(encoding="utf-8") + "\n<div>x</div>\n", "utf-8")
    write(example, f"{GRENZEN}/nieuw.md", body="Een <div>blok</div>.\n")
    code, lines = check(example, "--for", "participant")
    assert code == 1
    assert [line.split(": ")[1] for line in lines[:-2]] == ["fout RD303", "fout RD303"]
    assert all(line.startswith(f"{GRENZEN}/nieuw.md:") for line in lines[:-2])
    assert lines[-2:] == [
        "2 fout(en), 0 waarschuwing(en) in 1 bestand(en).",
        "(2 melding(en) voor de redactie niet getoond; 'roledoc check' toont alles.)",
    ]
    _, everything = check(example)
    assert {line.split(": ")[1] for line in everything[:-1]} == {"fout RD303", "waarschuwing RD403"}


def test_a_participants_check_passes_when_only_the_editors_have_work(example: Path) -> None:
    _drop_summary(example, f"{GRENZEN}/capaciteit-en-budget.md")
    assert check(example, "--for", "participant") == (
        0,
        [
            "Geen problemen gevonden.",
            "(1 melding(en) voor de redactie niet getoond; 'roledoc check' toont alles.)",
        ],
    )
    assert check(example, "--for", "participant", "--strict")[0] == 0
    assert check(example, "--strict")[0] == 1


def test_no_summary_warnings_without_a_summary_edition(example: Path) -> None:
    document = example / "document.yaml"
    text = document.read_text(encoding="utf-8")
    document.write_text(re.sub(r"^summary_edition: .*\n", "", text, flags=re.M), "utf-8")
    for path in sorted((example / "contributions").rglob("*.md")):
        _drop_summary(example, path.relative_to(example).as_posix())
    assert check(example) == (0, ["Geen problemen gevonden."])


def test_summary_warnings_only_for_what_the_short_edition_contains(example: Path) -> None:
    for path in sorted((example / "contributions").rglob("*.md")):
        _drop_summary(example, path.relative_to(example).as_posix())
    _, lines = check(example)
    warned = {line.split(":")[0] for line in lines if "RD403" in line}
    superseded = "contributions/procesondersteuning/wat-procesondersteuning-is.md"
    rejected = "contributions/procesondersteuning/bureau-voert-regionale-taken-uit.md"
    assert superseded not in warned and rejected not in warned
    assert "contributions/procesondersteuning/procesondersteuning-wel-en-niet.md" in warned
    assert lines[0].endswith(
        "waarschuwing RD403: deze aanvaarde bijdrage heeft geen 'summary': de korte versie voor "
        "bestuurders laat haar dan weg; voeg één zin met de kern toe"
    )


def test_the_pull_request_workflows_check_for_the_participant() -> None:
    root = Path(__file__).parent.parent
    for workflow in (
        root / ".github/workflows/check.yml",
        root / "pipeline/skeleton/common/dot-github/workflows/check.yml",
    ):
        text = workflow.read_text(encoding="utf-8")
        assert "run: roledoc check --for participant --format github\n" in text


# 7. Wording: plain Dutch, and the note about editors' comments only for comments.


def test_authors_as_text_says_what_to_type(example: Path) -> None:
    write(example, f"{GRENZEN}/nieuw.md", authors="avandijk, mjanssen")
    _, lines = check(example)
    assert lines[0] == (
        f"{GRENZEN}/nieuw.md:3:10: fout RD203: bij 'authors' hoort een lijst van ids, zoals "
        "[jdevries, kbakker]; u schreef tekst; bedoelde u 'authors: [avandijk, mjanssen]'?"
    )


def test_the_editors_comment_hint_is_for_comments_only(example: Path) -> None:
    write(example, f"{GRENZEN}/nieuw.md", body="Een <div>blok</div>.\n\n<!-- voor Anna -->\n")
    _, lines = check(example)
    assert lines[:3] == [
        f"{GRENZEN}/nieuw.md:7:5: fout RD303: HTML is niet toegestaan (<div>); gebruik Markdown",
        f"{GRENZEN}/nieuw.md:7:14: fout RD303: HTML is niet toegestaan (</div>); gebruik Markdown",
        f"{GRENZEN}/nieuw.md:9:1: fout RD303: HTML is niet toegestaan (<!-- voor Anna -->); een "
        "opmerking voor de redactie hoort in het pull request, niet in de tekst",
    ]
