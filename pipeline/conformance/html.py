"""The HTML's accessibility as its markup shows it: language, title, landmarks and a skip link,
a description on every image, header cells in every table, headings that do not skip a level.

What only a browser can judge (reflow at 320 px, computed contrast, every WCAG rule axe-core
knows) is `make accept`'s (pipeline/qa/browser.py). Python's own HTML parser reads the file.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from ..core.messages import Message, _
from . import Check

LANDMARKS = ("header", "nav", "main", "footer")


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lang = ""
        self.title = ""
        self.in_title = False
        self.landmarks: set[str] = set()
        self.skip_link = False
        self.images = 0
        self.images_without = 0
        self.tables = 0
        self.tables_with_th = 0
        self.in_table: list[bool] = []
        self.levels: list[int] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "html":
            self.lang = found.get("lang") or ""
        elif tag == "title":
            self.in_title = True
        elif tag in LANDMARKS:
            self.landmarks.add(tag)
        elif tag == "a" and "skip-link" in (found.get("class") or "").split():
            self.skip_link = (found.get("href") or "").startswith("#")
        elif tag == "img":
            self.images += 1
            decorative = found.get("role") == "presentation" or found.get("alt") == ""
            if not (found.get("alt") or "").strip() and not (decorative and "alt" in found):
                self.images_without += 1
        elif tag == "table":
            self.tables += 1
            self.in_table.append(False)
        elif tag == "th" and self.in_table:
            self.in_table[-1] = True
        elif len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
            self.levels.append(int(tag[1]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        elif tag == "table" and self.in_table:
            self.tables_with_th += 1 if self.in_table.pop() else 0

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data


def html_checks(path: Path, lang: str) -> list[Check]:
    """The HTML file at `path`, whose language should be `lang`: one Check per requirement."""
    reader = _Reader()
    reader.feed(path.read_text(encoding="utf-8"))
    reader.close()
    checks = []

    def add(name: Message, ok: bool, detail: Message) -> None:
        checks.append(Check("html", name, ok, detail))

    add(
        _("language and title"),
        reader.lang == lang and bool(reader.title.strip()),
        _(
            "language {found}, title '{title}'",
            found=reader.lang or "-",
            title=reader.title.strip(),
        ),
    )
    missing = [name for name in LANDMARKS if name not in reader.landmarks]
    add(
        _("landmarks and a skip link"),
        not missing and reader.skip_link,
        _("missing: {what}", what=", ".join(missing) or "skip link")
        if missing or not reader.skip_link
        else _("header, navigation, main content, footer; a skip link to the content"),
    )
    add(
        _("a description on every image"),
        reader.images_without == 0,
        _(
            "{missing} of {images} images without a description",
            missing=reader.images_without,
            images=reader.images,
        ),
    )
    add(
        _("header cells in every table"),
        reader.tables_with_th == reader.tables,
        _("{with_th} of {tables} tables", with_th=reader.tables_with_th, tables=reader.tables),
    )
    skips = [
        (before, after)
        for before, after in zip(reader.levels, reader.levels[1:], strict=False)
        if after > before + 1
    ]
    add(
        _("headings in order"),
        not skips,
        _("{headings} headings, none skips a level", headings=len(reader.levels))
        if not skips
        else _("level {after} follows level {before}", after=skips[0][1], before=skips[0][0]),
    )
    return checks
