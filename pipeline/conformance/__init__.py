"""What each output conforms to, checked on the files a build wrote: the PDF's PDF/A and
PDF/UA structure, the Word and OpenDocument files' and the e-book's accessibility. Every check
reads only the finished file, in this process, with no program outside roledoc's own
dependencies, so every build can run them; `make accept` adds the checks that need a browser
or a validator (pipeline/qa). The results are the conformance report's
(`build/toegankelijkheid.html`) and report.json's.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core.messages import Message


@dataclass(frozen=True)
class Check:
    """One check of one output file: what was checked, whether it holds, and its figures."""

    output: str  # the format: "pdf", "docx", "odt", "epub", "html"
    name: Message  # what was checked, in words for the report: _("alt text on every image")
    ok: bool
    detail: Message  # the figures: _("{missing} of {images} images without alt text", ...)
