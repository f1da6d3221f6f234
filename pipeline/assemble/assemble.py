"""Merging: the contributions a build includes (the rule is in `publication`), in reading
order, the assembled Markdown, and the document's AST.

`select_contributions`, `assemble_markdown` and `splice_bodies` are pure: they take the loaded
project and already-normalised bodies and return values. Nothing here reads or writes files
or runs tools.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from .. import __version__
from ..check.publication import judge_contributions
from ..core.model import Contribution, Participant, Project, Section
from ..read.labels import Labels
from .edition_text import edition_text

if TYPE_CHECKING:
    from .changes import Changelog


@dataclass(frozen=True)
class Decision:
    """Whether one contribution file is in this build, and why."""

    id: str
    path: str
    theme: str
    section: str | None
    status: str | None
    included: bool
    reason: str


@dataclass(frozen=True)
class Selection:
    """The contributions of one build, per section in reading order, and every decision."""

    draft: bool
    chapters: tuple[tuple[Section, tuple[Contribution, ...]], ...]
    decisions: tuple[Decision, ...]

    @property
    def included(self) -> tuple[Contribution, ...]:
        return tuple(c for _, contributions in self.chapters for c in contributions)


def select_contributions(project: Project, draft: bool = False) -> Selection:
    """The contributions of a published or draft build; which ones is decided by
    `publication.judge_contributions`."""
    verdicts = judge_contributions(project.contributions, draft)
    decisions: dict[str, Decision] = {}
    for contribution in project.contributions:
        section = project.section_for_theme(contribution.theme)
        verdict = verdicts[contribution.path]
        decisions[contribution.path] = Decision(
            contribution.id,
            contribution.path,
            contribution.theme,
            section.key if section else None,
            contribution.status,
            verdict.included,
            verdict.reason,
        )
    for path in project.unreadable:
        theme = path.split("/")[1]
        section = project.section_for_theme(theme)
        stem = path.rsplit("/", 1)[-1].removesuffix(".md")
        decisions[path] = Decision(
            stem, path, theme, section.key if section else None, None, False, "not readable"
        )
    for path in project.hidden:
        theme = path.split("/")[1]
        section = project.section_for_theme(theme)
        stem = path.rsplit("/", 1)[-1].removesuffix(".md")
        reason = "hidden: its name or its folder's starts with a dot"
        decisions[path] = Decision(
            stem, path, theme, section.key if section else None, None, False, reason
        )
    chapters = []
    for section in project.sections:
        members = sorted(
            (
                c
                for c in project.contributions
                if c.theme in section.themes and decisions[c.path].included
            ),
            key=Contribution.sort_key,
        )
        chapters.append((section, tuple(members)))
    ordered = tuple(decisions[path] for path in sorted(decisions))
    return Selection(draft, tuple(chapters), ordered)


# Every ASCII punctuation mark that can start or end markup in pandoc's Markdown (entities
# included: `&lt;`). Commas, colons, quotes, slashes and parentheses stay as they are: they
# cannot form markup once brackets are escaped, and quotes must stay free to become curly.
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]<>#+\-.!|~^$@&=])")


def escape_markup(text: str) -> str:
    """Text that pandoc's Markdown reader shows literally: markup characters are
    backslash-escaped; spaces stay as they are (a line break becomes a space)."""
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", text.replace("\n", " "))


def escape_markdown(text: str) -> str:
    """escape_markup, with runs of white space made one space."""
    return escape_markup(" ".join(text.split()))


def yaml_string(text: str) -> str:
    """A YAML scalar for pandoc metadata, which pandoc reads as Markdown: escaped twice."""
    return json.dumps(escape_markdown(text), ensure_ascii=False)


def fill_markdown(template: str, **values: str) -> str:
    """A label with `{name}` placeholders as Markdown: the label's own words escaped, the
    values (already Markdown: a link, say) put in as they are."""
    parts = re.split(r"(\{\w+\})", " ".join(template.split()))
    return "".join(
        values[part[1:-1]] if part[1:-1] in values else escape_markup(part) for part in parts
    )


EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$")


def contact_markdown(contact: str | None) -> str | None:
    """The contact from document.yaml as Markdown: an e-mail address becomes a mailto link."""
    if not contact:
        return None
    if EMAIL.match(contact.strip()):
        address = contact.strip()
        return f"[{escape_markdown(address)}](mailto:{address})"
    return escape_markdown(contact)


@dataclass(frozen=True)
class BuildInfo:
    """What the document says about its own edition."""

    version: str
    commit: str | None
    date_iso: str
    draft: bool
    identifier: str  # a stable id for this edition (the EPUB needs one)
    edition: str | None = None  # the edition this content is, e.g. "1.1"
    edition_date: str | None = None  # ISO date of that edition
    adopted_by: str | None = None
    adopted_on: str | None = None  # ISO date
    adopted_decision: str | None = None  # the decision's reference
    after: str | None = None  # when not an edition: the latest edition before it
    dirty: bool = False  # uncommitted changes to the document's files
    # a review file's consultation: "" or the last day for comments (ISO); None otherwise
    consultation: str | None = None
    status_words: str = "government"  # document.yaml's: which words say the status
    # every edition, oldest first: {"edition", "date", "adopted_by", "adopted_on", "note"}
    history: tuple[dict, ...] = ()


def byline(contribution: Contribution, participants: dict[str, Participant], labels: Labels) -> str:
    """ "Name, Organisation · Name, Organisation · date": organisations often hold
    parentheses of their own, so no parentheses around them."""
    people = [
        f"{participants[a].name}, {participants[a].organisation}" if a in participants else a
        for a in contribution.authors
    ]
    return " · ".join([*people, labels.date(contribution.date)])


class _CompiledTemplates(jinja2.BytecodeCache):
    """Templates compiled once per process, kept in memory by name: a build compiles its
    templates in a new folder each time (about 0.1 s), and `watch` builds again on every
    change. Jinja uses a kept compilation only when its source's checksum is the same, so a
    changed template is compiled again."""

    def __init__(self) -> None:
        self._kept: dict[str, bytes] = {}

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return name  # not the file's path, which is a new staging folder in every build

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self._kept:
            bucket.bytecode_from_string(self._kept[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._kept[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _CompiledTemplates()


def template_environment(loader: jinja2.BaseLoader) -> jinja2.Environment:
    """Jinja2 in its sandbox: a template can format the values it is given, but cannot reach
    Python's internals (`__class__`, `__globals__`), so it cannot run code or read files."""
    env = SandboxedEnvironment(
        loader=loader,
        bytecode_cache=_COMPILED,
        autoescape=False,  # the output is Markdown; values are escaped by the filters below
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md"] = escape_markdown
    env.filters["fill"] = fill_markdown
    env.filters["yaml"] = yaml_string
    env.globals["attributes"] = attributes
    env.globals["roledoc_version"] = __version__
    return env


def attributes(identifier: str, *classes: str) -> str:
    """Pandoc's attribute syntax, `{#id .class}` (which Jinja would read as a comment)."""
    return "{" + " ".join([f"#{identifier}", *(f".{c}" for c in classes)]) + "}"


def chapter_context(
    project: Project,
    selection: Selection,
    labels: Labels,
    bodies: dict[str, str] | None = None,
    last_changed: dict[str, dt.date] | None = None,
) -> list[dict[str, object]]:
    """What the templates know of each chapter and its contributions."""
    bodies = bodies or {}
    last_changed = last_changed or {}
    return [
        {
            "title": section.title,
            "slug": section.slug,
            "key": section.key,
            "body": bodies.get(section.slug, ""),
            "contributions": [
                {
                    "id": c.id,
                    "title": c.title,
                    "status": c.status,
                    "status_label": labels.status(c.status),
                    "byline": byline(c, project.participants, labels),
                    "summary": c.summary,
                    "date": labels.date(c.date),
                    "last_changed": labels.date(last_changed[c.path])
                    if c.path in last_changed
                    else None,
                    "body": bodies.get(c.id, ""),
                }
                for c in contributions
            ],
        }
        for section, contributions in selection.chapters
    ]


def unbroken_names(project: Project) -> list[str]:
    """The names that stay on one line in every format (filters/unbroken.lua): the
    participants' and their organisations', and the document's organisation."""
    names = {p.name for p in project.participants.values()}
    names |= {p.organisation for p in project.participants.values()}
    if project.settings is not None:
        names.add(project.settings.organisation)
    return sorted(name for name in names if len(name.split()) > 1)


def render_edition(
    template: str,
    project: Project,
    selection: Selection,
    build: BuildInfo,
    labels: Labels,
    env: jinja2.Environment,
    chapters: list[dict[str, object]],
    logo_file: str | None = None,
    **extra: object,
) -> str:
    """One of the document's templates, with the context every edition shares."""
    settings = project.settings
    assert settings is not None
    context = {
        "document": settings,
        "build": build,
        "date_text": labels.date_iso(build.date_iso),
        "edition_text": edition_text(build, labels),
        "contact_markdown": contact_markdown(settings.contact),
        "labels": labels.strings,
        "chapters": chapters,
        "contributors": contributors_by_organisation(selection, project.participants),
        "titles": {c.id: c.title for c in project.contributions},
        "unbroken": unbroken_names(project),
        "logo_file": logo_file,
        "changelog": None,
        "edition_label": None,
    }
    return env.get_template(template).render({**context, **extra})


def assemble_markdown(
    project: Project,
    selection: Selection,
    bodies: dict[str, str],
    build: BuildInfo,
    labels: Labels,
    env: jinja2.Environment,
    changelog: Changelog | None = None,
    last_changed: dict[str, dt.date] | None = None,
    logo_file: str | None = None,
) -> str:
    """The whole document as one pandoc Markdown text, from the `document.md.j2` template.

    `bodies` maps section slugs and contribution ids to their normalised Markdown;
    `last_changed` maps contribution paths to the date git last saw them change.
    """
    chapters = chapter_context(project, selection, labels, bodies, last_changed)
    return render_edition(
        "document.md.j2",
        project,
        selection,
        build,
        labels,
        env,
        chapters,
        logo_file,
        changelog=changelog,
    )


def contributors_by_organisation(
    selection: Selection, participants: dict[str, Participant]
) -> list[dict[str, object]]:
    """The people who wrote the included contributions, grouped by organisation, sorted."""
    groups: dict[str, set[str]] = {}
    for contribution in selection.included:
        for author in contribution.authors:
            person = participants.get(author)
            if person is not None:
                groups.setdefault(person.organisation, set()).add(person.name)
    return [
        {"organisation": organisation, "names": sorted(names)}
        for organisation, names in sorted(groups.items())
    ]


# A body's place in the template's output while the skeleton is read: a fenced Div with an id
# of roledoc's own. Text from files reaches a template only through its escaping filters, so
# it cannot make a Div with an id; only the template (trusted configuration) places bodies.
PLACEHOLDER_PREFIX = "roledoc-body-"


def placeholders(keys: list[str]) -> tuple[dict[str, str], dict[str, str]]:
    """For each body key, the Markdown that holds its place in the skeleton, and the id it
    will have there: ({key: markdown}, {id: key})."""
    ids = {key: f"{PLACEHOLDER_PREFIX}{number}" for number, key in enumerate(keys)}
    return {key: f"::: {{#{ident}}}\n:::" for key, ident in ids.items()}, {
        ident: key for key, ident in ids.items()
    }


def splice_bodies(skeleton: dict, bodies: dict[str, str]) -> str:
    """The skeleton's AST (pandoc JSON) as JSON text, with every placeholder Div replaced by
    the blocks of the body it stands for. `bodies` maps placeholder ids to the JSON text of a
    list of blocks, which goes in as text: it is never decoded, so a body nested however
    deep costs nothing here, and only the small skeleton is walked."""
    nonce = secrets.token_hex(16)  # no text from a file can name a splice point
    pieces: list[str] = []

    def walk(node: object) -> object:
        if isinstance(node, list):
            spliced: list = []
            for item in node:
                ident = _placeholder(item)
                if ident is None:
                    spliced.append(walk(item))
                elif (inner := bodies.get(ident, "[]").strip()[1:-1].strip()) != "":
                    spliced.append(f"{nonce}:{len(pieces)}")
                    pieces.append(inner)
            return spliced
        if isinstance(node, dict):
            return {key: walk(value) for key, value in node.items()}
        return node

    text = json.dumps(walk(skeleton), ensure_ascii=False)
    return re.sub(f'"{nonce}:(\\d+)"', lambda m: pieces[int(m.group(1))], text)


def _placeholder(item: object) -> str | None:
    """The id of a placeholder Div (no classes, no attributes, no content), else None."""
    if not (isinstance(item, dict) and item.get("t") == "Div"):
        return None
    (identifier, classes, attributes), content = item["c"]
    if classes or attributes or content or not identifier.startswith(PLACEHOLDER_PREFIX):
        return None
    return identifier
