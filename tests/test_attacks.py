"""The attacks of the security review (issue 13, items 1-6), each reproduced on a real clone
of a repository that a pull request poisoned: no code runs, nothing outside the project is
read into an output, written or deleted, and the answer is a clear error naming the file."""

from __future__ import annotations

import json
import os
import pickle
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from pipeline.check import project as project_module
from pipeline.check.project import load_project
from pipeline.core.paths import PACKAGE
from pipeline.infra.cache import Cache
from pipeline.publish import compose as build_module
from pipeline.publish.build import build_document
from pipeline.publish.plan import BuildRefused

from .commands import roledoc
from .gitrepo import commit_all, git, new_repository

SUPPORT = "contributions/support"
LIMITS = "contributions/limits"
FRONT = (
    "---\ntitle: {title}\nauthors: [bob]\nstatus: accepted\ndate: 2017-05-05\n"
    "summary: A test.\n---\n"
)
SECRET = Path("/etc/passwd").read_text(encoding="utf-8").split("\n")[0]


def poisoned_clone(tmp_path: Path, poison) -> Path:
    """A clone of a repository whose last commit (a merged pull request) did `poison`."""
    origin = new_repository(tmp_path / "origin")
    poison(origin)
    git(origin, "add", "-A", "-f")
    commit_all(origin, "A pull request")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(origin), str(clone)], check=True)
    return clone


def contribution(root: Path, name: str, body: str, theme: str = SUPPORT) -> str:
    path = f"{theme}/{name}.md"
    (root / path).write_text(FRONT.format(title=name) + body, encoding="utf-8")
    return path


def past_check(monkeypatch) -> None:
    """Defence in depth: let the build go on as if check had found nothing."""
    real = project_module.load_project

    def without_diagnostics(root):
        project = real(root)
        return project.__class__(**{**project.__dict__, "diagnostics": ()})

    monkeypatch.setattr(project_module, "load_project", without_diagnostics)


def output_bytes(build: Path) -> bytes:
    """Every output, with the files inside DOCX, EPUB and ODT unpacked."""
    data = b""
    for path in build.glob("[!.]*.*"):
        if path.suffix in {".docx", ".epub", ".odt"}:
            with zipfile.ZipFile(path) as archive:
                data += b"".join(archive.read(name) for name in archive.namelist())
        else:
            data += path.read_bytes()
    return data


