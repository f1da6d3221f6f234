"""Running pandoc and Typst: the only module that starts either (Typst in a child process,
`typst_child.py`, or warm in this one for `roledoc watch`).

pandoc comes from the pypandoc-binary wheel and Typst from the typst wheel, so nothing is
needed from the system. Per-format pandoc options live in `templates/pandoc/<format>.yaml`
defaults files; this module only names the files and the folder they work in.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pypandoc
import typst

from .. import __version__
from ..core.errors import RoledocError
from ..core.messages import Message, _
from ..core.model import DEFAULT_PDF_STANDARD, PDF_STANDARDS
from ..core.paths import PACKAGE
from ..infra.cache import code_digest
from ..text.glyphs import font_folders
from .balance import compile_balanced
from .typstwhere import where

PANDOC_TIMEOUT = 300  # seconds for one pandoc run; a real document needs a fraction of it
# A file from outside (`roledoc import`) is read by a pandoc held to a heap limit (its Haskell
# runtime's -M, which stops it with "Heap exhausted") and a shorter timeout. Measured: pandoc
# needs 1.6 GB to read 20 MB of Markdown, and took 3.8 GB and 295 s over a 150 KB zip bomb.
UNTRUSTED_MEMORY = 2 * 1024**3  # bytes of heap
UNTRUSTED_TIMEOUT = 120  # seconds


class RenderError(RoledocError):
    """A renderer failed; the message names the format and gives the tool's own words."""

    def __init__(
        self,
        fmt: str,
        tool: str,
        message: Message | str,
        where: tuple[str, int] | None = None,
        text: str | None = None,
    ) -> None:
        if isinstance(message, str):
            lines = [line for line in message.strip().splitlines() if line.strip()][:12]
            message = "\n  ".join(lines)
        if text is None:
            said = _(
                "{format}: {tool} failed:\n  {details}", format=fmt, tool=tool, details=message
            )
        else:
            said = _(
                "{format}: {tool} failed at the text of {text}; its own words:\n  {details}",
                format=fmt,
                tool=tool,
                text=text,
                details=message,
            )
        super().__init__(said)
        self.fmt = fmt
        self.tool = tool
        self.details = message
        self.where = where  # the generated source's file and line the tool stopped at

    def at_text(self, text: str) -> RenderError:
        """The same failure, naming the project's text it stopped in."""
        return RenderError(self.fmt, self.tool, self.details, self.where, text)


class PandocTimeout(RenderError):
    """pandoc gave no result within PANDOC_TIMEOUT."""


class PandocMemory(RenderError):
    """pandoc needed more memory than it was allowed (a bounded run)."""


@dataclass(frozen=True)
class Toolchain:
    pandoc: str
    pandoc_version: str
    typst_version: str


def toolchain() -> Toolchain:
    return Toolchain(
        pypandoc.get_pandoc_path(),
        pypandoc.get_pandoc_version(),
        getattr(typst, "__version__", "unknown"),
    )


