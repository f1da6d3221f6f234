"""Review rounds in Word (pipeline/review/): the export is made for reviewing, and a reviewer's
changes come back into the contributions exactly, or are listed; never wrong, never lost.

Real pandoc, real git, and review files edited the way Word writes its XML
(tests/wordedit.py: runs split per character, w:ins/w:del, paragraph marks, rPrChange,
pPrChange, moves, table rows, footnotes, comments with replies). The gallery names each
situation after the class of the issue it covers; each asserts the exact Markdown or the
exact listing."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.review import PROPERTY, fingerprint, read_properties
from pipeline.review.rendering import remember_export

from .gitrepo import FIXTURES, commit_all, copy_example, git
from .realtools import needs
from .wordedit import WordEdit

BELANGEN = "contributions/belangen/belangen-in-kaart.md"
DIALOOG = "contributions/dialoog/dialoog-is-geen-onderhandeling.md"
TREKKERS = "contributions/eigenaarschap/trekkers-per-dossier.md"
GALERIJ = "contributions/grenzen/galerij.md"
REVIEWED = "build/rol-en-werkwijze-review.docx"


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    """The example project with the gallery contribution, in git, exported once."""
    root = copy_example(tmp_path_factory.mktemp("review") / "example")
    shutil.copyfile(FIXTURES / "review" / "galerij.md", root / GALERIJ)
    (root / ".gitignore").write_text("build/\n", encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    commit_all(root, "Example")
    export(root)
    return root


@pytest.fixture
def example(exported: Path, tmp_path: Path) -> Path:
    """A fresh copy of the exported project (its repository and its review file), as the
    clone that exported it: roledoc kept the export, so an import reads it."""
    root = clone_example(exported, tmp_path / "exporter")
    remember_export(root, root / REVIEWED)
    return root


@pytest.fixture
def clone(exported: Path, tmp_path: Path) -> Path:
    """A fresh copy of the exported project as another clone: roledoc did not keep the
    export there, so an import renders what was exported again (as in CI)."""
    return clone_example(exported, tmp_path / "other")


def clone_example(exported: Path, folder: Path) -> Path:
    root = folder / "example"
    shutil.copytree(exported, root, symlinks=True)
    return root


def export(root: Path, *options: str) -> Path:
    done = CliRunner().invoke(main, ["-C", str(root), "review", "export", "-q", *options])
    assert done.exit_code == 0, done.output
    assert "Reviewbestand:" in done.output  # the example is Dutch: so is every line
    return root / REVIEWED


def import_(root: Path, docx: Path, reviewer: str = "Jan de Vries", *options: str) -> str:
    done = CliRunner().invoke(
        main, ["-C", str(root), "review", "import", str(docx), "--reviewer", reviewer, *options]
    )
    assert done.exit_code == 0, done.output
    assert "Traceback" not in done.output
    return done.output


def branch_of(root: Path) -> str | None:
    names = git(root, "branch", "--list", "review/*").split()
    assert len(names) <= 1
    return names[0] if names else None


def source_on(root: Path, path: str, branch: str | None = None) -> str:
    branch = branch or branch_of(root)
    assert branch is not None, "no review branch"
    return git(root, "show", f"{branch}:{path}") + "\n"


def notes(root: Path, name: str) -> str:
    found = sorted((root / "build" / "review").glob(f"*/{name}.md"))
    assert found, f"no notes for {name}"
    return found[-1].read_text("utf-8")


def changed(before: str, after: str) -> list[tuple[str, str]]:
    """The lines that differ, as (removed, added) runs."""
    from difflib import SequenceMatcher

    a, b = before.splitlines(), after.splitlines()
    return [
        ("\n".join(a[i1:i2]), "\n".join(b[j1:j2]))
        for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
        if op != "equal"
    ]


# -- the export --------------------------------------------------------------------------------


def test_the_export_is_made_for_reviewing(example: Path) -> None:
    docx = example / REVIEWED
    with zipfile.ZipFile(docx) as archive:
        settings = archive.read("word/settings.xml").decode("utf-8")
        document = archive.read("word/document.xml").decode("utf-8")
        styles = archive.read("word/styles.xml").decode("utf-8")
    assert "<w:trackRevisions />" in settings  # Track Changes is on when Word opens it
    assert "<w:lnNumType " in document  # lines numbered
    assert re.search(r'w:styleId="EditorsText".*?w:fill="EDEDED"', styles, re.DOTALL)
    assert "Wijzigingen bijhouden" in document and "Opmerkingen mag u overal plaatsen" in document
    # each step of the instruction is a paragraph of its own, in a numbered list
    step = re.search(r"<w:p>(?:(?!</w:p>).)*?Opmerkingen mag u overal plaatsen.*?</w:p>", document)
    assert step and "<w:numPr>" in step[0] and "aan.Verander" not in document
    properties = read_properties(docx)
    source = (example / BELANGEN).read_bytes()
    assert properties[PROPERTY + "belangen-in-kaart"] == fingerprint(source)
    assert 'w:name="belangen-in-kaart"' in document  # the title's bookmark is the id
    # The reference that survives editors which drop properties (Google Docs).
    assert re.search(
        r"Kenmerk van dit bestand \(laat het staan\): RD-[0-9a-f]{12}-[0-9a-f]{10}", document
    )


def test_the_export_is_a_consultation_version_with_its_closing_day(example: Path) -> None:
    plain = (example / REVIEWED).read_bytes()
    with zipfile.ZipFile(example / REVIEWED) as archive:
        document = archive.read("word/document.xml").decode("utf-8")
    assert "Consultatieversie" in document and "reageren kan tot" not in document
    export(example, "--until", "2027-01-15")
    with zipfile.ZipFile(example / REVIEWED) as archive:
        document = archive.read("word/document.xml").decode("utf-8")
    assert "reageren kan tot 15 januari 2027" in document
    assert (example / REVIEWED).read_bytes() != plain  # not a reused file


def test_an_export_of_some_themes_holds_only_those(example: Path) -> None:
    export(example, "--theme", "belangen")
    properties = read_properties(example / REVIEWED)
    exported = {name for name in properties if name.startswith(PROPERTY)} - {PROPERTY + "commit"}
    assert exported == {PROPERTY + "belangen-in-kaart"}
    wrong = CliRunner().invoke(
        main, ["-C", str(example), "review", "export", "-q", "--theme", "belang"]
    )
    assert wrong.exit_code != 0 and "onbekend thema 'belang'" in wrong.output
    assert "bedoelde u 'belangen'?" in wrong.output


# -- the gallery: one import, every class of the issue ------------------------------------------

# (situation, what the reviewer does, file, source text before, source text after); the
# edits are made in one reviewed file, each in a paragraph of its own.
APPLIED = [
    (
        "position: a cell of a Ja/Nee table, in its own row",
        lambda w: w.replace("@cell:Agenda:1", "Ja", "Nee"),
        GALERIJ,
        "| Agenda | Ja |",
        "| Agenda | Nee |",
    ),
    (
        "position: the second of two equal words",
        lambda w: w.replace("en nog eens belang.", "belang", "doel"),
        GALERIJ,
        "belang, en nog eens belang.",
        "belang, en nog eens doel.",
    ),
    (
        "position: a paragraph added after one with a footnote",
        lambda w: w.add_paragraph("Een zin met een voetnoot.", "Een nieuwe alinea na de voetnoot."),
        GALERIJ,
        "Een zin met een voetnoot.[^a] En meer tekst.\n",
        "Een zin met een voetnoot.[^a] En meer tekst.\n\nEen nieuwe alinea na de voetnoot.\n",
    ),
    (
        "block structure: a table row deleted",
        lambda w: w.delete_row("Besluitenlijst"),
        GALERIJ,
        "| Besluitenlijst | Ja |\n",
        "",
    ),
    (
        "block structure: the last cell of a row emptied",
        lambda w: w.delete("@cell:Actielijst:1", "Ja"),
        GALERIJ,
        "| Actielijst | Ja |",
        "| Actielijst |  |",
    ),
    (
        "block structure: a paragraph of a nested quote deleted",
        lambda w: w.delete_paragraph("Geneste alinea twee."),
        GALERIJ,
        "> >\n> > Geneste alinea twee.\n",
        "> >\n",
    ),
    (
        "block structure: a list item deleted",
        lambda w: w.delete_paragraph("punt een"),
        GALERIJ,
        "- punt een\n",
        "",
    ),
    (
        "block structure: a list item added",
        lambda w: w.add_paragraph("punt twee", "punt twee en een half", numbered=True),
        GALERIJ,
        "- punt twee\n",
        "- punt twee\n- punt twee en een half\n",
    ),
    (
        "block structure: a table row inserted",
        lambda w: w.insert_row("Verslag", ["Presentielijst", "Nee"]),
        GALERIJ,
        "| Verslag | Nee |\n",
        "| Verslag | Nee |\n| Presentielijst | Nee |\n",
    ),
    (
        "spaces: words typed before a full stop",
        lambda w: w.insert("vindt vaker een uitweg.", ".", " dan anders"),
        GALERIJ,
        "vindt vaker een uitweg.",
        "vindt vaker een uitweg dan anders.",
    ),
    (
        "spaces: words typed before a colon",
        lambda w: w.insert("Dus spreken we af:", ":", " het volgende"),
        GALERIJ,
        "Dus spreken we af: de trekker",
        "Dus spreken we af het volgende: de trekker",
    ),
    (
        "spaces: the last word of a sentence deleted",
        lambda w: w.delete("de kern van elk dossier.", " dossier"),
        GALERIJ,
        "de kern van elk dossier.",
        "de kern van elk.",
    ),
    (
        "spaces: an emphasised word deleted",
        lambda w: w.delete("een zorgvuldige partner", "zorgvuldige "),
        GALERIJ,
        "een *zorgvuldige* partner",
        "een partner",
    ),
    (
        "spaces: the last word of bold text deleted",
        lambda w: w.delete("De bestuurlijk trekker leidt", " trekker"),
        GALERIJ,
        "De **bestuurlijk trekker** leidt",
        "De **bestuurlijk** leidt",
    ),
    (
        "typography: a word with an en dash",
        lambda w: w.replace("Sinds 2016–2018 werkt", "2018", "2019"),  # noqa: RUF001
        GALERIJ,
        "Sinds 2016–2018 werkt de regio zo…",  # noqa: RUF001
        "Sinds 2016–2019 werkt de regio zo…",  # noqa: RUF001
    ),
    (
        "typography: a typographic apostrophe typed",
        lambda w: w.insert("Een belang zegt waarom iets telt", " telt", " zo’n beetje", after=True),  # noqa: RUF001
        GALERIJ,
        "Een belang zegt *waarom* iets telt.",
        "Een belang zegt *waarom* iets telt zo’n beetje.",  # noqa: RUF001
    ),
    (
        "linked: a sentence moved into the next paragraph",
        lambda w: w.move(
            "Het bureau schrijft stukken. Het bureau beslist niet.",
            " Het bureau beslist niet.",
            "Hier komt een zin bij uit de vorige alinea.",
            "Hier komt",
        ),
        GALERIJ,
        "Het bureau schrijft stukken. Het bureau beslist niet.\n\nHier komt een zin",
        "Het bureau schrijft stukken.\n\n Het bureau beslist niet.Hier komt een zin",
    ),
    (
        "linked: a list item moved",
        lambda w: w.move_paragraph("punt drie", "punt vier die verhuist"),
        GALERIJ,
        "- punt drie\n- punt vier die verhuist\n",
        "- punt vier die verhuist\n- punt drie\n",
    ),
    (
        "linked: a link's text rephrased",
        lambda w: w.replace("de redenen om nee te zeggen eerst", "nee te zeggen", "te weigeren"),
        GALERIJ,
        "[de redenen om nee te zeggen](https://example.org/nee)",
        "[de redenen om te weigeren](https://example.org/nee)",
    ),
    (
        "linked: a paragraph rewritten whole",
        lambda w: w.replace(
            "Deze alinea wordt helemaal opnieuw geschreven door de beoordelaar.",
            "Deze alinea wordt helemaal opnieuw geschreven door de beoordelaar.",
            "Een heel andere alinea.",
        ),
        GALERIJ,
        "Deze alinea wordt helemaal opnieuw geschreven door de beoordelaar.",
        "Een heel andere alinea.",
    ),
    (
        "paragraph marks: two paragraphs merged",
        lambda w: w.merge("De eerste van twee alinea's die samengaan."),
        GALERIJ,
        "De eerste van twee alinea's die samengaan.\n\nDe tweede",
        "De eerste van twee alinea's die samengaan.De tweede",
    ),
    (
        "paragraph marks: a paragraph split",
        lambda w: w.split("in twee stukken gesplitst. Hier begint", "Hier begint"),
        GALERIJ,
        "gesplitst. Hier begint het tweede stuk.",
        "gesplitst.\n\nHier begint het tweede stuk.",
    ),
    (
        "formatting: a word made bold",
        lambda w: w.format("Dit woord wordt vet gemaakt", "woord", add=("b",)),
        GALERIJ,
        "Dit woord wordt vet gemaakt",
        "Dit **woord** wordt vet gemaakt",
    ),
    (
        "formatting: bold taken off",
        lambda w: w.format("Dit woord is nog vet", "nog", remove=("b",)),
        GALERIJ,
        "Dit woord is **nog** vet",
        "Dit woord is nog vet",
    ),
    (
        "formatting: a paragraph restyled as a heading",
        lambda w: w.restyle("Deze alinea wordt een kop.", "Heading3"),
        GALERIJ,
        "\nDeze alinea wordt een kop.\n",
        "\n## Deze alinea wordt een kop.\n",
    ),
    (
        "formatting: a heading one level deeper",
        lambda w: w.restyle("Een kop die een niveau dieper gaat", "Heading4"),
        GALERIJ,
        "## Een kop die een niveau dieper gaat",
        "### Een kop die een niveau dieper gaat",
    ),
    (
        "footnotes: a new footnote",
        lambda w: w.add_footnote("Een zin waar een voetnoot bij komt.", "komt", "Nieuw."),
        GALERIJ,
        "Een zin waar een voetnoot bij komt.",
        "Een zin waar een voetnoot bij komt[^1].",
    ),
    (
        "footnotes: a footnote deleted",
        lambda w: w.delete_footnote("Een zin waarvan de voetnoot weggaat."),
        GALERIJ,
        "Een zin waarvan de voetnoot weggaat.[^b]",
        "Een zin waarvan de voetnoot weggaat.",
    ),
    (
        "footnotes: a footnote's text edited",
        lambda w: w.replace("De voetnoot bij de alinea.", "alinea", "zin"),
        GALERIJ,
        "[^a]: De voetnoot bij de alinea.",
        "[^a]: De voetnoot bij de zin.",
    ),
    (
        "figures: a caption edited",
        lambda w: w.replace(
            "Een figuur met een bijschrift dat verandert.", "verandert", "anders is"
        ),
        GALERIJ,
        "![Een figuur met een bijschrift dat verandert.]",
        "![Een figuur met een bijschrift dat anders is.]",
    ),
    (
        "links: a hyperlink added keeps its address",
        lambda w: w.insert(
            "Een zin waar een link bij komt.", ".", " op de website", link="https://example.org/x"
        ),
        GALERIJ,
        "Een zin waar een link bij komt.",
        "Een zin waar een link bij komt [op de website](<https://example.org/x>).",
    ),
    (
        "titles: a contribution's title edited (front matter)",
        lambda w: w.replace("2 Belangen in kaart brengen: groot en klein", "groot", "grote"),
        BELANGEN,
        'title: "Belangen in kaart brengen: groot en klein"',
        'title: "Belangen in kaart brengen: grote en klein"',
    ),
    (
        "position: a word beside emphasis in the example",
        lambda w: w.replace("Een belang zegt waarom. Wie", "belang", "doel"),
        BELANGEN,
        "Een belang zegt *waarom*.",
        "Een doel zegt *waarom*.",
    ),
]


def _apply(edits, word: WordEdit) -> None:
    for edit in edits:
        edit(word)


@pytest.fixture(scope="module")
def gallery(exported: Path, tmp_path_factory) -> tuple[Path, str, dict[str, str]]:
    """The gallery's edits in one reviewed file, imported once."""
    root = tmp_path_factory.mktemp("gallery") / "example"
    shutil.copytree(exported, root, symlinks=True)
    before = {path: (root / path).read_text("utf-8") for path in (GALERIJ, BELANGEN, TREKKERS)}
    word = WordEdit(root / REVIEWED)
    _apply([edit for _n, edit, *_rest in APPLIED], word)
    word.comment("Eindhoven heeft meer dan", "Eindhoven", "Klopt dit aantal nog?")
    word.comment(
        "Eindhoven heeft meer dan",
        "Eindhoven",
        "Ja, gecheckt.",
        author="Anna Jansen",
        reply_to=0,
        done=True,
    )
    word.replace("Eigenaarschap moet een naam hebben", "moet", "hoort", author="Anna Jansen")
    word.comment("Een figuur met een bijschrift dat", "bijschrift", "Past dit bij de figuur?")
    word.replace("Opmerkingen mag u overal plaatsen", "overal", "ergens")  # the title page
    word.untracked("In de regio wordt veel onderhandeld", "veel", "vaak")
    said = import_(root, word.save())
    return root, said, before


