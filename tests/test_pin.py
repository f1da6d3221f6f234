"""A document project is pinned to the roledoc it is built with (pipeline/read/pin.py): init
writes the pin, check warns when another roledoc runs (RD406), upgrade-project moves it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline import __version__
from pipeline.cli import main
from pipeline.read.pin import read_pin


def invoke(*args: str) -> tuple[int, str]:
    done = CliRunner().invoke(main, list(args))
    return done.exit_code, done.output


@pytest.mark.parametrize(
    ("line", "version", "revision"),
    [
        ("roledoc==0.2.0", "0.2.0", None),
        ("roledoc == 0.3.1  # the document's tool", "0.3.1", None),
        ("roledoc @ git+https://github.com/org/roledoc@v0.2.0", "0.2.0", "v0.2.0"),
        ("roledoc @ git+https://github.com/org/roledoc@4f2a9c1", None, "4f2a9c1"),
        (
            "roledoc @ git+https://github.com/org/roledoc@roledoc-v0.3.0",
            "0.3.0",
            "roledoc-v0.3.0",
        ),
    ],
)
def test_the_pin_is_read_as_pip_reads_it(
    tmp_path: Path, line: str, version: str | None, revision: str | None
) -> None:
    (tmp_path / "requirements.txt").write_text(f"# comment\n\n{line}\n", encoding="utf-8")
    pin = read_pin(tmp_path)
    assert pin is not None
    assert (pin.version, pin.revision, pin.line) == (version, revision, 3)


def test_init_pins_the_project_and_says_so(tmp_path: Path) -> None:
    code, output = invoke("init", str(tmp_path / "nieuw"), "--pin", f"roledoc=={__version__}")
    assert code == 0, output
    assert f"Vastgelegd in requirements.txt: roledoc=={__version__}" in output
    pin = read_pin(tmp_path / "nieuw")
    assert pin is not None and pin.version == __version__
    makefile = (tmp_path / "nieuw/Makefile").read_text(encoding="utf-8")
    assert "pip install --quiet -r requirements.txt" in makefile
    for workflow in (tmp_path / "nieuw/.github/workflows").glob("*.yml"):
        text = workflow.read_text(encoding="utf-8")
        if workflow.name == "pr-comment.yml":  # posts a comment; installs and runs nothing
            assert "pip install" not in text
        elif workflow.name == "check.yml":  # a pull request is checked by the base's roledoc
            assert 'git show "origin/$GITHUB_BASE_REF:requirements.txt"' in text
            assert 'pip install -r "$RUNNER_TEMP/requirements.txt"' in text
        else:
            assert "pip install -r requirements.txt" in text
    code, output = invoke("-C", str(tmp_path / "nieuw"), "check")
    assert (code, output) == (0, "Geen problemen gevonden.\n")


def test_check_warns_when_another_roledoc_runs_and_upgrade_moves_the_pin(tmp_path: Path) -> None:
    project = tmp_path / "nieuw"
    assert invoke("init", str(project), "--pin", "roledoc==0.1.0")[0] == 0
    code, output = invoke("-C", str(project), "check")
    assert code == 0  # a warning
    assert "requirements.txt:" in output and "RD406" in output
    assert f"vastgelegd op roledoc 0.1.0, maar roledoc {__version__} draait" in output
    code, output = invoke("-C", str(project), "check", "--for", "participant")
    assert "RD406" not in output  # the editors' matter
    code, output = invoke("-C", str(project), "upgrade-project")
    assert code == 0, output
    assert f"requirements.txt: roledoc==0.1.0 -> roledoc=={__version__}" in output
    assert "roledoc check vindt met deze roledoc geen problemen." in output
    text = (project / "requirements.txt").read_text(encoding="utf-8")
    assert f"\nroledoc=={__version__}\n" in text and text.startswith("# De roledoc")
    assert invoke("-C", str(project), "check") == (0, "Geen problemen gevonden.\n")


def test_the_makefile_installs_the_pin_only_for_its_own_roledoc(tmp_path: Path) -> None:
    import subprocess

    project = tmp_path / "nieuw"
    assert invoke("init", str(project), "--pin", f"roledoc=={__version__}")[0] == 0

    def planned(*args: str) -> str:
        # On its own, not as a child of `make test` (which would add "Entering directory").
        alone = {k: v for k, v in os.environ.items() if k not in {"MAKEFLAGS", "MAKELEVEL"}}
        done = subprocess.run(
            ["make", "--no-print-directory", "-n", *args],
            cwd=project,
            env=alone,
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout

    assert "pip install --quiet -r requirements.txt" in planned("check")
    own = planned("ROLEDOC=roledoc", "check")
    assert "pip install" not in own and own.strip() == "roledoc check"
