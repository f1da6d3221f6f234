"""The HTML edition measured in a real browser, headless Chromium: reflow and axe-core.

- **Reflow** (WCAG 2.1 SC 1.4.10): at 320 CSS px, a 1280 px window zoomed to 400 % or a
  phone, the page must not scroll sideways: `document.documentElement.scrollWidth` is at most
  the viewport's width. When it is wider, the offending elements are named: those that reach
  past the right edge while their parent does not, and that no scrolling region of their own
  holds (a wide table scrolls inside its `.table-scroll`, which is allowed).
- **axe-core** with the tags wcag2a, wcag2aa, wcag21a and wcag21aa: each rule it finds
  violated, with the number of elements.

Chromium is Debian's (`apt-get install chromium`), driven by Playwright's Python client and
never by a browser Playwright downloads itself; axe-core's script is the one
axe-playwright-python ships. Both are in `roledoc[accept]`. The page loads nothing but its
own file: the HTML edition is one self-contained page, and any other request is refused.

`python -m pipeline.qa.browser FILE.html ... [--screenshot PNG]` prints the measurements of
each file and saves how the first one looks at 320 px.
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from .validators import MissingTool

WIDTHS = (320, 1280)
HEIGHT = 800
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
TIMEOUT_MS = 120_000
_LOCAL = ("file:", "data:", "blob:", "about:")
INSTALL_CHROMIUM = "Chromium (apt-get install chromium)"
INSTALL_EXTRA = "pip install 'roledoc[accept]'"

# The elements past the viewport's right edge whose parent is not, that no scrolling or
# clipping ancestor holds: what makes the page scroll sideways.
_OFFENDERS = """
() => {
  const edge = window.innerWidth + 0.5;
  const held = (element) => {
    for (let up = element.parentElement; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== "visible") return true;
    }
    return false;
  };
  const found = [];
  for (const element of document.body.querySelectorAll("*")) {
    const box = element.getBoundingClientRect();
    if (box.right <= edge || box.width === 0 || held(element)) continue;
    const parent = element.parentElement;
    if (parent !== document.body && parent.getBoundingClientRect().right > edge) continue;
    let name = element.tagName.toLowerCase();
    if (element.id) name += "#" + element.id;
    else if (element.classList.length) name += "." + [...element.classList].join(".");
    const text = (element.textContent || "").replace(/\\s+/g, " ").trim().slice(0, 40);
    found.push(`${name} ${Math.round(box.width)} px wide to ${Math.round(box.right)} px`
      + (text ? ` ("${text}")` : ""));
  }
  return found;
}
"""


@dataclass(frozen=True)
class Reflow:
    """How wide the page is at one viewport width, and what makes it wider."""

    viewport: int
    page_width: int
    offenders: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return self.page_width <= self.viewport


@dataclass(frozen=True)
class Violation:
    """An axe-core rule the page breaks, on how many elements."""

    rule: str
    impact: str
    count: int


def find_chromium() -> str:
    """The system's Chromium (or Google Chrome, as GitHub's runners have it); MissingTool
    says how to install it."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    raise MissingTool(INSTALL_CHROMIUM)


def axe_script() -> str:
    try:
        return (resources.files("axe_playwright_python") / "axe.min.js").read_text("utf-8")
    except (ModuleNotFoundError, FileNotFoundError) as exc:
        raise MissingTool(f"axe-core ({INSTALL_EXTRA}: axe-playwright-python)") from exc


