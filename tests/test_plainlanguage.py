"""The B1 estimate per contribution (issue 32, item 2): texts of known level land in their
band, the hardest sentences say why, and the advice shows in a participant's check and in
status without ever making check fail."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.text.plainlanguage import LEVELS, estimate_level

from .gitrepo import copy_example

B1, B2, C1 = LEVELS

# Written at B1 or easier.
PLAIN = {
    # gabnasello/LeerMetNieuws, exercises/B1/Binnenland/exercise_2.md (news rewritten at B1)
    "news at B1": (
        "De Nederlandse activist Romano Sandee (37) heeft bereikt dat Plopsa de regels "
        "aanpast. Vanaf 2026 mogen bezoekers met een beperking in alle Plopsa-parken in "
        "België, Nederland en Duitsland gebruikmaken van de speciale wachtrij. Ze hoeven geen "
        "begeleider meer mee te nemen, als ze zelfstandig de attractie op en af kunnen."
    ),
    # dipeshm01/NederlandseTaal, knm/Nederland-7.md (civic-integration course notes)
    "course notes": (
        "Een gemeente is een klein deel van een provincie. Bijvoorbeeld de gemeente Zwolle in "
        "de provincie Overijssel. Dat is de stad Zwolle samen met een paar dorpen in de buurt. "
        "Elke gemeente heeft een gemeentehuis. Daar werken de burgemeester en zijn "
        "medewerkers. Als er iets verandert in je persoonlijke situatie, moet je dat "
        "doorgeven. Bijvoorbeeld als je gaat trouwen, scheiden of verhuizen."
    ),
    "our own": (
        "Wilt u een nieuw paspoort? Maak dan een afspraak bij de gemeente. Neem een goede "
        "pasfoto mee. U betaalt als u het paspoort aanvraagt. Na een week kunt u het ophalen. "
        "Heeft u vragen? Bel ons gerust."
    ),
}
# Formal: laws and policy.
FORMAL = {
    # statengeneraal/laws-markdown, circulaire/.../BWBR0027059 (Circulaire Wob en Wbp)
    "circular": (
        "Uit de praktijk is de behoefte gebleken aan duidelijkheid betreffende de afhandeling "
        "van verzoeken in het kader van de Wet openbaarheid van bestuur (hierna: Wob) en de Wet "
        "bescherming persoonsgegevens (hierna: Wbp). De circulaire geeft daartoe een beknopte "
        "toelichting op beide wetten en geeft aan hoe u moet omgaan met verzoeken op grond van "
        "de Wob en de Wbp, in het bijzonder in welke gevallen u contact dient op te nemen met "
        "de coördinator die bij de afdeling Juridische Zaken van het Hoofdkantoor werkzaam is."
    ),
    # statengeneraal/laws-markdown, wet/.../BWBR0013405 (Eerste evaluatiewet Awb, art. VII)
    "law": (
        "Ten aanzien van de doorzending van een bezwaar- of beroepschrift tegen een besluit dat "
        "voor de datum van inwerkingtreding van deze wet is bekendgemaakt, blijft artikel 6:15, "
        "derde lid, van de Algemene wet bestuursrecht zoals dat luidde voor dat tijdstip van "
        "toepassing. Indien op de dag waarop deze wet in werking treedt een griffierecht "
        "verschuldigd of voldaan is, blijft hierop het oude recht van toepassing."
    ),
    "our own": (
        "De aanvraag wordt door het college beoordeeld op basis van de geldende beleidsregels "
        "inzake de verstrekking van subsidies. Bij de beoordeling worden de beschikbaarheid van "
        "middelen en de doelmatigheid van de besteding in aanmerking genomen. Een beschikking "
        "wordt binnen acht weken na ontvangst van de aanvraag verzonden."
    ),
}


@pytest.mark.parametrize("name", PLAIN)
def test_plain_texts_are_estimated_b1(name: str) -> None:
    estimate = estimate_level(PLAIN[name])
    assert estimate is not None and estimate.level == B1, estimate


@pytest.mark.parametrize("name", FORMAL)
def test_formal_texts_are_estimated_c1_or_harder(name: str) -> None:
    estimate = estimate_level(FORMAL[name])
    assert estimate is not None and estimate.level == C1, estimate


def test_the_hardest_sentences_say_why() -> None:
    body = "# Een kop\n\n" + PLAIN["our own"] + "\n\n" + FORMAL["our own"]
    estimate = estimate_level(body, (), 1)
    assert estimate is not None
    first = next(h for h in estimate.hardest if h.text.startswith("De aanvraag wordt door"))
    assert first.reasons == ("rare-words", "passive")
    second = next(h for h in estimate.hardest if h.text.startswith("Bij de beoordeling"))
    assert second.reasons == ("rare-words", "passive", "nominalisations")
    assert first.line == 5  # the body starts on line 1; the paragraph on its fifth line
    assert "verstrekking" in first.examples
    assert len(estimate.hardest) <= 3
    assert all("paspoort" not in hard.text for hard in estimate.hardest)
    long = estimate_level(FORMAL["law"])
    assert long is not None and "long" in long.hardest[0].reasons


@pytest.mark.parametrize(
    ("sentence", "passive"),
    [
        ("De brief wordt morgen verstuurd.", True),
        ("De regels werden vorig jaar vastgesteld.", True),
        ("Het besluit is door de raad genomen en wordt bekendgemaakt.", True),
        ("Het wordt koud.", False),
        ("Zij is gisteren gekomen.", False),  # the perfect tense, not the passive
        ("Wij worden een gemeente met gesprekken.", False),
        ("De gemeente wordt groter, en gebruiken doen we alles.", False),
    ],
)
def test_passive_is_a_form_of_worden_with_a_participle(sentence: str, passive: bool) -> None:
    estimate = estimate_level(sentence)
    assert estimate is not None
    assert (estimate.passive_percent > 0) is passive


def test_the_projects_hard_words_are_listed() -> None:
    terms = (("inzake", "over"), ("faciliteren", "mogelijk maken"))
    estimate = estimate_level(FORMAL["our own"], terms)
    assert estimate is not None and estimate.terms == (("inzake", "over"),)


def test_a_text_without_prose_has_no_estimate() -> None:
    assert estimate_level("# Alleen een kop\n\n```\ncode\n```\n") is None


@pytest.fixture
def example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("GITHUB_BASE_REF", raising=False)
    root = copy_example(tmp_path / "example")
    target = root / "contributions/grenzen/subsidieregels.md"
    target.write_text(
        "---\ntitle: Subsidieregels\nauthors: [avandijk]\nstatus: proposed\n"
        "date: 2024-01-10\n---\n\n" + FORMAL["our own"] + "\n",
        encoding="utf-8",
    )
    return root


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def test_a_participants_check_advises_on_a_hard_text_and_passes(example: Path) -> None:
    code, output = run("-C", str(example), "check", "--for", "participant")
    assert code == 0
    advice = [line for line in output.splitlines() if "subsidieregels.md" in line]
    assert advice and all(": " in line for line in advice)
    assert any(C1 in line for line in advice)
    assert any(line.startswith("contributions/grenzen/subsidieregels.md:8: ") for line in advice)
    # The example's own texts read at B1: no advice about them.
    assert "wat-procesondersteuning-is.md" not in output
    assert "0 fout(en)" in output or "Geen problemen gevonden." in output


def test_the_advice_is_a_notice_on_github_and_no_part_of_json(example: Path) -> None:
    code, output = run("-C", str(example), "check", "--for", "participant", "--format", "github")
    assert code == 0
    assert "::notice file=contributions/grenzen/subsidieregels.md" in output
    code, output = run("-C", str(example), "check", "--for", "participant", "--format", "json")
    assert code == 0 and C1 not in output


def test_the_editors_check_gives_no_advice(example: Path) -> None:
    _, output = run("-C", str(example), "check")
    assert C1 not in output


def test_status_shows_the_level_of_each_contribution(example: Path) -> None:
    code, output = run("-C", str(example), "status")
    assert code == 0
    line = next(line for line in output.splitlines() if " subsidieregels " in line)
    assert C1 in line
    assert B1 in next(line for line in output.splitlines() if " checklist-procesontwerp " in line)


def test_an_english_project_gets_no_estimate(project: Path) -> None:
    _, output = run("-C", str(project), "status")
    assert B1 not in output and C1 not in output
