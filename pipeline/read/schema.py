"""What document.yaml, participants.yaml and front matter may say: the declared schemas.

Each key is declared once, as a `Field` with its converter and an example to show when it is
missing. A `Schema` ties a mapping's fields to the frozen dataclass they fill, so that one
declaration gives both the checks and the typed value (`build`). Converters turn a YAML node
into a value or raise `FieldError`, which the reader reports at the node's line and column.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from ruamel.yaml.nodes import Node, ScalarNode

from ..core.diagnostics import suggest
from ..core.messages import _
from ..core.model import (
    FORMATS,
    PDF_STANDARDS,
    STATUSES,
    LanguageSettings,
    Participant,
    Settings,
    StyleSettings,
)
from .yamlread import (
    Field,
    FieldError,
    YamlReader,
    as_date,
    as_integer,
    as_scalar_list,
    as_text,
    read_fields,
)

T = TypeVar("T")

ID_RULE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PARTICIPANT_RULE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
SECTION_NAME = re.compile(r"^(\d+)-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$")
LANG_RULE = re.compile(
    r"^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-(?:[A-Za-z]{2}|[0-9]{3}))?"
    r"(-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*$"
)
OUTPUT_RULE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
# Status words participants are likely to type, mapped to the status they mean.
STATUS_ALIASES = {
    "concept": "draft",
    "voorstel": "proposed",
    "voorgesteld": "proposed",
    "geaccepteerd": "accepted",
    "aanvaard": "accepted",
    "akkoord": "accepted",
    "afgewezen": "rejected",
    "final": "accepted",
    "approved": "accepted",
}
HEX_COLOUR = re.compile(r"^#?([0-9A-Fa-f]{6})$")
LOGO_TYPES = (".png", ".jpg", ".jpeg", ".svg")


@dataclass(frozen=True)
class Schema(Generic[T]):
    """The keys of one YAML mapping and the frozen dataclass they fill.

    Every field of `target` is either declared in `fields` (required exactly when the
    dataclass has no default for it) or named in `given`: filled by the reader, not the file.
    """

    target: type[T]
    fields: tuple[Field, ...]
    given: tuple[str, ...] = ()

    def complete(self, values: dict[str, object]) -> bool:
        """True when every required field has a value."""
        return all(f.name in values for f in self.fields if f.required)


def build(schema: Schema[T], values: dict[str, object], **given: object) -> T:
    """The dataclass of `schema` from the values `read_fields` returned for it (complete,
    see `Schema.complete`) and the reader's own values for `schema.given`."""
    # The converters' return types match the dataclass's fields; `test_schema` holds the
    # two declarations together, which a type checker cannot see through **values.
    target: Callable[..., T] = schema.target
    return target(**values, **given)


def as_status(reader: YamlReader, key: str, node: Node) -> str:
    value = as_text(reader, key, node)
    if value in STATUSES:
        return value
    lowered = value.lower()
    guess = lowered if lowered in STATUSES else STATUS_ALIASES.get(lowered)
    raise FieldError("RD205", node, guess or suggest(lowered, STATUSES), value=value)


def as_lang(reader: YamlReader, key: str, node: Node) -> str:
    value = as_text(reader, key, node)
    if not LANG_RULE.match(value):
        fix = value.replace("_", "-") if LANG_RULE.match(value.replace("_", "-")) else None
        raise FieldError("RD214", node, fix, value=value)
    return value


def as_output(reader: YamlReader, key: str, node: Node) -> str:
    value = as_text(reader, key, node)
    if not OUTPUT_RULE.match(value):
        rule = _("only letters, digits, '.', '-' and '_', no folders")
        raise FieldError("RD215", node, value=value, key=key, rule=rule)
    return value


def as_formats(reader: YamlReader, key: str, node: Node) -> tuple[str, ...]:
    items = as_scalar_list(reader, key, node)
    for value, pos in items:
        if value not in FORMATS:
            rule = ", ".join(FORMATS)
            raise FieldError("RD215", pos, suggest(value, FORMATS), value=value, key=key, rule=rule)
    return tuple(dict.fromkeys(value for value, _ in items))


def as_pdf_standard(reader: YamlReader, key: str, node: Node) -> str:
    """PDF/A-2a (with PDF/UA-1), PDF/A-3a (with PDF/UA-1) or PDF/UA-1; "a-2a" will do too."""
    value = as_text(reader, key, node)
    normal = value.strip().lower().replace(" ", "")
    normal = normal if normal.startswith("pdf/") else f"pdf/{normal}"
    if normal.removesuffix("+pdf/ua-1").removesuffix("+ua-1") in PDF_STANDARDS:
        return normal.removesuffix("+pdf/ua-1").removesuffix("+ua-1")
    rule = _("PDF/A-2a (with PDF/UA-1, the default), PDF/A-3a (with PDF/UA-1) or PDF/UA-1")
    raise FieldError("RD215", node, value=value, key=key, rule=rule)


STATUS_WORDS = ("government", "plain")


def as_status_words(reader: YamlReader, key: str, node: Node) -> str:
    value = as_text(reader, key, node)
    if value in STATUS_WORDS:
        return value
    rule = ", ".join(STATUS_WORDS)
    raise FieldError("RD215", node, suggest(value, STATUS_WORDS), value=value, key=key, rule=rule)


