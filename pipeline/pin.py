"""The roledoc a document project is built with, pinned in its requirements.txt.

`roledoc init` writes the pin of the roledoc that runs it: the exact git commit when it was
installed from a repository (pip records where it came from: PEP 610's direct_url.json), else
the exact version (`roledoc==0.2.0`, from a package index). The project's Makefile and
workflows install exactly that, so the same commit builds the same edition next year.
`roledoc check` warns when another version runs (RD120); `roledoc upgrade-project` moves the
pin on purpose.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from . import __version__

PIN_FILE = "requirements.txt"
_LINE = re.compile(r"^\s*roledoc\s*(?P<spec>(?:==|@)\s*\S.*?)\s*(?:#.*)?$", re.MULTILINE)


@dataclass(frozen=True)
class Pin:
    """What a project's requirements.txt asks for: `roledoc==X` or `roledoc @ git+URL@REV`."""

    requirement: str  # the whole requirement, as pip reads it
    version: str | None  # the version it names, when it names one (==X, or a tag vX)
    revision: str | None  # the git revision it names, when it is a git URL
    line: int  # 1-based, in requirements.txt


def running_source() -> dict:
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
            "# u met `roledoc upgrade-project VERSIE` (zie de README van roledoc). Staat roledoc\n"
            "# nog niet op PyPI, gebruik dan de repository bij een tag:\n"
            "#   roledoc @ git+https://github.com/ORGANISATIE/roledoc@v0.2.0\n"
        )
    else:
        intro = (
            "# The roledoc this document is built with: `make` and the workflows install exactly\n"
            "# this one, so the same commit builds the same document later. Move it with\n"
            "# `roledoc upgrade-project VERSION` (see roledoc's README). Before roledoc is on\n"
            "# PyPI, name its repository at a tag:\n"
            "#   roledoc @ git+https://github.com/ORGANISATION/roledoc@v0.2.0\n"
        )
    return f"{intro}{requirement}\n"


def read_pin(root: Path) -> Pin | None:
    """The project's pin, or None when it has no requirements.txt naming roledoc."""
    path = root / PIN_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    found = _LINE.search(text)
    if found is None:
        return None
    spec = found["spec"].strip()
    line = text.count("\n", 0, found.start("spec")) + 1
    requirement = f"roledoc {spec}" if spec.startswith("@") else f"roledoc{spec}"
    if spec.startswith("=="):
        return Pin(requirement, spec[2:].strip(), None, line)
    revision = spec.rsplit("@", 1)[-1] if spec.count("@") >= 2 else None
    tag = re.fullmatch(r"v?(\d+\.\d+\.\d+\S*)", revision or "")
    return Pin(requirement, tag[1] if tag else None, revision, line)


def differs(pin: Pin) -> bool:
    """Whether the running roledoc is not the one the pin names (as far as can be told)."""
    if pin.version is not None:
        return pin.version != __version__
    commit = running_source().get("vcs_info", {}).get("commit_id")
    return bool(pin.revision and commit and not commit.startswith(pin.revision))
