"""`roledoc watch`: rebuild whenever an input changes; problems are shown, watching goes on.

A rebuild is a build (`build_document`, within the same memory budget); its PDF is compiled by
one warm Typst compiler, which lives in a child process (`typst_child --warm`) under the
memory limit of a build's Typst (`render.TYPST_MEMORY`), so a document that needs more stops
that rebuild, not the machine or the watch.
"""

from __future__ import annotations

import json
import logging
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import watchfiles

from ..core.errors import RoledocError
from ..core.messages import Message, _, project_language, text
from ..core.model import DEFAULT_PDF_STANDARD, PDF_STANDARDS
from ..core.paths import INPUTS, output_folder
from ..core.report_formats import format_text
from ..editions.summary import format_build_summary
from ..formats.render import TYPST_MEMORY, RenderError, typst_child
from ..infra.cache import Cache, value_decoder
from ..publish.build import build_document
from ..publish.plan import BuildRefused, Progress
from ..publish.report import BuildResult
from .preview import Preview


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


class WarmTypst:
    """`render.TypstSession` in a child process with a build's memory limit: the same warm
    compiler (only what an edit changed is laid out again), but bounded. A child that stops
    (the limit reached) fails that rebuild; the next rebuild starts a new one."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.child: subprocess.Popen[str] | None = None

    def compile(
        self,
        staging: Path,
        source: str,
        output: Path,
        epoch: int,
        standards: Sequence[str] = PDF_STANDARDS[DEFAULT_PDF_STANDARD],
    ) -> list[str]:
        if self.child is None or self.child.poll() is not None:
            job = {"folder": str(self.folder), "memory": TYPST_MEMORY}
            command, env = typst_child("--warm", json.dumps(job))
            self.child = subprocess.Popen(
                command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
            )
        ask = {
            "staging": str(staging),
            "source": source,
            "output": str(output),
            "epoch": epoch,
            "standards": list(standards),
        }
        child = self.child
        assert child.stdin is not None and child.stdout is not None
        try:
            child.stdin.write(json.dumps(ask) + "\n")
            child.stdin.flush()
            line = child.stdout.readline()
        except OSError:
            line = ""
        if not line:
            self.close()
            lines = (child.stderr.read() if child.stderr else "").strip().splitlines()
            reason = lines[-1] if lines else f"exit status {child.returncode}"
            raise RenderError(
                "pdf", "typst", _("stopped unexpectedly: {reason}", reason=reason)
            ) from None
        answer = json.loads(line)
        if "error" in answer:
            said = json.loads(
                json.dumps(answer["error"]), object_hook=value_decoder({"Message": Message})
            )
            raise RoledocError(said)
        return answer["warnings"]

    def close(self) -> None:
        if self.child is not None and self.child.poll() is None:
            self.child.kill()
        if self.child is not None:
            self.child.wait()


def rebuild(
    root: Path,
    draft: bool,
    formats: tuple[str, ...] | None,
    report: Callable[[str], None],
    session: WarmTypst | None = None,
    lang: str = "en",
    progress: Progress | None = None,
    summary: bool = True,
) -> tuple[BuildResult | None, str | None]:
    """One build, reported in `lang`; never raises for a problem in the project. Returns
    the result, or the problems (in `lang`) when there is none."""
    options: dict[str, Any] = {"progress": progress} if progress else {}  # or the quiet default
    try:
        result = build_document(
            root,
            draft=draft,
            formats=formats,
            typst_session=session,  # type: ignore[arg-type]  # compiles as a TypstSession
            **options,
        )
    except BuildRefused as exc:
        problems = format_text(exc.project.diagnostics, lang)
        report(problems)
        said = text(_("Error: {message}", message=exc.message), lang)
        report(said)
        return None, f"{problems}\n{said}"
    except RoledocError as exc:
        said = text(_("Error: {message}", message=exc.message), lang)
        report(said)
        return None, said
    if summary:
        report(format_build_summary(result, root, quiet=True, lang=lang))
    return result, None


def preview_formats(formats: tuple[str, ...] | None) -> tuple[str, ...]:
    """What a served preview builds: HTML first, then the formats asked (default: the PDF).
    The other formats wait for `roledoc build`, so each save costs only what is looked at."""
    return ("html", *(f for f in formats or ("pdf",) if f != "html"))


def refresh(
    root: Path,
    draft: bool,
    formats: tuple[str, ...],
    report: Callable[[str], None],
    session: WarmTypst,
    lang: str,
    preview: Preview,
    progress: Progress | None = None,
) -> None:
    """Rebuild the HTML and show it, then the other formats: the page reloads as soon as
    the HTML is there, and again if a later format fails."""
    started = time.perf_counter()
    rest = formats[1:]
    result, problems = rebuild(root, draft, ("html",), report, session, lang, progress, not rest)
    preview.publish(html=_output(result, "html"), problems=problems)
    if result is None:
        return
    seconds = f"{time.perf_counter() - started:.2f}"
    report(text(_("Preview updated in {seconds} s: {url}", seconds=seconds, url=preview.url), lang))
    if rest:
        result, problems = rebuild(root, draft, rest, report, session, lang, progress)
        if result is None:
            preview.publish(problems=problems)
        else:  # the page links to the PDF; it need not reload for it
            preview.pdf = _output(result, "pdf") or preview.pdf


def _output(result: BuildResult | None, fmt: str) -> Path | None:
    if result is None:
        return None
    return next((output.path for output in result.outputs if output.fmt == fmt), None)


# How long the watcher waits for a change before it answers anyway: the first answer starts
# the first build, so it comes this long after `watch` starts; later ones are ignored.
WAKE_MS = 200


def watch_project(
    root: Path,
    draft: bool,
    formats: tuple[str, ...] | None,
    report: Callable[[str], None],
    stop: threading.Event | None = None,
    debounce_ms: int = 400,
    preview: Preview | None = None,
    progress: Progress | None = None,
) -> None:
    """Build now, then after every burst of changes, until `stop` is set (or Ctrl-C), and
    report in the project's language. The PDF is compiled by one warm Typst compiler, which
    redoes only what changed. With a `preview` (served by the caller), the HTML is built
    first and shown, then the rest."""
    lang = project_language(root) or "en"
    session = WarmTypst(Cache(root, output_folder(root)).folder_for("typst-watch"))
    stop = stop or threading.Event()
    previous = _stop_on_interrupt(stop)

    def build() -> None:
        if preview is None:
            rebuild(root, draft, formats, report, session, lang, progress)
        else:
            refresh(root, draft, preview_formats(formats), report, session, lang, preview, progress)

    # watchfiles says "KeyboardInterrupt caught, stopping watch" in English on Ctrl-C; roledoc
    # says it stopped, in the reader's language.
    logging.getLogger("watchfiles").addHandler(logging.NullHandler())
    try:
        first = True
        for changes in watchfiles.watch(
            root,
            watch_filter=InputFilter(root),
            debounce=debounce_ms,
            stop_event=stop,
            raise_interrupt=False,
            yield_on_timeout=True,  # the first answer says the watcher is live
            rust_timeout=WAKE_MS,
        ):
            if first:  # build only now: a change made during the first build is seen
                first = False
                build()
                report(text(_("Watching {folder} for changes (Ctrl-C stops).", folder=root), lang))
                continue
            names = changed_names(changes)
            if not names:
                continue  # only an editor's temporary file came and went
            report(text(_("Changed: {names}", names=", ".join(names)), lang))
            build()
        report(text(_("Stopped watching."), lang))
    except KeyboardInterrupt:  # Ctrl-C during a build: stop as between builds
        return
    finally:
        session.close()
        if previous is not None:
            signal.signal(signal.SIGINT, previous)


def changed_names(changes: set[tuple[watchfiles.Change, str]]) -> list[str]:
    """The names of the files that changed, leaving out a file that was made and removed in
    the same burst (the temporary file of `sed -i` or of an editor's safe save)."""
    kinds: dict[str, set[watchfiles.Change]] = {}
    for change, path in changes:
        kinds.setdefault(path, set()).add(change)
    passing = {watchfiles.Change.added, watchfiles.Change.deleted}
    return sorted({Path(path).name for path, seen in kinds.items() if not passing <= seen})


def _stop_on_interrupt(stop: threading.Event) -> Any:
    """Ctrl-C sets `stop` as well as interrupting: watchfiles can miss a SIGINT that lands
    while it starts watching, and then only the event ends it. Returns the handler to put
    back, or None where signals cannot be handled (not the main thread)."""
    if threading.current_thread() is not threading.main_thread():
        return None

    def interrupted(number: int, frame: Any) -> None:
        stop.set()
        signal.default_int_handler(number, frame)

    return signal.signal(signal.SIGINT, interrupted)
