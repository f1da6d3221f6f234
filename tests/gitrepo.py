"""Real temporary git repositories for tests: commits with fixed dates, tags, clones."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"


def git(root: Path, *args: str, date: str = "2017-06-01T12:00:00+02:00") -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Editor",
        "GIT_AUTHOR_EMAIL": "editor@example.org",
        "GIT_COMMITTER_NAME": "Editor",
        "GIT_COMMITTER_EMAIL": "editor@example.org",
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
    }
    done = subprocess.run(
        ["git", *args], cwd=root, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def commit_all(root: Path, message: str, date: str = "2017-06-01T12:00:00+02:00") -> str:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message, date=date)
    return git(root, "rev-parse", "HEAD")


def new_repository(root: Path, fixture: str = "valid") -> Path:
    """A copy of a fixture project as a git repository with one commit."""
    shutil.copytree(FIXTURES / fixture, root)
    (root / ".gitignore").write_text("build/\n", encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    commit_all(root, "First edition", "2017-06-01T12:00:00+02:00")
    return root


REPOSITORY = Path(__file__).parent.parent
EXAMPLE = ("document.yaml", "words.txt", "sections", "contributions", "templates")


def copy_example(root: Path) -> Path:
    """The repository's own example document project, copied outside git."""
    root.mkdir(parents=True)
    for name in EXAMPLE:
        source = REPOSITORY / name
        (shutil.copytree if source.is_dir() else shutil.copyfile)(source, root / name)
    return root


def fixture_with_text(root: Path, page: str, text: str) -> Path:
    """A copy of the valid fixture project whose contribution `page` ends in `text`."""
    shutil.copytree(FIXTURES / "valid", root)
    path = root / page
    path.write_text(path.read_text("utf-8") + f"\n{text}\n", "utf-8")
    return root