def _gallery_expected(before: dict[str, str], path: str) -> str:
    """The source as the gallery's reviewer left it: every situation's change made."""
    expected = before[path]
    for _name, _edit, where, old, new in APPLIED:
        if where == path:
            expected = expected.replace(old, new, 1)
    expected = expected.replace(
        "\n[^b]: Een voetnoot die weggaat.\n", "\n"
    )  # its only reference was deleted
    return expected + ("\n[^1]: Nieuw.\n" if path == GALERIJ else "")


@pytest.mark.parametrize(
    ("situation", "path", "old", "new"),
    [(name, path, old, new) for name, _edit, path, old, new in APPLIED],
    ids=[name for name, *_ in APPLIED],
)
def test_gallery_applied_exactly(gallery, situation: str, path: str, old: str, new: str) -> None:
    """This situation's change is made, and made once: its old text is gone (left only where
    the reviewer's other changes leave it) and its new text is there as often as they say."""
    root, _said, before = gallery
    assert before[path].count(old) == 1, situation
    expected, after = _gallery_expected(before, path), source_on(root, path)
    assert after.count(old) == expected.count(old), f"{situation}: {old!r} is still there"
    assert after.count(new) == expected.count(new), f"{situation}: {new!r} not in the result"


def test_gallery_changes_nothing_else(gallery) -> None:
    """Every changed line of every file is one of the gallery's: nothing wrong, nothing
    more; and every one of them is there: nothing lost."""
    root, _said, before = gallery
    for path in (GALERIJ, BELANGEN):
        assert source_on(root, path) == _gallery_expected(before, path)


