"""What a finished build tells the editor: included, excluded and why, outputs with sizes."""

from __future__ import annotations

from pathlib import Path

from .build import BuildResult


def _size(size: int) -> str:
    return f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"


def _where(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def format_build_summary(result: BuildResult, root: Path, quiet: bool = False) -> str:
    """The build in a few lines; `quiet` leaves out the list of contributions."""
    if result.unchanged:
        return (
            f"Version {result.provenance.version}: nothing has changed since the last build; "
            "the outputs are up to date."
        )
    assert result.project is not None and result.selection is not None
    decisions = result.selection.decisions
    included = [d for d in decisions if d.included]
    excluded = [d for d in decisions if not d.included]
    draft = " (draft)" if result.selection.draft else ""
    info = result.info
    if info is not None and info.edition is not None:
        which = f"Edition {info.edition} ({result.provenance.version})"
    elif info is not None and info.after is not None:
        which = f"Draft after edition {info.after} ({result.provenance.version})"
    else:
        which = f"Version {result.provenance.version}"
    lines = [f"{which}{draft}"]
    lines.append(f"Included: {len(included)} contribution(s)")
    if not quiet:
        for section, contributions in result.selection.chapters:
            for contribution in contributions:
                lines.append(f"  {section.key}  {contribution.id}  [{contribution.status}]")
    lines.append(f"Excluded: {len(excluded)}")
    if not quiet:
        for d in excluded:
            lines.append(f"  {d.path}: {d.reason}")
    for warning in result.warnings:
        lines.append(f"Warning: {warning}")
    for d in result.project.warnings:
        lines.append(f"{d.path}:{d.line}:{d.col}: warning {d.code}: {d.message}")
    lines.append("Outputs:")
    for output in result.outputs:
        timing = "unchanged" if output.reused else f"{output.seconds:5.2f} s"
        lines.append(
            f"  {output.fmt:<5} {_where(output.path, root):<40} {_size(output.size):>8}  {timing}"
        )
    if result.report_path:
        lines.append(f"  report {_where(result.report_path, root)}")
    return "\n".join(lines)
