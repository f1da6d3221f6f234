"""Review rounds with Word users: `roledoc review export` and `roledoc review import`.

Export: a DOCX of the document (or of some themes) made for reviewing. Track Changes is
already on, lines are numbered, the editors' texts stand in a grey box, and each
contribution's title carries its id as a bookmark (pandoc writes a heading's identifier as
one; Word and LibreOffice keep it). The file's custom properties hold a fingerprint of each
contribution's source as it was exported (`roledoc-review-<id>`), and the commit.

Import: pandoc reads the reviewed file with every tracked change and comment
(`--track-changes=all`); pipeline/wordmap.py maps each change onto its contribution's source.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from .build import Composed, Edition, Plan, logo_name, normalise_selection, render_template
from .cache import Cache
from .errors import RoledocError
from .markdown import slugify
from .messages import N_, Message, _, text

PROPERTY = "roledoc-review-"  # + contribution id: its fingerprint; + "commit": the commit
COMMIT = PROPERTY + "commit"


def fingerprint(data: bytes) -> str:
    """A contribution's source as it was exported: the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(data).hexdigest()[:16]


def review_edition(themes: tuple[str, ...] = ()) -> Edition:
    """The review file as an edition: `<output>-review.docx`, only `themes` when given."""
    return Edition(
        name="review",
        suffix="-review",
        compose=lambda plan, staging, cache: compose_review(plan, staging, cache, themes),
        defaults="review",
        key=",".join(sorted(themes)),
    )


def compose_review(plan: Plan, staging: Path, cache: Cache, themes: tuple[str, ...]) -> Composed:
    from .assemble import (
        chapter_context,
        placeholders,
        render_edition,
        splice_bodies,
        template_environment,
    )
    from .render import read_markdown

    project = plan.project
    selection = plan.selection
    if themes:
        chapters = tuple(
            (section, tuple(c for c in contributions if c.theme in themes))
            for section, contributions in selection.chapters
        )
        selection = replace(
            selection,
            chapters=tuple((s, cs) for s, cs in chapters if cs or set(s.themes) & set(themes)),
        )
    bodies = normalise_selection(project, selection, staging, plan.epoch, cache, plan.jobs)
    env = template_environment(plan.templates.jinja_loader())
    marks, owners = placeholders(list(bodies))
    chapters_context = chapter_context(project, selection, plan.labels, marks)
    prints = {c.id: fingerprint((project.root / c.path).read_bytes()) for c in selection.included}
    skeleton = render_template(
        lambda: render_edition(
            "review.md.j2",
            project,
            selection,
            plan.info,
            plan.labels,
            env,
            chapters_context,
            logo_name(project),
            edition_label=plan.labels.strings.get("review_edition"),
            fingerprints=prints,
        )
    )
    return Composed(
        splice_bodies(
            read_markdown(staging, skeleton, plan.epoch),
            {ident: bodies[key] for ident, key in owners.items()},
        )
    )


# -- import -------------------------------------------------------------------------------

# Paragraph styles of what roledoc adds around the contributions (pipeline/defaults/filters/
# styles.lua, review.md.j2): a reviewer's change there belongs to no contribution.
FURNITURE = {"Byline", "Status Note", "Draft Notice", "Colophon", "Editors Text", "Alert Title"}
_FORMATTING = {"Emph", "Strong", "Underline", "Strikeout", "Superscript", "Subscript", "SmallCaps"}


@dataclass
class Comment:
    """A reviewer's comment: the text it is about, where that is, and what was said."""

    quote: str
    text: str
    author: str
    date: str
    line: int | None = None  # in the contribution's source


@dataclass
class Elsewhere:
    """A change or comment outside the contributions (title page, editors' texts, bylines,
    titles): listed for the editors, never applied."""

    where: Message
    old: str
    new: str
    comment: Comment | None = None


