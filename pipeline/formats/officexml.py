"""The XML parts of the Word and OpenDocument files, edited as trees and written back as
pandoc wrote them.

A part is parsed once with lxml (no entities resolved, no network, no huge trees), edited by
namespace-qualified element and attribute, and written once. Written back, every node that
was not changed keeps its own bytes: pandoc's spacing, quotes and escaping, which lxml's
serialiser would change (`<w:p />` and `<w:p/>`, `&#39;` and `'`), so an unchanged part comes
out as it went in and a finished file differs from pandoc's only where roledoc changed it.
To know each node's bytes, the part's text is split at its markup and read along with the
tree, node for node; where the two do not agree (no pandoc output does that), the part is
written anew. A changed element keeps its own way of ending; a new one ends in the part's
way (pandoc's `<w:p />` in Word, `<text:p/>` in OpenDocument); changed and new values are
escaped as html.escape does.
"""

from __future__ import annotations

import gc
import html
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from lxml import etree

Element = Any  # an lxml element (lxml comes without type hints)
XML = "http://www.w3.org/XML/1998/namespace"
# Markup in a part (comments, processing instructions, declarations, tags), to split it at.
_MARKUP = re.compile(
    r"""(<[^!?>"'][^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*>|<!--.*?-->|<\?.*?\?>|<![^>]*>)""",
    re.DOTALL,
)
_AFTER_NAME = frozenset(" \t\r\n/>")
_CONTROLS = str.maketrans({"\t": "&#9;", "\n": "&#10;", "\r": "&#13;"})


def parse(data: bytes) -> Any:
    """The root element of an XML part, parsed without resolving entities or fetching
    anything, and within libxml2's limits for ordinary documents."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    return etree.fromstring(data, parser)


class Part:
    """One XML part: its tree (`root`), and the bytes each of its nodes came in."""

    def __init__(self, data: bytes, empty: str) -> None:
        self.root = parse(data)
        self.empty = empty  # how a new empty element ends: " />" or "/>"
        self.prolog = '<?xml version="1.0" encoding="UTF-8"?>\n'
        self.epilog = ""
        self.came = _Came()
        self.dtd = bool(self.root.getroottree().docinfo.doctype)  # no office part has one
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return
        with _uncollected():
            if self.dtd or "<![CDATA[" in text or not self._cut(text):
                self.came = _Came()  # written anew, in the part's own way

    def _cut(self, text: str) -> bool:
        """Each node's bytes from `text`, in step with the tree; False where they part."""
        pieces = _MARKUP.split(text)  # text, markup, text, ..., markup, text
        if "<" in "".join(pieces[::2]):  # a "<" that begins no markup
            return False
        at = next((i for i in range(1, len(pieces), 2) if pieces[i][1] not in "?!"), 0)
        came, nodes = self.came, self.root.iter()
        names: dict[str, str] = {}  # each tag's name as this part spells it, prefix and all
        numbers, markups, closes, shapes = came.number, came.markups, came.closes, came.shapes
        raws, escaped = came.raws, came.escaped
        stack: list[tuple[Any, int, str]] = []  # the open elements: node, number, name
        for i in range(at, len(pieces) if at else 0, 2):
            markup = pieces[i]
            if markup[1] == "/":
                if not stack:
                    return False
                node, number, name = stack.pop()
                if markup[2:-1].rstrip() != name:
                    return False
                closes[number] = markup
                slot = 2 * number + 1  # the text after an end tag is the element's tail
            else:
                node = next(nodes, None)
                if node is None:
                    return False
                tag = node.tag
                number = numbers[node] = len(markups)
                markups.append(markup)
                raws += ("", "")
                if markup[1] in "?!":  # a comment or processing instruction in the root
                    if isinstance(tag, str) or not stack:
                        return False
                    closes.append(None)
                    shapes.append((tag, node.text))
                    slot = 2 * number + 1
                else:
                    name = names.get(tag) or _qname(node)
                    if not (markup.startswith(name, 1) and markup[len(name) + 1] in _AFTER_NAME):
                        name = _qname(node)  # one namespace, two prefixes
                        if (
                            not markup.startswith(name, 1)
                            or markup[len(name) + 1] not in _AFTER_NAME
                        ):
                            return False
                    names[tag] = name
                    shapes.append((tag, *node.items()))
                    if markup[-2] == "/":
                        closes.append(None)
                        slot = 2 * number + 1
                    else:
                        closes.append("")
                        stack.append((node, number, name))
                        slot = 2 * number
            if not stack:  # the root has ended
                self.prolog, self.epilog = "".join(pieces[:at]), "".join(pieces[i + 1 :])
                return next(nodes, None) is None
            after = pieces[i + 1]
            if after:
                raws[slot] = after
                if "&" in after or "\r" in after:  # its value is not its bytes
                    escaped[slot] = node.tail if slot & 1 else node.text
        return False

    def bytes(self) -> bytes:
        """The part as it is now, in pandoc's bytes wherever it was not changed (and as lxml
        writes it, DTD and all, where it has a DTD)."""
        if self.dtd:
            tree = self.root.getroottree()
            return etree.tostring(tree, encoding="UTF-8", xml_declaration=True)
        return serialise(self.root, self.prolog, self.empty, self.came, self.epilog)


