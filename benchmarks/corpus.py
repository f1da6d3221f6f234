"""Turn a folder of someone else's Markdown pages into a roledoc project, to try roledoc on
real text nobody here wrote (a public guideline site, say).

    python benchmarks/corpus.py SOURCE_FOLDER TARGET_PROJECT [--limit N] [--migrate]

Each top-level folder of SOURCE becomes a theme with a section; each page a contribution
(status accepted, by a fictional editor), its own front matter dropped and its first heading
used as the title. Images next to the pages are copied into the theme's assets/ folder, so
that relative image links keep working where they can. Relative links between pages are
pointed at the pages' new files, as moving the files in a repository would require.

Nothing else in the pages is changed, unless `--migrate` asks for what a network adopting
roledoc would do once to pages written for MkDocs: HTML comments (invisible on GitHub too)
and attribute lists (`{ data-search-exclude }`, `{ .md-button }`) removed, and MkDocs
admonitions (`!!! note "Titel"` / `??? expander "Vraag"` with an indented body) rewritten as
GitHub alerts. What roledoc then makes of the pages is the point.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
from pathlib import Path

FRONT = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
ATTRIBUTES = re.compile(r"[ \t]*\{:?[ \t]*[.#]?[A-Za-z][\w .#=-]*\}[ \t]*$", re.M)
ADMONITION = re.compile(
    r'^(!!!|\?\?\?\+?) *(\w+)(?: +"([^"]*)")?[ \t]*\n((?:(?:(?:    |\t).*)?\n)*)', re.M
)
LINK = re.compile(r"(\]\()([^)#\s]+\.md)(#[^)\s]*)?\)")
KINDS = {"warning": "WARNING", "danger": "CAUTION", "tip": "TIP", "important": "IMPORTANT"}
HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)
IMAGE_TYPES = {".png", ".jpg", ".jpeg", ".gif", ".svg"}


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "pagina"


def migrate(text: str) -> str:
    """What an adopting network would change once: comments and attribute lists out,
    admonitions as alerts."""
    text = ATTRIBUTES.sub("", COMMENT.sub("", text))

    def alert(match: re.Match[str]) -> str:
        kind = KINDS.get(match[2].lower(), "NOTE")
        body = [re.sub(r"^(    |\t)", "", line) for line in match[4].rstrip("\n").split("\n")]
        lines = [f"> [!{kind}]"] + ([f"> **{match[3]}**", ">"] if match[3] else [])
        lines += [f"> {line}".rstrip() for line in body]
        return "\n".join(lines) + "\n\n"

    return ADMONITION.sub(alert, text)


def make_project(
    source: Path, target: Path, limit: int | None = None, migrating: bool = False
) -> int:
    """Write the project; returns the number of contributions."""
    target.mkdir(parents=True)
    (target / "document.yaml").write_text(
        "title: Proef met echte tekst\norganisation: Proefregio\nlang: nl-NL\n"
        "output: proef\nlanguage: false\n",
        encoding="utf-8",
    )
    contributions = target / "contributions"
    sections = target / "sections"
    contributions.mkdir()
    sections.mkdir()
    (contributions / "participants.yaml").write_text(
        "redactie:\n  name: Redactie (fictief)\n  organisation: Proefregio\n", encoding="utf-8"
    )
    count = 0
    themes = sorted(p for p in source.iterdir() if p.is_dir() and any(p.rglob("*.md")))
    moved: dict[Path, Path] = {}  # a page's old file -> its contribution file
    pages: list[tuple[Path, Path, str]] = []
    for number, folder in enumerate(themes, start=1):
        theme = slug(folder.name)
        (contributions / theme / "assets").mkdir(parents=True)
        (sections / f"{number:02d}-{theme}.md").write_text(
            f"---\ntitle: {folder.name}\nthemes: [{theme}]\n---\n", encoding="utf-8"
        )
        for image in folder.rglob("*"):
            if image.suffix.lower() in IMAGE_TYPES and image.is_file():
                shutil.copyfile(image, contributions / theme / "assets" / image.name)
        for page in sorted(p for p in folder.rglob("*.md") if p.is_file()):
            if limit is not None and count >= limit:
                break
            name = slug(f"{theme}-{page.relative_to(folder).with_suffix('')}")
            moved[page.resolve()] = contributions / theme / f"{name}.md"
            pages.append((page, moved[page.resolve()], theme))
            count += 1
    for page, destination, _ in pages:
        text = FRONT.sub("", page.read_text(encoding="utf-8", errors="replace"), count=1)
        text = migrate(text) if migrating else text
        text = LINK.sub(lambda m, page=page, to=destination: _relink(m, page, to, moved), text)
        heading = HEADING.search(text)
        title = heading.group(1) if heading else page.stem
        if heading:
            text = text[: heading.start()] + text[heading.end() :]
        title_yaml = title.replace("\\", "\\\\").replace('"', '\\"')
        destination.write_text(
            f'---\ntitle: "{title_yaml}"\nauthors: [redactie]\nstatus: accepted\n'
            f"date: 2024-01-01\n---\n{text}",
            encoding="utf-8",
        )
    return count


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
    print(make_project(args.source, args.target, args.limit, args.migrate), "contributions")


if __name__ == "__main__":
    main()