@dataclass
class Outcome:
    """What a review did to one contribution."""

    id: str
    path: str
    title: str
    applied: list[tuple[str, str]] = field(default_factory=list)
    not_placed: list[tuple[str, str]] = field(default_factory=list)
    conflicts: list[tuple[str, str]] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    text: str | None = None  # the new source, when a change was applied


@dataclass
class ReviewImport:
    reviewer: str
    outcomes: list[Outcome]
    elsewhere: list[Elsewhere]
    branch: str | None = None
    notes: Path | None = None  # the folder with a review file per contribution


@dataclass
class _Block:
    region: tuple[str, str]  # (kind, key): ("contribution", id), ("chapter", slug), ...
    old: str
    new: str


@dataclass
class _Mark:
    comment: Comment
    block: int
    start: int  # offset in the block's old text
    end_block: int | None = None
    end: int | None = None


class _Reader:
    """The reviewed document's blocks in reading order, each with its text before and after
    the reviewer's tracked changes and the region it stands in; and the comments."""

    def __init__(self, contributions: dict[str, str]) -> None:
        self.by_id = contributions  # id -> title
        titles = [_simple(title) for title in contributions.values()]
        self.by_title = {  # a title two contributions share names neither
            _simple(title): ident
            for ident, title in contributions.items()
            if titles.count(_simple(title)) == 1
        }
        self.by_bookmark = {bookmark_name(ident): ident for ident in contributions}
        self.bookmarks: list[list[str]] = []  # per level-1/2 heading of the file, in order
        self.heading_count = 0  # level-1/2 headings in the AST
        self.heading_number = 0
        self.blocks: list[_Block] = []
        self.marks: dict[str, _Mark] = {}
        self.region: tuple[str, str] = ("front", "")

    def read(self, blocks: list) -> None:
        for block in blocks:
            self.block(block)

    def block(self, block: dict, furniture: str | None = None) -> None:
        kind, content = block.get("t"), block.get("c")
        names = self.next_bookmarks() if kind == "Header" and content[0] <= 2 else []
        if kind == "Header" and content[0] <= 2 and furniture is None:
            self.heading(content, names)
        elif kind in {"Para", "Plain", "Header"}:
            inlines = content[2] if kind == "Header" else content
            self.text(inlines, furniture)
        elif kind in {"BulletList", "OrderedList", "BlockQuote"}:
            # A list's items, each a list of blocks; a quote is one such item.
            items = (
                content[1]
                if kind == "OrderedList"
                else [content]
                if kind == "BlockQuote"
                else content
            )
            for item in items:
                for inner in item:
                    self.block(inner, furniture)
        elif kind == "Div":
            style = dict(content[0][2]).get("custom-style")
            inner_furniture = furniture or (style if style in FURNITURE else None)
            for inner in content[1]:
                self.block(inner, inner_furniture)
        elif kind == "DefinitionList":
            for term, definitions in content:
                self.text(term, furniture)
                for definition in definitions:
                    for inner in definition:
                        self.block(inner, furniture)
        elif kind == "LineBlock":
            for line in content:
                self.text(line, furniture)
        elif kind == "Table":
            from .redline import table_cells

            caption = content[1][1]
            for cell_blocks in [caption, *table_cells(block)]:
                for inner in cell_blocks:
                    self.block(inner, furniture)

    def next_bookmarks(self) -> list[str]:
        """The bookmarks of the next level-1 or level-2 heading in the file, when the file's
        headings and the AST's pair up one to one."""
        self.heading_number += 1
        if len(self.bookmarks) != self.heading_count:
            return []
        return self.bookmarks[self.heading_number - 1]

    def heading(self, content: list, bookmarks: list[str]) -> None:
        level, (identifier, _classes, _attrs), inlines = content
        old, new, notes = self.inline_texts(inlines, len(self.blocks))
        if level == 1:
            self.region = ("chapter", _unnumbered(old))
        else:
            # The title's bookmark is the contribution's id (pandoc's DOCX reader names a
            # heading after its text instead, so the file's XML is read for it); failing
            # that, the title without the number Word shows before it.
            marked = [self.by_bookmark[name] for name in bookmarks if name in self.by_bookmark]
            ident = (
                marked[0]
                if marked
                else identifier
                if identifier in self.by_id
                else self.by_title.get(_simple(old)) or self.by_title.get(_simple(_unnumbered(old)))
            )
            self.region = ("contribution", ident) if ident else ("other", _unnumbered(old))
        self.blocks.append(_Block(("title", self.region[1]), old, new))
        for note in notes:
            self.read(note)

    def text(self, inlines: list, furniture: str | None) -> None:
        number = len(self.blocks)
        old, new, notes = self.inline_texts(inlines, number)
        region = ("furniture", furniture) if furniture else self.region
        self.blocks.append(_Block(region, old, new))
        for note in notes:
            for inner in note:
                self.block(inner, furniture)

    def inline_texts(self, inlines: list, number: int) -> tuple[str, str, list]:
        old: list[str] = []
        new: list[str] = []
        notes: list = []
        self._walk(inlines, old, new, notes, number, "both")
        return "".join(old), "".join(new), notes

    def _walk(self, items: list, old: list, new: list, notes: list, number: int, mode: str) -> None:
        def add(text: str) -> None:
            if mode in {"both", "old"}:
                old.append(text)
            if mode in {"both", "new"}:
                new.append(text)

        for item in items:
            kind, content = item.get("t"), item.get("c")
            if kind == "Str":
                add(content)
            elif kind in {"Space", "SoftBreak", "LineBreak"}:
                add(" ")
            elif kind in {"Code", "Math"}:
                add(content[1])
            elif kind in _FORMATTING:
                self._walk(content, old, new, notes, number, mode)
            elif kind == "Quoted":
                quote = '"' if content[0]["t"] == "DoubleQuote" else "'"
                add(quote)
                self._walk(content[1], old, new, notes, number, mode)
                add(quote)
            elif kind in {"Link", "Cite"}:
                self._walk(content[1], old, new, notes, number, mode)
            elif kind == "Note":
                notes.append(content)
            elif kind == "Span":
                self._span(content, old, new, notes, number, mode)

    def _span(
        self, content: list, old: list, new: list, notes: list, number: int, mode: str
    ) -> None:
        (_ident, classes, attributes), inner = content
        attrs = dict(attributes)
        if "insertion" in classes:
            if mode != "old":
                self._walk(inner, old, new, notes, number, "new")
        elif "deletion" in classes:
            if mode != "new":
                self._walk(inner, old, new, notes, number, "old")
        elif "comment-start" in classes:
            said = Comment("", _stringify(inner), attrs.get("author", ""), attrs.get("date", ""))
            self.marks[attrs.get("id", str(len(self.marks)))] = _Mark(
                said, number, len("".join(old))
            )
        elif "comment-end" in classes:
            mark = self.marks.get(attrs.get("id", ""))
            if mark is not None:
                mark.end_block, mark.end = number, len("".join(old))
        elif not {"paragraph-insertion", "paragraph-deletion"} & set(classes):
            self._walk(inner, old, new, notes, number, mode)


