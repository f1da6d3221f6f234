"""Spelling with the real dictionaries (Hunspell with OpenTaal's Dutch, a word-frequency list
and English for loanwords): what real Dutch government text uses is accepted, typos are
found, and an English project is checked in English."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.check.project import load_project
from pipeline.text import markdown
from pipeline.text.language import LanguageChecker, LanguageConfig
from pipeline.text.speller import dictionary_name

from .test_language import FRONT, REPOSITORY, SUPPORT, dutch, found


@pytest.fixture(scope="module")
def checker() -> LanguageChecker:
    return LanguageChecker(LanguageConfig(lang="nl", region="NL"))


def flagged(checker: LanguageChecker, text: str) -> list[str]:
    problems, _ = checker.check_text(text)
    return [fields["word"] for code, _, fields in problems if code == "RD501"]


def test_loanwords_and_words_the_old_list_missed_are_accepted(checker: LanguageChecker) -> None:
    text = (
        "De cloud vraagt security van de vendor, met Kubernetes op GitHub. "
        "Certificeringen en uitlegbaarheid zijn nodig. Een vendor levert de cloud."
    )
    assert flagged(checker, text) == []


def test_compounds_with_a_loanword_and_hyphenated_compounds_are_accepted(
    checker: LanguageChecker,
) -> None:
    text = (
        "De cloudkosten stijgen door cloud-gedreven diensten en datakwaliteitseisen. "
        "De API-koppeling en de e-mail van de auto's in Zuid-Holland. "
        "Gebruiks- en beheerkosten van gebruiks(web)data voor de medewerker(s)."
    )
    assert flagged(checker, text) == []


def test_real_typos_are_found_with_suggestions(checker: LanguageChecker) -> None:
    problems, _ = checker.check_text("De Open Source Commmunity levert sevices aan de gemeeente.")
    fields = {f["word"]: f["suggestions"] for code, _, f in problems if code == "RD501"}
    assert set(fields) == {"Commmunity", "sevices", "gemeeente"}
    assert "community" in fields["Commmunity"] and "services" in fields["sevices"]
    assert fields["gemeeente"] == "gemeente"


@pytest.mark.parametrize(
    "typo",
    ["wethoduer", "afsprakken", "samenwerkng", "eigenaarschpa", "cloudkostne", "dataa"],
)
def test_seeded_typos_are_found(checker: LanguageChecker, typo: str) -> None:
    assert flagged(checker, f"De {typo} is er.") == [typo]


def test_a_capitalised_word_inside_a_sentence_is_a_name(checker: LanguageChecker) -> None:
    assert flagged(checker, "Het werk van Tocchetti en Kurakin telt mee.") == []
    assert flagged(checker, "Het werk van Kuraaakin telt.") == ["Kuraaakin"]  # tripled letter


def test_a_name_may_start_a_sentence_but_a_typo_of_a_common_word_may_not(
    checker: LanguageChecker,
) -> None:
    assert flagged(checker, "Tocchetti schreef het. Fieldlab begint. Logius beheert het.") == []
    # one typing error from a common word, or a long word with a typo after it
    text = "Daarnaasst schreef hij. Gemeeente A doet mee. Discriminatieprotcol is nodig."
    assert flagged(checker, text) == ["Daarnaasst", "Gemeeente", "Discriminatieprotcol"]


def test_a_compound_is_known_when_all_its_parts_are_words(checker: LanguageChecker) -> None:
    text = (
        "De ontologieafspraken en de logregels staan in het logrecord. "
        "Het algoritmegebruik en de samenwerkingsafspraken komen op de bijpraatmoment."
    )
    assert flagged(checker, text) == []


@pytest.mark.parametrize(
    ("typo", "word"),
    [
        ("digitkale", "digitale"),  # digit|kale
        ("besttaande", "bestaande"),  # best|taande
        ("verssterken", "versterken"),  # vers|sterken
        ("gegevensveerwerking", "gegevensverwerking"),  # gegevens|veer|werking
        ("datsets", "datasets"),  # dat|sets: dat is one of the commonest words
        ("organistieniveau", "organisatieniveau"),  # four parts are too many
    ],
)
def test_a_typo_that_splits_into_words_is_still_a_typo(
    checker: LanguageChecker, typo: str, word: str
) -> None:
    assert flagged(checker, f"Het {typo} is er.") == [typo]
    assert flagged(checker, f"Het {word} is er.") == []


def test_dutch_forms_of_english_verbs_file_types_and_code_are_no_typos(
    checker: LanguageChecker,
) -> None:
    text = (
        "De wijziging is gemerged en gecommit, daarna geforkt en gedeployed. "
        "We gaan deployen en refactoren. Het json-bestand en de yml staan in config.yml; "
        "zie README.md, developer.overheid.nl en het veld parent_span_id."
    )
    _, findings = markdown.analyse(text, 1, checker)  # as check reads a body
    assert [dict(f.params)["word"] for f in findings if f.code == "RD501"] == []
    assert flagged(checker, "Zie config.yml.") == ["config"]  # the file name is not prose
    # a short stem after ge- or before -en is not enough: these stay typos
    assert flagged(checker, "Het worken en meeten gaat door.") == ["worken", "meeten"]


def test_an_english_project_uses_an_english_dictionary(project: Path) -> None:
    assert (dictionary_name("en", "US"), dictionary_name("en", "GB")) == ("en_US", "en_GB")
    assert dictionary_name("nl", "BE") == "nl_NL"
    (project / SUPPORT / "prose.md").write_text(
        FRONT.format(extra="") + "The towns behave well and work together with the gemeente.\n",
        encoding="utf-8",
    )
    words = [message for code, *_, message in found(project, f"{SUPPORT}/prose.md")]
    assert len(words) == 1 and "'gemeente'" in words[0]
    dutch(project)
    assert found(project, f"{SUPPORT}/prose.md") == []  # English words in Dutch: loanwords


def test_the_participants_and_organisations_are_known_words(project: Path) -> None:
    people = project / "contributions" / "participants.yaml"
    people.write_text(people.read_text(encoding="utf-8").replace("Archer", "Wqzyrt"), "utf-8")
    document = project / "document.yaml"
    document.write_text(
        document.read_text(encoding="utf-8").replace("Test Region", "Qorvathe"), "utf-8"
    )
    dutch(project)
    (project / SUPPORT / "prose.md").write_text(
        FRONT.format(extra="") + "Wqzyrt schreef het. Qorvathe doet mee. Wqzyrtt niet.\n",
        encoding="utf-8",
    )
    [(code, *_, message)] = found(project, f"{SUPPORT}/prose.md")
    assert code == "RD501" and "'Wqzyrtt'" in message


def test_the_example_needs_no_word_list_of_its_own() -> None:
    words = (REPOSITORY / "words.txt").read_text(encoding="utf-8").splitlines()
    assert [w for w in words if w.strip() and not w.startswith("#")] == []
    assert not [d for d in load_project(REPOSITORY).diagnostics if d.code == "RD501"]


def test_an_unknown_word_is_reported_once_per_contribution_where_it_first_stands(
    project: Path,
) -> None:
    dutch(project, "language:\n  max_sentence_words: 0\n")
    path = f"{SUPPORT}/herhaald.md"
    body = (
        "De autorisator beslist.\n\nLater beslist de Autorisator opnieuw.\n\n"
        "Een voorbeelt en nog een voorbeelt.\n"
    )
    (project / path).write_text(FRONT.format(extra="") + body, encoding="utf-8")
    spelling = [
        (line, text.split("'")[1])
        for code, line, _, text in found(project, path)
        if code == "RD501"
    ]
    assert spelling == [(7, "autorisator"), (11, "voorbeelt")]