def test_gallery_the_report_counts_every_change(gallery) -> None:
    root, said, _before = gallery
    line = next(line for line in said.splitlines() if GALERIJ in line)
    assert line.endswith(
        "0 niet geplaatst, 0 zonder Wijzigingen bijhouden, 0 conflict(en), 1 opmerking(en)"
    )
    assert "buiten de bijdragen (niet verwerkt): 1" in said
    others = notes(root, "overig")
    assert "“overal” → “ergens”" in others


def test_gallery_each_revision_author_is_a_commit_author(gallery) -> None:
    root, _said, _before = gallery
    branch = branch_of(root)
    log = git(root, "log", "--format=%an|%s|%b", f"main..{branch}", "--", TREKKERS)
    assert log.startswith("Anna Jansen|Review van Anna Jansen: Trekkers")
    assert "Ingestuurd door Jan de Vries." in log
    assert "hoort een naam" in source_on(root, TREKKERS)


def test_gallery_comments_keep_their_thread(gallery) -> None:
    root, _said, before = gallery
    page = notes(root, "belangen-in-kaart")
    line = next(
        n for n, text in enumerate(before[BELANGEN].splitlines(), 1) if "Eindhoven heeft" in text
    )
    assert f"### regel {line} · Jan de Vries · 2026-11-20 · afgehandeld" in page
    assert "> Eindhoven\n\nKlopt dit aantal nog?" in page
    assert "- Antwoord van Anna Jansen (2026-11-20): Ja, gecheckt." in page


