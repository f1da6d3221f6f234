"""Property-based tests: whatever is in the files, check never crashes (nor, for hostile
projects, dies of a signal in check or build); for any valid project, the document holds
exactly the included contributions and the report every file."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from pipeline.check.project import load_project
from pipeline.core.diagnostics import words
from pipeline.core.model import STATUSES
from pipeline.publish.build import build_document

from .commands import pandoc, roledoc

FIXTURES = Path(__file__).parent / "fixtures"
YAMLISH = st.text(
    alphabet=st.sampled_from(list("abcz019 :-[]{},&*!|>'\"%@`#\n\t\\?~=.éß\u00a0\ufeff")),
    max_size=200,
)
MARKDOWNISH = st.text(
    alphabet=st.sampled_from(list("ab 1.#*_-+>[]()!<>`\\{}=|:^~$@\n\t&;éλ\u200b")), max_size=400
)
FAST = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def fresh(tmp_path_factory, name: str = "p") -> Path:
    root = tmp_path_factory.mktemp(name) / "project"
    shutil.copytree(FIXTURES / "valid", root)
    return root


_ONE_PER_TEST: dict[str, Path] = {}


def one_project(tmp_path_factory, test: str) -> Path:
    """One copy of the valid project for all of a test's examples, each of which rewrites
    the files it is about: the other files' check results come from the cache, as on a
    writer's second run, so an example costs the file it changes."""
    if test not in _ONE_PER_TEST:
        _ONE_PER_TEST[test] = fresh(tmp_path_factory, test)
    return _ONE_PER_TEST[test]


@FAST
@given(front=YAMLISH, body=MARKDOWNISH)
def test_random_front_matter_and_bodies_never_crash_check(tmp_path_factory, front, body) -> None:
    root = one_project(tmp_path_factory, "front-and-body")
    (root / "contributions/support/random.md").write_text(
        f"---\n{front}\n---\n{body}", encoding="utf-8"
    )
    project = load_project(root)
    found = [d for d in project.diagnostics if d.path == "contributions/support/random.md"]
    assert all(d.code.startswith("RD") and words(d) for d in found)
    # Readable or not, the file is accounted for.
    paths = {c.path for c in project.contributions} | set(project.unreadable)
    assert "contributions/support/random.md" in paths


@FAST
@given(data=st.binary(max_size=600))
def test_random_bytes_never_crash_check(tmp_path_factory, data: bytes) -> None:
    root = one_project(tmp_path_factory, "bytes")
    (root / "contributions/support/bytes.md").write_bytes(data)
    (root / "contributions/participants.yaml").write_bytes(data[:200])
    project = load_project(root)
    assert all(d.code.startswith("RD") and words(d) for d in project.diagnostics)
    # Read or not, the file is accounted for; and what could not be read is said.
    paths = {c.path for c in project.contributions} | set(project.unreadable)
    assert "contributions/support/bytes.md" in paths
    said = {d.path for d in project.errors}
    assert set(project.unreadable) <= said


TITLE = st.text(
    alphabet=st.sampled_from(list("Abc xyz*_#<>[]()$@&`\\!|~-+.:'\"éü")), min_size=1, max_size=30
).filter(lambda t: t.strip() and t.strip()[0] not in "&*!|>'\"%@`#-[{?:,")

CONTRIBUTION = st.fixed_dictionaries(
    {
        "title": TITLE,
        "status": st.sampled_from(STATUSES),
        "order": st.none() | st.integers(0, 5),
        "day": st.integers(1, 28),
        "supersedes_previous": st.booleans(),
    }
)


