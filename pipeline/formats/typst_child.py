"""Typst in a child process, so that a timeout or a memory limit can stop it.

    python -m pipeline.formats.typst_child JOB           one compile: a build's PDF
    python -m pipeline.formats.typst_child --warm JOB    the warm compiler of `roledoc watch`

JOB is JSON. The one compile (started by `render.compile_typst`) prints one line of JSON, its
warnings or Typst's error, and exits 1 on an error. The warm compiler (started by the watch's
`WarmTypst`) keeps one `render.TypstSession` and compiles once per line of JSON it reads,
answering with one line each. Both set their memory limit (JOB's `memory`, bytes of address
space) before they compile anything.

A child starts for every PDF a build makes, so this module imports only Typst and the
chapter balance; the warm compiler imports the rest it needs when it starts (once per watch).
"""

from __future__ import annotations

import ctypes
import datetime as dt
import json
import os
import resource
import signal
import sys
from pathlib import Path

import typst

from .balance import compile_balanced
from .typstwhere import where

PARENT = "ROLEDOC_PARENT"  # the environment variable with the starting process's id
PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """Stop when the build that started this child stops, even by SIGKILL: an orphan would
    go on writing into a staging folder that the next build removes. (Linux; elsewhere the
    child ends at its timeout or when its answer finds no reader.)"""
    if sys.platform != "linux":
        return
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.environ.get(PARENT) not in (None, str(os.getppid())):
        sys.exit(1)  # the parent was gone before the line above: its death signal never comes


def _limit_memory(job: dict) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (job["memory"], job["memory"]))


def compile_once(job: dict) -> int:
    """Compile JOB's source to its output as JOB's standards (PDF/A-2a and PDF/UA-1, or what
    document.yaml asks); print the warnings, or the error (exit status 1)."""
    _limit_memory(job)
    try:
        compiler = typst.Compiler(
            input=job["source"],
            root=job["root"],
            font_paths=job["fonts"],
            ignore_system_fonts=True,
            package_path=job["packages"],
            package_cache_path=job["packages"],
        )
        warnings = compile_balanced(
            compiler,
            job["source"],
            job["output"],
            pdf_standards=job["standards"],
            timestamp=dt.datetime.fromtimestamp(job["epoch"], tz=dt.UTC),
        )
    except typst.TypstError as exc:
        said = [str(exc.message), *map(str, getattr(exc, "hints", []))]
        print(json.dumps({"error": said, "where": where(exc)}))
        return 1
    print(json.dumps({"warnings": [str(getattr(w, "message", w)) for w in warnings or []]}))
    return 0


def serve_warm(job: dict) -> int:
    """One warm compiler in JOB's folder: for every line read ({staging, source, output,
    epoch}), one line written ({warnings} or {error}: the RoledocError's message, encoded)."""
    _limit_memory(job)
    from ..core.errors import RoledocError
    from ..infra.cache import encode_value
    from .render import TypstSession

    session = TypstSession(Path(job["folder"]))
    for line in sys.stdin:
        ask = json.loads(line)
        try:
            output, staging = Path(ask["output"]), Path(ask["staging"])
            standards = ask["standards"]
            warnings = session.compile(staging, ask["source"], output, ask["epoch"], standards)
            said: dict[str, object] = {"warnings": warnings}
        except RoledocError as exc:
            said = {"error": encode_value(exc.message)}
        print(json.dumps(said), flush=True)
    return 0


def main(argv: list[str]) -> int:
    _die_with_parent()
    if argv[:1] == ["--warm"]:
        return serve_warm(json.loads(argv[1]))
    return compile_once(json.loads(argv[0]))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
