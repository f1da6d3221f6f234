"""Bounded work: whatever a contribution holds, check ends with a clear verdict naming the
file and line, and when check accepts, every format builds (issue 13, items 8 and 9)."""

from __future__ import annotations

import errno
import json
import os
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from pipeline.check.project import load_project
from pipeline.core.diagnostics import words
from pipeline.core.errors import RoledocError
from pipeline.core.messages import reading
from pipeline.formats import render
from pipeline.publish.build import build_document

from .commands import roledoc
from .gitrepo import commit_all, git, new_repository

SUPPORT = "contributions/support"
LIMITS = "contributions/limits"
FRONT = (
    "---\ntitle: {title}\nauthors: [bob]\nstatus: accepted\ndate: 2017-05-05\n"
    "summary: A test.\n---\n"
)


def add(project: Path, name: str, body: str, title: str = "A test") -> str:
    path = f"{SUPPORT}/{name}"
    (project / path).write_text(FRONT.format(title=title) + body, encoding="utf-8")
    return path


def found(project: Path, path: str) -> list[tuple[str, int, int]]:
    return [(d.code, d.line, d.col) for d in load_project(project).diagnostics if d.path == path]


def run_cli(project: Path, *args: str, timeout: int = 120) -> subprocess.CompletedProcess:
    done = roledoc(project, *args, timeout=timeout)
    assert done.returncode in (0, 1), (done.returncode, done.stderr)
    assert "Traceback" not in done.stderr, done.stderr
    return done


# -- YAML nested deeper than the C parser survives ---------------------------------------


def test_deep_yaml_front_matter_is_refused_before_the_parser_crashes(project: Path) -> None:
    """30,000 brackets used to kill check with a segmentation fault and no output."""
    path = f"{SUPPORT}/deep.md"
    (project / path).write_text(
        "---\ntitle: Deep\nauthors: [bob]\nstatus: accepted\ndate: 2017-05-05\n"
        "order: " + "[" * 30000 + "]" * 30000 + "\n---\nText.\n",
        encoding="utf-8",
    )
    done = run_cli(project, "check")
    assert done.returncode == 1
    assert f"{path}:6:27: error RD118" in done.stdout


@pytest.mark.parametrize(
    "text",
    [
        "".join(" " * i + f"k{i}:\n" for i in range(1000)),
        "- " * 30000 + "x\n",
        "a: " + "{a: " * 30000 + "1" + "}" * 30000 + "\n",
        "? " * 30000 + "x\n",
    ],
    ids=["indentation", "dashes", "flow-mappings", "complex-keys"],
)
def test_every_yaml_file_is_bounded_in_depth(project: Path, text: str) -> None:
    (project / "contributions/participants.yaml").write_text(text, encoding="utf-8")
    (project / "templates").mkdir()
    (project / "templates/labels.yaml").write_text(text, encoding="utf-8")
    codes = {(d.path, d.code) for d in load_project(project).diagnostics}
    assert ("contributions/participants.yaml", "RD118") in codes
    assert ("templates/labels.yaml", "RD118") in codes


def test_yaml_of_real_depth_is_read(project: Path) -> None:
    (project / "document.yaml").write_text(
        (project / "document.yaml").read_text(encoding="utf-8")
        + "language:\n  terms: {ambtenarij: ambtelijke organisatie}\n",
        encoding="utf-8",
    )
    assert not load_project(project).errors


# -- files that are not what they seem ----------------------------------------------------


def test_a_symlink_loop_is_reported_not_raised(project: Path) -> None:
    (project / SUPPORT / "x.md").symlink_to("x.md")
    done = run_cli(project, "check")
    assert f"{SUPPORT}/x.md: error RD108" in done.stdout
    assert "leads back to itself" in done.stdout


def test_an_unreadable_image_is_a_diagnostic(project: Path, monkeypatch) -> None:
    # Tests run as root, for whom chmod 000 changes nothing: the read itself fails here.
    image = project / LIMITS / "assets/diagram.png"
    real = Path.read_bytes

    def refuse(self: Path) -> bytes:
        if self == image:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    diagnostics = [d for d in load_project(project).diagnostics if d.code == "RD102"]
    assert [(d.path, d.line) for d in diagnostics] == [(f"{LIMITS}/where-it-ends.md", 10)]
    assert "diagram.png: permission denied" in words(diagnostics[0])


