"""roledoc's commands, run by the tests in their own process.

`roledoc(root, "check")` runs the real command line (pipeline.cli's `main`, through Click's
test runner) with `-C root` and answers as a finished process would: the exit status, what
went to stdout and what went to stderr, where a crash shows as Python's traceback. A new
process for every command would start Python and load the dictionaries again (a second and a
half each, most of the suite's time); the tests about the process itself (`python -m
pipeline`, signals, a killed build, no git program, the installed wheel) start a real one.
"""

from __future__ import annotations

import contextlib
import signal
import subprocess
import traceback
from collections.abc import Iterator
from pathlib import Path

from click.testing import CliRunner

from pipeline.cli import main


class TookTooLong(Exception):
    """The command did not finish within the test's deadline (a hang is a failure)."""


@contextlib.contextmanager
def _deadline(seconds: float | None) -> Iterator[None]:
    """Raise TookTooLong in the command after `seconds` (the test runs in the main thread;
    the pandoc and Typst children have deadlines of their own)."""
    if not seconds:
        yield
        return

    def expire(_signum: int, _frame: object) -> None:
        raise TookTooLong(f"no answer after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def roledoc(
    root: Path, *args: str, timeout: float | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    """`roledoc -C root ARGS` with the environment variables `env` set for the run; after
    `timeout` seconds the command is stopped and its answer is the traceback of TookTooLong."""
    command = ["-C", str(root), *args]
    with _deadline(timeout):
        result = CliRunner().invoke(main, command, env=env or None, catch_exceptions=True)
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        stderr += "".join(traceback.format_exception(result.exception))
    ran = ["roledoc", *command]
    return subprocess.CompletedProcess(ran, result.exit_code, result.stdout, stderr)


def pandoc(*args: str, text: str = "") -> str:
    """pandoc itself, as pypandoc ships it, reading `text`: pypandoc's convert functions would
    start two more pandocs each to list the formats it knows."""
    import pypandoc

    done = subprocess.run(
        [pypandoc.get_pandoc_path(), *args],
        input=text.encode("utf-8"),
        capture_output=True,
        check=True,
    )
    return done.stdout.decode("utf-8")
