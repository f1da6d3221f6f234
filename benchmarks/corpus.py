"""Turn a folder of someone else's Markdown pages into a roledoc project, to try roledoc on
real text nobody here wrote (a public guideline site, say).

    python benchmarks/corpus.py SOURCE_FOLDER TARGET_PROJECT [--limit N]

Each top-level folder of SOURCE becomes a theme with a section; each page a contribution
(status accepted, by a fictional editor), its own front matter dropped and its first heading
used as the title. Images next to the pages are copied into the theme's assets/ folder, so
that relative image links keep working where they can. Nothing in the pages is changed:
what roledoc makes of them is the point.
"""

from __future__ import annotations

import argparse
import re
import shutil
from pathlib import Path

FRONT = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)
IMAGE_TYPES = {".png", ".jpg", ".jpeg", ".gif", ".svg"}


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "pagina"


def make_project(source: Path, target: Path, limit: int | None = None) -> int:
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
    for number, folder in enumerate(themes, start=1):
        theme = slug(folder.name)
        (contributions / theme / "assets").mkdir(parents=True)
        (sections / f"{number:02d}-{theme}.md").write_text(
            f"---\ntitle: {folder.name}\nthemes: [{theme}]\n---\n", encoding="utf-8"
        )
        for image in folder.rglob("*"):
            if image.suffix.lower() in IMAGE_TYPES and image.is_file():
                shutil.copyfile(image, contributions / theme / "assets" / image.name)
        seen: set[str] = set()
        for page in sorted(p for p in folder.rglob("*.md") if p.is_file()):
            if limit is not None and count >= limit:
                break
            text = FRONT.sub("", page.read_text(encoding="utf-8", errors="replace"), count=1)
            heading = HEADING.search(text)
            title = heading.group(1) if heading else page.stem
            if heading:
                text = text[: heading.start()] + text[heading.end() :]
            name = slug(f"{theme}-{page.relative_to(folder).with_suffix('')}")
            while name in seen:
                name += "-x"
            seen.add(name)
            title_yaml = title.replace("\\", "\\\\").replace('"', '\\"')
            (contributions / theme / f"{name}.md").write_text(
                f'---\ntitle: "{title_yaml}"\nauthors: [redactie]\nstatus: accepted\n'
                f"date: 2024-01-01\n---\n{text}",
                encoding="utf-8",
            )
            count += 1
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("target", type=Path)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    print(make_project(args.source, args.target, args.limit), "contributions")


if __name__ == "__main__":
    main()
