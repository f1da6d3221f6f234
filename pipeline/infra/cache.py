"""The content cache: what was built from what, so nothing is done twice.

It lives in the user's cache folder (`$XDG_CACHE_HOME/roledoc/`, or `ROLEDOC_CACHE`), one
folder per project and output folder, never inside the project: everything in a project,
`build/` included, can come from a pull request, and a cache there could be forged.
Entries are JSON, never pickles, and every entry carries its key and the hash of its value,
checked before use. Everything is keyed by content hashes (inputs, templates, tool versions,
options), never by file times, so a hit means "the same bytes would come out". A cache that
cannot be read, fails its check or cannot be written is simply a miss.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import hashlib
import json
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from pathlib import Path

from ..core.paths import PACKAGE

# Bump when a change in roledoc makes old cache entries wrong.
SCHEMA = "roledoc-cache-4"


def digest(*parts: bytes | str) -> str:
    h = hashlib.sha256(SCHEMA.encode())
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def tree_digest(root: Path, names: Iterable[str]) -> str:
    """One hash over the paths and contents of every file under the named entries.
    Links are hashed as links (their target's name), never followed. (Plain strings, not
    Path objects: a no-op build of 2,000 contributions spent half its hashing in pathlib.)"""
    h = hashlib.sha256(SCHEMA.encode())
    base = os.fspath(root)
    for name in sorted(names):
        for relative in _walk_relative(base, name):
            full = os.path.join(base, relative)
            try:
                info = os.lstat(full)
                if stat.S_ISLNK(info.st_mode):
                    data = b"<link>" + os.readlink(full).encode("utf-8", "surrogateescape")
                elif stat.S_ISREG(info.st_mode):
                    with open(full, "rb") as handle:
                        data = handle.read()
                else:
                    continue
            except OSError:
                data = b"<unreadable>"
            h.update(relative.replace(os.sep, "/").encode("utf-8", "surrogateescape"))
            h.update(len(data).to_bytes(8, "little"))
            h.update(data)
    return h.hexdigest()


def _walk_relative(base: str, name: str) -> list[str]:
    """`name` under `base` and every file or link below it, relative to `base`, in the order
    of walk_files, without following links."""
    top = os.path.join(base, name)
    if not os.path.isdir(top) or os.path.islink(top):
        return [name] if os.path.lexists(top) else []
    found: list[tuple[tuple[str, ...], str]] = []
    for folder, dirs, files in os.walk(top):
        dirs.sort()
        relative = os.path.relpath(folder, base)
        parts = tuple(relative.split(os.sep))
        found.extend(((*parts, f), os.path.join(relative, f)) for f in files)
        found.extend(
            ((*parts, d), os.path.join(relative, d))
            for d in dirs
            if os.path.islink(os.path.join(folder, d))
        )
    return [path for _, path in sorted(found)]


def walk_files(top: Path) -> list[Path]:
    """`top` and every file or link below it, sorted, without following links."""
    if not top.is_dir() or top.is_symlink():
        return [top] if os.path.lexists(top) else []
    found: list[Path] = []
    for folder, dirs, files in os.walk(top):
        dirs.sort()
        base = Path(folder)
        found.extend(base / name for name in files)
        found.extend(base / name for name in dirs if (base / name).is_symlink())
    return sorted(found)


def cache_home() -> Path:
    """Where roledoc keeps its caches: ROLEDOC_CACHE, else the XDG cache folder."""
    if os.environ.get("ROLEDOC_CACHE"):
        return Path(os.environ["ROLEDOC_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "roledoc"


def write_atomic(path: Path, data: bytes, mode: int | None = None) -> None:
    """Replace `path` in one step, never half written; `mode` for a file people share (a
    temporary file is private to its owner)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _seal(key: str, value: object) -> bytes:
    body = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    sealed = {"key": key, "sha256": hashlib.sha256(body.encode()).hexdigest(), "value": body}
    return json.dumps(sealed, ensure_ascii=False).encode("utf-8")


def _unseal(key: str, data: bytes, hook=None) -> object | None:
    """The value of a sealed entry, or None unless it is the entry for `key`, intact."""
    try:
        sealed = json.loads(data)
        body = sealed["value"]
        if sealed["key"] != key or hashlib.sha256(body.encode()).hexdigest() != sealed["sha256"]:
            return None
        return json.loads(body, object_hook=hook)
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


# Scratch checkouts that use their project's cache (a review import renders and checks the
# project's committed files in one): (scratch root, project root), both real paths.
_STAND_INS: ContextVar[tuple[tuple[str, str], ...]] = ContextVar("cache_stand_ins", default=())


