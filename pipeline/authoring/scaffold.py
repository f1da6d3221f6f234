"""Creating files for people: a new contribution (`roledoc new`) and a new project
(`roledoc init`). What is created always passes `check` as it stands.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from ..check.names import unknown_participant, unknown_theme
from ..core.errors import RoledocError
from ..core.messages import _, language_of
from ..core.model import Project
from ..core.paths import PIN_FILE, SKELETONS
from ..read.projectfiles import write_text
from ..text.markdown import slugify

GUIDANCE = {
    "nl": """Schrijf hier uw bijdrage. Een paar tips:

- Eén onderwerp per bijdrage. Begin met de kern in één of twee zinnen.
- Korte zinnen en gewone woorden: de tekst is voor alle gemeenten.
- Tussenkopjes beginnen met `##`. Sla geen niveau over.
- Verwijs naar een andere bijdrage met haar titel als linktekst, via haar bestand:
  `[Titel van die bijdrage](../thema/bijdrage.md)`.
- Een afbeelding zet u in de map `assets/` van dit thema, altijd met een beschrijving:
  `![Wat de afbeelding laat zien](assets/naam.png)`

Is de tekst klaar? Zet dan `status: proposed` en stuur hem in via een pull request.
Zie CONTRIBUTING.md voor alles over schrijven en inleveren.
""",
    "en": """Write your contribution here. A few tips:

- One subject per contribution. Start with the key message in a sentence or two.
- Short sentences and plain words: the text is for every partner.
- Subheadings start with `##`. Do not skip a level.
- Link to another contribution with its title as the link text, by its file:
  `[Title of that contribution](../theme/contribution.md)`.
- Put an image in this theme's `assets/` folder, always with a description:
  `![What the image shows](assets/name.png)`

When the text is ready, set `status: proposed` and send it in with a pull request.
See CONTRIBUTING.md for everything about writing and sending in.
""",
}


@dataclass(frozen=True)
class Created:
    path: Path
    id: str


def new_contribution(
    project: Project, theme: str, title: str, authors: tuple[str, ...], today: dt.date
) -> Created:
    """Write contributions/THEME/<slug of title>.md with status draft and today's date."""
    if project.settings is None:
        raise RoledocError(_("this folder is not a document project (no valid document.yaml)"))
    lang = language_of(project.settings.lang)
    # A folder that no chapter takes is no theme yet: a file there would fail check (RD212).
    themes = [t for t in project.themes if any(t in s.themes for s in project.sections)]
    if theme not in themes:
        raise RoledocError(unknown_theme(theme, themes))
    for author in authors:
        if author not in project.participants:
            raise RoledocError(unknown_participant(author, project.participants))
    title = " ".join(title.split())
    ident = slugify(title)
    if not ident:
        raise RoledocError(_("the title gives no usable file name; use letters or digits in it"))
    existing = {c.id: c.path for c in project.contributions}
    existing.update({p.rsplit("/", 1)[-1].removesuffix(".md"): p for p in project.unreadable})
    existing.update({s.slug: s.path for s in project.sections})
    if ident in existing:
        raise RoledocError(
            _(
                "the id '{id}' is taken by {path}; choose a different title",
                id=ident,
                path=existing[ident],
            )
        )
    path = project.root / "contributions" / theme / f"{ident}.md"
    if path.exists():
        raise RoledocError(_("{path} exists already", path=path.relative_to(project.root)))
    front = [
        "---",
        f"title: {json.dumps(title, ensure_ascii=False)}",
        f"authors: [{', '.join(authors)}]",
        "status: draft",
        f"date: {today.isoformat()}",
        "---",
        "",
    ]
    # The theme folder may be a link a pull request made: the write follows none.
    write_text(project.root, path, "\n".join(front) + GUIDANCE[lang], new=True)
    return Created(path, ident)


# What `init` calls the document and its organisation when not told, per language.
STARTING_TITLE = {"nl": "Rol en werkwijze", "en": "Who we are and how we work"}
STARTING_ORGANISATION = {"nl": "Onze samenwerking", "en": "Our partnership"}


def init_project(
    target: Path, lang: str, title: str | None, organisation: str | None, requirement: str
) -> list[Path]:
    """Create a new, buildable document project in `target` (empty or missing), pinned to
    `requirement` (the roledoc that builds it: pipeline/read/pin.py) in its requirements.txt;
    without a `title` or `organisation`, the language's starting ones.

    The files come from `skeleton/common/` and `skeleton/<nl|en>/`; a leading `dot-` in a
    name becomes a dot (`dot-github` -> `.github`), so the package ships no hidden files.
    CONTRIBUTING.md is the participants' guide, rendered for the new project (`guide.py`).
    """
    from ..read.pin import pin_text
    from .guide import participant_guide

    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise RoledocError(
            _("{folder} exists and is not an empty folder; choose a new folder", folder=target)
        )
    values = {
        "title": title or STARTING_TITLE[language_of(lang)],
        "organisation": organisation or STARTING_ORGANISATION[language_of(lang)],
        "lang": lang,
        "today": dt.date.today().isoformat(),
    }
    target.mkdir(parents=True, exist_ok=True)
    created = []
    for skeleton in (SKELETONS / "common", SKELETONS / language_of(lang)):
        for source in sorted(p for p in skeleton.rglob("*") if p.is_file()):
            parts = source.relative_to(skeleton).parts
            name = "/".join(("." + p[4:]) if p.startswith("dot-") else p for p in parts)
            text = source.read_text(encoding="utf-8")
            for key, value in values.items():
                # Quoted placeholders are YAML strings: a JSON string is valid YAML.
                text = text.replace(f'"{{{{{key}}}}}"', json.dumps(value, ensure_ascii=False))
                text = text.replace(f"{{{{{key}}}}}", value)
            destination = target / name
            write_text(target, destination, text, new=True)
            created.append(destination)
    pin = target / PIN_FILE
    write_text(target, pin, pin_text(requirement, language_of(lang)), new=True)
    created.append(pin)
    # The participants' guide is written last: it names the themes and participants the
    # files above hold, read as check reads them.
    guide = target / "CONTRIBUTING.md"
    write_text(target, guide, participant_guide(target, lang), new=True)
    created.append(guide)
    return sorted(created)
