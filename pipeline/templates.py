"""Where templates come from: the package's defaults, overridden file by file by a project.

A project's `templates/` folder holds only the files it changes (a logo, a reference docx, a
different Typst template); everything else comes from `pipeline/defaults/`. The merged set is
copied into the build's staging folder, so pandoc defaults files can refer to their siblings
with `${.}` and Typst never reads outside that folder.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import jinja2

DEFAULTS = Path(__file__).parent / "defaults"


class Templates:
    def __init__(self, project_root: Path) -> None:
        self.project_dir = project_root / "templates"
        self.folders = [p for p in (self.project_dir, DEFAULTS) if p.is_dir()]

    def find(self, name: str) -> Path:
        """The project's file of that name if it has one, else the default."""
        for folder in self.folders:
            candidate = folder / name
            if candidate.is_file():
                return candidate
        raise FileNotFoundError(f"no template named {name}")

    def read(self, name: str) -> str:
        return self.find(name).read_text(encoding="utf-8")

    def names(self) -> Iterator[str]:
        """Every template name, once, overrides included."""
        seen: set[str] = set()
        for folder in self.folders:
            for path in sorted(folder.rglob("*")):
                name = path.relative_to(folder).as_posix()
                if path.is_file() and name not in seen and not _ignored(name):
                    seen.add(name)
                    yield name

    def copy_to(self, target: Path) -> None:
        """Write the merged set of templates into `target`."""
        for name in self.names():
            destination = target / name
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(self.find(name), destination)

    def jinja_loader(self) -> jinja2.BaseLoader:
        return jinja2.FileSystemLoader([str(folder) for folder in self.folders])


def _ignored(name: str) -> bool:
    parts = name.split("/")
    return any(part.startswith(".") or part == "__pycache__" for part in parts) or name.endswith(
        ".md"
    )
