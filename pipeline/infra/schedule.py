"""Running a build's render jobs: on a few workers, the longest first, within a memory budget.

The formats render in parallel, one worker per CPU. Typst laying out a long document and some
of pandoc's writers each need a lot of memory at their peak (at 2,000 contributions, about
1,000 pages: Typst 2.5 GB, pandoc's ODT writer 1.7 GB), so two of them side by side can pass
what a machine has to spare. Each job carries an estimate of its peak, proportional to the
size of the document's AST, and a job starts only when its estimate and those of the jobs
running fit the budget; a job that alone exceeds the budget runs alone. The budget is half
the machine's memory (ROLEDOC_MEMORY_GB sets another: 2.4 keeps a 1,000-page build's whole
process tree near Typst's own peak, at the cost of running the formats one after another).
Small documents never wait: at 300 contributions every estimate is a few hundred MB.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass

MB = 1024**2
GB = 1024**3
BUDGET_VARIABLE = "ROLEDOC_MEMORY_GB"

# Peak memory (maximum resident set) per byte of the AST's JSON, measured alone at 2,000
# contributions (19.3 MB of JSON; docs/benchmarks.md). pdf: the Typst layout, the larger of
# its two steps (pandoc's Typst writer takes 0.8 GB); markdown: writing <output>.md.
PER_AST_BYTE = {"pdf": 125, "odt": 80, "markdown": 50, "docx": 42, "epub": 40, "html": 40}
BASE = 120 * MB  # a pandoc or Typst process before it reads anything


@dataclass(frozen=True)
class Job:
    name: str
    run: Callable[[], object]
    memory: int  # bytes it is expected to need at its peak


def estimate(kind: str, ast_bytes: int) -> int:
    """The expected peak memory of rendering `kind` from an AST of `ast_bytes` bytes."""
    return BASE + PER_AST_BYTE.get(kind, 100) * ast_bytes


def budget() -> int:
    """The memory a build may use at once: ROLEDOC_MEMORY_GB when it is a number, else half
    of this machine's memory."""
    try:
        return int(float(os.environ[BUDGET_VARIABLE]) * GB)
    except (KeyError, ValueError):
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2


def run_jobs(jobs: list[Job], workers: int, limit: int) -> dict[str, object]:
    """Run every job and return {name: result}. A free worker takes the first job, in the
    given order, whose estimate fits next to the jobs running (or any job when none runs).
    Every job runs to its end; then the first failure, in the given order, is raised."""
    waiting = list(jobs)
    results: dict[str, object] = {}
    failures: dict[str, BaseException] = {}
    state = {"used": 0, "running": 0}
    ready = threading.Condition()

    def take() -> Job | None:
        with ready:
            while True:
                if not waiting:
                    return None
                for job in waiting:
                    if state["running"] == 0 or state["used"] + job.memory <= limit:
                        waiting.remove(job)
                        state["used"] += job.memory
                        state["running"] += 1
                        return job
                ready.wait()

    def work() -> None:
        while (job := take()) is not None:
            try:
                results[job.name] = job.run()
            except BaseException as exc:
                failures[job.name] = exc
            finally:
                with ready:
                    state["used"] -= job.memory
                    state["running"] -= 1
                    ready.notify_all()

    threads = [threading.Thread(target=work) for _ in range(max(1, min(workers, len(jobs))))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for job in jobs:
        if job.name in failures:
            raise failures[job.name]
    return results
