"""The editions register, editions.yaml: which editions were released, from which content,
and who adopted them.

The register is committed and reviewed like any file, so it travels with every clone, ZIP
download and CI checkout; git tags may mirror it, but nothing depends on them. An edition is
a name ("1.1"), the full commit whose content it froze, its date, optionally who adopted it
and when, a one-line note, and the digest of its content, so that a build recognises the
edition it is without git history. Oldest first.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from ruamel.yaml.nodes import MappingNode, Node, SequenceNode

from ..core.diagnostics import Reporter
from ..core.messages import Message, _
from ..core.model import Adoption, Release
from ..core.paths import INPUTS, REGISTER
from ..infra.cache import walk_files
from .sources import compose_file
from .yamlread import Field, FieldError, YamlReader, as_date, as_text, read_fields

EDITION_NAME = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.\-]*$")


def _matching(pattern: str, rule: Message | str) -> Callable[[YamlReader, str, Node], str]:
    def convert(reader: YamlReader, key: str, node: Node) -> str:
        value = as_text(reader, key, node)
        if not re.match(pattern, value):
            raise FieldError("RD215", node, value=value, key=key, rule=rule)
        return value

    return convert


as_edition = _matching(EDITION_NAME.pattern, "1.1, 2.0, 2021-1")
as_commit = _matching(r"^[0-9a-f]{40}$", _("40 hexadecimal characters (git rev-parse HEAD)"))
as_digest = _matching(r"^[0-9a-f]{64}$", _("64 hexadecimal characters, written by roledoc"))


def as_adoption(reader: YamlReader, key: str, node: Node) -> Adoption | None:
    entries = reader.mapping(node, "adopted")
    if entries is None:
        return None
    values, _positions = read_fields(reader, entries, ADOPTION_FIELDS, reader.pos(node))
    if "by" not in values or "on" not in values:
        return None
    decision = cast(str | None, values.get("decision"))
    return Adoption(str(values["by"]), cast(dt.date, values["on"]), decision)  # as_date read on


ADOPTION_FIELDS = (
    Field("by", as_text, "by: Regionaal Overleg Metropoolregio Eindhoven", required=True),
    Field("on", as_date, "on: 2021-03-18", required=True),
    Field("decision", as_text, "decision: RO-2021-014"),
)

RELEASE_FIELDS = (
    Field("edition", as_edition, 'edition: "1.1"', required=True),
    Field("commit", as_commit, "commit: 4a10319c...", required=True),
    Field("date", as_date, "date: 2021-03-08", required=True),
    Field("adopted", as_adoption, "adopted: {by: Regionaal Overleg, on: 2021-03-18}"),
    Field("note", as_text, "note: Tweede editie, na het eerste jaar."),
    Field("content", as_digest, "content: <written by roledoc release>"),
)


def read_register(root: Path, reporter: Reporter) -> tuple[Release, ...]:
    """The editions in editions.yaml, oldest first; every problem is reported, never raised.
    No file means no editions yet."""
    reader, top = compose_file(root, REGISTER, reporter)
    if top is None:
        return ()
    if not isinstance(top, SequenceNode):
        reporter.add("RD106", REGISTER, reader.pos(top), what=REGISTER, found="-")
        return ()
    releases: list[Release] = []
    for item in top.value:
        at = reader.pos(item)
        if not isinstance(item, MappingNode):
            reporter.add("RD106", REGISTER, at, what=REGISTER, found="-")
            continue
        entries = reader.mapping(item, REGISTER)
        if entries is None:
            continue
        values, _ = read_fields(reader, entries, RELEASE_FIELDS, at)
        if not all(f.name in values for f in RELEASE_FIELDS if f.required):
            continue
        name = str(values["edition"])
        if any(r.edition == name for r in releases):
            reporter.add("RD218", REGISTER, at, value=name, key="edition")
            continue
        releases.append(  # each value as RELEASE_FIELDS read it
            Release(
                edition=name,
                commit=str(values["commit"]),
                date=cast(dt.date, values["date"]),
                adopted=cast(Adoption | None, values.get("adopted")),
                note=cast(str | None, values.get("note")),
                content=cast(str | None, values.get("content")),
                position=at,
            )
        )
    return tuple(releases)


def find_release(releases: tuple[Release, ...], name: str) -> Release | None:
    """The edition of that name; "v1.1" finds "1.1", as tags used to be written."""
    for release in releases:
        if name in (release.edition, f"v{release.edition}"):
            return release
    return None


CONTENT_SCHEMA = b"roledoc-content-1"


def content_digest(root: Path) -> str:
    """One hash over the document's inputs (document.yaml, sections/, contributions/,
    templates/; editions.yaml aside), line endings normalised: the same for a clone, a ZIP
    download and a CI checkout of the same content, so an edition is recognised without git.
    Links and hidden files are left out, as every reader of the project leaves them out."""
    h = hashlib.sha256(CONTENT_SCHEMA)
    for path in (p for name in sorted(INPUTS) for p in walk_files(root / name)):
        relative = path.relative_to(root)
        if path.is_symlink() or any(part.startswith(".") for part in relative.parts):
            continue
        try:
            data = path.read_bytes().replace(b"\r\n", b"\n")
        except OSError:
            data = b"<unreadable>"
        h.update(relative.as_posix().encode("utf-8", "surrogateescape") + b"\0")
        h.update(len(data).to_bytes(8, "little") + data)
    return h.hexdigest()


@dataclass(frozen=True)
class EditionState:
    """Which edition a build's content is: `current` when it equals an edition's content,
    else `after`, the latest edition before it (None: no edition yet)."""

    current: Release | None
    after: Release | None


def edition_state(root: Path, releases: tuple[Release, ...]) -> EditionState:
    """The edition whose recorded content equals the project's inputs now, newest first."""
    if not releases:
        return EditionState(None, None)
    digest = content_digest(root)
    for release in reversed(releases):
        if release.content == digest:
            return EditionState(release, None)
    return EditionState(None, releases[-1])


