"""Reading a document project: document.yaml, sections, participants and contributions.

Readers only read. Every problem in a file becomes a diagnostic with its line and column and
the reader moves on, so one run reports everything; nothing here writes or raises.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import multiprocessing as mp
import os
import re
import stat
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from ruamel.yaml.nodes import Node, ScalarNode

from . import markdown
from .cache import Cache, code_digest
from .diagnostics import Reporter, language_of, suggest
from .language import LanguageChecker, LanguageConfig, Readability
from .model import (
    FORMATS,
    STATUSES,
    BodyFacts,
    Contribution,
    Diagnostic,
    Heading,
    Image,
    LanguageSettings,
    Link,
    Participant,
    Position,
    Section,
    Settings,
    StyleSettings,
)
from .yamlread import (
    Field,
    FieldError,
    Split,
    YamlReader,
    as_date,
    as_integer,
    as_scalar_list,
    as_text,
    decode,
    line_of_offset,
    read_fields,
    split_front_matter,
)

MAX_FILE_BYTES = 1_000_000
# Characters no output shows and some renderers refuse (Typst refuses a NUL or a BOM inside
# the text); tab and line breaks are layout.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff]")
MAX_REPORTED = 10  # of one kind of character problem per file: enough to find them all
DOCUMENT = "document.yaml"
PARTICIPANTS = "contributions/participants.yaml"

ID_RULE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PARTICIPANT_RULE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
SECTION_NAME = re.compile(r"^(\d+)-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$")
LANG_RULE = re.compile(
    r"^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-(?:[A-Za-z]{2}|[0-9]{3}))?"
    r"(-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*$"
)
OUTPUT_RULE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
# Status words participants are likely to type, mapped to the status they mean.
STATUS_ALIASES = {
    "concept": "draft",
    "voorstel": "proposed",
    "voorgesteld": "proposed",
    "geaccepteerd": "accepted",
    "aanvaard": "accepted",
    "akkoord": "accepted",
    "afgewezen": "rejected",
    "final": "accepted",
    "approved": "accepted",
}


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


def as_status(reader: YamlReader, key: str, node: Node) -> str:
    value = as_text(reader, key, node)
    if value in STATUSES:
        return value
    lowered = value.lower()
    guess = lowered if lowered in STATUSES else STATUS_ALIASES.get(lowered)
    raise FieldError("RD205", node, guess or suggest(lowered, STATUSES), value=value)


def as_lang(reader: YamlReader, key: str, node: Node) -> str:
    value = as_text(reader, key, node)
    if not LANG_RULE.match(value):
        fix = value.replace("_", "-") if LANG_RULE.match(value.replace("_", "-")) else None
        raise FieldError("RD214", node, fix, value=value)
    return value


def as_output(reader: YamlReader, key: str, node: Node) -> str:
    value = as_text(reader, key, node)
    if not OUTPUT_RULE.match(value):
        rule = {
            "nl": "alleen letters, cijfers, punt, streepje en liggend streepje, geen map",
        }.get(reader.reporter.lang, "only letters, digits, '.', '-' and '_', no folders")
        raise FieldError("RD215", node, value=value, key=key, rule=rule)
    return value


def as_formats(reader: YamlReader, key: str, node: Node) -> tuple[str, ...]:
    items = as_scalar_list(reader, key, node)
    for value, pos in items:
        if value not in FORMATS:
            rule = ", ".join(FORMATS)
            raise FieldError("RD215", pos, suggest(value, FORMATS), value=value, key=key, rule=rule)
    return tuple(dict.fromkeys(value for value, _ in items))


def as_boolean(reader: YamlReader, key: str, node: Node) -> bool:
    if isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:bool":
        return node.value.lower() == "true"
    raise FieldError(
        "RD203", node, key=key, expected=reader.reporter.kind("boolean"), found=reader.kind_of(node)
    )


def as_language(reader: YamlReader, key: str, node: Node) -> LanguageSettings:
    if isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:bool":
        return LanguageSettings(enabled=as_boolean(reader, key, node))
    entries = reader.mapping(node, "language")
    if entries is None:
        raise FieldError("RD106", node, what=reader.reporter.kind("language"), found="-")
    values, _ = read_fields(reader, entries, LANGUAGE_FIELDS, reader.pos(node))
    return LanguageSettings(
        words=values.get("words"),  # type: ignore[arg-type]
        terms=values.get("terms", ()),  # type: ignore[arg-type]
        max_sentence_words=values.get("max_sentence_words"),  # type: ignore[arg-type]
    )


def as_terms(reader: YamlReader, key: str, node: Node) -> tuple[tuple[str, str], ...]:
    entries = reader.mapping(node, "terms")
    if entries is None:
        return ()
    terms = []
    for avoid, (_, prefer) in entries.items():
        terms.append((avoid, as_text(reader, avoid, prefer)))
    return tuple(terms)


HEX_COLOUR = re.compile(r"^#?([0-9A-Fa-f]{6})$")
LOGO_TYPES = (".png", ".jpg", ".jpeg", ".svg")


def as_colour(reader: YamlReader, key: str, node: Node) -> str:
    value = as_text(reader, key, node)
    match = HEX_COLOUR.match(value)
    if not match:
        raise FieldError("RD215", node, value=value, key=key, rule="#RRGGBB, e.g. '#00529b'")
    return match.group(1).lower()


def as_logo(reader: YamlReader, key: str, node: Node) -> str:
    value = as_text(reader, key, node)
    if not value.lower().endswith(LOGO_TYPES) or value.startswith(("/", "..")) or "://" in value:
        rule = "a .png, .jpg or .svg file inside the project, e.g. templates/logo.svg"
        raise FieldError("RD215", node, value=value, key=key, rule=rule)
    return value


def as_style(reader: YamlReader, key: str, node: Node) -> StyleSettings:
    entries = reader.mapping(node, "style")
    if entries is None:
        raise FieldError("RD106", node, what="style", found="-")
    values, positions = read_fields(reader, entries, STYLE_FIELDS, reader.pos(node))
    return StyleSettings(**values, positions=positions)  # type: ignore[arg-type]


STYLE_FIELDS = (
    Field("accent", as_colour, "accent: '#00529b'"),
    Field("logo", as_logo, "logo: templates/logo.svg"),
    Field("font", as_text, "font: Source Sans Pro"),
)

LANGUAGE_FIELDS = (
    Field("words", as_text, "words: words.txt"),
    Field("terms", as_terms, "terms: {ambtenarij: ambtelijke organisatie}"),
    Field("max_sentence_words", as_integer, "max_sentence_words: 25"),
)

DOCUMENT_FIELDS = (
    Field("title", as_text, "title: Rol en werkwijze", required=True),
    Field("subtitle", as_text, "subtitle: Metropoolregio Eindhoven"),
    Field("organisation", as_text, "organisation: Metropoolregio Eindhoven", required=True),
    Field("lang", as_lang, "lang: nl-NL", required=True),
    Field("output", as_output, "output: rol-en-werkwijze", required=True),
    Field("formats", as_formats, "formats: [pdf, docx, html, epub, odt]"),
    Field("language", as_language, "language: {words: words.txt}"),
    Field("changelog", as_text, "changelog: v1.0"),
    Field("style", as_style, "style: {accent: '#00529b', logo: templates/logo.svg}"),
)

PARTICIPANT_FIELDS = (
    Field("name", as_text, "name: J. de Vries", required=True),
    Field("organisation", as_text, "organisation: Gemeente Helmond", required=True),
)

SECTION_FIELDS = (
    Field("title", as_text, "title: Waar de rol begint en eindigt", required=True),
    Field("themes", as_scalar_list, "themes: [grenzen]"),
)

CONTRIBUTION_FIELDS = (
    Field("title", as_text, "title: Wat procesondersteuning is", required=True),
    Field("authors", as_scalar_list, "authors: [jdevries]", required=True),
    Field("status", as_status, "status: draft", required=True),
    Field("date", as_date, "date: 2017-03-14", required=True),
    Field("order", as_integer, "order: 10"),
    Field("summary", as_text, "summary: Eén zin met de kern."),
    Field("supersedes", as_scalar_list, "supersedes: [oude-id]"),
    Field("language", as_boolean, "language: false"),
)


def is_hidden(name: str) -> bool:
    return name.startswith(".")


class SourceReader:
    """Reads the files of one project root, collecting diagnostics in one reporter."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.real_root = root.resolve()
        self.reporter = Reporter("en")
        self.settings_positions: dict[str, Position] = {}
        self.cache: dict | None = None  # per-file results of earlier runs, by content
        self.cache_used: dict = {}
        self.keys: dict[Path, tuple | None] = {}
        self.language: LanguageChecker | None = None
        self.language_key = ""
        self.hidden: list[str] = []

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    # -- files ------------------------------------------------------------------------------

    def regular_file(self, path: Path) -> bool:
        """True for a regular file inside the project; anything else is reported."""
        rel = self.rel(path)
        try:
            real = Path(os.path.realpath(path, strict=True))
            info = path.stat()
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                reason = self.reporter.kind("link-loop")
            elif path.is_symlink():
                reason = self.reporter.kind("link-nowhere")
            else:
                reason = exc.strerror or str(exc)
            self.reporter.add("RD108", rel, reason=reason)
            return False
        if not real.is_relative_to(self.real_root):
            self.reporter.add("RD108", rel, reason=f"it points outside the project, to {real}")
            return False
        if not stat.S_ISREG(info.st_mode):
            self.reporter.add("RD108", rel, reason="not a regular file")
            return False
        return True

    def read_text(self, path: Path) -> str | None:
        """The decoded text of a file, or None after reporting why it cannot be read."""
        rel = self.rel(path)
        if not self.regular_file(path):
            return None
        try:
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                self.reporter.add(
                    "RD110",
                    rel,
                    size=f"{size / 1e6:.1f} MB",
                    limit=f"{MAX_FILE_BYTES / 1e6:.0f} MB",
                )
                return None
            data = path.read_bytes()
        except OSError as exc:
            self.reporter.add("RD102", rel, reason=exc.strerror or str(exc))
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
            self.reporter.add("RD102", self.rel(path), reason=exc.strerror or str(exc))
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
            reader, entries, DOCUMENT_FIELDS, Position(1, 1)
        )
        if not all(f.name in values for f in DOCUMENT_FIELDS if f.required):
            return None
        return Settings(**values)  # type: ignore[arg-type]

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
            values, _ = read_fields(reader, fields, PARTICIPANT_FIELDS, reader.pos(key))
            if "name" in values and "organisation" in values:
                participants[pid] = Participant(
                    pid, str(values["name"]), str(values["organisation"]), reader.pos(key)
                )
        return participants

    # -- sections ---------------------------------------------------------------------------

    def read_sections(self) -> tuple[Section, ...]:
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
                rule = {"nl": "een hoofdstuk heet NN-naam.md, bijvoorbeeld 04-grenzen.md"}.get(
                    self.reporter.lang, "a section is named NN-slug.md, e.g. 04-grenzen.md"
                )
                self.reporter.add("RD113", rel, name=path.name, what="sections/", rule=rule)
                continue
            parsed = self.cached(path, lambda path=path: self.read_markdown(path, SECTION_FIELDS))
            if parsed is None:
                continue
            values, split, _, facts = parsed
            if "title" not in values:
                continue
            themes = tuple(name for name, _ in values.get("themes", ()))  # type: ignore[union-attr]
            sections.append(
                Section(
                    key=path.stem,
                    number=int(match.group(1)),
                    slug=match.group(2),
                    path=rel,
                    title=str(values["title"]),
                    themes=themes,
                    body=split.body,
                    body_line=split.body_line,
                    facts=facts,
                    theme_positions=_item_positions(values.get("themes", ()), "themes"),  # type: ignore[arg-type]
                )
            )
        return tuple(sorted(sections, key=lambda s: (s.number, s.key)))

    # -- contributions ----------------------------------------------------------------------

    def read_contributions(
        self,
    ) -> tuple[tuple[str, ...], tuple[ContributionFile, ...], tuple[Contribution, ...]]:
        folder = self.root / "contributions"
        if not folder.is_dir():
            self.reporter.add("RD112", "contributions/", name="contributions/")
            return (), (), ()
        themes, files, contributions = [], [], []
        pending: list[tuple[Path, ContributionFile]] = []
        self.hidden = self.hidden_markdown(folder)
        for entry in self.list_dir(folder):
            if entry.name == "participants.yaml":
                continue
            if not entry.is_dir() or entry.is_symlink():
                if entry.is_symlink() and entry.is_dir():
                    self.reporter.add("RD108", self.rel(entry), reason="a link to a folder")
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
        contributions = [value for value in self.read_all(pending) if value is not None]
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

    def read_all(self, pending: list[tuple[Path, ContributionFile]]) -> list[Contribution | None]:
        """Every contribution file; when many are not in the cache, they are read by one
        process per CPU (forked, so the word list is loaded once)."""
        workers = min(os.cpu_count() or 1, MAX_WORKERS)
        misses = sum(1 for path, _ in pending if self.cache_key(path) not in (self.cache or {}))
        if workers < 2 or misses < PARALLEL_FROM or "fork" not in mp.get_all_start_methods():
            return [self.read_contribution_cached(path, record) for path, record in pending]
        if self.language is not None and self.language.spelling:
            _ = self.language.known  # load before forking: every worker shares it
        global _WORKER
        _WORKER = (self, pending)
        chunks = [list(range(i, len(pending), workers)) for i in range(workers)]
        with mp.get_context("fork").Pool(workers) as pool:
            parts = pool.map(_read_chunk, chunks)
        _WORKER = None
        values: list[Contribution | None] = [None] * len(pending)
        for results, used in parts:
            for index, value, found in results:
                values[index] = value
                self.reporter.found.extend(found)
            self.cache_used.update(used)
        return values

    def read_contribution_cached(self, path: Path, record: ContributionFile) -> Contribution | None:
        return self.cached(path, lambda: self.read_contribution(path, record))

    def cache_key(self, path: Path) -> tuple | None:
        """(path, languages, content hash), or None for a file the cache should not keep.
        Remembered per path, so deciding whether to read in parallel and reading each cost
        one pass over the file."""
        if path not in self.keys:
            self.keys[path] = self._content_key(path)
        return self.keys[path]

    def _content_key(self, path: Path) -> tuple | None:
        try:
            if not path.is_file() or path.is_symlink():
                return None
            data = path.read_bytes() if path.stat().st_size <= MAX_FILE_BYTES else b""
        except OSError:
            return None
        digest = hashlib.sha256(data).hexdigest()
        return (self.rel(path), self.reporter.lang, self.language_key, digest)

    def cached(self, path: Path, read):
        """read(), remembered per file content: what a file says about itself (its fields,
        its body's facts and prose, its own problems) depends on nothing else."""
        key = self.cache_key(path) if self.cache is not None else None
        if key is None:  # no cache, or not a plain file: read() reports what is wrong
            return read()
        hit = self.cache.get(key)
        if hit is None:
            before = len(self.reporter.found)
            value = read()
            hit = (value, self.reporter.found[before:])
        else:
            self.reporter.found.extend(hit[1])
        self.cache_used[key] = hit
        return hit[0]

    def read_contribution(self, path: Path, record: ContributionFile) -> Contribution | None:
        if not ID_RULE.match(record.id):
            fix = markdown.slugify(record.id) or "mijn-bijdrage"
            self.reporter.add("RD209", record.path, value=record.id, fix=fix)
        parsed = self.read_markdown(path, CONTRIBUTION_FIELDS)
        if parsed is None:
            return None
        values, split, positions, facts = parsed
        complete = all(f.name in values for f in CONTRIBUTION_FIELDS if f.required)
        authors = values.get("authors", ())
        supersedes = values.get("supersedes", ())
        positions = dict(positions)
        positions.update(_item_positions(authors, "authors"))  # type: ignore[arg-type]
        positions.update(_item_positions(supersedes, "supersedes"))  # type: ignore[arg-type]
        return Contribution(
            id=record.id,
            theme=record.theme,
            path=record.path,
            title=str(values.get("title", record.id)),
            authors=tuple(name for name, _ in authors),  # type: ignore[union-attr]
            status=str(values.get("status", "draft")),
            date=values.get("date", dt.date.min),  # type: ignore[arg-type]
            body=split.body,
            body_line=split.body_line,
            order=values.get("order"),  # type: ignore[arg-type]
            summary=values.get("summary"),  # type: ignore[arg-type]
            supersedes=tuple(name for name, _ in supersedes),  # type: ignore[union-attr]
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
        checker = self.language if values.get("language", True) is not False else None
        facts, findings = markdown.analyse(split.body, split.body_line, checker)
        for finding in findings:
            self.reporter.add(finding.code, rel, finding.position, **dict(finding.params))
        if schema is CONTRIBUTION_FIELDS and not facts.has_text:
            self.reporter.add("RD301", rel, Position(split.body_line, 1))
        return values, split, positions, facts


def _item_positions(items: tuple[tuple[str, Position], ...], prefix: str) -> dict[str, Position]:
    return {f"{prefix}.{index}": pos for index, (_, pos) in enumerate(items)}


def _peek_lang(text: str) -> str | None:
    match = re.search(r"^lang:\s*['\"]?([A-Za-z-]+)", text, re.MULTILINE)
    return match.group(1) if match else None


MAX_WORKERS = 4
PARALLEL_FROM = 400  # below this many files to read, starting workers costs more than it saves
_WORKER: tuple[SourceReader, list[tuple[Path, ContributionFile]]] | None = None


def _read_chunk(indices: list[int]) -> tuple[list[tuple[int, object, list]], dict]:
    """In a forked worker: read some of the pending files; return values, their diagnostics
    and the cache entries made."""
    assert _WORKER is not None
    reader, pending = _WORKER
    reader.reporter.found = []
    reader.cache_used = {}
    results = []
    for index in indices:
        path, record = pending[index]
        before = len(reader.reporter.found)
        value = reader.read_contribution_cached(path, record)
        results.append((index, value, reader.reporter.found[before:]))
    return results, reader.cache_used


def _language_checker(
    root: Path,
    settings: Settings | None,
    participants: dict[str, Participant] | None,
    reader: SourceReader,
) -> tuple[LanguageChecker | None, str]:
    """The prose checker for this project, and a key that changes whenever its verdicts may."""
    if settings is None or (settings.language is not None and not settings.language.enabled):
        return None, "off"
    options = settings.language or LanguageSettings()
    known: set[str] = set()
    for person in (participants or {}).values():
        known.update(w.lower() for w in WORD_PARTS.findall(f"{person.name} {person.organisation}"))
    known.update(w.lower() for w in WORD_PARTS.findall(f"{settings.title} {settings.organisation}"))
    folders = [root / "contributions", root / "sections"]
    for folder in folders:
        if folder.is_dir():
            for entry in folder.iterdir():
                known.update(entry.stem.lower().split("-"))
    if options.words:
        path = root / options.words
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            reader.reporter.add(
                "RD112", DOCUMENT, reader.settings_positions.get("language"), name=options.words
            )
            lines = []
        known.update(w.strip().lower() for w in lines if w.strip() and not w.startswith("#"))
    config = LanguageConfig(
        lang=settings.lang.split("-")[0].lower(),
        words=frozenset(known),
        terms=options.terms,
        max_sentence_words=options.max_sentence_words,
    )
    # Sorted, so the key is the same in every process (sets iterate in a random order).
    described = repr((config.lang, sorted(config.words), config.terms, config.max_sentence_words))
    key = hashlib.sha256(described.encode()).hexdigest()[:16]
    return LanguageChecker(config), key


WORD_PARTS = re.compile(r"[^\W\d_]+")

# What a cached check result may be made of; nothing else is rebuilt from the cache.
CACHED_TYPES = (
    Contribution,
    BodyFacts,
    Heading,
    Image,
    Link,
    Position,
    Readability,
    Split,
    Diagnostic,
)


def read_sources(root: Path) -> Sources:
    """Read every file of the project at `root`; problems are in `reporter.found`.

    Per-file results are kept in roledoc's cache (see `cache`), as data keyed by each file's
    content, so that an unchanged file is not parsed again.
    """
    reader = SourceReader(root)
    settings = reader.read_settings()
    if not (root / DOCUMENT).exists():
        return Sources(None, (), {}, (), (), (), reader.reporter, False)
    cache = Cache(root, root / "build")
    name = f"check-{code_digest()[:16]}.json"
    stored = cache.get_object(name, CACHED_TYPES)
    reader.cache = stored if isinstance(stored, dict) else {}
    participants = reader.read_participants()
    reader.language, reader.language_key = _language_checker(root, settings, participants, reader)
    sections = reader.read_sections()
    themes, files, contributions = reader.read_contributions()
    if reader.cache_used != reader.cache:
        cache.put_object(name, reader.cache_used, replaces="check-")
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
