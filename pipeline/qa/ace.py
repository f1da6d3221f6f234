"""DAISY Ace, the reference accessibility checker for EPUB, on a built e-book: EPUB
Accessibility 1.1's package rules (metadata, page list and its source, language, title) and
axe-core's WCAG rules on every content document, in headless Chromium.

Ace comes from npm, and runs on Debian's Chromium, never on a browser of its own:
`PUPPETEER_SKIP_DOWNLOAD=1 npm install -g @daisy/ace-cli` installs the command-line checker
(`ace-cli`), and Ace is told where Chromium is (PUPPETEER_EXECUTABLE_PATH). The package
`@daisy/ace` brings Electron too, which downloads its program from GitHub when installed,
so it installs only with ELECTRON_SKIP_BINARY_DOWNLOAD=1 where nothing but the package
registries can be reached; its `ace-cli` then works, its `ace` (on Electron) does not.

`python -m pipeline.qa.ace FILE.epub ...` prints the verdict on each file.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .browser import find_chromium
from .validators import MissingTool

INSTALL_ACE = "DAISY Ace (PUPPETEER_SKIP_DOWNLOAD=1 npm install -g @daisy/ace-cli)"
COMMAND = "ace-cli"  # in @daisy/ace-cli, and in @daisy/ace
TIMEOUT = 600  # seconds for one book (the example takes seven)


@dataclass(frozen=True)
class Violation:
    """A rule Ace found broken, in one document of the book (or its package)."""

    rule: str  # "epub-pagesource", or an axe-core rule: "color-contrast"
    impact: str  # "minor", "moderate", "serious", "critical"
    document: str  # "EPUB/content.opf", "text/ch001.xhtml"


def find_ace() -> str:
    """Ace's command; MissingTool says how to install it."""
    found = shutil.which(COMMAND)
    if found is None:
        raise MissingTool(INSTALL_ACE)
    return found


def ace_report(epub: Path) -> dict:
    """Ace's report (its report.json) on the book at `epub`; raises RuntimeError when Ace
    writes none."""
    ace, chromium = find_ace(), find_chromium()
    environment = {
        **os.environ,
        "PUPPETEER_EXECUTABLE_PATH": chromium,
        "PUPPETEER_SKIP_DOWNLOAD": "1",
    }
    with tempfile.TemporaryDirectory(prefix="roledoc-ace-") as folder:
        out, scratch = Path(folder) / "report", Path(folder) / "scratch"
        scratch.mkdir()
        command = [ace, "--silent", "--force", "--outdir", str(out), "--tempdir", str(scratch)]
        done = subprocess.run(
            [*command, str(epub)],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            env=environment,
            check=False,
        )
        report = out / "report.json"
        if not report.is_file():
            said = (done.stderr or done.stdout).strip()
            raise RuntimeError(f"Ace wrote no report (exit {done.returncode}): {said[-500:]}")
        return json.loads(report.read_text(encoding="utf-8"))


def violations(report: dict) -> list[Violation]:
    """Every rule the report says is broken, once per document."""
    found = []
    for subject in report.get("assertions", []):
        document = subject.get("earl:testSubject", {}).get("url", "")
        for assertion in subject.get("assertions", []):
            if assertion.get("earl:result", {}).get("earl:outcome") != "fail":
                continue
            test = assertion.get("earl:test", {})
            found.append(
                Violation(test.get("dct:title", "?"), test.get("earl:impact", "?"), document)
            )
    return found


def version(report: dict) -> str:
    return str(report.get("earl:assertedBy", {}).get("doap:release", {}).get("doap:revision", "?"))


def ace_verdict(epub: Path) -> tuple[bool, str]:
    """The acceptance run's line: no violation at all, or each rule broken, with its impact
    and in how many documents."""
    report = ace_report(epub)
    found = violations(report)
    if not found:
        return True, f"0 violations (Ace {version(report)})"
    counts = Counter((v.rule, v.impact) for v in found)
    rules = [f"{rule} ({impact}, {count})" for (rule, impact), count in counts.most_common()]
    shown = ", ".join(rules[:6]) + (", ..." if len(rules) > 6 else "")
    return False, f"{len(found)} violation(s) (Ace {version(report)}): {shown}"


def main(argv: list[str]) -> int:
    failed = 0
    for name in argv:
        try:
            ok, detail = ace_verdict(Path(name))
        except MissingTool as exc:
            ok, detail = False, f"missing: {exc}"
        failed += not ok
        print(f"{'PASS' if ok else 'FAIL'}  {name}  {detail}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
