"""`roledoc check`: every class of problem the contract refuses, with its code, file and line."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from pipeline.check.project import load_project
from pipeline.core.diagnostics import sorted_diagnostics, words
from pipeline.core.model import Diagnostic

SUPPORT = "contributions/support"
LIMITS = "contributions/limits"


def diagnostics(root: Path) -> list[Diagnostic]:
    return list(load_project(root).diagnostics)


def place(project: Path, invalid: Path, fixture: str, destination: str) -> None:
    target = project / destination
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(invalid / fixture, target)


# (fixture file, where it goes in the project, code, line, column); 0 means "no position".
CASES = [
    ("not-utf8.md", f"{SUPPORT}/not-utf8.md", "RD101", 7, 6),
    ("no-front-matter.md", f"{SUPPORT}/no-front-matter.md", "RD103", 1, 1),
    ("unclosed-front-matter.md", f"{SUPPORT}/unclosed-front-matter.md", "RD104", 1, 1),
    ("yaml-syntax.md", f"{SUPPORT}/yaml-syntax.md", "RD105", 4, 7),
    ("list-front-matter.md", f"{SUPPORT}/list-front-matter.md", "RD106", 2, 1),
    ("dropped.docx", f"{SUPPORT}/dropped.docx", "RD107", 0, 0),
    ("wrong-extension.markdown", f"{SUPPORT}/wrong-extension.markdown", "RD107", 0, 0),
    ("alias.md", f"{SUPPORT}/alias.md", "RD109", 6, 1),
    ("duplicate-key.md", f"{SUPPORT}/duplicate-key.md", "RD111", 5, 1),
    ("missing-key.md", f"{SUPPORT}/missing-key.md", "RD201", 1, 1),
    ("unknown-field.md", f"{SUPPORT}/unknown-field.md", "RD202", 6, 1),
    ("unknown-key.md", f"{SUPPORT}/unknown-key.md", "RD219", 6, 1),
    ("wrong-type.md", f"{SUPPORT}/wrong-type.md", "RD203", 6, 8),
    ("empty-title.md", f"{SUPPORT}/empty-title.md", "RD204", 2, 1),
    ("bad-status.md", f"{SUPPORT}/bad-status.md", "RD205", 4, 9),
    ("impossible-date.md", f"{SUPPORT}/impossible-date.md", "RD206", 5, 7),
    ("day-first-date.md", f"{SUPPORT}/day-first-date.md", "RD206", 5, 7),
    ("unknown-author.md", f"{SUPPORT}/unknown-author.md", "RD220", 3, 18),
    ("new-author.md", f"{SUPPORT}/new-author.md", "RD207", 3, 18),
    ("section-unknown-theme.md", "sections/04-another.md", "RD208", 3, 10),
    ("Bad_Id.md", f"{SUPPORT}/Bad_Id.md", "RD209", 0, 0),
    ("unknown-supersedes.md", f"{SUPPORT}/unknown-supersedes.md", "RD211", 6, 14),
    ("missing-key.md", "contributions/orphan/missing-key.md", "RD212", 0, 0),
    ("section-claims-support.md", "sections/04-another.md", "RD213", 3, 10),
    ("document-bad-lang.yaml", "document.yaml", "RD214", 3, 7),
    ("document-bad-format.yaml", "document.yaml", "RD215", 5, 16),
    ("document-missing-title.yaml", "document.yaml", "RD201", 1, 1),
    ("self-supersedes.md", f"{SUPPORT}/self-supersedes.md", "RD216", 6, 14),
    ("section-unknown-theme.md", "sections/02-again.md", "RD217", 0, 0),
    ("duplicate-author.md", f"{SUPPORT}/duplicate-author.md", "RD218", 3, 18),
    ("empty-body.md", f"{SUPPORT}/empty-body.md", "RD301", 7, 1),
    ("heading-skip.md", f"{SUPPORT}/heading-skip.md", "RD302", 11, 1),
    ("raw-html.md", f"{SUPPORT}/raw-html.md", "RD303", 7, 6),
    ("raw-html.md", f"{SUPPORT}/raw-html.md", "RD303", 9, 1),
    ("raw-attribute.md", f"{SUPPORT}/raw-attribute.md", "RD305", 9, 1),
    ("raw-attribute.md", f"{SUPPORT}/raw-attribute.md", "RD305", 13, 9),
    ("image-missing.md", f"{SUPPORT}/image-missing.md", "RD306", 9, 1),
    ("image-remote.md", f"{SUPPORT}/image-remote.md", "RD307", 7, 11),
    ("image-outside.md", f"{SUPPORT}/image-outside.md", "RD308", 9, 1),
    ("image-no-alt.md", f"{LIMITS}/image-no-alt.md", "RD309", 9, 1),
    ("broken-anchor.md", f"{SUPPORT}/broken-anchor.md", "RD310", 9, 5),
    ("deep-nesting.md", f"{SUPPORT}/deep-nesting.md", "RD311", 9, 1),
    ("deep-brackets.md", f"{SUPPORT}/deep-brackets.md", "RD311", 7, 1),
    ("deep-emphasis.md", f"{SUPPORT}/deep-emphasis.md", "RD311", 9, 1),
    ("link-to-file.md", f"{SUPPORT}/link-to-file.md", "RD310", 8, 38),
    ("dialect-admonition.md", f"{SUPPORT}/dialect-admonition.md", "RD322", 9, 1),
    ("dialect-attributes.md", f"{SUPPORT}/dialect-attributes.md", "RD323", 7, 1),
    ("dialect-attributes.md", f"{SUPPORT}/dialect-attributes.md", "RD323", 10, 1),
    ("link-to-file.md", f"{SUPPORT}/link-to-file.md", "RD324", 7, 5),
    ("empty-link.md", f"{SUPPORT}/empty-link.md", "RD325", 7, 9),
    ("participants-bad.yaml", "contributions/participants.yaml", "RD113", 10, 1),
    ("participants-bad.yaml", "contributions/participants.yaml", "RD201", 13, 1),
    ("link-to-draft.md", f"{SUPPORT}/link-to-draft.md", "RD401", 7, 5),
]


@pytest.mark.parametrize(
    ("fixture", "destination", "code", "line", "col"),
    CASES,
    ids=[f"{case[2]}-{case[0]}" for case in CASES],
)
def test_each_problem_is_reported_with_code_path_and_line(
    project: Path, invalid: Path, fixture: str, destination: str, code: str, line: int, col: int
) -> None:
    place(project, invalid, fixture, destination)
    found = diagnostics(project)
    expected_path = destination
    matching = [d for d in found if d.code == code and d.path == expected_path]
    assert matching, f"no {code} for {expected_path}; got {found}"
    assert (line, col) in {(d.line, d.col) for d in matching}, matching


def test_the_valid_fixture_project_is_clean(project: Path) -> None:
    assert diagnostics(project) == []


def test_the_example_document_in_this_repository_is_clean() -> None:
    root = Path(__file__).parent.parent
    assert [d for d in diagnostics(root) if d.is_error] == []


def test_a_bom_and_crlf_line_endings_are_accepted(project: Path, invalid: Path) -> None:
    place(project, invalid, "crlf.md", f"{SUPPORT}/crlf.md")
    place(project, invalid, "bom.md", f"{SUPPORT}/bom.md")
    assert diagnostics(project) == []
    titles = {c.title for c in load_project(project).contributions}
    assert {"Windows line endings", "With a BOM"} <= titles


def test_a_symlink_leaving_the_project_is_refused(project: Path) -> None:
    (project / SUPPORT / "escape.md").symlink_to("/etc/hostname")
    found = [d for d in diagnostics(project) if d.code == "RD108"]
    assert [d.path for d in found] == [f"{SUPPORT}/escape.md"]
    assert "outside the project" in words(found[0])


def test_a_file_that_is_too_large_is_refused(project: Path) -> None:
    big = project / SUPPORT / "huge.md"
    big.write_text("---\ntitle: Huge\n---\n" + "word " * 250_000, encoding="utf-8")
    found = [d for d in diagnostics(project) if d.path == f"{SUPPORT}/huge.md"]
    assert [d.code for d in found] == ["RD110"]


def test_an_unreadable_file_is_reported_not_raised(project: Path, monkeypatch) -> None:
    target = project / SUPPORT / "what-support-is.md"
    original = os.open

    def refuse(path, *args, **kwargs):  # as chmod 000 would, also for root
        if Path(path) == target.resolve():
            raise PermissionError(13, "Permission denied")
        return original(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    found = [d for d in diagnostics(project) if d.code == "RD102"]
    assert [(d.path, words(d)) for d in found] == [
        (f"{SUPPORT}/what-support-is.md", "the file cannot be read: permission denied")
    ]


def test_missing_document_yaml_and_participants_are_reported(project: Path) -> None:
    (project / "contributions/participants.yaml").unlink()
    codes = {(d.code, d.path) for d in diagnostics(project)}
    assert ("RD112", "contributions/participants.yaml") in codes
    (project / "document.yaml").unlink()
    assert [d.code for d in diagnostics(project)] == ["RD100"]


def test_a_badly_named_section_is_reported(project: Path) -> None:
    (project / "sections/intro.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    found = [(d.code, d.path) for d in diagnostics(project)]
    assert ("RD113", "sections/intro.md") in found


def test_an_alias_bomb_is_refused_quickly(project: Path) -> None:
    bomb = "".join(f"l{i}: &l{i} [" + ",".join([f"*l{i - 1}"] * 9) + "]\n" for i in range(1, 12))
    text = "---\nl0: &l0 [lol]\n" + bomb + "title: x\n---\nText.\n"
    (project / SUPPORT / "bomb.md").write_text(text, encoding="utf-8")
    codes = {d.code for d in diagnostics(project) if d.path == f"{SUPPORT}/bomb.md"}
    assert "RD109" in codes


@pytest.mark.parametrize(
    "junk",
    [b"\x00\x01\x02\xff" * 100, b"---\n\x00\x00\n---\n", b"---\n: : :\n---\n", b"---\n[\n---\n"],
)
def test_binary_junk_becomes_a_diagnostic(project: Path, junk: bytes) -> None:
    (project / SUPPORT / "junk.md").write_bytes(junk)
    found = [d for d in diagnostics(project) if d.path == f"{SUPPORT}/junk.md"]
    assert found and all(d.is_error for d in found)


def test_did_you_mean_is_offered_for_close_names(project: Path, invalid: Path) -> None:
    for name in ("unknown-key.md", "bad-status.md", "unknown-author.md", "day-first-date.md"):
        place(project, invalid, name, f"{SUPPORT}/{name}")
    place(project, invalid, "section-unknown-theme.md", "sections/04-another.md")
    messages = {d.code: words(d) for d in diagnostics(project)}
    assert "did you mean 'summary'?" in messages["RD219"]
    assert "did you mean 'accepted'?" in messages["RD205"]
    assert "did you mean 'alice' (A. Archer)?" in messages["RD220"]
    assert "did you mean '2017-03-14'?" in messages["RD206"]
    assert "did you mean 'support'?" in messages["RD208"]


def test_many_problems_are_all_reported_in_one_run_sorted(project: Path, invalid: Path) -> None:
    names = [case[0] for case in CASES if case[1].startswith(SUPPORT)]
    for name in names:
        place(project, invalid, name, f"{SUPPORT}/{name}")
    found = diagnostics(project)
    paths = {d.path for d in found}
    assert {f"{SUPPORT}/{name}" for name in names} <= paths
    assert found == sorted(found, key=Diagnostic.sort_key)


def test_messages_follow_the_document_language(project: Path, invalid: Path) -> None:
    text = (project / "document.yaml").read_text(encoding="utf-8")
    (project / "document.yaml").write_text(text.replace("en-GB", "nl-NL"), encoding="utf-8")
    place(project, invalid, "bad-status.md", f"{SUPPORT}/bad-status.md")
    loaded = load_project(project)
    [found] = [d for d in loaded.diagnostics if d.code == "RD205"]
    assert loaded.message_lang == "nl"
    assert words(found, loaded.message_lang).startswith("onbekende status 'acepted'")
    assert "bedoelde u 'accepted'?" in words(found, loaded.message_lang)


def test_an_unreadable_contribution_is_still_accounted_for(project: Path, invalid: Path) -> None:
    place(project, invalid, "yaml-syntax.md", f"{SUPPORT}/yaml-syntax.md")
    assert load_project(project).unreadable == (f"{SUPPORT}/yaml-syntax.md",)


def test_json_diagnostics_are_plain_data(project: Path, invalid: Path) -> None:
    from pipeline.core.report_formats import format_json

    place(project, invalid, "bad-status.md", f"{SUPPORT}/bad-status.md")
    data = json.loads(format_json(diagnostics(project)))
    assert data[0] == {
        "path": f"{SUPPORT}/bad-status.md",
        "code": "RD205",
        "message": "unknown status 'acepted'; use one of draft, proposed, accepted, rejected; "
        "did you mean 'accepted'?",
        "severity": "error",
        "line": 4,
        "col": 9,
    }


def test_hidden_files_are_ignored(project: Path) -> None:
    (project / SUPPORT / ".DS_Store").write_bytes(b"\x00junk")
    (project / SUPPORT / ".gitkeep").write_text("", encoding="utf-8")
    assert diagnostics(project) == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_is_not_read(project: Path) -> None:
    os.mkfifo(project / SUPPORT / "pipe.md")
    found = [d for d in diagnostics(project) if d.path == f"{SUPPORT}/pipe.md"]
    assert [d.code for d in found] == ["RD108"]


def test_a_broken_participants_file_is_reported_once_not_per_author(project: Path) -> None:
    (project / "contributions/participants.yaml").write_text(
        "alice:\n\tname: A. Archer\n", encoding="utf-8"
    )
    codes = [d.code for d in diagnostics(project)]
    assert codes == ["RD105"]


def test_a_refused_front_matter_does_not_hide_the_other_problems(project: Path) -> None:
    (project / SUPPORT / "several.md").write_text(
        "---\ntitle: Several\nauthors: [alcie]\nstatus: voorstel\ndate: 2017-03-14\n---\n"
        "Text with <b>bold</b>.\n\n![](assets/none.png)\n\nSee [this](#nowhere).\n",
        encoding="utf-8",
    )
    codes = {d.code for d in diagnostics(project) if d.path == f"{SUPPORT}/several.md"}
    assert codes == {"RD205", "RD220", "RD303", "RD306", "RD309", "RD310"}
    assert load_project(project).unreadable == (f"{SUPPORT}/several.md",)


def test_a_colon_in_a_title_gets_a_hint(project: Path) -> None:
    (project / SUPPORT / "colon.md").write_text(
        "---\ntitle: What we do: a test\nauthors: [alice]\nstatus: draft\ndate: 2017-03-14\n"
        "---\nText.\n",
        encoding="utf-8",
    )
    [found] = [d for d in diagnostics(project) if d.path == f"{SUPPORT}/colon.md"]
    assert (found.code, found.line) == ("RD105", 2)
    assert 'Put the whole value in double quotes: title: "' in words(found)


def test_an_attribute_list_after_a_heading_is_refused_but_braces_in_text_are_not(
    project: Path,
) -> None:
    page = project / SUPPORT / "braces.md"
    page.write_text(
        "---\ntitle: Braces\nauthors: [alice]\nstatus: draft\ndate: 2017-03-14\n---\n"
        "## Vereisten { data-search-exclude }\n\n## Sets {a, b}\n\nA set {x, y} in text.\n",
        encoding="utf-8",
    )
    found = [(d.code, d.line) for d in diagnostics(project) if d.path.endswith("braces.md")]
    assert [f for f in found if f[0] == "RD323"] == [("RD323", 7)]


def test_a_mistyped_link_to_a_text_gets_a_suggestion(project: Path) -> None:
    page = project / SUPPORT / "typo.md"
    page.write_text(
        "---\ntitle: Typo\nauthors: [alice]\nstatus: draft\ndate: 2017-03-14\n---\n"
        "See [it](what-suport-is.md), [a plan](plan.pdf).\n\n!!! warning\n    Careful.\n",
        encoding="utf-8",
    )
    found = {d.code + words(d) for d in diagnostics(project) if d.path.endswith("typo.md")}
    assert any("RD317" in m and "did you mean 'what-support-is.md'?" in m for m in found)
    assert any("RD317" in m and "plan.pdf" in m and "did you mean" not in m for m in found)
    assert any("RD322" in m and "'> [!WARNING]'" in m for m in found)


def contribute(project: Path, body: str) -> None:
    """A draft contribution with this body, which starts on line 7."""
    front = "---\ntitle: Snippets\nauthors: [alice]\nstatus: draft\ndate: 2017-03-14\n---\n"
    (project / SUPPORT / "snippets.md").write_text(front + body, encoding="utf-8")


def snippets(project: Path, code: str, body: str) -> list[tuple[int, str]]:
    """The line and snippet of each `code` in a contribution with this body (from line 7)."""
    contribute(project, body)
    return [
        (d.line, dict(d.params)["snippet"])
        for d in diagnostics(project)
        if d.path.endswith("snippets.md") and d.code == code
    ]


@pytest.mark.parametrize(
    ("block", "alert", "dialect"),
    [
        (":::danger[Verouderd]", "CAUTION", "(Docusaurus)"),
        (":::warning", "WARNING", "(Docusaurus)"),
        (":::tip Handig", "TIP", "(Docusaurus)"),
        (":::info", "NOTE", "(Docusaurus)"),
        ("::: {.warning}", "WARNING", "(pandoc, Docusaurus)"),
        ('!!! danger "Let op"', "CAUTION", "(MkDocs)"),
        ("??? tip", "TIP", "(MkDocs)"),
    ],
)
def test_a_note_block_of_another_dialect_is_told_its_github_alert(
    project: Path, block: str, alert: str, dialect: str
) -> None:
    contribute(project, f"Before.\n\n{block}\nInside.\n:::\n")
    found = [words(d) for d in diagnostics(project) if d.code == "RD322"]
    assert len(found) == 1, found
    assert f"'> [!{alert}]'" in found[0] and dialect in found[0], found[0]


def test_attributes_after_a_link_in_any_dialect_are_refused_where_they_are(project: Path) -> None:
    # kramdown's {:key="value"} (138 times in one real corpus, printed as prose), pandoc's
    # {key=value} right after a link; braces in prose are prose.
    body = (
        'Zie [de wet](https://example.org){:target="_blank"}.\n\n'
        "Of [deze](https://example.org){target=_blank rel=noopener}.\n\n"
        "Een formule {a=b} blijft tekst.\n"
    )
    assert snippets(project, "RD323", body) == [
        (7, '{:target="_blank"}'),
        (9, "{target=_blank rel=noopener}"),
    ]


def test_mdx_code_lines_are_refused_one_by_one(project: Path) -> None:
    body = (
        "import Tabs from \"@theme/Tabs\";\nimport TabItem from '@theme/TabItem';\n\n"
        "Text that says import this from that.\n\nexport const answer = 42;\n\n"
        'import A from "a"; import B from "b";\n'
    )
    assert snippets(project, "RD327", body) == [
        (7, 'import Tabs from "@theme/Tabs";'),
        (8, "import TabItem from '@theme/TabItem';"),
        (12, "export const answer = 42;"),
        (14, 'import A from "a"; import B from "b";'),
    ]


def test_a_diagram_github_draws_is_refused_with_how_to_show_it(project: Path) -> None:
    contribute(project, "Text.\n\n```mermaid\ngraph TD; A-->B\n```\n\n```python\nx = 1\n```\n")
    found = [(d.line, words(d)) for d in diagnostics(project) if d.code == "RD328"]
    assert len(found) == 1 and found[0][0] == 9, found
    assert "```mermaid" in found[0][1] and "assets/" in found[0][1]


def test_findings_at_one_place_come_in_one_order_run_after_run() -> None:
    """Several findings on one line and column (spelling at 1:1, say) used to come in the
    order of a set, which changed from run to run; now what they say decides."""
    found = [
        Diagnostic("a.md", "RD201", (("word", word),), "warning", 1, 1)
        for word in ("zeker", "aap", "mies", "noot")
    ]
    orders = {tuple(sorted_diagnostics(found[i:] + found[:i])) for i in range(len(found))}
    assert len(orders) == 1
    assert [dict(d.params)["word"] for d in orders.pop()] == ["aap", "mies", "noot", "zeker"]


@pytest.mark.parametrize(
    "title", ["“Hulp bij een aanbesteding”", "„Hulp bij een aanbesteding”", "\u2018Hulp\u2019"]
)
def test_a_title_in_typographic_quotes_is_told_where_it_starts(project: Path, title: str) -> None:
    page = project / SUPPORT / "quoted.md"
    page.write_text(
        f"---\ntitle: {title}\nauthors: [alice]\nstatus: draft\ndate: 2017-03-14\n---\nTekst.\n",
        encoding="utf-8",
    )
    [(line, column, said)] = [
        (d.line, d.col, words(d)) for d in diagnostics(project) if d.code == "RD119"
    ]
    assert (line, column) == (2, 8)  # the quote, not where YAML gave up
    assert f'title: "{title[1:-1]}"' in said


def test_a_missing_image_is_told_where_pictures_go_and_which_one_was_meant(
    project: Path,
) -> None:
    contribute(
        project,
        "![Het diagram](assets/Diagram.PNG)\n\n![Windows](assets\\diagram.png)\n",
    )
    (project / SUPPORT / "assets").mkdir(exist_ok=True)
    (project / SUPPORT / "assets/diagram.png").write_bytes(
        (project / "contributions/limits/assets/diagram.png").read_bytes()
    )
    said = {d.code: words(d) for d in diagnostics(project) if d.path.endswith("snippets.md")}
    assert "put the picture in contributions/support/assets/" in said["RD306"]
    assert "capitals too" in said["RD306"] and "'assets/diagram.png'" in said["RD306"]
    assert "'assets/diagram.png'" in said["RD308"]  # the Windows path, written with /


def test_a_link_to_this_projects_text_on_github_is_told_its_path(project: Path) -> None:
    own = "https://github.com/regio/rol/blob/main/contributions/limits/where-it-ends.md"
    contribute(
        project, f"Zie [de grens]({own}) en [elders](https://github.com/x/y/blob/main/z.md).\n"
    )
    [said] = [words(d) for d in diagnostics(project) if d.code == "RD411"]
    assert "link to it as ../limits/where-it-ends.md" in said


def test_a_bare_ftp_address_is_refused_where_github_links_it_and_only_there(project: Path) -> None:
    """GitHub's autolink extension links `ftp://...` in running text (the document links only
    http, https and mailto: RD316 at its place), but not in a link's own text."""
    path = project / "contributions/support/ftp.md"
    path.write_text(
        "---\ntitle: Ftp\nauthors: [alice]\nstatus: draft\ndate: 2024-01-01\n---\n\n"
        "Files are at ftp://files.example.org/pub.\n\n"
        "See [ftp://mirror.example.org](https://example.org/mirror).\n",
        encoding="utf-8",
    )
    found = [
        (d.code, d.line, d.col)
        for d in load_project(project).diagnostics
        if d.path.endswith("ftp.md")
    ]
    assert found == [("RD316", 8, 14)]
