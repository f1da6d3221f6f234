"""Where templates come from: the package's defaults, overridden file by file by a project.

A project's `templates/` folder holds only the files it changes (a logo, a reference docx, a
different Typst template); everything else comes from `pipeline/defaults/`. The merged set is
copied into the build's staging folder, so pandoc defaults files can refer to their siblings
with `${.}` and Typst never reads outside that folder.

Only regular files are templates: a symbolic link (or a device, a pipe) in `templates/` is
never read or copied, so a link cannot bring a file from outside the project into an output.
"""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import jinja2

from ..core.diagnostics import Reporter
from ..core.errors import DiagnosticsError
from ..core.paths import DEFAULTS

FOLDER = "templates"


class UnsafeTemplate(DiagnosticsError):
    """A file in templates/ that is not a regular file of the project."""

    def __init__(self, name: str, what: str) -> None:
        reporter = Reporter()
        reporter.add("RD115", template_path(name), what=what)
        super().__init__(reporter.found)


class Templates:
    def __init__(self, project_root: Path) -> None:
        self.project_dir = project_root / FOLDER
        # name -> why it is refused ("symlink" or "irregular"); "." is the folder itself
        self.refused: dict[str, str] = {}
        self.own: dict[str, Path] = _regular_files(self.project_dir, self.refused)
        self.files: dict[str, Path] = {**_regular_files(DEFAULTS, {}), **self.own}

    def find(self, name: str) -> Path:
        """The project's file of that name if it has one, else the default."""
        self.refuse_unsafe(name)
        try:
            return self.files[name]
        except KeyError:
            raise FileNotFoundError(f"no template named {name}") from None

    def refuse_unsafe(self, name: str | None = None) -> None:
        """Raise UnsafeTemplate for a refused entry that is `name` or holds it (any, if None)."""
        for refused, what in self.refused.items():
            if name is None or refused in {".", name} or name.startswith(f"{refused}/"):
                raise UnsafeTemplate(refused, what)

    def read(self, name: str) -> str:
        return self.find(name).read_text(encoding="utf-8")

    def origin(self, name: str) -> str:
        """Where a template comes from, as a reader should see it."""
        return template_path(name) if name in self.own else f"pipeline/defaults/{name}"

    def names(self) -> Iterator[str]:
        """Every template name, once, overrides included."""
        yield from sorted(self.files)

    def copy_to(self, target: Path) -> None:
        """Write the merged set of templates into `target`; refuses if any is unsafe."""
        self.refuse_unsafe()
        for name in self.names():
            destination = target / name
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(self.find(name), destination)

    def jinja_loader(self) -> jinja2.BaseLoader:
        return jinja2.FunctionLoader(self._jinja_source)

    def _jinja_source(self, name: str) -> tuple[str, str, Callable[[], bool]] | None:
        if name not in self.files:
            return None
        return self.read(name), self.origin(name), lambda: True


def template_path(name: str) -> str:
    """A template's path in the project, as messages show it ("." is the folder itself)."""
    return FOLDER if name == "." else f"{FOLDER}/{name}"


def _regular_files(folder: Path, refused: dict[str, str]) -> dict[str, Path]:
    """The template files under `folder` by name; links and special files go to `refused`.
    Links are never followed, not even to a folder."""
    try:
        info = folder.lstat()
    except FileNotFoundError:
        return {}
    if not stat.S_ISDIR(info.st_mode):
        refused["."] = "symlink" if stat.S_ISLNK(info.st_mode) else "irregular"
        return {}
    found: dict[str, Path] = {}
    for current, folders, files in os.walk(folder):
        here = Path(current)
        for entry in sorted([*folders, *files]):
            path = here / entry
            name = path.relative_to(folder).as_posix()
            mode = path.lstat().st_mode
            if stat.S_ISLNK(mode):
                refused[name] = "symlink"
            elif stat.S_ISREG(mode):
                if not _ignored(name):
                    found[name] = path
            elif not stat.S_ISDIR(mode):
                refused[name] = "irregular"
    return found


def _ignored(name: str) -> bool:
    parts = name.split("/")
    return any(part.startswith(".") or part == "__pycache__" for part in parts) or name.endswith(
        ".md"
    )
