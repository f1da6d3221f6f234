"""The roledoc a document project is built with, pinned in its requirements.txt.

`roledoc init` writes the pin of the roledoc that runs it: the exact git commit when it was
installed from a repository (pip records where it came from: PEP 610's direct_url.json), else
the exact version (`roledoc==0.2.0`, from a package index). The project's Makefile and
workflows install exactly that, so the same commit builds the same edition next year.
`roledoc check` warns when another version runs (RD406); `roledoc upgrade-project` moves the
pin on purpose.

The workflows install requirements.txt in CI, so whatever it names runs there. `pin_sources`
says where each requirement comes from; only a version from the package index or a git URL
at a tag or full commit hash is fixed and reviewable, anything else is refused (RD408).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import __version__
from ..core.messages import Message, _
from ..core.paths import PIN_FILE
from .projectfiles import UnsafeFile, read_text, write_text


@dataclass(frozen=True)
class Pin:
    """What a project's requirements.txt asks for: `roledoc==X` or `roledoc @ git+URL@REV`."""

    requirement: str  # the whole requirement, as pip reads it
    version: str | None  # the version it names, when it names one (==X, or a tag vX)
    revision: str | None  # the git revision it names, when it is a git URL
    line: int  # 1-based, in requirements.txt


def running_source() -> dict[str, Any]:
    """Where the running roledoc was installed from (PEP 610), or {} from an index."""
    from importlib.metadata import PackageNotFoundError, distribution

    try:
        text = distribution("roledoc").read_text("direct_url.json")
    except PackageNotFoundError:
        return {}
    try:
        return json.loads(text) if text else {}
    except json.JSONDecodeError:
        return {}


def current_requirement() -> tuple[str, bool]:
    """The requirement that installs exactly the running roledoc, and whether pip can fetch
    it from elsewhere (False for a local folder or file, which names only the version)."""
    source = running_source()
    vcs = source.get("vcs_info", {})
    url = source.get("url", "")
    if vcs.get("vcs") == "git" and vcs.get("commit_id") and not url.startswith("file:"):
        return f"roledoc @ git+{url}@{vcs['commit_id']}", True
    return f"roledoc=={__version__}", not url.startswith("file:")


def pin_text(requirement: str, lang: str) -> str:
    """The requirements.txt `init` writes."""
    if lang == "nl":
        intro = (
            "# De roledoc waarmee dit document wordt gemaakt: `make` en de workflows installeren\n"
            "# precies deze. Zo geeft dezelfde commit later hetzelfde document. Verplaatsen doet\n"
            "# u met `roledoc upgrade-project VERSIE` (zie 'roledoc bijwerken' in de handleiding\n"
            "# van roledoc voor de redactie). Staat roledoc nog niet op PyPI, gebruik dan de\n"
            "# repository bij een tag:\n"
            "#   roledoc @ git+https://github.com/ORGANISATIE/roledoc@roledoc-v0.3.0\n"
        )
    else:
        intro = (
            "# The roledoc this document is built with: `make` and the workflows install exactly\n"
            "# this one, so the same commit builds the same document later. Move it with\n"
            "# `roledoc upgrade-project VERSION` (see 'roledoc bijwerken', upgrading roledoc, in\n"
            "# roledoc's guide for editors). Before roledoc is on PyPI, name its repository at\n"
            "# a tag:\n"
            "#   roledoc @ git+https://github.com/ORGANISATION/roledoc@roledoc-v0.3.0\n"
        )
    return f"{intro}{requirement}\n"


def read_pin(root: Path) -> Pin | None:
    """The project's pin, or None when it has no requirements.txt naming roledoc."""
    path = root / PIN_FILE
    try:
        text = read_text(root, path)
    except UnsafeFile:  # a link out of the project, /dev/zero: check reports it (RD108)
        return None
    found = _pin_line(text)
    if found is None:
        return None
    spec, line = found
    requirement = f"roledoc {spec}" if spec.startswith("@") else f"roledoc{spec}"
    if spec.startswith("=="):
        return Pin(requirement, spec[2:].strip(), None, line)
    revision = spec.rsplit("@", 1)[-1] if spec.count("@") >= 2 else None
    tag = re.fullmatch(r"(?:roledoc-)?+v?+(\d++\.\d++\.\d++\S*+)", revision or "")
    return Pin(requirement, tag[1] if tag else None, revision, line)


