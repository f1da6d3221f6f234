"""Acceptance checks of built outputs with real validators: `python -m pipeline.qa.accept [DIR]`.

Builds the project (default: the current folder) into a temporary folder and checks every
format, one line per check (the validators are in `validators`, each check's pass or fail and
detail in `verdicts`; a check whose tool is missing fails and says what to install). The PDF is
read with pypdf and pikepdf, the optional extra `roledoc[accept]`: without them the run stops at
once and says to install it.
"""

from __future__ import annotations

import functools
import importlib
import json
import re
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from ..assemble.assemble import unbroken_names
from ..assemble.edition_text import edition_text
from ..check.project import find_root
from ..conformance import Check as ConformanceCheck
from ..conformance.pdf import pdf_checks
from ..conformance.report import ReportFacts, write_report
from ..conformance.report import run_checks as conformance_checks
from ..core.errors import RoledocError
from ..core.messages import _, language_of, locale_language, project_language, reading, text
from ..formats.render import run_pandoc
from ..publish.build import build_document
from ..publish.report import BuildResult
from ..read.labels import Labels, load_labels
from ..read.templates import Templates
from . import ace, browser, hyphenation, layout, namebreaks, pdflines
from .fidelity import input_words
from .officefields import can_paginate, fields_verdict
from .validators import (
    MissingTool,
    epub_errors,
    html_landmarks,
    libreoffice_pdf,
    nu_html_errors,
    opens_in_libreoffice,
    pdf_pages,
)
from .verdicts import (
    contrast_verdict,
    empty_verdict,
    fidelity_verdict,
    hyphenation_verdict,
    labels_verdict,
    names_verdict,
    office_verdict,
    problems_verdict,
    properties_verdict,
    screen_names_verdict,
    stranded_verdict,
)

# What `pip install roledoc[accept]` adds (Playwright drives the system's Chromium; axe-core
# comes with axe-playwright-python).
EXTRA = ("pypdf", "pikepdf", "pypdfium2", "playwright", "axe_playwright_python")


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


def run_checks(result: BuildResult, workdir: Path) -> list[Check]:
    project = result.project
    assert project is not None  # a build into a new folder is never `unchanged`
    settings = project.settings
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
        for name, verdict in _conformance(
            "pdf",
            lambda: (
                _built_checks(result, "pdf")
                or pdf_checks(pdf, settings.title, settings.lang, settings.pdf_standard)
            ),
        ):
            check(name, verdict)
        check("pdf: pages", lambda: (pdf_pages(pdf) > 0, f"{pdf_pages(pdf)} pages"))
    if "html" in outputs:
        html = outputs["html"]
        check("html: Nu HTML checker", lambda: problems_verdict(nu_html_errors(html)))
        check(
            "html: landmarks, skip link, language, print CSS",
            lambda: problems_verdict(html_landmarks(html)),
        )
        check("html: colour contrast (WCAG AA)", lambda: contrast_verdict(html))
        check("html: reflow at 320 and 1280 px (Chromium)", lambda: browser.reflow_verdict(html))
        check("html: axe-core WCAG 2.1 A/AA (Chromium)", lambda: browser.axe_verdict(html))
    if "epub" in outputs:
        check("epub: epubcheck", lambda: problems_verdict(epub_errors(outputs["epub"])))
        check("epub: DAISY Ace (Chromium)", lambda: ace.ace_verdict(outputs["epub"]))
    for fmt in ("docx", "odt"):
        if fmt in outputs:

            def opens(path: Path = outputs[fmt]) -> tuple[bool, str]:
                return True, f"{opens_in_libreoffice(path, workdir)} pages"

            check(f"{fmt}: opens in LibreOffice", opens)
    if "docx" in outputs:
        check("docx: core properties", lambda: properties_verdict(outputs["docx"], settings))
        check(
            "docx: page numbers in fields (LibreOffice)",
            lambda: fields_verdict(outputs["docx"], libreoffice_pdf(outputs["docx"], workdir)),
        )
    if outputs:
        _layout_checks(result, outputs, workdir, check)
    assert result.selection is not None
    sources = input_words(project.root, result.selection.draft) if outputs else {}
    for fmt, path in outputs.items():
        check(f"{fmt}: no words lost", functools.partial(fidelity_verdict, fmt, sources, path))
    return checks


def document_ast(root: Path, markdown: Path) -> dict:
    """The assembled Markdown that every format was rendered from, as pandoc's AST, read
    with the project's own reader (templates/pandoc/read.yaml)."""
    from ruamel.yaml import YAML

    reader = YAML(typ="safe").load(Templates(root).read("pandoc/read.yaml"))["from"]
    output = run_pandoc(
        ["--sandbox", "-f", reader, "-t", "json", markdown.name], markdown.parent, "markdown", 0
    )
    return json.loads(output)


