"""What git knows about the edition: version, commit, date, branch, history. The only module
that imports git.

Every question degrades to what is known, with a warning, instead of failing: a downloaded
zip, a shallow clone, a detached HEAD or a repository without tags still builds.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import cast

# Without a git program GitPython refuses to import; roledoc must still build (a ZIP
# download on a machine without git), so git is then simply a repository that is not there.
os.environ.setdefault("GIT_PYTHON_REFRESH", "quiet")
import git

from ..core.errors import RoledocError
from ..core.messages import Message, _
from ..core.paths import INPUTS


@dataclass(frozen=True)
class Provenance:
    version: str  # `git describe --tags --always` style plus -dirty, or "unversioned"
    commit: str | None
    date: dt.datetime | None  # the commit date, timezone-aware
    branch: str | None
    dirty: bool
    warnings: tuple[Message, ...] = ()


class GitError(RoledocError):
    """A git question that the user asked (a revision, a tag) cannot be answered."""


class UnsafeTree(GitError):
    """A commit whose tree holds a path that may not be written to disk."""


def _open(root: Path) -> git.Repo | None:
    """The repository holding `root`, or None: none there, or no git program to ask."""
    if not git_available():
        return None
    try:
        return git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return None


def git_available() -> bool:
    return shutil.which(os.environ.get("GIT_PYTHON_GIT_EXECUTABLE", "git")) is not None


def _prefix(repo: git.Repo, root: Path) -> Path:
    """Where `root` is in the repository's work tree, relative to its top."""
    # None only in a bare repository, which `_open` finds when `root` is inside one; Path(None)
    # then raises TypeError.
    work = cast(str, repo.working_tree_dir)
    return Path(root).resolve().relative_to(Path(work).resolve())


def _inputs(repo: git.Repo, root: Path) -> list[str]:
    prefix = _prefix(repo, root)
    return [str(prefix / name) if str(prefix) != "." else name for name in INPUTS]


def read_provenance(root: Path) -> Provenance:
    repo = _open(root)
    if repo is None:
        return Provenance(
            "unversioned",
            None,
            None,
            None,
            False,
            (_("not a git repository: the version is 'unversioned'"),),
        )
    with repo:
        try:
            head = repo.head.commit
        except ValueError:
            return Provenance(
                "unversioned", None, None, None, True, (_("the repository has no commits yet"),)
            )
        warnings = []
        status = repo.git.status("--porcelain", "--untracked-files=all", "--", *_inputs(repo, root))
        dirty = bool(status.strip())
        try:
            version = repo.git.describe("--tags", "--always", "--abbrev=7")
        except git.GitCommandError:
            version = head.hexsha[:7]
        # Editions come from editions.yaml; a tag is only a mirror, so a missing one is not
        # worth a warning (a fresh clone, a ZIP download or a CI checkout has none).
        if dirty:
            version += "-dirty"
            warnings.append(
                _(
                    "the document has changes that are not committed yet: commit them "
                    "(git commit) before you release an edition"
                )
            )
        try:
            branch: str | None = repo.active_branch.name
        except TypeError:  # a detached HEAD, as in most CI checkouts: nothing to warn about
            branch = None
        return Provenance(
            version, head.hexsha, head.committed_datetime, branch, dirty, tuple(warnings)
        )


def latest_tag(root: Path) -> str:
    """The most recent tag reachable from HEAD, or a GitError saying there is none."""
    repo = _open(root)
    if repo is None:
        raise GitError(_("not a git repository, so there is no earlier edition to compare with"))
    with repo:
        try:
            return repo.git.describe("--tags", "--abbrev=0")
        except git.GitCommandError:
            raise GitError(
                _("there is no tag yet: name an edition with --since REV (a tag or commit)")
            ) from None


def revision_exists(root: Path, revision: str) -> bool | None:
    """Whether git knows `revision`; None when it cannot tell (no repository, or a shallow
    clone that may simply not have fetched it)."""
    repo = _open(root)
    if repo is None or (Path(repo.git_dir) / "shallow").exists():
        return None
    with repo:
        try:
            repo.commit(revision)
        except (git.BadName, ValueError, git.GitCommandError):
            return False
    return True


