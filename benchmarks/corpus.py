"""Turn a folder of someone else's Markdown pages into a roledoc project, to try roledoc on
real text nobody here wrote (a public guideline site, say).

    python benchmarks/corpus.py SOURCE_FOLDER TARGET_PROJECT [--limit N] [--migrate]

Each top-level folder of SOURCE becomes a theme with a section, and the pages directly in
SOURCE one more ("algemeen"); each page (.md, and .mdx) a contribution (status accepted, by a
fictional editor), its own front matter dropped and its title kept (the front matter's
`title:`, else its first heading). Images next to the pages are copied into the theme's
assets/ folder, so that relative image links keep working where they can. Relative links
between pages are pointed at the pages' new files, as moving them in a repository would.

Nothing else in the pages is changed, unless `--migrate` asks for what a network adopting
roledoc would do once to pages written for MkDocs or Docusaurus: HTML comments (invisible on
GitHub too) and attribute lists (`{ data-search-exclude }`, `{ .md-button }`) removed, MkDocs
admonitions (`!!! note "Titel"` / `??? expander "Vraag"` with an indented body) and Docusaurus
blocks (`:::danger[Titel]` ... `:::`) rewritten as GitHub alerts (the kind as check names
it: danger is CAUTION), and an .mdx page's `import`/`export` lines and lines that are only a
component tag (`<Tabs>`) removed. Nothing is lost silently: what was removed or not taken
is counted in the summary printed at the end. Spelling is left on. What roledoc then makes
of the pages is the point.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from pipeline.text.markdown import ALERT_FOR  # the kinds as check names them

FRONT = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
ATTRIBUTES = re.compile(r"[ \t]*\{:?[ \t]*[.#]?[A-Za-z][\w .#=-]*\}[ \t]*$", re.M)
ADMONITION = re.compile(
    r'^(!!!|\?\?\?\+?) *(\w+)(?: +"([^"]*)")?[ \t]*\n((?:(?:(?:    |\t).*)?\n)*)', re.M
)
DOCUSAURUS = re.compile(
    r"^:::[ \t]*([A-Za-z]+)(?:\[([^\n]*)\]|[ \t]+([^\n]*))?[ \t]*\n(.*?)^:::[ \t]*$\n?",
    re.M | re.S,
)
MDX_LINE = re.compile(r"^(?:(?:import|export)\s.*|\s*</?[A-Z][\w.]*(?:\s[^<>]*)?/?>\s*)$\n?", re.M)
TITLE = re.compile(r"^title:\s*(.+?)\s*$", re.M)
LINK = re.compile(r"(\]\()([^)#\s]+\.mdx?)(#[^)\s]*)?\)")
PAGE_TYPES = {".md", ".mdx"}
GENERAL = "algemeen"  # the theme of the pages directly in SOURCE
HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)
IMAGE_TYPES = {".png", ".jpg", ".jpeg", ".gif", ".svg"}


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "pagina"


def migrate(text: str, mdx: bool, removed: Counter[str]) -> str:
    """What an adopting network would change once: comments and attribute lists out,
    admonitions and Docusaurus blocks as alerts, an .mdx page's code lines out (counted)."""
    text = ATTRIBUTES.sub("", COMMENT.sub("", text))
    if mdx:
        removed["mdx lines"] += len(MDX_LINE.findall(text))
        text = MDX_LINE.sub("", text)

    def alert(kind: str, title: str | None, body: list[str]) -> str:
        lines = [f"> [!{ALERT_FOR.get(kind.lower(), 'NOTE')}]"]
        lines += [f"> **{title}**", ">"] if title else []
        lines += [f"> {line}".rstrip() for line in body]
        return "\n".join(lines) + "\n\n"

    def mkdocs(match: re.Match[str]) -> str:
        body = [re.sub(r"^(    |\t)", "", line) for line in match[4].rstrip("\n").split("\n")]
        return alert(match[2], match[3], body)

    def docusaurus(match: re.Match[str]) -> str:
        return alert(match[1], match[2] or match[3], match[4].rstrip("\n").split("\n"))

    return DOCUSAURUS.sub(docusaurus, ADMONITION.sub(mkdocs, text))