def test_gallery_the_review_branch_gets_a_pull_request_body(gallery) -> None:
    """review import writes the body of the review branch's pull request beside its notes:
    `gh pr create --body-file` opens it in one command."""
    root, said, _before = gallery
    body = notes(root, "pull-request")
    assert body.startswith("## Review door Jan de Vries\n")
    assert re.search(r"\d+ wijziging\(en\) toegepast, \d+ genoemd", body)
    # every note page, a level down: the comment threads with their quotes and lines
    assert "#### Opmerkingen" in body and "> Eindhoven\n\nKlopt dit aantal nog?" in body
    assert "##### regel " in body
    assert "gh pr create --head " in said and "--body-file build/review/" in said


def test_gallery_a_comment_on_a_caption_reaches_its_contribution(gallery) -> None:
    root, _said, before = gallery
    page = notes(root, "galerij")
    line = next(n for n, t in enumerate(before[GALERIJ].splitlines(), 1) if "![Een figuur" in t)
    assert f"### regel {line} · Jan de Vries · 2026-11-20" in page
    assert "> bijschrift\n\nPast dit bij de figuur?" in page


def test_gallery_an_untracked_edit_is_listed_not_applied(gallery) -> None:
    root, said, _before = gallery
    assert (
        f"{DIALOOG}: 0 wijziging(en) verwerkt, 0 niet geplaatst, 1 zonder Wijzigingen bijhouden"
        in said
    )
    page = notes(root, "dialoog-is-geen-onderhandeling")
    assert "## Gewijzigd zonder Wijzigingen bijhouden" in page and "“veel” → “vaak”" in page
    assert DIALOOG not in git(root, "diff", "--name-only", f"main..{branch_of(root)}")


def test_gallery_branch_passes_check(gallery) -> None:
    root, _said, _before = gallery
    git(root, "checkout", "-q", branch_of(root))
    try:
        checked = CliRunner().invoke(main, ["-C", str(root), "check"])
        assert checked.exit_code == 0, checked.output
    finally:
        git(root, "checkout", "-q", "main")


def test_gallery_working_tree_untouched(gallery) -> None:
    root, _said, before = gallery
    assert git(root, "status", "--porcelain") == ""
    for path, text in before.items():
        assert (root / path).read_text("utf-8") == text


# -- what cannot be placed is listed, and changes nothing ---------------------------------------


