"""`roledoc watch`: rebuild whenever an input changes; problems are shown, watching goes on."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import watchfiles

from .build import BuildRefused, build_document
from .cache import Cache
from .diagnostics import format_text
from .errors import RoledocError
from .gitinfo import INPUTS
from .messages import _, project_language, text
from .render import TypstSession
from .summary import format_build_summary


class InputFilter(watchfiles.DefaultFilter):
    """Only the document's own files: never build/, .git or editors' temporary files."""

    def __init__(self, root: Path) -> None:
        super().__init__()
        self.root = root.resolve()

    def __call__(self, change: watchfiles.Change, path: str) -> bool:
        try:
            relative = Path(path).resolve().relative_to(self.root)
        except (ValueError, RuntimeError):  # outside the project, or a link loop
            return False
        return (
            bool(relative.parts) and relative.parts[0] in INPUTS and super().__call__(change, path)
        )


def rebuild(
    root: Path,
    draft: bool,
    formats: tuple[str, ...] | None,
    report: Callable[[str], None],
    session: TypstSession | None = None,
    lang: str = "en",
) -> bool:
    """One build, reported in `lang`; never raises for a problem in the project."""
    try:
        result = build_document(root, draft=draft, formats=formats, typst_session=session)
    except BuildRefused as exc:
        report(format_text(exc.project.diagnostics, lang))
        report(text(_("Error: {message}", message=exc.message), lang))
        return False
    except RoledocError as exc:
        report(text(_("Error: {message}", message=exc.message), lang))
        return False
    report(format_build_summary(result, root, quiet=True, lang=lang))
    return True


def watch_project(
    root: Path,
    draft: bool,
    formats: tuple[str, ...] | None,
    report: Callable[[str], None],
    stop: threading.Event | None = None,
    debounce_ms: int = 400,
) -> None:
    """Build now, then after every burst of changes, until `stop` is set (or Ctrl-C), and
    report in the project's language. The PDF is compiled by one warm Typst compiler, which
    redoes only what changed."""
    lang = project_language(root) or "en"
    session = TypstSession(Cache(root, root / "build").folder_for("typst-watch"))
    rebuild(root, draft, formats, report, session, lang)
    report(text(_("Watching {folder} for changes (Ctrl-C stops).", folder=root), lang))
    for changes in watchfiles.watch(
        root,
        watch_filter=InputFilter(root),
        debounce=debounce_ms,
        stop_event=stop,
        raise_interrupt=False,
    ):
        names = sorted({Path(path).name for _change, path in changes})
        report(text(_("Changed: {names}", names=", ".join(names)), lang))
        rebuild(root, draft, formats, report, session, lang)
