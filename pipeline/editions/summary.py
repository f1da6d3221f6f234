"""What a finished build tells the editor: included, excluded and why, outputs with sizes."""

from __future__ import annotations

from pathlib import Path

from ..core.messages import N_, Message, _, number, text
from ..core.report_formats import format_lines
from ..publish.report import BuildResult


def _size(size: int, lang: str) -> str:
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{number(size / 1024 / 1024, '.1f', lang)} MB"


def _where(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


# A status as the reader of the terminal says it (the files keep the contract's English).
STATUS_WORDS = {
    "draft": N_("draft"),
    "proposed": N_("proposed"),
    "accepted": N_("accepted"),
    "rejected": N_("rejected"),
}


def status_word(status: str) -> Message | str:
    """The status in the reader's language: `accepted` is "aanvaard" in Dutch."""
    return _(STATUS_WORDS[status]) if status in STATUS_WORDS else status


def reason_message(reason: str) -> Message | str:
    """Why a contribution is in or out (as report.json records it), for a reader."""
    if reason.startswith("superseded by "):
        return _("superseded by {id}", id=reason.removeprefix("superseded by "))
    if reason == "not readable":
        return _("not readable")
    if reason.startswith("hidden:"):
        return _("hidden: its name or its folder's starts with a dot")
    return _("status {status}", status=status_word(reason))


def format_build_summary(
    result: BuildResult, root: Path, quiet: bool = False, lang: str = "en"
) -> str:
    """The build in a few lines, in `lang`; `quiet` leaves out the list of contributions."""
    version = result.provenance.version
    if result.unchanged:
        return text(
            _(
                "Version {version}: nothing has changed since the last build; the outputs are "
                "up to date.",
                version=version,
            ),
            lang,
        )
    assert result.project is not None and result.selection is not None
    decisions = result.selection.decisions
    included = [d for d in decisions if d.included]
    excluded = [d for d in decisions if not d.included]
    info = result.info
    if info is not None and info.edition is not None:
        which = _("Edition {edition} ({version})", edition=info.edition, version=version)
    elif info is not None and info.after is not None:
        which = _("Draft after edition {edition} ({version})", edition=info.after, version=version)
    else:
        which = _("Version {version}", version=version)
    if result.selection.draft:
        which = _("{which} (draft)", which=which)
    lines: list[Message | str] = [
        which,
        _("Included: {count} contribution(s)", count=len(included)),
    ]
    if not quiet:
        for section, contributions in result.selection.chapters:
            for contribution in contributions:
                lines.append(
                    _(
                        "  {section}  {id}  [{status}]",
                        section=section.key,
                        id=contribution.id,
                        status=status_word(contribution.status),
                    )
                )
    lines.append(_("Excluded: {count}", count=len(excluded)))
    if not quiet:
        for d in excluded:
            lines.append(_("  {path}: {reason}", path=d.path, reason=reason_message(d.reason)))
    for warning in result.warnings:
        lines.append(_("Warning: {message}", message=warning))
    if result.project.warnings:
        lines.append(format_lines(result.project.warnings, lang))
    lines.append(_("Outputs:"))
    report = text(_("report"), lang)  # the report's name for the first column: "verslag"
    width = max(5, len(report)) if result.report_path else 5
    for output in result.outputs:
        seconds = number(output.seconds, "5.2f", lang)
        timing = text(_("unchanged"), lang) if output.reused else f"{seconds} s"
        lines.append(
            f"  {output.fmt:<{width}} {_where(output.path, root):<40} "
            f"{_size(output.size, lang):>8}  {timing}"
        )
    if result.report_path:
        lines.append(f"  {report:<{width}} {_where(result.report_path, root)}")
    if result.conformance:  # the accessibility report: where, and how many checks hold
        where, said = result.conformance
        lines.append(f"  {'':<{width}} {_where(where, root)}: {text(said, lang)}")
    return "\n".join(text(line, lang) for line in lines)
