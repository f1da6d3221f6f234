"""The documentation site's screenshots (tools/screenshots.py): made from a fresh clone of the
repository, each the page it names, an A4 page where it shows one, not blank, not too large;
without LibreOffice the script names the screenshot it cannot make instead of leaving it out
in silence."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image, ImageStat
from ruamel.yaml import YAML

from .conftest import REPOSITORY

sys.path.insert(0, str(REPOSITORY / "tools"))

import screenshots

TOOL = REPOSITORY / "tools" / "screenshots.py"
A4 = 297 / 210
MOST_BYTES = 400_000
PDF_PAGES = ("title-page.png", "contribution.png", "changes-appendix.png")


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The script run once, for real, as `make docs` runs it (without LibreOffice it makes
    the others: the office test says what is missing)."""
    out = tmp_path_factory.mktemp("screens")
    done = subprocess.run(
        [sys.executable, str(TOOL), "--out", str(out), "--allow-missing"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return out, done.stdout


def opened(out: Path, name: str) -> Image.Image:
    path = out / name
    assert path.is_file(), f"{name} was not made"
    assert path.stat().st_size < MOST_BYTES, f"{name} is {path.stat().st_size} bytes"
    image = Image.open(path)
    image.load()
    return image


def words(text: str) -> str:
    return " ".join(text.split())


def assert_drawn(image: Image.Image) -> None:
    # a blank (or nearly blank) page has almost no spread in its grey values
    assert ImageStat.Stat(image.convert("L")).stddev[0] > 10


def assert_a4(width: int, height: int) -> None:
    assert height / width == pytest.approx(A4, rel=0.01)


def test_the_script_names_five_screenshots() -> None:
    assert len(screenshots.SCREENS) == len(set(screenshots.SCREENS)) == 5
    assert all(name.endswith(".png") for name in screenshots.SCREENS)


@pytest.mark.slow
def test_the_pdf_pages_are_the_ones_they_name(made: tuple[Path, str]) -> None:
    out, printed = made
    title = YAML(typ="safe").load((REPOSITORY / "document.yaml").read_text("utf-8"))["title"]
    texts = {}
    for name in PDF_PAGES:
        image = opened(out, name)
        assert 1000 <= image.width <= 1400
        assert_a4(*image.size)
        assert_drawn(image)
        texts[name] = words(image.text["Description"])
        assert f"{out / name}: {image.width}x{image.height} px" in printed
    assert title in texts["title-page.png"]
    assert "Inhoudsopgave" not in texts["contribution.png"]
    assert "Inleiding en context" in texts["contribution.png"]
    assert "Wijzigingen sinds editie" in texts["changes-appendix.png"]


@pytest.mark.slow
def test_the_pull_request_comment_is_drawn(made: tuple[Path, str]) -> None:
    out, _ = made
    image = opened(out, "pr-check.png")
    assert 1000 <= image.width <= 1400
    assert 200 <= image.height <= image.width * A4
    assert_drawn(image)
    comment = image.text["Description"]
    assert comment.startswith("<!-- roledoc-pr-summary -->")
    assert "~~meer~~ **ruim**" in comment
    assert "**Nieuw**: Een nieuwe afspraak over evaluaties" in comment


@pytest.mark.slow
@pytest.mark.office
def test_the_review_file_is_its_first_pages_side_by_side(made: tuple[Path, str]) -> None:
    out, printed = made
    assert "needs LibreOffice" not in printed
    image = opened(out, "review-word.png")
    pages = screenshots.REVIEW_PAGES
    page_width = (image.width - screenshots.GAP * (pages - 1)) / pages
    assert_a4(round(page_width), image.height)
    assert_drawn(image)
    text = image.text["Description"]
    assert "Zo geeft u uw reactie" in text
    assert "Kenmerk van dit bestand" in text


def test_without_libreoffice_it_names_the_screenshot_and_fails(tmp_path: Path) -> None:
    # checked before anything is made: nothing is written, and it takes no time
    empty = tmp_path / "bin"
    empty.mkdir()
    out = tmp_path / "screens"
    done = subprocess.run(
        [sys.executable, str(TOOL), "--out", str(out)],
        capture_output=True,
        text=True,
        env={**os.environ, "PATH": str(empty)},
        check=False,
    )
    assert done.returncode == 1
    assert (
        "review-word.png: not made, it needs LibreOffice (apt-get install libreoffice-writer)"
        in done.stderr
    )
    assert not out.exists()


def test_allow_missing_makes_the_others_and_says_which_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    offices = []

    def made_without(office: str | None) -> list[screenshots.Screen]:
        offices.append(office)
        blank = Image.new("RGB", (12, 17), "white")
        return [
            screenshots.Screen(name, blank, "test", "")
            for name in screenshots.SCREENS
            if name not in screenshots.NEEDS_OFFICE
        ]

    monkeypatch.setattr(screenshots, "office_program", lambda: None)
    monkeypatch.setattr(screenshots, "make_screens", made_without)
    assert screenshots.main(["--out", str(tmp_path), "--allow-missing"]) == 0
    assert offices == [None]
    printed = capsys.readouterr().out
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(screenshots.SCREENS)
    assert "review-word.png: not made, it needs LibreOffice" in printed
    # in its place a picture that says so, so that the site still builds (make docs)
    with Image.open(tmp_path / "review-word.png") as shown:
        assert shown.size == (900, 160)
