"""README's samples of what roledoc prints, made by running this checkout's roledoc on a fresh
clone of the repository (the example document), so that they cannot go stale.

    python tools/readme_samples.py            rewrite the samples in README.md
    python tools/readme_samples.py --check    exit 1, naming them, when samples differ
    python tools/readme_samples.py --accept   also the acceptance run (needs LibreOffice,
                                              Java, `pip install 'roledoc[accept]'` and
                                              DAISY Ace, which `make accept` installs)

A sample is the fenced block right after a line `<!-- sample: NAME -->`. Times and file sizes
change from run to run: `--check` compares the samples with them taken out.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
README = REPOSITORY / "README.md"
MARKER = re.compile(r"^<!-- sample: ([a-z-]+) -->\n```\n(.*?)```\n", re.MULTILINE | re.DOTALL)
# What changes between two runs of the same commit: sizes, times, and the commit itself.
VOLATILE = re.compile(r"\d+(?:\.\d+)? (?:KB|s)\b|\([0-9a-f]{7,}\)")


def _build(output: str) -> str:
    """The build's summary without its progress lines, two contributions and one output."""
    lines = [line for line in output.splitlines() if not line.startswith("…")]
    shown: list[str] = []
    section = ""
    kept = 0
    for line in lines:
        if not line.startswith("  "):
            section, kept = line, 0
            shown.append(line)
            continue
        kept += 1
        if section.startswith(("Opgenomen", "Uitvoer")) and kept > 2:
            if kept == 3:
                shown.append("  ...")
            continue
        shown.append(line)
    return "\n".join(shown) + "\n"


def _changelog(output: str) -> str:
    """The changelog's first three sections."""
    blocks = output.rstrip("\n").split("\n\n")
    return "\n\n".join(blocks[:4]) + ("\n  ...\n" if len(blocks) > 4 else "\n")


def _whole(output: str) -> str:
    return output if output.endswith("\n") else output + "\n"


# name -> (arguments after `python -m`, how the output is shortened, whether it needs tools)
SAMPLES: dict[str, tuple[list[str], Callable[[str], str], bool]] = {
    "build": (["pipeline", "build"], _build, False),
    "changelog": (["pipeline", "changelog", "--since", "1.0", "--published"], _changelog, False),
    "accept": (["pipeline.qa.accept"], _whole, True),
}


def run_samples(accept: bool) -> dict[str, str]:
    """Each sample's text, from a fresh clone of this repository."""
    found = {}
    with tempfile.TemporaryDirectory(prefix="roledoc-samples-") as folder:
        clone = Path(folder) / "example"
        subprocess.run(["git", "clone", "-q", str(REPOSITORY), str(clone)], check=True)
        env = {**os.environ, "PYTHONPATH": str(REPOSITORY)}
        tools = REPOSITORY / ".tools" / "node_modules" / ".bin"  # DAISY Ace (make accept)
        env["PATH"] = os.pathsep.join(
            [str(Path(sys.executable).parent), str(tools), env.get("PATH", "")]
        )
        for name, (args, shorten, needs_tools) in SAMPLES.items():
            if needs_tools and not accept:
                continue
            done = subprocess.run(
                [sys.executable, "-P", "-m", *args],
                cwd=clone,
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            found[name] = shorten(done.stdout)
    return found


def current_samples(readme: str) -> dict[str, str]:
    return {match[1]: match[2] for match in MARKER.finditer(readme)}


def with_samples(readme: str, samples: dict[str, str]) -> str:
    def replace(match: re.Match[str]) -> str:
        name = match[1]
        body = samples.get(name, match[2])
        return f"<!-- sample: {name} -->\n```\n{body}```\n"

    return MARKER.sub(replace, readme)


def steady(text: str) -> str:
    """A sample with its times, sizes and commit taken out, for comparing two runs."""
    return VOLATILE.sub("#", text)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--accept", action="store_true")
    args = parser.parse_args()
    readme = README.read_text(encoding="utf-8")
    made = run_samples(args.accept)
    if args.check:
        written = current_samples(readme)
        stale = [name for name in made if steady(written.get(name, "")) != steady(made[name])]
        for name in stale:
            print(f"README.md: the sample '{name}' is stale; run python tools/readme_samples.py")
        return 1 if stale else 0
    README.write_text(with_samples(readme, made), encoding="utf-8")
    print(f"README.md: {', '.join(made)} written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
