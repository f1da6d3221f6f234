"""Diagnostics as output: the text lines and summary, JSON records, and GitHub annotations."""

from __future__ import annotations

import json
from collections.abc import Sequence

from .diagnostics import severity_word, words
from .messages import Lines, _, one_line, text
from .model import Diagnostic


def format_text(diagnostics: Sequence[Diagnostic], lang: str = "en") -> Lines:
    listed = [format_lines(diagnostics, lang)] if diagnostics else []
    return Lines("\n".join([*listed, summary_line(diagnostics, lang)]))


def format_lines(diagnostics: Sequence[Diagnostic], lang: str = "en") -> Lines:
    """One `path:line:col: severity CODE: message` line per diagnostic: a file's name and
    the values in a message are written on that line (`one_line`), whatever they hold."""
    lines = []
    for d in diagnostics:
        where = one_line(d.path)
        if d.line:
            where += f":{d.line}"
            if d.col:
                where += f":{d.col}"
        lines.append(f"{where}: {severity_word(d, lang)} {d.code}: {one_line(words(d, lang))}")
    return Lines("\n".join(lines))


def summary_line(diagnostics: Sequence[Diagnostic], lang: str = "en") -> str:
    if not diagnostics:
        return text(_("No problems found."), lang)
    errors = sum(d.is_error for d in diagnostics)
    found = _(
        "{errors} error(s), {warnings} warning(s) in {files} file(s).",
        errors=errors,
        warnings=len(diagnostics) - errors,
        files=len({d.path for d in diagnostics}),
    )
    return text(found, lang)


def as_record(d: Diagnostic, lang: str = "en") -> dict[str, object]:
    """The diagnostic for JSON (check --format json, report.json): the words in `lang`."""
    return {
        "path": d.path,
        "code": d.code,
        "message": words(d, lang),
        "severity": d.severity,
        "line": d.line,
        "col": d.col,
    }


def format_json(diagnostics: Sequence[Diagnostic], lang: str = "en") -> str:
    records = [as_record(d, lang) for d in diagnostics]
    return json.dumps(records, ensure_ascii=False, indent=2)


def _github_escape(text: str, in_property: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if in_property:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_github(diagnostics: Sequence[Diagnostic], lang: str = "en") -> str:
    """GitHub Actions workflow commands: each diagnostic becomes an annotation on its line."""
    lines = []
    for d in diagnostics:
        props = [f"file={_github_escape(d.path, True)}"]
        if d.line:
            props.append(f"line={d.line}")
            if d.col:
                props.append(f"col={d.col}")
        props.append(f"title={d.code}")
        kind = "error" if d.is_error else "warning"
        lines.append(f"::{kind} {','.join(props)}::{_github_escape(words(d, lang))}")
    return "\n".join(lines)


def format_notices(notes: Sequence[tuple[str, int, str]], title: str) -> str:
    """GitHub notice annotations (advice, never a failure) for (path, line, words)."""
    lines = []
    for path, line, words_said in notes:
        props = [f"file={_github_escape(path, True)}"]
        if line:
            props.append(f"line={line}")
        props.append(f"title={_github_escape(title, True)}")
        lines.append(f"::notice {','.join(props)}::{_github_escape(words_said)}")
    return "\n".join(lines)
