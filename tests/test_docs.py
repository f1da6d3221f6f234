"""The docs teach what the code does: every diagnostic code is documented, in both guides."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.core.catalogue import CATALOG

REPOSITORY = Path(__file__).parent.parent


@pytest.mark.parametrize("guide", ["README.md", "CONTRIBUTING.md"])
def test_every_code_is_in_the_guides_code_table(guide: str) -> None:
    text = (REPOSITORY / guide).read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| (RD\d{3}) \|", text, re.MULTILINE))
    assert documented == set(CATALOG)


def test_readme_quick_start_is_make_build_and_make_test() -> None:
    text = (REPOSITORY / "README.md").read_text(encoding="utf-8")
    quick = text[text.index("## Quick start") :]
    block = quick[quick.index("```sh") : quick.index("```", quick.index("```sh") + 5)]
    commands = [line.split("#")[0].strip() for line in block.splitlines()[1:] if line.strip()]
    assert commands == ["make build", "make test"]


def test_the_readme_samples_are_what_roledoc_prints_on_a_fresh_clone() -> None:
    # tools/readme_samples.py runs this checkout on a clone of the repository; the acceptance
    # run's sample needs LibreOffice and Java and is made by hand (--accept)
    done = subprocess.run(
        [sys.executable, str(REPOSITORY / "tools/readme_samples.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
