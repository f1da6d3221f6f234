"""The text of a built PDF's pages (`pipeline.qa.pdftext`: as PDFium reads them), read once per
file and kept for the session: several tests read one built PDF. A file is known by its path,
size and time of change, so a rebuilt PDF is read again."""

from __future__ import annotations

import functools
from pathlib import Path

from pipeline.qa import pdftext


def page_texts(path: Path) -> list[str]:
    """Each page's text, in order (a copy: callers may change it)."""
    stat = Path(path).stat()
    return list(_read(str(path), stat.st_size, stat.st_mtime_ns))


@functools.lru_cache(maxsize=64)
def _read(path: str, _size: int, _changed: int) -> tuple[str, ...]:
    return tuple(pdftext.page_texts(Path(path)))
