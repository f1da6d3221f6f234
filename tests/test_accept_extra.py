"""The acceptance run needs the optional extra roledoc[accept] (pypdf, pikepdf): without it,
`python -m pipeline.qa.accept` says so in the reader's language and stops before it builds,
instead of failing every PDF check with a traceback's words."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from pipeline.qa import accept


@pytest.fixture
def no_build(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("built although the extra is missing")

    monkeypatch.setattr(accept, "build_document", refuse)


@pytest.mark.parametrize("missing", [("pypdf",), ("pikepdf",), ("pypdf", "pikepdf")])
def test_a_missing_library_of_the_extra_is_named_with_how_to_install_it(
    project: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    no_build: None,
    missing: tuple[str, ...],
) -> None:
    for name in missing:
        monkeypatch.setitem(sys.modules, name, None)  # `import name` raises ImportError
    assert accept.missing_extra() == list(missing)
    assert accept.main([str(project)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        f"Error: the acceptance checks need {', '.join(missing)}, which are not installed: "
        "pip install 'roledoc[accept]'\n"
    )


def test_a_dutch_project_hears_it_in_dutch(
    project: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    no_build: None,
) -> None:
    settings = project / "document.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace("lang: en-GB", "lang: nl-NL"),
        encoding="utf-8",
    )
    monkeypatch.setitem(sys.modules, "pikepdf", None)
    assert accept.main([str(project)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Fout: ")
    assert "pikepdf" in err and "pip install 'roledoc[accept]'" in err
    assert "not installed" not in err


def test_without_a_project_the_locale_chooses(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    no_build: None,
) -> None:
    for variable in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "nl_NL.UTF-8")
    monkeypatch.setitem(sys.modules, "pypdf", None)
    assert accept.main([str(tmp_path)]) == 1
    assert capsys.readouterr().err.startswith("Fout: ")


def test_with_the_extra_nothing_is_missing() -> None:
    pytest.importorskip("pypdf")
    pytest.importorskip("pikepdf")
    assert accept.missing_extra() == []