def _stringify(inlines: list) -> str:
    old: list[str] = []
    _Reader({})._walk(inlines, old, [], [], 0, "both")
    return "".join(old).strip()


def _unnumbered(title: str) -> str:
    """A heading's text without the chapter number before it ("5.2 Belangen" -> "Belangen")."""
    return re.sub(r"^\d+(?:\.\d+)*\.?\s+", "", title.strip())


def _simple(text: str) -> str:
    from .wordmap import plain

    return " ".join(plain(text).split()).casefold()


def read_properties(docx: Path) -> dict[str, str]:
    """The custom properties of a Word file (docProps/custom.xml): name -> text."""
    from xml.etree import ElementTree

    try:
        with zipfile.ZipFile(docx) as archive:
            if "docProps/custom.xml" not in archive.namelist():
                return {}
            data = _read_part(archive, "docProps/custom.xml", docx)
    except (zipfile.BadZipFile, OSError, KeyError):
        raise RoledocError(
            _("cannot read {name}: it is not a valid {kind} file", name=docx.name, kind="docx")
        ) from None
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError:
        return {}
    found = {}
    for prop in root:
        name = prop.get("name")
        if name:
            found[name] = "".join(prop.itertext())
    return found


PART_LIMIT = 256 * 1024 * 1024  # bytes, unpacked: a reviewed file is untrusted