def _layout_checks(result: BuildResult, outputs: dict[str, Path], workdir: Path, check) -> None:
    """Typography measured in the outputs (`hyphenation`, `layout`): hyphenation and page
    labels in the PDF; contents and page footers of DOCX and ODT; mostly empty pages and
    headings stranded at a page's foot in all three (DOCX and ODT as LibreOffice prints them)."""
    project = result.project
    assert project is not None and project.settings is not None
    settings = project.settings
    labels = load_labels(Templates(project.root).read("labels.yaml"), settings.lang)
    footer = pdflines.footer_pattern(labels.strings["page"], labels.strings["of"])
    contents = str(labels.strings["contents"])
    markdown = next(iter(outputs.values())).with_name(f"{settings.output}.md")

    @functools.cache
    def ast() -> dict:  # read inside a check, so that a failure fails the check
        return document_ast(project.root, markdown)

    if "pdf" in outputs:
        pdf = pdflines.read_pdf(outputs["pdf"])
        names = [settings.title, settings.organisation]
        for person in project.participants.values():
            names += [person.name, person.organisation]
        check(
            "pdf: no hyphenation in names, tables, headings",
            lambda: hyphenation_verdict(pdf, hyphenation.source_vocabulary(ast(), names), footer),
        )
        check(
            "pdf: page labels match footers and contents",
            lambda: labels_verdict(layout.check_labels(pdf, footer, contents)),
        )
        check("pdf: mostly empty pages", lambda: empty_verdict(pdf, footer, contents))
        check(
            "pdf: stranded headings",
            lambda: stranded_verdict(pdf, layout.heading_texts(ast()), footer, [contents]),
        )
    # the names the build keeps on one line (filters/unbroken.lua), as the build lists them
    forms = namebreaks.patterns(unbroken_names(project))
    if "pdf" in outputs:
        check(
            "pdf: names, dates and amounts on one line",
            lambda: names_verdict(pdf, forms, footer),
        )
    for fmt in ("html", "epub"):
        if fmt in outputs:
            check(
                f"{fmt}: names, dates and amounts with no-break spaces",
                lambda fmt=fmt: screen_names_verdict(outputs[fmt], fmt, forms),
            )

    @functools.cache
    def printed(fmt: str) -> pdflines.PdfLayout:  # the office file as LibreOffice prints it
        return pdflines.read_pdf(libreoffice_pdf(outputs[fmt], workdir))

    for fmt in ("docx", "odt"):
        if fmt in outputs:
            check(
                f"{fmt}: contents and page footers (LibreOffice)",
                lambda fmt=fmt: office_verdict(
                    layout.check_office(
                        printed(fmt), layout.headings(ast()), footer, _contents_words(labels)
                    )
                ),
            )
            check(
                f"{fmt}: mostly empty pages (LibreOffice)",
                lambda fmt=fmt: empty_verdict(printed(fmt), footer, _contents_words(labels)),
            )
            check(
                f"{fmt}: stranded headings (LibreOffice)",
                lambda fmt=fmt: stranded_verdict(
                    printed(fmt), layout.heading_texts(ast()), footer, _contents_words(labels)
                ),
            )
            check(
                f"{fmt}: names, dates and amounts on one line (LibreOffice)",
                lambda fmt=fmt: names_verdict(printed(fmt), forms, footer),
            )


def _contents_words(labels: Labels) -> list[str]:
    return [str(labels.strings[key]) for key in ("contents", "toc_label") if key in labels.strings]


def _built_checks(result: BuildResult, fmt: str) -> list[ConformanceCheck]:
    """The build's own checks of one format, as it made them for its report (none when the
    build made no report): not read and parsed a second time here."""
    return [c for c in result.checks if c.output == fmt]


def _conformance(
    fmt: str, run: Callable[[], list[ConformanceCheck]]
) -> list[tuple[str, Callable[[], tuple[bool, str]]]]:
    """The build's own checks of one format (pipeline/conformance) as lines of this run, in
    English; a file they cannot read is one failed line, not a traceback."""
    try:
        found = run()
    except Exception as exc:
        failed = (False, f"{type(exc).__name__}: {exc}")
        return [(f"{fmt}: conformance", lambda: failed)]
    return [
        (f"{fmt}: {text(c.name)}", functools.partial(lambda c: (c.ok, text(c.detail)), c))
        for c in found
    ]


def missing_extra() -> list[str]:
    """The libraries of the extra roledoc[accept] that cannot be imported."""
    missing = []
    for name in EXTRA:
        try:
            importlib.import_module(name)
        except ImportError:
            missing.append(name)
    return missing


