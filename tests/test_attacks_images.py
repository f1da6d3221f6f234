"""Untrusted images (issue 27, attacks 12 and 16): what check passes, the PDF's Typst decodes;
a document's pictures together stay within Typst's memory; the preview's event streams and
threads are bounded, and watch's Typst runs under a build's memory limit."""

from __future__ import annotations

import http.client
import io
import socket
import struct
import threading
import time
import zlib
from pathlib import Path

import pytest
import typst
from click.testing import CliRunner
from PIL import Image

from pipeline.check import references
from pipeline.check.project import load_project
from pipeline.cli import main
from pipeline.formats.render import TYPST_MEMORY
from pipeline.preview import preview as preview_module
from pipeline.preview.preview import EVENTS, MAX_REQUESTS, MAX_STREAMS, Preview, PreviewServer
from pipeline.preview.watcher import WarmTypst
from pipeline.text import images

ASSETS = "contributions/limits/assets"
PAGE = "contributions/limits/where-it-ends.md"


def _encoded(image: Image.Image, kind: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, kind, **options)
    return buffer.getvalue()


def _picture() -> Image.Image:
    image = Image.new("RGB", (200, 150), (200, 50, 50))
    for x in range(200):
        for y in range(0, 150, 7):
            image.putpixel((x, y), (x, y, 100))
    return image


def _ihdr(width: int, height: int, depth: int = 8, interlace: int = 0) -> bytes:
    body = b"IHDR" + struct.pack(">IIBBBBB", width, height, depth, 2, 0, 0, interlace)
    return struct.pack(">I", 13) + body + struct.pack(">I", zlib.crc32(body))


def _sof(jpeg: bytes) -> int:
    at = 2
    while True:
        marker, length = jpeg[at + 1], struct.unpack_from(">H", jpeg, at + 2)[0]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            return at
        at += 2 + length


def _gif_image_at(gif: bytes) -> int:
    at = 13 + images._gif_palette(gif[10])
    while gif[at] == 0x21:
        at = images._gif_skip_blocks(gif, at + 2)
    return at


def _with(data: bytes, at: int, new: bytes) -> bytes:
    return data[:at] + new + data[at + len(new) :]


