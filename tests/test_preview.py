"""`roledoc watch --serve`: the HTML on localhost, reloaded after every rebuild, with a failed
build's problems over the last good page, and nothing else of the project reachable."""

from __future__ import annotations

import http.client
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.preview.preview import EVENTS, Preview, PreviewServer
from pipeline.preview.watcher import watch_project

from .conftest import FIXTURES

LIMITS = "contributions/limits"
REPOSITORY = Path(__file__).resolve().parent.parent


def get(port: int, path: str, host: str = "127.0.0.1") -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers={"Host": host})
    response = connection.getresponse()
    body = response.read().decode("utf-8", "replace")
    connection.close()
    return response.status, body


def wait_until(check, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline
        time.sleep(0.05)


@pytest.fixture
def served(project: Path) -> Iterator[tuple[Path, PreviewServer, list[str]]]:
    """The fixture project watched with a preview on a free port; HTML only, to be quick."""
    yield from _serve(project)


@pytest.fixture(scope="module")
def served_unchanged(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Path, PreviewServer, list[str]]]:
    """One preview for the tests that only ask it for pages and change nothing."""
    project = tmp_path_factory.mktemp("served") / "project"
    shutil.copytree(FIXTURES / "valid", project, symlinks=True)
    yield from _serve(project)


def _serve(project: Path) -> Iterator[tuple[Path, PreviewServer, list[str]]]:
    messages: list[str] = []
    stop = threading.Event()
    with PreviewServer(Preview(), port=0) as server:
        thread = threading.Thread(
            target=watch_project,
            args=(project, False, ("html",), messages.append, stop, 50, server.preview),
            daemon=True,
        )
        thread.start()
        wait_until(lambda: any("Watching" in m for m in messages))
        yield project, server, messages
        stop.set()
        thread.join(timeout=10)
        assert not thread.is_alive()


def edit(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text("utf-8").replace(old, new), "utf-8")


def test_the_address_leads_to_the_built_page(served) -> None:
    _project, server, _messages = served  # "Watching" is said after the first build
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    connection.request("GET", "/")
    response = connection.getresponse()
    response.read()
    connection.close()
    assert (response.status, response.getheader("Location")) == (302, "/how-we-work.html")


def test_before_the_first_build_the_address_shows_a_page_that_waits_for_it() -> None:
    with PreviewServer(Preview(), port=0) as server:
        status, body = get(server.port, "/")
    assert status == 200
    assert "Building the preview…" in body and "EventSource" in body


def test_the_preview_shows_an_edit_and_tells_the_page_to_reload(served) -> None:
    project, server, _messages = served
    status, page = get(server.port, "/how-we-work.html")
    assert status == 200 and "EventSource" in page
    assert "EventSource" not in (project / "build/how-we-work.html").read_text("utf-8")

    events = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    events.request("GET", EVENTS)
    stream = events.getresponse()
    assert stream.getheader("Content-Type") == "text/event-stream"
    first = stream.fp.readline().decode()
    assert first.startswith("data: ")
    edit(project / LIMITS / "where-it-ends.md", "does not execute", "never executes")
    while (line := stream.fp.readline().decode()) in ("\n", ":\n"):
        pass
    assert line.startswith("data: ") and line != first
    events.close()
    assert "never executes" in get(server.port, "/how-we-work.html")[1]


def test_a_failed_rebuild_shows_its_problems_over_the_last_good_page(served) -> None:
    project, server, _messages = served
    generation = server.preview.generation
    path = project / LIMITS / "where-it-ends.md"
    edit(path, "status: accepted", "status: acepted")
    wait_until(lambda: server.preview.generation > generation)
    status, page = get(server.port, "/how-we-work.html")
    assert status == 200 and 'id="roledoc-problems"' in page and "RD205" in page
    assert "does not execute" in page  # the last good build is still shown
    edit(path, "status: acepted", "status: accepted")
    wait_until(lambda: 'id="roledoc-problems"' not in get(server.port, "/how-we-work.html")[1])


@pytest.mark.parametrize(
    "path",
    [
        "/../document.yaml",
        "/%2e%2e/document.yaml",
        "/%2E%2E%2Fdocument.yaml",
        "/..%2fdocument.yaml",
        "/..%5cdocument.yaml",
        "/%252e%252e/document.yaml",
        "//etc/passwd",
        "/how-we-work.md",
        "/report.json",
        "/build/how-we-work.html",
        "/contributions/limits/where-it-ends.md",
    ],
)
def test_nothing_but_the_preview_is_served(served_unchanged, path: str) -> None:
    _project, server, _messages = served_unchanged
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    connection.putrequest("GET", path, skip_host=True)
    connection.putheader("Host", "127.0.0.1")
    connection.endheaders()
    response = connection.getresponse()
    body = response.read().decode("utf-8", "replace")
    assert response.status == 404
    assert "title:" not in body and "root:" not in body


def test_a_request_for_another_host_is_refused(served_unchanged) -> None:
    _project, server, _messages = served_unchanged
    assert get(server.port, "/how-we-work.html", host="attacker.example")[0] == 403


def test_a_port_in_use_is_said_in_the_projects_language(project: Path) -> None:
    edit(project / "document.yaml", "lang: en-GB", "lang: nl-NL")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        command = ["-C", str(project), "watch", "--serve", "--port", str(port)]
        done = subprocess.run(
            [sys.executable, "-m", "pipeline", *command],
            capture_output=True,
            text=True,
            cwd=REPOSITORY,
            timeout=60,
        )
    assert done.returncode == 1
    assert f"Poort {port} is al in gebruik" in done.stderr
    assert "Traceback" not in done.stderr


def test_ctrl_c_stops_the_preview_cleanly(project: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "-C", str(project), "watch", "--serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPOSITORY,
    )
    url = process.stdout.readline().split()[-1]
    port = int(url.rsplit(":", 1)[1].strip("/"))
    wait_until(lambda: get(port, "/")[0] == 302)
    process.send_signal(signal.SIGINT)
    _out, err = process.communicate(timeout=20)
    assert process.returncode in (0, 1, 130) and "Traceback" not in err, err
    with pytest.raises(OSError):
        get(port, "/")


def test_a_temporary_file_that_came_and_went_is_no_change() -> None:
    from watchfiles import Change

    from pipeline.preview.watcher import changed_names

    changes = {
        (Change.added, "/p/contributions/grenzen/sedWpGBRY"),
        (Change.deleted, "/p/contributions/grenzen/sedWpGBRY"),
        (Change.modified, "/p/contributions/grenzen/nee.md"),
    }
    assert changed_names(changes) == ["nee.md"]
    assert changed_names({(Change.added, "/p/x.tmp"), (Change.deleted, "/p/x.tmp")}) == []
    assert changed_names({(Change.deleted, "/p/weg.md")}) == ["weg.md"]
