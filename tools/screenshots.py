"""Screenshots of the example document for the documentation site, made by this checkout's
roledoc from a fresh clone of the repository, so that they stay current.

    python tools/screenshots.py                  write docs/screens/*.png
    python tools/screenshots.py --out DIR        write them into DIR
    python tools/screenshots.py --allow-missing  without LibreOffice, make the others

The PDF's pages are drawn by pypdfium2 from one build; the review round's Word file as
LibreOffice prints it; the pull request's comment (pr-summary, for a branch that changes a
contribution and proposes a new one) by pandoc and Typst in the house font, framed as GitHub
frames a comment. The pages are found by their text, not by their number. Nothing is
written until every screenshot has been made.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pypandoc
import pypdfium2 as pdfium
import typst
from PIL import Image, ImageChops, ImageDraw
from PIL.PngImagePlugin import PngInfo

REPOSITORY = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPOSITORY))

from pipeline.check.project import load_project  # noqa: E402
from pipeline.core.model import Project, Settings  # noqa: E402
from pipeline.formats.docxpages import office_program  # noqa: E402
from pipeline.formats.officefonts import folders_for  # noqa: E402
from pipeline.read.labels import load_labels  # noqa: E402
from pipeline.read.templates import Templates  # noqa: E402

SCREENS = (
    "title-page.png",
    "contribution.png",
    "changes-appendix.png",
    "review-word.png",
    "pr-check.png",
)
NEEDS_OFFICE = frozenset({"review-word.png"})
OFFICE_HINT = "LibreOffice (apt-get install libreoffice-writer)"
OUT = REPOSITORY / "docs" / "screens"
PAGE_WIDTH = 1200  # pixels of one PDF page
REVIEW_PAGES = 2  # the review file's first pages, side by side
REVIEW_WIDTH = 1400  # pixels of the review file's pages together
GAP = 24  # pixels between pages side by side
FRAME = "#c8ccd1"  # a white page's edge on the site's white
COMMENT_PPI = 180  # the comment's page is 16 cm wide: about 1130 pixels
# The pull request of the comment (and of the docs' pr-summary sample): a number changed, a
# proposal added.
EDIT = ("contributions/belangen/belangen-in-kaart.md", "meer dan 200.000", "ruim 235.000")
PROPOSAL = (
    "contributions/grenzen/een-nieuwe-afspraak-over-evaluaties.md",
    """---
title: Een nieuwe afspraak over evaluaties
authors: [swillems]
status: proposed
date: 2026-12-01
order: 60
summary: Na elk afgerond traject vraagt het bureau de trekker of een evaluatie nodig is.
---

Na elk afgerond traject vraagt het bureau de trekker of de gemeenten het traject willen
evalueren. De trekker beslist. Het bureau organiseert de evaluatie alleen als de trekker
erom vraagt.
""",
)
# GitHub's comment box around pandoc's Typst of the comment (comment.typ). No emoji font
# ships with Typst or roledoc: the marks the comment starts with are drawn.
COMMENT_PAGE = r"""
#set page(width: 16cm, height: 24cm, margin: 8pt, fill: white)
#set text(font: "Source Sans Pro", size: 10.5pt, fill: rgb("#1f2328"), lang: "nl",
  hyphenate: false)
#set par(leading: 0.6em, spacing: 0.95em)
#let grey = rgb("#59636e")
#let edge = 1pt + rgb("#d1d9e0")
#show heading: set text(weight: "semibold")
#show heading: set block(above: 1.3em, below: 0.75em)
#show heading.where(level: 3): set text(size: 13.5pt)
#show heading.where(level: 4): set text(size: 11.5pt)
#set list(spacing: 0.55em)
#show list: set block(above: 0.75em, below: 1em)
#show quote.where(block: true): it => block(above: 0.6em, below: 0.6em,
  inset: (left: 10pt, y: 2pt), stroke: (left: 3pt + rgb("#d1d9e0")), text(fill: grey, it.body))
#show link: set text(fill: rgb("#0969da"))
#show raw: set text(font: "DejaVu Sans Mono", size: 0.9em)
#let horizontalrule = line(length: 100%, stroke: edge)
#let stroke-mark(paint, ..points) = curve(
  stroke: (paint: paint, thickness: 0.15em, cap: "round", join: "round"),
  curve.move(points.pos().first()), ..points.pos().slice(1).map(curve.line))
#let square-mark(fill, inside) = box(baseline: 0.17em, rect(width: 1.05em, height: 1.05em,
  radius: 0.2em, fill: fill, inset: 0pt, inside))
#show "✅": square-mark(rgb("#5ba84a"),
  stroke-mark(white, (0.24em, 0.55em), (0.44em, 0.76em), (0.81em, 0.3em)))
