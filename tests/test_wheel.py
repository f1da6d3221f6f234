"""The package as another network gets it: the wheel built from this repository holds every
file roledoc needs, passes `twine check`, and installed into a fresh virtualenv outside the
repository it makes a project with `init` whose own steps (install the pinned roledoc, new,
check, build) work. Slow (two virtualenvs from PyPI): about a minute with pip's cache."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from pipeline import __version__

from .conftest import REPOSITORY

pytestmark = [pytest.mark.slow, pytest.mark.packaging]


def run(*command: str | Path, cwd: Path, env: dict | None = None) -> str:
    done = subprocess.run(
        [str(c) for c in command],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sdist and wheel, built as a release builds them (`python -m build`)."""
    folder = tmp_path_factory.mktemp("dist")
    run(sys.executable, "-m", "build", "--outdir", folder, REPOSITORY, cwd=folder)
    return folder


def test_the_wheel_holds_every_file_of_the_package(dist: Path) -> None:
    (wheel,) = dist.glob("roledoc-*.whl")
    assert wheel.name.startswith(f"roledoc-{__version__}-")
    tracked = run("git", "ls-files", "pipeline", cwd=REPOSITORY).split()
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        metadata = archive.read(f"roledoc-{__version__}.dist-info/METADATA").decode("utf-8")
    missing = [path for path in tracked if path not in names]
    assert missing == []  # defaults, skeleton, message catalogues, filters, fonts...
    assert f"roledoc-{__version__}.dist-info/licenses/LICENSE" in names
    assert "License-Expression: EUPL-1.2" in metadata
    run(sys.executable, "-m", "twine", "check", "--strict", *dist.iterdir(), cwd=dist)


def test_a_project_made_by_the_installed_wheel_runs_its_own_steps(
    dist: Path, tmp_path: Path
) -> None:
    (wheel,) = dist.glob("roledoc-*.whl")
    tool = tmp_path / "tool"
    venv.create(tool, with_pip=True)
    run(tool / "bin/python", "-m", "pip", "install", "--quiet", wheel, cwd=tmp_path)
    roledoc = tool / "bin/roledoc"
    assert run(roledoc, "--version", cwd=tmp_path).strip() == f"roledoc, version {__version__}"
    said = run(roledoc, "init", "nieuw", cwd=tmp_path)
    project = tmp_path / "nieuw"
    pin = (project / "requirements.txt").read_text(encoding="utf-8")
    assert f"\nroledoc=={__version__}\n" in pin  # installed from a file: the exact version
    assert "Vastgelegd in requirements.txt" in said
    # The project's own steps, as its Makefile and workflows run them: a virtualenv of its
    # own with the pinned roledoc (found beside the wheel, as it would be on PyPI).
    finds = {"PIP_FIND_LINKS": str(dist)}
    run("make", "check", cwd=project, env=finds)
    run(
        project / ".venv/bin/roledoc",
        "new",
        "werkwijze",
        "Een tweede bijdrage",
        "--author",
        "redactie",
        cwd=project,
    )
    run("make", "check", cwd=project, env=finds)
    run("make", "build", cwd=project, env=finds)
    outputs = {p.suffix for p in (project / "build").iterdir()}
    assert {".pdf", ".docx", ".html", ".epub", ".odt"} <= outputs
    version = run(project / ".venv/bin/roledoc", "--version", cwd=project)
    assert version.strip() == f"roledoc, version {__version__}"
