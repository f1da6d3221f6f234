"""The acceptance run's verdicts: each turns one measurement of a built output into pass or
fail and the detail its line prints.

The measuring is done elsewhere (`validators`, `fidelity`, `hyphenation`, `layout`,
`namebreaks`, `pdflines`); `accept` decides which checks a build gets, runs them in order and
prints one line per check.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from ..core.colours import contrast
from ..core.model import Settings
from . import hyphenation, layout, namebreaks, pdflines
from .fidelity import compare, describe, output_words
from .validators import docx_properties


def names_verdict(
    pdf: pdflines.PdfLayout, forms: Sequence[re.Pattern[str]], footer: re.Pattern[str]
) -> tuple[bool, str]:
    broken = namebreaks.broken_across_lines(pdflines.body_lines(pdf.pages, footer), forms)
    detail = f"{len(broken)} broken across lines"
    if broken:
        detail += ": " + _examples([f"p.{page + 1} {what!r}" for page, what in broken], 4)
    return not broken, detail


def screen_names_verdict(
    path: Path, fmt: str, forms: Sequence[re.Pattern[str]]
) -> tuple[bool, str]:
    loose = namebreaks.breakable(namebreaks.screen_text(path, fmt), forms)
    detail = f"{len(loose)} written with a space a line may break at"
    if loose:
        detail += ": " + _examples([repr(what) for what in loose], 4)
    return not loose, detail


def _examples(items, limit: int = 6) -> str:
    shown = ", ".join(str(item) for item in items[:limit])
    return shown + (", ..." if len(items) > limit else "")


def hyphenation_verdict(
    pdf: pdflines.PdfLayout, vocabulary: hyphenation.Vocabulary, footer: re.Pattern[str]
) -> tuple[bool, str]:
    breaks = hyphenation.hyphen_breaks(pdflines.body_lines(pdf.pages, footer))
    found = hyphenation.classify_breaks(breaks, vocabulary)
    detail = f"{len(found.breaks)} line-end breaks; {len(found.in_names)} in names"
    if found.in_names:
        detail += f" ({_examples(found.in_names)})"
    detail += f"; {len(found.in_restricted)} in words only in tables/headings/captions/bylines"
    if found.in_restricted:
        detail += f" ({_examples(found.in_restricted)})"
    detail += f"; {len(found.at_hyphens)} at the text's own hyphen (allowed)"
    return not found.in_names and not found.in_restricted, detail


def labels_verdict(report: layout.LabelReport) -> tuple[bool, str]:
    parts = ["/PageLabels present" if report.has_labels else "no /PageLabels"]
    parts.append(
        f"{report.footers - len(report.footer_mismatches)} of {report.footers} footers "
        "match the page label"
    )
    if report.footer_mismatches:
        parts[-1] += (
            " ("
            + _examples(
                [
                    f"p.{i + 1} prints {x}, label {label}"
                    for i, x, label in report.footer_mismatches
                ],
                3,
            )
            + ")"
        )
    right = report.entries - len(report.entry_mismatches) - len(report.unmatched)
    parts.append(f"{right} of {report.entries} contents entries name their heading's label")
    wrong = [f"{title!r} says {n}, label {label}" for title, n, label in report.entry_mismatches]
    wrong += [f"{title!r} has no bookmark" for title in report.unmatched]
    if wrong:
        parts[-1] += " (" + _examples(wrong, 3) + ")"
    return report.ok, "; ".join(parts)


def empty_verdict(
    pdf: pdflines.PdfLayout, footer: re.Pattern[str], contents: str | list[str]
) -> tuple[bool, str]:
    empty, fill = layout.empty_pages(pdf, footer, contents)
    allowed = [i for i, share in enumerate(fill) if share < layout.MOSTLY_EMPTY and i not in empty]

    def pages(indices: list[int]) -> str:
        return ", ".join(f"p.{i + 1} {fill[i]:.0%}" for i in indices)

    detail = f"{len(empty)} of {len(fill)} pages nearly empty" + (
        f": {pages(empty)}" if empty else ""
    )
    if allowed:
        detail += (
            " (allowed: the title page, the end of the contents, a chapter's last page with"
            f" more than a few lines, a chapter on a page of its own: {pages(allowed)})"
        )
    return not empty, detail


def stranded_verdict(
    pdf: pdflines.PdfLayout,
    texts: layout.HeadingTexts,
    footer: re.Pattern[str],
    contents: list[str],
) -> tuple[bool, str]:
    stranded, found = layout.stranded_headings(pdf, texts, footer, contents)
    ends = sum(len(page.headings) for page in stranded)
    detail = f"{ends} of {found} headings end a page"
    if stranded:
        detail += ": " + _examples(
            [f"p.{page.page + 1} {' / '.join(page.headings)!r}" for page in stranded], 4
        )
    if found < len(texts.titles):
        detail += f" ({len(texts.titles) - found} of {len(texts.titles)} not found on the pages)"
    return not stranded, detail


def office_verdict(report: layout.OfficeReport) -> tuple[bool, str]:
    pages = len(report.without_footer) + report.with_footer
    detail = (
        f"contents: {report.entries} entries, {report.matched} of {report.expected} "
        f"level-1/2 headings listed; footer with page number on {report.with_footer} of "
        f"{pages} pages after the title page"
    )
    return report.ok, detail


def fidelity_verdict(fmt: str, sources: dict[str, Counter[str]], path: Path) -> tuple[bool, str]:
    measured = compare(fmt, sources, output_words(path, fmt))
    return measured.ok, describe(measured)


def problems_verdict(problems: list[str]) -> tuple[bool, str]:
    if not problems:
        return True, "0 errors"
    return False, f"{len(problems)} error(s): " + "; ".join(problems[:5])


def contrast_verdict(html: Path) -> tuple[bool, str]:
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


def properties_verdict(docx: Path, settings: Settings) -> tuple[bool, str]:
    found = docx_properties(docx)
    expected = {
        "dc:title": settings.title,
        "dc:language": settings.lang,
        "dc:creator": settings.organisation,
    }
    wrong = [f"{k} is {found.get(k)!r}" for k, v in expected.items() if found.get(k) != v]
    return (not wrong, "; ".join(wrong) or "title, language and organisation set")