def test_labels_that_are_not_a_mapping_are_refused_by_check(project: Path) -> None:
    (project / "templates").mkdir()
    (project / "templates/labels.yaml").write_text("- just\n- a list\n", encoding="utf-8")
    assert ("RD106", 1, 1) in found(project, "templates/labels.yaml")
    with pytest.raises(RoledocError):
        build_document(project, formats=())


# -- the output folder cannot be written -----------------------------------------------


def test_an_output_folder_that_cannot_be_made_is_named(project: Path) -> None:
    (project / "build").write_text("a file where the folder should be", encoding="utf-8")
    done = run_cli(project, "build", "--format", "html")
    assert done.returncode == 1
    assert f"could not write to the folder {project / 'build'}" in done.stderr


def test_a_full_disk_is_named_in_the_documents_language(project: Path, monkeypatch) -> None:
    text = (project / "document.yaml").read_text(encoding="utf-8")
    (project / "document.yaml").write_text(text.replace("en-GB", "nl-NL"), encoding="utf-8")
    real = Path.write_text

    def full(self: Path, *args, **kwargs):
        if self.suffix == ".json" and ".staging-" in str(self):
            raise OSError(errno.ENOSPC, "No space left on device", str(self))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", full)
    with (
        reading("nl"),  # the CLI speaks the project's language
        pytest.raises(
            RoledocError, match=r"kon niet schrijven in de map .*build: de schijf is vol"
        ),
    ):
        build_document(project, formats=("html",))
    assert not (project / "build/how-we-work.html").exists()


# -- Markdown that would stall pandoc -------------------------------------------------------

STALLING = {
    "backticks": "".join("`" * k + " x " for k in range(1, 1300)),
    "link-openings": "[a](" * 1000,
    "emphasis": "*a **b _c __d " * 1000,
    "openings-before-long-text": "[a](" * 5 + "woord " * 3000,
}


@pytest.mark.parametrize("body", STALLING.values(), ids=STALLING.keys())
def test_markup_that_would_stall_pandoc_is_refused_with_its_line(project: Path, body) -> None:
    path = add(project, "stall.md", "A first paragraph.\n\n" + body + "\n")
    assert [c for c in found(project, path) if c[0] == "RD321"] == [("RD321", 10, 1)]


def test_real_prose_never_trips_the_markup_limit(project: Path) -> None:
    paragraph = (
        "Dit is *een* zin met een [link](#support) en `code` en snake_case, en 5 * 3 = 15. "
        "Een losse ` backtick en een [haak komen voor. " * 40
    )
    path = add(project, "prose.md", (paragraph + "\n\n") * 20)
    assert "RD321" not in {code for code, _, _ in found(project, path)}


def test_a_pandoc_timeout_names_the_files_it_was_reading(project: Path, monkeypatch) -> None:
    """Should a text still stall pandoc, the message says which texts were being read.
    (GitHub's reader is linear in the patterns RD321 refuses, so a tiny timeout stands in.)"""
    monkeypatch.setattr(render, "PANDOC_TIMEOUT", 0.001)
    monkeypatch.setattr("pipeline.publish.compose.PANDOC_TIMEOUT", 0.001)
    path = add(project, "slow.md", "woord " * 9000)
    assert not load_project(project).errors
    with pytest.raises(RoledocError, match=f"no result after 0.001 s reading: .*{path}"):
        build_document(project, formats=("html",), jobs=1)


# -- what check accepted, the build must render (and what it cannot, check refuses) -------


def test_control_characters_are_refused_with_line_and_column(project: Path) -> None:
    path = f"{SUPPORT}/nul.md"
    (project / path).write_text(
        "---\ntitle: Nul\x01\nauthors: [bob]\nstatus: accepted\ndate: 2017-05-05\n"
        "summary: x\n---\nText with a \x00 inside.\n",
        encoding="utf-8",
    )
    codes = found(project, path)
    assert ("RD318", 2, 11) in codes and ("RD318", 8, 13) in codes


def test_characters_no_font_has_are_refused_and_the_rest_build(project: Path) -> None:
    path = add(project, "glyphs.md", "Greek \u03b1, arrows →, ticks ✓, euro €, Dutch ĳ.\n")
    assert not load_project(project).errors
    build_document(project, formats=("pdf",))  # every one of them is in a font
    add(project, "glyphs.md", "Greek \u03b1 and a smile 😀 and 中文.\n", title='"Smile 😀"')
    codes = [c for c in found(project, path) if c[0] == "RD319"]
    # Every place, one line each: the smile in the title and in the text, then 中 and 文.
    assert codes == [("RD319", 2, 8), ("RD319", 8, 21), ("RD319", 8, 27), ("RD319", 8, 28)]