class _Came:
    """How each node of a part was written, by its number in document order: its markup,
    its end tag ("" while open, None for an empty element), its name and attributes (a
    comment's or processing instruction's text), and at 2 * number and 2 * number + 1 the
    bytes of its text and of its tail, with their values where they differ (references)."""

    def __init__(self) -> None:
        self.number: dict[Any, int] = {}
        self.markups: list[str] = []
        self.closes: list[str | None] = []
        self.shapes: list[tuple] = []
        self.raws: list[str] = []
        self.escaped: dict[int, str] = {}


def serialise(
    root: Any, prolog: str, empty: str, came: _Came | None = None, epilog: str = ""
) -> bytes:
    """A tree as bytes: `prolog` (the XML declaration), the root, `epilog`. A node `came`
    knows (see Part) is written in its own bytes as far as it is unchanged."""
    out: list[str] = [prolog]
    with _uncollected():
        _writer(out, came or _Came(), empty)(root, None, {})
    out.append(epilog)
    return "".join(out).encode("utf-8")


def _writer(out: list[str], came: _Came, empty: str) -> Any:
    """The function that writes a node and everything in it to `out`."""
    numbers, markups, closes, shapes = came.number, came.markups, came.closes, came.shapes
    raws, escaped, write = came.raws, came.escaped, out.append

    def same(slot: int, value: str) -> bool:
        raw = raws[slot]
        return value == raw if "&" not in raw and "\r" not in raw else escaped[slot] == value

    def node_(node: Any, parent: Any, scope: dict | None) -> None:
        """Write `node`; `scope` is its parent's namespaces, None where not yet known."""
        number = numbers.get(node)
        tag = node.tag
        if not isinstance(tag, str):  # a comment, processing instruction or entity
            kept = number is not None and shapes[number] == (tag, node.text)
            write(markups[number] if kept else _other(node))  # type: ignore[index]
            return
        kept = number is not None and shapes[number][0] == tag  # as it came, but attributes
        close = closes[number] if kept else None  # type: ignore[index]
        text = node.text
        bare = text is None and not len(node)
        nsmap = None
        if kept and shapes[number] == (tag, *node.items()):  # type: ignore[index]
            markup = markups[number]  # type: ignore[index]
            if bare:
                write(markup if close is None else markup + close)
                return
            write(markup if close else _start(markup)[0] + ">")
        else:
            nsmap = node.nsmap
            write(_opening(node, nsmap, parent.nsmap if scope is None else scope))
            if bare:  # ending as it came, or in the part's way
                ending = _start(markups[number])[1] if kept and close is None else empty  # type: ignore[index]
                write(ending if close is None else ">" + close)
                return
            write(">")
        if text is not None:
            write(raws[2 * number] if kept and same(2 * number, text) else _text(text))  # type: ignore[operator]
        for child in node:
            node_(child, node, nsmap)
            tail = child.tail
            if tail is not None:
                below = numbers.get(child)
                kept_tail = below is not None and same(2 * below + 1, tail)
                write(raws[2 * below + 1] if kept_tail else _text(tail))  # type: ignore[operator]
        write(close or f"</{_qname(node)}>")

    return node_


@contextmanager
def _uncollected() -> Iterator[None]:
    """Python's cycle collector paused: reading or writing a part makes a few hundred
    thousand objects (at 1,000 pages) that it would walk again and again, a fifth of the
    time. Another thread may pause it too; it runs again once the first to pause it is done."""
    running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if running:
            gc.enable()


def _start(markup: str) -> tuple[str, str]:
    """A start tag's markup without its end, and that end (" />", "/>" or ">")."""
    body = markup[:-2] if markup[-2] == "/" else markup[:-1]
    start = body.rstrip()
    return start, markup[len(start) :]


def _opening(node: Any, nsmap: dict, scope: dict) -> str:
    """The start tag of an element written anew, without its end (">" or "/>"), declaring
    the namespaces of `nsmap` (its own) that `scope` (its parent's) does not."""
    parts = ["<", _qname(node)]
    for prefix, uri in nsmap.items():
        if scope.get(prefix) != uri:
            parts.append(f' xmlns:{prefix}="{uri}"' if prefix else f' xmlns="{uri}"')
    prefixes = {uri: prefix for prefix, uri in nsmap.items() if prefix}
    prefixes[XML] = "xml"
    for name, value in node.items():
        uri, _, local = name[1:].partition("}") if name[0] == "{" else ("", "", name)
        qualified = f"{prefixes[uri]}:{local}" if uri else local
        parts.append(f' {qualified}="{html.escape(value).translate(_CONTROLS)}"')
    return "".join(parts)


