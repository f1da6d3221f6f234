"""The content cache in build/.cache/: what was built from what, so nothing is done twice.

Everything here is keyed by content hashes (inputs, templates, tool versions, options), never
by file times, so a cache hit always means "the same bytes would come out". A cache that
cannot be read or written is simply a miss: the build goes on, a little slower.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
import tempfile
from collections.abc import Iterable
from pathlib import Path

from . import __version__

CACHE_DIR = ".cache"
# Bump when a change in roledoc makes old cache entries wrong.
SCHEMA = "roledoc-cache-3"


def digest(*parts: bytes | str) -> str:
    h = hashlib.sha256(SCHEMA.encode())
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tree_digest(root: Path, names: Iterable[str]) -> str:
    """One hash over the paths and contents of every file under the named entries."""
    h = hashlib.sha256(SCHEMA.encode())
    for name in sorted(names):
        top = root / name
        files = [top] if top.is_file() else sorted(p for p in top.rglob("*") if p.is_file())
        for path in files:
            try:
                data = path.read_bytes()
            except OSError:
                data = b"<unreadable>"
            h.update(path.relative_to(root).as_posix().encode())
            h.update(len(data).to_bytes(8, "little"))
            h.update(data)
    return h.hexdigest()


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class Cache:
    """build/.cache/ of one output folder."""

    def __init__(self, out_dir: Path) -> None:
        self.folder = out_dir / CACHE_DIR

    # -- the state of the last build: inputs fingerprint and every output's key and hash -------

    def load_state(self, edition: str = "full") -> dict:
        try:
            return json.loads((self.folder / f"state-{edition}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def save_state(self, state: dict, edition: str = "full") -> None:
        with contextlib.suppress(OSError):  # a cache that cannot be written is a miss
            data = json.dumps(state, indent=1).encode()
            _write_atomic(self.folder / f"state-{edition}.json", data)

    # -- normalised bodies ------------------------------------------------------------------

    def get_text(self, kind: str, key: str) -> str | None:
        try:
            return (self.folder / kind / key).read_text(encoding="utf-8")
        except OSError:
            return None

    def put_text(self, kind: str, key: str, text: str) -> None:
        with contextlib.suppress(OSError):  # a cache that cannot be written is a miss
            _write_atomic(self.folder / kind / key, text.encode("utf-8"))

    def keep_only(self, kind: str, keys: set[str]) -> None:
        """Forget the entries of `kind` that the last run did not use."""
        with contextlib.suppress(OSError):
            for entry in (self.folder / kind).iterdir():
                if entry.name not in keys:
                    entry.unlink(missing_ok=True)

    # -- whole-object entries (check results) -----------------------------------------------

    def get_object(self, name: str) -> object | None:
        try:
            with (self.folder / name).open("rb") as handle:
                return pickle.load(handle)
        except Exception:  # any unreadable or stale pickle is a miss
            return None

    def put_object(self, name: str, value: object, replaces: str = "") -> None:
        """Store `value` as `name`, removing other entries whose names start with `replaces`."""
        if replaces:
            with contextlib.suppress(OSError):
                for old in self.folder.glob(replaces + "*"):
                    if old.name != name:
                        old.unlink(missing_ok=True)
        with contextlib.suppress(OSError):  # a cache that cannot be written is a miss
            _write_atomic(self.folder / name, pickle.dumps(value, pickle.HIGHEST_PROTOCOL))


def tool_versions() -> str:
    from .render import toolchain

    tools = toolchain()
    return f"roledoc {__version__}; pandoc {tools.pandoc_version}; typst {tools.typst_version}"