def test_a_character_is_refused_as_the_writer_sees_it(project: Path) -> None:
    # A reference is the character it stands for, except in code, which prints it as written;
    # an emoji's invisible parts (U+FE0F, the joiner) are named with it, once.
    body = "Feest &#127881; en `&#x1F600;` klaar ✔️ met 👩\u200d💻 en &#x4E2D;.\n"
    path = add(project, "refs.md", body)
    said = [
        (d.col, dict(d.params)["char"], dict(d.params)["point"])
        for d in load_project(project).diagnostics
        if d.path == path and d.code == "RD319"
    ]
    assert said == [
        (7, "🎉", "U+1F389"),
        (38, "✔️", "U+2714 U+FE0F"),
        (45, "👩\u200d💻", "U+1F469 U+200D U+1F4BB"),
        (52, "中", "U+4E2D"),
    ]
    # What check no longer refuses, the PDF builds: the reference in code included.
    add(project, "refs.md", "Feest en `&#x1F600;` klaar &amp; &eacute;.\n")
    assert not load_project(project).errors
    build_document(project, formats=("pdf",))


def _png(width: int, height: int) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    return (
        b"\x89PNG\r\n\x1a\n"
        + struct.pack(">I", len(ihdr))
        + chunk
        + struct.pack(">I", zlib.crc32(chunk))
    )


def test_an_image_of_too_many_pixels_is_refused(project: Path) -> None:
    (project / LIMITS / "assets/huge.png").write_bytes(_png(40000, 40000))
    (project / LIMITS / "assets/photo.png").write_bytes(_png(8000, 6000))
    path = f"{LIMITS}/pictures.md"
    (project / path).write_text(
        FRONT.format(title="Pictures") + "![Huge](assets/huge.png)\n\n![Photo](assets/photo.png)\n",
        encoding="utf-8",
    )
    diagnostics = [d for d in load_project(project).diagnostics if d.code == "RD320"]
    assert [(d.path, d.line) for d in diagnostics] == [(path, 8)]
    assert "40000 x 40000" in words(diagnostics[0])


@pytest.mark.parametrize("title", ["!x", '"\u200b"', "'\u200b \u00a0'"])
def test_a_title_without_a_visible_character_is_empty(project: Path, title: str) -> None:
    path = add(project, "blank.md", "Text.\n", title=title)
    assert ("RD204", 2, 1) in found(project, path)


def test_hidden_contributions_are_reported_not_dropped(tmp_path: Path) -> None:
    """In a real clone: .x.md and .theme/ are warned about and in report.json."""
    origin = new_repository(tmp_path / "origin")
    (origin / SUPPORT / ".hidden.md").write_text(FRONT.format(title="Hidden") + "Text.\n", "utf-8")
    (origin / "contributions/.secret").mkdir()
    (origin / "contributions/.secret/inside.md").write_text("Text.\n", "utf-8")
    (origin / SUPPORT / ".gitkeep").write_text("", "utf-8")
    commit_all(origin, "Hidden files")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(origin), str(clone))
    diagnostics = load_project(clone).diagnostics
    assert {(d.path, d.code) for d in diagnostics if d.code == "RD405"} == {
        (f"{SUPPORT}/.hidden.md", "RD405"),
        ("contributions/.secret/inside.md", "RD405"),
    }
    build_document(clone, formats=())
    report = json.loads((clone / "build/report.json").read_text(encoding="utf-8"))
    hidden = {c["path"]: c for c in report["contributions"] if "hidden" in c["reason"]}
    assert set(hidden) == {f"{SUPPORT}/.hidden.md", "contributions/.secret/inside.md"}
    assert not any(c["included"] for c in hidden.values())
    assert not any(".gitkeep" in c["path"] for c in report["contributions"])


def test_check_and_build_agree_on_a_hostile_pull_request(project: Path) -> None:
    """Every attack at once, through the real command line: check refuses, so does build."""
    (project / SUPPORT / "loop.md").symlink_to("loop.md")
    add(project, "nul.md", "A \x00 here.\n")
    add(project, "emoji.md", "A 😀 here.\n")
    add(project, "stall.md", "[a](" * 1000 + "\n")
    checked = run_cli(project, "check")
    assert checked.returncode == 1
    for code in ("RD108", "RD318", "RD319", "RD321"):
        assert code in checked.stdout
    built = run_cli(project, "build", "--format", "html,pdf")
    assert built.returncode == 1 and "refused" in built.stderr
    assert not os.path.exists(project / "build/how-we-work.pdf")
