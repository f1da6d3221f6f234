"""What git knows about the edition: version, commit, date, branch. The only module that
imports git.

Every question degrades to "unknown" with a warning instead of failing: a downloaded zip,
a shallow clone, a detached HEAD or a repository without tags still builds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import git


@dataclass(frozen=True)
class Provenance:
    version: str  # `git describe --tags --always --dirty` style, or "unversioned"
    commit: str | None
    date: dt.datetime | None  # the commit date, timezone-aware
    branch: str | None
    dirty: bool
    warnings: tuple[str, ...] = ()


def read_provenance(root: Path) -> Provenance:
    try:
        repo = git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return Provenance("unversioned", None, None, None, False, ("not a git repository",))
    with repo:
        try:
            head = repo.head.commit
        except ValueError:
            return Provenance("unversioned", None, None, None, True, ("no commits yet",))
        warnings = []
        dirty = repo.is_dirty(untracked_files=True, path=str(root))
        try:
            version = repo.git.describe("--tags", "--always", "--abbrev=7")
        except git.GitCommandError:
            version = head.hexsha[:7]
        if not repo.tags:
            warnings.append("no tags: the version is the commit hash")
        if dirty:
            version += "-dirty"
            warnings.append("uncommitted changes: the version is marked -dirty")
        try:
            branch = repo.active_branch.name
        except TypeError:
            branch = None
        return Provenance(
            version, head.hexsha, head.committed_datetime, branch, dirty, tuple(warnings)
        )
