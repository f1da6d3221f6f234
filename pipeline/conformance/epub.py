"""The e-book's accessibility as its package shows it (EPUB Accessibility 1.1): accessibility
metadata that is complete and agrees with the book, the language and titles, the navigation
(contents, landmarks, and the PDF's page numbers where the build made a PDF), a description
on every image, headings that do not skip a level.

DAISY Ace, the reference checker, opens the book in a browser and runs axe-core on it: that
is `make accept`'s (pipeline/qa/ace.py). Here the file is read as a zip, within bounds: at
most MAX_ENTRIES entries, MAX_PART bytes in a part read and MAX_TOTAL in all of them, each
XML part parsed without entities or network (`officexml.parse`).
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from itertools import pairwise
from pathlib import Path
from urllib.parse import unquote, urldefrag

from lxml import etree

from ..core.messages import Message, _
from ..formats.officexml import Element, parse
from . import Check

MAX_ENTRIES = 10_000
MAX_PART = 64 * 1024**2
MAX_TOTAL = 512 * 1024**2
CLAIM = re.compile(r"^EPUB Accessibility 1\.1 - WCAG 2\.[012] Level AA?A?$")
REQUIRED = (
    "schema:accessMode",
    "schema:accessModeSufficient",
    "schema:accessibilityFeature",
    "schema:accessibilityHazard",
    "schema:accessibilitySummary",
    "dcterms:conformsTo",
)
PAGE_FEATURES = ("pageBreakMarkers", "printPageNumbers")
XHTML = "application/xhtml+xml"
_X = "{http://www.w3.org/1999/xhtml}"
_OPF = "{http://www.idpf.org/2007/opf}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_CONTAINER = "{urn:oasis:names:tc:opendocument:xmlns:container}"
_TYPE = "{http://www.idpf.org/2007/ops}type"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_HEADINGS = tuple(f"{_X}h{level}" for level in range(1, 7))


class _Unreadable(Exception):
    def __init__(self, why: Message) -> None:
        super().__init__(str(why))
        self.why = why


@dataclass
class _Book:
    """What the checks read of the package: its parts parsed, by name in the zip."""

    archive: zipfile.ZipFile
    read_bytes: int = 0
    package: Element = None
    package_name: str = ""  # its name in the zip
    folder: str = ""  # the package document's folder: names in it are relative to that
    items: dict[str, Element] = field(default_factory=dict)  # manifest items by id
    trees: dict[str, Element] = field(default_factory=dict)
    identified: dict[str, dict[str, Element]] = field(default_factory=dict)

    @cached_property
    def names(self) -> set[str]:
        return {info.filename for info in self.archive.infolist()}

    def tree(self, name: str) -> Element:
        if name not in self.trees:
            self.trees[name] = self._parse(name)
        return self.trees[name]

    def ids(self, name: str) -> dict[str, Element]:
        """The elements of the document `name` by their id."""
        if name not in self.identified:
            found = {element.get("id"): element for element in self.tree(name).iter()}
            self.identified[name] = found
        return self.identified[name]

    def _parse(self, name: str) -> Element:
        try:
            info = self.archive.getinfo(name)
        except KeyError:
            raise _Unreadable(_("{name} is not in the package", name=name)) from None
        if info.file_size > MAX_PART or self.read_bytes + info.file_size > MAX_TOTAL:
            raise _Unreadable(_("{name} is too large to check", name=name))
        with self.archive.open(info) as stream:
            data = stream.read(MAX_PART + 1)
        self.read_bytes += len(data)
        if len(data) > MAX_PART:
            raise _Unreadable(_("{name} is too large to check", name=name))
        try:
            return parse(data)
        except etree.XMLSyntaxError:
            raise _Unreadable(_("{name} is not well-formed XML", name=name)) from None

    def name(self, href: str) -> str:
        """A manifest href as a name in the zip."""
        return posixpath.normpath(posixpath.join(self.folder, unquote(href)))

    def documents(self) -> Iterator[tuple[str, Element]]:
        """Every XHTML document of the manifest, in its order: (name, item)."""
        for item in self.items.values():
            if item.get("media-type") == XHTML:
                yield self.name(item.get("href", "")), item

    def spine(self) -> list[str]:
        """The names of the spine's XHTML documents, in reading order."""
        names = []
        for ref in self.package.iter(f"{_OPF}itemref"):
            item = self.items.get(ref.get("idref"))
            if item is not None and item.get("media-type") == XHTML:
                names.append(self.name(item.get("href", "")))
        return names

    def navigation(self) -> str | None:
        for name, item in self.documents():
            if "nav" in (item.get("properties") or "").split():
                return name
        return None