def _read_part(archive: zipfile.ZipFile, name: str, docx: Path) -> bytes:
    """A part of a Word file, refused when it unpacks to more than PART_LIMIT (a zip bomb)."""
    if archive.getinfo(name).file_size > PART_LIMIT:
        raise RoledocError(
            _("cannot read {name}: it is not a valid {kind} file", name=docx.name, kind="docx")
        )
    return archive.read(name)


def read_reviewed(docx: Path) -> dict:
    """The reviewed file as pandoc's JSON AST with every tracked change and comment, each
    paragraph style kept (`+styles`): read in pandoc's sandbox."""
    import json

    from .render import run_pandoc

    output = run_pandoc(
        ["--sandbox", "-f", "docx+styles", "--track-changes=all", "-t", "json", str(docx)],
        docx.parent,
        "docx",
        0,
    )
    return json.loads(output)


def gather(ast: dict, titles: dict[str, str], bookmarks: list[list[str]] | None = None) -> _Reader:
    reader = _Reader(titles)
    reader.bookmarks = bookmarks or []
    reader.heading_count = sum(1 for _ in _headings(ast.get("blocks", [])))
    reader.read(ast.get("blocks", []))
    return reader


def _headings(node: object) -> Iterator[dict]:
    """Every level-1 or level-2 heading of a JSON AST, in reading order."""
    if isinstance(node, list):
        for item in node:
            yield from _headings(item)
    elif isinstance(node, dict):
        if node.get("t") == "Header" and node["c"][0] <= 2:
            yield node
        elif node.get("t") != "Note":
            yield from _headings(node.get("c"))


def bookmark_name(ident: str) -> str:
    """The bookmark pandoc's DOCX writer gives an identifier: itself, or for one longer than
    Word's 40 characters "X" and 39 hex digits of its SHA-1."""
    if len(ident) <= 40:
        return ident
    return "X" + hashlib.sha1(ident.encode("utf-8")).hexdigest()[1:40]


def heading_bookmarks(docx: Path) -> list[list[str]]:
    """The bookmark names of each level-1 and level-2 heading paragraph of a Word file, in
    order (Word's and LibreOffice's style ids: Heading1/Heading2, or localised ones)."""
    with zipfile.ZipFile(docx) as archive:
        document = _read_part(archive, "word/document.xml", docx).decode("utf-8", "replace")
    found = []
    last = 0  # pandoc puts a heading's bookmark just before its paragraph, LibreOffice in it
    for paragraph in re.finditer(r"<w:p[ >].*?</w:p>", document, re.DOTALL):
        style = re.search(r'<w:pStyle w:val="([^"]+)"', paragraph[0])
        if style and re.fullmatch(r"(?:Heading|Kop)[12]", style[1]):
            around = document[last : paragraph.end()]
            found.append(re.findall(r'<w:bookmarkStart\b[^>]*w:name="([^"]+)"', around))
        last = paragraph.end()
    return found


