"""Where roledoc's own files are: the package, and the data it ships beside its code."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent  # the pipeline package itself
DEFAULTS = PACKAGE / "defaults"  # the built-in templates, filters and labels
SKELETONS = PACKAGE / "skeleton"  # what `roledoc init` writes
LOCALE = PACKAGE / "locale"  # the message catalogues

# A document project's own file names.
DOCUMENT = "document.yaml"  # the document as a whole; its folder is the project's root
