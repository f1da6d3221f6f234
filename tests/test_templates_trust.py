"""Templates are code that editors review, and some rules hold anyway: each attack of the
review of issue 13 is replayed on a real clone of a git repository, through the real command,
and must end in a clear refusal that names the file, with no code run and nothing from
outside the project in an output."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import threading
import time
import zipfile
from pathlib import Path

import pytest

from pipeline.check import project as project_module
from pipeline.check.project import load_project
from pipeline.check.trust import TemplatesRefused, refuse_unsafe_templates
from pipeline.core.messages import reading
from pipeline.formats import render
from pipeline.publish import build as build_module
from pipeline.read.templates import Templates, UnsafeTemplate

from .commands import roledoc
from .gitrepo import commit_all, git, new_repository

REPOSITORY = Path(__file__).parent.parent
PASSWD = Path("/etc/passwd").read_text(encoding="utf-8").splitlines()[0]


def attacked_clone(
    tmp_path: Path, files: dict[str, str], links: dict[str, str] | None = None
) -> Path:
    """A clone of a repository whose last commit adds the attack: `files` (path -> text) and
    symbolic `links` (path -> target)."""
    origin = new_repository(tmp_path / "origin")
    for name, text in files.items():
        (origin / name).parent.mkdir(parents=True, exist_ok=True)
        (origin / name).write_text(text, encoding="utf-8")
        if text.startswith("#!"):
            (origin / name).chmod(0o755)
    for name, target in (links or {}).items():
        (origin / name).parent.mkdir(parents=True, exist_ok=True)
        (origin / name).symlink_to(target)
    if files or links:
        commit_all(origin, "A pull request")
    git(tmp_path, "clone", "-q", str(origin), "clone")
    return tmp_path / "clone"


def assert_refused(done: subprocess.CompletedProcess[str], code: str, path: str) -> str:
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert f"{path}" in output and code in output, output
    assert "Traceback" not in output
    return output


def outputs_hold_nothing_from_outside(clone: Path) -> None:
    """No output (nor any file in an EPUB, DOCX or ODT) holds the first line of /etc/passwd."""
    for path in (clone / "build").rglob("*") if (clone / "build").exists() else []:
        if path.is_file() and zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                for name in archive.namelist():
                    assert PASSWD.encode() not in archive.read(name), f"{path}:{name}"
        elif path.is_file():
            assert PASSWD.encode() not in path.read_bytes(), path


# -- links out of templates/ (RD115) --------------------------------------------------------


@pytest.mark.parametrize(
    ("link", "target"),
    [("templates/html/template.html", "/etc/passwd"), ("templates/html", "{outside}")],
)
def test_a_link_in_templates_is_refused_by_check_and_build(
    tmp_path: Path, link: str, target: str
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "template.html").write_text(f"{PASSWD}\n$body$\n", encoding="utf-8")
    clone = attacked_clone(tmp_path, {}, {link: target.format(outside=outside)})
    assert_refused(roledoc(clone, "check"), "RD115", link)
    assert_refused(roledoc(clone, "build", "--format", "html"), "RD115", link)
    assert not list((clone / "build").glob("*.html"))
    outputs_hold_nothing_from_outside(clone)


def test_templates_itself_refuses_a_link(tmp_path: Path) -> None:
    clone = attacked_clone(tmp_path, {}, {"templates/html/template.html": "/etc/passwd"})
    templates = Templates(clone)
    with (
        reading("nl"),
        pytest.raises(UnsafeTemplate, match=r"templates/html/template.html.*RD115.*koppeling"),
    ):
        templates.find("html/template.html")
    with pytest.raises(UnsafeTemplate):
        templates.copy_to(tmp_path / "staging")
    assert not (tmp_path / "staging").exists()
    assert "html/template.html" not in templates.own  # never falls back to a default either


def test_the_message_is_in_the_documents_language(tmp_path: Path) -> None:
    clone = attacked_clone(tmp_path, {}, {"templates/logo.svg": "/etc/passwd"})
    text = (clone / "document.yaml").read_text(encoding="utf-8")
    (clone / "document.yaml").write_text(text.replace("en-GB", "nl-NL"), encoding="utf-8")
    done = roledoc(clone, "check")
    output = assert_refused(done, "RD115", "templates/logo.svg")
    assert "dit is een symbolische koppeling (symlink)" in output


# -- Jinja2 in its sandbox ------------------------------------------------------------------

ESCAPES = [
    "{{ cycler.__init__.__globals__.os.popen('touch CANARY').read() }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ joiner.__init__.__globals__['__builtins__']['open']('/etc/passwd').read() }}",
]


@pytest.mark.parametrize("escape", ESCAPES)
def test_a_template_cannot_escape_the_jinja_sandbox(tmp_path: Path, escape: str) -> None:
    default = (REPOSITORY / "pipeline/defaults/document.md.j2").read_text(encoding="utf-8")
    attack = "{# an editor's template #}\n" + escape + "\n" + default
    clone = attacked_clone(tmp_path, {"templates/document.md.j2": attack})
    done = roledoc(clone, "build", "--format", "html")
    output = assert_refused(done, "template error", "templates/document.md.j2:2")
    assert "refused by the sandbox" in output and "unsafe" in output
    assert not (clone / "CANARY").exists()
    outputs_hold_nothing_from_outside(clone)


# -- pandoc defaults files (RD116) ------------------------------------------------------------

HTML = (REPOSITORY / "pipeline/defaults/pandoc/html.yaml").read_text(encoding="utf-8")
# html.yaml without its list of filters, for tests that write their own
HTML_WITHOUT_FILTERS = re.sub(r"filters:\n(?:  - .*\n)+", "", HTML)
# pandoc runs a `.py` filter with python3, executable or not.
FILTER = (
    "import pathlib, sys\npathlib.Path({canary!r}).touch()\nsys.stdout.write(sys.stdin.read())\n"
)


@pytest.mark.parametrize(
    ("added", "line"),
    [
        ("include-in-header: /etc/passwd\n", "include-in-header"),
        ("include-before-body: ${.}/../../../../../../../../etc/passwd\n", "include-before-body"),
        ("include-after-body: ${HOME}/x.html\n", "include-after-body"),
        ("filters:\n  - ${.}/../filters/evil.py\n", "filters"),
        ("filters:\n  - type: json\n    path: ${.}/../filters/evil.py\n", "filters"),
        ("data-dir: /etc\n", "data-dir"),
        ("extract-media: /tmp\n", "extract-media"),
        ("resource-path: [/etc]\n", "resource-path"),
    ],
)
def test_pandoc_defaults_may_only_name_lua_and_files_inside_templates(
    tmp_path: Path, added: str, line: str
) -> None:
    canary = tmp_path / "CANARY"
    defaults = HTML_WITHOUT_FILTERS + added
    clone = attacked_clone(
        tmp_path,
        {
            "templates/pandoc/html.yaml": defaults,
            "templates/filters/evil.py": FILTER.format(canary=str(canary)),
        },
    )
    path = "templates/pandoc/html.yaml"
    output = assert_refused(roledoc(clone, "check"), "RD116", path)
    number = defaults.splitlines().index(added.splitlines()[0]) + 1
    assert f"{path}:{number}:" in output or f"{path}:{number + 1}:" in output, output
    assert f"'{line}'" in output
    assert_refused(roledoc(clone, "build", "--format", "html"), "RD116", path)
    assert not canary.exists()
    outputs_hold_nothing_from_outside(clone)


def test_a_header_from_outside_never_reaches_the_epub(tmp_path: Path) -> None:
    epub = (REPOSITORY / "pipeline/defaults/pandoc/epub.yaml").read_text(encoding="utf-8")
    path = "templates/pandoc/epub.yaml"
    clone = attacked_clone(tmp_path, {path: epub + "include-in-header: /etc/passwd\n"})
    assert_refused(roledoc(clone, "check"), "RD116", f"{path}:{epub.count(chr(10)) + 1}:")
    assert_refused(roledoc(clone, "build", "--format", "epub"), "RD116", path)
    outputs_hold_nothing_from_outside(clone)


def test_an_override_keeps_the_options_roledoc_relies_on(tmp_path: Path) -> None:
    read = (REPOSITORY / "pipeline/defaults/pandoc/read.yaml").read_text(encoding="utf-8")
    pdf = (REPOSITORY / "pipeline/defaults/pandoc/pdf.yaml").read_text(encoding="utf-8")
    clone = attacked_clone(
        tmp_path,
        {
            "templates/pandoc/read.yaml": read.replace("-raw_html", "+raw_html"),
            "templates/pandoc/pdf.yaml": pdf.replace("sandbox: true\n", ""),
        },
    )
    output = assert_refused(roledoc(clone, "check"), "RD116", "templates/pandoc/read.yaml:4:")
    assert "'from' is refused" in output
    assert "templates/pandoc/pdf.yaml:1:1: error RD116: 'sandbox'" in output


def test_a_harmless_override_passes_and_builds(tmp_path: Path) -> None:
    lua = "function Str(s) return s end\n"
    defaults = HTML_WITHOUT_FILTERS
    defaults = defaults.replace("number-sections: true", "number-sections: false")
    defaults += "filters:\n  - ${.}/../filters/own.lua\n  - type: lua\n    path: ${.}/own.lua\n"
    clone = attacked_clone(
        tmp_path,
        {
            "templates/pandoc/html.yaml": defaults,
            "templates/filters/own.lua": lua,
            "templates/pandoc/own.lua": lua,
        },
    )
    assert roledoc(clone, "check").returncode == 0
    done = roledoc(clone, "build", "--format", "html")
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_build_refuses_again_what_check_would_report(tmp_path: Path, monkeypatch) -> None:
    """Defence in depth: an attack that appears after check still stops the build."""
    clone = attacked_clone(tmp_path, {})
    load = project_module.load_project

    def check_then_attack(root: Path):
        project = load(root)
        (root / "templates/pandoc").mkdir(parents=True)
        (root / "templates/pandoc/html.yaml").write_text(
            HTML + "include-in-header: /etc/passwd\n", encoding="utf-8"
        )
        return project

    monkeypatch.setattr(project_module, "load_project", check_then_attack)
    with pytest.raises(TemplatesRefused, match=r"templates/pandoc/html.yaml:\d+:\d+: error RD116"):
        build_module.build_document(clone, formats=("html",))
    outputs_hold_nothing_from_outside(clone)
    with pytest.raises(TemplatesRefused):
        refuse_unsafe_templates(Templates(clone))


# -- Typst stays offline (RD117) --------------------------------------------------------------

TYPST = (REPOSITORY / "pipeline/defaults/typst/template.typ").read_text(encoding="utf-8")


def test_a_typst_package_import_is_refused(tmp_path: Path) -> None:
    template = '#import "@preview/cetz:0.3.0": canvas\n' + TYPST
    clone = attacked_clone(
        tmp_path,
        {
            "templates/typst/template.typ": template,
            "templates/typst/own.typ": '#import "@local/x:0.1.0"\n',
        },
    )
    done = roledoc(clone, "check")
    output = assert_refused(done, "RD117", "templates/typst/template.typ:1:9")
    assert "templates/typst/own.typ:1:9" in output and "offline" in output
    assert_refused(roledoc(clone, "build", "--format", "pdf"), "RD117", "template.typ")


class Proxy:
    """A stand-in for the network: a local server that counts who connects to it."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.2)
        self.url = f"http://127.0.0.1:{self.server.getsockname()[1]}"
        self.connections = 0
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while self.running:
            try:
                connection, _ = self.server.accept()
            except TimeoutError:
                continue
            self.connections += 1
            connection.close()

    def close(self) -> None:
        self.running = False
        self.thread.join()
        self.server.close()


