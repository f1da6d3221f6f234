"""The participants' guide has one source (pipeline/skeleton/guide/): this repository's
CONTRIBUTING.md and the site's pages for participants are what it renders now, a new project
gets the same guide with its own title, themes and codes, links between parts lead somewhere
on GitHub and on the site, samples of output pass through untouched, and nothing a participant
reads before the terminal part asks them to install anything."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from pipeline.authoring import guide
from pipeline.authoring.guide import GUIDES, guide_parts, participant_guide
from pipeline.authoring.scaffold import init_project
from pipeline.core.catalogue import CATALOG
from pipeline.text.markdown import github_identifier, parse_tokens

from .conftest import REPOSITORY

sys.path.insert(0, str(REPOSITORY / "tools"))

import guide_pages

LANGS = ("nl", "en")


def _headings(text: str, slugify: Callable[[str, str], str] | None = None) -> list[str]:
    """The ids of the headings of `text`: GitHub's, or with `slugify` the site's."""
    tokens = parse_tokens(text)
    seen: set[str] = set()
    titles = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    if slugify is None:
        return [github_identifier(title, seen) for title in titles]
    return [slugify(title, "-") for title in titles]


def _links(text: str) -> list[str]:
    """Every link's address in `text`, read as GitHub reads it (code shows no links)."""
    found = []
    for token in parse_tokens(text):
        for child in token.children or []:
            if child.type == "link_open":
                found.append(str(child.attrs["href"]))
    return found


def _template_headings(lang: str) -> list[str]:
    """Each part's title as its template writes it."""
    titles = []
    for path in sorted((GUIDES / lang).glob("*.md.j2")):
        line = next(
            ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.startswith("#")
        )
        titles.append(line)
    return titles


# -- this repository ------------------------------------------------------------------------


def test_contributing_and_the_site_pages_are_what_the_templates_render() -> None:
    stale = [
        str(path.relative_to(REPOSITORY))
        for path, text in guide_pages.pages().items()
        if not path.is_file() or path.read_text(encoding="utf-8") != text
    ]
    assert stale == [], "run python tools/guide_pages.py"
    pages = sorted(p.name for p in (REPOSITORY / "docs/deelnemers").glob("*.md"))
    made = sorted(p.name for p in guide_pages.pages() if p.parent.name == "deelnemers")
    assert pages == made  # no page of a part that is gone


