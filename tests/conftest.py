"""Shared fixtures: fresh copies of the example projects under tests/fixtures/, the roledoc
cache each test gets, and the order the files run in."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from pipeline.publish.build import build_document
from pipeline.publish.report import BuildResult
from pipeline.text.glyphs import font_folders, font_ranges
from pipeline.text.speller import frequent_words

from .gitrepo import copy_example

FIXTURES = Path(__file__).parent / "fixtures"
REPOSITORY = Path(__file__).parent.parent
# What the shared cache holds that no project owns, copied into every private cache.
SEEDED = ("glyphs", "lexicon")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The files that hold a slow test run first: with `-n auto` the longest files start at
    once instead of last, when every other worker has nothing left to do."""
    slow = {item.path for item in items if item.get_closest_marker("slow")}
    items.sort(key=lambda item: item.path not in slow)  # a stable sort keeps each file's order


@pytest.fixture(scope="session", autouse=True)
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The roledoc cache of the fixtures that several tests share (a module's built example),
    never the user's. It starts with the glyph ranges of the bundled fonts and the frequent
    words of Dutch and English, which every check reads: they are kept by the digest of the
    font's bytes and the word lists' versions, so any cache may hold them."""
    folder = tmp_path_factory.mktemp("roledoc-shared-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ROLEDOC_CACHE", str(folder))
        font_ranges(Path(path) for path in font_folders())
        for lang in ("nl", "en"):
            frequent_words(lang)
        yield folder


@pytest.fixture(autouse=True)
def private_cache(
    shared_cache: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch
) -> Path:
    """Each test gets its own roledoc cache folder, never the user's nor another test's: empty
    but for what does not depend on any project (the fonts' glyph ranges and the word
    lists: a subprocess would spend a second making them). Those are kept by the digest of
    what they were made from, so every test reads the shared ones through a link."""
    folder = tmp_path_factory.mktemp("roledoc-cache")
    for kind in SEEDED:
        if (shared_cache / kind).is_dir():
            (folder / kind).symlink_to(shared_cache / kind, target_is_directory=True)
    monkeypatch.setenv("ROLEDOC_CACHE", str(folder))
    return folder


@dataclass(frozen=True)
class BuiltExample:
    root: Path
    result: BuildResult

    @property
    def out(self) -> Path:
        return self.root / "build"


@pytest.fixture(scope="session")
def built_example(tmp_path_factory: pytest.TempPathFactory, shared_cache: Path) -> BuiltExample:
    """The repository's own example, built in every format outside git once per session (once
    per worker with `-n`), for the tests that only read what it wrote."""
    root = copy_example(tmp_path_factory.mktemp("example") / "project")
    return BuiltExample(root, build_document(root))


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