def import_review(
    root: Path, docx: Path, reviewer: str, today: dt.date, lang: str = "en"
) -> ReviewImport:
    """Map the reviewer's tracked changes and comments in `docx` (made by `review export`)
    onto the contributions; changes land on a new git branch, one commit per contribution;
    comments, conflicts and what could not be placed go into build/review/<reviewer>/."""
    from .project import load_project

    if not reviewer.strip():
        raise RoledocError(_("give the reviewer's name with --reviewer"))
    if not docx.is_file():
        raise RoledocError(_("cannot read {name}: no such file", name=str(docx)))
    docx = docx.resolve()  # pandoc runs in the file's folder
    properties = read_properties(docx)
    if COMMIT not in properties:
        raise RoledocError(
            _(
                "{name} was not made by 'roledoc review export': roledoc cannot tell which "
                "contribution each change belongs to",
                name=docx.name,
            )
        )
    exported = {
        name[len(PROPERTY) :]: value
        for name, value in properties.items()
        if name.startswith(PROPERTY) and name != COMMIT
    }
    project = load_project(root)
    by_id = {c.id: c for c in project.contributions if c.id in exported}
    reader = gather(
        read_reviewed(docx),
        {ident: c.title for ident, c in by_id.items()},
        heading_bookmarks(docx),
    )
    tree = _Tree(root, reviewer, today)
    outcomes, elsewhere = _apply(reader, by_id, exported, tree)
    branch = tree.commit(outcomes, reviewer)
    notes = _write_notes(root, reviewer, outcomes, elsewhere, lang)
    return ReviewImport(reviewer, outcomes, elsewhere, branch, notes)


def _body_start(text: str) -> int:
    """Where the body starts: after the front matter, found as check finds it."""
    from .yamlread import split_front_matter

    # check reads the file with CRLF made LF (yamlread.decode): the lines are the same.
    split = split_front_matter(text.lstrip("\ufeff").replace("\r\n", "\n"))
    if isinstance(split, str):  # no front matter: check refuses such a file anyway
        return 0
    at = 0
    for _line in range(split.body_line - 1):
        at = text.find("\n", at) + 1 or len(text)
    return at


def _apply(
    reader: _Reader, by_id: dict, exported: dict[str, str], tree: _Tree
) -> tuple[list[Outcome], list[Elsewhere]]:
    from .wordmap import align, apply, made_as_asked, place, tokens, word_changes, words

    outcomes = {ident: Outcome(ident, c.path, c.title) for ident, c in by_id.items()}
    elsewhere: list[Elsewhere] = []
    original: dict[str, str] = {}
    current: dict[str, str] = {}
    intact: dict[str, bool] = {}

    def source(ident: str) -> str | None:
        """The contribution's source as committed; None when it changed since the export."""
        if ident not in original:
            data = tree.read(by_id[ident].path)
            original[ident] = current[ident] = data.decode("utf-8") if data is not None else ""
            intact[ident] = data is not None and fingerprint(data) == exported[ident]
        return current[ident] if intact[ident] else None

    previous: dict[str, str] = {}  # per contribution: the text of the block read last

    for block in reader.blocks:
        kind, key = block.region
        mine = kind == "contribution" and key in outcomes
        last = previous.get(key)
        if block.new.strip():  # a block deleted whole leaves the one before as the anchor
            previous[key] = block.new
        if block.old == block.new:
            continue
        if mine and not block.old.strip():
            _add_paragraph(block.new, key, outcomes[key], current, last, source)
            continue
        if not mine:
            where = _where(block.region)
            elsewhere += [
                Elsewhere(where, old, new) for old, new in word_changes(block.old, block.new)
            ]
            continue
        outcome = outcomes[key]
        text = source(key)
        if text is None:  # changed in git since the export: not applied blindly
            outcome.conflicts += word_changes(block.old, block.new)
            continue
        span = (_body_start(text), len(text))
        placed = place(block.old, block.new, text, span)
        if placed.edits:
            changed = apply(text, placed.edits)
            if made_as_asked(text, changed, span[0], placed.placed):
                current[key] = changed
                outcome.applied += placed.placed
                outcome.not_placed += placed.not_placed
                continue
        outcome.not_placed += placed.placed + placed.not_placed
    for mark in reader.marks.values():
        comment = mark.comment
        block = reader.blocks[mark.block]
        comment.quote = _quote(reader, mark)
        kind, key = block.region
        if kind != "contribution" or key not in outcomes:
            elsewhere.append(Elsewhere(_where(block.region), "", "", comment))
            continue
        source(key)
        if original[key]:
            text = original[key]
            toks = tokens(text, _body_start(text))
            mapping = align(words(block.old), toks) or {}
            index = len(words(block.old[: mark.start]))
            near = [mapping[i] for i in range(index, -1, -1) if i in mapping]
            if near:
                comment.line = text.count("\n", 0, toks[near[0]].start) + 1
        outcomes[key].comments.append(comment)
    for ident, outcome in outcomes.items():
        if ident in current and current[ident] != original[ident]:
            outcome.text = current[ident]
    return list(outcomes.values()), elsewhere