#show "❌": box(baseline: 0.17em, width: 1.05em, height: 1.05em, {
  place(stroke-mark(rgb("#dd2e44"), (0.2em, 0.2em), (0.85em, 0.85em)))
  place(stroke-mark(rgb("#dd2e44"), (0.85em, 0.2em), (0.2em, 0.85em)))
})
#show regex("⚠\u{fe0f}?"): box(baseline: 0.17em, width: 1.1em, height: 1.05em, {
  place(polygon(fill: rgb("#ffcc4d"), stroke: (paint: rgb("#ffcc4d"), join: "round",
    thickness: 0.1em), (0.55em, 0.05em), (1.08em, 1em), (0.02em, 1em)))
  place(dx: 0.44em, dy: 0.2em, text(weight: "bold", size: 0.75em, fill: rgb("#231f20"))[!])
})
#block(width: 100%, stroke: edge, radius: 6pt, clip: true, breakable: true, {
  block(width: 100%, fill: rgb("#f6f8fa"), inset: (x: 14pt, y: 9pt), below: 0pt,
    stroke: (bottom: edge))[
    #text(weight: "semibold")[github-actions]#h(3pt)
    #box(stroke: 0.6pt + grey, radius: 1em, inset: (x: 5pt, y: 1.5pt), outset: (y: 1pt),
      text(size: 8pt, fill: grey)[bot])#h(3pt)
    #text(fill: grey)[commented]
  ]
  block(width: 100%, inset: (x: 14pt, top: 12pt, bottom: 12pt), above: 0pt,
    include "comment.typ")
})
"""


class ScreenshotError(Exception):
    """A step that the screenshots depend on failed; the message says which and why."""


@dataclass(frozen=True)
class Screen:
    name: str  # one of SCREENS
    image: Image.Image
    source: str  # what it shows, for the line printed
    text: str  # the text of what it shows, as its PDF has it (the comment: its Markdown)

    def png(self) -> bytes:
        """Optimised, in 256 colours (a page of text looks the same in them at a third of
        the size of full colour), with what it shows as its title and that text as its
        description, which the tests read and an editor can reuse."""
        out = io.BytesIO()
        palette = self.image.convert("RGB").quantize(
            256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
        )
        info = PngInfo()
        info.add_itxt("Title", self.source)
        info.add_itxt("Description", self.text, zip=True)
        palette.save(out, format="PNG", optimize=True, pnginfo=info)
        return out.getvalue()


def make_screens(office: str | None) -> list[Screen]:
    """Every screenshot, from a fresh clone of this repository; the review file's only with
    LibreOffice (`office`, the program)."""
    with tempfile.TemporaryDirectory(prefix="roledoc-screens-") as folder:
        work = Path(folder)
        clone = work / "example"
        _git(work, "clone", "-q", str(REPOSITORY), str(clone))
        env = _environment()
        _roledoc(clone, env, "build", "--format", "pdf")
        project = load_project(clone)
        settings = project.settings
        if settings is None or not project.sections:
            raise ScreenshotError("the clone's document.yaml or sections could not be read")
        screens = _pdf_screens(clone, project, settings)
        if office is not None:
            screens.append(_review_screen(clone, settings.output, env, office, work))
        screens.append(_comment_screen(clone, env, work))
    return screens


def _environment() -> dict[str, str]:
    """This checkout's roledoc; nothing of a GitHub run (the comment would link to it)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("GITHUB_") and key != "ROLEDOC_PR_HEAD"
    }
    return {**env, "PYTHONPATH": str(REPOSITORY)}


def _git(folder: Path, *args: str) -> str:
    return _run(f"git {args[0]}", ["git", *args], folder, None)


def _roledoc(clone: Path, env: dict[str, str], *args: str) -> str:
    # -P: the clone's own pipeline/ folder must not shadow this checkout's
    command = [sys.executable, "-P", "-m", "pipeline", *args]
    return _run(f"roledoc {' '.join(args[:2])}", command, clone, env)


