"""Shared fixtures: fresh copies of the example projects under tests/fixtures/."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
REPOSITORY = Path(__file__).parent.parent


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch) -> Path:
    """Each test gets its own roledoc cache folder, never the user's."""
    folder = tmp_path_factory.mktemp("roledoc-cache")
    monkeypatch.setenv("ROLEDOC_CACHE", str(folder))
    return folder


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A writable copy of the valid fixture project."""
    target = tmp_path / "project"
    shutil.copytree(FIXTURES / "valid", target, symlinks=True)
    return target


@pytest.fixture
def invalid() -> Path:
    """The folder of single bad files, each dropped into a copy of the valid project."""
    return FIXTURES / "invalid"
