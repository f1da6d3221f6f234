"""Where a Typst error points: the file and line in its diagnostic. Imported by the Typst
child and by `render` alike, so it imports nothing of roledoc."""

from __future__ import annotations

import os
import re

_WHERE = re.compile(r"┌─ ([^\n:]+):(\d+):\d+")


def where(exc: Exception) -> tuple[str, int] | None:
    """The file (as an absolute path) and line Typst's error points at, from its diagnostic,
    if it gives one."""
    found = _WHERE.search(str(getattr(exc, "diagnostic", "") or ""))
    return (os.path.abspath(found[1]), int(found[2])) if found else None
