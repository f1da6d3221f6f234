"""`roledoc watch --serve`: the built HTML on localhost, reloading itself after every rebuild.

Only three things are served, named exactly: the last good HTML page, the PDF beside it and
an event stream (Server-Sent Events) that tells the page a rebuild has finished. No request
path is ever turned into a file path, so nothing else under build/ or the project can be
reached. The reload script and the overlay with a failed build's problems are added to the
served copy only; the HTML in build/ stays exactly as published.

Each connection is served by a thread of its own, and an event stream keeps its thread for as
long as the page is open: so the threads are bounded (MAX_STREAMS open streams, MAX_REQUESTS
other requests at once); past that a request gets a short "busy" answer (503), not a thread.
"""

from __future__ import annotations

import contextlib
import errno
import html
import json
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..core.errors import RoledocError
from ..core.messages import _, os_reason, text

EVENTS = "/_roledoc/events"
MAX_STREAMS = 16  # pages following the rebuilds at once: tabs, or a script that opens many
MAX_REQUESTS = 8  # other requests being answered at once (a page, the PDF)
IDLE_SECONDS = 30  # a connection that sends or takes nothing for this long is closed
# An event stream with nothing new sends a comment this often: a page that has gone away is
# found (the write fails) and its place given to another.
HEARTBEAT_SECONDS = 10
STOP_POLL = 0.05  # seconds between the server's looks at whether it is told to stop (Ctrl-C)
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
            self.server = _BoundedServer((HOST, port), _handler(preview), _busy(preview.lang))
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
        self.thread = threading.Thread(
            target=self.server.serve_forever, args=(STOP_POLL,), daemon=True
        )

    def __enter__(self) -> PreviewServer:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.preview.close()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


def _busy(lang: str) -> bytes:
    """The whole 503 answer when the server has no thread to spare, in the reader's language."""
    said = text(_("The preview is busy: too many pages are open. Close a few and reload."), lang)
    body = said.encode("utf-8") + b"\n"
    head = (
        "HTTP/1.0 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
        f"Content-Length: {len(body)}\r\nRetry-After: 10\r\nConnection: close\r\n\r\n"
    )
    return head.encode("ascii") + body


class _BoundedServer(ThreadingHTTPServer):
    """A thread per connection, up to MAX_STREAMS + MAX_REQUESTS threads; a connection past
    that is answered `busy` and closed at once, without reading it."""

    daemon_threads = True
    # Connections the system holds until they are accepted: with the standard 5, a browser
    # that opens many at once finds some dropped, and retried a second or more later.
    request_queue_size = 64

    def __init__(self, address: tuple[str, int], handler: type, busy: bytes) -> None:
        super().__init__(address, handler)
        self.busy = busy
        self.threads = threading.BoundedSemaphore(MAX_STREAMS + MAX_REQUESTS)
        self.streams = threading.BoundedSemaphore(MAX_STREAMS)

    def process_request(self, request, client_address) -> None:
        if not self.threads.acquire(blocking=False):
            with contextlib.suppress(OSError):
                request.sendall(self.busy)
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:  # no thread was started: it cannot give its place back
            self.threads.release()
            raise

    def process_request_thread(self, request, client_address) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.threads.release()


def _handler(preview: Preview) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "roledoc"
        timeout = IDLE_SECONDS

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
            streams = self.server.streams  # type: ignore[attr-defined]
            if not streams.acquire(blocking=False):
                self.wfile.write(self.server.busy)  # type: ignore[attr-defined]
                self.close_connection = True
                return
            try:
                self._stream()
            finally:
                streams.release()

        def _stream(self) -> None:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            seen = -1
            try:
                while not preview.closed:
                    generation = preview.wait(seen, timeout=HEARTBEAT_SECONDS)
                    if generation != seen:
                        seen = generation
                        self.wfile.write(f"data: {json.dumps(generation)}\n\n".encode())
                    else:  # a comment: finds a reader that has gone away
                        self.wfile.write(b":\n\n")
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                return

    return Handler
