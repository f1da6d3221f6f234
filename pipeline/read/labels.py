"""The words a document uses about itself, in its own language: labels, lists and dates.

Labels come from `labels.yaml` (a template a project can override); dates are written by
Babel in the document's locale ("14 maart 2017", "14 March 2017").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.lists import format_list
from ruamel.yaml import YAML

from ..core.paths import DEFAULTS as PACKAGE_DEFAULTS


@dataclass(frozen=True)
class Labels:
    lang: str  # the BCP 47 tag of the document
    strings: dict[str, Any]
    locale: Locale

    def status(self, status: str) -> str:
        return str(self.strings["statuses"].get(status, status))

    def join(self, items: list[str]) -> str:
        return format_list(items, locale=self.locale) if items else ""

    def date(self, day: dt.date) -> str:
        return format_date(day, format="long", locale=self.locale)

    def date_iso(self, iso: str) -> str:
        return self.date(dt.date.fromisoformat(iso[:10]))


DEFAULTS = PACKAGE_DEFAULTS / "labels.yaml"


def load_labels(text: str, lang: str) -> Labels:
    """Labels for `lang` from the text of labels.yaml; English when the language is missing.
    A project's own labels.yaml overrides the built-in words one by one, so one written for
    an older roledoc still has every word a newer template uses."""
    primary = lang.split("-")[0].lower()
    strings: dict[str, Any] = {}
    for table in (YAML(typ="safe").load(DEFAULTS.read_text("utf-8")), YAML(typ="safe").load(text)):
        table = table if isinstance(table, dict) else {}
        chosen = table.get(primary) or table.get("en") or {}
        strings |= chosen if isinstance(chosen, dict) else {}
    try:
        locale = Locale.parse(lang, sep="-")
    except (ValueError, UnknownLocaleError):
        locale = Locale("en")
    return Labels(lang, strings, locale)