def _paragraph_end(text: str, words_before: str) -> int | None:
    """Where the source paragraph holding `words_before` ends (at its blank line); None when
    they are not found, or do not stand in a plain paragraph (a list, table or quote)."""
    from .wordmap import align, tokens, words

    toks = tokens(text, _body_start(text))
    mapping = align(words(words_before), toks)
    if not mapping:
        return None
    last = toks[max(mapping.values())].end
    first_line = text.rfind("\n", 0, toks[min(mapping.values())].start) + 1
    if re.match(r"\s*(?:[-*+>|]|\d{1,9}[.)])\s", text[first_line:]):
        return None
    blank = text.find("\n\n", last)
    return blank if blank >= 0 else len(text.rstrip("\n"))


def _add_paragraph(
    new: str,
    key: str,
    outcome: Outcome,
    current: dict[str, str],
    words_before: str | None,
    source: Callable[[str], str | None],
) -> None:
    """A paragraph the reviewer added whole: after the paragraph before it, when that one
    is a plain paragraph found in the source; else listed as not placed. (The paragraph
    before is looked for only here, not for every block read.)"""
    from .wordmap import escape_inserted, plain

    text = source(key)
    change = ("", " ".join(plain(new).split()))
    if text is None:
        outcome.conflicts.append(change)
        return
    at = _paragraph_end(text, words_before) if words_before else None
    if at is None:
        outcome.not_placed.append(change)
        return
    paragraph = escape_inserted(change[1])
    number = re.match(r"\d{1,9}(?=[.)](?:\s|$))", paragraph)
    if number:  # "1. ..." typed as text, not a list
        paragraph = paragraph[: number.end()] + "\\" + paragraph[number.end() :]
    elif re.match(r"[#>+\-=]", paragraph):  # not a heading, list or quote
        paragraph = "\\" + paragraph
    current[key] = text[:at] + "\n\n" + paragraph + text[at:]
    outcome.applied.append(change)


def _quote(reader: _Reader, mark: _Mark) -> str:
    if mark.end_block is None:
        return reader.blocks[mark.block].old[mark.start :].strip()
    if mark.end_block == mark.block:
        return reader.blocks[mark.block].old[mark.start : mark.end].strip()
    parts = [reader.blocks[mark.block].old[mark.start :]]
    parts += [b.old for b in reader.blocks[mark.block + 1 : mark.end_block]]
    parts.append(reader.blocks[mark.end_block].old[: mark.end])
    return " ".join(p.strip() for p in parts if p.strip())


_STYLES = {
    "Byline": N_("a byline"),
    "Status Note": N_("a status note"),
    "Draft Notice": N_("the draft notice"),
    "Colophon": N_("the colophon"),
    "Editors Text": N_("the editors' text"),
    "Alert Title": N_("the title of a call-out"),
}


def _where(region: tuple[str, str]) -> Message:
    """Where in the document a change outside the contributions is, in words."""
    kind, key = region
    if kind == "furniture":
        return _(_STYLES.get(key, N_("the editors' text")))
    if kind == "title":
        return _("a title, under '{heading}'", heading=key)
    if kind == "chapter":
        return _("chapter '{title}'", title=key)
    if kind == "other":
        return _("under the heading '{title}'", title=key)
    return _("the title page and how to respond")


