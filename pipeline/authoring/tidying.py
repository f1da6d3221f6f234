"""A document pandoc has read, tidied to become a contribution (`roledoc import`): raw HTML
removed, the title taken from the metadata or the first heading, headings moved so the text
starts at `##` without skipping levels, Word's image sizes and column widths dropped, and
every attribute GitHub would print as text (`[kept]{style="x"}`) taken off, the text kept."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def walk_lists(node: Any, visit: Callable[[list], None]) -> None:
    """Apply `visit` to every list of AST elements, depth first (blocks and inlines)."""
    if isinstance(node, list):
        visit(node)
        for item in node:
            walk_lists(item, visit)
    elif isinstance(node, dict):
        for value in node.values():
            walk_lists(value, visit)


def strip_raw(ast: dict) -> int:
    removed = 0

    def visit(items: list) -> None:
        nonlocal removed
        keep = [
            i
            for i in items
            if not (isinstance(i, dict) and i.get("t") in {"RawBlock", "RawInline"})
        ]
        removed += len(items) - len(keep)
        items[:] = keep

    walk_lists(ast["blocks"], visit)
    return removed


def stringify(inlines: list) -> str:
    parts: list[str] = []

    def visit(node: Any) -> None:
        if isinstance(node, dict):
            kind = node.get("t")
            if kind == "Str":
                parts.append(node["c"])
            elif kind in {"Space", "SoftBreak", "LineBreak"}:
                parts.append(" ")
            elif kind == "Note":
                return
            else:
                visit(node.get("c"))
        elif isinstance(node, list):
            for item in node:
                visit(item)

    visit(inlines)
    return "".join(parts).strip()


def meta_title(ast: dict) -> str | None:
    title = ast.get("meta", {}).get("title")
    if not title:
        return None
    content = title.get("c")
    return stringify(content) if isinstance(content, list) else str(content or "") or None


def take_first_heading(ast: dict) -> str | None:
    for index, block in enumerate(ast["blocks"]):
        if block.get("t") == "Header":
            del ast["blocks"][index]
            return stringify(block["c"][2])
    return None


def drop_sizes(ast: dict) -> None:
    """Word's image sizes and table column widths mean nothing in the document's layout;
    without them images fit the page and tables become readable pipe tables."""

    def visit(items: list) -> None:
        for item in items:
            if not isinstance(item, dict):
                continue
            if item.get("t") == "Image":
                attr = item["c"][0]
                attr[2] = [kv for kv in attr[2] if kv[0] not in {"width", "height"}]
            elif item.get("t") == "Table":
                for spec in item["c"][2]:
                    spec[1] = {"t": "ColWidthDefault"}

    walk_lists(ast["blocks"], visit)


_NO_ATTRIBUTES = ["", [], []]
_UNWRAPPED = {"Span", "Div"}  # their contents stay, in their place


def drop_attributes(ast: dict) -> int:
    """Take off every id, class and key=value pandoc kept (from an HTML `style`, a Word
    style): GitHub has no syntax for them and would show `{style="x"}` as text. A span or a
    div gives way to its contents; a code block keeps its language. Returns how many
    elements had attributes."""
    dropped = 0

    def visit(items: list) -> None:
        nonlocal dropped
        while any(isinstance(i, dict) and i.get("t") in _UNWRAPPED for i in items):
            flat: list = []
            for item in items:
                if isinstance(item, dict) and item.get("t") in _UNWRAPPED:
                    dropped += item["c"][0] != _NO_ATTRIBUTES
                    flat.extend(item["c"][1])
                else:
                    flat.append(item)
            items[:] = flat
        for item in items:
            kind = item.get("t") if isinstance(item, dict) else None
            place = {"Image": 0, "Link": 0, "Code": 0, "CodeBlock": 0, "Header": 1}.get(kind or "")
            if place is None:
                continue
            attr = item["c"][place]
            kept = ["", attr[1][:1], []] if kind == "CodeBlock" else _NO_ATTRIBUTES
            if attr != kept:
                dropped += 1
                item["c"][place] = kept

    walk_lists(ast["blocks"], visit)
    return dropped


def normalise_headings(ast: dict) -> None:
    """The shallowest heading becomes `##`; no heading skips a level going down."""
    headers: list[dict] = []

    def visit(items: list) -> None:
        headers.extend(i for i in items if isinstance(i, dict) and i.get("t") == "Header")

    walk_lists(ast["blocks"], visit)
    if not headers:
        return
    shallowest = min(h["c"][0] for h in headers)
    previous = 1
    for header in headers:
        level = min(2 + header["c"][0] - shallowest, previous + 1, 6)
        header["c"][0] = level
        previous = level