def as_boolean(reader: YamlReader, key: str, node: Node) -> bool:
    if isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:bool":
        return str(node.value).lower() == "true"
    raise FieldError(
        "RD203", node, key=key, expected=reader.reporter.kind("boolean"), found=reader.kind_of(node)
    )


def as_language(reader: YamlReader, key: str, node: Node) -> LanguageSettings:
    if isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:bool":
        return LanguageSettings(enabled=as_boolean(reader, key, node))
    entries = reader.mapping(node, "language")
    if entries is None:
        raise FieldError("RD106", node, what=reader.reporter.kind("language"), found="-")
    values, _positions = read_fields(reader, entries, LANGUAGE_FIELDS, reader.pos(node))
    return build(LANGUAGE, values)


def as_terms(reader: YamlReader, key: str, node: Node) -> tuple[tuple[str, str], ...]:
    entries = reader.mapping(node, "terms")
    if entries is None:
        return ()
    terms = []
    for avoid, (_key, prefer) in entries.items():
        terms.append((avoid, as_text(reader, avoid, prefer)))
    return tuple(terms)


def as_colour(reader: YamlReader, key: str, node: Node) -> str:
    value = as_text(reader, key, node)
    match = HEX_COLOUR.match(value)
    if not match:
        raise FieldError("RD215", node, value=value, key=key, rule=_("#RRGGBB, e.g. '#00529b'"))
    return match.group(1).lower()


def as_logo(reader: YamlReader, key: str, node: Node) -> str:
    value = as_text(reader, key, node)
    if not value.lower().endswith(LOGO_TYPES) or value.startswith(("/", "..")) or "://" in value:
        rule = _("a .png, .jpg or .svg file inside the project, e.g. templates/logo.svg")
        raise FieldError("RD215", node, value=value, key=key, rule=rule)
    return value


def as_style(reader: YamlReader, key: str, node: Node) -> StyleSettings:
    entries = reader.mapping(node, "style")
    if entries is None:
        raise FieldError("RD106", node, what="style", found="-")
    values, positions = read_fields(reader, entries, STYLE_FIELDS, reader.pos(node))
    return build(STYLE, values, positions=positions)


STYLE_FIELDS = (
    Field("accent", as_colour, "accent: '#00529b'"),
    Field("logo", as_logo, "logo: templates/logo.svg"),
    Field("font", as_text, "font: Source Sans Pro"),
)
STYLE = Schema(StyleSettings, STYLE_FIELDS, given=("positions",))

LANGUAGE_FIELDS = (
    Field("words", as_text, "words: words.txt"),
    Field("terms", as_terms, "terms: {ambtenarij: ambtelijke organisatie}"),
    Field("max_sentence_words", as_integer, "max_sentence_words: 25"),
)
# `enabled` is what `language: false`, written instead of a mapping, says.
LANGUAGE = Schema(LanguageSettings, LANGUAGE_FIELDS, given=("enabled",))

DOCUMENT_FIELDS = (
    Field("title", as_text, "title: Rol en werkwijze", required=True),
    Field("subtitle", as_text, "subtitle: Metropoolregio Eindhoven"),
    Field("organisation", as_text, "organisation: Metropoolregio Eindhoven", required=True),
    Field("lang", as_lang, "lang: nl-NL", required=True),
    Field("output", as_output, "output: rol-en-werkwijze", required=True),
    Field("formats", as_formats, "formats: [pdf, docx, html, epub, odt]"),
    Field("language", as_language, "language: {words: words.txt}"),
    Field("changelog", as_text, "changelog: v1.0"),
    Field("contact", as_text, "contact: bureau@metropoolregioeindhoven.nl"),
    Field("licence", as_text, "licence: CC BY 4.0"),
    Field("style", as_style, "style: {accent: '#00529b', logo: templates/logo.svg}"),
    Field("pdf_standard", as_pdf_standard, "pdf_standard: PDF/A-2a"),
    Field("status_words", as_status_words, "status_words: government"),
    Field("summary_edition", as_boolean, "summary_edition: true"),
)
SETTINGS = Schema(Settings, DOCUMENT_FIELDS)

PARTICIPANT_FIELDS = (
    Field("name", as_text, "name: J. de Vries", required=True),
    Field("organisation", as_text, "organisation: Gemeente Helmond", required=True),
)
PARTICIPANT = Schema(Participant, PARTICIPANT_FIELDS, given=("id", "position"))

# Front matter: the reader completes these values into a Section or a Contribution (list
# items keep their positions, a refused contribution gets stand-ins), so they are fields only.
SECTION_FIELDS = (
    Field("title", as_text, "title: Waar de rol begint en eindigt", required=True),
    Field("themes", as_scalar_list, "themes: [grenzen]"),
)

CONTRIBUTION_FIELDS = (
    Field("title", as_text, "title: Wat procesondersteuning is", required=True),
    Field("authors", as_scalar_list, "authors: [jdevries]", required=True),
    Field("status", as_status, "status: draft", required=True),
    Field("date", as_date, "date: 2017-03-14", required=True),
    Field("order", as_integer, "order: 10"),
    Field("summary", as_text, "summary: Eén zin met de kern."),
    Field("supersedes", as_scalar_list, "supersedes: [oude-id]"),
    Field("language", as_boolean, "language: false"),
)