def render_register(releases: tuple[Release, ...] | list[Release]) -> str:
    """editions.yaml as roledoc writes it: one block per edition, oldest first."""
    blocks = []
    for release in releases:
        lines = [
            f'- edition: "{release.edition}"',
            f"  commit: {release.commit}",
            f"  date: {release.date.isoformat()}",
        ]
        if release.adopted is not None:
            lines += [
                "  adopted:",
                f"    by: {_quoted(release.adopted.by)}",
                f"    on: {release.adopted.on.isoformat()}",
            ]
            if release.adopted.decision:
                lines.append(f"    decision: {_quoted(release.adopted.decision)}")
        if release.note:
            lines.append(f"  note: {_quoted(release.note)}")
        if release.content:
            lines.append(f"  content: {release.content}")
        blocks.append("\n".join(lines))
    header = (
        "# The editions of this document, oldest first. `roledoc release` and `roledoc adopt`\n"
        "# write this file; review it like any other change.\n"
    )
    return header + "\n".join(blocks) + "\n"


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def resolve_revision(releases: tuple[Release, ...], name: str) -> str:
    """What git should look up for an edition given by name, tag or commit: an edition's
    commit when the register knows the name, else the name itself (a tag or a commit)."""
    release = find_release(releases, name)
    return release.commit if release else name


# `changelog:` in document.yaml: absent or PREVIOUS compares with the previous edition, NONE
# leaves the changes appendix out, any other value names an edition, tag or commit.
PREVIOUS, NONE = "previous", "none"


def previous_edition(
    releases: tuple[Release, ...], current: str | None, after: str | None
) -> str | None:
    """The edition the changes appendix compares with unless document.yaml names one: for
    an edition the one before it (none for the first), for a draft the latest edition."""
    if current is None:
        return after
    names = [release.edition for release in releases]
    at = names.index(current) if current in names else 0
    return names[at - 1] if at > 0 else None


def latest_edition(releases: tuple[Release, ...]) -> str | None:
    return releases[-1].edition if releases else None
