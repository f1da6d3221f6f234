"""What a build decides before it writes anything: the plan, and the editions a build makes.

An edition says what kind of document a build makes: the full document (FULL), or one made
from it (the short edition, the redline, the review file; pipeline/editions/). It composes the
document, and may first prepare what it needs beyond the project (the full document: its
changes appendix; the redline: the earlier edition); the builder only calls these steps.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.errors import RoledocError
from ..core.messages import Message, _
from ..core.model import FORMATS, Project, Release
from ..core.paths import output_folder
from ..formats.render import TypstSession
from ..infra.gitinfo import Provenance, last_changed, read_provenance
from .compose import compose_document, prepare_document

if TYPE_CHECKING:
    from ..assemble.assemble import BuildInfo, Selection
    from ..infra.cache import Cache
    from ..read.labels import Labels
    from ..read.templates import Templates
    from .compose import Composed


class BuildRefused(RoledocError):
    """`check` found errors; the project's diagnostics say which."""

    def __init__(self, project: Project) -> None:
        count = len(project.errors)
        super().__init__(_("the build was refused: {count} error(s); nothing written", count=count))
        self.project = project


Progress = Callable[[Message], None]

# (the plan, the staging folder, the cache) -> the document: its AST, or Markdown to read.
Composer = Callable[["Plan", Path, "Cache"], "str | Composed"]
# (the plan, the resources kept open until the build has published, the build's warnings)
# -> what the edition's composer finds as `plan.context`.
Preparer = Callable[["Plan", ExitStack, "list[Message | str]"], object]


@dataclass(frozen=True)
class Edition:
    """What kind of document a build makes: the full document, or one made from it (the
    short edition for administrators, the redline of changes since an earlier edition)."""

    name: str
    compose: Composer  # the document, in the staging folder
    suffix: str = ""  # output names: <output><suffix>.<ext>
    defaults: str | None = None  # a pandoc defaults file stacked on each format's own
    key: str = ""  # what else decides the outputs (the compared edition, say)
    # What the edition needs beyond the project (an earlier edition's tree, say), gathered
    # while the build plans, before the output folder is locked; resources it opens (a
    # checkout) live on the stack until the build has published.
    prepare: Preparer | None = None
    report: bool = False  # report.json is written beside its outputs


FULL = Edition(name="full", compose=compose_document, prepare=prepare_document, report=True)


@dataclass(frozen=True)
class Plan:
    """Everything a build decided before it writes anything."""

    project: Project
    selection: Selection
    provenance: Provenance
    info: BuildInfo
    templates: Templates
    labels: Labels
    last_changed: dict[str, dt.date]
    formats: tuple[str, ...]
    out_dir: Path
    epoch: int
    jobs: int
    typst_session: TypstSession | None = None
    edition: Edition = FULL
    context: object = None  # what the edition prepared (Edition.prepare)


def plan_build(
    root: Path,
    draft: bool,
    formats: tuple[str, ...] | None,
    out: Path | None,
    jobs: int | None = None,
    provenance: Provenance | None = None,
    pending: Release | None = None,
) -> tuple[Plan, list[Message | str]]:
    """Check the project and decide what this build makes; writes nothing."""
    from ..assemble.assemble import BuildInfo, select_contributions
    from ..check.project import load_project
    from ..read.labels import load_labels
    from ..read.templates import Templates

    project = load_project(root)
    if pending is not None:
        project = replace(project, releases=(*project.releases, pending))
    if project.errors:
        raise BuildRefused(project)
    settings = project.settings
    assert settings is not None
    provenance = provenance or read_provenance(root)
    warnings: list[Message | str] = list(provenance.warnings)
    epoch = _epoch(provenance, project)
    templates = Templates(root)
    selection = select_contributions(project, draft)
    info = BuildInfo(
        version=provenance.version,
        commit=provenance.commit,
        date_iso=dt.datetime.fromtimestamp(epoch, tz=dt.UTC).date().isoformat(),
        draft=draft,
        identifier=edition_identifier(settings.organisation, settings.title, provenance, draft),
        status_words=settings.status_words,
        **edition_fields(root, project, provenance.dirty),
    )
    plan = Plan(
        project=project,
        selection=selection,
        provenance=provenance,
        info=info,
        templates=templates,
        labels=load_labels(templates.read("labels.yaml"), settings.lang),
        last_changed=last_changed(root, [c.path for c in selection.included]),
        formats=_chosen(formats, settings.formats),
        out_dir=output_folder(root, out),
        epoch=epoch,
        jobs=max(1, jobs or os.cpu_count() or 1),
    )
    return plan, warnings


def edition_fields(root: Path, project: Project, dirty: bool) -> dict[str, Any]:
    """What the document says about its edition, from editions.yaml and its content now."""
    from ..read.register import edition_state

    state = edition_state(root, project.releases)
    current = state.current
    adopted = current.adopted if current is not None else None
    return {
        "edition": current.edition if current else None,
        "edition_date": current.date.isoformat() if current else None,
        "adopted_by": adopted.by if adopted else None,
        "adopted_on": adopted.on.isoformat() if adopted else None,
        "adopted_decision": adopted.decision if adopted else None,
        "after": state.after.edition if state.after else None,
        "dirty": dirty,
        "history": tuple(
            {
                "edition": r.edition,
                "date": r.date.isoformat(),
                "adopted_by": r.adopted.by if r.adopted else None,
                "adopted_on": r.adopted.on.isoformat() if r.adopted else None,
                "note": r.note,
            }
            for r in project.releases
        ),
    }


def edition_identifier(organisation: str, title: str, provenance: Provenance, draft: bool) -> str:
    """The same id for every build of one edition, a different one for the next."""
    name = "|".join([organisation, title, provenance.version, provenance.commit or "", str(draft)])
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'roledoc:' + name)}"


def _chosen(asked: tuple[str, ...] | None, default: tuple[str, ...]) -> tuple[str, ...]:
    """The formats to render, in the canonical order; () renders only the Markdown."""
    return tuple(f for f in FORMATS if f in (default if asked is None else asked))


def _epoch(provenance: Provenance, project: Project) -> int:
    """The moment the document describes: the commit date, never the wall clock."""
    if provenance.date is not None:
        return int(provenance.date.timestamp())
    if "SOURCE_DATE_EPOCH" in os.environ:
        return int(os.environ["SOURCE_DATE_EPOCH"])
    dates = [c.date for c in project.contributions] or [dt.date(1970, 1, 1)]
    latest = max(dates)
    return int(dt.datetime(latest.year, latest.month, latest.day, tzinfo=dt.UTC).timestamp())
