"""A picture that is not whole (issue 29): a PNG or GIF cut off, as a download that broke off
leaves it, is refused by check with the file named, wherever it was cut; a picture the PDF's
Typst draws passes; and decoding an animation takes bounded time (issue 28)."""

from __future__ import annotations

import io
import struct
import time
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from pipeline.cli import main
from pipeline.text import images

ASSETS = "contributions/limits/assets"
PAGE = "contributions/limits/where-it-ends.md"


def _encoded(image: Image.Image, kind: str) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, kind)
    return buffer.getvalue()


def _picture() -> Image.Image:
    image = Image.new("RGB", (160, 120), (30, 90, 160))
    for x in range(160):
        for y in range(0, 120, 5):
            image.putpixel((x, y), (x, 2 * y, 60))
    return image


PNG = _encoded(_picture(), "PNG")
GIF = _encoded(_picture().convert("P"), "GIF")


def _cuts(data: bytes) -> list[int]:
    """How many bytes a broken-off download may lack: its last byte, its end, most of it."""
    return sorted({1, 2, 4, 12, 13, len(data) // 10, len(data) // 2, len(data) - 40})


@pytest.mark.parametrize(
    ("name", "data", "missing"),
    [("cut.png", PNG, n) for n in _cuts(PNG)] + [("cut.gif", GIF, n) for n in _cuts(GIF)],
)
def test_a_cut_off_picture_is_refused_at_check(
    name: str, data: bytes, missing: int, tmp_path: Path
) -> None:
    (tmp_path / name).write_bytes(data[:-missing])
    code, fields = images.image_problem(tmp_path / name)
    assert code == "RD102"
    reason = fields["reason"]
    assert dict(reason.params)["name"] == name
    assert dict(reason.params)["what"] == images.ENDS_EARLY


@pytest.mark.parametrize(("name", "data"), [("photo.png", PNG), ("moving.gif", GIF)])
def test_check_names_the_cut_off_picture(name: str, data: bytes, project: Path) -> None:
    (project / ASSETS / name).write_bytes(data[: len(data) // 2])
    page = project / PAGE
    page.write_text(page.read_text("utf-8") + f"\n![A picture](assets/{name})\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["-C", str(project), "check"])
    assert result.exit_code == 1
    assert "RD102" in result.output
    assert f"{name} is a damaged image" in result.output
    assert "it ends before the picture is complete" in result.output


def test_whole_pictures_pass(tmp_path: Path) -> None:
    for name, data in (("whole.png", PNG), ("whole.gif", GIF), ("after.png", PNG + b"more")):
        (tmp_path / name).write_bytes(data)
        assert images.image_problem(tmp_path / name) is None, name


def test_a_png_whose_end_chunk_has_a_wrong_checksum_passes_as_typst_draws_it(
    tmp_path: Path,
) -> None:
    (tmp_path / "end.png").write_bytes(PNG[:-4] + b"\0\0\0\0")
    assert images.image_problem(tmp_path / "end.png") is None


def test_a_wrong_checksum_in_the_picture_data_is_refused(tmp_path: Path) -> None:
    at = PNG.index(b"IDAT")
    length = struct.unpack_from(">I", PNG, at - 4)[0]
    crc = at + 4 + length
    (tmp_path / "sum.png").write_bytes(PNG[:crc] + b"\0\0\0\0" + PNG[crc + 4 :])
    code, fields = images.image_problem(tmp_path / "sum.png")
    assert code == "RD102" and dict(fields["reason"].params)["what"] == images.CHECKSUM


def test_picture_data_shorter_than_its_header_promises_is_refused(tmp_path: Path) -> None:
    body = b"IHDR" + struct.pack(">IIBBBBB", 160, 240, 8, 2, 0, 0, 0)
    header = struct.pack(">I", 13) + body + struct.pack(">I", zlib.crc32(body))
    (tmp_path / "tall.png").write_bytes(PNG[:8] + header + PNG[33:])
    code, fields = images.image_problem(tmp_path / "tall.png")
    assert code == "RD102" and dict(fields["reason"].params)["what"] == images.ENDS_EARLY


def test_an_animation_of_many_frames_on_a_large_picture_is_checked_in_bounded_time(
    tmp_path: Path,
) -> None:
    """Pillow draws every frame onto the whole picture: 200 one-pixel frames on 9 megapixels
    took 24 s when every frame was decoded."""
    first = _encoded(Image.new("P", (3000, 3000), 1), "GIF")
    dot = _encoded(Image.new("P", (1, 1), 2), "GIF")
    frame = dot[13 + images._gif_palette(dot[10]) : -1]
    (tmp_path / "many.gif").write_bytes(first[:-1] + frame * 200 + b";")
    started = time.perf_counter()
    assert images.image_problem(tmp_path / "many.gif") is None
    assert time.perf_counter() - started < 5


@pytest.mark.parametrize(
    "drawing",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg" width="0" height="0"/>',
        b'<?xml version="1.0"?><foo><svg xmlns="http://www.w3.org/2000/svg"/></foo>',
    ],
    ids=["no size", "not an svg root"],
)
def test_a_drawing_typst_cannot_draw_is_refused_by_check(tmp_path: Path, drawing: bytes) -> None:
    """Safe XML that is no drawing Typst can make: check refuses it, as the PDF build would."""
    (tmp_path / "figuur.svg").write_bytes(drawing)
    code, fields = images.image_problem(tmp_path / "figuur.svg")
    assert code == "RD102" and "figuur.svg" in str(fields["reason"])
