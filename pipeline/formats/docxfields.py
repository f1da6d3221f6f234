"""The Word file's fields that name pages: the contents, a TOC field whose result lists the
level-1 and level-2 headings, and the page references that follow cross-references (PAGEREF
fields, written by filters/links.lua as "(“Title”, p. #)"). Their results are what a reader
sees in a program that does not compute fields (a phone, a browser's or mail client's preview):
pages where they are known, else no page at all, never a "#".

A field is a run with a `begin` fldChar, runs of instruction text, a run with a `separate`
fldChar, the result's runs, and a run with an `end` fldChar; a field inside another's result
(a contents entry's PAGEREF inside the TOC field) is the inner one's own.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from .docxpackage import PPR, RUN, TEXT, N, P, run_text, style_of
from .officexml import Element, drop, insert_after

FLDCHAR, INSTR, KIND = N("w:fldChar"), N("w:instrText"), N("w:fldCharType")
BOOKMARK, NAME = N("w:bookmarkStart"), N("w:name")
CONTENTS_LEVELS = {"Heading1": "1", "Heading2": "2"}  # toc-depth 2 (pandoc/docx.yaml)
_PAGEREF = re.compile(r"\s*PAGEREF\s+(\S+)")
_SKIPPED = {BOOKMARK, N("w:bookmarkEnd"), N("w:proofErr"), N("w:permStart"), N("w:permEnd")}


@dataclass(eq=False)
class Field:
    """A complex field: its instruction, its fldChars, and its own result's text nodes."""

    begin: Element
    instructions: list[Element] = field(default_factory=list)
    separate: Element | None = None
    end: Element | None = None
    result: list[Element] = field(default_factory=list)
    outer: Field | None = None  # the field whose result holds this one

    @property
    def instruction(self) -> str:
        return "".join(node.text or "" for node in self.instructions)

    @property
    def bookmark(self) -> str | None:
        """The bookmark a PAGEREF field names; None for any other field."""
        found = _PAGEREF.match(self.instruction)
        return found.group(1) if found else None

    @property
    def shown(self) -> str:
        """The result as it stands in the file."""
        return "".join(node.text or "" for node in self.result)


def fields(document: Element) -> list[Field]:
    """Every complex field, in the order they begin."""
    found: list[Field] = []
    opened: list[Field] = []
    for node in document.iter(FLDCHAR, INSTR, TEXT):
        if node.tag == FLDCHAR:
            kind = node.get(KIND)
            if kind == "begin":
                outer = opened[-1] if opened and opened[-1].separate is not None else None
                opened.append(Field(node, outer=outer))
                found.append(opened[-1])
            elif opened and kind == "separate":
                opened[-1].separate = node
            elif opened and kind == "end":
                opened.pop().end = node
        elif not opened:
            continue
        elif node.tag == INSTR:
            if opened[-1].separate is None:
                opened[-1].instructions.append(node)
        elif opened[-1].separate is not None:
            opened[-1].result.append(node)
    return found


def is_contents(candidate: Field) -> bool:
    return candidate.instruction.strip().startswith("TOC ")


def page_fields(document: Element) -> tuple[list[Field], list[Field]]:
    """The PAGEREF fields of the contents' entries, and those of the cross-references."""
    entries: list[Field] = []
    references: list[Field] = []
    for found in fields(document):
        if found.bookmark is None or found.end is None:
            continue
        in_contents = found.outer is not None and is_contents(found.outer)
        (entries if in_contents else references).append(found)
    return entries, references


def text_run(text: str, marks: tuple[str, ...] = ()) -> Element:
    """A run of text; `marks` are its run properties ("w:noProof")."""
    return _run(N.make("w:t", {"xml:space": "preserve"}, text), marks=marks)


def _run(*content: Element, marks: tuple[str, ...] = ()) -> Element:
    run = N.make("w:r")
    if marks:
        run.append(N.make("w:rPr", {}, *(N.make(mark) for mark in marks)))
    run.extend(content)
    return run


