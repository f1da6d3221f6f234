"""What `check` remembers between runs: each file's own results, keyed by its content.

What a file says about itself (its fields, its body's facts and prose, its own problems)
depends on nothing else, so an unchanged file need not be parsed again. The results are one
data object in roledoc's cache (`cache.py` stores it), rebuilt only from `CACHED_TYPES`.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar, cast

from ..core.diagnostics import Reporter
from ..core.messages import Message
from ..core.model import BodyFacts, Contribution, Diagnostic, Heading, Image, Link, Position
from ..core.paths import output_folder
from ..infra.cache import Cache, code_digest, stands_in
from ..text.language import Readability
from .projectfiles import TooLarge, UnsafeFile, read_bytes
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


class Recent:
    """The results this process made or used last, whichever project they came from: a key
    holds everything a result depends on, so the same file in another checkout of the same
    project (a review's worktree, a second clone, the old edition) is not read again."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.results: OrderedDict[Key, Result] = OrderedDict()
        self.lock = threading.Lock()  # files are read in threads

    def get(self, key: Key) -> Result | None:
        with self.lock:
            hit = self.results.get(key)
            if hit is not None:
                self.results.move_to_end(key)
            return hit

    def clear(self) -> None:
        with self.lock:
            self.results.clear()

    def put(self, key: Key, result: Result) -> None:
        with self.lock:
            self.results[key] = result
            self.results.move_to_end(key)
            while len(self.results) > self.size:
                self.results.popitem(last=False)


RECENT = Recent(20_000)  # results; a few thousand contributions in a few checkouts


class CheckCache:
    """The results of the last run (`earlier`) and those this run used or made (`used`).

    A key is (path, language checker's key, whether its prose is checked, content hash): a
    result holds the prose checker's verdicts, so a changed word list or rule is a miss.
    Diagnostics are kept as data (codes and parameters), so one result serves readers of any
    language. A result is a frozen value: the cache hands the same one to every reader.
    """

    def __init__(
        self,
        root: Path,
        scope: tuple[str, ...],
        max_bytes: int,
        quiet: frozenset[str] = frozenset(),
    ) -> None:
        self.store = Cache(root, output_folder(root))
        self.name = f"check-{code_digest()[:16]}.json"  # older code's results are not used
        stored = self.store.get_object(self.name, CACHED_TYPES)
        self.earlier: dict[Key, Result] = stored if isinstance(stored, dict) else {}
        self.used: dict[Key, Result] = {}
        self.root = root
        self.scope = scope
        self.max_bytes = max_bytes  # larger files are refused unread: their key is the path
        self.quiet = quiet  # files whose prose is not checked
        self.keys: dict[Path, Key | None] = {}

    def key(self, path: Path) -> Key | None:
        """The file's key, or None for a file the cache should not keep. Remembered per path,
        so deciding whether to read in parallel and reading each cost one pass over the file."""
        if path not in self.keys:
            self.keys[path] = self._content_key(path)
        return self.keys[path]

    def _content_key(self, path: Path) -> Key | None:
        """Read as the check reads the file: one it cannot read has no key (nor a result
        kept, since that depends on more than the bytes); one over the limit has its path."""
        try:
            data = read_bytes(self.root, path, self.max_bytes)
        except TooLarge:
            data = b""
        except (UnsafeFile, OSError):
            return None
        digest = hashlib.sha256(data).hexdigest()
        rel = path.relative_to(self.root).as_posix()
        return (rel, *self.scope, "quiet" if rel in self.quiet else "prose", digest)

    def is_miss(self, path: Path) -> bool:
        key = self.key(path)
        return key not in self.earlier and (key is None or RECENT.get(key) is None)

    def recall(self, path: Path, read: Callable[[], T], reporter: Reporter) -> T:
        """read(), or what it gave and reported the last time for the same content."""
        key = self.key(path)
        if key is None:  # not a plain file: read() reports what is wrong
            return read()
        hit = self.earlier.get(key) or RECENT.get(key)
        if hit is None:
            before = len(reporter.found)
            value = read()
            hit = (value, reporter.found[before:])
        else:
            reporter.found.extend(hit[1])
        RECENT.put(key, hit)
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