def tracked_files(root: Path, folder: str) -> list[str]:
    """The files git tracks under `folder` of the project, relative to the project root;
    empty when there is no repository or git cannot tell."""
    repo = _open(root)
    if repo is None:
        return []
    with repo:
        try:
            prefix = _prefix(repo, root)
            listed = repo.git.ls_files("-z", "--", (prefix / folder).as_posix())
        except (ValueError, git.GitCommandError):
            return []
    return [
        PurePosixPath(name).relative_to(prefix.as_posix()).as_posix()
        if str(prefix) != "."
        else name
        for name in listed.split("\0")
        if name
    ]


def _unsafe_tree_path(path: str) -> Message | None:
    """Why a path in a commit's tree may not be written to disk, if so. git stores what it is
    given: a crafted commit can hold `..`, `.git` or an absolute path, which would write
    outside the folder (or into a repository's own settings)."""
    parts = path.split("/")
    if path.startswith("/") or "\\" in path or "\0" in path:
        return _("is absolute or holds a backslash")
    for part in parts:
        if part in {"", ".", ".."}:
            return _("leads out of the folder")
        if part.rstrip(". ").lower() == ".git" or part.lower().startswith(".git~"):
            return _("is a git folder")
    return None


def _unsafe_message(revision: str, path: str, reason: Message) -> Message:
    return _(
        "the commit {revision} holds '{path}', a path that {reason}: roledoc reads nothing from it",
        revision=revision,
        path=path,
        reason=reason,
    )


def unsafe_revision(root: Path, revision: str) -> Message | None:
    """Why the files of `revision` cannot be read (a path in its tree that would leave the
    folder); None when they can, or when git does not know the revision (asked elsewhere)."""
    repo = _open(root)
    if repo is None:
        return None
    with repo:
        return _unsafe_in(repo, revision)


def _unsafe_in(repo: git.Repo, revision: str, shown: str | None = None) -> Message | None:
    try:
        names = repo.git.ls_tree("-r", "-z", "--name-only", "--full-tree", revision)
    except (git.GitCommandError, ValueError):
        return None
    for path in names.split("\0"):
        if path:
            refused = _unsafe_tree_path(path)
            if refused is not None:
                return _unsafe_message(shown or revision, path, refused)
    return None


@contextmanager
def checkout_tree(root: Path, revision: str) -> Iterator[Path]:
    """The project's input files as they were at `revision`, in a temporary folder."""
    repo = _open(root)
    if repo is None:
        raise GitError(_("not a git repository, so earlier editions cannot be read"))
    folder = Path(tempfile.mkdtemp(prefix="roledoc-rev-"))
    try:
        with repo:
            try:
                commit = repo.commit(revision)
            except (git.BadName, ValueError, git.GitCommandError):
                raise GitError(
                    _("unknown revision '{revision}': use a tag or commit", revision=revision)
                ) from None
            prefix = PurePosixPath(_prefix(repo, root).as_posix())
            refused = _unsafe_in(repo, commit.hexsha, revision)  # before anything is written
            if refused is not None:
                raise UnsafeTree(refused)
            tree = commit.tree if str(prefix) == "." else commit.tree / str(prefix)
            for blob in tree.traverse():
                if not isinstance(blob, git.Blob):  # a tree or a submodule
                    continue
                relative = PurePosixPath(blob.path)
                if str(prefix) != ".":
                    relative = relative.relative_to(prefix)
                if relative.parts[0] not in INPUTS:
                    continue
                target = folder / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(blob.data_stream.read())
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def last_changed(root: Path, paths: list[str]) -> dict[str, dt.date]:
    """The date of the last commit that touched each path (project-relative), from one walk
    over the history; paths git does not know are left out."""
    repo = _open(root)
    if repo is None:
        return {}
    wanted = set(paths)
    found: dict[str, dt.date] = {}
    with repo:
        try:
            prefix = _prefix(repo, root)
            log = repo.git.log(
                "--format=@%cI", "--name-only", "--no-renames", "--", str(prefix) or "."
            )
        except (git.GitCommandError, ValueError):
            return {}
    current: dt.date | None = None
    for line in log.splitlines():
        if line.startswith("@"):
            current = dt.datetime.fromisoformat(line[1:]).date()
        elif line and current is not None:
            relative = os.path.relpath(line, prefix) if str(prefix) != "." else line
            if relative in wanted and relative not in found:
                found[relative] = current
    return found