def _qname(node: Any) -> str:
    tag, prefix = node.tag, node.prefix
    local = tag[tag.find("}") + 1 :]
    return f"{prefix}:{local}" if prefix else local


def _text(value: str) -> str:
    return html.escape(value, quote=False).replace("\r", "&#13;")


def _other(node: Any) -> str:
    if node.tag is etree.Comment:
        return f"<!--{node.text or ''}-->"
    if node.tag is etree.ProcessingInstruction:
        return f"<?{node.target} {node.text or ''}?>"
    return node.text or ""  # an entity reference: "&name;"


class Names:
    """The namespace prefixes of one file format, to name elements and attributes as the
    format's files do ("w:p", "xml:space", "Id") and to make new elements."""

    def __init__(self, **namespaces: str) -> None:
        self.namespaces = {**namespaces, "xml": XML}
        self._names: dict[str, str] = {}
        self._declared: dict[tuple[str, ...], dict[str, str]] = {}

    def __call__(self, name: str) -> str:
        """The qualified name ("{namespace}local") of "prefix:local"; "local" stays as is."""
        found = self._names.get(name)
        if found is None:
            prefix, colon, local = name.partition(":")
            found = self._names[name] = f"{{{self.namespaces[prefix]}}}{local}" if colon else name
        return found

    def make(self, name: str, attributes: dict[str, str] | None = None, *content: Any) -> Any:
        """A new element with attributes in the given order; `content` are elements and
        strings (text), in order. It declares the prefixes it uses, which the document it
        joins leaves out where it declares them too."""
        attributes = attributes or {}
        key = (name, *attributes)
        nsmap = self._declared.get(key)
        if nsmap is None:
            used = [n.partition(":")[0] for n in key if ":" in n and not n.startswith("xml:")]
            nsmap = self._declared[key] = {prefix: self.namespaces[prefix] for prefix in used}
        node = etree.Element(self(name), nsmap=nsmap)
        for attribute, value in attributes.items():
            node.set(self(attribute), value)
        for item in content:
            if not isinstance(item, str):
                node.append(item)
            elif len(node):
                node[-1].tail = (node[-1].tail or "") + item
            else:
                node.text = (node.text or "") + item
        return node


def insert_after(node: Any, new: Any) -> None:
    """`new` right after `node`'s end tag, before the text that followed it."""
    new.tail, node.tail = node.tail, None
    node.addnext(new)


def prepend(parent: Any, *new: Any) -> None:
    """`new` elements first in `parent`, before its text."""
    new[-1].tail, parent.text = parent.text, None
    for index, node in enumerate(new):
        parent.insert(index, node)


def insert_before_any(parent: Any, new: Any, names: set[str]) -> None:
    """`new` as a child of `parent`, before the first child named in `names` (a schema's
    sequence puts those later), or last."""
    later = next((child for child in parent if child.tag in names), None)
    if later is None:
        parent.append(new)
    else:
        later.addprevious(new)


def drop(node: Any) -> None:
    """Remove an element, keeping the text that followed it."""
    parent, tail = node.getparent(), node.tail
    if tail:
        previous = node.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(node)


def plain_text(node: Any, tab: str) -> str:
    """The text of an element and everything in it, an element named `tab` as a tab."""
    pieces = [node.text or ""]
    for child in node:
        if isinstance(child.tag, str):
            if child.tag == tab:
                pieces.append("\t")
            pieces.append(plain_text(child, tab))
        pieces.append(child.tail or "")
    return "".join(pieces)


def read_package(path: Path) -> tuple[list[zipfile.ZipInfo], dict[str, bytes]]:
    """An office file's entries, in order, and each part's bytes by name."""
    with zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
        return infos, {info.filename: archive.read(info) for info in infos}


def write_package(
    path: Path,
    infos: list[zipfile.ZipInfo],
    parts: dict[str, bytes],
    added: dict[str, bytes],
    dated_like: str,
) -> None:
    """The office file again: every entry as it was (order, compression, date), with its
    part's new bytes, then the added parts, compressed and dated like `dated_like`."""
    stamp = next(info for info in infos if info.filename == dated_like)
    with zipfile.ZipFile(path, "w") as archive:
        for info in infos:
            archive.writestr(info, parts[info.filename])
        for name, data in added.items():
            info = zipfile.ZipInfo(name, date_time=stamp.date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