def make_project(
    source: Path, target: Path, limit: int | None = None, migrating: bool = False
) -> Counter[str]:
    """Write the project; returns what it did: contributions, titles taken from front
    matter, pages left out by --limit, lines removed."""
    done: Counter[str] = Counter()
    target.mkdir(parents=True)
    (target / "document.yaml").write_text(
        "title: Proef met echte tekst\norganisation: Proefregio\nlang: nl-NL\noutput: proef\n",
        encoding="utf-8",
    )
    contributions = target / "contributions"
    sections = target / "sections"
    contributions.mkdir()
    sections.mkdir()
    (contributions / "participants.yaml").write_text(
        "redactie:\n  name: Redactie (fictief)\n  organisation: Proefregio\n", encoding="utf-8"
    )
    folders = sorted(p for p in source.iterdir() if p.is_dir() and any(_pages(p)))
    groups = [(folder.name, folder, _pages(folder)) for folder in folders]
    top = sorted(p for p in source.iterdir() if p.suffix in PAGE_TYPES and p.is_file())
    if top:
        groups.insert(0, (GENERAL, source, top))
    moved: dict[Path, Path] = {}  # a page's old file -> its contribution file
    pages: list[tuple[Path, Path, str]] = []
    for number, (name, folder, found) in enumerate(groups, start=1):
        theme = slug(name)
        (contributions / theme / "assets").mkdir(parents=True)
        (sections / f"{number:02d}-{theme}.md").write_text(
            f"---\ntitle: {name}\nthemes: [{theme}]\n---\n", encoding="utf-8"
        )
        images = folder.rglob("*") if folder != source else folder.iterdir()
        for image in images:
            if image.suffix.lower() in IMAGE_TYPES and image.is_file():
                shutil.copyfile(image, contributions / theme / "assets" / image.name)
        for page in found:
            if limit is not None and len(pages) >= limit:
                done["pages left out by --limit"] += 1
                continue
            name = slug(f"{theme}-{page.relative_to(folder).with_suffix('')}")
            moved[page.resolve()] = contributions / theme / f"{name}.md"
            pages.append((page, moved[page.resolve()], theme))
    for page, destination, _ in pages:
        whole = page.read_text(encoding="utf-8", errors="replace")
        front = FRONT.match(whole)
        text = whole[front.end() :] if front else whole
        if migrating:
            text = migrate(text, page.suffix == ".mdx", done)
        text = LINK.sub(lambda m, page=page, to=destination: _relink(m, page, to, moved), text)
        named = TITLE.search(front[0]) if front else None
        heading = HEADING.search(text)
        if named:
            title = named[1].strip("\"'")
            done["titles from front matter"] += 1
        elif heading:
            title = heading[1]
            text = text[: heading.start()] + text[heading.end() :]
        else:
            title = page.stem
        title_yaml = title.replace("\\", "\\\\").replace('"', '\\"')
        destination.write_text(
            f'---\ntitle: "{title_yaml}"\nauthors: [redactie]\nstatus: accepted\n'
            f"date: 2024-01-01\n---\n{text}",
            encoding="utf-8",
        )
        done["contributions"] += 1
        done["of them .mdx"] += page.suffix == ".mdx"
    return done


def _pages(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix in PAGE_TYPES and p.is_file())


def _relink(match: re.Match[str], page: Path, to: Path, moved: dict[Path, Path]) -> str:
    target = moved.get((page.parent / match[2]).resolve())
    if target is None:
        return match[0]
    return f"{match[1]}{os.path.relpath(target, to.parent)}{match[3] or ''})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("target", type=Path)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--migrate", action="store_true", help="comments out, alerts in")
    args = parser.parse_args()
    done = make_project(args.source, args.target, args.limit, args.migrate)
    for what, count in done.items():
        print(f"{count:6d} {what}")


if __name__ == "__main__":
    main()
