"""The docs teach what the code does: every diagnostic code is in the participants' guide, the
README stays a short door into the site, and every sample of output is what roledoc prints."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.core.catalogue import CATALOG

REPOSITORY = Path(__file__).parent.parent


def test_every_code_is_in_the_guides_code_table() -> None:
    text = (REPOSITORY / "CONTRIBUTING.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| (RD\d{3}) \|", text, re.MULTILINE))
    assert documented == set(CATALOG)


def test_readme_quick_start_is_make_build_and_make_test() -> None:
    text = (REPOSITORY / "README.md").read_text(encoding="utf-8")
    quick = text[text.index("## Quick start") :]
    block = quick[quick.index("```sh") : quick.index("```", quick.index("```sh") + 5)]
    commands = [line.split("#")[0].strip() for line in block.splitlines()[1:] if line.strip()]
    assert commands == ["make build", "make test"]


def test_the_readme_is_short_and_leads_into_the_site() -> None:
    text = (REPOSITORY / "README.md").read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 150
    linked = re.findall(r"\]\((docs/[^)#]+)", text)
    assert "docs/start.md" in linked and "docs/deelnemers/index.md" in linked
    assert [path for path in linked if not (REPOSITORY / path).is_file()] == []


@pytest.mark.slow
def test_the_samples_are_what_roledoc_prints_on_a_fresh_clone() -> None:
    # tools/doc_samples.py runs this checkout on clones of the repository; the acceptance
    # run's sample needs LibreOffice and Java and is made by hand (--accept)
    done = subprocess.run(
        [sys.executable, str(REPOSITORY / "tools/doc_samples.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