def epub_checks(path: Path, title: str, lang: str, paged: bool) -> list[Check]:
    """The EPUB at `path`, whose title should be `title` and language `lang`: one Check per
    requirement. `paged`: the build made a PDF too, whose page numbers the book should have."""
    try:
        with zipfile.ZipFile(path) as archive:
            if len(archive.infolist()) > MAX_ENTRIES:
                raise _Unreadable(_("more than {limit} files in the package", limit=MAX_ENTRIES))
            book = _Book(archive)
            _open_package(book)
            return [
                _metadata(book),
                _language_and_title(book, title, lang),
                _navigation(book),
                _pages(book, paged),
                _images(book),
                _headings(book),
            ]
    except zipfile.BadZipFile:
        why = _("not a zip file")
    except _Unreadable as exc:
        why = exc.why
    return [Check("epub", _("an EPUB package that can be read"), False, why)]


def _open_package(book: _Book) -> None:
    container = book.tree("META-INF/container.xml")
    rootfile = container.find(f".//{_CONTAINER}rootfile")
    if rootfile is None or not rootfile.get("full-path"):
        raise _Unreadable(_("{name} names no package document", name="META-INF/container.xml"))
    name = rootfile.get("full-path")
    book.package = book.tree(name)
    book.package_name = name
    book.folder = posixpath.dirname(name)
    book.items = {item.get("id"): item for item in book.package.iter(f"{_OPF}item")}


def _check(name: Message, problems: list[Message], fine: Message) -> Check:
    detail = problems[0] if problems else fine
    if len(problems) > 1:
        detail = _("{first}; and {more} more", first=problems[0], more=len(problems) - 1)
    return Check("epub", name, not problems, detail)


def _properties(book: _Book) -> dict[str, list[str]]:
    """The package's metadata properties (EPUB 3 `meta`) and their values, in order."""
    found: dict[str, list[str]] = {}
    metadata = book.package.find(f"{_OPF}metadata")
    for meta in [] if metadata is None else metadata.iter(f"{_OPF}meta"):
        prop = meta.get("property")
        if prop and not meta.get("refines"):
            found.setdefault(prop, []).append(" ".join((meta.text or "").split()))
    return found


def _images(book: _Book) -> Check:
    images, without = _image_counts(book)
    counted = _(
        "{missing} of {images} images without a description", missing=without, images=images
    )
    return _check(_("a description on every image"), [counted] if without else [], counted)


def _image_counts(book: _Book) -> tuple[int, int]:
    """How many images the documents show, and how many of them have no description (an
    image marked as decoration, with an empty alt, needs none)."""
    images = without = 0
    for name, _item in book.documents():
        for image in book.tree(name).iter(f"{_X}img"):
            images += 1
            decorative = image.get("role") in ("presentation", "none") and image.get("alt") == ""
            without += not (image.get("alt") or "").strip() and not decorative
    return images, without


def _metadata(book: _Book) -> Check:
    """EPUB Accessibility 1.1's discovery metadata, and that it says what the book has."""
    found = _properties(book)
    problems = [_("{property} is missing", property=p) for p in REQUIRED if not found.get(p)]
    claims = found.get("dcterms:conformsTo", [])
    if claims and not any(CLAIM.match(claim) for claim in claims):
        problems.append(
            _(
                "dcterms:conformsTo says '{claim}', not an EPUB Accessibility 1.1 claim",
                claim=claims[0],
            )
        )
    modes, features = (
        found.get("schema:accessMode", []),
        found.get("schema:accessibilityFeature", []),
    )
    paged = _page_list(book) is not None
    wanted = []
    if _image_counts(book)[0]:
        what = _("the book has images")
        wanted += [(what, "schema:accessMode", "visual")]
        wanted += [(what, "schema:accessibilityFeature", "alternativeText")]
    if paged:
        what = _("the book has a page list")
        wanted += [(what, "schema:accessibilityFeature", "pageNavigation")]
        if not any(feature in features for feature in PAGE_FEATURES):
            wanted.append((what, "schema:accessibilityFeature", PAGE_FEATURES[0]))
    for what, prop, value in wanted:
        if found.get(prop) and value not in found[prop]:
            problems.append(
                _(
                    "{what}, but {property} does not say {value}",
                    what=what,
                    property=prop,
                    value=value,
                )
            )
    if not paged:
        for value in [*PAGE_FEATURES, "pageNavigation"]:
            if value in features:
                problems.append(
                    _(
                        "{property} says {value}, but the book has no page list",
                        property="schema:accessibilityFeature",
                        value=value,
                    )
                )
    fine = _(
        "access modes {modes}; features {features}; hazards {hazards}; claims {claim}",
        modes=", ".join(modes),
        features=", ".join(features),
        hazards=", ".join(found.get("schema:accessibilityHazard", [])),
        claim="; ".join(claims),
    )
    return _check(_("accessibility metadata"), problems, fine)


