"""Errors the user sees as `Error: ...` (in the reader's language) with exit status 1, never
as a traceback. Plain exceptions: the command line (`pipeline/cli/`) shows them; nothing here
knows Click."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from .messages import Message, _, os_reason, reader_language, text
from .model import Diagnostic


class RoledocError(Exception):
    """A problem the user can act on: its message (a `Message`, or text from a tool such as
    pandoc) is shown in the reader's language, and the exit status is 1."""

    exit_code = 1

    def __init__(self, message: Message | str) -> None:
        super().__init__(message)
        self.message: Message | str = message

    def format_message(self) -> str:
        return text(self.message, reader_language())

    def __str__(self) -> str:
        return self.format_message()

    def show(self, file: IO[Any] | None = None) -> None:
        said = _("Error: {message}", message=self.format_message()).render(reader_language())
        stream = file if file is not None else sys.stderr
        stream.write(said + "\n")
        stream.flush()


class DiagnosticsError(RoledocError):
    """Refused for diagnostics found on the way (a build's own guards): shown as `check`
    shows them."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = tuple(diagnostics)
        super().__init__(self.format_message())

    def format_message(self) -> str:
        from .report_formats import format_lines

        return format_lines(self.diagnostics, reader_language())


class WriteError(RoledocError):
    """An output folder could not be written (read-only, full disk): which one and why."""

    def __init__(self, folder: Path, exc: OSError) -> None:
        reason = os_reason(exc)
        if exc.filename:
            reason = _("{reason} ({file})", reason=reason, file=str(exc.filename))
        super().__init__(
            _(
                "could not write to the folder {folder}: {reason}; nothing was replaced",
                folder=folder,
                reason=reason,
            )
        )


class SlowTextError(RoledocError):
    """pandoc gave no result for a batch of texts; names them, so one can be found."""

    def __init__(self, paths: list[str], seconds: int) -> None:
        super().__init__(
            _(
                "pandoc gave no result after {seconds} s reading: {names}; look in these files "
                "for many unclosed markup characters (` * _ [ ])",
                seconds=seconds,
                names=", ".join(paths),
            )
        )


@contextmanager
def writing_to(folder: Path) -> Iterator[None]:
    """Turn a failure to write (read-only folder, full disk) into a WriteError naming
    `folder`."""
    try:
        yield
    except OSError as exc:
        raise WriteError(folder, exc) from None