class Chromium:
    """One headless Chromium for several pages (each start costs about a second)."""

    def __init__(self, browser: Any) -> None:
        self._browser = browser

    @contextlib.contextmanager
    def page(self, html: Path, width: int) -> Iterator[Any]:
        """`html` opened in a fresh window `width` CSS px wide, offline."""
        context = self._browser.new_context(viewport={"width": width, "height": HEIGHT})
        try:
            context.set_default_timeout(TIMEOUT_MS)
            context.route(lambda url: not url.startswith(_LOCAL), lambda route: route.abort())
            page = context.new_page()
            page.goto(html.resolve().as_uri(), wait_until="load")
            yield page
        finally:
            context.close()

    def reflow(self, html: Path, width: int) -> Reflow:
        with self.page(html, width) as page:
            page_width = int(page.evaluate("document.documentElement.scrollWidth"))
            viewport = int(page.evaluate("window.innerWidth"))
            offenders = page.evaluate(_OFFENDERS) if page_width > viewport else []
        return Reflow(viewport, page_width, tuple(offenders))

    def axe(self, html: Path, width: int) -> list[Violation]:
        script = axe_script()
        with self.page(html, width) as page:
            page.evaluate(script)
            found = page.evaluate(
                "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
                " resultTypes: ['violations']})",
                list(AXE_TAGS),
            )
        return [
            Violation(v["id"], str(v.get("impact") or ""), len(v["nodes"]))
            for v in found["violations"]
        ]

    def axe_at(self, html: Path, widths: Sequence[int]) -> list[Violation]:
        """The violations at every width, each rule once with the most elements it had at
        any width (a rule may apply only where the layout is narrow), most first."""
        worst: dict[str, Violation] = {}
        for width in widths:
            for violation in self.axe(html, width):
                seen = worst.get(violation.rule)
                if seen is None or violation.count > seen.count:
                    worst[violation.rule] = violation
        return sorted(worst.values(), key=lambda v: (-v.count, v.rule))

    def screenshot(self, html: Path, target: Path, width: int = WIDTHS[0]) -> None:
        with self.page(html, width) as page:
            page.screenshot(path=str(target), full_page=True)


@contextlib.contextmanager
def chromium() -> Iterator[Chromium]:
    """A headless Chromium of the system's; MissingTool when it or Playwright is missing."""
    executable = find_chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        raise MissingTool(f"Playwright ({INSTALL_EXTRA})") from exc
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=list(CHROMIUM_ARGS)
        )
        try:
            yield Chromium(browser)
        finally:
            browser.close()


def measure_reflow(html: Path, widths: Sequence[int] = WIDTHS) -> list[Reflow]:
    """The page's width at each viewport width."""
    with chromium() as browser:
        return [browser.reflow(html, width) for width in widths]


def axe_violations(html: Path, widths: Sequence[int] = WIDTHS) -> list[Violation]:
    """axe-core's WCAG 2.1 A and AA violations at each width (`Chromium.axe_at`)."""
    with chromium() as browser:
        return browser.axe_at(html, widths)


def describe_reflow(measured: Sequence[Reflow], limit: int = 4) -> str:
    parts = []
    for reflow in measured:
        part = f"at {reflow.viewport} px the page is {reflow.page_width} px wide"
        if reflow.offenders:
            shown = "; ".join(reflow.offenders[:limit])
            more = len(reflow.offenders) - limit
            part += f" ({shown}{f'; {more} more' if more > 0 else ''})"
        parts.append(part)
    return "; ".join(parts)


def describe_violations(violations: Sequence[Violation]) -> str:
    if not violations:
        return "0 violations"
    listed = ", ".join(f"{v.rule} ({v.impact}) {v.count}" for v in violations)
    return f"{len(violations)} violation(s): {listed}"


def reflow_verdict(html: Path) -> tuple[bool, str]:
    """The acceptance run's reflow check: passed, and what was measured."""
    measured = measure_reflow(html)
    return all(r.ok for r in measured), describe_reflow(measured)


def axe_verdict(html: Path) -> tuple[bool, str]:
    """The acceptance run's axe-core check: passed, and the violations."""
    violations = axe_violations(html)
    return not violations, describe_violations(violations)


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.qa.browser", description=__doc__)
    parser.add_argument("html", nargs="+", type=Path)
    parser.add_argument("--screenshot", type=Path, help="PNG of the first file at 320 px")
    args = parser.parse_args(argv)
    failed = False
    try:
        with chromium() as browser:
            for html in args.html:
                measured = [browser.reflow(html, width) for width in WIDTHS]
                violations = browser.axe_at(html, WIDTHS)
                print(f"{html}\n  reflow: {describe_reflow(measured)}")
                print(f"  axe-core: {describe_violations(violations)}")
                failed |= not all(r.ok for r in measured) or bool(violations)
            if args.screenshot:
                browser.screenshot(args.html[0], args.screenshot)
    except MissingTool as exc:
        print(f"missing: {exc}", file=sys.stderr)
        return 2
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
