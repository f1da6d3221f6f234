"""Where roledoc's own files are (the package, and the data it ships beside its code), and
the names of a document project's own files and folders."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent  # the pipeline package itself
DEFAULTS = PACKAGE / "defaults"  # the built-in templates, filters and labels
SKELETONS = PACKAGE / "skeleton"  # what `roledoc init` writes
LOCALE = PACKAGE / "locale"  # the message catalogues

# A document project's own file names, relative to its root.
DOCUMENT = "document.yaml"  # the document as a whole; its folder is the project's root
PARTICIPANTS = "contributions/participants.yaml"  # who may contribute, by id
REGISTER = "editions.yaml"  # the editions register: each edition and the commit it froze
PIN_FILE = "requirements.txt"  # the roledoc the project is built with (pipeline/read/pin.py)
# The files a document is made from; a change elsewhere (build/, notes) does not make the
# edition "-dirty".
INPUTS = (DOCUMENT, "sections", "contributions", "templates")
OUTPUT_FOLDER = "build"  # where a build writes unless told otherwise; roledoc's own
REVIEW_NOTES = "review"  # in the output folder: a folder of notes per review import


def output_folder(root: Path, out: Path | None = None) -> Path:
    """The absolute output folder (`out`, else the project's own); a link loop there is left
    for check to report (RD114)."""
    return Path(os.path.realpath(out or root / OUTPUT_FOLDER))
