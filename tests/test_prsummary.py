"""The comment on a pull request (`roledoc pr-summary`): what check found and what the
document will say differently, in words, from the comparison the changelog uses; in the
document's language; every value from the pull request literal. Real git repositories."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from pipeline.assemble.changes import changelog_since
from pipeline.cli import main

from .gitrepo import commit_all, copy_example, git

BELANGEN = Path("contributions/belangen/belangen-in-kaart.md")


def _pull_request(tmp_path: Path) -> Path:
    """The example on main, and a branch that adds, changes, withdraws and re-statuses."""
    root = copy_example(tmp_path / "project")
    (root / ".gitignore").write_text("build/\n", encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    commit_all(root, "The example")
    git(root, "checkout", "-q", "-b", "voorstel")
    text = (root / BELANGEN).read_text(encoding="utf-8")
    (root / BELANGEN).write_text(
        text.replace("meer dan 200.000 inwoners", "ruim 235.000 inwoners", 1), encoding="utf-8"
    )
    (root / "contributions/grenzen/evaluatie.md").write_text(
        "---\ntitle: Evaluaties *met* de gemeenten @iedereen\nauthors: [jdevries]\n"
        "status: proposed\ndate: 2026-12-01\n---\n\nNa elk traject evalueren de gemeenten.\n",
        encoding="utf-8",
    )
    checklist = root / "contributions/procesontwerp/checklist-procesontwerp.md"
    checklist.write_text(
        checklist.read_text(encoding="utf-8").replace("status: draft", "status: proposed", 1),
        encoding="utf-8",
    )
    commit_all(root, "Voorstel")
    return root


def _comment(root: Path, *options: str) -> str:
    done = CliRunner().invoke(main, ["-C", str(root), "pr-summary", "--base", "main", *options])
    assert done.exit_code == 0, done.output
    return done.output


def test_the_comment_says_in_dutch_what_the_document_will_say_differently(tmp_path: Path) -> None:
    root = _pull_request(tmp_path)
    comment = _comment(root)
    assert comment.startswith("<!-- roledoc-pr-summary -->\n### Wat deze pull request verandert")
    assert "✅ Controle: geen problemen." in comment
    assert (
        "- **Nieuw**: Evaluaties \\*met\\* de gemeenten \\@iedereen "
        "(Waar de rol begint en eindigt; status voorstel)"
    ) in comment  # a title's markup and mentions stay literal
    assert "**Gewijzigd**: Belangen in kaart brengen: groot en klein" in comment
    assert "heeft ~~meer~~ **ruim** ~~dan 200.000~~ **235.000** inwoners" in comment
    assert "**Status gewijzigd**: Checklist" in comment and "concept → voorstel" in comment
    # Every change the changelog finds is in the comment, and nothing else.
    log = changelog_since(root, "main")
    listed = re.findall(r"^- \*\*", comment, re.MULTILINE)
    assert len(listed) == len(log.changes) == 3


def test_only_link_syntax_changed_is_no_change(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "project")
    git(root, "init", "-q", "-b", "main")
    commit_all(root, "The example")
    git(root, "checkout", "-q", "-b", "links")
    text = (root / BELANGEN).read_text(encoding="utf-8")
    changed = re.sub(r"\n\n", "\n\n\n", text, count=3)  # white space only
    (root / BELANGEN).write_text(changed, encoding="utf-8")
    commit_all(root, "Only white space")
    comment = _comment(root)
    assert "Niets wat een lezer ziet: de tekst van het document blijft gelijk." in comment


def test_problems_are_listed_with_links_to_their_lines(tmp_path: Path, monkeypatch) -> None:
    root = _pull_request(tmp_path)
    broken = root / "contributions/grenzen/evaluatie.md"
    broken.write_text(
        broken.read_text(encoding="utf-8").replace("status: proposed", "status: klaar"),
        encoding="utf-8",
    )
    commit_all(root, "Kapot")
    monkeypatch.setenv("GITHUB_REPOSITORY", "regio/rolbeschrijving")
    monkeypatch.setenv("ROLEDOC_PR_HEAD", "a" * 40)
    comment = _comment(root)
    assert "❌ Controle: 1 fout(en)" in comment
    link = (
        "[`contributions/grenzen/evaluatie.md:4`](https://github.com/regio/rolbeschrijving/blob/"
        + "a" * 40
        + "/contributions/grenzen/evaluatie.md#L4)"
    )
    assert link in comment and "klaar" in comment


def test_the_comment_can_be_written_to_a_file(tmp_path: Path) -> None:
    root = _pull_request(tmp_path)
    out = tmp_path / "pr-comment" / "comment.md"
    done = CliRunner().invoke(
        main, ["-C", str(root), "pr-summary", "--base", "main", "--out", str(out)]
    )
    assert done.exit_code == 0 and "Reactie voor de pull request:" in done.output
    assert out.read_text(encoding="utf-8").startswith("<!-- roledoc-pr-summary -->")


def test_a_formal_text_gets_plain_language_advice_in_the_comment(tmp_path: Path) -> None:
    root = _pull_request(tmp_path)
    (root / "contributions/grenzen/formeel.md").write_text(
        "---\ntitle: Reikwijdte van de ondersteuning\nauthors: [jdevries]\nstatus: proposed\n"
        "date: 2026-12-01\n---\n\n"
        "Onverminderd het bepaalde in de gemeenschappelijke regeling wordt de ondersteuning "
        "door de ambtelijke organisatie beperkt tot de procesmatige begeleiding van de "
        "besluitvorming, met uitzondering van de inhoudelijke beoordeling van de "
        "beleidsvoorstellen, welke onder de verantwoordelijkheid van de deelnemende "
        "gemeenten wordt uitgevoerd. Implementatie en evaluatie van de afspraken geschieden "
        "overeenkomstig de daartoe strekkende bepalingen van de samenwerkingsovereenkomst.\n",
        encoding="utf-8",
    )
    commit_all(root, "Formeel")
    comment = _comment(root)
    section = comment.split("#### Eenvoudige taal (B1)")[1]
    assert "- Reikwijdte van de ondersteuning: geschat taalniveau" in section
    assert "B1 of eenvoudiger" not in section.split("Reikwijdte")[1].splitlines()[0]
    assert "moeilijke zin" in section
    assert "- Evaluaties \\*met\\* de gemeenten \\@iedereen: geschat taalniveau B1" in section


def test_the_comment_names_pages_in_the_draft_and_links_the_run(
    tmp_path: Path, monkeypatch
) -> None:
    root = _pull_request(tmp_path)
    done = CliRunner().invoke(main, ["-C", str(root), "build", "--draft", "--format", "pdf", "-q"])
    assert done.exit_code == 0, done.output
    monkeypatch.setenv("GITHUB_REPOSITORY", "regio/rolbeschrijving")
    monkeypatch.setenv("GITHUB_RUN_ID", "4242")
    comment = _comment(root, "--draft", str(root / "build"))
    changed = next(line for line in comment.splitlines() if "**Gewijzigd**: Belangen" in line)
    assert re.search(r"\(p\. \d+ in de concept-pdf\)$", changed), changed
    added = next(line for line in comment.splitlines() if "**Nieuw**" in line)
    assert re.search(r"\(p\. \d+ in de concept-pdf\)$", added), added
    assert "https://github.com/regio/rolbeschrijving/actions/runs/4242#artifacts" in comment


def test_marked_words_keep_their_spaces_and_only_a_little_context() -> None:
    from pipeline.editions.prsummary import marked

    assert marked("Een voetnoot.", "echt Een voetnoot.") == "**echt** Een voetnoot."
    assert marked("a b c", "a c") == "a ~~b~~ c"
    long = " ".join(f"w{n}" for n in range(40))
    shown = marked(long + " oud", long + " nieuw")
    assert shown.startswith("… w32 ") and shown.endswith("~~oud~~ **nieuw**")
    assert marked("*x* @y", "*x* @z") == "\\*x\\* ~~\\@y~~ **\\@z**"


GOLDEN = Path(__file__).parent / "golden" / "pr-comment.md"


def test_the_comment_is_the_golden_one(tmp_path: Path, monkeypatch) -> None:
    """The whole comment for a pull request that adds, changes and re-statuses, word for
    word (tests/golden/pr-comment.md; regenerate it on purpose when the wording changes)."""
    for name in ("GITHUB_REPOSITORY", "GITHUB_RUN_ID", "ROLEDOC_PR_HEAD"):
        monkeypatch.delenv(name, raising=False)
    root = _pull_request(tmp_path)
    assert _comment(root) == GOLDEN.read_text(encoding="utf-8")


def _marks(html: str, tag: str) -> list[str]:
    """The words inside <ins> or <del> of the redline's HTML, its hidden labels left out."""
    found = []
    for inner in re.findall(rf"<{tag}>(.*?)</{tag}>", html, re.DOTALL):
        inner = re.sub(r'<span class="(visually-hidden|change-sign)"[^>]*>.*?</span>', "", inner)
        found += re.sub(r"<[^>]+>", "", inner).split()
    return found


