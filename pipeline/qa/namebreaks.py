"""Names, dates and amounts broken across lines (`make accept`).

A participant's or organisation's name ("J. de Vries", "Gemeente Reusel-De Mierden"), a date
("9 januari 2018"), an amount ("€ 1.250") and a percentage ("12 %") stay on one line in every
format (filters/unbroken.lua). Where roledoc or LibreOffice lays the pages out (the PDF, and
the DOCX and ODT as LibreOffice prints them), a line that ends inside one is a break; in
HTML and EPUB, which the reader's screen lays out, each occurrence in the text must hold
no-break spaces, or a narrow screen may break it. A line may end at a name's own hyphen
("Reusel-" / "De Mierden"), as Dutch typesetting allows.
"""

from __future__ import annotations

import html
import re
import zipfile
from collections.abc import Iterable, Sequence
from itertools import pairwise
from pathlib import Path

from .pdflines import Line

SPACE = "[ \u00a0\n]+"  # between two words of a name: any space, or a line's end
MONTHS = (
    "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
    "|January|February|March|April|May|June|July|August|September|October|November|December"
)
FORMS = (
    rf"\b\d{{1,2}}{SPACE}(?:{MONTHS}){SPACE}\d{{4}}\b",  # 9 januari 2018
    rf"€{SPACE}\d",  # € 1.250
    rf"\b\d[\d.,]*{SPACE}%",  # 12 %
)


def patterns(names: Iterable[str]) -> list[re.Pattern[str]]:
    """A pattern for each name of two words or more, and for dates and amounts."""
    found = [
        re.compile(r"(?<!\w)" + SPACE.join(re.escape(word) for word in name.split()) + r"(?!\w)")
        for name in sorted(set(names))
        if len(name.split()) > 1
    ]
    return found + [re.compile(form) for form in FORMS]


def broken_across_lines(
    pages: Sequence[Sequence[Line]], forms: Sequence[re.Pattern[str]]
) -> list[tuple[int, str]]:
    """(page index, what) for each name, date or amount that a line ends inside of."""
    found: list[tuple[int, str]] = []
    for index, page in enumerate(pages):
        for first, second in pairwise(page):
            end = first.text.rstrip()
            joined = end + "\n" + second.text.lstrip()
            for form in forms:
                for match in form.finditer(joined):
                    if match.start() < len(end) < match.end():
                        found.append((index, match.group().replace("\n", " / ")))
    return found


def breakable(text: str, forms: Sequence[re.Pattern[str]]) -> list[str]:
    """The names, dates and amounts in `text` written with a space a line may break at."""
    return [
        match.group()
        for form in forms
        for match in form.finditer(text)
        if re.search("[ \n]", match.group())
    ]


def screen_text(path: Path, fmt: str) -> str:
    """The text of an HTML page's main part, or of an EPUB's chapters, as the reader sees it
    (not the title page, whose title and organisation are set large and may wrap)."""
    if fmt == "epub":
        with zipfile.ZipFile(path) as epub:
            parts = [
                epub.read(name).decode("utf-8")
                for name in epub.namelist()
                if name.endswith(".xhtml") and not name.endswith(("nav.xhtml", "title_page.xhtml"))
            ]
    else:
        page = path.read_text(encoding="utf-8")
        main = re.search(r"<main\b.*?</main>", page, re.S)
        parts = [main.group() if main else page]
    text = " ".join(re.sub(r"<[^>]+>", "", part) for part in parts)
    return html.unescape(text)