def field_runs(instruction: str, result: str, marks: tuple[str, ...] = ()) -> list[Element]:
    """A complex field as Word writes it, a run each: Word and LibreOffice show `result`
    until they compute the field (LibreOffice: always, inside a TOC field's result: never)."""
    runs = [
        _run(N.make("w:fldChar", {"w:fldCharType": "begin"}), marks=marks),
        _run(N.make("w:instrText", {"xml:space": "preserve"}, instruction), marks=marks),
        _run(N.make("w:fldChar", {"w:fldCharType": "separate"}), marks=marks),
    ]
    if result:
        runs.append(text_run(result, marks))
    runs.append(_run(N.make("w:fldChar", {"w:fldCharType": "end"}), marks=marks))
    return runs


# How Word marks a contents entry's runs: no proofing, and its tab and page hidden in Web
# Layout (the TOC field's \z switch).
_ENTRY, _ENTRY_PAGE = ("w:noProof",), ("w:noProof", "w:webHidden")


def fill_contents(document: Element, pages: bool) -> list[str]:
    """The contents as Word writes a TOC field's result, in place of the empty field pandoc
    writes: an entry per level-1/2 heading in the TOC1/TOC2 style, a link to a `_Toc`
    bookmark on the heading, and with `pages` a tab (to the dot leader of the style's right
    tab) and the page as a PAGEREF field, whose result `set_result` writes. The field's begin
    stands in the first entry, its end in a paragraph of its own after the last. Returns
    the bookmarks' names, in order."""
    instruction = next(
        (node for node in document.iter(INSTR) if (node.text or "").strip().startswith("TOC ")),
        None,
    )
    holder = next(instruction.iterancestors(P), None) if instruction is not None else None
    if instruction is None or holder is None:
        return []
    ids = _new_ids(document)
    names: list[str] = []
    entries: list[Element] = []
    paragraphs = list(document.iter(P))
    for paragraph in paragraphs[paragraphs.index(holder) + 1 :]:
        level = CONTENTS_LEVELS.get(style_of(paragraph) or "")
        if level is None:
            continue
        name = f"_Toc{len(names) + 1:08d}"
        entry = text_run(run_text(paragraph), _ENTRY)
        link = N.make("w:hyperlink", {"w:anchor": name, "w:history": "1"}, entry)
        if pages:
            link.append(_run(N.make("w:tab"), marks=_ENTRY_PAGE))
            link.extend(field_runs(f" PAGEREF {name} \\h ", "", _ENTRY_PAGE))
        style = N.make("w:pPr", {}, N.make("w:pStyle", {"w:val": f"TOC{level}"}))
        entries.append(N.make("w:p", {}, style, link))
        bookmark_heading(paragraph, name, next(ids))
        names.append(name)
    if not entries:
        for begin in holder.iter(FLDCHAR):
            begin.attrib.pop(N("w:dirty"), None)  # an empty list, not one to compute on opening
        return []
    *opening, end = field_runs(instruction.text or "", "")
    for run in reversed(opening):  # begin, instruction, separate: after the first's pPr
        entries[0][0].addnext(run)
    for entry in entries:
        holder.addprevious(entry)
    holder.addprevious(N.make("w:p", {}, end))
    drop(holder)
    return names


def bookmark_heading(paragraph: Element, name: str, bookmark_id: str) -> None:
    """A bookmark around a paragraph's content, inside the paragraph (a bookmark between
    paragraphs, as pandoc writes them, LibreOffice loses after a table)."""
    start = N.make("w:bookmarkStart", {"w:id": bookmark_id, "w:name": name})
    properties = paragraph.find(PPR)
    if properties is None:
        paragraph.insert(0, start)
    else:
        insert_after(properties, start)
    paragraph.append(N.make("w:bookmarkEnd", {"w:id": bookmark_id}))


def _new_ids(document: Element) -> Iterator[str]:
    """Bookmark ids no element of the document uses yet."""
    numbers = document.xpath("//@w:id", namespaces=N.namespaces)
    start = 1 + max((int(n) for n in numbers if n.isdigit()), default=0)
    while True:
        yield str(start)
        start += 1


