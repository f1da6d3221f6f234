"""The content cache, parallel rendering and the warm Typst compiler change how fast a build
is, never what it makes: their outputs equal a fresh, serial, uncached build's.

Speed itself is measured by `make bench`, not here."""

from __future__ import annotations

import itertools
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.check.project import load_project
from pipeline.core.paths import DEFAULTS
from pipeline.formats.render import TypstSession, compile_typst
from pipeline.infra.cache import Cache
from pipeline.publish import compose as build_module
from pipeline.publish.build import build_document
from pipeline.publish.compose import compose_document, normalise_selection
from pipeline.publish.plan import Edition
from pipeline.read.checkcache import RECENT

from .conftest import FIXTURES

SUPPORT = "contributions/support"


def outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.glob("[!.]*")}


def all_formats(root: Path) -> None:
    text = (root / "document.yaml").read_text(encoding="utf-8")
    (root / "document.yaml").write_text(
        text.replace("[pdf, html]", "[pdf, docx, html, epub, odt]"), encoding="utf-8"
    )


def test_cached_parallel_builds_equal_a_fresh_serial_build(project: Path, tmp_path: Path) -> None:
    all_formats(project)
    page = project / SUPPORT / "what-support-is.md"
    original = page.read_text(encoding="utf-8")
    build_document(project, jobs=2)  # fills the cache
    page.write_text(original.replace("preparing", "drafting"), encoding="utf-8")
    build_document(project, jobs=2)  # an edit: one body normalised again
    page.write_text(original, encoding="utf-8")
    cached = build_document(project, jobs=2)  # back: every body from the cache
    assert not cached.unchanged
    fresh = tmp_path / "fresh"
    shutil.copytree(project, fresh, ignore=shutil.ignore_patterns("build"))
    build_document(fresh, jobs=1)
    assert outputs(project / "build") == outputs(fresh / "build")


@pytest.mark.parametrize("fixture", ["valid", "gallery"])
def test_each_body_is_spliced_under_its_own_heading(fixture: str, tmp_path: Path) -> None:
    """The document's AST is the template's skeleton with each body's blocks spliced in at
    its placeholder: every body's blocks stand, whole and in order, in its own part of the
    document (after its heading, before the next chapter or contribution), and no
    placeholder is left."""
    root = tmp_path / fixture
    shutil.copytree(FIXTURES / fixture, root)
    seen = []

    def compare(plan, staging, cache):
        composed = compose_document(plan, staging, cache)
        bodies = normalise_selection(
            plan.project, plan.selection, staging, plan.epoch, cache, plan.jobs
        )
        blocks = json.loads(composed.json)["blocks"]
        assert "roledoc-body-" not in composed.json
        starts = [i for i, b in enumerate(blocks) if b["t"] == "Header" and b["c"][0] <= 2] + [
            len(blocks)
        ]
        parts = {blocks[a]["c"][1][0]: blocks[a + 1 : b] for a, b in itertools.pairwise(starts)}
        for key, text in bodies.items():
            part, body = parts[key], json.loads(text)
            found = [i for i in range(len(part)) if part[i : i + len(body)] == body]
            seen.append((key, len(found)))
        return composed

    build_document(root, formats=(), edition=Edition(name="spliced", compose=compare))
    assert seen and all(count == 1 for _, count in seen), seen


def test_a_no_op_rebuild_does_nothing(project: Path) -> None:
    build_document(project)
    before = {p.name: p.stat().st_mtime_ns for p in (project / "build").glob("[!.]*")}
    again = build_document(project)
    assert again.unchanged and again.outputs == []
    after = {p.name: p.stat().st_mtime_ns for p in (project / "build").glob("[!.]*")}
    assert after == before
    (project / "build/how-we-work.html").write_text("damaged", encoding="utf-8")
    repaired = build_document(project)
    assert not repaired.unchanged
    assert "damaged" not in (project / "build/how-we-work.html").read_text(encoding="utf-8")


NOOP = """
import sys
from pipeline.cli import main
try:
    main(["-C", sys.argv[1], "build"])
except SystemExit as stop:
    assert stop.code == 0, stop.code
print("imported:", *sorted(m for m in sys.modules if m.split(".")[0] in sys.argv[2:]))
"""