def _run(what: str, command: list[str], folder: Path, env: dict[str, str] | None) -> str:
    done = subprocess.run(
        command, cwd=folder, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    if done.returncode != 0:
        said = (done.stderr.strip() or done.stdout.strip())[-1500:]
        raise ScreenshotError(f"{what} failed (exit {done.returncode}):\n{said}")
    return done.stdout


def _pdf_screens(clone: Path, project: Project, settings: Settings) -> list[Screen]:
    """The title page, the first page with a contribution's heading and byline, and the
    changes appendix's first page."""
    name = f"{settings.output}.pdf"
    pdf = pdfium.PdfDocument(clone / "build" / name)
    try:
        texts = [_page_text(pdf[index]) for index in range(len(pdf))]
        labels = load_labels(Templates(clone).read("labels.yaml"), settings.lang)
        chosen = {
            "title-page.png": 0,
            "contribution.png": _contribution_page(texts, project),
            "changes-appendix.png": _first_page(
                texts, _line_pattern(labels.strings["changes_since"]), "the changes appendix"
            ),
        }
        return [
            Screen(
                screen,
                _framed(_page_image(pdf[index], PAGE_WIDTH)),
                f"{name} page {index + 1}",
                texts[index],
            )
            for screen, index in chosen.items()
        ]
    finally:
        pdf.close()


def _page_text(page: pdfium.PdfPage) -> str:
    return page.get_textpage().get_text_range().replace("\r\n", "\n").replace("\r", "\n")


def _contribution_page(texts: list[str], project: Project) -> int:
    """The first page in the first chapter that shows a contribution's numbered heading
    with its byline (which starts with the first author's name) under it."""
    first = project.sections[0]
    patterns = []
    for contribution in project.contributions:
        author = project.participants.get(contribution.authors[0] if contribution.authors else "")
        if contribution.theme in first.themes and author is not None:
            title, byline = _words_pattern(contribution.title), _words_pattern(author.name)
            patterns.append(rf"^\d+(?:\.\d+)+\s+{title}\s*\n\s*{byline}\b")
    if not patterns:
        raise ScreenshotError(f"the first chapter, {first.path}, has no contribution")
    pattern = re.compile("|".join(f"(?:{p})" for p in patterns), re.MULTILINE)
    return _first_page(texts, pattern, "a contribution of the first chapter")


def _line_pattern(label: str) -> re.Pattern[str]:
    """A heading made from a label such as 'Wijzigingen sinds editie {since}', as a whole
    line (a line of the contents ends in its page number)."""
    parts = [_words_pattern(part) for part in label.split("{since}")]
    return re.compile(r"^\s*" + r"\S+".join(parts) + r"\s*$", re.MULTILINE)


def _words_pattern(text: str) -> str:
    """`text` as a pattern in which any white space may be any other (a line may wrap)."""
    return "".join(
        r"\s+" if part.isspace() else re.escape(part) for part in re.split(r"(\s+)", text) if part
    )


def _first_page(texts: list[str], pattern: re.Pattern[str], what: str) -> int:
    for index, text in enumerate(texts):
        if pattern.search(text):
            return index
    raise ScreenshotError(f"no page of the PDF shows {what} (looked for {pattern.pattern!r})")


def _page_image(page: pdfium.PdfPage, width: int) -> Image.Image:
    return page.render(scale=width / page.get_width()).to_pil().convert("RGB")


def _framed(image: Image.Image) -> Image.Image:
    framed = image.copy()
    ImageDraw.Draw(framed).rectangle((0, 0, image.width - 1, image.height - 1), outline=FRAME)
    return framed


def _review_screen(
    clone: Path, output: str, env: dict[str, str], office: str, work: Path
) -> Screen:
    """The review round's Word file (`roledoc review export`) as LibreOffice prints it, its
    first pages side by side. LibreOffice is given the house font the file names."""
    docx = work / "review" / f"{output}-review.docx"
    docx.parent.mkdir()
    _roledoc(clone, env, "review", "export", "--out", str(docx))
    fonts = _font_config(work, folders_for(clone))
    printed = work / "review" / "pdf"
    _run(
        "LibreOffice",
        [
            office,
            f"-env:UserInstallation={(work / 'office-profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(printed),
            str(docx),
        ],
        work,
        {**env, "FONTCONFIG_FILE": str(fonts)},
    )
    if not (printed / f"{docx.stem}.pdf").is_file():
        raise ScreenshotError(f"LibreOffice printed no PDF of {docx.name}")
    pdf = pdfium.PdfDocument(printed / f"{docx.stem}.pdf")
    try:
        count = min(REVIEW_PAGES, len(pdf))
        width = (REVIEW_WIDTH - GAP * (count - 1)) // count
        pages = [_framed(_page_image(pdf[index], width)) for index in range(count)]
        text = "\n".join(_page_text(pdf[index]) for index in range(count))
    finally:
        pdf.close()
    image = Image.new(
        "RGB", (sum(p.width for p in pages) + GAP * (count - 1), pages[0].height), "white"
    )
    for index, page in enumerate(pages):
        image.paste(page, (index * (page.width + GAP), 0))
    source = f"{docx.name} pages 1-{count} as LibreOffice prints them"
    return Screen("review-word.png", image, source, text)


def _font_config(work: Path, folders: tuple[str, ...]) -> Path:
    """A fontconfig file: the system's fonts and the house font's folders."""
    config = work / "fonts.conf"
    dirs = "".join(f"  <dir>{folder}</dir>\n" for folder in folders if Path(folder).is_dir())
    config.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        f"  <cachedir>{work / 'font-cache'}</cachedir>\n"
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"{dirs}</fontconfig>\n",
        encoding="utf-8",
    )
    return config


