"""Files a pull request can commit are untrusted: a project where every file roledoc reads or
writes is a hostile link (to /dev/zero, to a file or folder outside the project), and every
command run against it. Nothing outside is read, written or run; each command ends, without a
traceback, in bounded time. Also: a word too long to spell-check, an edition commit whose tree
leads out of the folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.read.projectfiles import UnsafeFile, folder, read_bytes, write_text
from tests.commands import roledoc
from tests.gitrepo import commit_all, copy_example, git

SECRET = "GEHEIM-7f3a9c"
THEME = "belangen"


def _snapshot(folder_: Path) -> dict[str, tuple[bytes, int]]:
    found = {}
    for path in sorted(folder_.rglob("*")):
        if path.is_file() and not path.is_symlink():
            found[path.relative_to(folder_).as_posix()] = (
                path.read_bytes(),
                path.stat().st_mtime_ns,
            )
    return found


@pytest.fixture
def hostile(tmp_path: Path) -> tuple[Path, Path]:
    """A clone of the example where a pull request committed a link at every file roledoc
    reads or writes; and the folder outside the project the links point into."""
    outside = tmp_path / "outside"
    (outside / "assets").mkdir(parents=True)
    (outside / "review").mkdir()
    (outside / "victim-requirements.txt").write_text(f"{SECRET}\n", encoding="utf-8")
    (outside / "secret.md").write_text(
        f"---\ntitle: Geheim\nauthors: [avandijk]\nstatus: accepted\ndate: 2017-05-05\n---\n"
        f"{SECRET}\n",
        encoding="utf-8",
    )
    (outside / "labels.yaml").write_text(f"nl:\n  contents: {SECRET}\n", encoding="utf-8")
    root = copy_example(tmp_path / "example")
    (root / ".gitignore").write_text("build/\n", encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    commit_all(root, "Voorbeeld")
    links = {
        "words.txt": "/dev/zero",
        "requirements.txt": str(outside / "victim-requirements.txt"),
        f"contributions/{THEME}/assets": str(outside / "assets"),
        f"contributions/{THEME}/gestolen.md": str(outside / "secret.md"),
        "templates/labels.yaml": str(outside / "labels.yaml"),
        "build/review": str(outside / "review"),
    }
    for name, target in links.items():
        path = root / name
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        elif path.exists() or path.is_symlink():
            path.unlink()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.symlink_to(target)
    git(root, "add", "-A")
    git(root, "add", "-f", "build/review")
    commit_all(root, "Pull request")
    return root, outside


def _commands(root: Path, tmp_path: Path) -> dict[str, list[str]]:
    page = tmp_path / "bijdrage.html"
    page.write_text("<h1>Nieuw</h1><p>Een alinea.</p>", encoding="utf-8")
    return {
        "check": ["check"],
        "build": ["build", "--format", "html"],
        "new": ["new", THEME, "Een nieuwe bijdrage", "--author", "avandijk"],
        "import": ["import", str(page), THEME, "--author", "avandijk"],
        "status": ["status"],
        "init": ["init", str(tmp_path / "nieuw-project")],
        "review export": ["review", "export", "-q"],
        "review import": [
            "review",
            "import",
            str(tmp_path / "bijdrage.html"),
            "--reviewer",
            "Iemand",
        ],
        "release": ["release", "9.9"],
        "adopt": ["adopt", "1.1", "--by", "Iemand", "--on", "2018-04-01"],
        "upgrade-project": ["upgrade-project", "roledoc==0.2.0"],
        "changelog": ["changelog"],
        "redline": ["redline", "--since", "1.0", "-q"],
        "summary": ["summary", "-q"],
        "watch": ["watch", "--format", "html"],
        "pr-summary": ["pr-summary", "--base", "HEAD"],
    }


def _every_command() -> set[str]:
    names = set()
    for name, command in main.commands.items():
        subcommands = getattr(command, "commands", None)
        names |= {f"{name} {sub}" for sub in subcommands} if subcommands else {name}
    return names


def _run(root: Path, name: str, args: list[str]) -> tuple[str, int | None, str, float]:
    started = time.perf_counter()
    done = roledoc(root, *args, timeout=180)
    return name, done.returncode, done.stdout + done.stderr, time.perf_counter() - started


def _watch(root: Path, args: list[str]) -> subprocess.Popen:
    """watch runs until stopped, in a process of its own: it must keep running, and write
    nothing outside."""
    command = [sys.executable, "-m", "pipeline", "-C", str(root), *args]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


WATCHING = b"wordt gevolgd op wijzigingen"  # said once watch's first build is done


def _until_watching(process: subprocess.Popen, seconds: float = 60) -> bytes:
    """What watch said until its first build was done (stopped after `seconds` if never)."""
    timer = threading.Timer(seconds, process.terminate)
    timer.start()
    seen = b""
    try:
        assert process.stdout is not None
        for line in process.stdout:
            seen += line
            if WATCHING in line:
                break
    finally:
        timer.cancel()
    return seen


@pytest.mark.slow  # every command
def test_every_command_against_hostile_links(hostile, tmp_path: Path) -> None:
    root, outside = hostile
    before = _snapshot(outside)
    commands = _commands(root, tmp_path)
    assert set(commands) == _every_command(), "a new command must be tried here too"
    watching = _watch(root, commands.pop("watch"))
    results = [_run(root, name, args) for name, args in commands.items()]
    seen = _until_watching(watching)
    watching.terminate()
    output, _ = watching.communicate(timeout=30)
    results.append(("watch", None, (seen + output).decode("utf-8", "replace"), 0.0))
    assert WATCHING in seen, seen  # its first build is done: it read the project
    for name, _code, output, seconds in results:
        assert "Traceback" not in output, (name, output)
        assert SECRET not in output, (name, output)
        assert seconds < 120, (name, seconds)
    assert _snapshot(outside) == before  # nothing outside written
    for path in root.rglob("*"):  # and nothing from outside copied in
        if path.is_file() and not path.is_symlink() and ".git" not in path.parts:
            assert SECRET.encode() not in path.read_bytes(), path
    said = {name: output for name, _code, output, _s in results}
    codes = {name: code for name, code, _o, _s in results}
    # check names each link, in Dutch, and refuses the project
    assert codes["check"] == 1
    for name in (
        "words.txt",
        "requirements.txt",
        f"contributions/{THEME}/gestolen.md",
        "build/review",
    ):
        assert name in said["check"], name
    assert "buiten het project" in said["check"]
    # the commands that would write through a link refuse, naming it
    assert codes["upgrade-project"] == 1 and "requirements.txt" in said["upgrade-project"]
    imported = root / "contributions" / THEME / "nieuw.md"  # no link on its way: written
    assert codes["import"] == 0 and imported.is_file() and not imported.is_symlink()


def test_a_file_is_read_only_inside_and_only_up_to_its_limit(tmp_path: Path) -> None:
    root = tmp_path / "project"
    root.mkdir()
    (tmp_path / "secret.txt").write_text(SECRET, encoding="utf-8")
    (root / "uit.txt").symlink_to(tmp_path / "secret.txt")
    (root / "nul.txt").symlink_to("/dev/zero")
    (root / "lus.txt").symlink_to(root / "lus.txt")
    os.mkfifo(root / "pijp")  # no reader: opening it to read would wait for ever
    (root / "groot.txt").write_bytes(b"a" * 2000)
    (root / "binnen.txt").write_text("ja", encoding="utf-8")
    (root / "link.txt").symlink_to(root / "binnen.txt")
    started = time.perf_counter()
    for name, reason in [
        ("uit.txt", "outside the project"),
        ("nul.txt", "outside the project, to /dev/zero"),
        ("pijp", "not a regular file"),
        ("lus.txt", "leads back to itself"),
        ("groot.txt", "more than the limit"),
    ]:
        with pytest.raises(UnsafeFile) as refused:
            read_bytes(root, root / name, limit=1000)
        assert refused.value.name == name and reason in str(refused.value.reason)
    assert time.perf_counter() - started < 5
    assert read_bytes(root, root / "link.txt") == b"ja"  # a link that stays inside is read


def test_a_write_follows_no_link(tmp_path: Path) -> None:
    root = tmp_path / "project"
    (root / "echt").mkdir(parents=True)
    (tmp_path / "buiten").mkdir()
    (root / "map").symlink_to(tmp_path / "buiten")
    with pytest.raises(UnsafeFile) as refused:
        write_text(root, root / "map" / "a.md", "tekst")
    assert refused.value.name == "map" and not list((tmp_path / "buiten").iterdir())
    with pytest.raises(UnsafeFile):
        folder(root, root / "map" / "dieper")
    (tmp_path / "doel.txt").write_text("blijft", encoding="utf-8")
    (root / "echt" / "b.txt").symlink_to(tmp_path / "doel.txt")
    write_text(root, root / "echt" / "b.txt", "nieuw")  # the link is replaced, not followed
    assert (tmp_path / "doel.txt").read_text(encoding="utf-8") == "blijft"
    assert (root / "echt" / "b.txt").read_text(encoding="utf-8") == "nieuw"
    assert not (root / "echt" / "b.txt").is_symlink()
    with pytest.raises(UnsafeFile):
        write_text(root, root / "echt" / "b.txt", "weer", new=True)
    assert [p.name for p in (root / "echt").iterdir()] == ["b.txt"]  # no temporary left


def test_upgrade_project_keeps_the_other_lines_of_requirements(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "example")
    (root / "requirements.txt").write_text("# onze eisen\nrequests==2.31\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["-C", str(root), "upgrade-project", "roledoc==0.2.0"])
    assert result.exit_code == 0, result.output
    assert (root / "requirements.txt").read_text(encoding="utf-8") == (
        "# onze eisen\nrequests==2.31\nroledoc==0.2.0\n"
    )


def test_a_word_too_long_to_spell_check_is_a_finding_in_bounded_time(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "example")
    page = root / "contributions" / THEME / "belangen-in-kaart.md"
    word = "a" * 200_000
    page.write_text(
        page.read_text(encoding="utf-8") + f"\n{word} en {'x' * 50_000}@{'y' * 50_000}\n",
        encoding="utf-8",
    )
    started = time.perf_counter()
    result = CliRunner().invoke(main, ["-C", str(root), "check"])
    assert time.perf_counter() - started < 30
    assert "RD504" in result.output and "een woord van 200000 letters, meer dan 40" in result.output
    assert "a" * 41 not in result.output  # the word is shown cut short


def test_an_edition_whose_tree_leads_out_of_the_folder_is_refused_before_checkout(
    tmp_path: Path,
) -> None:
    root = copy_example(tmp_path / "example")
    (root / ".gitignore").write_text("build/\n", encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    commit_all(root, "Voorbeeld")
    blob = git(root, "hash-object", "-w", "--stdin", "--path", "x")
    inner = _mktree(root, f"100644 blob {blob}\tontsnapt.md\n")
    listing = git(root, "ls-tree", git(root, "rev-parse", "HEAD^{tree}"))
    crafted = _mktree(root, f"{listing}\n040000 tree {inner}\t..\n")  # git stores it as given
    commit = git(root, "commit-tree", crafted, "-m", "gemaakt")
    git(root, "tag", "kwaad", commit)
    document = root / "document.yaml"
    document.write_text(
        document.read_text(encoding="utf-8") + 'changelog: "kwaad"\n', encoding="utf-8"
    )
    runner = CliRunner()
    check = runner.invoke(main, ["-C", str(root), "check"])
    assert check.exit_code == 1 and "RD407" in check.output
    assert "'../ontsnapt.md', een pad dat uit de map leidt" in check.output
    for args in (["changelog", "--since", "kwaad"], ["redline", "--since", "kwaad", "-q"]):
        result = runner.invoke(main, ["-C", str(root), *args])
        assert (result.exit_code == 1 and result.exception is None) or isinstance(
            result.exception, SystemExit
        ), result.output
        assert "een pad dat uit de map leidt" in result.output, result.output
    assert not (tmp_path / "ontsnapt.md").exists()


def test_a_requirements_file_built_to_make_its_patterns_backtrack_is_read_in_linear_time(
    tmp_path: Path,
) -> None:
    root = copy_example(tmp_path / "example")
    (root / "requirements.txt").write_text(
        "roledoc==1" + " " * 300_000 + "x\n"
        "roledoc @ git+https://example.org/roledoc@" + "1." * 100_000 + "!\n",
        encoding="utf-8",
    )
    started = time.perf_counter()
    result = CliRunner().invoke(main, ["-C", str(root), "check"])
    assert time.perf_counter() - started < 30, "quadratic somewhere in reading the pin"
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "RD408" in result.output  # neither is a version from the index or a fixed revision


def _mktree(root: Path, listing: str) -> str:
    done = subprocess.run(
        ["git", "mktree"], cwd=root, input=listing, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()