def pin_project(root: Path, requirement: str, lang: str) -> Pin | None:
    """Pin the project at `root` to `requirement` (`roledoc upgrade-project`): its roledoc
    line of requirements.txt replaced, the line added to a requirements.txt without one (its
    lines stay), or the file `init` writes (in `lang`) made. Read and written as project
    files: requirements.txt may be a link a pull request made. The pin it had, or None."""
    path = root / PIN_FILE
    existing = read_text(root, path) if path.exists() or path.is_symlink() else None
    before = read_pin(root) if existing is not None else None
    if existing is None:
        write_text(root, path, pin_text(requirement, lang))
    elif before is None:
        write_text(root, path, existing.rstrip("\n") + "\n" + requirement + "\n")
    else:
        lines = existing.splitlines(keepends=True)
        lines[before.line - 1] = requirement + "\n"
        write_text(root, path, "".join(lines))
    return before


def _pin_line(text: str) -> tuple[str, int] | None:
    """The first `roledoc==...` or `roledoc @ ...` requirement (its spec, without a comment)
    and its line; read a line at a time, in time linear in the file (a pattern with a lazy
    middle took seconds on one long line of spaces)."""
    for number, line in enumerate(text.splitlines(), 1):
        rest = line.lstrip()
        if not rest.startswith("roledoc"):
            continue
        spec = rest[len("roledoc") :].lstrip().split("#", 1)[0].strip()
        operator = "==" if spec.startswith("==") else "@" if spec.startswith("@") else None
        if operator and spec[len(operator) :].strip():
            return spec, number
    return None


def differs(pin: Pin) -> bool:
    """Whether the running roledoc is not the one the pin names (as far as can be told)."""
    if pin.version is not None:
        return pin.version != __version__
    commit = running_source().get("vcs_info", {}).get("commit_id")
    return bool(pin.revision and commit and not commit.startswith(pin.revision))


# -- where a requirement comes from -----------------------------------------------------------

# pip options that make every requirement come from somewhere else than the package index.
_ELSEWHERE = ("-i", "--index-url", "--extra-index-url", "-f", "--find-links")
_INCLUDE = ("-r", "--requirement", "-c", "--constraint")
_EDITABLE = ("-e", "--editable")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*(\[[^\]]*\])?")
_COMMIT = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")
_TAG = re.compile(
    r"(?:roledoc-)?+v?+\d++(?:\.\d++)++[0-9A-Za-z.+-]*+"
)  # possessive: no backtracking


@dataclass(frozen=True)
class Source:
    """Where one line of requirements.txt makes pip fetch code from."""

    requirement: str  # the line as written (without its comment)
    kind: str  # index, git-fixed, git-moving, path, url, elsewhere
    where: Message  # in words, for the reader
    line: int

    @property
    def fixed(self) -> bool:
        """Whether it names code that cannot change under the same name without a review:
        a version from the package index, or a git URL at a tag or full commit hash."""
        return self.kind in ("index", "git-fixed")


def pin_sources(text: str) -> list[Source]:
    """Each requirement of a requirements.txt and where it comes from."""
    lines = _logical_lines(text)
    elsewhere = [value for _number, words in lines for value in _option_values(words, _ELSEWHERE)]
    found = []
    for number, words in lines:
        found.append(_source(" ".join(words), words, number, elsewhere))
    return [source for source in found if source is not None]