def clean_head(root: Path) -> str:
    """The full HEAD commit, when the document's files hold no uncommitted changes: an
    edition must point at content that git has."""
    repo = _open(root)
    if repo is None:
        raise GitError(_("not a git repository: an edition records a commit, so commit first"))
    with repo:
        try:
            head = repo.head.commit.hexsha
        except ValueError:
            raise GitError(
                _("the repository has no commits yet: commit the document first")
            ) from None
        status = repo.git.status("--porcelain", "--untracked-files=all", "--", *_inputs(repo, root))
        if status.strip():
            raise GitError(
                _(
                    "there are uncommitted changes to the document; commit them first:\n{files}",
                    files=status,
                )
            )
        return head


def free_tag(root: Path, name: str) -> None:
    """Refuse, before anything is built or written, a tag that exists or a project outside
    git: `release --tag` must not record an edition it cannot tag."""
    repo = _open(root)
    if repo is None:
        raise GitError(_("not a git repository: an edition needs git to be tagged"))
    with repo:
        if name in {t.name for t in repo.tags}:
            raise GitError(_("the tag {name} exists already: choose a new version", name=name))


def commit_and_tag(root: Path, register: str, name: str, message: str) -> str:
    """Commit the register (that file alone) and tag the new commit as `name`.

    The tag must hold the edition it names: a build of the tag's tree (the release workflow's)
    finds the edition in its editions.yaml and says so. Tagging the content's commit, whose
    register does not yet list the edition, made that build a working draft. The register does
    not count as content, so the new commit is still the released edition.
    """
    free_tag(root, name)
    repo = _open(root)
    assert repo is not None  # free_tag refused a folder outside git
    with repo:
        status = repo.git.status("--porcelain", "--untracked-files=all", "--", *_inputs(repo, root))
        if status.strip():
            raise GitError(
                _(
                    "there are uncommitted changes to the document; commit them first:\n{files}",
                    files=status,
                )
            )
        path = str(root / register)
        try:
            repo.git.add("--", path)
            repo.git.commit("-q", "-m", message, "--only", "--", path)
            repo.create_tag(name, message=message)
        except git.GitCommandError as exc:
            raise GitError(
                _(
                    "git could not create the tag {name}: {problem}",
                    name=name,
                    problem=exc.stderr.strip(),
                )
            ) from None
        return repo.head.commit.hexsha


@dataclass(frozen=True)
class BaseChanges:
    """What a pull request changes: compared with where its history meets the base branch."""

    commit: str  # the merge base
    paths: tuple[str, ...]  # project-relative paths changed since, uncommitted and new included
    document: str | None  # document.yaml as it was at the merge base


def changes_since_base(root: Path, base: str) -> BaseChanges | None:
    """The changes since the merge base of HEAD and `base` (a branch, tag or commit); None
    when git cannot tell (no repository, an unknown base, no common history)."""
    repo = _open(root)
    if repo is None:
        return None
    with repo:
        try:
            commit = repo.git.merge_base("HEAD", base).strip()
            prefix = _prefix(repo, root)
            where = prefix.as_posix()
            relative = [f"--relative={where}/"] if where != "." else []
            changed = repo.git.diff("--name-only", "--no-renames", *relative, commit)
            new = repo.git.ls_files("--others", "--exclude-standard", "--", where)
            try:
                document = repo.git.show(f"{commit}:{PurePosixPath(where, 'document.yaml')}")
            except git.GitCommandError:
                document = None
        except (git.GitCommandError, ValueError):
            return None
    paths = changed.splitlines()
    paths += [os.path.relpath(line, where) if where != "." else line for line in new.splitlines()]
    return BaseChanges(commit, tuple(sorted(set(paths))), document)
