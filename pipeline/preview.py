"""`roledoc watch --serve`: the built HTML on localhost, reloading itself after every rebuild.

Only three things are served, named exactly: the last good HTML page, the PDF beside it and
an event stream (Server-Sent Events) that tells the page a rebuild has finished. No request
path is ever turned into a file path, so nothing else under build/ or the project can be
reached. The reload script and the overlay with a failed build's problems are added to the
served copy only; the HTML in build/ stays exactly as published.
"""

from __future__ import annotations

import errno
import html
import json
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .errors import RoledocError
from .messages import _, os_reason, text

EVENTS = "/_roledoc/events"
HOST = "127.0.0.1"
LOCAL_NAMES = {HOST, "localhost"}

# Reload when the page's build is no longer the newest; keep the reader's place on the page.
RELOAD_SCRIPT = """<script>
(function () {
  var built = %d, key = "roledoc-scroll:" + location.pathname;
  var y = sessionStorage.getItem(key);
  if (y !== null) { sessionStorage.removeItem(key); window.scrollTo(0, +y); }
  new EventSource("%s").onmessage = function (event) {
    if (+event.data !== built) {
      sessionStorage.setItem(key, String(window.scrollY));
      location.reload();
    }
  };
})();
</script>
"""
OVERLAY = """<div id="roledoc-problems" role="alert" style="position:fixed;\
inset:1rem 1rem auto 1rem;max-height:80vh;overflow:auto;z-index:2147483647;\
background:#fff5f5;color:#5c0011;\
border:2px solid #cf1322;border-radius:6px;padding:1rem;font:14px/1.4 sans-serif;\
box-shadow:0 4px 24px rgba(0,0,0,.25)">
<strong>%s</strong>
<pre style="white-space:pre-wrap;font:13px/1.4 monospace;margin:.75rem 0 0">%s</pre>
</div>
"""


class Preview:
    """What the server shows, as the watcher last left it: the last good HTML and PDF, the
    problems of the last rebuild (None when it succeeded), and a generation number that
    goes up with every finished rebuild."""

    def __init__(self, lang: str = "en") -> None:
        self.lang = lang
        self.url = ""  # set by the server that shows it
        self.generation = 0
        self.html: Path | None = None
        self.pdf: Path | None = None
        self.problems: str | None = None
        self.closed = False
        self._changed = threading.Condition()

    def publish(
        self, html: Path | None = None, pdf: Path | None = None, problems: str | None = None
    ) -> None:
        """A rebuild finished: show its outputs (where it made them) or its problems."""
        with self._changed:
            self.html = html or self.html
            self.pdf = pdf or self.pdf
            self.problems = problems
            self.generation += 1
            self._changed.notify_all()

    def wait(self, seen: int, timeout: float) -> int:
        """The generation, once it is no longer `seen` or `timeout` has passed."""
        with self._changed:
            self._changed.wait_for(lambda: self.generation != seen or self.closed, timeout)
            return self.generation

    def close(self) -> None:
        with self._changed:
            self.closed = True
            self._changed.notify_all()

    def page(self) -> bytes:
        """The HTML page as served: the last good build (or a placeholder), with the
        problems over it and the reload script in it."""
        with self._changed:
            generation, source, problems = self.generation, self.html, self.problems
        try:
            document = source.read_text(encoding="utf-8") if source else None
        except OSError:
            document = None
        if document is None:
            waiting = text(_("Building the preview…"), self.lang)
            document = (
                f'<!DOCTYPE html>\n<html lang="{self.lang}"><head><meta charset="utf-8">'
                f"<title>roledoc</title></head><body><p>{html.escape(waiting)}</p></body></html>"
            )
        extra = RELOAD_SCRIPT % (generation, EVENTS)
        if problems is not None:
            title = _("The last rebuild failed; this is the last good preview.")
            if source is None:
                title = _("The build failed.")
            extra = OVERLAY % (html.escape(text(title, self.lang)), html.escape(problems)) + extra
        end = document.rfind("</body>")
        if end < 0:
            end = len(document)
        return (document[:end] + extra + document[end:]).encode("utf-8")


class PreviewServer:
    """A ThreadingHTTPServer on 127.0.0.1 in a thread of its own, showing `preview`.
    A context manager: leaving it stops the server and closes the event streams."""

    def __init__(self, preview: Preview, port: int = 8000) -> None:
        self.preview = preview
        try:
            self.server = ThreadingHTTPServer((HOST, port), _handler(preview))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise RoledocError(
                    _("Port {port} is already in use; choose another with --port.", port=port)
                ) from None
            raise RoledocError(
                _("Cannot serve on port {port}: {reason}", port=port, reason=os_reason(exc))
            ) from None
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.url = preview.url = f"http://{HOST}:{self.port}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> PreviewServer:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.preview.close()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


def _handler(preview: Preview) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "roledoc"

        def log_message(self, format: str, *args: object) -> None:
            return None  # the terminal is for the build's own messages

        def do_HEAD(self) -> None:
            self.do_GET()

        def do_GET(self) -> None:
            # A page elsewhere may point a name of its own at 127.0.0.1 (DNS rebinding):
            # only requests that name this machine are answered.
            host = (self.headers.get("Host") or HOST).rsplit(":", 1)[0].strip("[]")
            if host not in LOCAL_NAMES:
                return self.send_error(HTTPStatus.FORBIDDEN)
            path = unquote(urlsplit(self.path).path)
            page, pdf = preview.html, preview.pdf
            if path == EVENTS:
                return self._events()
            if path == "/" and page is not None:
                self.send_response(HTTPStatus.FOUND)
                self.send_header("Location", "/" + page.name)
                self.send_header("Content-Length", "0")
                return self.end_headers()
            if path == "/" or (page is not None and path == "/" + page.name):
                return self._send(preview.page(), "text/html; charset=utf-8")
            if pdf is not None and path == "/" + pdf.name:
                try:
                    return self._send(pdf.read_bytes(), "application/pdf")
                except OSError:
                    pass
            self.send_error(HTTPStatus.NOT_FOUND)

        def _send(self, body: bytes, kind: str) -> None:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def _events(self) -> None:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            seen = -1
            try:
                while not preview.closed:
                    generation = preview.wait(seen, timeout=10)
                    if generation != seen:
                        seen = generation
                        self.wfile.write(f"data: {json.dumps(generation)}\n\n".encode())
                    else:  # a comment: finds a reader that has gone away
                        self.wfile.write(b":\n\n")
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                return

    return Handler
