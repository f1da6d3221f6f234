"""What `check` remembers between runs: each file's own results, keyed by its content.

What a file says about itself (its fields, its body's facts and prose, its own problems)
depends on nothing else, so an unchanged file need not be parsed again. The results are one
data object in roledoc's cache (`cache.py` stores it), rebuilt only from `CACHED_TYPES`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar, cast

from ..core.diagnostics import Reporter
from ..core.messages import Message
from ..core.model import BodyFacts, Contribution, Diagnostic, Heading, Image, Link, Position
from ..core.paths import output_folder
from ..infra.cache import Cache, code_digest, stands_in
from ..text.language import Readability
from .yamlread import Split

T = TypeVar("T")

# What a cached check result may be made of; nothing else is rebuilt from the cache.
CACHED_TYPES = (
    Contribution,
    BodyFacts,
    Heading,
    Image,
    Link,
    Position,
    Readability,
    Split,
    Diagnostic,
    Message,
)
# A file's key: its path, what else the result depends on, and its content hash.
Key = tuple[str, ...]
# A file's result: what reading it gave, and the diagnostics it reported.
Result = tuple[object, list[Diagnostic]]


class CheckCache:
    """The results of the last run (`earlier`) and those this run used or made (`used`).

    A key is (path, language checker's key, content hash): a result holds the prose checker's
    verdicts, so a changed word list or rule is a miss. Diagnostics are kept as data (codes
    and parameters), so one result serves readers of any language.
    """

    def __init__(self, root: Path, scope: tuple[str, ...], max_bytes: int) -> None:
        self.store = Cache(root, output_folder(root))
        self.name = f"check-{code_digest()[:16]}.json"  # older code's results are not used
        stored = self.store.get_object(self.name, CACHED_TYPES)
        self.earlier: dict[Key, Result] = stored if isinstance(stored, dict) else {}
        self.used: dict[Key, Result] = {}
        self.root = root
        self.scope = scope
        self.max_bytes = max_bytes  # larger files are refused unread: their key is the path
        self.keys: dict[Path, Key | None] = {}

    def key(self, path: Path) -> Key | None:
        """The file's key, or None for a file the cache should not keep. Remembered per path,
        so deciding whether to read in parallel and reading each cost one pass over the file."""
        if path not in self.keys:
            self.keys[path] = self._content_key(path)
        return self.keys[path]

    def _content_key(self, path: Path) -> Key | None:
        try:
            if not path.is_file() or path.is_symlink():
                return None
            data = path.read_bytes() if path.stat().st_size <= self.max_bytes else b""
        except OSError:
            return None
        digest = hashlib.sha256(data).hexdigest()
        return (path.relative_to(self.root).as_posix(), *self.scope, digest)

    def is_miss(self, path: Path) -> bool:
        return self.key(path) not in self.earlier

    def recall(self, path: Path, read: Callable[[], T], reporter: Reporter) -> T:
        """read(), or what it gave and reported the last time for the same content."""
        key = self.key(path)
        if key is None:  # not a plain file: read() reports what is wrong
            return read()
        hit = self.earlier.get(key)
        if hit is None:
            before = len(reporter.found)
            value = read()
            hit = (value, reporter.found[before:])
        else:
            reporter.found.extend(hit[1])
        self.used[key] = hit
        return cast(T, hit[0])  # what read() gave for the same content

    def save(self) -> None:
        """Keep what this run used, and nothing else, when it differs from what was kept."""
        if self.used != self.earlier and not stands_in(self.root):
            self.store.put_object(self.name, self.used, replaces="check-")


class FileVerdicts:
    """Verdicts on files that depend on their bytes alone (an image decoded in full), kept
    between runs like the per-file results above: keyed by path and content hash, so a
    changed or renamed file is judged again, and only what this run used is kept."""

    def __init__(self, root: Path, kind: str, version: str = "") -> None:
        self.store = Cache(root, output_folder(root))
        self.prefix = f"{kind}-"
        self.name = f"{self.prefix}{code_digest()[:16]}.json"
        stored = self.store.get_object(self.name, (Message,))
        self.earlier: dict[Key, object] = stored if isinstance(stored, dict) else {}
        self.used: dict[Key, object] = {}
        self.root = root
        self.version = version  # of the library that judges: another one may judge otherwise

    def recall(self, path: Path, max_bytes: int, judge: Callable[[], T]) -> T:
        """judge(), or what it said the last time about the same bytes at the same path.
        A file larger than `max_bytes`, or one that cannot be read, is judged every time."""
        try:
            if path.stat().st_size > max_bytes:
                return judge()
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            return judge()
        key = (path.relative_to(self.root).as_posix(), self.version, digest)
        if key not in self.earlier:
            self.used[key] = judge()
        else:
            self.used[key] = self.earlier[key]
        return cast(T, self.used[key])  # what judge() said about the same bytes

    def save(self) -> None:
        if self.used != self.earlier and not stands_in(self.root):
            self.store.put_object(self.name, self.used, replaces=self.prefix)
