"""`roledoc status`: where the document stands, per section and theme, for the editors."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from ..core.messages import Message, _, text
from ..core.model import STATUSES, Project
from ..read.register import edition_state
from .summary import status_word


@dataclass(frozen=True)
class ThemeState:
    theme: str
    counts: dict[str, int]
    participants: list[str]


@dataclass(frozen=True)
class SectionState:
    section: str
    title: str
    themes: list[ThemeState]


@dataclass(frozen=True)
class Waiting:
    id: str
    title: str
    theme: str
    status: str
    date: str
    authors: list[str]


@dataclass(frozen=True)
class Score:
    id: str
    score: float
    words: int
    longest_sentence: int
    level: str | None = None  # the estimated reading level (Dutch only; plainlanguage.py)


@dataclass(frozen=True)
class EditionLine:
    edition: str
    date: str
    adopted: str | None  # "by, on" when adopted


@dataclass(frozen=True)
class Overview:
    content: Message  # "edition 1.1", "after edition 1.1" or "no edition yet"
    editions: list[EditionLine]
    sections: list[SectionState]
    awaiting_review: list[Waiting]  # proposed, oldest first
    drafts: list[Waiting]
    themes_without_accepted: list[str]
    accepted_without_summary: list[str]
    unreadable: list[str]
    readability: list[Score]  # easiest last; the hardest come first


def project_overview(project: Project) -> Overview:
    def names(authors: tuple[str, ...]) -> list[str]:
        return [project.participants[a].name if a in project.participants else a for a in authors]

    sections = []
    for section in project.sections:
        themes = []
        for theme in section.themes:
            members = [c for c in project.contributions if c.theme == theme]
            counts = {s: sum(c.status == s for c in members) for s in STATUSES}
            people = sorted({n for c in members for n in names(c.authors)})
            themes.append(ThemeState(theme, counts, people))
        sections.append(SectionState(section.key, section.title, themes))

    def waiting(status: str) -> list[Waiting]:
        chosen = sorted(
            (c for c in project.contributions if c.status == status), key=lambda c: (c.date, c.id)
        )
        return [
            Waiting(c.id, c.title, c.theme, c.status, c.date.isoformat(), names(c.authors))
            for c in chosen
        ]

    accepted_themes = {c.theme for c in project.contributions if c.status == "accepted"}
    state = edition_state(project.root, project.releases)
    if state.current is not None:
        content = _("edition {edition}", edition=state.current.edition)
    elif state.after is not None:
        content = _(
            "after edition {edition} (not released yet): {changes}",
            edition=state.after.edition,
            changes=_changes(project),
        )
    else:
        content = _("no edition yet")
    return Overview(
        content=content,
        editions=[
            EditionLine(
                r.edition,
                r.date.isoformat(),
                f"{r.adopted.by}, {r.adopted.on.isoformat()}" if r.adopted else None,
            )
            for r in project.releases
        ],
        sections=sections,
        awaiting_review=waiting("proposed"),
        drafts=waiting("draft"),
        themes_without_accepted=[t for t in project.themes if t not in accepted_themes],
        accepted_without_summary=sorted(
            c.id for c in project.contributions if c.status == "accepted" and not c.summary
        ),
        unreadable=list(project.unreadable),
        readability=_scores(project),
    )


def _scores(project: Project) -> list[Score]:
    from ..text.plainlanguage import contribution_levels

    lang = (project.settings.lang if project.settings else "en").split("-")[0].lower()
    levels = contribution_levels(project)
    scores = []
    for c in project.contributions:
        counts = c.facts.readability
        score = counts.score(lang) if counts else None
        if counts and score is not None:
            level = levels[c.path].level if c.path in levels else None
            scores.append(Score(c.id, score, counts.words, counts.longest_sentence, level))
    return sorted(scores, key=lambda s: (s.score, s.id))


def _changes(project: Project) -> Message:
    """How much the published document changed since the latest edition, as far as git can
    tell (a shallow clone or a ZIP download has no history to compare with)."""
    from ..assemble.changes import changelog_since
    from ..infra.gitinfo import GitError

    try:
        log = changelog_since(project.root, None, published=True, current=project)
    except GitError:
        return _("what changed is unknown here (no git history of that edition)")
    return _("{count} change(s) to the published document since then", count=len(log.changes))


def format_text(overview: Overview, lang: str = "en") -> str:
    """The overview for people, in `lang`."""
    head: list[Message | str] = [_("Content: {content}", content=overview.content)]
    for line in overview.editions:
        adopted = _("adopted by {who}", who=line.adopted) if line.adopted else _("not adopted yet")
        head.append(
            _(
                "  edition {edition}  {date}  {adopted}",
                edition=line.edition,
                date=line.date,
                adopted=adopted,
            )
        )
    return "\n".join([*(text(h, lang) for h in head), "", _format_sections(overview, lang)])


def _format_sections(overview: Overview, lang: str) -> str:
    none = text(_("none"), lang)
    lines: list[Message | str] = []
    for section in overview.sections:
        lines.append(f"{section.section}  {section.title}")
        if not section.themes:
            lines.append(_("  (editors' text only)"))
        for theme in section.themes:
            counts = " · ".join(f"{text(status_word(s), lang)} {theme.counts[s]}" for s in STATUSES)
            lines.append(f"  {theme.theme:<22} {counts}")
            if theme.participants:
                by = text(_("by {names}", names=", ".join(theme.participants)), lang)
                lines.append(f"  {'':<22} {by}")
    lines.append("")
    count = len(overview.awaiting_review)
    lines.append(_("Awaiting review (proposed, oldest first): {count}", count=count))
    lines += [_waiting(w) for w in overview.awaiting_review]
    lines.append(_("Drafts in progress: {count}", count=len(overview.drafts)))
    lines += [_waiting(w) for w in overview.drafts]
    themes = ", ".join(overview.themes_without_accepted) or none
    lines.append(_("Themes without an accepted contribution: {themes}", themes=themes))
    summaryless = ", ".join(overview.accepted_without_summary) or none
    lines.append(_("Accepted without a summary: {ids}", ids=summaryless))
    if overview.unreadable:
        unreadable = ", ".join(overview.unreadable)
        lines.append(_("Not readable (run roledoc check): {paths}", paths=unreadable))
    if overview.readability:
        lines.append("")
        lines.append(_("Readability (Flesch-Douma for Dutch, Flesch otherwise; higher is easier):"))
        hardest = {s.id for s in overview.readability[:HARDEST]}
        for s in overview.readability:
            score = f"{s.score:6.1f}"
            said = _(
                "  {score}  {id}  ({words} words, longest sentence {longest})",
                score=score,
                id=s.id,
                words=s.words,
                longest=s.longest_sentence,
            )
            if s.level:
                said = _("{line}, estimated level {level}", line=said, level=s.level)
            if s.id in hardest:
                said = _("{line}  <- among the hardest", line=said)
            lines.append(said)
    return "\n".join(text(line, lang) for line in lines)


HARDEST = 3


def _waiting(w: Waiting) -> str:
    return f'  {w.date}  {w.theme}/{w.id}  "{w.title}" ({", ".join(w.authors)})'


def format_json(overview: Overview, lang: str = "en") -> str:
    data = asdict(overview)
    data["content"] = text(overview.content, lang)
    return json.dumps(data, ensure_ascii=False, indent=2)