class Canary:
    """Unpickling this runs a command that creates the canary file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self):
        return (os.system, (f"touch {self.path}",))


# 1 --------------------------------------------------------------------------------------------


def test_a_committed_pickle_in_build_never_runs(tmp_path: Path) -> None:
    canary = tmp_path / "canary"

    def poison(root: Path) -> None:
        cache = root / "build/.cache"
        cache.mkdir(parents=True)
        for name in ("check-0000000000000000.pickle", "check-0000000000000000.json"):
            (cache / name).write_bytes(pickle.dumps(Canary(canary)))

    clone = poisoned_clone(tmp_path, poison)
    checked = roledoc(clone, "check")
    built = roledoc(clone, "build", "--format", "html")
    assert not canary.exists()
    assert checked.returncode == 1 and built.returncode == 1
    assert "build/.cache/check-0000000000000000.pickle:" in checked.stdout
    assert "RD114" in checked.stdout and "Traceback" not in checked.stderr + built.stderr
    assert not (clone / "build/how-we-work.html").exists()
    for module in PACKAGE.rglob("*.py"):
        assert "import pickle" not in module.read_text(encoding="utf-8"), module


# 2 --------------------------------------------------------------------------------------------


def test_a_committed_cache_is_refused_and_never_read(tmp_path: Path) -> None:
    def poison(root: Path) -> None:
        bodies = root / "build/.cache/bodies"
        bodies.mkdir(parents=True)
        (bodies / ("0" * 64)).write_text('[klik]{onclick="alert(1)"}\n', encoding="utf-8")
        (root / "build/how-we-work.html").write_text("<p onclick=alert(1)>forged</p>", "utf-8")

    clone = poisoned_clone(tmp_path, poison)
    checked = roledoc(clone, "check")
    assert checked.returncode == 1
    assert "build/.cache/bodies/" in checked.stdout and "build/how-we-work.html:" in checked.stdout
    assert roledoc(clone, "build").returncode == 1


def test_a_tampered_cache_entry_is_a_miss(project: Path) -> None:
    """The cache lives outside the project; even there, an entry whose content no longer
    matches its seal is not used."""
    build_document(project, formats=("html",))
    folder = Cache(project, project / "build").folder
    entries = list((folder / "bodies").iterdir())
    assert entries
    for entry in entries:
        sealed = json.loads(entry.read_text(encoding="utf-8"))
        sealed["value"] = json.dumps('[klik]{onclick="alert(1)"}')
        entry.write_text(json.dumps(sealed), encoding="utf-8")
    page = project / SUPPORT / "what-support-is.md"
    page.write_text(page.read_text("utf-8") + "\nOne more line.\n", "utf-8")
    build_document(project, formats=("html",))
    html = (project / "build/how-we-work.html").read_text(encoding="utf-8")
    assert "onclick" not in html and "One more line." in html
    assert not list((project / "build").glob(".cache"))


# 3 --------------------------------------------------------------------------------------------


def test_a_committed_link_in_build_deletes_and_writes_nothing_outside(tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "precious.txt").write_text("keep me", encoding="utf-8")

    def poison(root: Path) -> None:
        (root / "build/.cache").mkdir(parents=True)
        (root / "build/.cache/bodies").symlink_to(victim)
        (root / "build/.roledoc.lock").symlink_to(victim / "lock-target")

    clone = poisoned_clone(tmp_path, poison)
    checked = roledoc(clone, "check")
    built = roledoc(clone, "build")
    assert checked.returncode == 1 and built.returncode == 1
    assert "build/.cache/bodies:" in checked.stdout and "RD114" in checked.stdout
    assert "Traceback" not in checked.stderr + built.stderr
    assert sorted(p.name for p in victim.iterdir()) == ["precious.txt"]


def test_build_itself_a_link_writes_nothing_outside(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()

    clone = poisoned_clone(tmp_path, lambda root: (root / "build").symlink_to(elsewhere))
    checked = roledoc(clone, "check")
    built = roledoc(clone, "build")
    assert checked.returncode == 1 and "build/:" in checked.stdout and "RD114" in checked.stdout
    assert built.returncode == 1 and "Traceback" not in built.stderr
    assert list(elsewhere.iterdir()) == []


# 4 and 5 --------------------------------------------------------------------------------------


def test_a_local_file_url_image_is_refused_and_never_embedded(tmp_path: Path, monkeypatch) -> None:
    clone = poisoned_clone(
        tmp_path,
        lambda root: contribution(root, "leak", "![alt](file:///etc/passwd)\n"),
    )
    checked = roledoc(clone, "check")
    assert checked.returncode == 1
    assert f"{SUPPORT}/leak.md:8:1: error RD316" in checked.stdout
    past_check(monkeypatch)
    with pytest.raises(build_module.RoledocError, match=f"{SUPPORT}/leak.md"):
        build_document(clone, formats=("html", "docx"))
    assert SECRET.encode() not in output_bytes(clone / "build")


def test_a_fragment_cannot_make_the_build_copy_another_file(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("top secret", encoding="utf-8")
    body = "![Een figuur](assets/diagram.png#/../../../../../../../secret.txt)\n"
    clone = poisoned_clone(tmp_path, lambda root: contribution(root, "sneaky", body, LIMITS))
    assert roledoc(clone, "check").returncode == 0  # the image is assets/diagram.png
    build_document(clone, formats=("pdf", "html", "docx", "epub", "odt"))
    assert b"top secret" not in output_bytes(clone / "build")
    written = [p.name for p in clone.rglob("secret.txt")] + [
        p.name for p in tmp_path.iterdir() if p.name != "secret.txt" and p.is_file()
    ]
    assert written == []


def test_a_missing_image_with_a_query_is_a_clear_error(tmp_path: Path) -> None:
    body = "![Een figuur](assets/nothing.png?x=../../..)\n"
    clone = poisoned_clone(tmp_path, lambda root: contribution(root, "missing", body, LIMITS))
    checked = roledoc(clone, "check")
    built = roledoc(clone, "build")
    assert checked.returncode == 1 and built.returncode == 1
    assert f"{LIMITS}/missing.md:8:1: error RD306" in checked.stdout
    assert "contributions/limits/assets/nothing.png" in checked.stdout
    assert "Traceback" not in checked.stderr + built.stderr


# 6 --------------------------------------------------------------------------------------------

DANGEROUS = (
    "[a](javascript:alert(1))\n\n"
    "<javascript:alert(2)>\n\n"
    "[c](data:text/html;base64,PHNjcmlwdD5hbGVydCgzKTwvc2NyaXB0Pg==)\n\n"
    "[d](vbscript:msgbox(4))\n\n"
    "[e](file:///etc/passwd)\n\n"
    "[f](JaVaScRiPt:alert(6))\n\n"
    "[g][ref]\n\n[ref]: java%0Ascript:alert(7)\n"
)


def test_dangerous_link_schemes_are_refused_and_never_live(tmp_path: Path, monkeypatch) -> None:
    clone = poisoned_clone(tmp_path, lambda root: contribution(root, "links", DANGEROUS))
    checked = roledoc(clone, "check")
    assert checked.returncode == 1
    lines = [line for line in checked.stdout.splitlines() if "RD316" in line]
    assert [line.split(":")[1] for line in lines] == ["8", "10", "12", "14", "16", "18", "20"]
    assert all(line.startswith(f"{SUPPORT}/links.md:") for line in lines)
    past_check(monkeypatch)
    build_document(clone, formats=("pdf", "html", "docx", "epub", "odt"))
    live = re.compile(
        rb"""(?:href|target)\s*=\s*["']\s*(?:javascript|vbscript|data|file):""", re.IGNORECASE
    )
    assert not live.search(output_bytes(clone / "build"))
    uris = [
        str(annotation.get_object()["/A"].get("/URI", ""))
        for page in PdfReader(clone / "build/how-we-work.pdf").pages
        for annotation in page.get("/Annots", [])
        if "/A" in annotation.get_object()
    ]
    assert not [uri for uri in uris if not uri.startswith(("https:", "http:", "mailto:"))]
    html = (clone / "build/how-we-work.html").read_text(encoding="utf-8")
    assert "alert(1)" not in html  # the link text stays, as text; the address is gone
    assert "javascript:alert(2)" in html  # an autolink's text is its address: shown, not live