@pytest.mark.slow  # 25 generated projects, each built
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(items=st.lists(CONTRIBUTION, min_size=1, max_size=8), draft=st.booleans())
def test_document_holds_exactly_the_included_contributions(tmp_path_factory, items, draft):
    root = one_project(tmp_path_factory, "included")
    shutil.rmtree(root / "contributions/support")
    shutil.rmtree(root / "build", ignore_errors=True)
    (root / "contributions/support").mkdir()
    for index, item in enumerate(items):
        supersedes = (
            f"\nsupersedes: [c{index - 1}]" if index and item["supersedes_previous"] else ""
        )
        order = f"\norder: {item['order']}" if item["order"] is not None else ""
        (root / f"contributions/support/c{index}.md").write_text(
            f"---\ntitle: {json.dumps(item['title'])}\nauthors: [alice]\n"
            f"status: {item['status']}\ndate: {dt.date(2017, 3, item['day'])}{order}"
            f"{supersedes}\n---\nBody of c{index}.\n",
            encoding="utf-8",
        )
    project = load_project(root)
    assert project.errors == (), project.errors
    result = build_document(root, draft=draft, formats=())
    markdown = (root / "build/how-we-work.md").read_text(encoding="utf-8")
    report = json.loads((root / "build/report.json").read_text(encoding="utf-8"))
    files = sorted(p.relative_to(root).as_posix() for p in (root / "contributions").rglob("*.md"))
    assert sorted(c["path"] for c in report["contributions"]) == files
    included = {c.id for c in result.selection.included if c.theme == "support"}
    # The rule, computed independently: wanted statuses, minus what an accepted one replaces.
    wanted = {"accepted", "proposed", "draft"} if draft else {"accepted"}
    replaced = {
        f"c{i - 1}"
        for i, item in enumerate(items)
        if i and item["supersedes_previous"] and item["status"] == "accepted"
    }
    expected_ids = {f"c{i}" for i, item in enumerate(items) if item["status"] in wanted} - replaced
    assert included == expected_ids
    # The published Markdown, read back: each included contribution once, under its title.
    reader = YAML(typ="safe").load(READ_DEFAULTS.read_text(encoding="utf-8"))["from"]
    document = json.loads(pandoc("-f", reader, "-t", "json", text=markdown))
    headings = [
        (b["c"][1][0], stringify(b["c"][2]))
        for b in document["blocks"]
        if b["t"] == "Header" and b["c"][0] == 2
    ]
    for index, item in enumerate(items):
        ident = f"c{index}"
        # Read with `smart`: a title's quotes, dashes and dots are typographic, a space
        # inside quotes or after an abbreviation ("c.") is not kept as written.
        found = [plain(title) for key, title in headings if key == ident]
        expected = [plain(item["title"])] if ident in included else []
        assert found == expected, (ident, item)
        if item["status"] == "rejected":
            assert ident not in included


READ_DEFAULTS = Path(__file__).parent.parent / "pipeline/defaults/pandoc/read.yaml"
STRAIGHT = str.maketrans(
    {
        "\u201c": '"',
        "\u201d": '"',
        "\u2018": "'",
        "\u2019": "'",
        "\u2013": "--",
        "\u2014": "---",
        "\u2026": "...",
    }
)


def plain(title: str) -> str:
    """A title without typography or white space, to compare what was written and read."""
    return "".join(title.translate(STRAIGHT).split())


def stringify(inlines: list) -> str:
    """The text of pandoc JSON inlines, as a reader sees it."""
    words = []
    for node in inlines:
        if node["t"] == "Str":
            words.append(node["c"])
        elif node["t"] in {"Space", "SoftBreak", "LineBreak"}:
            words.append(" ")
        elif node["t"] == "Quoted":
            mark = '"' if node["c"][0]["t"] == "DoubleQuote" else "'"
            words.append(mark + stringify(node["c"][1]) + mark)
        elif node["t"] in {"Emph", "Strong", "Strikeout", "Span", "Link"}:
            words.append(
                stringify(
                    node["c"] if node["t"] in {"Emph", "Strong", "Strikeout"} else node["c"][1]
                )
            )
        elif node["t"] == "Code":
            words.append(node["c"][1])
    return "".join(words)


HOSTILE = st.sampled_from(
    [
        "[" * 3000,
        "{a: " * 2000,
        "- " * 3000,
        "\x00",
        "\x1b[31m",
        "\ufeff",
        "\u200b",
        "😀",
        "中文",
        "!x",
        "`" * 7 + " x ",
        "[a](",
        "*a **b _c __d ",
        "[^x1]",
        "> " * 30,
        "\\input{x}",
        "<b>",
    ]
)
PIECES = st.lists(HOSTILE | MARKDOWNISH, min_size=1, max_size=6).map("".join)


def _run(root: Path, *args: str, timeout: int) -> None:
    done = roledoc(root, *args, timeout=timeout)
    assert done.returncode in (0, 1), (done.returncode, done.stderr)
    assert "Traceback" not in done.stderr, done.stderr


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(title=PIECES, front=PIECES, body=PIECES, hidden=st.booleans(), loop=st.booleans())
def test_hostile_projects_end_check_with_a_verdict(
    tmp_path_factory, title, front, body, hidden, loop
) -> None:
    root = fresh(tmp_path_factory, "hostile")
    name = ".hostile.md" if hidden else "hostile.md"
    (root / "contributions/support" / name).write_text(
        f"---\ntitle: {title}\nauthors: [bob]\nstatus: accepted\ndate: 2017-05-05\n"
        f"summary: {front}\n---\n{body}\n",
        encoding="utf-8",
    )
    if loop:
        (root / "contributions/support/loop.md").symlink_to("loop.md")
    _run(root, "check", timeout=60)


@settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck))
@given(body=PIECES)
def test_hostile_bodies_end_build_with_a_verdict(tmp_path_factory, body) -> None:
    root = fresh(tmp_path_factory, "hostile")
    (root / "contributions/support/hostile.md").write_text(
        "---\ntitle: Hostile\nauthors: [bob]\nstatus: accepted\ndate: 2017-05-05\n"
        f"summary: x\n---\n{body}\n",
        encoding="utf-8",
    )
    _run(root, "build", "--format", "html,pdf", timeout=300)