class _Tree:
    """The project as committed (HEAD), and a new branch for the review's commits."""

    def __init__(self, root: Path, reviewer: str, today: dt.date) -> None:
        import git

        try:
            self.repo = git.Repo(root, search_parent_directories=True)
            self.head = self.repo.head.commit
        except (git.InvalidGitRepositoryError, git.NoSuchPathError, ValueError):
            raise RoledocError(
                _("review import needs the project in a git repository with a commit")
            ) from None
        self.top = Path(self.repo.working_tree_dir or root).resolve()
        self.prefix = root.resolve().relative_to(self.top)
        name = f"review/{slugify(reviewer) or 'reviewer'}-{today.isoformat()}"
        taken = {head.name for head in self.repo.heads}
        self.branch = name
        number = 2
        while self.branch in taken:
            self.branch, number = f"{name}-{number}", number + 1

    def read(self, path: str) -> bytes | None:
        try:
            blob = self.head.tree / (self.prefix / path).as_posix()
        except KeyError:
            return None
        return blob.data_stream.read()

    def commit(self, outcomes: list[Outcome], reviewer: str) -> str | None:
        """One commit per changed contribution on the new branch; None when nothing changed."""
        import tempfile

        changed = [o for o in outcomes if o.text is not None]
        if not changed:
            return None
        identity = []
        for key, fallback in (("user.name", "roledoc"), ("user.email", "roledoc@localhost")):
            try:
                self.repo.git.config("--get", key)
            except Exception:  # not configured: git would refuse to commit
                identity += ["-c", f"{key}={fallback}"]
        with tempfile.TemporaryDirectory(prefix="roledoc-review-") as folder:
            self.repo.git.worktree("add", "--quiet", "-b", self.branch, folder, self.head.hexsha)
            try:
                for outcome in changed:
                    path = (self.prefix / outcome.path).as_posix()
                    target = Path(folder) / path
                    target.write_bytes((outcome.text or "").encode("utf-8"))
                    git_in = self.repo.git.__class__(folder)
                    git_in.add("--", path)
                    message = _commit_message(outcome, reviewer)
                    git_in.execute(
                        [
                            "git",
                            *identity,
                            "commit",
                            "--quiet",
                            f"--author={re.sub(r'[<>]', '', reviewer).strip()} <>",
                            "-m",
                            message,
                        ]
                    )
            finally:
                self.repo.git.worktree("remove", "--force", folder)
        return self.branch


def _commit_message(outcome: Outcome, reviewer: str) -> str:
    lines = [f"Review {reviewer}: {outcome.title} ({outcome.path})", ""]
    for old, new in outcome.applied:
        lines.append(f"- {old or '(nothing)'} -> {new or '(nothing)'}")
    return "\n".join(lines)


def _write_notes(
    root: Path, reviewer: str, outcomes: list[Outcome], elsewhere: list[Elsewhere], lang: str
) -> Path | None:
    """build/review/<reviewer>/<id>.md per contribution with something for the editors, and
    overig.md (others.md) for what belongs to no contribution. None when there is nothing."""
    folder = root / "build" / "review" / (slugify(reviewer) or "reviewer")
    pages = {o.id: _note(o, reviewer, lang) for o in outcomes if _note_needed(o)}
    if elsewhere:
        pages[text(_("others"), lang)] = _elsewhere_note(elsewhere, reviewer, lang)
    if not pages:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    for name, page in pages.items():
        (folder / f"{name}.md").write_text(page, encoding="utf-8")
    return folder


def _note_needed(outcome: Outcome) -> bool:
    return bool(outcome.applied or outcome.not_placed or outcome.conflicts or outcome.comments)


