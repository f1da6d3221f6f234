"""A MkDocs hook (mkdocs.yml `hooks:`): each page of the site declares the language it is
written in, so that a screen reader reads the Dutch pages with a Dutch voice (WCAG 2.1 SC 3.1.1
and 3.1.2). The site's own language (mkdocs.yml `theme.language`) is English, the maintainers'
pages' and the home page's; the participants' and editors' pages and the Dutch reference are
Dutch."""

from __future__ import annotations

import re
from typing import Any

DUTCH = ("deelnemers/", "redactie/")
_HTML = re.compile(r'<html lang="[^"]*"')


def language(source: str) -> str:
    """The language of the page whose source is docs/`source`."""
    return "nl" if source.startswith(DUTCH) or source.endswith(".nl.md") else "en"


def on_post_page(output: str, page: Any, config: Any) -> str:
    return _HTML.sub(f'<html lang="{language(page.file.src_uri)}"', output, count=1)
