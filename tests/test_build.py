"""`roledoc build` on real outputs: what is included, in what order, and safely merged."""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from pipeline.check import project as project_module
from pipeline.check.project import load_project
from pipeline.cli import main
from pipeline.formats.render import RenderError
from pipeline.publish.build import build_document
from pipeline.publish.plan import BuildRefused

from .commands import pandoc
from .conftest import BuiltExample
from .pdftext import page_texts

FIXTURES = Path(__file__).parent / "fixtures"

TRICKY_TITLE = "A <b>bold</b> *claim* with # $5 @home [link](x)"
TRICKY_NAME = "<i>D.</i> *Dean* & [co]"
TRICKY_ORG = "#1 $Org @home"


def make_rich_project(root: Path) -> Path:
    """The valid fixture plus contributions that test merging: deep headings, a tricky title,
    participants whose names look like markup."""
    shutil.copytree(FIXTURES / "valid", root)
    with (root / "contributions/participants.yaml").open("a", encoding="utf-8") as f:
        f.write(
            f"dave:\n  name: {json.dumps(TRICKY_NAME)}\n  organisation: {json.dumps(TRICKY_ORG)}\n"
        )
    (root / "contributions/limits/deep-start.md").write_text(
        "---\ntitle: Starts deep\nauthors: [dave]\nstatus: accepted\ndate: 2017-04-02\n---\n"
        "#### Deep start\n\nText under a deep heading.\n\n##### Deeper\n\nMore.\n",
        encoding="utf-8",
    )
    (root / "contributions/limits/tricky.md").write_text(
        f"---\ntitle: {json.dumps(TRICKY_TITLE)}\nauthors: [dave]\nstatus: accepted\n"
        'date: 2017-04-03\n---\nLooks like code: #read("/etc/passwd") and <script>x</script>'
        "\n",
        encoding="utf-8",
    )
    return root


def pdf_text(path: Path) -> str:
    text = "\n".join(page_texts(path))
    return re.sub(r"-\n", "", text)  # undo hyphenation at line ends


