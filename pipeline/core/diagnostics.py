"""Diagnostics as data, and their words: the reporter that collects them, the kinds of things
their messages name, and what a diagnostic says in the reader's language.

A diagnostic is data: its code (`catalogue.py`) and parameters. It becomes words only when
shown, in the reader's language, through the message catalogue (`messages.py`).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from .catalogue import CATALOG
from .messages import N_, Message, _, neutral, text
from .model import Diagnostic, Position

# Kinds of values and things that messages name (`what`, `expected`...).
KINDS: dict[str, str] = {
    "text": N_("text"),
    "list": N_("a list"),
    "id-list": N_("a list of ids, like [jdevries, kbakker]"),
    "html": N_("use Markdown instead"),
    "html-comment": N_("a note for the editors belongs in the pull request, not in the text"),
    "integer": N_("a whole number"),
    "date": N_("a date"),
    "mapping": N_("a list of 'key: value' lines"),
    "number": N_("a number"),
    "boolean": N_("true or false"),
    "nothing": N_("empty"),
    "format-list": N_("a list of formats, like [pdf, docx]"),
    "nesting-blocks": N_("lists and block quotes"),
    "nesting-brackets": N_("square brackets"),
    "nesting-inline": N_("emphasis, bold, links and strikethrough"),
    "front-matter": N_("the front matter"),
    "link-loop": N_("a link that leads back to itself"),
    "marks-code": N_("backticks (`) or link openings ('](')"),
    "marks-emphasis": N_("'*' or '_' marks"),
    "link-nowhere": N_("a link to nothing"),
    "participants": N_("participants.yaml"),
    "participant": N_("a participant"),
    "document": N_("document.yaml"),
    "language": N_("'language'"),
    "terms": N_("'terms'"),
    "superseded": N_("superseded"),
    "link": N_("a link"),
    "committed": N_("a file committed to the repository"),
    "yaml-colon": N_(
        "a value with ': ' in it, such as a title? Put the whole value in double quotes: "
        'title: "What we do: a test"'
    ),
    "yaml-tab": N_("a tab? Indent with spaces"),
    "yaml-line": N_("every line needs the form 'key: value'"),
    "yaml-list": N_("a list is written [a, b] with the closing ]"),
    "symlink": N_("a symbolic link"),
    "irregular": N_("a special file"),
    "defaults-key": N_(
        "only layout options (such as toc, toc-depth, number-sections, variables, metadata) "
        "and files inside templates/ are allowed"
    ),
    "defaults-path": N_(
        "write a file inside templates/ as ${.}/... (no absolute path, no '..' out of "
        "templates/, no other ${...})"
    ),
    "defaults-filter": N_("a filter must be a Lua file (.lua) inside templates/, written ${.}/..."),
    "defaults-missing": N_(
        "the file it names is neither in templates/ nor among roledoc's defaults"
    ),
    "defaults-shape": N_(
        "it must be a file name, or a list of file names (filters: always a list)"
    ),
    "defaults-fixed": N_("roledoc relies on this value; keep it as in its own file"),
    "svg-script": N_("a script"),
    "svg-handler": N_("an event handler (on...=)"),
    "svg-foreign": N_("embedded HTML or another document (such as foreignObject)"),
    "svg-reference": N_("a reference to another file or the internet"),
    "svg-entity": N_("an XML entity"),
    "svg-doctype": N_("a DOCTYPE that points to another file"),
    "svg-invalid": N_("an XML error (it is not a valid SVG file)"),
    "svg-uses": N_("so many repeated parts (<use>) that no program can draw it"),
    "pandoc defaults": N_("the pandoc defaults file"),
    "code-style": N_("the house style (templates, pandoc options), which every build runs"),
    "code-document-style": N_("the house style ('style' in document.yaml)"),
    "code-workflow": N_("a GitHub workflow, which runs in CI (a release holds a write token)"),
    "code-make": N_("the Makefile, which make runs"),
    "code-precommit": N_("pre-commit's configuration, which runs before every commit"),
    "code-python-project": N_("the Python project's configuration, which pip runs"),
    "code-python": N_("Python code"),
    "code-lua": N_("a Lua filter, which pandoc runs"),
    "code-script": N_("a script"),
    "code-owners": N_("CODEOWNERS, which decides who must review a change"),
    "code-requirements": N_("a requirements file, which pip installs"),
}


SUGGESTION = N_("did you mean '{suggestion}'?")


def suggest(value: str, candidates: Iterable[str]) -> str | None:
    """The closest candidate to a mistyped value, if one is close enough to be a likely typo."""
    matches = difflib.get_close_matches(value, list(candidates), n=1, cutoff=0.6)
    return matches[0] if matches else None


def kind(name: str) -> Message | str:
    """A kind of value or thing, as a message; a name that is no kind stays as it is."""
    return Message(KINDS[name]) if name in KINDS else name


class Reporter:
    """Collects diagnostics as data. `lang` is the project's message language, for whoever
    shows them; nothing here depends on it."""

    def __init__(self, lang: str = "en") -> None:
        self.lang = lang
        self.found: list[Diagnostic] = []

    def kind(self, name: str) -> Message | str:
        return kind(name)

    def add(
        self,
        code: str,
        path: str,
        pos: Position | None = None,
        suggestion: str | None = None,
        **params: object,
    ) -> None:
        entry = CATALOG[code]
        if "what" in params and isinstance(params["what"], str):
            params["what"] = kind(params["what"])
        pos = pos or Position()
        self.found.append(
            Diagnostic(path, code, neutral(params), entry.severity, pos.line, pos.col, suggestion)
        )


def message_of(d: Diagnostic) -> Message:
    """What the diagnostic says, as a message (its catalogue entry and parameters)."""
    return Message(CATALOG[d.code].msgid, d.params)


def words(d: Diagnostic, lang: str = "en") -> str:
    """What the diagnostic says, in `lang`."""
    said: str = message_of(d).render(lang)
    if d.suggestion:
        said += "; " + _(SUGGESTION, suggestion=d.suggestion).render(lang)
    return said


def severity_word(d: Diagnostic, lang: str = "en") -> str:
    return text(_("error") if d.is_error else _("warning"), lang)


def sorted_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return sorted(set(diagnostics), key=Diagnostic.sort_key)
