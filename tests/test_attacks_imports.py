"""A file brought in with `roledoc import` comes from outside, and is untrusted: its images come
only from inside it (never a file it points at, a `file:` address or the internet), a zip bomb
or a damaged package is refused before pandoc opens it, pandoc reads it within a heap limit and
a timeout, and an assets folder committed as a link makes the import write nothing at all."""

from __future__ import annotations

import base64
import shutil
import struct
import time
import zipfile
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.authoring import importer
from pipeline.cli import main
from pipeline.formats import render
from pipeline.read.packages import DamagedPackage, OversizedPackage, check_package
from tests.commands import pandoc
from tests.gitrepo import FIXTURES, commit_all, copy_example, git

SECRET = b"GEHEIM-4c1d-import"
THEME = "belangen"
AUTHOR = "avandijk"
NOT_COPIED = "afbeelding niet overgenomen"
ONLY_INSIDE = "afbeeldingen worden alleen uit het geïmporteerde bestand zelf overgenomen"
DIAGRAM = FIXTURES / "valid/contributions/limits/assets/diagram.png"


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """The repository's Dutch example project, in git."""
    root = copy_example(tmp_path / "example")
    (root / ".gitignore").write_text("build/\n", encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    commit_all(root, "Voorbeeld")
    return root


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A file outside the project that an import must never read: a real PNG (so a careless
    copy would pass as an image) with the secret in it."""
    path = tmp_path / "home" / ".ssh" / "id_rsa"
    path.parent.mkdir(parents=True)
    path.write_bytes(DIAGRAM.read_bytes() + SECRET)
    return path


def _import(root: Path, source: Path, *options: str):
    return CliRunner().invoke(
        main, ["-C", str(root), "import", str(source), THEME, "--author", AUTHOR, *options]
    )


def _nothing_secret_in(root: Path) -> None:
    for path in root.rglob("*"):
        if path.is_file() and ".git" not in path.parts:
            assert SECRET not in path.read_bytes(), path


def _made_with_pandoc(tmp_path: Path, fmt: str) -> Path:
    """A real Word or OpenDocument file, written by pandoc, holding one picture of its own."""
    folder = tmp_path / "incoming"
    folder.mkdir(exist_ok=True)
    shutil.copyfile(DIAGRAM, folder / "diagram.png")
    (folder / "source.md").write_text(
        "# Een ingevoerd stuk\n\nEen eigen plaatje: ![Het schema](diagram.png)\n",
        encoding="utf-8",
    )
    target = folder / f"stuk.{fmt}"
    pandoc(str(folder / "source.md"), "-t", fmt, "-o", str(target), f"--resource-path={folder}")
    return target


def _edited(package: Path, target: Path, part: str, old: bytes, new: bytes) -> Path:
    with zipfile.ZipFile(package) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    assert old in parts[part]
    parts[part] = parts[part].replace(old, new, 1)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return target


# -- images: only from inside the file --------------------------------------------------------


def test_an_html_import_copies_no_file_it_points_at(example: Path, secret: Path) -> None:
    home = secret.parent.parent
    page = home / "pagina" / "aanval.html"
    page.parent.mkdir()
    embedded = base64.b64encode(DIAGRAM.read_bytes()).decode()
    page.write_text(
        "<h1>Aanval</h1>"
        '<p>Relatief <img src="../.ssh/id_rsa" alt="relatief">.</p>'
        f'<p>Absoluut <img src="{secret}" alt="absoluut">.</p>'
        f'<p>Als adres <img src="file://{secret}" alt="bestand">.</p>'
        '<p>Van het web <img src="https://example.org/x.png" alt="web">.</p>'
        f'<p>Ingebed <img src="data:image/png;base64,{embedded}" alt="ingebed">.</p>',
        encoding="utf-8",
    )
    done = _import(example, page)
    assert done.exit_code == 0, done.output
    _nothing_secret_in(example)
    text = (example / "contributions" / THEME / "aanval.md").read_text(encoding="utf-8")
    for src in ("../.ssh/id_rsa", str(secret), f"file://{secret}", "https://example.org/x.png"):
        assert f"{NOT_COPIED}: `{src}`" in text, src
    for src in ("../.ssh/id_rsa", str(secret), f"file://{secret}"):
        assert f"afbeelding weggelaten: {src} ({ONLY_INSIDE}" in done.output, src
    assert "afbeelding op internet weggelaten: https://example.org/x.png" in done.output
    assert (
        text.count(ONLY_INSIDE) == 3 and "roledoc haalt nooit een afbeelding van internet" in text
    )
    assert "relatief" in text and "absoluut" in text  # the alt text is kept
    assert done.output.count(ONLY_INSIDE) == 3
    # the one image written into the page itself is taken
    assets = example / "contributions" / THEME / "assets"
    assert "![ingebed](assets/aanval-1.png)" in text
    assert (assets / "aanval-1.png").read_bytes() == DIAGRAM.read_bytes()
    assert not list(assets.glob("aanval-2*"))
    assert "Traceback" not in done.output


def test_an_odt_picture_at_an_absolute_path_is_not_copied(
    example: Path, secret: Path, tmp_path: Path
) -> None:
    odt = _made_with_pandoc(tmp_path, "odt")
    with zipfile.ZipFile(odt) as archive:
        own = next(n for n in archive.namelist() if n.startswith("Pictures/"))
    content = 'xlink:href="{}"'
    attack = _edited(
        odt,
        tmp_path / "aanval.odt",
        "content.xml",
        content.format(own).encode(),
        content.format(secret).encode(),
    )
    done = _import(example, attack, "--title", "Uit OpenDocument")
    assert done.exit_code == 0, done.output
    _nothing_secret_in(example)
    text = (example / "contributions" / THEME / "uit-opendocument.md").read_text("utf-8")
    assert f"{NOT_COPIED}: `{secret}`; {ONLY_INSIDE}" in text
    assert f"afbeelding weggelaten: {secret}" in done.output
    assert not (example / "contributions" / THEME / "assets" / "uit-opendocument-1.png").exists()
    proc = _edited(
        odt,
        tmp_path / "omgeving.odt",
        "content.xml",
        content.format(own).encode(),
        content.format("/proc/self/environ").encode(),
    )
    done = _import(example, proc, "--title", "Omgeving")
    assert done.exit_code == 0, done.output
    assert "afbeelding weggelaten: /proc/self/environ" in done.output
    assert not list((example / "contributions" / THEME / "assets").glob("omgeving-*"))


def test_a_docx_image_linked_outside_is_listed_and_its_own_image_kept(
    example: Path, secret: Path, tmp_path: Path
) -> None:
    docx = _made_with_pandoc(tmp_path, "docx")
    relations = "word/_rels/document.xml.rels"
    with zipfile.ZipFile(docx) as archive:
        rels = archive.read(relations).decode()
    own = rels[rels.index('Target="media/') :].split('"')[1]
    # a second picture: the same drawing, pointing at an external relationship
    with zipfile.ZipFile(docx) as archive:
        document = archive.read("word/document.xml").decode()
    start = document.index("<w:drawing>")
    drawing = document[start : document.index("</w:drawing>") + len("</w:drawing>")]
    ident = drawing.split('r:embed="')[1].split('"')[0]
    linked = drawing.replace(f'r:embed="{ident}"', 'r:embed="rIdAanval"')
    attack = _edited(
        docx,
        tmp_path / "tussen.docx",
        "word/document.xml",
        drawing.encode(),
        (drawing + linked).encode(),
    )
    link = (
        '<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        f'relationships/image" Id="rIdAanval" Target="file://{secret}" TargetMode="External" />'
    )
    attack = _edited(
        attack,
        tmp_path / "aanval.docx",
        relations,
        b"</Relationships>",
        (link + "</Relationships>").encode(),
    )
    done = _import(example, attack)
    assert done.exit_code == 0, done.output
    _nothing_secret_in(example)
    text = (example / "contributions" / THEME / "een-ingevoerd-stuk.md").read_text("utf-8")
    assert f"{NOT_COPIED}: `file://{secret}`; {ONLY_INSIDE}" in text
    assert f"afbeelding weggelaten: file://{secret}" in done.output
    # the picture inside the file is imported as before
    assert "![Het schema](assets/een-ingevoerd-stuk-1.png)" in text
    copied = example / "contributions" / THEME / "assets" / "een-ingevoerd-stuk-1.png"
    assert copied.read_bytes() == DIAGRAM.read_bytes(), own


# -- writes: through pipeline/read/projectfiles.py -------------------------------------------------


def test_an_assets_folder_committed_as_a_link_makes_the_import_write_nothing(
    tmp_path: Path,
) -> None:
    origin = copy_example(tmp_path / "origin")
    git(origin, "init", "-q", "-b", "main")
    commit_all(origin, "Voorbeeld")
    outside = tmp_path / "buiten"
    outside.mkdir()
    assets = origin / "contributions" / THEME / "assets"
    if assets.exists():
        shutil.rmtree(assets)
    assets.symlink_to(outside)
    commit_all(origin, "Pull request")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(origin), str(clone))
    assert (clone / "contributions" / THEME / "assets").is_symlink()
    docx = _made_with_pandoc(tmp_path, "docx")
    done = _import(clone, docx)
    assert done.exit_code == 1
    assert f"contributions/{THEME}/assets" in done.output
    assert "een koppeling, waar roledoc schrijft" in done.output and "Fout:" in done.output
    assert list(outside.iterdir()) == []
    assert not (clone / "contributions" / THEME / "een-ingevoerd-stuk.md").exists()
    assert git(clone, "status", "--porcelain") == ""
    assert "Traceback" not in done.output


# -- packages: checked before pandoc opens them -----------------------------------------------


def _bomb(tmp_path: Path) -> Path:
    """A real Word file with a 100 MB part of zeros in it: some 100 KB on disk."""
    docx = _made_with_pandoc(tmp_path, "docx")
    bomb = tmp_path / "bom.docx"
    shutil.copyfile(docx, bomb)
    with (
        zipfile.ZipFile(bomb, "a", zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
        archive.open("word/media/nullen.bin", "w") as stream,
    ):
        for _ in range(100):
            stream.write(bytes(1024 * 1024))
    return bomb


def test_a_zip_bomb_is_refused_before_pandoc_opens_it(
    example: Path, tmp_path: Path, monkeypatch
) -> None:
    bomb = _bomb(tmp_path)
    assert bomb.stat().st_size < 300_000

    def no_pandoc(*args, **kwargs):
        raise AssertionError("pandoc was started")

    monkeypatch.setattr(importer, "read_document", no_pandoc)
    started = time.perf_counter()
    done = _import(example, bomb)
    assert time.perf_counter() - started < 2
    assert done.exit_code == 1
    assert "kan bom.docx niet lezen" in done.output and "zipbom" in done.output
    assert "word/media/nullen.bin" in done.output
    assert "Traceback" not in done.output
    assert not list((example / "contributions" / THEME).glob("een-ingevoerd-stuk*"))


def test_a_part_that_unpacks_past_its_stated_size_is_refused(tmp_path: Path) -> None:
    """A package whose table of contents lies: it says 1 KB, the part unpacks to 5 MB (which
    pandoc's own zip reader would unpack whole). The check stops one byte past the 1 KB."""
    bomb = tmp_path / "liegt.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", bytes(5 * 1024 * 1024))
    data = bytearray(bomb.read_bytes())
    said = 1024
    crc = zlib.crc32(bytes(said))
    local = data.index(b"PK\x03\x04")
    struct.pack_into("<I", data, local + 14, crc)
    struct.pack_into("<I", data, local + 22, said)
    central = data.index(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 16, crc)
    struct.pack_into("<I", data, central + 24, said)
    bomb.write_bytes(bytes(data))
    with pytest.raises(DamagedPackage) as refused:
        check_package(bomb, "docx")
    assert "word/document.xml" in str(refused.value)


@pytest.mark.parametrize("damage", ["bad CRC", "broken data", "truncated", "not a zip"])
def test_a_damaged_package_is_refused_naming_the_file(
    example: Path, tmp_path: Path, damage: str
) -> None:
    docx = _made_with_pandoc(tmp_path, "docx")
    data = bytearray(docx.read_bytes())
    with zipfile.ZipFile(docx) as archive:
        info = archive.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.orig_filename) + len(info.extra)
    if damage == "bad CRC":
        central = data.index(b"PK\x01\x02", data.index(info.orig_filename.encode()) + 1)
        while struct.unpack_from("<I", data, central + 42)[0] != info.header_offset:
            central = data.index(b"PK\x01\x02", central + 1)
        struct.pack_into("<I", data, central + 16, info.CRC ^ 0xFFFF)
        struct.pack_into("<I", data, info.header_offset + 14, info.CRC ^ 0xFFFF)
    elif damage == "broken data":
        data[start : start + 40] = bytes(range(200, 240))
    elif damage == "truncated":
        data = data[: len(data) // 2]
    else:
        data = bytearray(b"Dit is geen Word-bestand.\n" * 100)
    broken = tmp_path / "kapot.docx"
    broken.write_bytes(bytes(data))
    done = _import(example, broken)
    assert done.exit_code == 1, done.output
    assert (
        "kan kapot.docx niet lezen" in done.output or "kapot.docx is niet te lezen" in done.output
    )
    if damage in {"bad CRC", "broken data"}:
        assert "word/document.xml is beschadigd" in done.output
    assert "Traceback" not in done.output
    assert done.exception is None or isinstance(done.exception, SystemExit)


def test_packages_within_the_limits_pass(tmp_path: Path) -> None:
    check_package(_made_with_pandoc(tmp_path, "docx"), "docx")
    check_package(_made_with_pandoc(tmp_path, "odt"), "odt")
    with pytest.raises(OversizedPackage):
        check_package(_bomb(tmp_path), "docx")


# -- pandoc: a heap limit and a timeout -------------------------------------------------------


def test_pandoc_on_an_imported_file_runs_within_a_heap_limit(
    example: Path, tmp_path: Path, monkeypatch
) -> None:
    page = tmp_path / "groot.html"
    page.write_text("<h1>Groot</h1>" + ("<p>" + "woord " * 200 + "</p>\n") * 3000, "utf-8")
    monkeypatch.setattr(render, "UNTRUSTED_MEMORY", 64 * 1024**2)
    done = _import(example, page)
    assert done.exit_code == 1, done.output
    assert "groot.html" in done.output and "geheugen nodig" in done.output
    assert "te groot of te ingewikkeld om te importeren" in done.output
    assert "Traceback" not in done.output


def test_pandoc_on_an_imported_file_runs_within_a_timeout(
    example: Path, tmp_path: Path, monkeypatch
) -> None:
    page = tmp_path / "traag.html"
    page.write_text("<h1>Traag</h1>" + ("<p>" + "woord " * 200 + "</p>\n") * 3000, "utf-8")
    monkeypatch.setattr(render, "UNTRUSTED_TIMEOUT", 0.05)
    started = time.perf_counter()
    done = _import(example, page)
    assert time.perf_counter() - started < 30
    assert done.exit_code == 1, done.output
    assert "pandoc gaf niet op tijd een resultaat" in done.output and "traag.html" in done.output
    assert "Traceback" not in done.output


def test_the_heap_limit_is_an_option_this_pandoc_accepts(tmp_path: Path, monkeypatch) -> None:
    """pypandoc-binary's pandoc takes runtime options (+RTS -M): a bounded run of a normal file
    works, and the limit is really on the command line."""
    started: list[list[str]] = []
    real = render.subprocess.run

    def spy(command, *args, **kwargs):
        started.append(list(command))
        return real(command, *args, **kwargs)

    page = tmp_path / "klein.html"
    page.write_text("<h1>Klein</h1><p>Tekst.</p>", encoding="utf-8")
    monkeypatch.setattr(render.subprocess, "run", spy)
    ast = render.read_document(page, "html", tmp_path / "media", bounded=True)
    assert ast["blocks"]
    assert started[0][1:4] == ["+RTS", f"-M{render.UNTRUSTED_MEMORY // 1024**2}m", "-RTS"]


def test_an_html_file_is_read_only_up_to_its_limit(
    example: Path, tmp_path: Path, monkeypatch
) -> None:
    page = tmp_path / "lang.html"
    page.write_text("<h1>Lang</h1>" + "<p>tekst</p>" * 100, encoding="utf-8")
    monkeypatch.setattr(importer, "MAX_HTML_BYTES", 1000)
    done = _import(example, page)
    assert done.exit_code == 1
    assert "kan lang.html niet lezen: het is" in done.output and "meer dan de grens" in done.output