def _logical_lines(text: str) -> list[tuple[int, list[str]]]:
    """(first line number, words) per requirement, comments removed, continuations joined."""
    lines: list[tuple[int, list[str]]] = []
    pending: list[str] = []
    start = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = re.sub(r"(^|\s)#.*$", "", raw).rstrip()
        if not pending:
            start = number
        if line.endswith("\\"):
            pending.append(line[:-1])
            continue
        words = " ".join([*pending, line]).split()
        pending = []
        if words:
            lines.append((start, words))
    return lines


def _option_values(words: list[str], names: tuple[str, ...]) -> list[str]:
    values = []
    for index, word in enumerate(words):
        name, _sep, value = word.partition("=")
        if name in names:
            values.append(value or (words[index + 1] if index + 1 < len(words) else ""))
        elif any(word.startswith(n) and not n.startswith("--") for n in names if len(n) == 2):
            values.append(word[2:])  # -ihttps://...
    return values


def _source(line: str, words: list[str], number: int, elsewhere: list[str]) -> Source | None:
    first, option = words[0], words[0].split("=", 1)[0]
    if option in _INCLUDE or (first[:2] in ("-r", "-c") and not first.startswith("--")):
        target = " ".join(words[1:]) or first.partition("=")[2] or first[2:]
        where = _("another file of requirements ({file})", file=target)
        return Source(line, "elsewhere", where, number)
    if option in _EDITABLE or (first.startswith("-e") and not first.startswith("--")):
        target = " ".join(words[1:]) or first.partition("=")[2] or first[2:]
        return _located(line, target.strip(), number)
    if first.startswith("-"):
        return None  # an option; the index options are judged with each requirement
    kept = [words[0], *[w for w in words[1:] if not w.startswith("--")]]
    spec = " ".join(kept).split(";", 1)[0].strip()  # a marker does not change the source
    name = _NAME.match(spec)
    rest = spec[name.end() :].strip() if name else spec
    if name and rest.startswith("@"):
        return _located(line, rest[1:].strip(), number)
    if name is None or re.match(r"[:/\\]", rest) or _looks_like_path(spec):
        return _located(line, spec, number)
    if elsewhere:
        where = _("a package index or folder other than PyPI ({url})", url=elsewhere[0])
        return Source(line, "elsewhere", where, number)
    version = re.fullmatch(r"===?\s*(\S+)", rest)
    if version:
        where = _("version {version} from the package index", version=version[1])
    else:
        where = _("the package index, any version matching '{spec}'", spec=rest or "*")
    return Source(line, "index", where, number)


_ARCHIVES = (".whl", ".zip", ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz")


def _looks_like_path(spec: str) -> bool:
    return (
        spec.startswith((".", "/", "~")) or "/" in spec or "\\" in spec or spec.endswith(_ARCHIVES)
    )


def _located(line: str, target: str, number: int) -> Source:
    """A requirement given by address: a git URL, another URL, or a local path."""
    if target.startswith("git+") or target.startswith("git://"):
        address = target.split("#", 1)[0]
        _host, at, revision = address.rpartition("@")
        if "/" in revision or not at:  # no revision: the @ was a user name (git@host)
            revision = ""
        url = address[: -len(revision) - 1] if revision else address
        if _COMMIT.fullmatch(revision):
            where = _("the git repository {url} at commit {revision}", url=url, revision=revision)
            return Source(line, "git-fixed", where, number)
        if _TAG.fullmatch(revision):
            where = _("the git repository {url} at tag {revision}", url=url, revision=revision)
            return Source(line, "git-fixed", where, number)
        if revision:
            where = _(
                "the git repository {url} at '{revision}', which is no version tag or full "
                "commit hash: a branch moves",
                url=url,
                revision=revision,
            )
        else:
            where = _("the git repository {url} without a revision (its default branch)", url=url)
        return Source(line, "git-moving", where, number)
    scheme = re.match(r"([A-Za-z][A-Za-z0-9+.-]*)://", target)
    if scheme and scheme[1].lower() != "file":
        return Source(line, "url", _("the address {url}", url=target), number)
    return Source(line, "path", _("the local path {path}", path=target), number)
