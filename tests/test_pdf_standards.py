"""The PDF is PDF/A-2a and PDF/UA-1 in one file (or what document.yaml's `pdf_standard` asks),
with pictures as participants save them, and the structure checks say so
(pipeline/conformance/pdf.py). Real pandoc, real Typst."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from pipeline.conformance.pdf import pdf_checks
from pipeline.core.diagnostics import words
from pipeline.core.messages import text
from pipeline.publish.build import build_document
from pipeline.publish.plan import BuildRefused

from .conftest import BuiltExample

TITLE = "Rol en werkwijze van de ambtelijke organisatie"


def _failing(checks) -> list[str]:
    return [f"{text(c.name)}: {text(c.detail)}" for c in checks if not c.ok]


def _xmp(pdf: Path) -> str:
    root = PdfReader(pdf).trailer["/Root"]
    return root["/Metadata"].get_object().get_data().decode("utf-8")


def test_the_example_is_pdf_a_2a_and_pdf_ua_1_in_one_file(built_example: BuiltExample) -> None:
    pdf = built_example.out / "rol-en-werkwijze.pdf"
    xmp = _xmp(pdf)
    assert "<pdfaid:part>2</pdfaid:part>" in xmp and "<pdfaid:conformance>A" in xmp
    assert "<pdfuaid:part>1</pdfuaid:part>" in xmp
    checks = pdf_checks(pdf, TITLE, "nl-NL")
    assert len(checks) == 5 and _failing(checks) == []
    details = " | ".join(text(c.detail) for c in checks)
    assert "PDF/A-2a" in details and "sRGB" in details and "all embedded" in details


def _pictures(folder: Path) -> None:
    """A transparent PNG, a CMYK JPEG (as print work is saved) and a 16-bit PNG."""
    folder.mkdir(parents=True, exist_ok=True)
    clear = Image.new("RGBA", (240, 120), (0, 82, 155, 0))
    ImageDraw.Draw(clear).ellipse((10, 10, 230, 110), fill=(0, 82, 155, 150))
    clear.save(folder / "doorzichtig.png")
    Image.new("CMYK", (240, 120), (200, 40, 0, 20)).save(folder / "drukwerk.jpg", quality=90)
    deep = Image.new("I;16", (240, 120))
    deep.putdata([x * 270 for _ in range(120) for x in range(240)])
    deep.save(folder / "diep.png")


def _project_with_pictures(tmp_path: Path, standard: str | None = None) -> Path:
    root = tmp_path / "project"
    shutil.copytree(Path(__file__).parent / "fixtures" / "valid", root)
    contribution = root / "contributions" / "limits" / "where-it-ends.md"  # accepted
    _pictures(contribution.parent / "assets")
    with contribution.open("a", encoding="utf-8") as out:
        out.write(
            "\n\n![Een doorzichtige ovaal](assets/doorzichtig.png)\n\n"
            "![Een blauw vlak uit drukwerk](assets/drukwerk.jpg)\n\n"
            "![Een grijs verloop](assets/diep.png)\n"
        )
    if standard is not None:
        settings = root / "document.yaml"
        settings.write_text(
            settings.read_text(encoding="utf-8") + f"pdf_standard: {standard}\n", encoding="utf-8"
        )
    return root


def _settings(root: Path) -> tuple[str, str]:
    from pipeline.check.project import load_project

    settings = load_project(root).settings
    assert settings is not None
    return settings.title, settings.lang


def test_transparent_cmyk_and_16_bit_pictures_still_conform(tmp_path: Path) -> None:
    root = _project_with_pictures(tmp_path)
    result = build_document(root, formats=("pdf", "html"))
    pdf = next(o.path for o in result.outputs if o.fmt == "pdf")
    title, lang = _settings(root)
    assert _failing(pdf_checks(pdf, title, lang)) == []
    spaces = {
        str(x.get("/ColorSpace") if not isinstance(x.get("/ColorSpace"), list) else "ICC")
        for page in PdfReader(pdf).pages
        for x in (page["/Resources"]["/XObject"].get_object()[k].get_object()
                  for k in page.get("/Resources", {}).get("/XObject", {}))
    }  # fmt: skip
    assert "/DeviceCMYK" not in spaces  # the CMYK picture was converted to sRGB
    # The HTML shows the converted picture too: browsers draw CMYK JPEGs in odd colours.
    html = next(o.path for o in result.outputs if o.fmt == "html").read_text(encoding="utf-8")
    assert html.count("data:image/jpeg") == 1 and "Een blauw vlak uit drukwerk" in html


@pytest.mark.parametrize(
    ("standard", "archive"),
    [("PDF/A-3a", "<pdfaid:part>3</pdfaid:part>"), ("pdf/ua-1", None)],
)
def test_document_yaml_chooses_the_standard(tmp_path: Path, standard: str, archive) -> None:
    root = _project_with_pictures(tmp_path, standard)
    pdf = next(o.path for o in build_document(root, formats=("pdf",)).outputs)
    xmp = _xmp(pdf)
    assert "<pdfuaid:part>1</pdfuaid:part>" in xmp
    if archive:
        assert archive in xmp
    else:
        assert "pdfaid:part>" not in xmp
    title, lang = _settings(root)
    checks = pdf_checks(pdf, title, lang, standard.lower())
    assert len(checks) == (5 if archive else 4) and _failing(checks) == []


def test_an_unknown_standard_is_refused_with_the_line(tmp_path: Path) -> None:
    root = _project_with_pictures(tmp_path, "PDF/A-4")
    with pytest.raises(BuildRefused) as refused:
        build_document(root, formats=("pdf",))
    [error] = refused.value.project.errors
    said = words(error, "en")
    assert error.code == "RD215" and error.path == "document.yaml" and error.line > 1
    assert "PDF/A-4" in said and "PDF/A-2a" in said


def test_the_checks_fail_on_a_file_that_lost_what_the_standards_ask(
    built_example: BuiltExample, tmp_path: Path
) -> None:
    writer = PdfWriter(clone_from=built_example.out / "rol-en-werkwijze.pdf")
    root = writer._root_object
    del root[NameObject("/OutputIntents")]
    del root[NameObject("/StructTreeRoot")]
    root[NameObject("/Lang")] = TextStringObject("en")
    script = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("1")}
    )
    root[NameObject("/OpenAction")] = writer._add_object(script)
    broken = tmp_path / "broken.pdf"
    with broken.open("wb") as out:
        writer.write(out)
    failing = _failing(pdf_checks(broken, TITLE, "nl-NL"))
    assert len(failing) == 4, failing
    assert "output intent" in failing[0]
    assert "the language is en" in failing[1]
    assert "not tagged" in failing[2]
    assert "JavaScript" in failing[3]


def test_a_cmyk_jpeg_that_ends_early_passes_check_and_builds(tmp_path: Path) -> None:
    """check lets a JPEG that ends early through (Typst draws the rest grey); its CMYK
    conversion for PDF/A must not then fail the build."""
    root = _project_with_pictures(tmp_path)
    picture = root / "contributions" / "limits" / "assets" / "drukwerk.jpg"
    picture.write_bytes(picture.read_bytes()[:-200])
    pdf = next(o.path for o in build_document(root, formats=("pdf",)).outputs)
    title, lang = _settings(root)
    assert _failing(pdf_checks(pdf, title, lang)) == []