KEPT = [
    # what today's guide taught, sentence by sentence: reworded for any project, never lost
    "Iedereen schrijft een korte tekst over één onderwerp: een **bijdrage**.",
    "Alleen aanvaarde bijdragen komen in de gepubliceerde versie.",
    "| Vastgestelde versie |",
    "U heeft alleen een webbrowser en een gratis account op github.com nodig.",
    "Kies **Create a new branch for this commit and start a pull request**",
    "Onder **Summary**, bij **Artifacts**, staat **concept**",
    "Klik daarna op\n**Commit changes...**, kies **Commit directly to the ... branch**",
    "Sleep dan een map `assets` met de afbeelding erin naar **Upload files** in de themamap.",
    "Dan zet de redactie de status op `accepted` en neemt zij uw pull request over (**Merge**).",
    "Goed: `vragen-van-een-gemeente.md`. Fout: `Vragen_één_gemeente.md`.",
    "**Tip: zet een titel met een dubbele punt tussen aanhalingstekens.**",
    "Laat het oude bestand staan: `supersedes` moet wijzen naar een bijdrage die bestaat.",
    "`name` en `organisation` zijn verplicht. Zet er twee spaties voor (geen tab).",
    "Een fout in `participants.yaml` geeft vaak veel meldingen RD207 tegelijk",
    "Een lijst mag direct onder een regel tekst beginnen, net als op GitHub.",
    "Woorden in een tabel worden nooit afgebroken",
    "U mag dezelfde labels (`[^1]`, `[^2]`) gebruiken als andere bijdragen.",
    "weigert de controle (RD316): een lezer moet een link veilig kunnen volgen.",
    'roledoc de titel erachter: "zie ook *Wanneer het bureau nee zegt* (p. 9)" op papier',
    "`#inleiding`, `#procesondersteuning`, `#eigenaarschap`, `#grenzen`, `#werkwijze` en",
    "`[!CAUTION]` (let op). In het document krijgt het blok een kader",
    'begint niet met "Afbeelding van": de voorleessoftware zegt al dat het een afbeelding is;',
    "- **HTML** (opmaakcode voor webpagina's), zoals `<b>` of `<br>`.",
    "**Te diep geneste lijsten of citaten**: meer dan 8 niveaus in elkaar.",
    "Bij een fout in de bestandsnaam\n  ontbreken regel en kolom.",
    "Op regel 4 van het voorbeeld staat dan `status: concept`. Schrijf `status: draft`.",
    "Dan moet\nuw terminal op Nederlands staan (`LANG=nl_NL.UTF-8`).",
    "kleine letters, streepjes in plaats van spaties, geen leestekens, `ë` wordt `e`.",
    "(een oud `.doc`-bestand slaat u eerst in Word op als `.docx`)",
    "`make build` maakt alleen de gepubliceerde versie. Bij fouten maakt roledoc niets.",
    "Typ vóór het committen `. .venv/bin/activate`, anders vindt\npre-commit roledoc niet.",
    # the review round, now in a part of its own for participants and one for the editors
    "Laat de regel met het kenmerk staan.",
    "Tekst in een grijs vlak is tekst van de redactie.",
    "*gewijzigd zonder Wijzigingen bijhouden*",
    '`.venv/bin/roledoc review import BESTAND.docx --reviewer "Naam van de beoordelaar"`',
    "`--accept-untracked`",
    "This guide is for everyone who writes for *Rol en werkwijze van de ambtelijke organisatie*.",
    "Images go in the theme's `assets/` folder and always need meaningful alt text.",
]


@pytest.mark.parametrize("sentence", KEPT)
def test_what_the_guide_taught_is_still_there(sentence: str) -> None:
    assert sentence in (REPOSITORY / "CONTRIBUTING.md").read_text(encoding="utf-8")


def test_this_repository_reads_as_its_own_guide() -> None:
    text = participant_guide(REPOSITORY, "nl")
    assert text.startswith("# Meeschrijven aan *Rol en werkwijze van de ambtelijke organisatie*")
    assert "dit document van Metropoolregio Eindhoven." in text
    assert "| `contributions/grenzen/` | 4. Waar de rol begint en eindigt |" in text
    assert "| `contributions/dialoog/` | 5. Werkwijze: belangen, dialoog en procesontwerp |" in text
    assert "authors: [avandijk]" in text  # a participant the project has
    assert "21 gemeenten" not in text  # what fitted only the Metropoolregio


@pytest.mark.parametrize("lang", LANGS)
def test_links_between_parts_lead_to_a_heading_in_the_guide(lang: str, tmp_path: Path) -> None:
    root = REPOSITORY if lang == "nl" else _new_project(tmp_path, "en-GB")
    text = participant_guide(root, lang)
    ids = set(_headings(text))
    anchors = [link[1:] for link in _links(text) if link.startswith("#")]
    assert len(anchors) > 15
    assert [a for a in anchors if a not in ids] == []


@pytest.mark.parametrize("lang", LANGS)
def test_links_between_parts_lead_to_a_heading_on_the_site(lang: str, tmp_path: Path) -> None:
    toc = pytest.importorskip("markdown.extensions.toc")
    root = REPOSITORY if lang == "nl" else _new_project(tmp_path, "en-GB")
    parts = guide_parts(root, lang)
    pages = {
        (guide.INDEX if number == 0 else f"{stem}.md"): text
        for number, (stem, text) in enumerate(parts)
    }
    number_word = "paragraaf" if lang == "nl" else "section"
    for page, text in pages.items():
        assert text.startswith("# ")  # each page has its part's title as its own
        for link in _links(text):
            if link.startswith(("http", "mailto:")):
                continue
            target, _, anchor = link.partition("#")
            assert (target or page) in pages, (page, link)
            if anchor:
                assert anchor in _headings(pages[target or page], toc.slugify), (page, link)
        # "paragraaf 6" leads to part 6
        for number, target in re.findall(rf"\[{number_word} (\d+)\]\(([^)#]*)", text, re.I):
            assert (target or page).startswith(f"{int(number):02d}-"), (page, number, target)


