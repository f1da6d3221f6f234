"""Running a build's render jobs: on a few workers, the longest first, within a memory budget.

The formats render in parallel, one worker per CPU. Typst laying out a long document and some
of pandoc's writers each need a lot of memory at their peak (at 2,000 contributions, about
1,000 pages: Typst 2.5 GB, pandoc's ODT writer 1.7 GB), so two of them side by side can pass
what a machine has to spare. Each job carries an estimate of its peak, which its caller
makes (for the formats, proportional to the size of the document's AST: formats/registry.py),
and a job starts only when its estimate and those of the jobs running fit the budget; a job
that alone exceeds the budget runs alone. The budget is half the machine's memory
(ROLEDOC_MEMORY_GB sets another: 2.4 keeps a 1,000-page build's whole process tree near
Typst's own peak, at the cost of running the formats one after another). Small documents
never wait: at 300 contributions every estimate is a few hundred MB.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass

GB = 1024**3
BUDGET_VARIABLE = "ROLEDOC_MEMORY_GB"


@dataclass(frozen=True)
class Job:
    name: str
    run: Callable[[], object]
    memory: int  # bytes it is expected to need at its peak


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
