"""The PDF's conformance as its structure shows it: PDF/A (identification, output intent,
fonts, nothing that runs or is attached) and PDF/UA-1 (identification, language, title,
tags, descriptions of figures, table headers, bookmarks).

These are the requirements a file's own objects can prove. Typst validates the rest while it
writes the file (it refuses to export what breaks the standard it was asked for); veraPDF,
the reference validator, checks everything, but needs Java and is not installable from PyPI,
npm or Debian (docs/beheer/accessibility.md says how to run it where it is). pypdf reads the
file, within bounds: at most MAX_NODES structure elements and MAX_DEPTH levels.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..core.messages import Message, _
from ..core.model import DEFAULT_PDF_STANDARD, PDF_STANDARDS
from ..formats.officexml import parse
from . import Check

MAX_NODES = 200_000  # structure elements read
MAX_DEPTH = 200
_PDFAID = "{http://www.aiim.org/pdfa/ns/id/}"
_PDFUAID = "{http://www.aiim.org/pdfua/ns/id/}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"


def pdf_checks(
    path: Path, title: str, lang: str, standard: str = DEFAULT_PDF_STANDARD
) -> list[Check]:
    """The PDF at `path` against `standard` (a key of PDF_STANDARDS): one Check per group of
    requirements, PDF/A's only when the standard includes PDF/A."""
    from pypdf import PdfReader

    reader = PdfReader(path)
    root = reader.trailer["/Root"].get_object()
    xmp = _xmp(root)
    archive = next((s for s in PDF_STANDARDS.get(standard, ()) if s.startswith("a-")), None)
    checks = []
    if archive is not None:
        checks.append(_archive(root, xmp, archive))
    checks += [
        _identification(reader, root, xmp, title, lang),
        _tagged(root),
        _fonts(reader),
        _nothing_active(reader, root, archive),
    ]
    return checks


def _check(name: Message, problems: list[Message], fine: Message) -> Check:
    detail = problems[0] if len(problems) == 1 else fine
    if len(problems) > 1:
        detail = _("{first}; and {more} more", first=problems[0], more=len(problems) - 1)
    return Check("pdf", name, not problems, detail)


def _archive(root: Any, xmp: dict[str, str], archive: str) -> Check:
    """PDF/A: the identification schema says the part and level asked for, and the output
    intent carries the colour profile every colour is given in."""
    part, level = archive[2], archive[3].upper()  # "a-2a": 2, A
    problems = []
    if (xmp.get("pdfaid:part"), xmp.get("pdfaid:conformance")) != (part, level):
        found = f"{xmp.get('pdfaid:part', '-')}{xmp.get('pdfaid:conformance', '').lower()}"
        problems.append(
            _("the file says PDF/A-{found}, not PDF/A-{asked}", found=found, asked=archive[2:])
        )
    intents = [i.get_object() for i in root.get("/OutputIntents", [])]
    if not any(i.get("/S") == "/GTS_PDFA1" and "/DestOutputProfile" in i for i in intents):
        problems.append(_("no output intent with a colour profile"))
    profile = next((str(i.get("/Info") or i.get("/OutputCondition") or "") for i in intents), "")
    fine = _(
        "identification PDF/A-{asked}; output intent {profile}",
        asked=archive[2:],
        profile=profile or "-",
    )
    return _check(_("PDF/A identification and colour profile"), problems, fine)


def _identification(reader: Any, root: Any, xmp: dict[str, str], title: str, lang: str) -> Check:
    problems = []
    if xmp.get("pdfuaid:part") != "1":
        problems.append(_("the file does not say PDF/UA-1"))
    if str(root.get("/Lang", "")) != lang:
        problems.append(
            _("the language is {found}, not {lang}", found=str(root.get("/Lang", "-")), lang=lang)
        )
    if xmp.get("dc:title") != title or str((reader.metadata or {}).get("/Title", "")) != title:
        problems.append(_("the title in the file's properties is not the document's"))
    prefs = root.get("/ViewerPreferences", {})
    if not bool(prefs.get("/DisplayDocTitle", False)):
        problems.append(_("a viewer shows the file name, not the title"))
    outlines = root.get("/Outlines")
    if outlines is None or "/First" not in outlines.get_object():
        problems.append(_("no bookmarks"))
    fine = _("identification PDF/UA-1; language {lang}; title and bookmarks", lang=lang)
    return _check(_("PDF/UA identification, language, title, bookmarks"), problems, fine)


def _tagged(root: Any) -> Check:
    """Tagged, with headings, a description on every figure and header cells in every table."""
    problems = []
    marked = bool(root.get("/MarkInfo", {}).get("/Marked", False))
    tree = root.get("/StructTreeRoot")
    if tree is None or not marked:
        problems.append(_("the file is not tagged"))
    kinds: dict[str, int] = {}
    figures_without = 0
    for element in _elements(tree.get_object() if tree is not None else None):
        kind = str(element.get("/S"))
        kinds[kind] = kinds.get(kind, 0) + 1
        if kind == "/Figure" and not str(element.get("/Alt", "")).strip():
            figures_without += 1
    headings = sum(n for k, n in kinds.items() if k.startswith("/H") and k[2:].isdigit())
    figures, tables, headers = kinds.get("/Figure", 0), kinds.get("/Table", 0), kinds.get("/TH", 0)
    if tree is not None and not headings:
        problems.append(_("no headings in the tags"))
    if figures_without:
        problems.append(
            _(
                "{missing} of {figures} figures without a description",
                missing=figures_without,
                figures=figures,
            )
        )
    if tables and headers < tables:
        problems.append(_("a table without header cells"))
    fine = _(
        "{headings} headings, {figures} figures with a description, "
        "{tables} tables with header cells",
        headings=headings,
        figures=figures,
        tables=tables,
    )
    return _check(_("tags: headings, figure descriptions, table headers"), problems, fine)


