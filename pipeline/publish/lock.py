"""The output folder, one build at a time: its lock, and the staging folders a build writes
in before it publishes (those a killed build left behind are removed under the lock)."""

from __future__ import annotations

import fcntl
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..core.errors import RoledocError
from ..core.messages import _
from .plan import Progress

STAGING_PREFIX = ".staging-"
LOCK_NAME = ".roledoc.lock"
LOCK_WAIT = 900  # seconds a second build waits for the first before giving up
STALE_ATTEMPTS = 5  # removals of a stale staging folder that something still writes into


@contextmanager
def output_lock(out_dir: Path, progress: Progress) -> Iterator[None]:
    """One build at a time per output folder; a second one waits, then gives up clearly."""
    # O_NOFOLLOW: a link in the output folder must not make the lock touch another file.
    descriptor = os.open(out_dir / LOCK_NAME, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
    with os.fdopen(descriptor, "r+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            progress(_("waiting for another build that is writing to {folder}", folder=out_dir))
            deadline = time.monotonic() + LOCK_WAIT
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise RoledocError(
                            _(
                                "another build has been writing to {folder} for {seconds} s; "
                                "try again when it has finished",
                                folder=out_dir,
                                seconds=LOCK_WAIT,
                            )
                        ) from None
                    time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def remove_stale_staging(out_dir: Path) -> None:
    """Staging folders left by a build that was killed: with the lock held, none is live.
    A pandoc the killed build started may still write a file for a moment (the Typst child
    dies with its build), so a folder that is not empty at the end is tried again."""
    for stale in out_dir.glob(STAGING_PREFIX + "*"):
        for attempt in range(STALE_ATTEMPTS):
            shutil.rmtree(stale, ignore_errors=True)
            if not stale.exists():
                break
            time.sleep(0.05 * (attempt + 1))
