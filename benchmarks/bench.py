"""`make bench`: how fast roledoc is on generated projects, next to the bare tools.

For 100, 500 and 2,000 contributions (about 1,000 pages at 2,000) it measures, each in a
fresh process as a user runs it: `check` (cold and with its cache), a cold build of all five
formats (per format and in total, with the peak memory of the whole process tree), a no-op
rebuild, and a rebuild after editing one contribution. In the same run it times the bare
pandoc and Typst calls on the same assembled Markdown, and a warm Typst compile after a small
edit against a cold one, and prints the ratios. The table goes to docs/benchmarks.md.

    python benchmarks/bench.py [SIZES...]      e.g. python benchmarks/bench.py 100 500
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pypandoc
import typst
from synthetic import generate

ROOT = Path(__file__).resolve().parent.parent
PANDOC = pypandoc.get_pandoc_path()
ROLEDOC = [sys.executable, "-m", "pipeline"]
TARGETS = {
    "cold build <= 0.6 x bare serial sum": lambda r: r["ratio"] <= 0.6,
    "no-op rebuild < 0.3 s": lambda r: r["noop"] < 0.3,
    "check (cached) < 1 s": lambda r: r["check_warm"] < 1.0,
    "peak memory < 2.5 GB": lambda r: r["peak"] < 2.5e9,
}


def _tree_rss(pid: int) -> int:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
                children.setdefault(int(stat[1]), []).append(int(entry))
            except (OSError, IndexError):
                pass
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        stack.extend(children.get(current, []))
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            pass
    return total


def run(command: list[str], cwd: Path | None = None) -> tuple[float, int, str]:
    """Wall time, peak memory of the process tree (sampled every 20 ms), and stdout."""
    started = time.perf_counter()
    child = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    peak = 0
    output: list[str] = []
    reader = threading.Thread(target=lambda: output.append(child.stdout.read()), daemon=True)
    reader.start()
    while child.poll() is None:
        peak = max(peak, _tree_rss(child.pid))
        time.sleep(0.02)
    reader.join()
    seconds = time.perf_counter() - started
    if child.returncode not in (0,):
        raise SystemExit(f"failed ({child.returncode}): {' '.join(command)}\n{''.join(output)}")
    return seconds, peak, "".join(output)


def best(command: list[str], times: int = 3) -> float:
    return min(run(command)[0] for _ in range(times))


def bare_tools(markdown: Path, work: Path) -> dict[str, float]:
    """The plain tool calls a script without roledoc would make, serially."""
    calls = {
        "md→typst": [PANDOC, str(markdown), "-s", "-t", "typst", "-o", str(work / "bare.typ")],
        "docx": [PANDOC, str(markdown), "-o", str(work / "bare.docx")],
        "html": [PANDOC, str(markdown), "-s", "--embed-resources", "-o", str(work / "b.html")],
        "epub": [PANDOC, str(markdown), "-o", str(work / "bare.epub")],
        "odt": [PANDOC, str(markdown), "-o", str(work / "bare.odt")],
    }
    times = {}
    for name, command in calls.items():
        times[name] = run(command, cwd=markdown.parent)[0]
    started = time.perf_counter()
    typst.compile(str(work / "bare.typ"), output=str(work / "bare.pdf"), pdf_standards="ua-1")
    times["typst→pdf"] = time.perf_counter() - started
    return times


WARM = """
import sys, time, typst
from pathlib import Path
work = Path(sys.argv[1]); source = work / "bare.typ"
compiler = typst.Compiler(root=str(work))
started = time.perf_counter()
compiler.compile(input=str(source), output=str(work / "w1.pdf"), pdf_standards="ua-1")
cold = time.perf_counter() - started
source.write_text(source.read_text("utf-8") + "\\nOne more sentence.\\n", "utf-8")
started = time.perf_counter()
compiler.compile(input=str(source), output=str(work / "w2.pdf"), pdf_standards="ua-1")
print(cold, time.perf_counter() - started)
"""


def warm_typst(work: Path) -> tuple[float, float]:
    """In a fresh process: a cold compile, then a warm one after a paragraph is appended
    (what `watch` does with its one compiler)."""
    output = run([sys.executable, "-c", WARM, str(work)])[2]
    cold, warm = (float(x) for x in output.split())
    return cold, warm


def measure(size: int) -> dict:
    with tempfile.TemporaryDirectory(prefix=f"roledoc-bench-{size}-") as folder:
        root = generate(Path(folder) / "project", size)
        cache = Path(folder) / "cache"
        os.environ["ROLEDOC_CACHE"] = str(cache)  # a cold cache, and not the user's
        project = [*ROLEDOC, "-C", str(root)]
        check_cold = run([*project, "check"])[0]
        check_warm = best([*project, "check"])
        shutil.rmtree(root / "build", ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)
        cold, peak, output = run([*project, "build"])
        formats = {
            m.group(1): float(m.group(2))
            for m in re.finditer(r"^\s+(\w+)\s+\S+\s+[\d.]+ [KM]B\s+([\d.]+) s$", output, re.M)
        }
        noop = best([*project, "build", "-q"])
        page = next((root / "contributions").rglob("bijdrage-00001.md"))
        page.write_text(page.read_text("utf-8") + "\nEen extra zin.\n", "utf-8")
        edit = run([*project, "build", "-q"])[0]
        work = Path(folder) / "bare"
        work.mkdir()
        markdown = root / "build" / "synthetisch.md"
        bare = bare_tools(markdown, work)
        warm_cold, warm = warm_typst(work)
    serial = sum(bare.values())
    return {
        "size": size,
        "check_cold": check_cold,
        "check_warm": check_warm,
        "cold": cold,
        "formats": formats,
        "peak": peak,
        "noop": noop,
        "edit": edit,
        "bare": bare,
        "serial": serial,
        "ratio": cold / serial,
        "typst_cold": warm_cold,
        "typst_warm": warm,
    }


def machine() -> str:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    return (
        f"{platform.machine()}, {os.cpu_count()} CPUs, {memory:.0f} GiB, "
        f"Python {platform.python_version()}, pandoc {pypandoc.get_pandoc_version()}, "
        f"typst {typst.__version__}"
    )


def table(results: list[dict]) -> str:
    def row(label: str, cell) -> str:
        return f"| {label} | " + " | ".join(cell(r) for r in results) + " |"

    lines = [
        "| | " + " | ".join(f"{r['size']:,} contributions" for r in results) + " |",
        "|---|" + "---|" * len(results),
        row("`check`, cold (no cache)", lambda r: f"{r['check_cold']:.2f} s"),
        row("`check`, with its cache", lambda r: f"{r['check_warm']:.2f} s"),
        row("cold build, 5 formats (wall)", lambda r: f"{r['cold']:.1f} s"),
    ]
    for fmt in ("pdf", "docx", "html", "epub", "odt"):
        lines.append(
            row(
                f"  {fmt} (render, in parallel)", lambda r, f=fmt: f"{r['formats'].get(f, 0):.1f} s"
            )
        )
    lines += [
        row("peak memory, whole process tree", lambda r: f"{r['peak'] / 1e9:.2f} GB"),
        row("no-op rebuild", lambda r: f"{r['noop']:.2f} s"),
        row("rebuild after editing one contribution", lambda r: f"{r['edit']:.1f} s"),
        row("bare tools, serial sum", lambda r: f"{r['serial']:.1f} s"),
    ]
    for tool in ("md→typst", "typst→pdf", "docx", "html", "epub", "odt"):
        lines.append(row(f"  bare {tool}", lambda r, t=tool: f"{r['bare'][t]:.1f} s"))
    lines += [
        row("**cold build ÷ bare serial sum**", lambda r: f"**{r['ratio']:.2f}**"),
        row("Typst: warm recompile after an edit", lambda r: f"{r['typst_warm']:.2f} s"),
        row("Typst: cold compile", lambda r: f"{r['typst_cold']:.2f} s"),
        row("**warm ÷ cold Typst**", lambda r: f"**{r['typst_warm'] / r['typst_cold']:.2f}**"),
    ]
    return "\n".join(lines)


def main(sizes: list[int]) -> None:
    results = []
    for size in sizes:
        print(f"measuring {size} contributions…", file=sys.stderr, flush=True)
        results.append(measure(size))
    text = table(results)
    largest = results[-1]
    verdicts = [
        f"- {'PASS' if test(largest) else 'FAIL'}: {name} (at {largest['size']:,})"
        for name, test in TARGETS.items()
    ]
    report = (
        f"Measured {dt.date.today().isoformat()} on {machine()}.\n\n{text}\n\n"
        + "\n".join(verdicts)
        + "\n"
    )
    print(report)
    target = ROOT / "docs" / "benchmarks.md"
    target.parent.mkdir(exist_ok=True)
    intro = target.read_text("utf-8").split("<!-- results -->")[0] if target.exists() else ""
    target.write_text(
        (intro or "# Benchmarks\n\n") + "<!-- results -->\n" + report, encoding="utf-8"
    )


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [100, 500, 2000])
