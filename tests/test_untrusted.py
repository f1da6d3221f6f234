"""Untrusted contributions: nothing they contain reads files, reaches the network, injects
markup, hangs a build or damages the last good outputs."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest

from pipeline.check import project as project_module
from pipeline.check.project import load_project
from pipeline.core.errors import RoledocError
from pipeline.core.messages import text
from pipeline.formats import render
from pipeline.publish.build import build_document

from .commands import roledoc
from .gitrepo import FIXTURES
from .pdftext import page_texts

SUPPORT = "contributions/support"
LIMITS = "contributions/limits"
FRONT = (
    "---\ntitle: {title}\nauthors: [bob]\nstatus: accepted\ndate: 2017-05-05\n"
    "summary: A test.\n---\n"
)


def codes(root: Path, path: str) -> set[str]:
    return {d.code for d in load_project(root).diagnostics if d.path == path}


def test_passthrough_renders_literally_even_past_check(project: Path, monkeypatch) -> None:
    """Defence in depth: with check bypassed, raw code is still only text in every format."""
    (project / SUPPORT / "hostile.md").write_text(
        FRONT.format(title="Hostile")
        + "Include \\input{/etc/passwd} and <script>alert(1)</script> here.\n\n"
        '```{=typst}\n#read("/etc/passwd")\n```\n\n'
        "```{=html}\n<iframe src=x></iframe>\n```\n\n"
        'Inline `#image("/etc/hostname")`{=typst} and $x^2$ and @cite.\n',
        encoding="utf-8",
    )
    real = load_project(project)
    assert {"RD303", "RD305"} <= codes(project, f"{SUPPORT}/hostile.md")
    monkeypatch.setattr(
        project_module,
        "load_project",
        lambda root: real.__class__(**{**real.__dict__, "diagnostics": ()}),
    )
    build_document(project, formats=("pdf", "html", "docx"))
    html = (project / "build/how-we-work.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html
    assert "<iframe" not in html and "\\input{/etc/passwd}" in html
    assert "#read(&quot;/etc/passwd&quot;)" in html or '#read("/etc/passwd")' in html
    text = "\n".join(page_texts(project / "build/how-we-work.pdf"))
    assert "\\input{/etc/passwd}" in text and "<script>alert(1)</script>" in text
    secret = Path("/etc/passwd").read_text(encoding="utf-8").split("\n")[0]
    for output in ("how-we-work.html", "how-we-work.pdf", "how-we-work.docx"):
        assert secret.encode() not in (project / "build" / output).read_bytes()


def test_images_are_judged_by_content_and_kept_inside(project: Path, tmp_path: Path) -> None:
    assets = project / LIMITS / "assets"
    (assets / "fake.png").write_text("this is text, not a PNG", encoding="utf-8")
    (assets / "script.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "utf-8"
    )
    (assets / "external.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        '<image xlink:href="file:///etc/passwd"/></svg>',
        "utf-8",
    )
    with (assets / "huge.png").open("wb") as handle:
        handle.write(b"\x89PNG\r\n\x1a\n")
        handle.truncate(11_000_000)
    outside = tmp_path / "outside.png"
    shutil.copyfile(assets / "diagram.png", outside)
    (assets / "escape.png").symlink_to(outside)
    for name in ("fake.png", "script.svg", "external.svg", "huge.png", "escape.png"):
        (project / LIMITS / f"uses-{name.replace('.', '-')}.md").write_text(
            FRONT.format(title=name) + f"![An image]({'assets/' + name})\n", encoding="utf-8"
        )
    assert codes(project, f"{LIMITS}/uses-fake-png.md") == {"RD313"}
    assert codes(project, f"{LIMITS}/uses-script-svg.md") == {"RD315"}
    assert codes(project, f"{LIMITS}/uses-external-svg.md") == {"RD315"}
    assert codes(project, f"{LIMITS}/uses-huge-png.md") == {"RD314"}
    assert codes(project, f"{LIMITS}/uses-escape-png.md") == {"RD308"}


def test_the_build_reads_an_image_through_the_safe_reader(project: Path, tmp_path: Path) -> None:
    # check refuses an image over the limit; should one be there by the time the build copies
    # it, the build reads no more than the limit and names the text that uses it.
    from pipeline.core.model import BodyFacts, Image, Position
    from pipeline.publish.compose import stage_images
    from pipeline.text.images import MAX_IMAGE_BYTES

    page = f"{LIMITS}/where-it-ends.md"
    (project / LIMITS / "assets/huge.png").write_bytes(b"\x89PNG" + bytes(MAX_IMAGE_BYTES))
    facts = BodyFacts(images=(Image("assets/huge.png", "Huge", Position(8, 1)),))
    staging = tmp_path / "staging"
    staging.mkdir()
    with pytest.raises(RoledocError) as refused:
        stage_images(project, [(page, facts)], staging)
    said = text(refused.value.message)
    assert said.startswith(f"{page}: the image cannot be used:") and "MB" in said, said
    assert not (staging / "images").exists()


@pytest.mark.parametrize(
    "body",
    [
        "> " * 5000 + "deep",
        "".join("  " * i + "- item\n" for i in range(2000)),
        "[" * 3000 + "x" + "]" * 3000,
        "x [a " * 3000,
        "*" * 20000 + "x" + "*" * 20000,
        "`" * 10000,
        "`&#127881;` " * 5000,  # references in code, where they print as written
        "```\n" * 10001 + "&#127881;",
    ],
    ids=[
        "quotes",
        "lists",
        "brackets",
        "open-brackets",
        "emphasis",
        "backticks",
        "code-references",
        "fences",
    ],
)
def test_pathological_markdown_ends_with_a_result(project: Path, body: str) -> None:
    """A hang is a failure: check and build each run with a deadline."""
    (project / SUPPORT / "pathological.md").write_text(
        FRONT.format(title="Pathological") + body + "\n", encoding="utf-8"
    )
    checked = roledoc(project, "check", timeout=60)
    assert "Traceback" not in checked.stderr
    if checked.returncode == 1:
        assert "RD311" in checked.stdout or "RD110" in checked.stdout  # too deep, or too big
        return
    built = roledoc(project, "build", "--format", "html,pdf", timeout=300)
    assert built.returncode in (0, 1) and "Traceback" not in built.stderr, built.stderr


def test_a_renderer_that_runs_too_long_is_stopped(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(render, "TYPST_TIMEOUT", 1)
    source = tmp_path / "slow.typ"
    source.write_text("#for i in range(200000000) { }\nDone.\n", encoding="utf-8")
    with pytest.raises(render.RenderError, match="no result after 1 s"):
        render.compile_typst(source, tmp_path / "slow.pdf", tmp_path, 0)
    monkeypatch.setattr(render, "PANDOC_TIMEOUT", 1)
    script = tmp_path / "loop.lua"
    script.write_text("while true do end\n", encoding="utf-8")
    with pytest.raises(render.RenderError, match="no result after 1 s"):
        render.run_pandoc(["lua", str(script)], tmp_path, "markdown", 0)


def refusal(project: Path, fmt: str) -> str:
    """What a build of `fmt` that a renderer stops says, in Dutch."""
    with pytest.raises(render.RenderError) as stopped:
        build_document(project, formats=(fmt,))
    return text(stopped.value.message, "nl")


def test_a_typst_error_names_the_text_it_stopped_in(project: Path, monkeypatch) -> None:
    # Typst's own error points at the generated source; the build names the participant's
    # file whose text that line is in, in the reader's language.
    bad = project / "bad.typ"
    bad.write_text("= Kop\n\nTekst.\n\n#let x = \n", encoding="utf-8")
    with pytest.raises(render.RenderError) as stopped:
        render.compile_typst(bad, project / "bad.pdf", project, 0)
    assert stopped.value.where == (str(bad), 5)

    compile_typst = render.compile_typst

    def stop_in_where_it_ends(source: Path, output: Path, root: Path, *_: object) -> list[str]:
        lines = source.read_text(encoding="utf-8").splitlines()
        line = lines.index("<where-it-ends>") + 3
        raise render.typst_error(["error: unknown variable: x"], (str(source), line))

    monkeypatch.setattr(render, "compile_typst", stop_in_where_it_ends)
    said = refusal(project, "pdf")
    assert said.startswith(
        "pdf: typst is vastgelopen bij de tekst van contributions/limits/where-it-ends.md; "
        "in zijn eigen woorden:"
    )
    assert "unknown variable: x" in said
    monkeypatch.setattr(render, "compile_typst", compile_typst)


def test_a_pandoc_error_names_the_text_whose_part_of_the_document_fails(project: Path) -> None:
    # pandoc writing Word from the whole document names no place; the build renders each
    # text's part alone until one fails, and names that file in the reader's language.
    filters = project / "templates" / "filters"
    filters.mkdir(parents=True)
    (filters / "for-office.lua").write_text(
        'function Str(s)\n  if s.text:find("BOEM") then error("kan dit niet schrijven") end\nend\n',
        encoding="utf-8",
    )
    page = project / "contributions/limits/where-it-ends.md"
    page.write_text(page.read_text("utf-8") + "\nHier staat BOEM.\n", encoding="utf-8")
    said = refusal(project, "docx")
    assert said.startswith(
        "docx: pandoc is vastgelopen bij de tekst van contributions/limits/where-it-ends.md; "
        "in zijn eigen woorden:"
    )
    assert "kan dit niet schrijven" in said
    assert not list((project / "build").glob("*.docx"))  # nothing half-written

    # a failure that only the parts together make is told without a text
    (filters / "for-office.lua").write_text(
        "function Pandoc(d)\n  local headings = 0\n"
        "  for _, b in ipairs(d.blocks) do\n"
        '    if b.t == "Header" then headings = headings + 1 end\n  end\n'
        '  if headings > 4 then error("te veel koppen") end\nend\n',
        encoding="utf-8",
    )
    said = refusal(project, "docx")
    assert said.startswith("docx: pandoc is mislukt:") and "te veel koppen" in said

    # nor is a failure that the document's frame makes without any text
    (filters / "for-office.lua").write_text(
        'function Pandoc(d)\n  error("geen enkel document")\nend\n', encoding="utf-8"
    )
    assert refusal(project, "docx").startswith("docx: pandoc is mislukt:")


def test_typst_reads_nothing_outside_the_staging_folder(tmp_path: Path) -> None:
    root = tmp_path / "root"
    root.mkdir()
    (root / "doc.typ").write_text('#read("/etc/hostname")\n', encoding="utf-8")
    with pytest.raises(
        render.RenderError, match=r"file not found|outside of project root|access denied"
    ):
        render.compile_typst(root / "doc.typ", root / "doc.pdf", root, 0)
    (root / "doc.typ").write_text('#import "@preview/example:0.1.0": *\n', encoding="utf-8")
    with pytest.raises(render.RenderError):
        render.compile_typst(root / "doc.typ", root / "doc.pdf", root, 0)


def test_a_second_build_waits_for_the_first(project: Path) -> None:
    (project / "build").mkdir()
    messages: list[str] = []
    with (project / "build/.roledoc.lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        thread = threading.Thread(
            target=build_document,
            kwargs={"root": project, "formats": ("html",), "progress": messages.append},
        )
        thread.start()
        deadline = time.monotonic() + 30
        while not any("waiting for another build" in str(m) for m in messages):
            assert time.monotonic() < deadline
            time.sleep(0.05)
        assert not (project / "build/how-we-work.html").exists()
        fcntl.flock(handle, fcntl.LOCK_UN)
    thread.join(timeout=60)
    assert (project / "build/how-we-work.html").exists()


def _outputs(build: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in build.glob("[!.]*")}


@pytest.mark.slow  # six builds killed at six moments, then a whole one
def test_killing_a_build_at_any_moment_leaves_readable_outputs(project: Path) -> None:
    build_document(project, formats=("pdf", "html"))
    old = _outputs(project / "build")
    page = project / SUPPORT / "what-support-is.md"
    page.write_text(page.read_text("utf-8").replace("preparing", "carefully preparing"), "utf-8")
    command = [sys.executable, "-m", "pipeline", "-C", str(project), "build"]
    seen = []
    for delay in (0.05, 0.3, 0.6, 0.9, 1.2, 1.6):
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait()
        seen.append((delay, _outputs(project / "build")))
        json.loads((project / "build/report.json").read_text(encoding="utf-8"))
    build_document(project, formats=("pdf", "html"))
    new = _outputs(project / "build")
    assert new != old
    for delay, outputs in seen:
        for name, data in outputs.items():
            assert data in (old[name], new[name]), (delay, name)
    assert not list((project / "build").glob(".staging-*"))


PARENT_OF_A_WARM_TYPST = """
import subprocess, sys
from pipeline.formats.render import typst_child
command, env = typst_child("--warm", '{"memory": 4000000000, "folder": "."}')
child = subprocess.Popen(command, env=env, stdin=int(sys.argv[1]), pass_fds=(int(sys.argv[1]),))
print(child.pid, flush=True)
child.wait()
"""


def test_the_typst_child_dies_with_the_build_that_started_it(tmp_path: Path) -> None:
    # A killed build's Typst child would go on writing into a staging folder that the next
    # build removes (a CI run once found one left behind). The child waits on a pipe this test
    # keeps open, so only its parent's death can end it.
    reading, writing = os.pipe()
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT_OF_A_WARM_TYPST, str(reading)],
        stdout=subprocess.PIPE,
        text=True,
        pass_fds=(reading,),
        cwd=tmp_path,
    )
    try:
        child = int(parent.stdout.readline())
        time.sleep(0.5)
        assert _alive(child)
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 10
        while _alive(child) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _alive(child)
    finally:
        os.close(writing)
        os.close(reading)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def test_stale_staging_folders_are_cleaned_up(project: Path) -> None:
    stale = project / "build" / ".staging-killed"
    stale.mkdir(parents=True)
    (stale / "half.pdf").write_bytes(b"%PDF-1.7 half")
    build_document(project, formats=("html",))
    assert not stale.exists()


def test_no_pandoc_step_that_needs_no_files_runs_outside_the_sandbox(tmp_path: Path) -> None:
    """Reading the Markdown and writing Typst need no file: pandoc, run with those defaults,
    cannot read one. Shown with a writer that embeds every image it can read (Word); the Word
    defaults, which need the reference document, are the case that does read it."""
    defaults = Path(__file__).parent.parent / "pipeline/defaults/pandoc"
    shutil.copyfile(FIXTURES / "valid/contributions/limits/assets/diagram.png", tmp_path / "d.png")
    (tmp_path / "in.md").write_text(f"# Title\n\n![A diagram]({tmp_path}/d.png)\n", "utf-8")

    def embeds_the_image(name: str) -> bool:
        args = ["-d", str(defaults / f"{name}.yaml"), "-f", "markdown", "-t", "docx"]
        render.run_pandoc([*args, "in.md", "-o", f"{name}.docx"], tmp_path, name, 0)
        with zipfile.ZipFile(tmp_path / f"{name}.docx") as package:
            return any(n.startswith("word/media/") for n in package.namelist())

    assert not embeds_the_image("read")
    assert not embeds_the_image("pdf")
    assert embeds_the_image("docx")