def test_web_mail_and_internal_links_still_work(project: Path) -> None:
    contribution(
        project,
        "good-links",
        "[web](https://www.example.org/a?b=c#d), [mail](mailto:office@example.org) "
        "and [chapter](#support).\n",
    )
    assert not load_project(project).errors
    build_document(project, formats=("html",))
    html = (project / "build/how-we-work.html").read_text(encoding="utf-8")
    assert 'href="https://www.example.org/a?b=c#d"' in html
    assert 'href="mailto:office@example.org"' in html


def test_a_link_out_of_the_project_is_refused(project: Path, tmp_path: Path) -> None:
    (tmp_path / "outside.pdf").write_bytes(b"%PDF-1.4")
    path = contribution(project, "out", "[plan](../../../outside.pdf) [gone](werkplan.pdf)\n")
    found = [(d.code, d.line) for d in load_project(project).diagnostics if d.path == path]
    assert found == [("RD317", 8), ("RD317", 8)]


def test_the_build_refuses_before_writing_anything(project: Path) -> None:
    contribution(project, "bad", "[x](javascript:alert(1))\n")
    with pytest.raises(BuildRefused):
        build_document(project, formats=("html",))
    assert not (project / "build/how-we-work.html").exists()


def test_build_a_link_to_itself_is_a_diagnostic(tmp_path: Path) -> None:
    clone = poisoned_clone(tmp_path, lambda root: (root / "build").symlink_to("build"))
    checked = roledoc(clone, "check")
    built = roledoc(clone, "build")
    assert checked.returncode == 1 and "build/:" in checked.stdout and "RD114" in checked.stdout
    assert built.returncode == 1 and "Traceback" not in checked.stderr + built.stderr
