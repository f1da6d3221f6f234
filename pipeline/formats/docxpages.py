"""The Word file's pages as LibreOffice lays it out: the page each bookmarked heading stands
on, for the page numbers in the contents and after cross-references (docxfields).

Only a layout knows pages, and pandoc has none. When a build is asked for them (`roledoc
build --paginate`; `make release` and `make accept` ask), LibreOffice prints the finished
Word file to PDF, with its bookmarks as the PDF's named destinations, and each bookmark's
page is read from the PDF (pypdf). The numbers are written into the fields, and the file is
printed again to check them: a number that grows a digit may move a heading to the next
page, so this goes on until the pages stay the same, at most LAYOUTS times.

A page's number is the one the footer prints there: its PAGE field, which counts from the
title page (from the section's `w:pgNumType/@w:start`, where it says so).

LibreOffice runs headless, with a profile of its own in a temporary folder (two LibreOffices
on one profile collide) and a time limit.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from ..core.errors import RoledocError
from ..core.messages import Message, _
from .docxpackage import N
from .office import META_FIRST
from .officexml import Element

PAGINATE = "roledoc-paginate"  # in the AST's metadata of a build asked for pages
LAYOUTS = 3  # prints of the file: the first, one with the numbers, one more if they moved
TIMEOUT = 900  # seconds for one print (the example takes two)
_EXPORT = {"ExportBookmarksToPDFDestination": {"type": "boolean", "value": "true"}}


def office_program() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def missing_for_pages() -> Message | None:
    """What a build asked for pages lacks, or None: LibreOffice, and pypdf to read its PDF."""
    if office_program() is None:
        return _("page numbers in the Word file need LibreOffice (soffice), which is not installed")
    try:
        import pypdf  # noqa: F401
    except ImportError:
        return _(
            "page numbers in the Word file need pypdf, which is not installed: pip install "
            "'roledoc[accept]'"
        )
    return None


def _no_office() -> Message:
    return _("page numbers in the Word file need LibreOffice (soffice), which is not installed")


def ask_for_pages(ast: str) -> str:
    """A pandoc JSON AST whose metadata asks the Word finisher for pages."""
    flag = {"t": "MetaBool", "c": True}
    found = META_FIRST.match(ast)
    if found is None or not ast.startswith("{", found.end()):
        document = json.loads(ast)
        document["meta"][PAGINATE] = flag
        return json.dumps(document, ensure_ascii=False)
    at = found.end() + 1
    rest = ast[at:]
    more = "" if rest.lstrip().startswith("}") else ", "
    return f"{ast[:at]}{json.dumps(PAGINATE)}: {json.dumps(flag)}{more}{rest}"


def ask_for_pages_in_markdown(markdown: str) -> str:
    """pandoc Markdown whose metadata asks the Word finisher for pages (a metadata block of
    its own: pandoc merges them)."""
    return f"---\n{PAGINATE}: true\n...\n\n{markdown}"


def first_page(document: Element) -> int:
    """The number the footer's PAGE field gives the first page."""
    sections = list(document.iter(N("w:sectPr")))
    numbering = sections[-1].find(N("w:pgNumType")) if sections else None
    start = numbering.get(N("w:start")) if numbering is not None else None
    return int(start) if start and start.isdigit() else 1


def number_pages(
    path: Path, write: Callable[[dict[str, int]], None], bookmarks: list[str], first: int
) -> dict[str, int]:
    """Each bookmark's page as LibreOffice lays out the file at `path`, which `write`
    writes with the pages it is given (none at first: placeholders). Returns the pages the
    file holds when it is done; raises when LibreOffice fails or the pages do not settle."""
    pages: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="roledoc-pages-") as folder:
        for _layout in range(LAYOUTS):
            write(pages)
            laid = bookmark_pages(print_pdf(path, Path(folder)), bookmarks, first)
            if laid == pages:
                return pages
            pages = laid
    raise RoledocError(
        _(
            "the Word file's page numbers did not settle after {count} layouts by LibreOffice",
            count=LAYOUTS,
        )
    )


def print_pdf(document: Path, folder: Path) -> Path:
    """The document as LibreOffice prints it to PDF, bookmarks as named destinations, in
    `folder` (which also holds LibreOffice's profile)."""
    office = office_program()
    if office is None:
        raise RoledocError(_no_office())
    out = folder / "pdf"
    printed = out / f"{document.stem}.pdf"
    printed.unlink(missing_ok=True)
    command = [
        office,
        f"-env:UserInstallation={(folder / 'profile').as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        "pdf:writer_pdf_Export:" + json.dumps(_EXPORT),
        "--outdir",
        str(out),
        str(document),
    ]
    try:
        done = subprocess.run(command, capture_output=True, timeout=TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        raise RoledocError(
            _("LibreOffice did not lay out the Word file within {seconds} s", seconds=TIMEOUT)
        ) from None
    if not printed.is_file():
        said = (done.stderr or done.stdout).decode("utf-8", "replace").strip()
        raise RoledocError(
            _("LibreOffice could not lay out the Word file: {reason}", reason=said[-500:])
        )
    return printed


def bookmark_pages(pdf: Path, bookmarks: list[str], first: int) -> dict[str, int]:
    """The page number of each bookmark, from the PDF's named destinations."""
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    found = {
        str(name).lstrip("/"): reader.get_destination_page_number(destination)
        for name, destination in reader.named_destinations.items()
    }
    pages: dict[str, int] = {}
    lost = []
    for bookmark in bookmarks:
        index = found.get(destination_name(bookmark))
        if index is None or index < 0:
            lost.append(bookmark)
        else:
            pages[bookmark] = first + index
    if lost:
        raise RoledocError(
            _(
                "LibreOffice did not say on which page {count} heading(s) of the Word file "
                "stand (it needs version 7.4 or newer): {names}",
                count=len(lost),
                names=", ".join(lost[:5]),
            )
        )
    return pages


def destination_name(bookmark: str) -> str:
    """A bookmark's name as LibreOffice names its PDF destination: ASCII letters, digits and
    "-" as they are, every other character as two hexadecimal digits of its low byte."""
    return "".join(
        char if char.isascii() and (char.isalnum() or char == "-") else f"{ord(char) & 0xFF:02X}"
        for char in bookmark
    )