def _language_and_title(book: _Book, title: str, lang: str) -> Check:
    problems = []
    package_lang = book.package.get(_XML_LANG) or "-"
    if package_lang != lang:
        problems.append(
            _(
                "{where} says language {found}, not {lang}",
                where=book.package_name,
                found=package_lang,
                lang=lang,
            )
        )
    languages = book.package.findall(f"{_OPF}metadata/{_DC}language")
    said = (languages[0].text or "").strip() if languages else "-"
    if said != lang:
        problems.append(
            _(
                "{where} says language {found}, not {lang}",
                where="dc:language",
                found=said,
                lang=lang,
            )
        )
    found_title = (book.package.findtext(f"{_OPF}metadata/{_DC}title") or "").strip()
    if found_title != title:
        problems.append(_("the title is '{found}', not '{title}'", found=found_title, title=title))
    for name, _item in book.documents():
        root = book.tree(name)
        document_lang = root.get("lang") or root.get(_XML_LANG) or "-"
        if document_lang != lang:
            problems.append(
                _(
                    "{where} says language {found}, not {lang}",
                    where=posixpath.basename(name),
                    found=document_lang,
                    lang=lang,
                )
            )
        heading = " ".join((root.findtext(f"{_X}head/{_X}title") or "").split())
        if not heading or heading == posixpath.basename(name):
            problems.append(_("{where} has no title of its own", where=posixpath.basename(name)))
    fine = _("language {found}, title '{title}'", found=lang, title=found_title)
    return _check(_("language and title"), problems, fine)


def _nav(book: _Book, kind: str) -> Element | None:
    name = book.navigation()
    if name is None:
        return None
    return book.tree(name).find(f".//{_X}nav[@{_TYPE}='{kind}']")


def _page_list(book: _Book) -> Element | None:
    return _nav(book, "page-list")


def _navigation(book: _Book) -> Check:
    if book.navigation() is None:
        return _check(
            _("contents and landmarks in the navigation"),
            [_("no navigation document")],
            _("no navigation document"),
        )
    toc, landmarks = _nav(book, "toc"), _nav(book, "landmarks")
    entries = 0 if toc is None else len(toc.findall(f".//{_X}a"))
    marks = 0 if landmarks is None else len(landmarks.findall(f".//{_X}a"))
    problems = []
    if not entries:
        problems.append(_("the navigation has no contents"))
    if not marks:
        problems.append(_("the navigation has no landmarks"))
    return _check(
        _("contents and landmarks in the navigation"),
        problems,
        _(
            "contents with {entries} entries; {landmarks} landmarks",
            entries=entries,
            landmarks=marks,
        ),
    )


def _pages(book: _Book, paged: bool) -> Check:
    """With a PDF: a page list whose every entry leads to a page-break marker, and the PDF
    named as its source. Without one, a page list (if any) that leads somewhere."""
    name = _("the PDF's page numbers")
    listing = _page_list(book)
    if listing is None:
        if paged:
            return _check(name, [_("no page list, though the build made a PDF")], name)
        return _check(name, [], _("no PDF in this build, so no page numbers"))
    nav = book.navigation()
    assert nav is not None
    links = listing.findall(f".//{_X}a")
    lost = sum(1 for link in links if not _leads_to_marker(book, nav, link.get("href", "")))
    problems = []
    if not links:
        problems.append(_("the page list is empty"))
    if lost:
        problems.append(
            _(
                "{lost} of {pages} pages in the page list lead to no page-break marker",
                lost=lost,
                pages=len(links),
            )
        )
    source = next(iter(_properties(book).get("pageBreakSource", [])), "")
    if not source:
        problems.append(_("no pageBreakSource names the edition the pages come from"))
    fine = _(
        "{pages} pages in the page list, each at its marker in the text; source: {source}",
        pages=len(links),
        source=source,
    )
    return _check(name, problems, fine)


def _leads_to_marker(book: _Book, nav: str, href: str) -> bool:
    target, anchor = urldefrag(href)
    name = (
        posixpath.normpath(posixpath.join(posixpath.dirname(nav), unquote(target)))
        if target
        else nav
    )
    if not anchor or name not in book.names:
        return False
    element = book.ids(name).get(anchor)
    if element is None:
        return False
    return "pagebreak" in (element.get(_TYPE) or "").split() or (
        element.get("role") == "doc-pagebreak"
    )


def _headings(book: _Book) -> Check:
    levels = [
        int(element.tag[-1])
        for name in book.spine()
        for element in book.tree(name).iter(*_HEADINGS)
    ]
    skips = [(before, after) for before, after in pairwise(levels) if after > before + 1]
    return _check(
        _("headings in order"),
        [
            _("level {after} follows level {before}", after=after, before=before)
            for before, after in skips[:1]
        ],
        _("{headings} headings, none skips a level", headings=len(levels)),
    )
