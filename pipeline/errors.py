"""Errors the user sees as `Error: ...` with exit status 1, never as a traceback."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click


class RoledocError(click.ClickException):
    """A problem the user can act on; Click prints the message and exits with status 1."""

    exit_code = 1


class WriteError(RoledocError):
    """An output folder could not be written (read-only, full disk): which one and why."""

    def __init__(self, folder: Path, exc: OSError, lang: str) -> None:
        reason = exc.strerror or str(exc)
        if exc.filename:
            reason += f" ({exc.filename})"
        message = {
            "nl": f"kon niet schrijven in de map {folder}: {reason}; er is niets vervangen",
        }.get(lang, f"could not write to the folder {folder}: {reason}; nothing was replaced")
        super().__init__(message)


class SlowTextError(RoledocError):
    """pandoc gave no result for a batch of texts; names them, so one can be found."""

    def __init__(self, paths: list[str], seconds: int, lang: str) -> None:
        names = ", ".join(paths)
        message = {
            "nl": f"pandoc gaf na {seconds} s geen resultaat bij het lezen van: {names}; "
            "kijk in deze bestanden naar veel losse opmaaktekens (` * _ [ ])",
        }.get(
            lang,
            f"pandoc gave no result after {seconds} s reading: {names}; look in these files "
            "for many unclosed markup characters (` * _ [ ])",
        )
        super().__init__(message)


@contextmanager
def writing_to(folder: Path, lang: str) -> Iterator[None]:
    """Turn a failure to write (read-only folder, full disk) into a WriteError naming
    `folder`."""
    try:
        yield
    except OSError as exc:
        raise WriteError(folder, exc, lang) from None
