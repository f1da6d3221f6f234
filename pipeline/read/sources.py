"""Reading a document project: document.yaml, sections, participants and contributions.

Readers only read. A file is read only when it is a regular file inside the project, small
enough and UTF-8; its fields are read by the schemas in `schema.py`. Every problem in a file
becomes a diagnostic with its line and column and the reader moves on, so one run reports
everything; nothing here writes or raises. Each file's own results are remembered by
`checkcache.py`, and many files are read at once by `readpool.py`.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import cast

from ruamel.yaml.nodes import Node

from ..core.diagnostics import Reporter
from ..core.messages import _, language_of, megabytes, os_reason
from ..core.model import BodyFacts, Contribution, Participant, Position, Section, Settings
from ..core.paths import DOCUMENT, PARTICIPANTS
from ..text import markdown
from ..text.language import LanguageChecker
from .checkcache import CheckCache
from .projectfiles import (
    MAX_FILE_BYTES,
    TooLarge,
    UnreadableFile,
    UnsafeFile,
    problem,
    read_bytes,
)
from .readpool import read_all
from .schema import (
    CONTRIBUTION_FIELDS,
    ID_RULE,
    PARTICIPANT,
    PARTICIPANT_RULE,
    SECTION_FIELDS,
    SECTION_NAME,
    SETTINGS,
    build,
)
from .vocabulary import language_checker
from .yamlread import (
    Field,
    ScalarList,
    Split,
    YamlReader,
    decode,
    line_of_offset,
    read_fields,
    split_front_matter,
)

# Characters no output shows and some renderers refuse (Typst refuses a NUL or a BOM inside
# the text); tab and line breaks are layout.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff]")
MAX_REPORTED = 10  # of one kind of character problem per file: enough to find them all


@dataclass(frozen=True)
class ContributionFile:
    """A Markdown file under contributions/<theme>/, readable or not."""

    id: str
    theme: str
    path: str


@dataclass(frozen=True)
class Sources:
    """Everything that was read, and every problem found while reading."""

    settings: Settings | None
    sections: tuple[Section, ...]
    participants: dict[str, Participant]
    themes: tuple[str, ...]
    files: tuple[ContributionFile, ...]
    contributions: tuple[Contribution, ...]
    reporter: Reporter
    participants_known: bool = True  # False when participants.yaml could not be read at all
    partial: tuple[Contribution, ...] = ()  # refused for their front matter, still checked
    hidden: tuple[str, ...] = ()  # .md files under contributions/ that a dot keeps out
    settings_positions: dict[str, Position] = field(default_factory=dict)


def is_hidden(name: str) -> bool:
    return name.startswith(".")


class SourceReader:
    """Reads the files of one project root, collecting diagnostics in one reporter."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.real_root = root.resolve()
        self.reporter = Reporter("en")
        self.settings_positions: dict[str, Position] = {}
        self.language: LanguageChecker | None = None  # None: no prose checks
        self.hidden: list[str] = []
        self.quiet: frozenset[str] = frozenset()  # files whose prose is not checked

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    # -- files ------------------------------------------------------------------------------

    def regular_file(self, path: Path) -> bool:
        """True for a regular file inside the project; anything else is reported (RD108)."""
        reason = problem(self.root, path, limit=None)
        if reason is not None:
            self.reporter.add("RD108", self.rel(path), reason=reason)
            return False
        return True

    def read_text(self, path: Path) -> str | None:
        """The decoded text of a file, or None after reporting why it cannot be read."""
        rel = self.rel(path)
        try:  # one look at the file: what it is, its size, its bytes
            data = read_bytes(self.root, path, MAX_FILE_BYTES)
        except TooLarge as exc:
            size, limit = megabytes(exc.size), megabytes(exc.limit, whole=True)
            self.reporter.add("RD110", rel, size=size, limit=limit)
            return None
        except UnreadableFile as exc:
            self.reporter.add("RD102", rel, reason=exc.reason)
            return None
        except UnsafeFile as exc:  # a link out, a loop, a device, a pipe
            self.reporter.add("RD108", rel, reason=exc.reason)
            return None
        try:
            return decode(data)
        except UnicodeDecodeError as exc:
            line = line_of_offset(data, exc.start)
            line_start = data.rfind(b"\n", 0, exc.start) + 1
            self.reporter.add(
                "RD101",
                rel,
                Position(line, exc.start - line_start + 1),
                byte=f"0x{data[exc.start]:02x}",
            )
            return None

    def list_dir(self, path: Path) -> list[Path]:
        try:
            return sorted(p for p in path.iterdir() if not is_hidden(p.name))
        except OSError as exc:
            self.reporter.add("RD102", self.rel(path), reason=os_reason(exc))
            return []

    # -- document.yaml ----------------------------------------------------------------------

    def read_settings(self) -> Settings | None:
        path = self.root / DOCUMENT
        if not path.exists() and not path.is_symlink():
            self.reporter.add("RD100", DOCUMENT, root=self.root)
            return None
        text = self.read_text(path)
        if text is None:
            return None
        self.reporter.lang = language_of(_peek_lang(text))
        reader = YamlReader(self.reporter, DOCUMENT)
        entries = reader.mapping(reader.compose(text), "document")
        if entries is None:
            return None
        values, self.settings_positions = read_fields(
            reader, entries, SETTINGS.fields, Position(1, 1)
        )
        if not SETTINGS.complete(values):
            return None
        return build(SETTINGS, values)

    # -- participants.yaml ------------------------------------------------------------------

    def read_participants(self) -> dict[str, Participant] | None:
        """The participants by id, or None when the file as a whole cannot be read."""
        path = self.root / PARTICIPANTS
        if not path.exists() and not path.is_symlink():
            self.reporter.add("RD112", PARTICIPANTS, name=PARTICIPANTS)
            return None
        text = self.read_text(path)
        if text is None:
            return None
        reader = YamlReader(self.reporter, PARTICIPANTS)
        errors_before = len(self.reporter.found)
        root = reader.compose(text)
        if root is None:  # empty, or unreadable (then it has been reported)
            return {} if len(self.reporter.found) == errors_before else None
        entries = reader.mapping(root, "participants")
        if entries is None:
            return None
        participants: dict[str, Participant] = {}
        for pid, (key, value) in entries.items():
            if not PARTICIPANT_RULE.match(pid):
                rule = "[a-z0-9][a-z0-9._-]*"
                self.reporter.add(
                    "RD113",
                    PARTICIPANTS,
                    reader.pos(key),
                    name=pid,
                    what=self.reporter.kind("participant"),
                    rule=rule,
                )
                continue
            fields = (
                reader.mapping(value, "participant")
                if value.tag != "tag:yaml.org,2002:null"
                else None
            )
            if fields is None:
                if value.tag == "tag:yaml.org,2002:null":
                    self.reporter.add(
                        "RD201",
                        PARTICIPANTS,
                        reader.pos(key),
                        key="name",
                        example="name: J. de Vries",
                    )
                continue
            values, _positions = read_fields(reader, fields, PARTICIPANT.fields, reader.pos(key))
            if PARTICIPANT.complete(values):
                participants[pid] = build(PARTICIPANT, values, id=pid, position=reader.pos(key))
        return participants

    # -- sections ---------------------------------------------------------------------------

    def read_sections(self, cache: CheckCache) -> tuple[Section, ...]:
        folder = self.root / "sections"
        if not folder.is_dir():
            self.reporter.add("RD112", "sections/", name="sections/")
            return ()
        sections = []
        for path in self.list_dir(folder):
            rel = self.rel(path)
            if path.name == "assets" and path.is_dir():
                continue
            match = SECTION_NAME.match(path.name)
            if not match or path.is_dir():
                rule = _("a section is named NN-slug.md, e.g. 04-grenzen.md")
                self.reporter.add("RD113", rel, name=path.name, what="sections/", rule=rule)
                continue
            parsed = cache.recall(
                path, functools.partial(self.read_markdown, path, SECTION_FIELDS), self.reporter
            )
            if parsed is None:
                continue
            values, split, _positions, facts = parsed
            if "title" not in values:
                continue
            listed = cast(ScalarList, values.get("themes", ()))  # as SECTION_FIELDS read it
            sections.append(
                Section(
                    key=path.stem,
                    number=int(match.group(1)),
                    slug=match.group(2),
                    path=rel,
                    title=str(values["title"]),
                    themes=tuple(name for name, _ in listed),
                    body=split.body,
                    body_line=split.body_line,
                    facts=facts,
                    theme_positions=_item_positions(listed, "themes"),
                )
            )
        return tuple(sorted(sections, key=lambda s: (s.number, s.key)))

    # -- contributions ----------------------------------------------------------------------

    def read_contributions(
        self, cache: CheckCache
    ) -> tuple[tuple[str, ...], tuple[ContributionFile, ...], tuple[Contribution, ...]]:
        folder = self.root / "contributions"
        if not folder.is_dir():
            self.reporter.add("RD112", "contributions/", name="contributions/")
            return (), (), ()
        themes, files, contributions = [], [], []
        pending: list[tuple[Path, ContributionFile]] = []
        self.hidden = self.hidden_markdown(folder)
        for entry in self.list_dir(folder):
            if entry == self.root / PARTICIPANTS:
                continue
            if not entry.is_dir() or entry.is_symlink():
                if entry.is_symlink() and entry.is_dir():
                    self.reporter.add("RD108", self.rel(entry), reason=_("a link to a folder"))
                else:
                    self.reporter.add(
                        "RD107", self.rel(entry), name=entry.name, folder="contributions/"
                    )
                continue
            if not ID_RULE.match(entry.name):
                self.reporter.add(
                    "RD113",
                    self.rel(entry),
                    name=entry.name,
                    what="theme",
                    rule="[a-z0-9-]",
                )
                continue
            if next(entry.iterdir(), None) is None:
                continue  # an empty folder: git keeps none, so no clone has it (a file moved out)
            themes.append(entry.name)
            self.hidden += self.hidden_markdown(entry)
            for path in self.list_dir(entry):
                if path.name == "assets" and path.is_dir() and not path.is_symlink():
                    continue
                if path.suffix != ".md" or path.is_dir():
                    folder_name = f"contributions/{entry.name}/"
                    self.reporter.add("RD107", self.rel(path), name=path.name, folder=folder_name)
                    continue
                record = ContributionFile(path.stem, entry.name, self.rel(path))
                files.append(record)
                pending.append((path, record))

        def read(path: Path, record: ContributionFile) -> Contribution | None:
            return cache.recall(path, lambda: self.read_contribution(path, record), self.reporter)

        values = read_all(pending, read, self.reporter, cache, before_fork=self.load_words)
        contributions = [value for value in values if value is not None]
        return tuple(themes), tuple(files), tuple(contributions)

    def hidden_markdown(self, folder: Path) -> list[str]:
        """The .md files in `folder` that a dot at the start of their name (or of a folder's
        name) keeps out of the document, each reported; other hidden files (.gitkeep) are
        no one's contribution."""
        found = []
        try:
            for entry in sorted(folder.iterdir()):
                if not is_hidden(entry.name) or entry.is_symlink():
                    continue
                inside = sorted(entry.rglob("*.md")) if entry.is_dir() else [entry]
                found += [self.rel(path) for path in inside if path.suffix == ".md"]
        except OSError:
            return []  # list_dir reports the folder that cannot be read
        for path in found:
            self.reporter.add("RD405", path)
        return found

    def load_words(self) -> None:
        """Load the spelling word list now (it is otherwise loaded when first needed)."""
        if self.language is not None and self.language.spelling:
            _known = self.language.known

    def read_contribution(self, path: Path, record: ContributionFile) -> Contribution | None:
        if not ID_RULE.match(record.id):
            fix = markdown.slugify(record.id) or "mijn-bijdrage"
            self.reporter.add("RD209", record.path, value=record.id, fix=fix)
        parsed = self.read_markdown(path, CONTRIBUTION_FIELDS)
        if parsed is None:
            return None
        values, split, positions, facts = parsed
        complete = all(f.name in values for f in CONTRIBUTION_FIELDS if f.required)
        # Each value is what its field's converter made (CONTRIBUTION_FIELDS).
        authors = cast(ScalarList, values.get("authors", ()))
        supersedes = cast(ScalarList, values.get("supersedes", ()))
        positions = dict(positions)
        positions.update(_item_positions(authors, "authors"))
        positions.update(_item_positions(supersedes, "supersedes"))
        return Contribution(
            id=record.id,
            theme=record.theme,
            path=record.path,
            title=str(values.get("title", record.id)),
            authors=tuple(name for name, _ in authors),
            status=str(values.get("status", "draft")),
            date=cast(dt.date, values.get("date", dt.date.min)),
            body=split.body,
            body_line=split.body_line,
            order=cast(int | None, values.get("order")),
            summary=cast(str | None, values.get("summary")),
            supersedes=tuple(name for name, _ in supersedes),
            facts=facts,
            positions=positions,
            language=values.get("language", True) is not False,
            complete=complete,
        )

    def read_markdown(
        self, path: Path, schema: tuple[Field, ...]
    ) -> tuple[dict[str, object], Split, dict[str, Position], BodyFacts] | None:
        """Front matter fields, the split file, field positions and the body's facts."""
        rel = self.rel(path)
        text = self.read_text(path)
        if text is None:
            return None
        for match in islice(CONTROL.finditer(text), MAX_REPORTED):
            line = text.count("\n", 0, match.start()) + 1
            col = match.start() - text.rfind("\n", 0, match.start())
            self.reporter.add("RD318", rel, Position(line, col), point=f"U+{ord(match[0]):04X}")
        split = split_front_matter(text)
        if isinstance(split, str):
            self.reporter.add(split, rel, Position(1, 1))
            return None
        reader = YamlReader(self.reporter, rel, split.front_line)
        root = reader.compose(split.front)
        entries = reader.mapping(root, "front-matter") if root is not None else None
        if entries is None:
            if root is None and not split.front.strip():
                for field in schema:
                    if field.required:
                        self.reporter.add(
                            "RD201",
                            rel,
                            Position(split.front_line - 1, 1),
                            key=field.name,
                            example=field.example,
                        )
            return None
        opening = Position(split.front_line - 1, 1)
        values, positions = read_fields(reader, entries, schema, opening)
        prose = values.get("language", True) is not False and rel not in self.quiet
        checker = self.language if prose else None
        facts, findings = markdown.analyse(split.body, split.body_line, checker)
        for finding in findings:
            self.reporter.add(finding.code, rel, finding.position, None, **dict(finding.params))
        if schema is CONTRIBUTION_FIELDS and not facts.has_text:
            self.reporter.add("RD301", rel, Position(split.body_line, 1))
        return values, split, positions, facts