def test_what_cannot_be_written_in_markdown_is_listed_and_nothing_changes(example: Path) -> None:
    before = (example / GALERIJ).read_text("utf-8")
    word = WordEdit(example / REVIEWED)
    word.format("Dit woord wordt vet gemaakt", "woord", add=("u",))  # underline
    word.merge("Deze alinea wordt een kop.")  # into the heading after it
    word.insert("Een zin met een voetnoot.", "Een zin", "In mijn eigen woorden: ")
    said = import_(example, word.save())
    assert f"{GALERIJ}: 1 wijziging(en) verwerkt, 2 niet geplaatst" in said
    page = notes(example, "galerij")
    assert "## Niet geplaatst: breng deze wijzigingen met de hand aan" in page
    assert "deze opmaak bestaat niet in GitHubs Markdown" in page
    assert "“alinea's die samengaan. Deze” → “alinea's die samengaan.Deze”" not in page
    assert "het resultaat las niet als de tekst van de beoordelaar" in page
    after = source_on(example, GALERIJ)
    assert changed(before, after) == [
        (
            "Een zin met een voetnoot.[^a] En meer tekst.",
            "In mijn eigen woorden: Een zin met een voetnoot.[^a] En meer tekst.",
        )
    ]


# -- edits without Track Changes -----------------------------------------------------------------


def test_untracked_edits_are_applied_with_accept_untracked(clone: Path) -> None:
    example = clone  # rendered again: the untracked edits are found in what the render made
    before = (example / GALERIJ).read_text("utf-8")
    word = WordEdit(example / REVIEWED)
    word.untracked("Een zin over het woord belang", "woord", "begrip")
    word.untracked_paragraph("Een zin waar een link bij komt.", "Zonder bijhouden getypt.")
    word.untracked_delete("Hier komt een zin bij uit de vorige alinea.")
    word.replace("Een belang zegt waarom iets telt", "telt", "weegt")  # tracked, beside them
    said = import_(example, word.save(), "Jan de Vries", "--accept-untracked")
    assert f"{GALERIJ}: 4 wijziging(en) verwerkt, 0 niet geplaatst, 0 zonder" in said
    expected = (
        before.replace("iets telt.", "iets weegt.")
        .replace("het woord belang", "het begrip belang")
        .replace("Hier komt een zin bij uit de vorige alinea.\n\n", "")
        .replace(
            "Een zin waar een link bij komt.\n",
            "Een zin waar een link bij komt.\n\nZonder bijhouden getypt.\n",
        )
    )
    assert source_on(example, GALERIJ) == expected


def test_accept_all_halfway_lists_the_paragraph_and_applies_nothing_of_it(example: Path) -> None:
    """The reviewer accepted one of two changes in a paragraph before sending: that one is
    now plain text (untracked), the other still a revision. Applying only the tracked one
    would give a sentence neither the author nor the reviewer wrote."""
    before = (example / GALERIJ).read_text("utf-8")
    word = WordEdit(example / REVIEWED)
    word.untracked("Het bureau schrijft stukken.", "schrijft", "maakt")  # accepted before
    word.replace("Het bureau beslist niet.", "beslist", "kiest")  # still tracked
    said = import_(example, word.save())
    assert f"{GALERIJ}: 0 wijziging(en) verwerkt, 1 niet geplaatst, 1 zonder" in said
    page = notes(example, "galerij")
    assert "“schrijft” → “maakt”" in page and "“beslist” → “kiest”" in page
    assert "de alinea is ook zonder Wijzigingen bijhouden veranderd" in page
    assert branch_of(example) is None and (example / GALERIJ).read_text("utf-8") == before


# -- later rounds --------------------------------------------------------------------------------


def test_a_second_file_from_the_same_reviewer_keeps_both_notes(example: Path) -> None:
    first = WordEdit(example / REVIEWED)
    first.comment("Eindhoven heeft meer dan", "Eindhoven", "Eerste ronde.")
    import_(example, first.save("eerste.docx"))
    second = WordEdit(example / REVIEWED)
    second.comment("Eindhoven heeft meer dan", "Eindhoven", "Tweede ronde.")
    said = import_(example, second.save("tweede.docx"))
    folders = sorted(p.name for p in (example / "build" / "review").iterdir())
    assert len(folders) == 2 and folders[1] == folders[0] + "-2"
    pages = [
        (example / "build/review" / f / "belangen-in-kaart.md").read_text("utf-8") for f in folders
    ]
    assert "Eerste ronde." in pages[0] and "Tweede ronde." in pages[1]
    assert f"build/review/{folders[1]}" in said


@pytest.mark.parametrize("where", ["the clone that exported", "another clone"])
def test_a_later_review_conflicts_only_where_its_paragraph_changed(
    where: str, example: Path, clone: Path
) -> None:
    """Review A is merged; review B, made from the same export, still applies where A did
    not touch the text, and is a conflict where it did: whether the import reads the kept
    export or renders it again."""
    example = example if where == "the clone that exported" else clone
    word = WordEdit(example / REVIEWED)
    word.replace("Een belang zegt waarom. Wie", "belang", "doel")
    word.replace("Het bureau weegt de belangen niet", "weegt", "telt")
    source = example / BELANGEN
    source.write_text(
        source.read_text("utf-8").replace(
            "Het bureau weegt de belangen niet.", "Het bureau weegt niets."
        ),
        encoding="utf-8",
    )
    commit_all(example, "Review A, merged")
    said = import_(example, word.save())
    counts = "1 wijziging(en) verwerkt, 0 niet geplaatst, 0 zonder Wijzigingen bijhouden"
    assert f"{BELANGEN}: {counts}, 1 conflict(en)" in said
    after = source_on(example, BELANGEN)
    assert "Een doel zegt *waarom*." in after and "Het bureau weegt niets." in after
    assert "Het bureau telt" not in after
    assert "de alinea is sinds de export gewijzigd" in notes(example, "belangen-in-kaart")


# -- files as other editors save them ------------------------------------------------------------


