"""The declared schemas and the frozen dataclasses they fill stay one declaration."""

from __future__ import annotations

import dataclasses

import pytest

from pipeline.core.model import Contribution, Section
from pipeline.read.schema import (
    CONTRIBUTION_FIELDS,
    LANGUAGE,
    PARTICIPANT,
    SECTION_FIELDS,
    SETTINGS,
    STYLE,
    Schema,
)


def _has_default(field: dataclasses.Field) -> bool:
    return (
        field.default is not dataclasses.MISSING or field.default_factory is not dataclasses.MISSING
    )


TIED = [SETTINGS, STYLE, LANGUAGE, PARTICIPANT]


@pytest.mark.parametrize("schema", TIED, ids=lambda schema: schema.target.__name__)
def test_every_setting_is_declared_exactly_once(schema: Schema) -> None:
    declared = [f.name for f in schema.fields]
    assert len(declared) == len(set(declared)), "a key is declared twice"
    assert not set(declared) & set(schema.given), "a key is both read and given"
    fields = {f.name: f for f in dataclasses.fields(schema.target)}
    assert sorted([*declared, *schema.given]) == sorted(fields), (
        f"{schema.target.__name__} and its schema name different fields"
    )
    for field in schema.fields:
        assert field.required == (not _has_default(fields[field.name])), (
            f"{field.name}: required in one declaration, optional in the other"
        )


@pytest.mark.parametrize(
    ("fields", "target"), [(SECTION_FIELDS, Section), (CONTRIBUTION_FIELDS, Contribution)]
)
def test_every_front_matter_key_fills_a_field(fields, target) -> None:
    names = {f.name for f in dataclasses.fields(target)}
    assert [f.name for f in fields if f.name not in names] == []