@contextlib.contextmanager
def stand_in(scratch: Path, project_root: Path) -> Iterator[None]:
    """While inside, a Cache of `scratch` is `project_root`'s: what its files have in common
    with the project's (most of them) is not read and normalised again."""
    pair = (os.path.realpath(scratch), os.path.realpath(project_root))
    token = _STAND_INS.set((*_STAND_INS.get(), pair))
    try:
        yield
    finally:
        _STAND_INS.reset(token)


def stands_in(root: Path) -> bool:
    """Whether `root` is a scratch checkout using its project's cache (which it reads, but
    must not rewrite with what only the scratch copy holds)."""
    real = os.path.realpath(root)
    return any(real == scratch for scratch, _project in _STAND_INS.get())


class Cache:
    """The cache of one project building into one output folder."""

    def __init__(self, project_root: Path, out_dir: Path) -> None:
        root, out = os.path.realpath(project_root), os.path.realpath(out_dir)
        for scratch, project in _STAND_INS.get():
            if root == scratch:
                root = project
                out = os.path.join(project, os.path.relpath(out, scratch))
        where = f"{root}\0{out}"
        self.folder = cache_home() / hashlib.sha256(where.encode()).hexdigest()[:24]

    def _get(self, relative: str, key: str, hook=None) -> object | None:
        try:
            return _unseal(key, (self.folder / relative).read_bytes(), hook)
        except OSError:
            return None

    def _put(self, relative: str, key: str, value: object) -> None:
        with contextlib.suppress(OSError):  # a cache that cannot be written is a miss
            write_atomic(self.folder / relative, _seal(key, value))

    # -- the state of the last build: inputs fingerprint and every output's key and hash -------

    def load_state(self, edition: str = "full") -> dict:
        state = self._get(f"state-{edition}.json", f"state-{edition}")
        return state if isinstance(state, dict) else {}

    def save_state(self, state: dict, edition: str = "full") -> None:
        self._put(f"state-{edition}.json", f"state-{edition}", state)

    # -- normalised bodies ------------------------------------------------------------------

    def get_text(self, kind: str, key: str) -> str | None:
        value = self._get(f"{kind}/{key}", key)
        return value if isinstance(value, str) else None

    def put_text(self, kind: str, key: str, text: str) -> None:
        self._put(f"{kind}/{key}", key, text)

    def keep_only(self, kind: str, keys: set[str]) -> None:
        """Forget the entries of `kind` that the last run did not use."""
        with contextlib.suppress(OSError):
            for entry in (self.folder / kind).iterdir():
                if entry.name not in keys:
                    entry.unlink(missing_ok=True)

    # -- whole-object entries (check results), as data ----------------------------------------

    def get_object(self, name: str, types: Iterable[type]) -> object | None:
        """The value stored as `name`, rebuilt from JSON; only `types` may appear in it."""
        return self._get(name, name, value_decoder({t.__name__: t for t in types}))

    def put_object(self, name: str, value: object, replaces: str = "") -> None:
        """Store `value` as `name`, removing other entries whose names start with `replaces`."""
        if replaces:
            with contextlib.suppress(OSError):
                for old in self.folder.glob(replaces + "*"):
                    if old.name != name:
                        old.unlink(missing_ok=True)
        self._put(name, name, encode_value(value))

    def folder_for(self, name: str) -> Path:
        """A private working folder in the cache (the warm Typst compiler's, say)."""
        folder = self.folder / name
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        return folder


def encode_value(value: object) -> object:
    """Frozen dataclasses, tuples, dicts, dates and scalars as plain JSON data."""
    if value is None or isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, tuple):
        return {"$tuple": [encode_value(item) for item in value]}
    if isinstance(value, list):
        return [encode_value(item) for item in value]
    if isinstance(value, dict):
        return {"$dict": [[encode_value(k), encode_value(v)] for k, v in value.items()]}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: encode_value(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"$type": type(value).__name__, "fields": fields}
    raise TypeError(f"cannot cache a {type(value).__name__}")


def value_decoder(types: dict[str, type]):
    """The JSON object hook that undoes `encode_value`; a type not in `types` is refused
    (KeyError, which makes the entry a miss)."""

    def decode(data: dict) -> object:
        if "$tuple" in data:
            return tuple(data["$tuple"])
        if "$dict" in data:
            return dict(data["$dict"])
        if "$date" in data:
            return dt.date.fromisoformat(data["$date"])
        if "$type" in data:
            return types[data["$type"]](**data["fields"])
        return data

    return decode


@functools.cache
def code_digest() -> str:
    """A hash of roledoc's own code and built-in templates: what was cached is only valid for
    the code that made it (a new release, or a developer's edit)."""
    here = PACKAGE
    return tree_digest(here, sorted(p.name for p in here.iterdir() if p.name != "__pycache__"))
