"""Time `roledoc check` on a synthetic project: `python benchmarks/check_speed.py [N ...]`.

Each size is generated in a temporary folder and checked five times in a fresh process
(`roledoc check`, as a user runs it); the best and median wall-clock times are printed.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from synthetic import generate


def time_check(root: Path, runs: int = 5) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "pipeline", "-C", str(root), "check"],
            capture_output=True,
            text=True,
        )
        times.append(time.perf_counter() - start)
        if result.returncode != 0:
            raise SystemExit(f"check failed on the synthetic project:\n{result.stdout[-2000:]}")
    return times


def main(sizes: list[int]) -> None:
    print(f"{'contributions':>13} {'best':>7} {'median':>7}   (roledoc check, 5 runs)")
    for size in sizes:
        with tempfile.TemporaryDirectory() as folder:
            root = generate(Path(folder), size)
            times = time_check(root)
            print(f"{size:>13} {min(times):>6.2f}s {statistics.median(times):>6.2f}s")


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [100, 500, 2000])