def docx_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read("word/document.xml").decode("utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_rich_project(tmp_path_factory.mktemp("rich") / "project")
    # tricky.md is refused by check (raw HTML); replace its body for the build test.
    tricky = root / "contributions/limits/tricky.md"
    tricky.write_text(
        tricky.read_text(encoding="utf-8").replace(" and <script>x</script>", ""),
        encoding="utf-8",
    )
    build_document(root, formats=("pdf", "html", "docx", "epub", "odt"))
    return root


def test_all_formats_and_the_assembled_markdown_are_written(built: Path) -> None:
    names = sorted(p.name for p in (built / "build").glob("[!.]*"))
    assert names == [
        "accessibility.html",
        "accessibility.md",
        "how-we-work.docx",
        "how-we-work.epub",
        "how-we-work.html",
        "how-we-work.md",
        "how-we-work.odt",
        "how-we-work.pdf",
        "report.json",
    ]


def test_published_build_has_exactly_the_accepted_not_superseded(built: Path) -> None:
    html = (built / "build/how-we-work.html").read_text(encoding="utf-8")
    for included in ("What support is", "Support, revised", "Where it ends", "Starts deep"):
        assert included in html
    for excluded in ("Support, first version", "A draft idea", "A proposal", "executes policy"):
        assert excluded not in html
    text = pdf_text(built / "build/how-we-work.pdf")
    assert "Support, revised" in text and "Support, first version" not in text


def test_contributions_follow_sections_then_order_date_id(built: Path) -> None:
    text = pdf_text(built / "build/how-we-work.pdf")
    body = text[text.index("1 Introduction") :]
    sequence = [
        "1 Introduction",
        "2 What support means",
        "2.1 What support is",  # order: 10
        "2.2 Support, revised",  # no order
        "3 Where the role ends",
        "3.1 Where it ends",  # 2017-04-01
        "3.2 Starts deep",  # 2017-04-02
    ]
    positions = [body.index(item) for item in sequence]
    assert positions == sorted(positions)


def test_every_contribution_file_is_in_the_report(built: Path) -> None:
    report = json.loads((built / "build/report.json").read_text(encoding="utf-8"))
    files = sorted(p.relative_to(built).as_posix() for p in (built / "contributions").rglob("*.md"))
    assert sorted(c["path"] for c in report["contributions"]) == files
    reasons = {c["id"]: (c["included"], c["reason"]) for c in report["contributions"]}
    assert reasons["support-old"] == (False, "superseded by support-new")
    assert reasons["a-draft"] == (False, "draft")
    assert reasons["rejected-idea"] == (False, "rejected")
    assert reasons["where-it-ends"] == (True, "accepted")
    assert report["outputs"]["pdf"] == "build/how-we-work.pdf"
    assert report["draft"] is False


def test_footnotes_and_reference_links_do_not_collide(built: Path) -> None:
    html = (built / "build/how-we-work.html").read_text(encoding="utf-8")
    assert "As agreed in 2016." in html
    assert "Execution stays with the towns" in html
    assert 'href="https://example.org/charter"' in html
    assert 'href="https://example.org/other-charter"' in html
    markdown = (built / "build/how-we-work.md").read_text(encoding="utf-8")
    labels = re.findall(r"^\[\^([^\]]+)\]:", markdown, re.MULTILINE)
    assert len(labels) == len(set(labels)) == 2


def test_headings_nest_below_the_contribution_title(built: Path) -> None:
    html = (built / "build/how-we-work.html").read_text(encoding="utf-8")
    # HTML: document title <h1>, chapter <h2>, contribution <h3>, its own headings from <h4>.
    number = r'<span class="header-section-number">[\d.]+</span> '
    assert re.search(rf"<h3[^>]*>{number}Starts deep</h3>", html)
    assert re.search(r"<h4[^>]*>Deep start</h4>", html)
    assert re.search(r"<h5[^>]*>Deeper</h5>", html)
    assert re.search(r"<h4[^>]*>In practice</h4>", html)


def test_cross_links_point_at_contribution_and_heading_ids(built: Path) -> None:
    html = (built / "build/how-we-work.html").read_text(encoding="utf-8")
    assert 'id="where-it-ends"' in html and 'href="#where-it-ends"' in html
    assert 'id="what-support-is-in-practice"' in html
    assert 'href="#what-support-is-in-practice"' in html
    assert 'id="limits"' in html and 'href="#limits"' in html


def test_metadata_that_looks_like_markup_shows_literally(built: Path) -> None:
    # (a participant's name keeps its words on one line: no-break spaces, read as spaces here)
    html = (built / "build/how-we-work.html").read_text(encoding="utf-8").replace("\xa0", " ")
    assert "A &lt;b&gt;bold&lt;/b&gt; *claim* with # $5 @home [link](x)" in html
    assert "&lt;i&gt;D.&lt;/i&gt; *Dean* &amp; [co], #1 $Org @home" in html
    assert "#read(“/etc/passwd”)" in html  # running text: its quotes are typeset
    text = pdf_text(built / "build/how-we-work.pdf").replace("\xa0", " ")
    assert "<b>bold</b> *claim* with # $5 @home [link](x)" in text
    assert "<i>D.</i> *Dean* & [co]" in text
    assert "#read(" in text
    xml = docx_xml(built / "build/how-we-work.docx")
    assert "&lt;b&gt;bold&lt;/b&gt; *claim* with # $5 @home [link](x)" in xml


def test_outputs_carry_title_and_language(built: Path) -> None:
    reader = PdfReader(built / "build/how-we-work.pdf")
    assert reader.metadata.title == "How the Support Office Works"
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    html = (built / "build/how-we-work.html").read_text(encoding="utf-8")
    assert '<html lang="en-GB">' in html
    assert "<title>How the Support Office Works</title>" in html
    with zipfile.ZipFile(built / "build/how-we-work.docx") as archive:
        core = archive.read("docProps/core.xml").decode("utf-8")
    assert "How the Support Office Works" in core and "en-GB" in core


def test_draft_build_marks_drafts_and_never_shows_rejected(tmp_path: Path) -> None:
    root = make_rich_project(tmp_path / "project")
    (root / "contributions/limits/tricky.md").unlink()
    build_document(root, draft=True, formats=("pdf", "html"))
    html = (root / "build/how-we-work.html").read_text(encoding="utf-8")
    assert "A draft idea" in html and "A proposal" in html
    assert "executes policy" not in html
    assert 'class="concept-banner"' in html
    assert "Not yet accepted: Draft" in html and "Not yet accepted: Proposed" in html
    text = pdf_text(root / "build/how-we-work.pdf")
    assert "DRAFT" in text.split("\n")[0:5] or "DRAFT" in text[:300]
    assert "Not yet accepted: Draft" in text
    report = json.loads((root / "build/report.json").read_text(encoding="utf-8"))
    assert report["draft"] is True


def test_a_refused_build_leaves_earlier_outputs_untouched(tmp_path: Path) -> None:
    root = make_rich_project(tmp_path / "project")
    (root / "contributions/limits/tricky.md").unlink()
    build_document(root, formats=("html",))
    before = {p.name: p.read_bytes() for p in (root / "build").glob("[!.]*")}
    shutil.copyfile(FIXTURES / "invalid/bad-status.md", root / "contributions/support/bad.md")
    result = CliRunner().invoke(main, ["-C", str(root), "build", "--format", "html"])
    assert result.exit_code == 1
    assert "RD205" in result.output and "nothing written" in result.output
    after = {p.name: p.read_bytes() for p in (root / "build").glob("[!.]*")}
    assert after == before


def test_a_renderer_failure_names_the_format_and_writes_nothing(tmp_path: Path) -> None:
    root = make_rich_project(tmp_path / "project")
    (root / "contributions/limits/tricky.md").unlink()
    build_document(root, formats=("html",))
    before = {p.name: p.read_bytes() for p in (root / "build").glob("[!.]*")}
    (root / "templates/typst").mkdir(parents=True)
    (root / "templates/typst/template.typ").write_text("#let x = (\n$body$\n", encoding="utf-8")
    with pytest.raises(RenderError) as caught:
        build_document(root, formats=("html", "pdf"))
    assert str(caught.value.message).startswith("pdf: typst failed")
    after = {p.name: p.read_bytes() for p in (root / "build").glob("[!.]*")}
    assert after == before
    assert not [p for p in (root / "build").iterdir() if p.name.startswith(".staging")]


def test_refused_build_raises_with_the_diagnostics(tmp_path: Path) -> None:
    root = make_rich_project(tmp_path / "project")
    with pytest.raises(BuildRefused) as caught:
        build_document(root, formats=("html",))
    assert {d.code for d in caught.value.project.errors} == {"RD303"}


def test_format_subset_and_out_folder(tmp_path: Path) -> None:
    root = make_rich_project(tmp_path / "project")
    (root / "contributions/limits/tricky.md").unlink()
    out = tmp_path / "elsewhere"
    result = CliRunner().invoke(
        main, ["-C", str(root), "build", "--format", "docx,html", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.glob("[!.]*")) == [
        "accessibility.html",
        "accessibility.md",
        "how-we-work.docx",
        "how-we-work.html",
        "how-we-work.md",
        "report.json",
    ]
    assert "Excluded: 4" in result.output and "superseded by support-new" in result.output
    assert (
        CliRunner().invoke(main, ["-C", str(root), "build", "--format", "pdf,word"]).exit_code == 2
    )


def test_a_project_template_overrides_one_default_file(tmp_path: Path) -> None:
    root = make_rich_project(tmp_path / "project")
    (root / "contributions/limits/tricky.md").unlink()
    (root / "templates").mkdir()
    labels = (Path(__file__).parent.parent / "pipeline/defaults/labels.yaml").read_text("utf-8")
    (root / "templates/labels.yaml").write_text(
        labels.replace("colophon: Colophon", "colophon: About this edition"), encoding="utf-8"
    )
    build_document(root, formats=("html",))
    html = (root / "build/how-we-work.html").read_text(encoding="utf-8")
    assert "About this edition" in html


def test_the_example_document_builds_in_every_format(built_example: BuiltExample) -> None:
    outputs = built_example.result.outputs
    assert sorted(o.fmt for o in outputs) == ["docx", "epub", "html", "odt", "pdf"]
    text = pdf_text(built_example.out / "rol-en-werkwijze.pdf")
    assert "Wat procesondersteuning is" in text and "Inhoudsopgave" in text
    pdf = PdfReader(built_example.out / "rol-en-werkwijze.pdf")
    assert pdf.trailer["/Root"]["/Lang"] == "nl-NL"


def test_build_runs_for_real_in_a_subprocess(tmp_path: Path) -> None:
    import subprocess
    import sys

    root = make_rich_project(tmp_path / "project")
    (root / "contributions/limits/tricky.md").unlink()
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "-C", str(root), "build", "--format", "html"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert re.search(r"\n  html +build/how-we-work\.html", done.stdout)
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    "text",
    [
        "".join(chr(c) for c in range(33, 127) if not chr(c).isalnum()),
        "1. Not a list",
        "- not a list either",
        "&lt;entity&gt; &amp; <!-- comment --> `code` $x$ @cite [^1] ^[note]",
        "# heading? | table | ~~strike~~ ~sub~ ^sup^ ***",
    ],
)
def test_escaped_metadata_reads_back_as_the_same_text(text: str) -> None:
    from pipeline.assemble.assemble import escape_markdown

    reader = "markdown-raw_html-raw_tex-raw_attribute-tex_math_dollars-citations"
    plain = pandoc("-f", reader, "-t", "plain", "--wrap=none", text=escape_markdown(text))
    # Quotes may become typographic ones; every other character stays as written.
    curly = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})  # noqa: RUF001
    assert plain.strip().translate(curly) == text.strip()


