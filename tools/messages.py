"""Keep the message catalogues in step with the code.

    python tools/messages.py

extracts every message from pipeline/ (`_("...")` and `N_("...")`, with Babel's extractor)
into pipeline/locale/roledoc.pot, and merges it into each language's catalogue,
pipeline/locale/<lang>/LC_MESSAGES/roledoc.po: new msgids arrive untranslated, msgids the
code no longer uses are dropped. Then translate the new entries (msgstr) in the .po file;
tests/test_messages.py fails while one is missing or its {fields} differ from the msgid's.
Both files are committed; roledoc reads the .po at run time, so nothing is compiled.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PIPELINE = ROOT / "pipeline"
LOCALE = PIPELINE / "locale"
DOMAIN = "roledoc"
LANGUAGES = ("nl",)
HEADER = """\
# roledoc's messages in {language}. The msgids are the English texts in pipeline/;
# tools/messages.py adds new ones and removes unused ones, translators fill in msgstr.
# Keep every {{field}} of the msgid in the translation."""
# A fixed date keeps the files' headers from changing on every run.
STAMP = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def extract() -> Catalog:
    """Every msgid in pipeline/, with the files that use it."""
    template = Catalog(
        header_comment=HEADER.format(language="any language (the template)"),
        project="roledoc",
        domain=DOMAIN,
        creation_date=STAMP,
        revision_date=STAMP,
        fuzzy=False,
    )
    found = extract_from_dir(
        PIPELINE,
        method_map=[("**.py", "python")],
        keywords={"_": None, "N_": None},
        comment_tags=("TRANSLATORS:",),
    )
    for filename, lineno, message, comments, context in found:
        template.add(
            message,
            locations=[(f"pipeline/{filename}", lineno)],
            auto_comments=comments,
            context=context,
            flags=("python-brace-format",) if "{" in message else (),
        )
    return template


def main() -> None:
    template = extract()
    with (LOCALE / f"{DOMAIN}.pot").open("wb") as out:
        write_po(out, template, width=100, include_lineno=False, sort_output=True)
    for lang in LANGUAGES:
        path = LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        if path.exists():
            with path.open("rb") as handle:
                catalog = read_po(handle, locale=lang, domain=DOMAIN)
        else:
            catalog = Catalog(locale=lang, domain=DOMAIN, project="roledoc", creation_date=STAMP)
        catalog.header_comment = HEADER.format(language=catalog.locale.english_name)
        catalog.update(template, no_fuzzy_matching=True, update_creation_date=False)
        catalog.revision_date = STAMP
        with path.open("wb") as out:
            write_po(
                out,
                catalog,
                width=100,
                include_lineno=False,
                sort_output=True,
                ignore_obsolete=True,
            )
        missing = [m.id for m in catalog if m.id and not m.string]
        print(f"{path.relative_to(ROOT)}: {len(catalog)} messages, {len(missing)} untranslated")


if __name__ == "__main__":
    main()
