"""The participants' guide, rendered for one project from the templates in `skeleton/guide/`.

One source, two forms: whole, it is the project's CONTRIBUTING.md (`roledoc init` writes it);
part by part, the pages of a site, the first part (the guide's title and who it is for) being
the section's index page. The templates (`skeleton/guide/<nl|en>/NN-name.md.j2`, one per part,
in order) are filled in with the project's title, organisation, themes and participants, read
as check reads them, and every code with its meaning and remedy from the catalogue.

A template links to another part with `link(part, anchor)`: in the whole guide that is an
anchor in the same file, on the site a link to the part's page. A sample of roledoc's output
(a fenced block right after a line `<!-- sample: NAME -->`, which tools/doc_samples.py
rewrites from real runs) passes through as it stands, braces and all.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.errors import RoledocError
from ..core.messages import _, language_of
from ..core.paths import SKELETONS

if TYPE_CHECKING:
    import jinja2

GUIDES = SKELETONS / "guide"
INDEX = "index.md"  # the site's page of the first part
SAMPLE = re.compile(r"^(<!-- sample: [a-z-]+ -->\n```\n)(.*?)(^```\n)", re.MULTILINE | re.DOTALL)
# What link() leaves in a part until every part's first heading is known, and a sample's
# body while Jinja2 reads the template around it.
LINK = re.compile("\x1flink:([^\x1f#]*)#([^\x1f]*)\x1f")
KEPT = re.compile("\x1esample:([0-9]+)\x1e")
# Examples of ids for a project that has none to show: someone listed, and someone new.
EXAMPLE_PARTICIPANT = {"nl": "jdevries", "en": "jsmith"}
NEWCOMER = {"nl": "fjansen", "en": "fjones"}
EXAMPLE_THEME = {"nl": "werkwijze", "en": "how-we-work"}


def participant_guide(root: Path, lang: str) -> str:
    """The whole guide for the project at `root` in `lang` (nl or en, or a tag such as
    nl-NL): CONTRIBUTING.md, its parts linked by anchors."""
    return "\n".join(text for _, text in _render(root, language_of(lang), site=False))


def guide_parts(root: Path, lang: str) -> list[tuple[str, str]]:
    """The guide part by part, as pages of a site: (the part's file stem, its Markdown), each
    page's headings one level up (its part's title is the page's), links to another part
    leading to its page."""
    return _render(root, language_of(lang), site=True)


def _render(root: Path, lang: str, site: bool) -> list[tuple[str, str]]:
    import jinja2

    from ..assemble.assemble import template_environment
    from ..publish.compose import render_template

    folder = GUIDES / lang
    stems = sorted(p.name.removesuffix(".md.j2") for p in folder.glob("*.md.j2"))
    samples: dict[str, list[str]] = {}

    def source(name: str) -> tuple[str, str, Callable[[], bool]] | None:
        path = GUIDES / name
        if not path.is_file():
            return None
        kept = samples.setdefault(name, [])

        def keep(match: re.Match[str]) -> str:
            kept.append(match.group(2))
            return f"{match.group(1)}\x1esample:{len(kept) - 1}\x1e{match.group(3)}"

        return SAMPLE.sub(keep, path.read_text(encoding="utf-8")), str(path), lambda: True

    def link(part: str, anchor: str = "") -> str:
        if part not in stems:
            raise jinja2.TemplateRuntimeError(f"link() to a part that does not exist: {part}")
        return f"\x1flink:{part}#{anchor}\x1f"

    env = template_environment(jinja2.FunctionLoader(source))
    env.filters.update(code=lambda text: f"`{text}`", anchor=lambda text: f"`#{text}`")
    env.filters.update(words=_words, cell=_cell)
    values = {**_context(root, lang), "link": link}
    parts = []
    for stem in stems:
        name = f"{lang}/{stem}.md.j2"  # its own name in Jinja2's cache of compiled templates
        text = render_template(partial(_render_part, env, name, values))
        parts.append((stem, _restored(text, samples[name]).rstrip("\n") + "\n"))
    return _linked(parts, site)


def _render_part(env: jinja2.Environment, name: str, values: dict[str, Any]) -> str:
    return env.get_template(name).render(values)


def _restored(text: str, kept: list[str]) -> str:
    """The part with its samples put back as the template has them."""
    return KEPT.sub(lambda match: kept[int(match.group(1))], text)


def _context(root: Path, lang: str) -> dict[str, Any]:
    """What the templates know of the project, read as check reads it."""
    from ..core.catalogue import described
    from ..read.sources import read_sources

    sources = read_sources(root)
    settings = sources.settings
    if settings is None:
        raise RoledocError(_("this folder is not a document project (no valid document.yaml)"))
    chapters = [
        {"slug": s.slug, "title": s.title, "number": n} for n, s in enumerate(sources.sections, 1)
    ]
    themes = [
        {"name": theme, "chapter": s.title, "number": n, "slug": s.slug}
        for n, s in enumerate(sources.sections, 1)
        for theme in s.themes
    ]
    fallback = EXAMPLE_THEME[lang]
    theme = (
        themes[0] if themes else {"name": fallback, "chapter": "", "number": 1, "slug": fallback}
    )
    participants = sources.participants
    newcomer = NEWCOMER[lang]
    while newcomer in participants:
        newcomer += "2"
    slugs = {c["slug"] for c in chapters}
    return {
        "title": settings.title,
        "organisation": settings.organisation,
        "output": settings.output,
        "status_words": settings.status_words,
        "summary_edition": settings.summary_edition,
        "chapters": chapters,
        "themes": themes,
        "theme": theme,
        "loose_theme": next((t["name"] for t in themes if t["name"] not in slugs), None),
        "participant": next(iter(participants), EXAMPLE_PARTICIPANT[lang]),
        "newcomer": newcomer,
        "codes": described(lang),
    }


def _linked(parts: list[tuple[str, str]], site: bool) -> list[tuple[str, str]]:
    """The parts with their links filled in; for the site, with headings one level up."""
    from ..text.markdown import github_identifier, parse_tokens

    tops: dict[str, tuple[str, int]] = {}  # per part: its first heading's id and level
    for stem, text in parts:
        tokens = parse_tokens(text)
        at = next(i for i, t in enumerate(tokens) if t.type == "heading_open")
        tops[stem] = (github_identifier(tokens[at + 1].content), len(tokens[at].markup))

    linked = []
    for stem, text in parts:

        def target(match: re.Match[str], stem: str = stem) -> str:
            part, anchor = match.groups()
            if not site:
                return f"#{anchor or tops[part][0]}"
            if part == stem and anchor:
                return f"#{anchor}"
            page = INDEX if part == parts[0][0] else f"{part}.md"
            return page + (f"#{anchor}" if anchor else "")

        text = LINK.sub(target, text)
        if site and tops[stem][1] > 1:
            text = _raised(text)
        linked.append((stem, text))
    return linked


def _raised(text: str) -> str:
    """Every ATX heading of `text` one level up (`##` becomes `#`); code blocks stay."""
    from ..text.markdown import parse_tokens

    lines = text.split("\n")
    for token in parse_tokens(text):
        if token.type == "heading_open" and token.map and token.markup.startswith("#"):
            line = token.map[0]
            lines[line] = lines[line].replace("#", "", 1)
    return "\n".join(lines)


def _words(items: Iterable[str], last: str) -> str:
    """`a`, `b` and `c`: a list in words, joined by commas and `last` (en, of, and, or)."""
    items = list(items)
    return (
        f" {last} ".join([", ".join(items[:-1]), items[-1]]) if len(items) > 1 else "".join(items)
    )


def _cell(text: str) -> str:
    """Plain text as one cell of a pipe table, shown as written: one line, the characters
    that would start markup (or raw HTML, an entity, maths) escaped."""
    return re.sub(r"([\\`*_\[\]<>|~&$])", r"\\\1", " ".join(text.split()))
