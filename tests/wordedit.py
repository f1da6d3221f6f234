"""Edit an exported review file the way Word records a reviewer's work, in its XML.

Word splits runs at every revision session (rsid), at proofing marks and at every change;
this helper splits the paragraphs it touches into one run per character (the most split a
file can be), writes `w:proofErr` marks between them, and records every edit as Word does:
`w:ins`/`w:del` around runs (deleted text in `w:delText`), a paragraph mark inserted or
deleted in `w:pPr/w:rPr`, formatting changes as `w:rPrChange` holding the old `w:rPr`, style
changes as `w:pPrChange`, moves as `w:moveFrom`/`w:moveTo` with named ranges, table rows in
`w:trPr`, footnotes in footnotes.xml, comments in comments.xml with replies and resolved
state in commentsExtended.xml (w15). Untracked edits change the text with no revision.
"""

from __future__ import annotations

import copy
import zipfile
from pathlib import Path

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
W14_NS = "http://schemas.microsoft.com/office/word/2010/wordml"
W15_NS = "http://schemas.microsoft.com/office/word/2012/wordml"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
WHEN = "2026-11-20T10:00:00Z"


def _w(tag: str, **attributes: str) -> etree._Element:
    element = etree.Element(W + tag)
    for name, value in attributes.items():
        element.set(W + name, value)
    return element


