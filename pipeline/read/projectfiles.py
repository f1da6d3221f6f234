"""The one way roledoc reads and writes files of a project.

Everything in a project can come from a pull request: a contribution, `words.txt`,
`requirements.txt`, `editions.yaml`, `build/`, an assets folder, each of them possibly a link to
`/dev/zero`, to `~/.ssh`, or to a file somewhere else that roledoc would then overwrite. So
every command reads and writes project files only through this module:

- **Reading** takes a regular file inside the project (a link is followed only while it stays
  inside), of at most `limit` bytes; a link leaving the project, a link loop, a device, a named
  pipe or a file over the limit is refused with the reason, naming the file.
- **Writing** goes into a folder chain of real folders inside the project (no part of it a
  link: a write follows no link at all), through a temporary file renamed into place, so a
  write is whole or not done. A link where the file goes is replaced, never followed.

`UnsafeFile` carries the file (relative to the project) and the reason; the commands show it
as their error, `check` reports it as RD108.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from ..core.errors import RoledocError
from ..core.messages import Message, _, megabytes, os_reason
from ..infra.cache import write_atomic

MAX_FILE_BYTES = 1_000_000  # a project's text files (a contribution is far smaller)


class UnsafeFile(RoledocError):
    """A project file roledoc will not read or write, and why."""

    def __init__(self, name: str, reason: Message | str) -> None:
        super().__init__(
            _(
                "{name} cannot be used: {reason}; put a real copy of the file there",
                name=name,
                reason=reason,
            )
        )
        self.name = name
        self.reason = reason


class TooLarge(UnsafeFile):
    """A project file over its limit (`size` bytes, as far as it was read)."""

    def __init__(self, name: str, size: int, limit: int) -> None:
        super().__init__(
            name,
            _(
                "it is {size}, more than the limit of {limit}",
                size=megabytes(size),
                limit=megabytes(limit),
            ),
        )
        self.size = size
        self.limit = limit


class UnreadableFile(UnsafeFile):
    """A project file that may be read but cannot be (permissions, a disk error)."""


def relative(root: Path, path: Path) -> str:
    """`path` as the project names it (posix, relative to `root`), as far as it can be."""
    try:
        return Path(os.path.abspath(path)).relative_to(os.path.abspath(root)).as_posix()
    except ValueError:
        return str(path)


def problem(root: Path, path: Path, limit: int | None = MAX_FILE_BYTES) -> Message | str | None:
    """Why the file at `path` may not be read as a file of the project at `root`; None when it
    may (a regular file inside the project, at most `limit` bytes; `limit=None`: any size)."""
    try:
        real = Path(os.path.realpath(path, strict=True))
        info = os.stat(real)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return _("a link that leads back to itself")
        if os.path.islink(path):
            return _("a link to nothing")
        return os_reason(exc)
    if not real.is_relative_to(Path(os.path.realpath(root))):
        return _("it points outside the project, to {target}", target=str(real))
    if not stat.S_ISREG(info.st_mode):
        return _("not a regular file")
    if limit is not None and info.st_size > limit:
        return _(
            "it is {size}, more than the limit of {limit}",
            size=megabytes(info.st_size),
            limit=megabytes(limit),
        )
    return None


def read_bytes(root: Path, path: Path, limit: int | None = MAX_FILE_BYTES) -> bytes:
    """The bytes of a project file; `UnsafeFile` when it may not be read (see `problem`).
    The file is opened without blocking and read no further than the limit, so a file swapped
    for a pipe or grown since it was looked at still cannot make roledoc wait or read on."""
    name = relative(root, path)
    reason = problem(root, path, limit=None)
    if reason is not None:
        raise UnsafeFile(name, reason)
    size = os.stat(path).st_size
    if limit is not None and size > limit:
        raise TooLarge(name, size, limit)
    try:
        descriptor = os.open(os.path.realpath(path), os.O_RDONLY | os.O_NONBLOCK)
        with os.fdopen(descriptor, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise UnsafeFile(name, _("not a regular file"))
            data = handle.read(limit + 1) if limit is not None else handle.read()
    except OSError as exc:  # a file that is what it should be, but cannot be read
        raise UnreadableFile(name, os_reason(exc)) from None
    if limit is not None and len(data) > limit:  # grown since it was looked at
        raise TooLarge(name, len(data), limit)
    return data


def read_text(root: Path, path: Path, limit: int | None = MAX_FILE_BYTES) -> str:
    """A project file's text (UTF-8, a BOM dropped); `UnsafeFile` when it may not be read or
    is not UTF-8."""
    data = read_bytes(root, path, limit)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnsafeFile(relative(root, path), _("it is not UTF-8 text")) from None


def folder(root: Path, path: Path) -> Path:
    """The folder `path` inside the project, made where it is missing; `UnsafeFile` when a
    part of it (from the project's root on) is a link or not a folder."""
    name = relative(root, path)
    try:
        parts = Path(os.path.abspath(path)).relative_to(os.path.abspath(root)).parts
    except ValueError:
        raise UnsafeFile(name, _("it is outside the project")) from None
    current = Path(root)
    for part in parts:
        if part in {"", ".", ".."}:
            raise UnsafeFile(name, _("it is outside the project"))
        current = current / part
        if current.is_symlink():
            raise UnsafeFile(relative(root, current), _("a link, where roledoc writes"))
        if current.exists() and not current.is_dir():
            raise UnsafeFile(relative(root, current), _("not a folder"))
        if not current.exists():
            try:
                current.mkdir()
            except OSError as exc:
                raise UnsafeFile(relative(root, current), os_reason(exc)) from None
    return current


def write_bytes(root: Path, path: Path, data: bytes, *, new: bool = False) -> Path:
    """Write a project file whole (a temporary file renamed into place) in a folder chain
    without links; a link at `path` itself is replaced, not followed. With `new`, an existing
    file (or link) there is refused instead."""
    parent = folder(root, path.parent)
    target = parent / path.name
    name = relative(root, target)
    if new and (target.is_symlink() or target.exists()):
        raise UnsafeFile(name, _("it exists already"))
    if target.exists() and not target.is_symlink() and not target.is_file():
        raise UnsafeFile(name, _("not a regular file"))
    kept = target.is_file() and not target.is_symlink()
    try:  # the cache's own whole-or-nothing write, keeping the file's mode
        write_atomic(target, data, mode=os.stat(target).st_mode & 0o777 if kept else 0o644)
    except OSError as exc:
        raise UnsafeFile(name, os_reason(exc)) from None
    return target


def write_text(root: Path, path: Path, text: str, *, new: bool = False) -> Path:
    """`write_bytes` of UTF-8 text."""
    return write_bytes(root, path, text.encode("utf-8"), new=new)
