"""Edit-to-preview time of `roledoc watch --serve`: save a contribution, poll the server until
the served page shows the new text.

    python benchmarks/preview.py [--contributions 300] [--edits 5]

Runs the watcher with its preview server on a free port (as `watch --serve` does, HTML first
then PDF) on a temporary copy of the example project, or on a generated project of N
contributions, and prints the median of the edits and where the HTML rebuild spent its time
(the build's progress steps). Each edit waits for the PDF after it, so edits do not queue.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import generate  # noqa: E402
from pipeline.core.messages import text  # noqa: E402
from pipeline.preview.preview import Preview, PreviewServer  # noqa: E402
from pipeline.preview.watcher import watch_project  # noqa: E402

EXAMPLE = ("document.yaml", "editions.yaml", "sections", "contributions", "templates", "words.txt")


def example_copy(target: Path) -> Path:
    target.mkdir()
    for name in EXAMPLE:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        elif source.exists():
            shutil.copy2(source, target / name)
    return target


def edit_to_preview(project: Path, edits: int, show: bool = False) -> float:
    """The median seconds from saving a contribution to the served page showing it."""
    messages: list[str] = []
    steps: list[tuple[float, str]] = []
    stop = threading.Event()

    def progress(said) -> None:
        steps.append((time.perf_counter(), text(said)))

    def settled(count: int) -> None:  # "Changed", "Preview updated", the PDF's summary
        while len(messages) < count:
            time.sleep(0.02)

    with PreviewServer(Preview(), port=0) as server:
        args = (project, False, None, messages.append, stop, 50, server.preview, progress)
        thread = threading.Thread(target=watch_project, args=args, daemon=True)
        started = time.perf_counter()
        thread.start()
        while not any("Ctrl-C" in m for m in messages):
            time.sleep(0.05)
        if show:
            print(f"first build (HTML + PDF): {time.perf_counter() - started:.2f} s")
        target = sorted((project / "contributions").rglob("*.md"))[-1]
        if target.name == "participants.yaml":  # pragma: no cover
            raise SystemExit("no contribution to edit")
        figures = []
        for number in range(edits):
            marker = f"Bewerking{number}x{int(time.time())}"
            count = len(messages) + 3
            steps.clear()
            saved = time.perf_counter()
            with target.open("a", encoding="utf-8") as file:
                file.write(f"\n{marker} staat nu in de tekst.\n")
            while True:
                with urllib.request.urlopen(server.url) as response:
                    if marker in response.read().decode("utf-8"):
                        break
                time.sleep(0.01)
            shown = time.perf_counter()
            figures.append(shown - saved)
            settled(count)
            pdf = time.perf_counter() - saved
            previous, parts = saved, []
            for moment, said in steps:
                parts.append(f"{moment - previous:.2f} → {said}")
                previous = moment
            if show:
                print(f"edit {number + 1}: page {shown - saved:.2f} s, PDF done {pdf:.2f} s")
                print("    " + " | ".join(parts))
        stop.set()
        thread.join(timeout=30)
    return statistics.median(figures)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contributions", type=int, default=0, help="0: the example project")
    parser.add_argument("--edits", type=int, default=5)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        if options.contributions:
            project = generate(Path(folder) / "project", options.contributions)
        else:
            project = example_copy(Path(folder) / "project")
        median = edit_to_preview(project, options.edits, show=True)
        print(f"median edit → served page: {median:.2f} s over {options.edits} edits")


if __name__ == "__main__":
    main()
