"""Writing the pages that tools/ generate from the code, or checking that they are current:
one `--check` for all of them (reference_pages, guide_pages, architecture_page)."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent


def run(
    argv: list[str] | None,
    description: str,
    tool: str,
    pages: Callable[[], dict[Path, str]],
    gone: Callable[[dict[Path, str]], Iterable[Path]] = lambda made: (),
) -> int:
    """Write `pages()` (and remove the `gone` ones), or with `--check` name every page that
    differs, is missing or should be gone, and exit 1."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    made = pages()
    old = sorted(gone(made))
    shown = [str(path.relative_to(REPOSITORY)) for path in made]
    if args.check:
        stale = [
            str(path.relative_to(REPOSITORY))
            for path, text in made.items()
            if not path.is_file() or path.read_text(encoding="utf-8") != text
        ] + [str(path.relative_to(REPOSITORY)) for path in old]
        if stale:
            print(f"stale: {', '.join(stale)}; run python tools/{tool}")
        return 1 if stale else 0
    for path in old:
        path.unlink()
    for path, text in made.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    print(f"written: {', '.join(shown)}" if len(shown) < 4 else f"{len(shown)} pages written")
    return 0
