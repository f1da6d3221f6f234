"""Creating files for people: a new contribution (`roledoc new`) and a new project
(`roledoc init`). What is created always passes `check` as it stands.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import language_of, suggest
from .errors import RoledocError
from .markdown import slugify
from .model import Participant, Project

SKELETONS = Path(__file__).parent / "skeleton"

GUIDANCE = {
    "nl": """Schrijf hier uw bijdrage. Een paar tips:

- Eén onderwerp per bijdrage. Begin met de kern in één of twee zinnen.
- Korte zinnen en gewone woorden: de tekst is voor alle gemeenten.
- Tussenkopjes beginnen met `##`. Sla geen niveau over.
- Verwijs naar een andere bijdrage via haar bestand: `[zie ook](../thema/bijdrage.md)`.
- Een afbeelding zet u in de map `assets/` van dit thema, altijd met een beschrijving:
  `![Wat de afbeelding laat zien](assets/naam.png)`

Is de tekst klaar? Zet dan `status: proposed` en stuur hem in via een pull request.
Zie CONTRIBUTING.md voor alles over schrijven en inleveren.
""",
    "en": """Write your contribution here. A few tips:

- One subject per contribution. Start with the key message in a sentence or two.
- Short sentences and plain words: the text is for every partner.
- Subheadings start with `##`. Do not skip a level.
- Link to another contribution by its file: `[see also](../theme/contribution.md)`.
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
        raise RoledocError("this folder is not a document project (no valid document.yaml)")
    lang = language_of(project.settings.lang)
    # A folder that no chapter takes is no theme yet: a file there would fail check (RD212).
    themes = [t for t in project.themes if any(t in s.themes for s in project.sections)]
    if theme not in themes:
        raise RoledocError(unknown_name("theme", theme, themes, lang))
    for author in authors:
        if author not in project.participants:
            raise RoledocError(unknown_name("participant", author, project.participants, lang))
    title = " ".join(title.split())
    ident = slugify(title)
    if not ident:
        raise RoledocError(
            "the title gives no usable file name; use letters or digits in it"
            if lang == "en"
            else "de titel levert geen bruikbare bestandsnaam op; gebruik letters of cijfers"
        )
    existing = {c.id: c.path for c in project.contributions}
    existing.update({p.rsplit("/", 1)[-1].removesuffix(".md"): p for p in project.unreadable})
    existing.update({s.slug: s.path for s in project.sections})
    if ident in existing:
        message = {
            "en": f"the id '{ident}' is taken by {existing[ident]}; choose a different title",
            "nl": f"de id '{ident}' is al in gebruik door {existing[ident]}; kies een andere titel",
        }[lang]
        raise RoledocError(message)
    path = project.root / "contributions" / theme / f"{ident}.md"
    if path.exists():
        raise RoledocError(f"{path.relative_to(project.root)} exists already")
    front = [
        "---",
        f"title: {json.dumps(title, ensure_ascii=False)}",
        f"authors: [{', '.join(authors)}]",
        "status: draft",
        f"date: {today.isoformat()}",
        "---",
        "",
    ]
    path.write_text("\n".join(front) + GUIDANCE[lang], encoding="utf-8")
    return Created(path, ident)


ADD_YOURSELF = {
    "nl": """Zet uzelf dan in contributions/participants.yaml, met deze drie regels
(de tweede en derde beginnen met twee spaties):

{value}:
  name: Uw Naam
  organisation: Uw organisatie

Voer daarna deze opdracht opnieuw uit.""",
    "en": """Then add yourself to contributions/participants.yaml, with these three lines
(the second and third start with two spaces):

{value}:
  name: Your Name
  organisation: Your organisation

Then run this command again.""",
}
NEW = {"nl": "Bent u nieuw? ", "en": "Are you new? "}
NOT_YOU = {
    "nl": "Bedoelde u '{near}' ({name})? Gebruik dan --author {near}.\nBent u niet {name}? ",
    "en": "Did you mean '{near}' ({name})? Then use --author {near}.\nYou are not {name}? ",
}


def unknown_participant(value: str, participants: dict[str, Participant], lang: str) -> str:
    """Why `--author VALUE` is refused, and the lines that add a new participant; another
    participant is suggested only when VALUE is a typo of their id."""
    from .validate import close_participant

    first = {
        "nl": f"onbekende deelnemer '{value}': deze id staat niet in "
        "contributions/participants.yaml.",
        "en": f"unknown participant '{value}': this id is not in contributions/participants.yaml.",
    }[lang]
    near = close_participant(value, participants)
    if near is None:
        question = NEW[lang]
    else:
        question = NOT_YOU[lang].format(near=near, name=participants[near].name)
    return f"{first}\n{question}{ADD_YOURSELF[lang].format(value=value)}"


def unknown_name(kind: str, value: str, candidates, lang: str) -> str:
    if kind == "participant":
        return unknown_participant(value, candidates, lang)
    hint = suggest(value, candidates)
    listed = ", ".join(sorted(candidates)) or "-"
    if lang == "nl":
        name = {"theme": "onbekend thema", "participant": "onbekende deelnemer"}[kind]
        text = f"{name} '{value}'"
        text += f"; bedoelde u '{hint}'?" if hint else f"; kies uit: {listed}"
    else:
        text = f"unknown {kind} '{value}'"
        text += f"; did you mean '{hint}'?" if hint else f"; choose from: {listed}"
    return text


def init_project(target: Path, lang: str, title: str, organisation: str) -> list[Path]:
    """Create a new, buildable document project in `target` (empty or missing).

    The files come from `skeleton/common/` and `skeleton/<nl|en>/`; a leading `dot-` in a
    name becomes a dot (`dot-github` -> `.github`), so the package ships no hidden files.
    """
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise RoledocError(f"{target} exists and is not an empty folder; choose a new folder")
    values = {
        "title": title,
        "organisation": organisation,
        "lang": lang,
        "today": dt.date.today().isoformat(),
    }
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
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_text(text, encoding="utf-8")
            created.append(destination)
    return created
