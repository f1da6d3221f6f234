"""Review rounds in Word (pipeline/review.py, pipeline/wordmap.py): the export is made for
reviewing, and a reviewer's tracked changes and comments come back into the contributions
they concern, as the smallest possible edits on a new git branch. Real pandoc, real git, and
DOCX files edited the way Word writes them (w:ins, w:del, comments)."""

from __future__ import annotations

import re
import shutil
import zipfile
from html import escape
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.review import PROPERTY, fingerprint, read_properties
from pipeline.wordmap import apply, place, reads_as

from .gitrepo import commit_all, copy_example, git

WHEN = "2026-11-20T10:00:00Z"
BELANGEN = "contributions/belangen/belangen-in-kaart.md"
DIALOOG = "contributions/dialoog/dialoog-is-geen-onderhandeling.md"


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """The example document project as a git repository with one commit."""
    root = copy_example(tmp_path / "example")
    (root / ".gitignore").write_text("build/\n", encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    commit_all(root, "Example")
    return root


def export(root: Path, *options: str) -> Path:
    done = CliRunner().invoke(main, ["-C", str(root), "review", "export", "-q", *options])
    assert done.exit_code == 0, done.output
    assert "Reviewbestand:" in done.output  # the example is Dutch: so is every line
    return root / "build" / "rol-en-werkwijze-review.docx"


def import_(root: Path, docx: Path, reviewer: str = "Jan de Vries") -> str:
    done = CliRunner().invoke(
        main, ["-C", str(root), "review", "import", str(docx), "--reviewer", reviewer]
    )
    assert done.exit_code == 0, done.output
    return done.output


# -- Word's own markup, written into an exported file ------------------------------------------


class WordFile:
    """An exported DOCX, edited as Word records edits: w:del/w:ins runs with an author and
    date, comments in word/comments.xml anchored by commentRangeStart/End."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with zipfile.ZipFile(path) as archive:
            self.parts = {name: archive.read(name) for name in archive.namelist()}
        self.document = self.parts["word/document.xml"].decode("utf-8")
        self.comments: list[str] = []
        self.next_id = 900

    def _run_with(self, phrase: str) -> re.Match[str]:
        runs = [
            m
            for m in re.finditer(
                r"<w:r>(?:(?!</w:r>).)*?<w:t[^>]*>([^<]*)</w:t></w:r>", self.document
            )
            if phrase in m[1]
        ]
        assert len(runs) == 1, f"{phrase!r} is in {len(runs)} runs"
        return runs[0]

    def _split(self, phrase: str, word: str, middle: str) -> None:
        """The run holding `phrase`, split around `word` (within the phrase) with `middle`."""
        run = self._run_with(phrase)
        text = run[1]
        at = text.index(phrase) + phrase.index(word)
        before, after = text[:at], text[at + len(word) :]
        piece = lambda t: f'<w:r><w:t xml:space="preserve">{t}</w:t></w:r>' if t else ""  # noqa: E731
        self.document = (
            self.document[: run.start()]
            + piece(before)
            + middle
            + piece(after)
            + self.document[run.end() :]
        )

    def replace(self, phrase: str, old: str, new: str, author: str = "Jan de Vries") -> None:
        self.next_id += 2
        deleted = (
            f'<w:del w:id="{self.next_id}" w:author="{author}" w:date="{WHEN}">'
            f'<w:r><w:delText xml:space="preserve">{old}</w:delText></w:r></w:del>'
        )
        inserted = (
            f'<w:ins w:id="{self.next_id + 1}" w:author="{author}" w:date="{WHEN}">'
            f'<w:r><w:t xml:space="preserve">{escape(new)}</w:t></w:r></w:ins>'
            if new
            else ""
        )
        self._split(phrase, old, deleted + inserted)

    def add_paragraph(self, after: str, text: str, author: str = "Jan de Vries") -> None:
        """A paragraph typed after the one holding `after`, as Word records it: the new
        paragraph mark and its text inserted."""
        self.next_id += 2
        end = self.document.index("</w:p>", self._run_with(after).end()) + len("</w:p>")
        mark = f'w:author="{author}" w:date="{WHEN}"'
        paragraph = (
            f'<w:p><w:pPr><w:rPr><w:ins w:id="{self.next_id}" {mark}/></w:rPr></w:pPr>'
            f'<w:ins w:id="{self.next_id + 1}" {mark}><w:r><w:t xml:space="preserve">{escape(text)}'
            "</w:t></w:r></w:ins></w:p>"
        )
        self.document = self.document[:end] + paragraph + self.document[end:]

    def comment(self, phrase: str, word: str, said: str, author: str = "Jan de Vries") -> None:
        number = len(self.comments)
        self._split(
            phrase,
            word,
            f'<w:commentRangeStart w:id="{number}"/>'
            f'<w:r><w:t xml:space="preserve">{word}</w:t></w:r>'
            f'<w:commentRangeEnd w:id="{number}"/>'
            f'<w:r><w:commentReference w:id="{number}"/></w:r>',
        )
        self.comments.append(
            f'<w:comment w:id="{number}" w:author="{author}" w:date="{WHEN}" w:initials="JV">'
            f"<w:p><w:r><w:t>{said}</w:t></w:r></w:p></w:comment>"
        )

    def save(self) -> Path:
        self.parts["word/document.xml"] = self.document.encode("utf-8")
        if self.comments:
            namespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
            self.parts["word/comments.xml"] = (
                f'<?xml version="1.0" encoding="UTF-8"?><w:comments xmlns:w="{namespace}">'
                + "".join(self.comments)
                + "</w:comments>"
            ).encode("utf-8")
            rels = self.parts["word/_rels/document.xml.rels"].decode("utf-8")
            kind = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
            self.parts["word/_rels/document.xml.rels"] = rels.replace(
                "</Relationships>",
                f'<Relationship Id="rIdTestComments" Type="{kind}" Target="comments.xml"/>'
                "</Relationships>",
            ).encode("utf-8")
            types = self.parts["[Content_Types].xml"].decode("utf-8")
            content = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
            self.parts["[Content_Types].xml"] = types.replace(
                "</Types>",
                f'<Override PartName="/word/comments.xml" ContentType="{content}"/></Types>',
            ).encode("utf-8")
        target = self.path.with_name("reviewed.docx")
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in self.parts.items():
                archive.writestr(name, data)
        return target


def line_of(path: Path, phrase: str) -> int:
    """The number of the line of `path` that holds `phrase`."""
    lines = path.read_text("utf-8").splitlines()
    return next(n for n, text in enumerate(lines, 1) if phrase in text)


def changed_lines(root: Path, branch: str, path: str) -> list[tuple[str, str]]:
    """(removed, added) line pairs of `path` between main and `branch`."""
    diff = git(root, "diff", "--unified=0", f"main..{branch}", "--", path)
    removed = [
        line[1:]
        for line in diff.splitlines()
        if line.startswith("-") and not line.startswith("---")
    ]
    added = [
        line[1:]
        for line in diff.splitlines()
        if line.startswith("+") and not line.startswith("+++")
    ]
    return list(zip(removed, added, strict=True))


# -- the export ----------------------------------------------------------------------------------


def test_the_export_is_made_for_reviewing(example: Path) -> None:
    docx = export(example)
    with zipfile.ZipFile(docx) as archive:
        settings = archive.read("word/settings.xml").decode("utf-8")
        document = archive.read("word/document.xml").decode("utf-8")
        styles = archive.read("word/styles.xml").decode("utf-8")
    assert "<w:trackRevisions />" in settings  # Track Changes is on when Word opens it
    assert "<w:lnNumType " in document  # lines numbered
    assert re.search(r'w:styleId="EditorsText".*?w:fill="EDEDED"', styles, re.DOTALL)
    assert "Wijzigingen bijhouden" in document and "Opmerkingen mag u overal plaatsen" in document
    properties = read_properties(docx)
    source = (example / BELANGEN).read_bytes()
    assert properties[PROPERTY + "belangen-in-kaart"] == fingerprint(source)
    assert 'w:name="belangen-in-kaart"' in document  # the title's bookmark is the id


# -- the import ----------------------------------------------------------------------------------


def test_tracked_changes_become_the_smallest_edits_on_a_branch(example: Path) -> None:
    word = WordFile(export(example))
    word.replace("Een belang zegt", "belang", "doel")  # a word beside *waarom*
    word.replace("Reusel-De Mierden ongeveer", "ongeveer", "zo'n")
    before = (example / BELANGEN).read_text(encoding="utf-8")
    said = import_(example, word.save())
    assert "1 wijziging(en) verwerkt" not in said  # two, in one contribution
    assert f"{BELANGEN}: 2 wijziging(en) verwerkt" in said
    branch = "review/jan-de-vries-"
    branches = git(example, "branch", "--list", "review/*").split()
    assert len(branches) == 1 and branches[0].startswith(branch)
    lines = changed_lines(example, branches[0], BELANGEN)
    assert len(lines) == 2
    for removed, added in lines:  # only the words changed: the rest of each line as it was
        assert (
            removed.replace("belang zegt", "doel zegt").replace("ongeveer 13.000", "zo'n 13.000")
            == added
        )
    # Nothing else in the repository changed, and the working tree was not touched.
    assert git(example, "diff", "--name-only", f"main..{branches[0]}") == BELANGEN
    assert (example / BELANGEN).read_text(encoding="utf-8") == before
    assert git(example, "status", "--porcelain") == ""


def test_comments_land_in_a_review_file_with_quote_and_line(example: Path) -> None:
    word = WordFile(export(example))
    word.comment("Eindhoven heeft meer dan", "Eindhoven", "Klopt dit aantal nog?")
    import_(example, word.save())
    note = (example / "build/review/jan-de-vries/belangen-in-kaart.md").read_text("utf-8")
    line = line_of(example / BELANGEN, "Eindhoven heeft meer dan")
    assert f"### regel {line} · Jan de Vries · 2026-11-20" in note
    assert "> Eindhoven" in note and "Klopt dit aantal nog?" in note
    assert git(example, "branch", "--list", "review/*") == ""  # a comment changes no source


def test_a_contribution_changed_since_the_export_is_a_conflict(example: Path) -> None:
    word = WordFile(export(example))
    word.replace("Een belang zegt", "belang", "doel")
    source = example / BELANGEN
    source.write_text(source.read_text("utf-8") + "\nEen nieuwe zin.\n", encoding="utf-8")
    commit_all(example, "Meanwhile, in git")
    said = import_(example, word.save())
    assert "0 wijziging(en) verwerkt" in said and "1 conflict(en)" in said
    assert git(example, "branch", "--list", "review/*") == ""
    note = (example / "build/review/jan-de-vries/belangen-in-kaart.md").read_text("utf-8")
    assert "## Conflict" in note and "“doel" in note


def test_changes_outside_the_contributions_are_listed_not_applied(example: Path) -> None:
    word = WordFile(export(example))
    word.replace("Opmerkingen mag u overal plaatsen", "overal", "ergens")
    said = import_(example, word.save())
    assert "buiten de bijdragen (niet verwerkt): 1" in said  # one word changed
    others = (example / "build/review/jan-de-vries/overig.md").read_text("utf-8")
    assert "“ergens" in others or "ergens" in others
    assert git(example, "branch", "--list", "review/*") == ""


def test_a_file_saved_without_edits_comes_back_with_nothing(example: Path) -> None:
    docx = export(example)
    said = import_(example, docx)
    assert "geen wijzigingen en geen opmerkingen in de bijdragen" in said
    assert git(example, "branch", "--list", "review/*") == ""


def test_a_file_not_made_by_export_is_refused_with_what_it_is(
    example: Path, tmp_path: Path
) -> None:
    other = tmp_path / "los.docx"
    shutil.copyfile(export(example), other)
    with zipfile.ZipFile(other) as archive:
        parts = {n: archive.read(n) for n in archive.namelist() if n != "docProps/custom.xml"}
    with zipfile.ZipFile(other, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    done = CliRunner().invoke(
        main, ["-C", str(example), "review", "import", str(other), "--reviewer", "Jan"]
    )
    assert done.exit_code != 0
    assert "is niet gemaakt met 'roledoc review export'" in done.output
    assert "Traceback" not in done.output


# -- the word mapping ----------------------------------------------------------------------------

SOURCE = """---
title: Voorbeeld
---

Het bureau **ondersteunt** de gemeenten bij hun [samenwerking](#elders).
Zie ook de tweede regel[^1] hier.

- Eerste punt van de lijst

[^1]: Een voetnoot.
"""


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (  # inside bold and inside a link: the marks stay
            "Het bureau ondersteunt de gemeenten bij hun samenwerking.",
            "Het bureau helpt de gemeenten bij hun samenwerkingen.",
            "Het bureau **helpt** de gemeenten bij hun [samenwerkingen](#elders).",
        ),
        (  # a word more in a list item
            "Eerste punt van de lijst",
            "Eerste punt van deze lange lijst",
            "- Eerste punt van deze lange lijst",
        ),
        (  # a word less, the footnote reference kept
            "Zie ook de tweede regel hier.",
            "Zie de tweede regel hier.",
            "Zie de tweede regel[^1] hier.",
        ),
        (  # Word's typography written as the source's ASCII
            "Een voetnoot.",
            "Een \u201cmooie\u201d voetnoot \u2013 kort.",
            '[^1]: Een "mooie" voetnoot -- kort.',
        ),
    ],
)
def test_a_change_edits_only_its_words(old: str, new: str, expected: str) -> None:
    span = (SOURCE.index("Het bureau"), len(SOURCE))
    placed = place(old, new, SOURCE, span)
    assert placed.not_placed == []
    changed = apply(SOURCE, placed.edits)
    assert reads_as(changed, (span[0], len(changed)), new)
    before, after = SOURCE.splitlines(), changed.splitlines()
    assert len(before) == len(after)
    differing = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert len(differing) == 1 and differing[0][1] == expected


def test_words_that_are_not_in_the_source_are_not_guessed() -> None:
    span = (0, len(SOURCE))
    placed = place("Iets heel anders dat er niet staat", "Iets anders", SOURCE, span)
    assert placed.edits == [] and placed.not_placed


# -- LibreOffice -----------------------------------------------------------------------------

SYSTEM_PYTHON = "/usr/bin/python3"


def _libreoffice() -> bool:
    """LibreOffice's full Writer with its Python bridge: the "-nogui" packages crash as soon
    as a document holds a comment, and have no X11 plugin, which tells them apart."""
    import subprocess

    if shutil.which("soffice") is None or not Path(SYSTEM_PYTHON).exists():
        return False
    if not Path("/usr/lib/libreoffice/program/libvclplug_genlo.so").exists():
        return False
    probe = subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True, check=False)
    return probe.returncode == 0


needs_libreoffice = pytest.mark.skipif(
    not _libreoffice(), reason="LibreOffice with its Python UNO bridge is not installed"
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


TREKKERS = "contributions/eigenaarschap/trekkers-per-dossier.md"


@needs_libreoffice
def test_a_review_round_in_libreoffice(example: Path, tmp_path: Path) -> None:
    """The round of the issue: three contributions edited and two commented in LibreOffice
    (Track Changes recording, Insert > Comment), then imported."""
    edits = {
        "author": "Anna Jansen",
        "replace": [
            ["Een belang zegt", "belang", "doel"],
            ["Reusel-De Mierden ongeveer", "ongeveer", "zo\u2019n"],  # a typographic apostrophe
            ["In de regio wordt veel onderhandeld", "veel", "vaak"],
            ["Eigenaarschap moet een naam hebben", "moet", "hoort"],  # before a footnote
        ],
        "comment": [
            ["Eindhoven heeft meer dan", "Eindhoven", "Klopt dit aantal nog?"],
            ["In de regio wordt", "regio", "Welke regio bedoelt u?"],
        ],
    }
    reviewed = libreoffice(export(example), tmp_path / "libreoffice.docx", edits)
    said = import_(example, reviewed, "Anna Jansen")
    assert f"{BELANGEN}: 2 wijziging(en) verwerkt, 1 opmerking(en)" in said
    assert f"{DIALOOG}: 1 wijziging(en) verwerkt, 1 opmerking(en)" in said
    assert f"{TREKKERS}: 1 wijziging(en) verwerkt, 0 opmerking(en)" in said
    (branch,) = git(example, "branch", "--list", "review/*").split()
    assert branch.startswith("review/anna-jansen-")
    expected = {
        BELANGEN: lambda line: line.replace("belang zegt", "doel zegt").replace(
            "ongeveer 13", "zo'n 13"
        ),
        DIALOOG: lambda line: line.replace("wordt veel onderhandeld", "wordt vaak onderhandeld"),
        TREKKERS: lambda line: line.replace("moet een naam", "hoort een naam"),
    }
    for path, change in expected.items():
        lines = changed_lines(example, branch, path)
        assert lines and all(change(removed) == added for removed, added in lines)
    assert set(git(example, "diff", "--name-only", f"main..{branch}").split()) == set(expected)
    log = git(example, "log", "--format=%an|%s", f"main..{branch}").splitlines()
    assert len(log) == 3  # one commit per contribution, by the reviewer
    assert all(line.startswith("Anna Jansen|Review Anna Jansen: ") for line in log)
    notes = example / "build/review/anna-jansen"
    dialoog = (notes / "dialoog-is-geen-onderhandeling.md").read_text("utf-8")
    line = line_of(example / DIALOOG, "In de regio wordt")
    assert f"### regel {line} · Anna Jansen · " in dialoog
    assert "> regio" in dialoog and "Welke regio bedoelt u?" in dialoog


@needs_libreoffice
def test_a_file_libreoffice_only_opened_and_saved_comes_back_with_nothing(
    example: Path, tmp_path: Path
) -> None:
    reviewed = libreoffice(export(example), tmp_path / "saved.docx", {})
    said = import_(example, reviewed)
    assert "geen wijzigingen en geen opmerkingen in de bijdragen" in said
    assert git(example, "branch", "--list", "review/*") == ""


def test_an_export_of_some_themes_holds_only_those(example: Path) -> None:
    done = CliRunner().invoke(
        main, ["-C", str(example), "review", "export", "-q", "--theme", "belangen"]
    )
    assert done.exit_code == 0, done.output
    properties = read_properties(example / "build" / "rol-en-werkwijze-review.docx")
    exported = {name for name in properties if name.startswith(PROPERTY)} - {PROPERTY + "commit"}
    assert exported == {PROPERTY + "belangen-in-kaart"}
    wrong = CliRunner().invoke(
        main, ["-C", str(example), "review", "export", "-q", "--theme", "belang"]
    )
    assert wrong.exit_code != 0 and "onbekend thema 'belang'" in wrong.output
    assert "bedoelde u 'belangen'?" in wrong.output


def test_import_takes_a_path_relative_to_where_it_is_run(
    example: Path, tmp_path: Path, monkeypatch
) -> None:
    word = WordFile(export(example))
    word.replace("Een belang zegt", "belang", "doel")
    reviewed = word.save()
    monkeypatch.chdir(reviewed.parent.parent)
    said = import_(example, Path(reviewed.parent.name) / reviewed.name)
    assert f"{BELANGEN}: 1 wijziging(en) verwerkt" in said


def test_two_contributions_with_one_title_are_told_apart_by_their_bookmarks(
    example: Path,
) -> None:
    oneens = example / "contributions/dialoog/als-gemeenten-het-oneens-zijn.md"
    oneens.write_text(
        oneens.read_text("utf-8").replace(
            "title: Als gemeenten het oneens zijn", "title: Dialoog is geen onderhandeling"
        ),
        encoding="utf-8",
    )
    commit_all(example, "Two contributions, one title")
    word = WordFile(export(example, "--draft"))  # the first is proposed
    word.replace("Gemeenten zijn het niet altijd eens", "altijd", "steeds")
    word.replace("In de regio wordt veel onderhandeld", "veel", "vaak")
    said = import_(example, word.save())
    assert "contributions/dialoog/als-gemeenten-het-oneens-zijn.md: 1 wijziging(en)" in said
    assert f"{DIALOOG}: 1 wijziging(en)" in said


def test_a_paragraph_the_reviewer_added_goes_after_the_one_before_it(example: Path) -> None:
    word = WordFile(export(example))
    word.add_paragraph("Wie over belangen praat", "Een nieuwe alinea van de beoordelaar.")
    said = import_(example, word.save())
    assert f"{BELANGEN}: 1 wijziging(en) verwerkt" in said
    (branch,) = git(example, "branch", "--list", "review/*").split()
    diff = git(example, "diff", "-U0", f"main..{branch}", "--", BELANGEN).splitlines()
    added = [line for line in diff if line.startswith("+") and not line.startswith("+++")]
    assert sorted(added) == ["+", "+Een nieuwe alinea van de beoordelaar."]  # and a blank line
    text = git(example, "show", f"{branch}:{BELANGEN}")
    before = text.index("vindt vaker een oplossing.")
    assert text.index("Een nieuwe alinea van de beoordelaar.") == before + len(
        "vindt vaker een oplossing.\n\n"
    )


@pytest.mark.parametrize(
    ("old", "expected"),
    [
        (
            "Het bureau ondersteunt de gemeenten bij hun samenwerking. "
            "Zie ook de tweede regel hier.",
            "---\ntitle: Voorbeeld\n---\n\n- Eerste punt van de lijst\n\n[^1]: Een voetnoot.\n",
        ),
        (
            "Eerste punt van de lijst",
            "---\ntitle: Voorbeeld\n---\n\nHet bureau **ondersteunt** de gemeenten bij hun "
            "[samenwerking](#elders).\nZie ook de tweede regel[^1] hier.\n\n[^1]: Een voetnoot.\n",
        ),
    ],
)
def test_a_block_deleted_whole_goes_with_its_marks(old: str, expected: str) -> None:
    span = (SOURCE.index("Het bureau"), len(SOURCE))
    placed = place(old, "", SOURCE, span)
    assert apply(SOURCE, placed.edits) == expected


def test_a_part_that_unpacks_too_large_is_refused(example: Path, monkeypatch) -> None:
    import pipeline.review as review_module

    docx = export(example)
    monkeypatch.setattr(review_module, "PART_LIMIT", 100)  # custom.xml is larger
    done = CliRunner().invoke(
        main, ["-C", str(example), "review", "import", str(docx), "--reviewer", "Jan"]
    )
    assert done.exit_code != 0 and "is geen geldig docx-bestand" in done.output
    assert "Traceback" not in done.output


def test_what_a_reviewer_types_arrives_as_words_not_marks(example: Path) -> None:
    word = WordFile(export(example))
    word.replace("Een belang zegt", "belang", "belang*")  # a star, not emphasis
    word.add_paragraph("Wie over belangen praat", "# Geen kop, maar [tekst] met <haakjes>.")
    said = import_(example, word.save())
    assert f"{BELANGEN}: 2 wijziging(en) verwerkt" in said
    (branch,) = git(example, "branch", "--list", "review/*").split()
    text = git(example, "show", f"{branch}:{BELANGEN}")
    assert "Een belang\\* zegt *waarom*" in text
    assert "\n\n\\# Geen kop, maar \\[tekst\\] met \\<haakjes\\>.\n" in text
    git(example, "checkout", "-q", branch)
    checked = CliRunner().invoke(main, ["-C", str(example), "check"])
    assert checked.exit_code == 0, checked.output  # check accepts what the import wrote