def test_a_no_op_rebuild_imports_nothing_it_does_not_need(project: Path) -> None:
    """What makes a no-op fast: it only hashes its inputs. The template engine, YAML, the
    Markdown parser and the font reader are imported only when something is built."""
    build_document(project)
    heavy = ["jinja2", "markdown_it", "fontTools", "ruamel", "babel", "importlib_metadata"]
    done = subprocess.run(
        [sys.executable, "-c", NOOP, str(project), *heavy],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.splitlines()[-1] == "imported:", done.stdout


def test_only_the_formats_whose_inputs_changed_are_rendered(project: Path) -> None:
    build_document(project)
    pdf_time = (project / "build/how-we-work.pdf").stat().st_mtime_ns
    (project / "templates/html").mkdir(parents=True)
    css = DEFAULTS / "html/style.css"
    (project / "templates/html/style.css").write_text(
        css.read_text(encoding="utf-8") + "\nbody { letter-spacing: .01em; }\n", encoding="utf-8"
    )
    result = build_document(project)
    reused = {o.fmt for o in result.outputs if o.reused}
    assert reused == set()  # templates/ changed: every format's key changes
    text = (project / "templates/html/style.css").read_text(encoding="utf-8")
    build_document(project, formats=("html",))
    result = build_document(project)  # html is current; the pdf's key is unchanged too
    assert {o.fmt for o in result.outputs if o.reused} == {"pdf", "html"}
    assert (project / "templates/html/style.css").read_text(encoding="utf-8") == text
    assert (project / "build/how-we-work.pdf").stat().st_mtime_ns >= pdf_time


def test_an_edit_normalises_only_the_edited_body(project: Path, monkeypatch) -> None:
    build_document(project, formats=("html",))
    seen: list[str] = []
    real = build_module.normalise_bodies

    def counting(items, *args):
        seen.extend(str(item["key"]) for item in items)
        return real(items, *args)

    monkeypatch.setattr(build_module, "normalise_bodies", counting)
    page = project / SUPPORT / "support-new.md"
    page.write_text(page.read_text("utf-8").replace("replaces", "supersedes"), "utf-8")
    build_document(project, formats=("html",))
    assert seen == ["support-new"]


def test_the_check_cache_gives_the_same_diagnostics(project: Path, invalid: Path) -> None:
    for name in ("bad-status.md", "raw-html.md", "heading-skip.md", "unknown-author.md"):
        shutil.copyfile(invalid / name, project / SUPPORT / name)
    first = load_project(project)  # fills the cache
    folder = Cache(project, project / "build").folder
    assert list(folder.glob("check-*.json"))
    second = load_project(project)
    assert second.diagnostics == first.diagnostics and first.diagnostics
    assert second.contributions == first.contributions
    shutil.rmtree(folder)
    RECENT.clear()  # what this process remembers, as a new process would start
    assert load_project(project).diagnostics == first.diagnostics


def test_a_file_checked_in_another_project_gets_this_projects_verdict(
    project: Path, tmp_path: Path
) -> None:
    # The results this process remembers serve every checkout of a file, but only for what
    # its verdict depends on: here the word list and whether its prose is checked.
    page = f"{SUPPORT}/what-support-is.md"
    text = (project / page).read_text(encoding="utf-8")
    (project / page).write_text(text + "\nThe wibblequast helps.\n", encoding="utf-8")
    other = tmp_path / "other"
    shutil.copytree(project, other, symlinks=True)
    settings = (other / "document.yaml").read_text(encoding="utf-8")
    (other / "document.yaml").write_text(settings + "language:\n  words: words.txt\n", "utf-8")
    (other / "words.txt").write_text("wibblequast\n", encoding="utf-8")

    def spelled(root: Path, **options: frozenset[str]) -> list[str]:
        found = load_project(root, **options).diagnostics
        return [dict(d.params)["word"] for d in found if d.code == "RD501" and d.path == page]

    assert spelled(project) == ["wibblequast"]
    assert spelled(other) == []
    assert spelled(project, quiet=frozenset({page})) == []
    assert spelled(project) == ["wibblequast"]


def test_the_warm_typst_compiler_makes_the_same_pdf(tmp_path: Path) -> None:
    root = tmp_path / "staging"
    root.mkdir()
    (root / "doc.typ").write_text(
        '#set document(title: [T])\n#set text(lang: "en")\n= One\n\nText.\n', encoding="utf-8"
    )
    compile_typst(root / "doc.typ", tmp_path / "cold.pdf", root, 1_500_000_000)
    session = TypstSession(tmp_path / "warm")
    session.compile(root, "doc.typ", tmp_path / "warm-1.pdf", 1_500_000_000)
    (root / "doc.typ").write_text(
        '#set document(title: [T])\n#set text(lang: "en")\n= One\n\nText, edited.\n', "utf-8"
    )
    session.compile(root, "doc.typ", tmp_path / "warm-2.pdf", 1_500_000_000)
    compile_typst(root / "doc.typ", tmp_path / "cold-2.pdf", root, 1_500_000_000)
    assert (tmp_path / "warm-1.pdf").read_bytes() == (tmp_path / "cold.pdf").read_bytes()
    assert (tmp_path / "warm-2.pdf").read_bytes() == (tmp_path / "cold-2.pdf").read_bytes()


def test_reading_in_parallel_gives_the_same_project(tmp_path: Path, monkeypatch) -> None:
    import sys

    from pipeline.read import readpool

    sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))
    from synthetic import generate

    root = generate(tmp_path / "big", 450)
    bad = root / "contributions/context/bijdrage-00006.md"
    bad.write_text(bad.read_text("utf-8").replace("status: accepted", "status: acepted"), "utf-8")
    monkeypatch.setattr(readpool, "PARALLEL_FROM", 10**9)
    serial = load_project(root)
    shutil.rmtree(Cache(root, root / "build").folder)
    monkeypatch.setattr(readpool, "PARALLEL_FROM", 100)
    parallel = load_project(root)
    assert parallel.diagnostics == serial.diagnostics and serial.diagnostics
    assert parallel.contributions == serial.contributions
    assert [c.facts for c in parallel.contributions] == [c.facts for c in serial.contributions]
