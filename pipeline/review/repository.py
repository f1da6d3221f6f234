"""The git side of a review import: the sources as they were exported, a scratch checkout of
HEAD to render and check in, and the review branch with one commit per contribution and
author. The user's working tree is never touched."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

from ..core.errors import RoledocError
from ..core.messages import _
from ..read.projectfiles import MAX_FILE_BYTES, write_bytes
from ..text.markdown import slugify
from .export import fingerprint

HISTORY = 500  # commits searched for the version of a source that was exported


class ReviewRepository:
    """The project's repository at HEAD, and a new branch for the review's commits."""

    def __init__(self, root: Path, reviewer: str, today: dt.date) -> None:
        import git

        try:
            self.repo = git.Repo(root, search_parent_directories=True)
            self.head = self.repo.head.commit
        except (git.InvalidGitRepositoryError, git.NoSuchPathError, ValueError):
            raise RoledocError(
                _("review import needs the project in a git repository with a commit")
            ) from None
        self.top = Path(self.repo.working_tree_dir or root).resolve()
        self.prefix = root.resolve().relative_to(self.top)
        name = f"review/{slugify(reviewer) or 'reviewer'}-{today.isoformat()}"
        taken = {head.name for head in self.repo.heads}
        self.branch = name
        number = 2
        while self.branch in taken:
            self.branch, number = f"{name}-{number}", number + 1

    @property
    def label(self) -> str:
        """The branch's name without `review/`: also the name of the notes' folder."""
        return self.branch.removeprefix("review/")

    def read(self, path: str, commit: object | None = None) -> bytes | None:
        """A project file as committed at HEAD (or `commit`): a regular file within the
        limit of a project file, or None (a link, a folder, a file too large)."""
        tree = (commit or self.head).tree  # type: ignore[attr-defined]
        try:
            blob = tree / (self.prefix / path).as_posix()
        except KeyError:
            return None
        regular = blob.type == "blob" and blob.mode & 0o170000 == 0o100000
        if not regular or blob.size > MAX_FILE_BYTES:
            return None
        return blob.data_stream.read()

    def exported(self, path: str, print_: str) -> bytes | None:
        """The version of a source whose fingerprint is `print_`: HEAD's, or an earlier
        commit's (the contribution changed since the export); None when git has no such
        version (it was exported from uncommitted work)."""
        current = self.read(path)
        if current is not None and fingerprint(current) == print_:
            return current
        try:
            commits = self.repo.iter_commits(
                self.head, paths=(self.prefix / path).as_posix(), max_count=HISTORY
            )
            for commit in commits:
                data = self.read(path, commit)
                if data is not None and fingerprint(data) == print_:
                    return data
        except Exception:
            return None
        return None

    def at_commit(self, commit: str, path: str) -> bytes | None:
        try:
            found = self.repo.commit(commit)
        except Exception:
            return None
        return self.read(path, found)

    @contextlib.contextmanager
    def checkout(self) -> Iterator[Path]:
        """A scratch checkout of HEAD (a git worktree), removed afterwards."""
        folder = tempfile.mkdtemp(prefix="roledoc-review-")
        self.repo.git.worktree("add", "--quiet", "--detach", folder, self.head.hexsha)
        self.folder = Path(folder)
        try:
            yield self.folder / self.prefix
        finally:
            with contextlib.suppress(Exception):
                self.repo.git.worktree("remove", "--force", folder)

    def commit(self, tree: Path, commits: list[tuple[str, dict[str, str], str]]) -> str | None:
        """The review branch, made in the checkout at `tree`: one commit per (author, files,
        message), in order; None when there is nothing to commit."""
        if not commits:
            return None
        import git

        worker = git.Git(self.folder)
        identity = []
        for key, fallback in (("user.name", "roledoc"), ("user.email", "roledoc@localhost")):
            try:
                self.repo.git.config("--get", key)
            except git.GitCommandError:  # not configured: git would refuse to commit
                identity += ["-c", f"{key}={fallback}"]
        # Renders wrote other versions into the checkout: back to HEAD first.
        worker.execute(["git", "checkout", "--quiet", "--", "."])
        worker.execute(["git", "checkout", "--quiet", "-b", self.branch])
        made = 0
        for author, files, message in commits:
            for path, text in files.items():
                write_bytes(tree, tree / path, text.encode("utf-8"))  # follows no link
            worker.execute(["git", "add", "--", *[(self.prefix / p).as_posix() for p in files]])
            name = " ".join(re.sub(r"[<>]", "", author).split())[:100] or "reviewer"
            worker.execute(
                ["git", *identity, "commit", "--quiet", f"--author={name} <>", "-m", message]
            )
            made += 1
        if not made:
            worker.execute(["git", "checkout", "--quiet", "--detach"])
            self.repo.git.branch("-D", self.branch)
            return None
        return self.branch


def merge_file(base: str, ours: str, theirs: str) -> str | None:
    """`ours` and `theirs`, two versions of `base`, merged by git's three-way merge (`git
    merge-file`); None when they conflict."""
    with tempfile.TemporaryDirectory() as folder:
        names = ("base", "ours", "theirs")
        base_file, ours_file, theirs_file = (Path(folder) / name for name in names)
        base_file.write_text(base, encoding="utf-8")
        ours_file.write_text(ours, encoding="utf-8")
        theirs_file.write_text(theirs, encoding="utf-8")
        done = subprocess.run(
            ["git", "merge-file", "-p", str(ours_file), str(base_file), str(theirs_file)],
            capture_output=True,
            check=False,
        )
    return done.stdout.decode("utf-8") if done.returncode == 0 else None