def test_the_comments_word_changes_are_the_redlines(tmp_path: Path) -> None:
    root = _pull_request(tmp_path)
    done = CliRunner().invoke(
        main, ["-C", str(root), "redline", "--since", "main", "--format", "html", "-q"]
    )
    assert done.exit_code == 0, done.output
    html = (root / "build" / "rol-en-werkwijze-changes.html").read_text(encoding="utf-8")
    chapter = html[html.index("<main") :]  # one text changed its words: all marks are its
    comment = _comment(root)
    deleted = [w for run in re.findall(r"~~(.*?)~~", comment) for w in run.split()]
    inserted = [w for run in re.findall(r"\*\*(.*?)\*\*", comment) for w in run.split()]
    inserted = [w for w in inserted if w.rstrip(":") not in {"Nieuw", "Gewijzigd", "Status"}]
    inserted = [w for w in inserted if w != "gewijzigd"]
    assert deleted == _marks(chapter, "del") == ["meer", "dan", "200.000"]
    assert inserted == _marks(chapter, "ins") == ["ruim", "235.000"]


def test_a_draft_pdf_the_pull_request_made_a_link_names_no_pages(tmp_path: Path) -> None:
    """build/ is writable by a pull request: a draft PDF that is a link out of the project,
    or no PDF at all, is read through the safe reader and names no pages, without a crash."""
    root = _pull_request(tmp_path)
    secret = tmp_path / "elders.pdf"
    secret.write_bytes(b"%PDF-1.7 not really")
    (root / "build").mkdir(exist_ok=True)
    (root / "build" / "rol-en-werkwijze.pdf").symlink_to(secret)
    comment = _comment(root, "--draft", str(root / "build"))
    assert "concept-pdf" not in comment.split("#### Eenvoudige taal")[0]
    (root / "build" / "rol-en-werkwijze.pdf").unlink()
    (root / "build" / "rol-en-werkwijze.pdf").write_bytes(b"%PDF-1.7 broken")
    assert "**Gewijzigd**: Belangen" in _comment(root, "--draft", str(root / "build"))


def test_problems_in_files_the_pull_request_leaves_alone_are_only_counted(
    tmp_path: Path,
) -> None:
    """A real project has warnings everywhere (MinBZK/Algoritmekader: 41): the comment lists
    the participant's own, in the files the pull request changes, and counts the rest."""
    root = _pull_request(tmp_path)
    git(root, "checkout", "-q", "main")
    other = root / "contributions/procesontwerp/checklist-procesontwerp.md"
    other.write_text(
        other.read_text(encoding="utf-8").replace("status: draft", "status: klaar", 1),
        encoding="utf-8",
    )
    commit_all(root, "An error on main")
    git(root, "checkout", "-q", "-b", "klein")
    text = (root / BELANGEN).read_text(encoding="utf-8")
    (root / BELANGEN).write_text(text.replace("ruim", "ruim", 1) + "\nNog een zin.\n", "utf-8")
    commit_all(root, "Klein")
    comment = _comment(root)
    assert "✅ Controle: geen problemen in wat deze pull request verandert." in comment
    assert "- 1 melding(en) in bestanden die deze pull request niet verandert" in comment
    assert "checklist-procesontwerp.md" not in comment