def main(argv: list[str]) -> int:
    root = Path(argv[0]).resolve() if argv else find_root(Path.cwd())
    missing = missing_extra()
    if missing:
        said = _(
            "the acceptance checks need {libraries}, which are not installed: pip install "
            "'roledoc[accept]'",
            libraries=", ".join(missing),
        )
        error = RoledocError(said)
        with reading(project_language(root) or locale_language()):
            error.show()
        return error.exit_code
    with tempfile.TemporaryDirectory(prefix="roledoc-accept-") as folder:
        work = Path(folder)
        result = build_document(root, out=work / "build", paginate=can_paginate())
        checks = run_checks(result, work)
        report = full_report(result, checks, root / "build")
    width = max(len(c.name) for c in checks)
    for c in checks:
        print(f"{'PASS' if c.ok else 'FAIL'}  {c.name:<{width}}  {c.detail}")
    failed = sum(not c.ok for c in checks)
    print(f"{len(checks) - failed} of {len(checks)} checks passed.")
    if report is not None:
        shown = report.relative_to(root) if report.is_relative_to(root) else report
        print(f"conformance report with these checks: {shown}")
    return 1 if failed else 0


# The acceptance checks the conformance report names (what a build cannot check itself), in
# the reader's words, and how their figures read: (name, pattern of the figures, figures).
# How the figures of a counting check read: (pattern, the figures in the reader's words).
_ERRORS = (r"^(?P<count>\d+) errors", lambda m: _("{count} errors", count=m["count"]))
_VIOLATIONS = (r"^(?P<count>\d+) violation", lambda m: _("{count} violations", count=m["count"]))
_PAGES = (r"^(?P<count>\d+) pages", lambda m: _("{pages} pages", pages=m["count"]))
_OPENS = _("opens in LibreOffice")
_REPORTED = {
    "html: axe-core WCAG 2.1 A/AA (Chromium)": (
        _("axe-core: WCAG 2.1 A and AA rules in a browser"),
        *_VIOLATIONS,
    ),
    "html: reflow at 320 and 1280 px (Chromium)": (
        _("reflow: no sideways scrolling at 320 CSS pixels"),
        r"at 320 px the page is (?P<narrow>\d+) px wide; at 1280 px the page is (?P<wide>\d+)",
        lambda m: _("at 320 px the page is {narrow} px wide, at 1280 px {wide} px", **m),
    ),
    "html: Nu HTML checker": (_("Nu HTML checker"), *_ERRORS),
    "epub: epubcheck": (_("epubcheck"), *_ERRORS),
    "epub: DAISY Ace (Chromium)": (
        _("DAISY Ace: EPUB Accessibility 1.1 and axe-core's rules"),
        *_VIOLATIONS,
    ),
    "docx: opens in LibreOffice": (_OPENS, *_PAGES),
    "odt: opens in LibreOffice": (_OPENS, *_PAGES),
}


def full_report(result: BuildResult, checks: list[Check], folder: Path) -> Path | None:
    """The conformance report of the build (pipeline/conformance/report.py) with the checks
    only this run makes (a browser, epubcheck, LibreOffice) added, written into the project's
    `folder` (build/): the files described are the ones a build of the same sources makes,
    byte for byte. Where it is, or None when the build made no report."""
    project = result.project
    if project is None or project.settings is None or result.conformance is None:
        return None
    settings = project.settings
    lang = language_of(settings.lang)
    outputs = {o.fmt: o.path for o in result.outputs}
    found = list(result.checks) or conformance_checks(
        outputs, settings.title, settings.lang, settings.pdf_standard
    )
    for check in checks:
        if check.name not in _REPORTED:
            continue
        name, pattern, figures = _REPORTED[check.name]
        matched = re.match(pattern, check.detail)
        detail = figures(matched.groupdict()) if matched else _("{figures}", figures=check.detail)
        found.append(ConformanceCheck(check.name.split(":")[0], name, check.ok, detail))
    order = {fmt: i for i, fmt in enumerate(outputs)}
    found.sort(key=lambda c: order.get(c.output, len(order)))
    info = result.info
    assert info is not None
    facts = ReportFacts(
        title=settings.title,
        edition=edition_text(
            info, load_labels(Templates(project.root).read("labels.yaml"), settings.lang)
        ).line,
        contact=settings.contact or settings.organisation,
        pdf_standard=settings.pdf_standard,
        tool=f"roledoc {__version__}",
    )
    folder.mkdir(exist_ok=True)
    names = write_report(folder, found, {o.fmt: o.path.name for o in result.outputs}, facts, lang)
    return folder / names[-1]


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