class WordEdit:
    def __init__(self, path: Path) -> None:
        self.path = path
        with zipfile.ZipFile(path) as archive:
            self.parts = {name: archive.read(name) for name in archive.namelist()}
        self.document = etree.fromstring(self.parts["word/document.xml"])
        self.footnotes = etree.fromstring(self.parts["word/footnotes.xml"])
        self.next_id = 1000
        self.comments: list[etree._Element] = []
        self.extended: list[tuple[str, str | None, bool]] = []  # paraId, parent, done
        self.author = "Jan de Vries"

    # -- finding text ----------------------------------------------------------------------

    def _roots(self):
        return (self.document, self.footnotes)

    def paragraph(self, phrase: str) -> etree._Element:
        if phrase.startswith("@cell:"):  # "@cell:<text of the row's first cell>:<column>"
            row_text, column = phrase[6:].rsplit(":", 1)
            rows = [
                tr
                for tr in self.document.iter(W + "tr")
                if self.text_of(tr.find(W + "tc")) == row_text
            ]
            assert len(rows) == 1, f"{row_text!r} starts {len(rows)} rows"
            return rows[0].findall(W + "tc")[int(column)].find(W + "p")
        found = [
            p for root in self._roots() for p in root.iter(W + "p") if phrase in self.text_of(p)
        ]
        assert len(found) == 1, f"{phrase!r} is in {len(found)} paragraphs"
        return found[0]

    @staticmethod
    def text_of(p: etree._Element) -> str:
        return "".join(t.text or "" for t in p.iter(W + "t"))

    def _explode(self, p: etree._Element) -> list[etree._Element]:
        """Every text run of `p` split into one run per character (rPr copied), with a
        proofing mark between some of them, as Word leaves them; the character runs in
        order."""
        chars: list[etree._Element] = []
        for run in list(p.iter(W + "r")):
            texts = run.findall(W + "t")
            if len(texts) != 1 or len(run) > 2 or (len(run) == 2 and run[0].tag != W + "rPr"):
                continue
            text = texts[0].text or ""
            if len(text) <= 1:
                chars.append(run)
                continue
            parent = run.getparent()
            index = parent.index(run)
            properties = run.find(W + "rPr")
            for offset, letter in enumerate(text):
                new = _w("r")
                if properties is not None:
                    new.append(copy.deepcopy(properties))
                t = _w("t")
                t.text = letter
                t.set(XML_SPACE, "preserve")
                new.append(t)
                parent.insert(index + offset, new)
                chars.append(new)
                if letter == " " and offset % 3 == 0:
                    parent.insert(index + offset, _w("proofErr", type="spellStart"))
                    index += 1
            parent.remove(run)
        # in document order
        order = {id(r): n for n, r in enumerate(p.iter(W + "r"))}
        return sorted(chars, key=lambda r: order[id(r)])

    def _span(self, phrase: str, word: str, occurrence: int = 0) -> tuple[etree._Element, list]:
        p = self.paragraph(phrase)
        text = self.text_of(p)
        start = 0 if phrase.startswith("@cell:") else text.index(phrase)
        phrase = text if phrase.startswith("@cell:") else phrase
        at = (
            start + phrase.index(word) if not occurrence else start + _nth(phrase, word, occurrence)
        )
        chars = self._explode(p)
        return p, chars[at : at + len(word)]

    def _revision(self, tag: str, author: str | None = None) -> etree._Element:
        self.next_id += 1
        return _w(tag, id=str(self.next_id), author=author or self.author, date=WHEN)

    # -- character edits -------------------------------------------------------------------

    def delete(self, phrase: str, word: str, author: str | None = None, tag: str = "del") -> list:
        _p, runs = self._span(phrase, word)
        self._delete_runs(runs, author, tag)
        return runs

    def _delete_runs(self, runs: list, author: str | None, tag: str = "del") -> None:
        groups: list[list] = []
        for run in runs:
            if groups and groups[-1][-1].getnext() is run:
                groups[-1].append(run)
            else:
                groups.append([run])
        for group in groups:
            wrapper = self._revision(tag, author)
            group[0].addprevious(wrapper)
            for run in group:
                wrapper.append(run)
                for t in run.findall(W + "t"):
                    t.tag = W + "delText"

    def insert(
        self,
        phrase: str,
        word: str,
        text: str,
        after: bool = False,
        author: str | None = None,
        marks: tuple[str, ...] = (),
        tag: str = "ins",
        link: str | None = None,
    ) -> etree._Element:
        """`text` typed just before (or after) `word` within `phrase`; with the look of the
        character beside it, plus `marks` (b, i, strike)."""
        _p, runs = self._span(phrase, word)
        anchor = runs[-1] if after else runs[0]
        wrapper = self._revision(tag, author)
        run = self._run(text, anchor.find(W + "rPr"), marks)
        if link is not None:
            hyperlink = self._hyperlink(link)
            hyperlink.append(run)
            wrapper.append(hyperlink)
        else:
            wrapper.append(run)
        (anchor.addnext if after else anchor.addprevious)(wrapper)
        return wrapper

    def _run(self, text: str, properties, marks: tuple[str, ...] = ()) -> etree._Element:
        run = _w("r")
        rpr = copy.deepcopy(properties) if properties is not None else None
        if marks:
            rpr = rpr if rpr is not None else _w("rPr")
            for mark in marks:
                rpr.append(_w(mark))
        if rpr is not None and len(rpr):
            run.append(rpr)
        t = _w("t")
        t.text = text
        t.set(XML_SPACE, "preserve")
        run.append(t)
        return run

    def _hyperlink(self, url: str) -> etree._Element:
        rels = self.parts["word/_rels/document.xml.rels"].decode("utf-8")
        self.next_id += 1
        ident = f"rIdTest{self.next_id}"
        kind = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
        rels = rels.replace(
            "</Relationships>",
            f'<Relationship Id="{ident}" Type="{kind}" Target="{url}" TargetMode="External"/>'
            "</Relationships>",
        )
        self.parts["word/_rels/document.xml.rels"] = rels.encode("utf-8")
        hyperlink = _w("hyperlink")
        hyperlink.set(
            "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id", ident
        )
        return hyperlink

    def replace(self, phrase: str, old: str, new: str, author: str | None = None) -> None:
        runs = self.delete(phrase, old, author)
        if new:
            wrapper = self._revision("ins", author)
            wrapper.append(self._run(new, runs[0].find(W + "rPr")))
            runs[-1].getparent().addnext(wrapper)

    def untracked(self, phrase: str, old: str, new: str) -> None:
        """Text changed with Track Changes off: no revision at all."""
        _p, runs = self._span(phrase, old)
        runs[0].find(W + "t").text = new
        for run in runs[1:]:
            run.getparent().remove(run)

    def delete_span(self, p: etree._Element, start: int, end: int) -> None:
        """Characters start..end of paragraph `p` deleted."""
        self._delete_runs(self._explode(p)[start:end], None)

    def insert_at(self, p: etree._Element, at: int, text: str) -> None:
        """`text` typed before character `at` of paragraph `p` (at its end when `at` is its
        length), with the look of the character beside it."""
        runs = self._explode(p)
        anchor = runs[at] if at < len(runs) else runs[-1]
        wrapper = self._revision("ins")
        wrapper.append(self._run(text, anchor.find(W + "rPr")))
        if at < len(runs):
            # Not inside a deletion: before it (what it deleted stays deleted, before the text).
            parent = anchor.getparent()
            (anchor if parent.tag not in {W + "del", W + "moveFrom"} else parent).addprevious(
                wrapper
            )
        else:
            last = anchor if anchor.getparent().tag == W + "p" else anchor.getparent()
            last.addnext(wrapper)

    def untracked_paragraph(self, after: str, text: str) -> None:
        """A paragraph typed with Track Changes off."""
        p = self.paragraph(after)
        new = etree.Element(W + "p")
        if p.find(W + "pPr") is not None:
            new.append(copy.deepcopy(p.find(W + "pPr")))
        new.append(self._run(text, None))
        p.addnext(new)

    def untracked_delete(self, phrase: str) -> None:
        """A paragraph deleted with Track Changes off."""
        p = self.paragraph(phrase)
        p.getparent().remove(p)

    def format(
        self, phrase: str, word: str, add: tuple[str, ...] = (), remove: tuple[str, ...] = ()
    ) -> None:
        """Bold/italic/strike added or removed: the run's rPr changed, the old one kept in
        w:rPrChange."""
        _p, runs = self._span(phrase, word)
        for run in runs:
            rpr = run.find(W + "rPr")
            if rpr is None:
                rpr = _w("rPr")
                run.insert(0, rpr)
            old = copy.deepcopy(rpr)
            old.tag = W + "rPr"
            for mark in add:
                rpr.append(_w(mark))
            for mark in remove:
                for element in rpr.findall(W + mark):
                    rpr.remove(element)
            change = self._revision("rPrChange")
            change.append(old)
            rpr.append(change)

    # -- paragraphs ------------------------------------------------------------------------

    def _mark(self, p: etree._Element, tag: str, author: str | None = None) -> None:
        ppr = p.find(W + "pPr")
        if ppr is None:
            ppr = _w("pPr")
            p.insert(0, ppr)
        rpr = ppr.find(W + "rPr")
        if rpr is None:
            rpr = _w("rPr")
            ppr.append(rpr)
        rpr.append(self._revision(tag, author))

    def merge(self, phrase: str) -> None:
        """The paragraph holding `phrase` joined with the next one: its mark deleted."""
        self._mark(self.paragraph(phrase), "del")

    def delete_paragraph(self, phrase: str) -> None:
        """A whole paragraph deleted: every character and its mark."""
        p = self.paragraph(phrase)
        runs = self._explode(p)
        self._delete_runs(runs, None)
        self._mark(p, "del")

    def split(self, phrase: str, word: str) -> None:
        """Enter pressed just before `word`: the first part ends with a new (inserted) mark."""
        p, runs = self._span(phrase, word)
        first = etree.Element(W + "p")
        ppr = p.find(W + "pPr")
        if ppr is not None:
            first.append(copy.deepcopy(ppr))
        for child in list(p):
            if child is ppr:
                continue
            if child is runs[0] or runs[0] in child.iter():
                break
            first.append(child)
        p.addprevious(first)
        self._mark(first, "ins")

    def add_paragraph(
        self,
        after: str,
        text: str,
        style: str | None = None,
        convention: str = "word",
        numbered: bool = False,
        author: str | None = None,
    ) -> None:
        """A paragraph typed after the one holding `after`. Word: Enter at its end inserts a
        mark there, and the new text ends with the old mark. LibreOffice: the new paragraph
        carries the inserted mark."""
        p = self.paragraph(after)
        new = etree.Element(W + "p")
        ppr = copy.deepcopy(p.find(W + "pPr")) if p.find(W + "pPr") is not None else _w("pPr")
        if style is not None:
            for element in ppr.findall(W + "pStyle"):
                ppr.remove(element)
            ppr.insert(0, _w("pStyle", val=style))
        if not numbered:
            for element in ppr.findall(W + "numPr"):
                ppr.remove(element)
        for element in ppr.findall(W + "rPr"):
            ppr.remove(element)
        new.append(ppr)
        wrapper = self._revision("ins", author)
        wrapper.append(self._run(text, None))
        new.append(wrapper)
        p.addnext(new)
        self._mark(p if convention == "word" else new, "ins", author)

    def restyle(self, phrase: str, style: str) -> None:
        p = self.paragraph(phrase)
        ppr = p.find(W + "pPr")
        if ppr is None:
            ppr = _w("pPr")
            p.insert(0, ppr)
        old = copy.deepcopy(ppr)
        for element in old.findall(W + "rPr"):
            old.remove(element)
        for element in ppr.findall(W + "pStyle"):
            ppr.remove(element)
        ppr.insert(0, _w("pStyle", val=style))
        change = self._revision("pPrChange")
        change.append(old)
        ppr.append(change)

    def move(self, phrase: str, words: str, to_phrase: str, before: str) -> None:
        """`words` moved to just before `before` within `to_phrase` (Word's drag and drop)."""
        _p, runs = self._span(phrase, words)
        name = f"move{self.next_id}"
        start = self._revision("moveFromRangeStart")
        start.set(W + "name", name)
        runs[0].addprevious(start)
        moved = [copy.deepcopy(r) for r in runs]
        self._delete_runs(runs, None, "moveFrom")
        end = _w("moveFromRangeEnd", id=start.get(W + "id"))
        runs[-1].getparent().addnext(end)
        _q, targets = self._span(to_phrase, before)
        anchor = targets[0]
        begin = self._revision("moveToRangeStart")
        begin.set(W + "name", name)
        anchor.addprevious(begin)
        wrapper = self._revision("moveTo")
        for run in moved:
            wrapper.append(run)
        anchor.addprevious(wrapper)
        anchor.addprevious(_w("moveToRangeEnd", id=begin.get(W + "id")))

    def move_paragraph(self, phrase: str, after: str) -> None:
        """A whole paragraph moved after the one holding `after` (cut and paste with Track
        Changes: moveFrom around its text and mark, moveTo around the copy)."""
        p = self.paragraph(phrase)
        target = self.paragraph(after)
        copy_ = copy.deepcopy(p)
        name = f"move{self.next_id}"
        runs = self._explode(p)
        start = self._revision("moveFromRangeStart")
        start.set(W + "name", name)
        runs[0].addprevious(start)
        self._delete_runs(runs, None, "moveFrom")
        self._mark(p, "moveFrom")
        begin = self._revision("moveToRangeStart")
        begin.set(W + "name", name)
        wrapper = self._revision("moveTo")
        for child in list(copy_):
            if child.tag == W + "r":
                wrapper.append(child)
        for child in list(copy_):
            if child.tag != W + "pPr":
                copy_.remove(child)
        copy_.append(begin)
        copy_.append(wrapper)
        copy_.append(_w("moveToRangeEnd", id=begin.get(W + "id")))
        target.addnext(copy_)
        self._mark(target, "moveTo")

    # -- tables ----------------------------------------------------------------------------

    def _row(self, phrase: str) -> etree._Element:
        p = self.paragraph(phrase)
        row = p.getparent()
        while row.tag != W + "tr":
            row = row.getparent()
        return row

    def delete_row(self, phrase: str) -> None:
        row = self._row(phrase)
        trpr = row.find(W + "trPr")
        if trpr is None:
            trpr = _w("trPr")
            row.insert(0, trpr)
        trpr.append(self._revision("del"))
        for p in row.iter(W + "p"):
            runs = self._explode(p)
            if runs:
                self._delete_runs(runs, None)

    def insert_row(self, after: str, cells: list[str]) -> None:
        row = self._row(after)
        new = copy.deepcopy(row)
        trpr = new.find(W + "trPr")
        if trpr is None:
            trpr = _w("trPr")
            new.insert(0, trpr)
        trpr.append(self._revision("ins"))
        for tc, text in zip(new.findall(W + "tc"), cells, strict=True):
            for p in tc.findall(W + "p")[1:]:
                tc.remove(p)
            p = tc.find(W + "p")
            for child in list(p):
                if child.tag != W + "pPr":
                    p.remove(child)
            wrapper = self._revision("ins")
            wrapper.append(self._run(text, None))
            p.append(wrapper)
            self._mark(p, "ins")
        row.addnext(new)

    # -- footnotes -------------------------------------------------------------------------

    def add_footnote(self, phrase: str, word: str, text: str) -> None:
        """A footnote inserted after `word` (References > Insert Footnote)."""
        _p, runs = self._span(phrase, word)
        self.next_id += 1
        number = str(self.next_id)
        reference = _w("r")
        rpr = _w("rPr")
        rpr.append(_w("rStyle", val="FootnoteReference"))
        reference.append(rpr)
        reference.append(_w("footnoteReference", id=number))
        wrapper = self._revision("ins")
        wrapper.append(reference)
        runs[-1].addnext(wrapper)
        note = _w("footnote", id=number)
        p = etree.SubElement(note, W + "p")
        ppr = etree.SubElement(p, W + "pPr")
        ppr.append(_w("pStyle", val="FootnoteText"))
        mark = _w("rPr")
        mark.append(self._revision("ins"))
        ppr.append(mark)
        inserted = self._revision("ins")
        ref = _w("r")
        ref.append(_w("footnoteRef"))
        inserted.append(ref)
        inserted.append(self._run(" " + text, None))
        p.append(inserted)
        self.footnotes.append(note)

    def delete_footnote(self, phrase: str) -> None:
        """The footnote reference in the paragraph holding `phrase` deleted."""
        p = self.paragraph(phrase)
        reference = next(r for r in p.iter(W + "r") if r.find(W + "footnoteReference") is not None)
        self._delete_runs([reference], None)

    # -- comments --------------------------------------------------------------------------

    def comment(
        self,
        phrase: str,
        word: str,
        said: str,
        author: str | None = None,
        reply_to: int | None = None,
        done: bool = False,
        ranged: bool = True,
    ) -> int:
        number = len(self.comments)
        if reply_to is None or ranged:
            _p, runs = self._span(phrase, word)
            if ranged:
                runs[0].addprevious(_w("commentRangeStart", id=str(number)))
                runs[-1].addnext(_w("commentRangeEnd", id=str(number)))
            reference = _w("r")
            reference.append(_w("commentReference", id=str(number)))
            (runs[-1].getnext() if ranged else runs[-1]).addnext(reference)
        paragraph_id = f"{0x10000000 + number:08X}"
        comment = _w(
            "comment", id=str(number), author=author or self.author, date=WHEN, initials="JV"
        )
        p = etree.SubElement(comment, W + "p")
        p.set(f"{{{W14_NS}}}paraId", paragraph_id)
        p.append(self._run(said, None))
        self.comments.append(comment)
        parent = self.extended[reply_to][0] if reply_to is not None else None
        self.extended.append((paragraph_id, parent, done))
        return number

    # -- saving ----------------------------------------------------------------------------

    def save(self, name: str = "reviewed.docx") -> Path:
        self.parts["word/document.xml"] = etree.tostring(
            self.document, xml_declaration=True, encoding="UTF-8", standalone=True
        )
        self.parts["word/footnotes.xml"] = etree.tostring(
            self.footnotes, xml_declaration=True, encoding="UTF-8", standalone=True
        )
        if self.comments:
            root = etree.Element(W + "comments", nsmap={"w": W_NS, "w14": W14_NS})
            for comment in self.comments:
                root.append(comment)
            self.parts["word/comments.xml"] = etree.tostring(
                root, xml_declaration=True, encoding="UTF-8"
            )
            extended = etree.Element(f"{{{W15_NS}}}commentsEx", nsmap={"w15": W15_NS})
            for paragraph_id, parent, done in self.extended:
                entry = etree.SubElement(extended, f"{{{W15_NS}}}commentEx")
                entry.set(f"{{{W15_NS}}}paraId", paragraph_id)
                if parent:
                    entry.set(f"{{{W15_NS}}}paraIdParent", parent)
                entry.set(f"{{{W15_NS}}}done", "1" if done else "0")
            self.parts["word/commentsExtended.xml"] = etree.tostring(
                extended, xml_declaration=True, encoding="UTF-8"
            )
            self._relate(
                "comments",
                "comments.xml",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml",
            )
            self._relate(
                "commentsExtended",
                "commentsExtended.xml",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml",
                "http://schemas.microsoft.com/office/2011/relationships/commentsExtended",
            )
        target = self.path.with_name(name)
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for part, data in self.parts.items():
                archive.writestr(part, data)
        return target

    def _relate(self, name: str, target: str, content: str, kind: str | None = None) -> None:
        rels = self.parts["word/_rels/document.xml.rels"].decode("utf-8")
        if f'Target="{target}"' not in rels:
            kind = (
                kind
                or f"http://schemas.openxmlformats.org/officeDocument/2006/relationships/{name}"
            )
            rels = rels.replace(
                "</Relationships>",
                f'<Relationship Id="rIdTest{name}" Type="{kind}" Target="{target}"/>'
                "</Relationships>",
            )
            self.parts["word/_rels/document.xml.rels"] = rels.encode("utf-8")
        types = self.parts["[Content_Types].xml"].decode("utf-8")
        if f'PartName="/word/{target}"' not in types:
            types = types.replace(
                "</Types>", f'<Override PartName="/word/{target}" ContentType="{content}"/></Types>'
            )
            self.parts["[Content_Types].xml"] = types.encode("utf-8")


def _nth(text: str, word: str, occurrence: int) -> int:
    at = -1
    for _ in range(occurrence + 1):
        at = text.index(word, at + 1)
    return at