def _note(outcome: Outcome, reviewer: str, lang: str) -> str:
    say = lambda message: text(message, lang)  # noqa: E731
    lines = [
        "# " + say(_("Review by {reviewer}: {title}", reviewer=reviewer, title=outcome.title)),
        "",
        say(_("Source: {path}", path=outcome.path)),
        "",
    ]
    sections = (
        (_("Applied on the review branch"), outcome.applied),
        (
            _("Not placed: these words were not found in the source; make the change by hand"),
            outcome.not_placed,
        ),
        (
            _("Conflict: the contribution changed since the export; nothing was applied"),
            outcome.conflicts,
        ),
    )
    for title, changes in sections:
        if changes:
            lines += [f"## {say(title)} ({len(changes)})", ""]
            lines += [f"- {_quoted(old)} → {_quoted(new)}" for old, new in changes]
            lines.append("")
    if outcome.comments:
        heading = say(_("Comments"))
        lines += [f"## {heading} ({len(outcome.comments)})", ""]
        for comment in outcome.comments:
            where = (
                say(_("line {line}", line=comment.line)) if comment.line else say(_("line unknown"))
            )
            day = comment.date[:10] if re.match(r"[1-9]\d{3}-", comment.date) else ""
            line_title = " · ".join(part for part in (where, comment.author, day) if part)
            lines += [f"### {line_title}", ""]
            if comment.quote:
                lines += [f"> {comment.quote}", ""]
            lines += [comment.text, ""]
    return "\n".join(lines)


def _elsewhere_note(items: list[Elsewhere], reviewer: str, lang: str) -> str:
    say = lambda message: text(message, lang)  # noqa: E731
    lines = [
        "# " + say(_("Review by {reviewer}: outside the contributions", reviewer=reviewer)),
        "",
        say(
            _(
                "Not applied: the title page, the editors' texts, bylines and titles are the "
                "editors' to change."
            )
        ),
        "",
    ]
    said = say(_("comment"))
    for item in items:
        if item.comment is not None:
            comment = item.comment
            lines += [
                f"- {say(item.where)}: {said} ({comment.author}): {comment.text}"
                + (f" — {_quoted(comment.quote)}" if comment.quote else "")
            ]
        else:
            lines.append(f"- {say(item.where)}: {_quoted(item.old)} → {_quoted(item.new)}")
    return "\n".join([*lines, ""])


def _quoted(words: str) -> str:
    return f"“{words}”" if words else "∅"


def format_review(done: ReviewImport, root: Path, lang: str) -> str:
    """What `review import` did, per contribution, in `lang`."""
    say = lambda message: text(message, lang)  # noqa: E731
    lines = [say(_("Review by {reviewer}:", reviewer=done.reviewer))]
    touched = [o for o in done.outcomes if _note_needed(o)]
    for outcome in touched:
        counts = _(
            "{applied} change(s) applied, {comments} comment(s), {conflicts} conflict(s), "
            "{missing} not placed",
            applied=len(outcome.applied),
            comments=len(outcome.comments),
            conflicts=len(outcome.conflicts),
            missing=len(outcome.not_placed),
        )
        lines.append(f"  {outcome.path}: {say(counts)}")
    if not touched:
        lines.append("  " + say(_("no changes and no comments in the contributions")))
    if done.elsewhere:
        lines.append(
            "  "
            + say(
                _(
                    "outside the contributions (not applied): {count}",
                    count=len(done.elsewhere),
                )
            )
        )
    if done.branch:
        commits = sum(1 for o in done.outcomes if o.text is not None)
        lines.append(
            say(
                _(
                    "Branch {branch}: {count} commit(s), one per contribution. Open a pull "
                    "request from it to accept or reject each contribution's changes.",
                    branch=done.branch,
                    count=commits,
                )
            )
        )
    if done.notes is not None:
        where = done.notes.relative_to(root) if done.notes.is_relative_to(root) else done.notes
        lines.append(say(_("Comments and details: {path}", path=where)))
    return "\n".join(lines)
