"""Which of the project's texts a renderer stopped at, so that its error can name the file.

Typst names a line of the source pandoc wrote: the text is the last chapter or contribution
label above it. pandoc, writing a format from the whole document's AST, names no place: then
the document is cut where each chapter's and contribution's heading starts, and halves of it
are rendered alone with the same renderer, the failing half halved again, down to the text
that fails alone. That costs about two renders per doubling of the texts, and only after a
failure.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from ..formats.registry import FormatSpec
from ..formats.render import PandocMemory, PandocTimeout, RenderError
from .plan import Plan

_LABEL = re.compile(r"<([A-Za-z0-9_-]+)>")
PROBE = "roledoc-probe"  # the name of the one-part documents and their outputs, in staging


def texts(plan: Plan) -> dict[str, str]:
    """Each chapter's and contribution's anchor (its heading's id) -> its project file."""
    found = {section.slug: section.path for section, _ in plan.selection.chapters}
    return found | {c.id: c.path for c in plan.selection.included}


def text_at_line(staging: Path, where: tuple[str, int], plan: Plan) -> str | None:
    """The project file whose text the generated source's `where` (file, line) is in: the
    last chapter or contribution label at or above that line (pandoc's Typst puts each
    heading's label on the line after it)."""
    anchors = texts(plan)
    source = staging / where[0]  # an absolute path stays itself
    if source.resolve().parent != staging.resolve():
        return None  # not the document's source (a template of its own): no text to name
    try:
        lines = source.read_text(encoding="utf-8").splitlines()[: where[1]]
    except (OSError, ValueError):
        return None
    for line in reversed(lines):
        label = _LABEL.fullmatch(line.strip())
        if label and label[1] in anchors:
            return anchors[label[1]]
    return None


def text_that_fails(
    staging: Path, ast: str, spec: FormatSpec, plan: Plan, failure: RenderError
) -> str | None:
    """The first project file whose part of the document makes `spec`'s pandoc fail alone, or
    None: a failure that only the parts together make, one that the document's frame makes
    without any text, or one of time or memory (which a render per part would multiply)."""
    if failure.tool != "pandoc" or isinstance(failure, PandocTimeout | PandocMemory):
        return None
    try:
        document = json.loads((staging / ast).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None

    def fails(blocks: list[dict]) -> bool:
        probe = f"{PROBE}.json"
        (staging / probe).write_text(json.dumps({**document, "blocks": blocks}), "utf-8")
        try:
            spec.render(staging, probe, spec.file(PROBE), plan.epoch, plan.edition.defaults, None)
        except RenderError:
            return True
        return False

    def first_failing(group: list[tuple[str, list[dict]]]) -> str | None:
        # halves, the first half first: about 2·log2(n) renders, not one per text
        if len(group) == 1:
            return group[0][0] if fails(group[0][1]) else None
        for half in (group[: len(group) // 2], group[len(group) // 2 :]):
            if fails([block for _path, blocks in half for block in blocks]):
                return first_failing(half)
        return None  # only the halves together fail

    if fails([]):  # the frame fails without any text: the template's or a filter's doing
        return None
    found = parts(document["blocks"], texts(plan))
    return first_failing(found) if found else None


def parts(blocks: list[dict], anchors: dict[str, str]) -> list[tuple[str, list[dict]]]:
    """The document's blocks cut at each text's heading: (its file, its blocks up to the next
    text's heading). Blocks before the first such heading belong to no text."""
    found: list[tuple[str, list[dict]]] = []
    for block in blocks:
        anchor = block["c"][1][0] if block.get("t") == "Header" else None
        if anchor in anchors:
            found.append((anchors[anchor], []))
        if found:
            found[-1][1].append(block)
    return found
