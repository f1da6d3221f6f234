"""The format registry: one complete spec for every format a project may choose, and the build
renders from it alone."""

from __future__ import annotations

import inspect
from dataclasses import FrozenInstanceError, fields

import pytest

from pipeline.core.model import FORMATS
from pipeline.core.paths import DEFAULTS
from pipeline.formats.registry import SPECS, FormatSpec, estimate


def test_the_registry_names_exactly_the_formats_a_project_may_choose() -> None:
    assert tuple(SPECS) == FORMATS  # and in their order
    assert all(spec.name == name for name, spec in SPECS.items())


@pytest.mark.parametrize("name", FORMATS)
def test_every_spec_is_complete(name: str) -> None:
    spec = SPECS[name]
    assert spec.extension and "." not in spec.extension
    assert spec.file("doc") == f"doc.{spec.extension}"
    assert callable(spec.render)
    assert len(inspect.signature(spec.render).parameters) == 6
    assert spec.per_ast_byte > 0
    assert spec.finish is None or callable(spec.finish)
    assert (DEFAULTS / "pandoc" / f"{name}.yaml").is_file()  # the format's own defaults
    assert estimate(name, 1000) > estimate(name, 0) > 0


def test_the_render_order_ranks_every_format_once_the_pdf_first() -> None:
    ranks = sorted(spec.rank for spec in SPECS.values())
    assert ranks == list(range(len(SPECS)))
    assert min(SPECS.values(), key=lambda spec: spec.rank).name == "pdf"


def test_the_packaged_formats_are_finished_by_roledoc() -> None:
    assert {name for name, spec in SPECS.items() if spec.finish} == {"docx", "epub", "odt"}


def test_a_spec_is_frozen_and_writing_the_markdown_has_its_own_estimate() -> None:
    with pytest.raises(FrozenInstanceError):
        SPECS["pdf"].rank = 9  # type: ignore[misc]
    assert {f.name for f in fields(FormatSpec)} >= {"name", "extension", "render", "finish"}
    assert estimate("markdown", 10**6) < estimate("pdf", 10**6)