def _fonts(reader: Any) -> Check:
    """Every font the pages use is embedded (a Type 3 font is its own drawing)."""
    seen: dict[int, bool] = {}
    for page in reader.pages:
        for font in _page_fonts(page.get("/Resources"), 0):
            key = id(font) if font.indirect_reference is None else font.indirect_reference.idnum
            seen[key] = _embedded(font)
    missing = sum(1 for embedded in seen.values() if not embedded)
    problems = (
        [_("{missing} of {fonts} fonts not embedded", missing=missing, fonts=len(seen))]
        if missing
        else []
    )
    fine = _("{fonts} fonts, all embedded", fonts=len(seen))
    return _check(_("fonts embedded"), problems, fine)


def _nothing_active(reader: Any, root: Any, archive: str | None) -> Check:
    """No encryption, no JavaScript or other actions that run, and for PDF/A-2 no attachments
    (PDF/A-3 allows them)."""
    problems = []
    if "/Encrypt" in reader.trailer:
        problems.append(_("the file is encrypted"))
    names = root.get("/Names", {})
    action = root.get("/OpenAction")
    runs = "/JavaScript" in names or "/AA" in root
    if action is not None and not isinstance(action.get_object(), list):
        runs = runs or action.get_object().get("/S") == "/JavaScript"
    for page in reader.pages:
        runs = runs or "/AA" in page
        for annotation in page.get("/Annots", []) or []:
            target = annotation.get_object().get("/A")
            runs = runs or (target is not None and target.get_object().get("/S") == "/JavaScript")
    if runs:
        problems.append(_("the file holds JavaScript or actions that run"))
    if "/EmbeddedFiles" in names and archive is not None and archive.startswith("a-2"):
        problems.append(_("the file holds attachments, which PDF/A-2 does not allow"))
    fine = _("not encrypted, no JavaScript, no attachments")
    return _check(_("nothing encrypted, running or attached"), problems, fine)


def _xmp(root: Any) -> dict[str, str]:
    """The identification and title of the file's XMP metadata, as "prefix:name": value."""
    stream = root.get("/Metadata")
    if stream is None:
        return {}
    try:
        tree = parse(stream.get_object().get_data())
    except Exception:  # an unreadable packet identifies nothing
        return {}
    found: dict[str, str] = {}
    names = {_PDFAID: "pdfaid:", _PDFUAID: "pdfuaid:"}
    for description in tree.iter(f"{_RDF}Description"):
        for attribute, value in description.attrib.items():  # the short form: attributes
            for space, prefix in names.items():
                if attribute.startswith(space):
                    found[prefix + attribute[len(space) :]] = value
        for child in description:
            for space, prefix in names.items():
                if isinstance(child.tag, str) and child.tag.startswith(space):
                    found[prefix + child.tag[len(space) :]] = (child.text or "").strip()
    title = next(tree.iter(f"{_DC}title"), None)
    if title is not None:
        found["dc:title"] = "".join(next(title.iter(f"{_RDF}li"), title).itertext()).strip()
    return found


def _elements(node: Any, depth: int = 0, budget: list[int] | None = None) -> Iterator[Any]:
    """The structure elements under `node`, depth first, within MAX_DEPTH and MAX_NODES."""
    budget = [MAX_NODES] if budget is None else budget
    if node is None or depth > MAX_DEPTH or budget[0] <= 0:
        return
    node = node.get_object() if hasattr(node, "get_object") else node
    if isinstance(node, dict):
        if "/S" in node:
            budget[0] -= 1
            yield node
        yield from _elements(node.get("/K"), depth + 1, budget)
    elif isinstance(node, list):
        for item in node:
            yield from _elements(item, depth + 1, budget)


def _page_fonts(resources: Any, depth: int) -> Iterator[Any]:
    """The fonts of a page's resources and of the forms it draws (within MAX_DEPTH)."""
    if resources is None or depth > MAX_DEPTH:
        return
    resources = resources.get_object()
    for font in (resources.get("/Font") or {}).values():
        yield font.get_object()
    for xobject in (resources.get("/XObject") or {}).values():
        form = xobject.get_object()
        if form.get("/Subtype") == "/Form":
            yield from _page_fonts(form.get("/Resources"), depth + 1)


def _embedded(font: Any) -> bool:
    if font.get("/Subtype") == "/Type3":
        return True
    if font.get("/Subtype") == "/Type0":
        font = font["/DescendantFonts"][0].get_object()
    descriptor = font.get("/FontDescriptor")
    if descriptor is None:
        return False
    descriptor = descriptor.get_object()
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