def test_samples_of_output_pass_through_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    templates = tmp_path / "guide" / "nl"
    templates.mkdir(parents=True)
    body = "contributions/x.md:3:1: fout RD323: {#id} en {{ waarde }} en {% raw %}\n"
    (templates / "00-titel.md.j2").write_text(
        "# Over *{{ title }}*\n\nEen voorbeeld:\n\n<!-- sample: check-error -->\n```\n"
        + body
        + "```\n\nZie [de codes]({{ link('01-codes') }}).\n",
        encoding="utf-8",
    )
    (templates / "01-codes.md.j2").write_text("## 1. Codes\n", encoding="utf-8")
    monkeypatch.setattr(guide, "GUIDES", tmp_path / "guide")
    text = participant_guide(REPOSITORY, "nl")
    assert f"<!-- sample: check-error -->\n```\n{body}```\n" in text
    assert "[de codes](#1-codes)" in text
    assert "[de codes](01-codes.md)" in guide_parts(REPOSITORY, "nl")[0][1]
    # and every sample in the real templates reaches CONTRIBUTING.md as the template has it
    written = (REPOSITORY / "CONTRIBUTING.md").read_text(encoding="utf-8")
    marker = re.compile(r"^<!-- sample: [a-z-]+ -->\n```\n.*?```\n", re.MULTILINE | re.DOTALL)
    for path in (REPOSITORY / "pipeline/skeleton/guide/nl").glob("*.md.j2"):
        for sample in marker.findall(path.read_text(encoding="utf-8")):
            assert sample in written, path.name


@pytest.mark.parametrize("lang", LANGS)
def test_a_participant_installs_nothing_before_the_terminal_part(lang: str) -> None:
    """Parts 1 to 7 (GitHub's web editor, writing, Markdown, checking, a review round in
    Word) ask for no terminal: the commands to install and run roledoc are in part 8."""
    commands = re.compile(
        r"\bmake (build|draft|check)\b|\.venv/|pip install|\bgit [a-z]|\bpython\b"
    )
    for path in sorted((GUIDES / lang).glob("0[0-7]-*.md.j2")):
        found = commands.findall(path.read_text(encoding="utf-8"))
        assert found == [], path.name


# -- a new project ---------------------------------------------------------------------------


def _new_project(tmp_path: Path, lang: str) -> Path:
    target = tmp_path / "nieuw"
    init_project(target, lang, "Samen *sterk*: een test", "Regio Zuid", "roledoc==0.2.0")
    return target


@pytest.mark.parametrize(("lang", "theme"), [("nl-NL", "werkwijze"), ("en-GB", "how-we-work")])
def test_a_new_project_gets_the_whole_guide_with_its_own_title_themes_and_codes(
    tmp_path: Path, lang: str, theme: str
) -> None:
    target = _new_project(tmp_path, lang)
    text = (target / "CONTRIBUTING.md").read_text(encoding="utf-8")
    short = lang[:2]
    assert participant_guide(target, short) == text
    first = "Meeschrijven aan" if short == "nl" else "Contributing to"
    assert text.startswith(f"# {first} *Samen \\*sterk\\*: een test*\n")
    assert "Regio Zuid" in text and f"`contributions/{theme}/`" in text
    assert "Metropoolregio" not in text and "avandijk" not in text
    for heading in _template_headings(short)[1:]:
        assert f"\n{heading}\n" in text, heading
    documented = set(re.findall(r"^\| (RD\d{3}) \|", text, re.MULTILINE))
    assert documented == set(CATALOG)
    assert not (target / "CONTRIBUTING.md").is_symlink()