def crafted() -> dict[str, bytes]:
    """Good pictures and pictures whose header is fine but whose content is not."""
    picture = _picture()
    png, jpeg = _encoded(picture, "PNG"), _encoded(picture, "JPEG", quality=90)
    gif = _encoded(picture.convert("P"), "GIF")
    idat = png.index(b"IDAT")
    crc_at = idat + 4 + struct.unpack_from(">I", png, idat - 4)[0]
    sof, frame = _sof(jpeg), _gif_image_at(gif)
    small, large = Image.new("P", (60, 40), 1), Image.new("P", (120, 90), 2)
    first, second = _encoded(small, "GIF"), _encoded(large, "GIF")
    head = 13 + images._gif_palette(first[10])
    second_body = second[13 + images._gif_palette(second[10]) : -1]
    return {
        "good.png": png,
        "good.jpg": jpeg,
        "good.gif": gif,
        "good-progressive.jpg": _encoded(picture, "JPEG", progressive=True),
        "good-cmyk.jpg": _encoded(picture.convert("CMYK"), "JPEG"),
        "good-rgba.png": _encoded(picture.convert("RGBA"), "PNG"),
        "good-16bit.png": _encoded(Image.new("I;16", (100, 80), 4000), "PNG"),
        "good-trailing.png": png + b"after the end",
        "good-frames-beyond-screen.gif": first[:-1] + second_body + b";",
        "good-screen-smaller-than-frame.gif": _with(gif, 6, struct.pack("<HH", 100, 75)),
        "good-no-end-marker.jpg": jpeg[:-2],
        "truncated.jpg": jpeg[: len(jpeg) // 2],  # Typst draws the rest grey, as browsers do
        "truncated.png": png[: len(png) // 2],
        "no-end.png": png[:-12],
        "checksum.png": _with(png, crc_at, b"\0\0\0\0"),
        "taller-than-its-data.png": png[:8] + _ihdr(200, 300) + png[33:],
        "interlace-that-is-not.png": png[:8] + _ihdr(200, 150, interlace=1) + png[33:],
        "bit-depth-7.png": png[:8] + _ihdr(200, 150, depth=7) + png[33:],
        "height-0.png": png[:8] + _ihdr(200, 0) + png[33:],
        "height-0.jpg": _with(jpeg, sof + 5, b"\0\0"),
        "width-0.jpg": _with(jpeg, sof + 7, b"\0\0"),
        "garbage.jpg": jpeg[: sof + 200] + bytes(range(256)) * 4,
        "truncated.gif": gif[: len(gif) // 2],
        "frame-larger-than-its-data.gif": _with(gif, frame + 5, struct.pack("<HH", 400, 300)),
        "frame-bomb.gif": _with(
            _with(gif, 6, struct.pack("<HH", 1, 1)), frame + 5, struct.pack("<HH", 60000, 60000)
        ),
        # Typst shows an animation's first frame only; browsers show them all: refused.
        "damaged-second-frame.gif": first[:head] + first[head:-1] + second_body[:40],
    }


CASES = crafted()
CHECK_IS_STRICTER = {"damaged-second-frame.gif"}


def typst_accepts(name: str, data: bytes, folder: Path) -> bool:
    """Whether Typst compiles a PDF/UA-1 page with the picture, as the build's Typst does."""
    (folder / name).write_bytes(data)
    (folder / "main.typ").write_text(
        '#set document(title: "t")\n#set text(lang: "nl")\n'
        f'#image("{name}", alt: "a picture", width: 5cm)\n',
        encoding="utf-8",
    )
    try:
        typst.compile(
            str(folder / "main.typ"),
            output=str(folder / "out.pdf"),
            root=str(folder),
            pdf_standards="ua-1",
        )
    except typst.TypstError:
        return False
    return True


@pytest.mark.parametrize("name", sorted(CASES))
def test_check_refuses_exactly_the_images_the_pdf_cannot_decode(name: str, tmp_path: Path) -> None:
    data = CASES[name]
    (tmp_path / name).write_bytes(data)
    refused = images.image_problem(tmp_path / name) is not None
    if name in CHECK_IS_STRICTER:
        assert refused
        return
    assert refused == (not typst_accepts(name, data, tmp_path)), name
    assert refused == (not name.startswith("good") and name != "truncated.jpg")


def _use_image(project: Path, name: str, data: bytes) -> int:
    """Put the picture in the fixture's assets and show it in where-it-ends.md: its line."""
    (project / ASSETS / name).write_bytes(data)
    page = project / PAGE
    text = page.read_text("utf-8")
    page.write_text(text + f"\n![A picture]({Path('assets') / name})\n", "utf-8")
    return text.count("\n") + 2


def test_check_names_the_damaged_image_and_the_line_that_uses_it(project: Path) -> None:
    line = _use_image(project, "photo.png", CASES["taller-than-its-data.png"])
    result = CliRunner().invoke(main, ["-C", str(project), "check"])
    assert result.exit_code == 1
    assert f"{PAGE}:{line}" in result.output
    assert "RD102" in result.output
    assert "photo.png is a damaged image" in result.output
    assert "it ends before the picture is complete" in result.output


def test_a_damaged_logo_is_refused_at_check(project: Path) -> None:
    (project / "logo.png").write_bytes(CASES["checksum.png"])
    document = project / "document.yaml"
    document.write_text(document.read_text("utf-8") + "style:\n  logo: logo.png\n", "utf-8")
    result = CliRunner().invoke(main, ["-C", str(project), "check"])
    assert "document.yaml" in result.output and "logo.png is a damaged image" in result.output


def test_a_good_image_still_passes_check(project: Path) -> None:
    _use_image(project, "photo.jpg", CASES["good.jpg"])
    _use_image(project, "moving.gif", CASES["good-frames-beyond-screen.gif"])
    result = CliRunner().invoke(main, ["-C", str(project), "check"])
    assert "photo.jpg" not in result.output and "moving.gif" not in result.output


def test_a_frame_larger_than_the_limit_is_refused_before_it_is_decoded(tmp_path: Path) -> None:
    (tmp_path / "bomb.gif").write_bytes(CASES["frame-bomb.gif"])
    started = time.perf_counter()
    code, fields = images.image_problem(tmp_path / "bomb.gif")
    assert (code, fields["width"], fields["height"]) == ("RD320", 60000, 60000)
    assert time.perf_counter() - started < 1  # 3.6 gigapixels were never allocated


def test_an_image_is_decoded_once_and_remembered_by_its_content(project: Path, monkeypatch):
    _use_image(project, "photo.png", CASES["good.png"])
    decoded: list[str] = []
    real = images.decode_problem
    monkeypatch.setattr(images, "decode_problem", lambda k, d: decoded.append(k) or real(k, d))
    runner = CliRunner()
    runner.invoke(main, ["-C", str(project), "check"])
    assert decoded == ["png", "png"]  # the fixture's diagram.png and photo.png
    runner.invoke(main, ["-C", str(project), "check"])
    assert decoded == ["png", "png"]
    (project / ASSETS / "photo.png").write_bytes(CASES["checksum.png"])
    result = runner.invoke(main, ["-C", str(project), "check"])
    assert decoded == ["png", "png", "png"]
    assert "photo.png is a damaged image" in result.output


def test_the_images_of_a_document_together_stay_within_typsts_memory(
    project: Path, monkeypatch
) -> None:
    monkeypatch.setattr(references, "MAX_DOCUMENT_MEGAPIXELS", 0.05)  # 50,000 pixels
    for number in range(3):  # 30,000 pixels each; the same file twice counts once
        image = _encoded(Image.new("RGB", (200, 150), (number, 0, 0)), "PNG")
        _use_image(project, f"photo-{number}.png", image)
    _use_image(project, "photo-0.png", CASES["good.png"])
    result = CliRunner().invoke(main, ["-C", str(project), "check"])
    assert result.exit_code == 1
    assert result.output.count("RD314") == 1
    assert "megapixels with the document's images before it" in result.output
    assert "more than the limit of 0.05 megapixels for all images together" in result.output


# -- the preview server ---------------------------------------------------------------------


def _open_stream(port: int) -> tuple[http.client.HTTPConnection, int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", EVENTS)
    response = connection.getresponse()
    if response.status != 200:
        return connection, response.status, response.read().decode("utf-8")
    return connection, 200, response.fp.readline().decode("utf-8")


@pytest.mark.slow  # waits for the server's keep-alive to find the closed page (~20 s)
def test_the_preview_caps_its_event_streams_and_says_so_in_the_projects_language(
    monkeypatch,
) -> None:
    monkeypatch.setattr(preview_module, "HEARTBEAT_SECONDS", 0.2)  # a closed page found soon
    with PreviewServer(Preview("nl"), port=0) as server:
        streams = [_open_stream(server.port) for _ in range(MAX_STREAMS)]
        assert [status for _c, status, _t in streams] == [200] * MAX_STREAMS
        refused, status, said = _open_stream(server.port)
        assert status == 503 and "te veel pagina's open" in said
        refused.close()
        page = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        page.request("GET", "/")
        assert page.getresponse().status == 200  # the page itself is still served
        page.close()
        streams[0][0].close()
        deadline = time.monotonic() + 30
        while (status := _open_stream(server.port))[1] != 200:  # the place is given back
            assert time.monotonic() < deadline
            status[0].close()
            time.sleep(0.1)
        for connection, _status, _text in [*streams[1:], status]:
            connection.close()


def test_the_preview_never_has_more_threads_than_its_bound() -> None:
    with PreviewServer(Preview("en"), port=0) as server:
        before = threading.active_count()
        idle = [
            socket.create_connection(("127.0.0.1", server.port))
            for _ in range(MAX_STREAMS + MAX_REQUESTS)
        ]
        time.sleep(0.5)
        extra = socket.create_connection(("127.0.0.1", server.port), timeout=10)
        answer = extra.recv(4096).decode("utf-8")
        assert answer.startswith("HTTP/1.0 503") and "too many pages are open" in answer
        assert threading.active_count() - before <= MAX_STREAMS + MAX_REQUESTS
        for connection in (*idle, extra):
            connection.close()


# -- watch ----------------------------------------------------------------------------------


def test_watchs_warm_typst_runs_under_a_builds_memory_limit(tmp_path: Path) -> None:
    staging = tmp_path / "staging"
    staging.mkdir()
    (staging / "doc.typ").write_text(
        '#set document(title: "t")\n#set text(lang: "en")\nHello.\n', "utf-8"
    )
    session = WarmTypst(tmp_path / "warm")
    (tmp_path / "warm").mkdir()
    try:
        assert session.compile(staging, "doc.typ", staging / "doc.pdf", 0) == []
        assert (staging / "doc.pdf").read_bytes().startswith(b"%PDF")
        assert session.child is not None
        limits = Path(f"/proc/{session.child.pid}/limits").read_text()
        address_space = next(line for line in limits.splitlines() if "address space" in line)
        assert str(TYPST_MEMORY) in address_space
    finally:
        session.close()


def test_an_image_taller_than_a_page_at_text_width_is_told_to_be_cut(project: Path) -> None:
    # A 1848 x 5538 screenshot became one illegible page; say so at check, where it is used.
    from io import BytesIO

    from PIL import Image as Picture

    def png(width: int, height: int) -> bytes:
        out = BytesIO()
        Picture.new("RGB", (width, height), "white").save(out, "PNG")
        return out.getvalue()

    assets = project / "contributions/limits/assets"
    (assets / "tall.png").write_bytes(png(100, 400))
    (assets / "fits.png").write_bytes(png(100, 140))
    (project / "contributions/limits/shots.md").write_text(
        "---\ntitle: Shots\nauthors: [bob]\nstatus: accepted\ndate: 2017-05-05\n---\n"
        "![A long page](assets/tall.png)\n\n![A short page](assets/fits.png)\n",
        encoding="utf-8",
    )
    found = [
        (d.line, dict(d.params)) for d in load_project(project).diagnostics if d.code == "RD409"
    ]
    assert found == [
        (7, {"src": "tall.png", "ratio": 4.0, "percent": 38, "most": 1.5}),
    ]
    said = next(d for d in load_project(project).diagnostics if d.code == "RD409")
    from pipeline.core.diagnostics import words

    assert "4,0" in words(said, "nl") and "4.0" in words(said, "en")  # each reader's decimals
