"""The conformance report: per output file, the standard it is made to, what was checked and
with what result, what this build could not check and how to check it, the known limits and
whom to ask. What a municipality needs for the toegankelijkheidsverklaring of its website.

Written with every full build as `toegankelijkheid.md` and `.html` (the name in the
document's language) from the checks of pipeline/conformance, and by `make accept` again with
its own checks (a browser's axe-core and reflow, epubcheck, LibreOffice) added. The figures
are the checks' own: the report says what they said, in the document's language.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..core.messages import Message, _, text
from ..core.model import PDF_STANDARDS
from . import Check

# The standard each format is made to, named as the law and the archive name them.
_PDF_NAMES = {
    "a-2a": "PDF/A-2a (ISO 19005-2)",
    "a-3a": "PDF/A-3a (ISO 19005-3)",
    "ua-1": "PDF/UA-1 (ISO 14289-1)",
}
FORMAT_NAMES = {"pdf": "PDF", "html": "HTML", "docx": "Word", "odt": "OpenDocument"}
FORMAT_NAMES["epub"] = "EPUB"


def standard_of(fmt: str, pdf_standard: str) -> Message | str:
    """What the output of `fmt` is made to conform to."""
    if fmt == "pdf":
        return " + ".join(_PDF_NAMES[s] for s in PDF_STANDARDS.get(pdf_standard, ("ua-1",)))
    if fmt == "html":
        return _("WCAG 2.1 level AA (EN 301 549, clause 9: web pages)")
    if fmt == "epub":
        return _("EPUB Accessibility 1.1 with WCAG 2.1 level AA")
    return _("EN 301 549, clause 10 (documents that are not web pages): WCAG 2.1 level AA")


def elsewhere(fmt: str) -> Message:
    """What a build does not check of `fmt`, and where it is checked."""
    if fmt == "pdf":
        return _(
            "Typst validates the file against the standard while it writes it. veraPDF, the "
            "reference validator, is not part of the build (it needs Java): where you have it, "
            "run verapdf --flavour 2a and --flavour ua1 on the file."
        )
    if fmt == "html":
        return _(
            "axe-core's WCAG 2.1 A/AA rules, reflow at 320 CSS pixels and the Nu HTML checker "
            "need a browser and Java: make accept runs them."
        )
    if fmt == "epub":
        return _("epubcheck needs Java: make accept runs it.")
    return _(
        "Whether the file opens and lays out as checked here: make accept opens it in LibreOffice."
    )


# The report's own words (module constants: the catalogue's extractor does not look inside
# f-strings).
STANDARD, CHECK, RESULT, FIGURES = _("Standard"), _("Check"), _("Result"), _("Figures")
ELSEWHERE, LIMITS_TITLE, CONTACT = _("Checked elsewhere"), _("Known limits"), _("Contact")
MEETS, FAILS = _("meets"), _("does not meet")


def report_title(title: str) -> Message:
    return _("Accessibility of {title}", title=title)


LIMITS = (
    _(
        "Text inside images cannot be checked by a program: every image has a description, "
        "and participants are asked not to put text in images."
    ),
    _(
        "Contrast inside images and figures is not measured; the house colours and the text "
        "colours are."
    ),
    _(
        "Word and LibreOffice lay the office files out themselves; what is checked is the "
        "file, not every program that opens it."
    ),
)


@dataclass(frozen=True)
class ReportFacts:
    """What the report says about the document itself."""

    title: str
    edition: str  # the edition line: "Versie ter vaststelling · editie 1.2 · 7 december 2026"
    contact: str  # an address or a name
    pdf_standard: str
    tool: str  # "roledoc 0.3.0"


def met(checks: Sequence[Check]) -> Message:
    passed = sum(1 for c in checks if c.ok)
    return _("{passed} of {total} checks met.", passed=passed, total=len(checks))


def checked_by(tool: str) -> Message:
    return _("Checked by {tool} when the files were made.", tool=tool)


def report_name(lang: str) -> str:
    """The report's file name, without extension, in the document's language."""
    return "toegankelijkheid" if lang.split("-")[0] == "nl" else "accessibility"


def _rows(checks: Sequence[Check], fmt: str, lang: str) -> list[tuple[str, str, str]]:
    verdict = {True: text(MEETS, lang), False: text(FAILS, lang)}
    return [
        (text(c.name, lang), verdict[c.ok], text(c.detail, lang)) for c in checks if c.output == fmt
    ]


def report_markdown(
    checks: Sequence[Check], files: dict[str, str], facts: ReportFacts, lang: str
) -> str:
    """The report in Markdown; `files` are the output files' names, per format."""
    say = lambda message: text(message, lang)  # noqa: E731
    lines = [
        f"# {say(report_title(facts.title))}",
        "",
        f"{facts.edition}. {say(checked_by(facts.tool))}",
        "",
        say(
            _(
                "Per file: the standard it is made to, what was checked and with what result. "
                "Use it for the accessibility statement of your website."
            )
        ),
    ]
    lines += ["", say(met(checks))]
    for fmt, name in files.items():
        lines += ["", f"## {name} ({FORMAT_NAMES.get(fmt, fmt)})", ""]
        lines += [f"{say(STANDARD)}: {say(standard_of(fmt, facts.pdf_standard))}", ""]
        lines += [f"| {say(CHECK)} | {say(RESULT)} | {say(FIGURES)} |"]
        lines += ["| --- | --- | --- |"]
        lines += [f"| {a} | {b} | {c} |" for a, b, c in _rows(checks, fmt, lang)]
        lines += ["", f"{say(ELSEWHERE)}: {say(elsewhere(fmt))}"]
    lines += ["", f"## {say(LIMITS_TITLE)}", ""]
    lines += [f"- {say(limit)}" for limit in LIMITS]
    lines += ["", f"## {say(CONTACT)}", ""]
    lines += [
        say(
            _(
                "Questions about accessibility, or the document in another form: {contact}.",
                contact=facts.contact,
            )
        )
    ]
    return "\n".join(lines) + "\n"