@pytest.fixture
def proxy(monkeypatch) -> Proxy:
    """Every way out of the machine goes through `proxy` (as behind a company proxy)."""
    found = Proxy()
    for name in ("https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY", "ALL_PROXY"):
        monkeypatch.setenv(name, found.url)
    monkeypatch.setenv("NO_PROXY", "")
    yield found
    found.close()


# `check` cannot see an import whose name is computed; the compiler must stay offline anyway.
COMPUTED = '#import ("@pre" + "view/cetz:0.3.0"): canvas\nHello\n'


def test_typst_makes_no_network_attempt_even_past_check(tmp_path: Path, proxy: Proxy) -> None:
    (tmp_path / "doc.typ").write_text(COMPUTED, encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(render.RenderError, match="the build is offline") as caught:
        render.compile_typst(tmp_path / "doc.typ", tmp_path / "doc.pdf", tmp_path, 0)
    assert time.monotonic() - started < 30
    assert "templates/typst/" in caught.value.format_message()
    assert proxy.connections == 0


def test_the_watch_session_makes_no_network_attempt(tmp_path: Path, proxy: Proxy) -> None:
    staging = tmp_path / "staging"
    staging.mkdir()
    (staging / "doc.typ").write_text(COMPUTED, encoding="utf-8")
    session = render.TypstSession(tmp_path / "session")
    (tmp_path / "session").mkdir()
    with pytest.raises(render.RenderError, match="the build is offline"):
        session.compile(staging, "doc.typ", tmp_path / "doc.pdf", 0)
    assert proxy.connections == 0
    assert os.environ["HTTPS_PROXY"] == proxy.url  # the environment is as it was


def test_a_computed_import_passes_check_but_the_build_fails_clearly(tmp_path: Path) -> None:
    clone = attacked_clone(tmp_path, {"templates/typst/template.typ": COMPUTED + TYPST})
    assert roledoc(clone, "check").returncode == 0
    done = roledoc(clone, "build", "--format", "pdf", HTTPS_PROXY="http://127.0.0.1:9")
    output = assert_refused(done, "typst failed", "pdf")
    assert "the build is offline" in output
    assert not list((clone / "build").glob("*.pdf"))


# -- changes that need an editor's review (RD404) -------------------------------------------


def pull_request(tmp_path: Path) -> Path:
    """A clone with a branch `pr` that changes the house style, based on `main`."""
    origin = new_repository(tmp_path / "origin")
    git(origin, "checkout", "-q", "-b", "pr")
    (origin / "templates/html").mkdir(parents=True)
    (origin / "templates/html/style.css").write_text("body { color: red }\n", encoding="utf-8")
    with (origin / "document.yaml").open("a", encoding="utf-8") as f:
        f.write("style:\n  accent: '#7a1f5c'\n")
    commit_all(origin, "New house style")
    git(origin, "checkout", "-q", "main")
    git(tmp_path, "clone", "-q", str(origin), "clone")
    clone = tmp_path / "clone"
    git(clone, "checkout", "-q", "pr")
    return clone


def test_a_pull_request_that_changes_the_house_style_needs_review(tmp_path: Path) -> None:
    clone = pull_request(tmp_path)
    done = roledoc(clone, "check", "--format", "github", GITHUB_BASE_REF="main")
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert any(
        line.startswith("::warning file=templates/html/style.css,title=RD404::") for line in lines
    ), done.stdout
    assert any(
        line.startswith("::warning file=document.yaml,line=7,col=1,title=RD404::") for line in lines
    ), done.stdout
    assert "needs an editor's review" in done.stdout
    assert (
        roledoc(clone, "check", "--format", "github", "--strict", GITHUB_BASE_REF="main").returncode
        == 1
    )


def test_review_with_base_option_and_silence_when_git_cannot_tell(tmp_path: Path) -> None:
    clone = pull_request(tmp_path)
    done = roledoc(clone, "check", "--base", "origin/main")
    assert "templates/html/style.css: warning RD404" in done.stdout
    # The base branch unchanged: nothing to review.
    git(clone, "checkout", "-q", "main")
    assert "RD404" not in roledoc(clone, "check", "--base", "origin/main").stdout
    # An unknown base or no repository at all: git cannot tell, so check says nothing.
    git(clone, "checkout", "-q", "pr")
    done = roledoc(clone, "check", "--format", "github", GITHUB_BASE_REF="nowhere")
    assert done.returncode == 0 and "RD404" not in done.stdout and "Traceback" not in done.stderr
    shutil.rmtree(clone / ".git")
    done = roledoc(clone, "check", "--base", "origin/main")
    assert done.returncode == 0 and "RD404" not in done.stdout
    assert {d.code for d in load_project(clone, review_base="main").diagnostics} == set()


def test_codeowners_ask_the_editors_to_review_the_house_style() -> None:
    owners = (REPOSITORY / ".github/CODEOWNERS").read_text(encoding="utf-8")
    rules = dict(
        line.split(None, 1) for line in owners.splitlines() if line and not line.startswith("#")
    )
    assert {"/templates/", "/document.yaml", "/pipeline/defaults/"} <= set(rules)