def make_pull_request(clone: Path) -> str:
    """A branch in `clone` with EDIT and PROPOSAL committed, as a participant's pull request;
    returns the branch it goes into (tools/doc_samples.py shows its comment too)."""
    base = _git(clone, "rev-parse", "--abbrev-ref", "HEAD").strip()
    _git(clone, "checkout", "-q", "-b", "voorstel")
    path, old, new = EDIT
    source = clone / path
    text = source.read_text(encoding="utf-8")
    if old not in text:
        raise ScreenshotError(
            f"{path} no longer says '{old}': change EDIT in {Path(__file__).name}"
        )
    source.write_text(text.replace(old, new, 1), encoding="utf-8")
    (clone / PROPOSAL[0]).write_text(PROPOSAL[1], encoding="utf-8")
    _git(clone, "add", "-A")
    _git(
        clone,
        "-c",
        "user.name=Voorbeeld",
        "-c",
        "user.email=voorbeeld@example.org",
        "commit",
        "-q",
        "-m",
        "Een voorstel en een wijziging",
    )
    return base


def _comment_screen(clone: Path, env: dict[str, str], work: Path) -> Screen:
    """pr-summary's comment for a branch with EDIT and PROPOSAL, drawn as GitHub shows it:
    the first page when it is long, cut below the box."""
    base = make_pull_request(clone)
    comment = _roledoc(clone, env, "pr-summary", "--base", base)
    page = work / "comment"
    page.mkdir()
    (page / "comment.typ").write_text(
        pypandoc.convert_text(comment, "typst", format="gfm"), encoding="utf-8"
    )
    (page / "page.typ").write_text(COMMENT_PAGE, encoding="utf-8")
    try:
        pages = typst.compile(
            str(page / "page.typ"),
            root=str(page),
            font_paths=list(folders_for(clone)),
            ignore_system_fonts=True,
            format="png",
            ppi=COMMENT_PPI,
        )
    except typst.TypstError as error:
        raise ScreenshotError(f"Typst could not draw the comment: {error}") from None
    first = pages[0] if isinstance(pages, list) else pages
    image = _trimmed(Image.open(io.BytesIO(first)).convert("RGB"))
    return Screen("pr-check.png", image, "roledoc pr-summary, drawn by Typst", comment)


def _trimmed(image: Image.Image) -> Image.Image:
    """The page cut below what is drawn on it, with the margin it has above."""
    drawn = ImageChops.difference(image, Image.new("RGB", image.size, "white")).getbbox()
    if drawn is None:
        return image
    return image.crop((0, 0, image.width, min(image.height, drawn[3] + drawn[1])))


def write_screens(screens: list[Screen], out: Path) -> list[str]:
    """Write the screenshots into `out`; one line per file, with its size in pixels."""
    out.mkdir(parents=True, exist_ok=True)
    lines = []
    for screen in screens:
        path = out / screen.name
        path.write_bytes(screen.png())
        width, height = screen.image.size
        lines.append(f"{_shown(path)}: {width}x{height} px, {screen.source}")
    return lines


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the PNGs")
    parser.add_argument(
        "--allow-missing",
        action="store_true",
        help="without LibreOffice, make the screenshots that do not need it and exit 0",
    )
    args = parser.parse_args(argv)
    office = office_program()
    missing = [
        f"{name}: not made, it needs {OFFICE_HINT}"
        for name in SCREENS
        if name in NEEDS_OFFICE and office is None
    ]
    if missing and not args.allow_missing:
        for line in missing:
            print(line, file=sys.stderr)
        print("--allow-missing makes the others without it", file=sys.stderr)
        return 1
    try:
        screens = make_screens(office)
    except ScreenshotError as error:
        print(f"screenshots: {error}", file=sys.stderr)
        return 1
    for line in write_screens(screens, args.out):
        print(line)
    for line in missing:
        print(line)
    for name in NEEDS_OFFICE:  # the site still builds, and the page says what is missing
        if office is None and not (args.out / name).exists():
            placeholder(args.out / name)
    return 0


def placeholder(path: Path) -> None:
    """A picture that says which program this screenshot needs (make docs without it)."""
    from PIL import Image, ImageDraw

    image = Image.new("L", (900, 160), 245)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 899, 159), outline=180)
    said = f"{path.name} needs {OFFICE_HINT}:\ninstall it, then make docs again."
    draw.multiline_text((24, 48), said, fill=40, spacing=10)
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, optimize=True)


if __name__ == "__main__":
    sys.exit(main())
