"""Generate a synthetic document project of any size, for benchmarks.

The text is Dutch-looking filler with the features real contributions use (headings, lists,
footnotes, a table, cross-links), so parsing and rendering costs are realistic: about two
thousand characters, or half a page, per contribution.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

WORDS = (
    "de het een gemeente regio proces ondersteuning eigenaarschap samenwerking bestuur "
    "overleg afspraak belang dialoog ontwerp rol grens taak verantwoordelijkheid wethouder "
    "raad bureau opdracht besluit agenda inwoners voorstel uitvoering kaders netwerk"
).split()
THEMES = ("context", "procesondersteuning", "eigenaarschap", "grenzen", "belangen", "dialoog")


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random, sentences: int = 4) -> str:
    return " ".join(sentence(rng, rng.randint(8, 16)) for _ in range(sentences))


def body(rng: random.Random, index: int, ids: list[str]) -> str:
    link = f" Zie ook [de vorige bijdrage](#{ids[index - 1]})." if index else ""
    parts = [
        paragraph(rng) + "[^1]" + link,
        "## Wat dit betekent",
        "\n".join(f"- {sentence(rng, 7)}" for _ in range(3)),
        paragraph(rng),
        "| Rol | Wie |\n|---|---|\n| Eigenaar | Gemeenten |\n| Ondersteuning | Bureau |"
        if index % 10 == 0
        else paragraph(rng, 3),
        "### Een detail",
        paragraph(rng, 3),
        f"[^1]: {sentence(rng, 10)}",
    ]
    return "\n\n".join(parts) + "\n"


def generate(root: Path, contributions: int, seed: int = 1) -> Path:
    """Write a valid project with `contributions` contributions into `root`."""
    rng = random.Random(seed)
    (root / "sections").mkdir(parents=True, exist_ok=True)
    (root / "document.yaml").write_text(
        "title: Synthetische rol en werkwijze\norganisation: Benchmarkregio\nlang: nl-NL\n"
        "output: synthetisch\nformats: [pdf, docx, html, epub, odt]\n",
        encoding="utf-8",
    )
    for number, theme in enumerate(THEMES, start=1):
        (root / "sections" / f"{number:02d}-hoofdstuk-{theme}.md").write_text(
            f"---\ntitle: Hoofdstuk over {theme}\nthemes: [{theme}]\n---\n{paragraph(rng)}\n",
            encoding="utf-8",
        )
        (root / "contributions" / theme).mkdir(parents=True, exist_ok=True)
    people = [f"p{n:03d}" for n in range(40)]
    (root / "contributions" / "participants.yaml").write_text(
        "".join(
            f"{p}:\n  name: P. Deelnemer {n}\n  organisation: Gemeente {n % 21}\n"
            for n, p in enumerate(people)
        ),
        encoding="utf-8",
    )
    ids = [f"bijdrage-{n:05d}" for n in range(contributions)]
    for index, ident in enumerate(ids):
        theme = THEMES[index % len(THEMES)]
        authors = ", ".join(rng.sample(people, rng.randint(1, 3)))
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        (root / "contributions" / theme / f"{ident}.md").write_text(
            f"---\ntitle: {json.dumps(f'Bijdrage {index}: {sentence(rng, 5)[:-1]}')}\n"
            f"authors: [{authors}]\n"
            f"status: accepted\ndate: 2017-{month:02d}-{day:02d}\n"
            f"summary: {sentence(rng, 12)}\n---\n{body(rng, index, ids)}",
            encoding="utf-8",
        )
    return root
