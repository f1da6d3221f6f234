"""What a build tells: its result (the outputs, the warnings), and report.json, which records
the edition, the outputs and a decision for every contribution file."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.messages import Message
from ..core.model import Diagnostic, Project
from ..infra.gitinfo import Provenance

if TYPE_CHECKING:
    from ..assemble.assemble import BuildInfo, Selection


@dataclass(frozen=True)
class Output:
    fmt: str
    path: Path
    size: int
    seconds: float
    reused: bool = False  # its inputs had not changed: the earlier file was kept


@dataclass
class BuildResult:
    project: Project | None  # None when nothing had changed (`unchanged`)
    selection: Selection | None
    provenance: Provenance
    outputs: list[Output] = field(default_factory=list)
    report_path: Path | None = None
    # the conformance report (pipeline/conformance/report.py) and how many of its checks hold
    conformance: tuple[Path, Message] | None = None
    checks: list = field(default_factory=list)  # the report's checks (conformance.Check)
    warnings: list[Message | str] = field(default_factory=list)  # str: a tool's own words
    unchanged: bool = False
    info: BuildInfo | None = None  # what the document says about its edition


def build_report(
    project: Project,
    selection: Selection,
    provenance: Provenance,
    info: BuildInfo,
    outputs: list[Output],
    root: Path,
) -> dict[str, object]:
    """report.json: the edition, the outputs, and a decision for every contribution file."""
    from .. import __version__

    return {
        "edition": info.edition,
        "version": provenance.version,
        "tool": {"roledoc": __version__},
        "commit": provenance.commit,
        "date": info.date_iso,
        "draft": selection.draft,
        "outputs": {o.fmt: _relative(o.path, root) for o in outputs},
        "contributions": [
            {
                "id": d.id,
                "path": d.path,
                "theme": d.theme,
                "section": d.section,
                "status": d.status,
                "included": d.included,
                "reason": d.reason,
            }
            for d in selection.decisions
        ],
        "diagnostics": [_diagnostic(d, project.message_lang) for d in project.diagnostics],
    }


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def _diagnostic(d: Diagnostic, lang: str) -> dict[str, object]:
    from ..core.diagnostics import words  # only when there is something to report

    return {
        "path": d.path,
        "line": d.line,
        "col": d.col,
        "severity": d.severity,
        "code": d.code,
        "message": words(d, lang),
    }
