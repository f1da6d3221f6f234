"""The render schedule: every job runs, the longest first, never two whose memory passes the
budget side by side, and a failure is raised only after every job has finished."""

from __future__ import annotations

import os
import threading
import time

import pytest

from pipeline.formats.registry import estimate
from pipeline.infra.schedule import GB, Job, budget, run_jobs


def recorder():
    log: list[tuple[str, str]] = []
    lock = threading.Lock()

    def job(name: str, seconds: float = 0.05, fail: bool = False):
        def run() -> str:
            with lock:
                log.append(("start", name))
            time.sleep(seconds)
            with lock:
                log.append(("end", name))
            if fail:
                raise RuntimeError(name)
            return name.upper()

        return run

    return log, job


def overlapping(log: list[tuple[str, str]]) -> set[frozenset[str]]:
    running: set[str] = set()
    pairs = set()
    for event, name in log:
        if event == "start":
            pairs |= {frozenset((name, other)) for other in running}
            running.add(name)
        else:
            running.discard(name)
    return pairs


def test_jobs_that_fit_run_side_by_side_in_the_given_order() -> None:
    log, job = recorder()
    jobs = [Job(n, job(n), 1 * GB) for n in ("pdf", "odt", "epub")]
    assert run_jobs(jobs, workers=2, limit=3 * GB) == {"pdf": "PDF", "odt": "ODT", "epub": "EPUB"}
    assert [name for event, name in log if event == "start"][:2] == ["pdf", "odt"]
    assert frozenset(("pdf", "odt")) in overlapping(log)


def test_two_heavy_jobs_never_overlap_but_a_light_one_runs_beside_a_heavy_one() -> None:
    log, job = recorder()
    jobs = [
        Job("pdf", job("pdf", 0.2), 2 * GB),
        Job("odt", job("odt"), 1.5 * GB),
        Job("docx", job("docx"), 0.3 * GB),
    ]
    run_jobs(jobs, workers=2, limit=int(2.4 * GB))
    pairs = overlapping(log)
    assert frozenset(("pdf", "odt")) not in pairs
    assert frozenset(("pdf", "docx")) in pairs  # the first job that fits is taken


def test_a_job_larger_than_the_budget_runs_alone() -> None:
    log, job = recorder()
    jobs = [Job("huge", job("huge"), 9 * GB), Job("small", job("small"), 1)]
    assert run_jobs(jobs, workers=2, limit=GB) == {"huge": "HUGE", "small": "SMALL"}
    assert not overlapping(log)


def test_every_job_finishes_before_the_first_failure_is_raised() -> None:
    log, job = recorder()
    jobs = [Job("a", job("a", fail=True), 1), Job("b", job("b", 0.1), 1)]
    with pytest.raises(RuntimeError, match="a"):
        run_jobs(jobs, workers=2, limit=GB)
    assert ("end", "b") in log


def test_the_budget_and_estimates(monkeypatch) -> None:
    monkeypatch.setenv("ROLEDOC_MEMORY_GB", "6")
    assert budget() == 6 * GB
    monkeypatch.setenv("ROLEDOC_MEMORY_GB", "lots")
    half = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2
    assert budget() == half
    assert estimate("pdf", 19_000_000) > estimate("docx", 19_000_000) > estimate("docx", 1000)
