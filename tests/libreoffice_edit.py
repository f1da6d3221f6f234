"""Edit a DOCX the way a reviewer does in LibreOffice: open it, change words with Track
Changes recording, save it as Word. Run by a Python that has LibreOffice's UNO bridge
(Debian's python3-uno), not by the project's virtualenv:

    python3 tests/libreoffice_edit.py IN.docx OUT.docx '{"author": ..., "replace": [...]}'

"replace": [[phrase, old, new], ...] changes `old` (a part of the unique `phrase`) to `new`;
"comment": [[phrase, word, text], ...] comments on `word` within `phrase`, as Insert >
Comment does on a selection. With neither, the file is opened and saved unchanged.

Comments need LibreOffice's full Writer (Debian: libreoffice-writer): the "-nogui" packages
crash as soon as a document holds a comment.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]


def prop(name: str, value: object) -> PropertyValue:
    return PropertyValue(name, 0, value, 0)


def connect(pipe: str):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    for _ in range(300):
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception:  # not listening yet
            time.sleep(0.1)
    raise SystemExit("LibreOffice did not start")


def set_author(context, author: str) -> None:
    """Tracked changes and comments carry the user profile's name."""
    provider = context.ServiceManager.createInstanceWithContext(
        "com.sun.star.configuration.ConfigurationProvider", context
    )
    given, _, family = author.partition(" ")
    access = provider.createInstanceWithArguments(
        "com.sun.star.configuration.ConfigurationUpdateAccess",
        (prop("nodepath", "/org.openoffice.UserProfile/Data"),),
    )
    access.setPropertyValue("givenname", given)
    access.setPropertyValue("sn", family)
    access.commitChanges()


def within(document, phrase: str, word: str):
    """The text range of `word` inside the one occurrence of `phrase`."""
    search = document.createSearchDescriptor()
    search.SearchString = phrase
    found = document.findAll(search)
    if found.getCount() != 1:
        raise SystemExit(f"{phrase!r} occurs {found.getCount()} times")
    whole = found.getByIndex(0)
    cursor = whole.getText().createTextCursorByRange(whole.getStart())
    cursor.goRight(phrase.index(word), False)
    cursor.goRight(len(word), True)
    return cursor


def main(source: str, target: str, edits: dict) -> None:
    pipe = f"roledoc-test-{time.time_ns()}"
    with tempfile.TemporaryDirectory() as profile:
        # A copy of its own: LibreOffice leaves a lock file beside what it opens.
        copy = Path(profile) / "review.docx"
        copy.write_bytes(Path(source).read_bytes())
        office = subprocess.Popen(
            [
                "soffice",
                *([] if os.environ.get("DISPLAY") else ["--headless"]),
                "--norestore",
                "--nologo",
                f"-env:UserInstallation={Path(profile).as_uri()}",
                f"--accept=pipe,name={pipe};urp;",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            context = connect(pipe)
            set_author(context, edits.get("author", "Anna Jansen"))
            desktop = context.ServiceManager.createInstanceWithContext(
                "com.sun.star.frame.Desktop", context
            )
            document = desktop.loadComponentFromURL(
                copy.as_uri(), "_blank", 0, (prop("Hidden", True), prop("OnMainThread", True))
            )
            if edits.get("replace"):
                document.RecordChanges = True
            for phrase, old, new in edits.get("replace", []):
                within(document, phrase, old).setString(new)
            # Then the comments: a comment's anchor is a character in the text, which would
            # shift the words of a later change.
            for phrase, word, said in edits.get("comment", []):
                note = document.createInstance("com.sun.star.text.textfield.Annotation")
                note.Author = edits.get("author", "Anna Jansen")
                note.Content = said
                now = time.gmtime()
                stamp = uno.createUnoStruct("com.sun.star.util.DateTime")
                stamp.Year, stamp.Month, stamp.Day = now.tm_year, now.tm_mon, now.tm_mday
                stamp.Hours, stamp.Minutes, stamp.Seconds = now.tm_hour, now.tm_min, now.tm_sec
                note.DateTimeValue = stamp
                place = within(document, phrase, word)
                place.getText().insertTextContent(place, note, True)
            document.storeToURL(
                Path(target).resolve().as_uri(), (prop("FilterName", "MS Word 2007 XML"),)
            )
            document.close(True)
        finally:
            with contextlib.suppress(Exception):  # not started, or already gone
                desktop.terminate()
            try:
                office.wait(timeout=30)
            except subprocess.TimeoutExpired:
                office.kill()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], json.loads(sys.argv[3]) if len(sys.argv) > 3 else {})