def _item_positions(items: ScalarList, prefix: str) -> dict[str, Position]:
    return {f"{prefix}.{index}": pos for index, (_, pos) in enumerate(items)}


def _peek_lang(text: str) -> str | None:
    match = re.search(r"^lang:\s*['\"]?([A-Za-z-]+)", text, re.MULTILINE)
    return match.group(1) if match else None


def compose_file(root: Path, name: str, reporter: Reporter) -> tuple[YamlReader, Node | None]:
    """A YAML file of the project (editions.yaml, templates/labels.yaml), read as every file
    is read (a regular file inside the project, at most 1 MB, UTF-8) and composed with its
    line numbers. The node is None when the file is absent, empty or unreadable (reported)."""
    reader = SourceReader(root)
    reader.reporter = reporter
    yaml = YamlReader(reporter, name)
    path = root / name
    if not path.exists() and not path.is_symlink():
        return yaml, None
    text = reader.read_text(path)
    return yaml, None if text is None else yaml.compose(text)


def read_sources(root: Path, quiet: frozenset[str] = frozenset()) -> Sources:
    """Read every file of the project at `root`; problems are in `reporter.found`.

    Per-file results are kept in roledoc's cache (see `checkcache`), as data keyed by each
    file's content, so that an unchanged file is not parsed again.
    """
    reader = SourceReader(root)
    settings = reader.read_settings()
    if not (root / DOCUMENT).exists():
        return Sources(None, (), {}, (), (), (), reader.reporter, False)
    participants = reader.read_participants()
    reader.language, language_key = language_checker(
        root, settings, participants, reader.reporter, reader.settings_positions.get("language")
    )
    reader.quiet = quiet
    cache = CheckCache(root, (language_key,), MAX_FILE_BYTES, quiet)
    sections = reader.read_sections(cache)
    themes, files, contributions = reader.read_contributions(cache)
    cache.save()
    return Sources(
        settings,
        sections,
        participants or {},
        themes,
        files,
        tuple(c for c in contributions if c.complete),
        reader.reporter,
        participants_known=participants is not None,
        settings_positions=reader.settings_positions,
        partial=tuple(c for c in contributions if not c.complete),
        hidden=tuple(reader.hidden),
    )