def _environment(epoch: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PANDOC_")}
    env["SOURCE_DATE_EPOCH"] = str(epoch)
    env["LC_ALL"] = "C.UTF-8"
    return env


def run_pandoc(
    args: list[str],
    cwd: Path,
    fmt: str,
    epoch: int,
    stdin: bytes | None = None,
    *,
    bounded: bool = False,
) -> bytes:
    """Run pandoc in `cwd`; a failure or timeout becomes a RenderError naming `fmt`.
    `bounded`: for input from outside, within UNTRUSTED_MEMORY and UNTRUSTED_TIMEOUT."""
    command = [toolchain().pandoc, *args]
    seconds = PANDOC_TIMEOUT
    if bounded:
        command[1:1] = ["+RTS", f"-M{UNTRUSTED_MEMORY // 1024**2}m", "-RTS"]
        seconds = UNTRUSTED_TIMEOUT
    try:
        result = subprocess.run(
            command,
            cwd=cwd,
            input=stdin,
            capture_output=True,
            env=_environment(epoch),
            timeout=seconds,
            check=False,
        )
    except subprocess.TimeoutExpired:
        said = _("no result after {seconds} s", seconds=seconds)
        raise PandocTimeout(fmt, "pandoc", said) from None
    except OSError as exc:
        raise RenderError(fmt, "pandoc", str(exc)) from None
    if result.returncode != 0:
        stderr = result.stderr.decode("utf-8", "replace")
        if bounded and "Heap exhausted" in stderr:
            limit = f"{UNTRUSTED_MEMORY / 1e9:.1f} GB"
            said = _("it needed more than {limit} of memory", limit=limit)
            raise PandocMemory(fmt, "pandoc", said)
        raise RenderError(fmt, "pandoc", stderr)
    return result.stdout


def normalise_bodies(
    items: list[dict[str, object]], common: dict[str, object], staging: Path, epoch: int
) -> dict[str, dict[str, str]]:
    """Every body through `normalize.lua` in one pandoc process: key -> markdown or error.
    `common` holds what every item shares (formats, anchors, titles): see the script."""
    payload = json.dumps({**common, "items": items}, ensure_ascii=False).encode("utf-8")
    script = staging / "templates" / "pandoc" / "normalize.lua"
    output = run_pandoc(["lua", str(script)], staging, "markdown", epoch, payload)
    return json.loads(output)


def defaults_file(staging: Path, name: str) -> str:
    return str(staging / "templates" / "pandoc" / f"{name}.yaml")


def parse_document(staging: Path, source: str, ast: str, epoch: int) -> None:
    run_pandoc(
        ["-d", defaults_file(staging, "read"), source, "-o", ast], staging, "markdown", epoch
    )


def read_markdown(staging: Path, markdown: str, epoch: int) -> dict:
    """pandoc Markdown read as the assembled document is read (the read defaults): its AST."""
    output = run_pandoc(
        ["-d", defaults_file(staging, "read")], staging, "markdown", epoch, markdown.encode()
    )
    return json.loads(output)


@functools.cache
def api_version() -> list[int]:
    """The pandoc-api-version of pandoc's JSON, for blocks that travel without a document."""
    return json.loads(run_pandoc(["-f", "markdown", "-t", "json"], Path.cwd(), "markdown", 0, b""))[
        "pandoc-api-version"
    ]


def write_markdown_file(staging: Path, ast: str, output: str, writer: str, epoch: int) -> None:
    """The document's AST as a Markdown file for people to read, metadata block first."""
    script = str(staging / "templates" / "filters" / "markdown.lua")
    args = ["-f", "json", "-t", writer, "-s", "--wrap=none", "-L", script, ast, "-o", output]
    run_pandoc(args, staging, "markdown", epoch)


def _defaults(staging: Path, fmt: str, extra: str | None) -> list[str]:
    """`-d` for the format's defaults file, then for an edition's, which overrides it."""
    args = ["-d", defaults_file(staging, fmt)]
    return [*args, "-d", defaults_file(staging, extra)] if extra else args


def render_with_pandoc(
    staging: Path, fmt: str, ast: str, output: str, epoch: int, extra: str | None = None
) -> None:
    run_pandoc([*_defaults(staging, fmt, extra), ast, "-o", output], staging, fmt, epoch)


# Typst downloads a `@preview` package it does not have, through a proxy if one is set: a
# proxy at a port nothing can listen on makes that fail at once, without leaving the machine.
_NOWHERE = "http://127.0.0.1:0"
OFFLINE = {
    **dict.fromkeys(("https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY"), _NOWHERE),
    **dict.fromkeys(("all_proxy", "ALL_PROXY"), _NOWHERE),
    **dict.fromkeys(("no_proxy", "NO_PROXY"), ""),
}
OFFLINE_HINT = _(
    "Typst packages cannot be used, the build is offline: copy what you need into "
    "templates/typst/ and import it by its path"
)

TYPST_TIMEOUT = 600  # seconds; 2,000 contributions (1,000 pages) take about 20
TYPST_MEMORY = 8 * 1024**3  # bytes of address space; 1,000 pages need about 2 GB

# Typst runs in a child process (pipeline/formats/typst_child.py), so that a timeout or a
# memory limit can stop it.
TYPST_CHILD = f"{__package__}.typst_child"


def typst_child(*args: str) -> tuple[list[str], dict[str, str]]:
    """The command and environment that start the Typst child of this very pipeline package
    (not one that happens to be in the working folder: -P keeps that off the import path),
    offline."""
    path = os.pathsep.join(filter(None, [str(PACKAGE.parent), os.environ.get("PYTHONPATH")]))
    command = [sys.executable, "-P", "-m", TYPST_CHILD, *args]
    parent = {"ROLEDOC_PARENT": str(os.getpid())}
    return command, {**os.environ, **OFFLINE, "PYTHONPATH": path, **parent}


class TypstSession:
    """A warm Typst compiler for `roledoc watch`: one work folder that mirrors the staging
    folder, compiled again and again by the same compiler, which reuses what did not change.
    It runs in this process, so it has no timeout: watch is for an editor at the keyboard."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.compiler: typst.Compiler | None = None
        self.source = ""

    def compile(
        self,
        staging: Path,
        source: str,
        output: Path,
        epoch: int,
        standards: Sequence[str] = PDF_STANDARDS[DEFAULT_PDF_STANDARD],
    ) -> list[str]:
        _mirror(staging, self.folder)
        if self.compiler is None or source != self.source:
            packages = self.folder / ".typst-packages"
            packages.mkdir(exist_ok=True)
            self.source = source
            self.compiler = typst.Compiler(
                input=str(self.folder / source),
                root=str(self.folder),
                font_paths=[*font_folders(), str(self.folder / "templates" / "fonts")],
                ignore_system_fonts=True,
                package_path=str(packages),
                package_cache_path=str(packages),
            )
        try:
            with _offline():
                warnings = compile_balanced(
                    self.compiler,
                    self.folder / source,
                    output,
                    pdf_standards=list(standards),
                    timestamp=dt.datetime.fromtimestamp(epoch, tz=dt.UTC),
                )
        except typst.TypstError as exc:
            said = [str(exc.message), *map(str, getattr(exc, "hints", []))]
            raise typst_error(said, where(exc)) from None
        return [str(getattr(w, "message", w)) for w in warnings or []]


@contextmanager
def _offline() -> Iterator[None]:
    """OFFLINE in this process's environment while Typst runs in it: Typst reads the proxy
    settings when it downloads, not when the compiler is made."""
    saved = {name: os.environ.get(name) for name in OFFLINE}
    os.environ.update(OFFLINE)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _mirror(source: Path, target: Path) -> None:
    """Make `target` hold what Typst reads from `source`: only changed files are written."""
    for path in source.rglob("*"):
        if not path.is_file() or path.suffix in {".json", ".md", ".pdf", ".html", ".docx"}:
            continue
        destination = target / path.relative_to(source)
        data = path.read_bytes()
        if not destination.is_file() or destination.read_bytes() != data:
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(data)


def render_pdf(
    staging: Path,
    ast: str,
    output: str,
    epoch: int,
    session: TypstSession | None = None,
    extra: str | None = None,
) -> list[str]:
    """pandoc writes Typst source; Typst compiles it as the standards the document asks for
    (`pdf_standard`: PDF/A-2a and PDF/UA-1 unless it says otherwise) with only the staging
    folder readable, no packages and no system fonts. Returns Typst's warnings."""
    source = Path(output).with_suffix(".typ").name
    run_pandoc([*_defaults(staging, "pdf", extra), ast, "-o", source], staging, "pdf", epoch)
    standards = pdf_standards(staging / ast)
    if session is not None:
        return session.compile(staging, source, staging / output, epoch, standards)
    return compile_typst(staging / source, staging / output, staging, epoch, standards)


PDF_STANDARD = "pdf-standard"  # the AST's metadata key


def pdf_standards(ast: Path) -> tuple[str, ...]:
    """The standards the PDF is made to, as Typst names them: the AST's `pdf-standard`
    (metadata.md.j2 writes document.yaml's), else the default."""
    from .office import meta_text, read_meta  # here: a no-op build never needs it

    chosen = meta_text(read_meta(ast.read_text(encoding="utf-8")), PDF_STANDARD)
    return PDF_STANDARDS.get(chosen, PDF_STANDARDS[DEFAULT_PDF_STANDARD])


def compile_typst(
    source: Path,
    output: Path,
    root: Path,
    epoch: int,
    standards: Sequence[str] = PDF_STANDARDS[DEFAULT_PDF_STANDARD],
) -> list[str]:
    """Typst in a child process with a timeout and a memory limit, reading only under `root`,
    with no system fonts, no packages and no network; the chapter balance in the same
    process (pipeline/formats/balance.py). Returns Typst's warnings."""
    packages = root / ".typst-packages"  # empty, and OFFLINE: a package import fails at once
    packages.mkdir(exist_ok=True)
    job = {
        "source": str(source),
        "output": str(output),
        "root": str(root),
        "fonts": [*font_folders(), str(root / "templates" / "fonts")],
        "packages": str(packages),
        "epoch": epoch,
        "memory": TYPST_MEMORY,
        "standards": list(standards),
    }
    return _compile_in_child(job)["warnings"]


def _compile_in_child(job: dict) -> dict:
    command, env = typst_child(json.dumps(job))
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            env=env,
            timeout=TYPST_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        said = _("no result after {seconds} s", seconds=TYPST_TIMEOUT)
        raise RenderError("pdf", "typst", said) from None
    try:
        answer = json.loads(done.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        reason = done.stderr.strip().splitlines()[-1:] or [f"exit status {done.returncode}"]
        said = _("stopped unexpectedly: {reason}", reason=reason[0])
        raise RenderError("pdf", "typst", said) from None
    if "error" in answer:
        raise typst_error(answer["error"], answer.get("where"))
    return answer


def typst_error(detail: list[str], where: Sequence[object] | None = None) -> RenderError:
    """Typst's own words, and the file and line of its source it stopped at; a package it
    could not get comes with what to do instead."""
    at = (str(where[0]), int(str(where[1]))) if where else None
    if any(phrase in detail[0] for phrase in ("failed to download package", "package not found")):
        said = "\n  ".join(line for line in "\n".join(detail).splitlines() if line.strip())
        return RenderError(
            "pdf", "typst", _("{hint}\n  {details}", hint=OFFLINE_HINT, details=said), at
        )
    return RenderError("pdf", "typst", "\n".join(detail), at)


def read_document(source: Path, reader: str, media: Path, *, bounded: bool = False) -> dict:
    """A Word, OpenDocument or HTML file as pandoc's JSON AST, read in pandoc's sandbox (no
    network, no other files). Images inside Word and OpenDocument files are extracted into
    `media`; an HTML file's images stay references for the caller to resolve. Tracked
    changes are accepted: insertions kept, deletions and comments dropped. `bounded`: a file
    from outside, read within a heap limit and a timeout (see `run_pandoc`); a zip package
    must have passed `pipeline.read.packages` before it comes here."""
    args = ["--sandbox", "-f", reader, "-t", "json", str(source)]
    if reader in {"docx", "odt"}:
        args.insert(1, f"--extract-media={media}")
    if reader == "docx":
        args.insert(1, "--track-changes=accept")
    output = run_pandoc(args, media.parent, reader, 0, bounded=bounded)
    return json.loads(output)


def write_markdown(ast: dict, writer: str, *, bounded: bool = False) -> str:
    """pandoc's JSON AST as Markdown in the given flavour, one line per paragraph."""
    payload = json.dumps(ast).encode("utf-8")
    output = run_pandoc(
        ["-f", "json", "-t", writer, "--wrap=none"],
        Path.cwd(),
        "markdown",
        0,
        payload,
        bounded=bounded,
    )
    return output.decode("utf-8")


def convert_texts(
    items: dict[str, str], reader: str, writer: str, staging: Path, epoch: int
) -> dict[str, str]:
    """Many small texts from one format to another in one pandoc process."""
    if not items:
        return {}
    payload = json.dumps({"from": reader, "to": writer, "items": items}, ensure_ascii=False)
    script = staging / "templates" / "pandoc" / "convert.lua"
    output = json.loads(
        run_pandoc(["lua", str(script)], staging, "markdown", epoch, payload.encode("utf-8"))
    )
    failed = {key: value for key, value in output.items() if isinstance(value, dict)}
    if failed:
        key, value = next(iter(failed.items()))
        raise RenderError("markdown", "pandoc", f"{key}: {value['error']}")
    return output


def tool_versions() -> str:
    """roledoc's version and code, pandoc's and Typst's: what a cached render depends on."""
    tools = toolchain()
    return (
        f"roledoc {__version__} ({code_digest()[:16]}); pandoc {tools.pandoc_version}; "
        f"typst {tools.typst_version}"
    )
