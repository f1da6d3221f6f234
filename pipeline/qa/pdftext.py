"""The text of a PDF's pages as PDFium (the engine of Chrome's PDF viewer) reads it: what a
reader who copies a page gets. PDFium reads a page about twenty times faster than pypdf.

PDFium gives a line end as CR LF, and a word hyphenated at a line end as one word with a mark
(U+FFFE, or U+0002) where the hyphen is drawn. Here they are a line feed, and the drawn hyphen
with its line end: the page as it is printed.

For counting words, code can be set apart (`code_apart`): where text in a fixed-pitch font
(a code span) meets other text without a space, as in `parent_span_id`controlerenKenteken,
a space is put between them, so that the code span's words are words of their own, as they
are in the source."""

from __future__ import annotations

import ctypes
from pathlib import Path
from typing import Any

_BREAKS = str.maketrans({"\ufffe": "-\n", "\x02": "-\n"})
FIXED_PITCH = 1  # bit 1 of a PDF font descriptor's /Flags


def page_texts(path: Path, code_apart: bool = False) -> list[str]:
    """Each page's text, in order; with `code_apart`, code set apart from the text it
    touches (see the module's docstring)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(path))
    try:
        return [_text(document[index], code_apart) for index in range(len(document))]
    finally:
        document.close()


def _text(page: Any, code_apart: bool) -> str:
    textpage = page.get_textpage()
    text: str = textpage.get_text_range()
    if code_apart:
        text = _set_code_apart(textpage, text)
    return text.replace("\r\n", "\n").translate(_BREAKS)


def _set_code_apart(textpage: Any, text: str) -> str:
    """`text` with a space wherever a letter or digit in a fixed-pitch font touches one in
    another font."""
    if len(text) != textpage.count_chars():
        return text  # characters and text do not line up (a character outside UTF-16's BMP)
    fixed = [_is_fixed_pitch(textpage, index) for index in range(len(text))]
    parts = [text[:1]]
    for index in range(1, len(text)):
        if fixed[index] != fixed[index - 1] and _touching(text[index - 1], text[index]):
            parts.append(" ")
        parts.append(text[index])
    return "".join(parts)


def _touching(before: str, after: str) -> bool:
    return before.isalnum() and after.isalnum()


def _is_fixed_pitch(textpage: Any, index: int) -> bool:
    import pypdfium2

    flags = ctypes.c_int(0)
    pypdfium2.raw.FPDFText_GetFontInfo(textpage.raw, index, None, 0, ctypes.byref(flags))
    return bool(flags.value & FIXED_PITCH)