def _without_properties(docx: Path) -> Path:
    target = docx.with_name("google-docs.docx")
    with zipfile.ZipFile(docx) as archive:
        parts = {n: archive.read(n) for n in archive.namelist() if n != "docProps/custom.xml"}
    with zipfile.ZipFile(target, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return target


def test_a_file_that_lost_its_properties_is_found_by_its_reference(example: Path) -> None:
    word = WordEdit(example / REVIEWED)
    word.replace("Een belang zegt waarom. Wie", "belang", "doel")
    said = import_(example, _without_properties(word.save()))
    assert "herkend aan het kenmerk op de titelpagina" in said
    assert f"{BELANGEN}: 1 wijziging(en) verwerkt" in said


def test_a_file_with_neither_properties_nor_reference_is_refused_with_what_it_is(
    example: Path, tmp_path: Path
) -> None:
    docx = _without_properties(example / REVIEWED)
    with zipfile.ZipFile(docx) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    parts["word/document.xml"] = re.sub(
        rb"RD-[0-9a-f]{12}-[0-9a-f]{10}", b"", parts["word/document.xml"]
    )
    other = tmp_path / "los.docx"
    with zipfile.ZipFile(other, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    done = CliRunner().invoke(
        main, ["-C", str(example), "review", "import", str(other), "--reviewer", "Jan"]
    )
    assert done.exit_code == 1
    assert "is niet gemaakt met 'roledoc review export'" in done.output
    assert "Traceback" not in done.output


def test_an_odt_file_is_told_to_be_saved_as_word(example: Path, tmp_path: Path) -> None:
    odt = tmp_path / "beoordeeld.odt"
    odt.write_bytes(b"PK")
    done = CliRunner().invoke(
        main, ["-C", str(example), "review", "import", str(odt), "--reviewer", "Jan"]
    )
    assert done.exit_code == 1
    assert (
        "beoordeeld.odt is geen Word-bestand (.docx): open het en sla het op als Word"
        in done.output
    )


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda parts: {**parts, "word/document.xml": b"<w:document"}, "is geen geldige XML"),
        (
            lambda parts: {
                **parts,
                "word/document.xml": parts["word/document.xml"].replace(
                    b"<w:body>", b"<w:body>" + b"<w:tbl><w:tr><w:tc>" * 400, 1
                ),
            },
            "is geen geldige XML",
        ),
    ],
    ids=["broken XML", "tables nested 400 deep"],
)
def test_a_damaged_file_is_refused_without_a_traceback(example: Path, damage, message: str) -> None:
    docx = example / REVIEWED
    with zipfile.ZipFile(docx) as archive:
        parts = damage({n: archive.read(n) for n in archive.namelist()})
    with zipfile.ZipFile(docx, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    done = CliRunner().invoke(
        main, ["-C", str(example), "review", "import", str(docx), "--reviewer", "Jan"]
    )
    assert done.exit_code == 1 and message in done.output
    assert ("Traceback" not in done.output and done.exception is None) or isinstance(
        done.exception, SystemExit
    )


def test_a_part_that_unpacks_too_large_is_refused(example: Path, monkeypatch) -> None:
    import pipeline.review.wordpackage as wordpackage

    monkeypatch.setattr(wordpackage, "MAX_PART_BYTES", 100)
    done = CliRunner().invoke(
        main, ["-C", str(example), "review", "import", str(example / REVIEWED), "--reviewer", "Jan"]
    )
    assert done.exit_code == 1 and "uitgepakt is het groter dan toegestaan" in done.output


def test_a_crlf_source_keeps_its_line_ends(exported: Path, tmp_path: Path) -> None:
    root = tmp_path / "crlf"
    shutil.copytree(exported, root, symlinks=True)
    source = root / BELANGEN
    source.write_bytes(source.read_bytes().replace(b"\n", b"\r\n"))
    commit_all(root, "CRLF")
    export(root)
    word = WordEdit(root / REVIEWED)
    word.replace("Een belang zegt waarom. Wie", "belang", "doel")
    import_(root, word.save())
    data = git(root, "show", f"{branch_of(root)}:{BELANGEN}").encode()
    committed = subprocess_bytes(root, f"{branch_of(root)}:{BELANGEN}")
    assert b"Een doel zegt *waarom*." in committed
    assert committed.count(b"\r\n") == source.read_bytes().count(b"\r\n")
    assert b"\n" not in committed.replace(b"\r\n", b"")
    assert data


def subprocess_bytes(root: Path, spec: str) -> bytes:
    import subprocess

    return subprocess.run(["git", "show", spec], cwd=root, capture_output=True, check=True).stdout


def test_import_takes_a_path_relative_to_where_it_is_run(example: Path, monkeypatch) -> None:
    word = WordEdit(example / REVIEWED)
    word.replace("Een belang zegt waarom. Wie", "belang", "doel")
    reviewed = word.save()
    monkeypatch.chdir(reviewed.parent.parent)
    said = import_(example, Path(reviewed.parent.name) / reviewed.name)
    assert f"{BELANGEN}: 1 wijziging(en) verwerkt" in said


def test_a_contribution_that_cannot_be_paired_lists_its_changes(example: Path, monkeypatch) -> None:
    """When a contribution's paragraphs cannot be paired with its source, none of its
    changes is applied, and each is listed with the reason: none is lost."""
    from pipeline.review import pairing

    def unpaired(*_args, **_kwargs):
        raise pairing._Unpaired(pairing._("it differs too much from its source as exported"))

    monkeypatch.setattr(pairing, "pair_stories", unpaired)
    word = WordEdit(example / REVIEWED)
    word.replace("Een belang zegt waarom. Wie", "belang", "doel")
    said = import_(example, word.save())
    assert f"{BELANGEN}: 0 wijziging(en) verwerkt, 1 niet geplaatst" in said
    page = notes(example, "belangen-in-kaart")
    assert "“belang” → “doel”" in page


def test_two_contributions_with_one_title_are_told_apart_by_their_bookmarks(
    exported: Path, tmp_path: Path
) -> None:
    root = tmp_path / "titles"
    shutil.copytree(exported, root, symlinks=True)
    oneens = root / "contributions/dialoog/als-gemeenten-het-oneens-zijn.md"
    oneens.write_text(
        oneens.read_text("utf-8").replace(
            "title: Als gemeenten het oneens zijn", "title: Dialoog is geen onderhandeling"
        ),
        encoding="utf-8",
    )
    commit_all(root, "Two contributions, one title")
    word = WordEdit(export(root, "--draft"))  # the first is proposed
    word.replace("Gemeenten zijn het niet altijd eens", "altijd", "steeds")
    word.replace("In de regio wordt veel onderhandeld", "veel", "vaak")
    said = import_(root, word.save())
    assert "contributions/dialoog/als-gemeenten-het-oneens-zijn.md: 1 wijziging(en)" in said
    assert f"{DIALOOG}: 1 wijziging(en)" in said


def test_changes_and_comments_outside_the_contributions_are_listed_not_applied(
    example: Path,
) -> None:
    word = WordEdit(example / REVIEWED)
    word.replace("Opmerkingen mag u overal plaatsen", "overal", "ergens")
    word.comment("Tekst in een grijs vlak", "grijs", "Mooi <b>vet</b>?")
    said = import_(example, word.save())
    assert "buiten de bijdragen (niet verwerkt): 2" in said
    others = notes(example, "overig")
    assert "“overal” → “ergens”" in others
    assert "Mooi \\<b\\>vet\\</b\\>?" in others  # the reviewer's words as text
    assert branch_of(example) is None


def test_a_file_saved_without_edits_comes_back_with_nothing(example: Path) -> None:
    said = import_(example, example / REVIEWED)
    assert "geen wijzigingen en geen opmerkingen in de bijdragen" in said
    assert branch_of(example) is None


# -- LibreOffice ----------------------------------------------------------------------------------

SYSTEM_PYTHON = "/usr/bin/python3"


def _libreoffice() -> bool:
    """LibreOffice's full Writer with its Python bridge (Debian: libreoffice-writer,
    python3-uno; .ci/run installs them). Not the "-nogui" build, which crashes as soon as a
    document holds a comment (its core lacks the X11 plugin, which tells them apart)."""
    import subprocess

    if shutil.which("soffice") is None or not Path(SYSTEM_PYTHON).exists():
        return False
    if not Path("/usr/lib/libreoffice/program/libvclplug_genlo.so").exists():
        return False
    probe = subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True, check=False)
    return probe.returncode == 0


