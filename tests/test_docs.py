"""The docs teach what the code does: every diagnostic code is documented, in both guides."""

from __future__ import annotations

import re
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