def report_html(
    checks: Sequence[Check], files: dict[str, str], facts: ReportFacts, lang: str
) -> str:
    """The same report as one accessible HTML page."""
    say = lambda message: html.escape(text(message, lang))  # noqa: E731
    e = html.escape
    title = say(report_title(facts.title))
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{e(lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title}</title>",
        "<style>body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;"
        "padding:0 1rem;line-height:1.5;color:#1a1a1a}table{border-collapse:collapse;"
        "width:100%}th,td{border:1px solid #767676;padding:.3rem .5rem;text-align:left;"
        "vertical-align:top}th{background:#eef3f8}.no{color:#8a1c1c;font-weight:bold}"
        ".table{overflow-x:auto}</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<h1>{title}</h1>",
        f"<p>{e(facts.edition)}. {say(checked_by(facts.tool))}</p>",
        "<p>"
        + say(
            _(
                "Per file: the standard it is made to, what was checked and with what result. "
                "Use it for the accessibility statement of your website."
            )
        )
        + "</p>",
        f"<p>{say(met(checks))}</p>",
    ]
    for fmt, name in files.items():
        parts += [
            f"<h2>{e(name)} ({e(FORMAT_NAMES.get(fmt, fmt))})</h2>",
            f"<p>{say(STANDARD)}: {e(text(standard_of(fmt, facts.pdf_standard), lang))}</p>",
            f'<div class="table" role="region" tabindex="0" aria-label="{e(name)}"><table>',
            "<thead><tr>"
            + "".join(f'<th scope="col">{say(w)}</th>' for w in (CHECK, RESULT, FIGURES))
            + "</tr></thead><tbody>",
        ]
        for check in (c for c in checks if c.output == fmt):
            result = say(MEETS if check.ok else FAILS)
            mark = "" if check.ok else ' class="no"'
            parts.append(
                f'<tr><th scope="row">{say(check.name)}</th><td{mark}>{result}</td>'
                f"<td>{say(check.detail)}</td></tr>"
            )
        parts += ["</tbody></table></div>"]
        parts += [f"<p>{say(ELSEWHERE)}: {say(elsewhere(fmt))}</p>"]
    parts += [f"<h2>{say(LIMITS_TITLE)}</h2>", "<ul>"]
    parts += [f"<li>{say(limit)}</li>" for limit in LIMITS]
    parts += ["</ul>", f"<h2>{say(CONTACT)}</h2>"]
    contact = say(
        _(
            "Questions about accessibility, or the document in another form: {contact}.",
            contact=facts.contact,
        )
    )
    parts += [f"<p>{contact}</p>", "</main>", "</body>", "</html>"]
    return "\n".join(parts) + "\n"


def report_json(checks: Sequence[Check], lang: str) -> list[dict[str, object]]:
    """The checks for report.json, in the document's language."""
    return [
        {
            "output": c.output,
            "check": text(c.name, lang),
            "ok": c.ok,
            "detail": text(c.detail, lang),
        }
        for c in checks
    ]


def write_report(
    folder: Path, checks: Sequence[Check], files: dict[str, str], facts: ReportFacts, lang: str
) -> list[str]:
    """The report as Markdown and HTML in `folder`; the names written."""
    name = report_name(lang)
    (folder / f"{name}.md").write_text(
        report_markdown(checks, files, facts, lang), encoding="utf-8"
    )
    (folder / f"{name}.html").write_text(report_html(checks, files, facts, lang), encoding="utf-8")
    return [f"{name}.md", f"{name}.html"]


def run_checks(outputs: dict[str, Path], title: str, lang: str, pdf_standard: str) -> list[Check]:
    """Every check of pipeline/conformance on the outputs that exist, in format order."""
    from .epub import epub_checks
    from .html import html_checks
    from .office import docx_checks, odt_checks
    from .pdf import pdf_checks

    found: list[Check] = []
    for fmt, path in outputs.items():
        try:
            if fmt == "pdf":
                found += pdf_checks(path, title, lang, pdf_standard)
            elif fmt == "html":
                found += html_checks(path, lang)
            elif fmt == "docx":
                found += docx_checks(path, title, lang)
            elif fmt == "odt":
                found += odt_checks(path, title, lang)
            elif fmt == "epub":
                found += epub_checks(path, title, lang, "pdf" in outputs)
        except Exception as exc:  # a file the checks cannot read is a failed check, not a crash
            reason = f"{type(exc).__name__}: {exc}"
            said = _("the file could not be read: {reason}", reason=reason)
            found.append(Check(fmt, _("the file can be read"), False, said))
    return found