needs_libreoffice = needs(
    _libreoffice(),
    "LibreOffice's Writer with its Python UNO bridge (libreoffice-writer, python3-uno)",
)


def libreoffice(source: Path, target: Path, edits: dict) -> Path:
    import json
    import subprocess

    script = Path(__file__).parent / "libreoffice_edit.py"
    subprocess.run(
        [SYSTEM_PYTHON, str(script), str(source), str(target), json.dumps(edits)],
        check=True,
        timeout=300,
    )
    return target


@pytest.mark.office
@needs_libreoffice
def test_a_review_round_in_libreoffice(example: Path, tmp_path: Path) -> None:
    """Three contributions edited and two commented in LibreOffice (Track Changes recording,
    Insert > Comment), saved as Word, imported."""
    edits = {
        "author": "Anna Jansen",
        "replace": [
            ["Een belang zegt waarom. Wie", "belang", "doel"],
            ["Reusel-De Mierden ongeveer", "ongeveer", "zo\u2019n"],  # a typographic apostrophe
            ["In de regio wordt veel onderhandeld", "veel", "vaak"],
            ["Eigenaarschap moet een naam hebben", "moet", "hoort"],  # before a footnote
        ],
        "comment": [
            ["Eindhoven heeft meer dan", "Eindhoven", "Klopt dit aantal nog?"],
            ["In de regio wordt", "regio", "Welke regio bedoelt u?"],
        ],
    }
    before = {p: (example / p).read_text("utf-8") for p in (BELANGEN, DIALOOG, TREKKERS)}
    reviewed = libreoffice(example / REVIEWED, tmp_path / "libreoffice.docx", edits)
    said = import_(example, reviewed, "Anna Jansen")
    counts = "wijziging(en) verwerkt, 0 niet geplaatst, 0 zonder Wijzigingen bijhouden"
    assert f"{BELANGEN}: 2 {counts}, 0 conflict(en), 1 opmerking(en)" in said
    assert f"{DIALOOG}: 1 {counts}, 0 conflict(en), 1 opmerking(en)" in said
    assert f"{TREKKERS}: 1 {counts}, 0 conflict(en), 0 opmerking(en)" in said
    expected = {
        BELANGEN: before[BELANGEN]
        .replace("Een belang zegt", "Een doel zegt")
        .replace("ongeveer 13.000", "zo\u2019n 13.000"),
        DIALOOG: before[DIALOOG].replace("wordt veel onderhandeld", "wordt vaak onderhandeld"),
        TREKKERS: before[TREKKERS].replace("moet een naam", "hoort een naam"),
    }
    for path, text in expected.items():
        assert source_on(example, path) == text
    log = git(example, "log", "--format=%an|%s", f"main..{branch_of(example)}").splitlines()
    assert len(log) == 3 and all(
        line.startswith("Anna Jansen|Review van Anna Jansen: ") for line in log
    )
    page = notes(example, "dialoog-is-geen-onderhandeling")
    line = next(
        n for n, t in enumerate(before[DIALOOG].splitlines(), 1) if "In de regio wordt" in t
    )
    assert f"### regel {line} · Anna Jansen · " in page
    assert "> regio" in page and "Welke regio bedoelt u?" in page


@pytest.mark.office
@needs_libreoffice
def test_a_file_libreoffice_only_opened_and_saved_comes_back_with_nothing(
    example: Path, tmp_path: Path
) -> None:
    reviewed = libreoffice(example / REVIEWED, tmp_path / "saved.docx", {})
    said = import_(example, reviewed)
    assert "geen wijzigingen en geen opmerkingen in de bijdragen" in said
    assert "zonder Wijzigingen bijhouden" not in said  # LibreOffice's own rewriting is no edit
    assert branch_of(example) is None


# -- a property: random tracked edits come back exact or listed --------------------------------

STYLES = {"BodyText", "FirstParagraph", "Compact", "BlockText"}