def anchor_references(document: Element, references: list[Field]) -> list[Field]:
    """Each cross-reference's PAGEREF pointed at a `_Ref` bookmark inside its target's
    heading, as Word's own cross-references are, so that LibreOffice and a page lookup find
    it wherever the heading stands. Returns the references whose target is not found."""
    starts = {node.get(NAME): node for node in document.iter(BOOKMARK)}
    ids = _new_ids(document)
    made: dict[Element, str] = {}  # per target paragraph, its _Ref bookmark
    lost: list[Field] = []
    for reference in references:
        start = starts.get(reference.bookmark)
        target = paragraph_of(start) if start is not None else None
        if target is None:
            lost.append(reference)
            continue
        name = made.get(target)
        if name is None:
            name = made[target] = f"_Ref{len(made) + 1:08d}"
            bookmark_heading(target, name, next(ids))
        reference.instructions[0].text = f" PAGEREF {name} \\h "
        for node in reference.instructions[1:]:
            node.text = ""
    return lost


def paragraph_of(start: Element) -> Element | None:
    """The paragraph a bookmark starts at: the one it stands in, or the first after it."""
    if start.getparent().tag == P:
        return start.getparent()
    for sibling in start.itersiblings():
        if sibling.tag not in _SKIPPED:
            return sibling if sibling.tag == P else next(sibling.iter(P), None)
    return None


def set_result(found: Field, result: str) -> None:
    """The field shows `result`."""
    if found.result:
        first, *rest = found.result
        first.text = result
        for node in rest:
            _drop_text(node)
        found.result = [first]
        return
    assert found.separate is not None
    separate = found.separate.getparent()
    run = text_run(result)
    properties = separate.find(N("w:rPr"))
    if properties is not None:  # the result looks as the field's other runs
        run.insert(0, copy.deepcopy(properties))
    separate.addnext(run)
    found.result = [run.find(TEXT)]


def drop_page_references(references: list[Field], page_word: str) -> None:
    """Cross-references without their page, where no page is known: "(“Title”, p. #)"
    becomes "(“Title”)", and "(p. #)" after a link whose text is the title goes altogether.
    A page reference in other words than links.lua writes keeps its place, showing nothing."""
    ending = re.compile(rf"(?:, |(?P<open>\s?\()){re.escape(page_word)}\u00a0$")
    for reference in references:
        assert reference.end is not None
        first, last = reference.begin.getparent(), reference.end.getparent()
        before = _texts(reversed(list(_runs(first.itersiblings(preceding=True)))))
        after = _texts(_runs(last.itersiblings()))
        found = ending.search("".join(node.text or "" for node in before))
        closing = "".join(node.text or "" for node in after).startswith(")")
        apart = first.getparent() is not last.getparent()
        if found is None or (found.group("open") and not closing) or apart:
            set_result(reference, "")
            continue
        runs = [first, *first.itersiblings()]
        for run in runs[: runs.index(last) + 1]:
            drop(run)
        _cut_end(before, len(found.group(0)))
        if found.group("open"):
            _cut_start(after, 1)
        for node in (*before, *after):
            _drop_if_empty(node.getparent())


def _runs(siblings: Iterator[Element]) -> Iterator[Element]:
    """The runs among `siblings` up to the first element that is not a run."""
    for sibling in siblings:
        if sibling.tag != RUN:
            return
        yield sibling


def _texts(runs: Iterator[Element]) -> list[Element]:
    return [node for run in runs for node in run.iter(TEXT)]


def _cut_end(nodes: list[Element], count: int) -> None:
    for node in reversed(nodes):
        text = node.text or ""
        cut = min(count, len(text))
        node.text, count = text[: len(text) - cut], count - cut
        if not count:
            return


def _cut_start(nodes: list[Element], count: int) -> None:
    for node in nodes:
        text = node.text or ""
        cut = min(count, len(text))
        node.text, count = text[cut:], count - cut
        if not count:
            return


def _drop_text(node: Element) -> None:
    run = node.getparent()
    drop(node)
    _drop_if_empty(run)


def _drop_if_empty(run: Element | None) -> None:
    """A run whose only content is empty text goes."""
    if run is None or run.getparent() is None or run.tag != RUN:
        return
    if all(child.tag == N("w:rPr") or (child.tag == TEXT and not child.text) for child in run):
        drop(run)