def test_attributes_written_by_a_contributor_do_not_reach_the_outputs(
    tmp_path: Path, monkeypatch
) -> None:
    """GitHub has no attribute syntax: check refuses pandoc's (RD322, RD323), and past check
    it is only text, never a live attribute or a Word style."""
    root = make_rich_project(tmp_path / "project")
    (root / "contributions/limits/tricky.md").write_text(
        "---\ntitle: Attributes\nauthors: [bob]\nstatus: accepted\ndate: 2017-05-05\n---\n"
        '[click]{onclick="alert(1)" style="display:none"} here.\n\n'
        '::: {custom-style="Title"}\nNot a title\n:::\n\n'
        "::: {.status-note onmouseover=x}\nFake status\n:::\n\n## Head {.unnumbered data-x=1}\n",
        encoding="utf-8",
    )
    project = load_project(root)
    found = {d.code for d in project.diagnostics if d.path.endswith("tricky.md")}
    assert {"RD322", "RD323"} <= found
    monkeypatch.setattr(
        project_module,
        "load_project",
        lambda r: project.__class__(**{**project.__dict__, "diagnostics": ()}),
    )
    build_document(root, formats=("html", "docx"))
    html = (root / "build/how-we-work.html").read_text(encoding="utf-8")
    tags = re.findall(r"<[a-z][^>]*>", html)
    # (roledoc's own: the width a figure shrinks to, html.lua)
    ours = re.compile(
        r'<div class="figure-scroll"[^>]* style="--figure-floor: min\(38rem, \d+px\)"'
    )
    assert not [
        t
        for t in tags
        if re.search(r"\s(onclick|onmouseover|style|data-x)=", t) and not ours.match(t)
    ]
    assert html.count('class="status-note') == 0
    assert "Fake status" in html and "{onclick=" in html  # shown as the text it is
    assert docx_xml(root / "build/how-we-work.docx").count('<w:pStyle w:val="Title" />') == 1