def _paragraphs(docx: Path) -> list[tuple[str, str]]:
    """(style, text) of every body paragraph after the title page, read plainly (w:t)."""
    from lxml import etree

    with zipfile.ZipFile(docx) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    found, started = [], False
    for p in root.iter(w + "p"):
        style = p.find(f"{w}pPr/{w}pStyle")
        name = style.get(w + "val") if style is not None else ""
        started = started or name == "Heading1"
        if started:
            found.append((name, "".join(t.text or "" for t in p.iter(w + "t"))))
    return found


@pytest.mark.slow  # each seed a review of dozens of edits, imported and verified
@pytest.mark.parametrize("seed", [3, 11])
def test_random_tracked_edits_come_back_exact_or_listed(
    exported: Path, tmp_path: Path, seed: int
) -> None:
    """Word-level insertions, deletions and replacements at random places (beside
    punctuation, emphasis, links and repeated words), in random paragraphs of every
    contribution. After the import, the review branch exported again must show each edited
    paragraph either exactly as the reviewer left it, or exactly as before with the change
    listed in the notes; every other paragraph as before. Never anything else."""
    import random

    rng = random.Random(seed)
    root = tmp_path / "example"
    shutil.copytree(exported, root, symlinks=True)
    word = WordEdit(root / REVIEWED)
    before = _paragraphs(root / REVIEWED)
    texts = [t for _s, t in before]
    elements = {}
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    for p in word.document.iter(w + "p"):
        text = word.text_of(p)
        if texts.count(text) == 1:
            elements[text] = p
    candidates = [
        n
        for n, (style, text) in enumerate(before)
        if style in STYLES
        and texts.count(text) == 1
        and len(text.split()) >= 3
        and "p. #" not in text
    ]
    chosen = sorted(rng.sample(candidates, 16))
    intended = {}
    for count, n in enumerate(chosen):
        text = texts[n]
        spans = [(m.start(), m.end()) for m in re.finditer(r"\w+", text)]
        start, end = rng.choice(spans)
        op = rng.choice(["insert", "delete", "replace"])
        p = elements[text]
        if op == "insert":
            at = rng.choice([start, end])  # before a word, or after it (before punctuation)
            typed = f" nieuw{count}" if at == end else f"nieuw{count} "
            word.insert_at(p, at, typed)
            intended[n] = text[:at] + typed + text[at:]
        elif op == "delete":
            if start > 0 and text[start - 1] == " ":
                start -= 1
            elif end < len(text) and text[end] == " ":
                end += 1
            word.delete_span(p, start, end)
            intended[n] = text[:start] + text[end:]
        else:  # typed first: the deletion before it then counts the same characters
            word.insert_at(p, end, f"anders{count}")
            word.delete_span(p, start, end)
            intended[n] = text[:start] + f"anders{count}" + text[end:]
    import_(root, word.save())
    branch = branch_of(root)
    after = before
    if branch is not None:
        git(root, "checkout", "-q", branch)
        after = _paragraphs(export(root))
        git(root, "checkout", "-q", "main")
    assert len(after) == len(before)
    listed = "\n".join(p.read_text("utf-8") for p in (root / "build/review").glob("*/*.md"))
    wrong, lost, exact = [], [], 0
    for n, ((_s, was), (_t, now)) in enumerate(zip(before, after, strict=True)):
        if n not in intended:
            if now != was:
                wrong.append((was, now))
            continue
        if now == " ".join(intended[n].split()) or now == intended[n]:
            exact += 1
        elif now == was:
            gone = set(was.split()) - set(intended[n].split())
            came = set(intended[n].split()) - set(was.split())
            if not all(w_ in listed for w_ in came | gone):
                lost.append((was, intended[n]))
        else:
            wrong.append((intended[n], now))
    assert wrong == [], wrong
    assert lost == [], lost
    assert exact >= len(intended) * 3 // 4  # most word edits are placed, not just listed


# -- GitHub's own syntax, which the build reads with additions (text/githubtext.py) -------------

GITHUBS = "contributions/belangen/githubs-eigen.md"
GITHUBS_TEXT = """---
title: GitHubs eigen schrijfwijze
authors: [jdevries]
status: accepted
date: 2026-12-01
---

Een regel met ~weg~ en een woord hierzo.
De tabel direct eronder:
| Kolom | Andere |
| ----- | ------ |
| cel | andere cel |
regel zonder streep

Een slotzin met ~~~drie~~~ tekens en een laatste woordje.
"""


def test_changes_beside_githubs_own_syntax_land_on_the_participants_characters(
    tmp_path: Path,
) -> None:
    """A table right under a line of text, a row without `|`, a single-tilde strike and a
    run of three tildes are read with additions (so pandoc reads them as GitHub shows them);
    the reviewer's changes still edit the file's own characters, and nothing else."""
    root = copy_example(tmp_path / "github")
    (root / GITHUBS).write_text(GITHUBS_TEXT, encoding="utf-8")
    (root / ".gitignore").write_text("build/\n", encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    commit_all(root, "Example")
    export(root, "--theme", "belangen")
    word = WordEdit(root / REVIEWED)
    word.replace("en een woord hierzo", "hierzo", "daarzo")
    word.replace("regel zonder streep", "streep", "lijn")
    word.replace("een laatste woordje", "woordje", "woord")
    said = import_(root, word.save())
    assert f"{GITHUBS}: 3 wijziging(en) verwerkt, 0 niet geplaatst" in said, said
    assert changed(GITHUBS_TEXT, source_on(root, GITHUBS)) == [
        ("Een regel met ~weg~ en een woord hierzo.", "Een regel met ~weg~ en een woord daarzo."),
        ("regel zonder streep", "regel zonder lijn"),
        (
            "Een slotzin met ~~~drie~~~ tekens en een laatste woordje.",
            "Een slotzin met ~~~drie~~~ tekens en een laatste woord.",
        ),
    ]
