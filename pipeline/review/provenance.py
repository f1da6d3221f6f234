"""Which sources a reviewed file was made from: each contribution's fingerprint, from the
file's properties, or else from the reference on its title page (checked against git); and
narrowed to what roledoc recorded when it made the export."""

from __future__ import annotations

from pathlib import Path

from ..core.errors import RoledocError
from ..core.messages import _
from .export import COMMIT, KEY, PROPERTY, export_key, fingerprint
from .regions import find_regions
from .wordmodel import WordDocument


def exported_fingerprints(
    document: WordDocument, docx: Path, titles: dict[str, str], paths: dict[str, str], repo
) -> tuple[dict[str, str], str]:
    """id -> fingerprint of each contribution the file was made from, and how that was
    known: from its properties, or from the reference on its title page."""
    properties = document.properties
    if COMMIT in properties:
        prints = {
            name[len(PROPERTY) :]: value
            for name, value in properties.items()
            if name.startswith(PROPERTY) and name != COMMIT
        }
        return prints, "properties"
    front = " ".join(
        "".join(c.text for c in p.chars if c.inserted is None) for p in document.body[:80]
    )
    match = KEY.search(front)
    if match is None:
        raise RoledocError(
            _(
                "{name} was not made by 'roledoc review export': roledoc cannot tell which "
                "contribution each change belongs to",
                name=docx.name,
            )
        )
    commit, _digest = match[1], match[2]
    regions = find_regions(document.body, titles)
    found = [r.key for r in regions if r.kind == "contribution"]
    prints = {}
    for ident in found:
        data = repo.at_commit(commit, paths[ident])
        if data is not None:
            prints[ident] = fingerprint(data)
    if export_key(commit, prints) != match[0]:
        raise RoledocError(
            _(
                "{name} has lost the properties roledoc puts in it (as Google Docs does), and "
                "the sources it was made from ({key}) cannot be found in git",
                name=docx.name,
                key=match[0],
            )
        )
    return prints, "reference"


def as_recorded(
    root: Path, document: WordDocument, prints: dict[str, str]
) -> tuple[dict[str, str], bool]:
    """The file's fingerprints, narrowed to what roledoc recorded when it made the export
    (its kept copy, when it has one: a property added to the file adds nothing); and whether
    there was such a copy (without one, the file's own word is all there is)."""
    from .rendering import recall_export
    from .wordxml import read_properties

    kept = recall_export(root, document)
    if kept is None:
        return prints, False
    recorded = read_properties(kept)
    return {i: value for i, value in prints.items() if recorded.get(PROPERTY + i) == value}, True
