"""Reading many files at once: one forked process per CPU, when there are enough to read.

Forked, so what the parent has loaded (the word list, the check cache) is shared, not
loaded again. Each worker reads its share with the parent's own reading function and sends
back the values, the diagnostics each one reported and the cache entries it made; the
parent merges them in the files' order, so a parallel run reports what a serial one does.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from ..core.diagnostics import Reporter
from ..core.model import Diagnostic
from .checkcache import RECENT, CheckCache, Key, Result

R = TypeVar("R")

MAX_WORKERS = 4
PARALLEL_FROM = 400  # below this many files to read, starting workers costs more than it saves
Pending = Sequence[tuple[Path, Any]]
_WORKER: tuple[Pending, Callable[[Path, Any], Any], Reporter, CheckCache] | None = None


def read_all(
    pending: Pending,
    read: Callable[[Path, Any], R],
    reporter: Reporter,
    cache: CheckCache,
    before_fork: Callable[[], object] = lambda: None,
) -> list[R]:
    """read(path, item) for every pending file, in order; `read` reports to `reporter` and
    remembers through `cache`. When many files are not in the cache, they are read by
    forked workers, after `before_fork()` has loaded what they all need."""
    workers = min(os.cpu_count() or 1, MAX_WORKERS)
    misses = sum(1 for path, _ in pending if cache.is_miss(path))
    if workers < 2 or misses < PARALLEL_FROM or "fork" not in mp.get_all_start_methods():
        return [read(path, item) for path, item in pending]
    before_fork()
    global _WORKER
    _WORKER = (pending, read, reporter, cache)
    chunks = [list(range(i, len(pending), workers)) for i in range(workers)]
    with mp.get_context("fork").Pool(workers) as pool:
        parts = pool.map(_read_chunk, chunks)
    _WORKER = None
    values: list[Any] = [None] * len(pending)
    for results, used in parts:
        for index, value, found in results:
            values[index] = value
            reporter.found.extend(found)
        cache.used.update(used)
        for key, result in used.items():
            RECENT.put(key, result)
    return values


def _read_chunk(
    indices: list[int],
) -> tuple[list[tuple[int, object, list[Diagnostic]]], dict[Key, Result]]:
    """In a forked worker: read some of the pending files; return values, their diagnostics
    and the cache entries made."""
    assert _WORKER is not None
    pending, read, reporter, cache = _WORKER
    reporter.found = []
    cache.used = {}
    results = []
    for index in indices:
        path, item = pending[index]
        before = len(reporter.found)
        value = read(path, item)
        results.append((index, value, reporter.found[before:]))
    return results, cache.used
