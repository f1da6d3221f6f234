"""GitHub's own Markdown specification as a conformance test (issue 34).

Every example of the GFM spec (tests/fixtures/gfm/: spec.txt and extensions.txt of
github/cmark-gfm, the examples its own tests run) is one contribution of one English project.
Each is either refused by check with a documented policy code at its line, or built in all
five formats (one build for all of them) with every word of GitHub's HTML in each format and
GitHub's block structure and inline marks in the HTML. The figures are stated in the docs
(docs/redactie/document-instellen.md), which a test here holds to the run.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import lxml.html
import pytest

from pipeline.authoring.scaffold import init_project
from pipeline.check.project import load_project
from pipeline.core.model import FORMATS
from pipeline.publish.build import build_document
from pipeline.qa.fidelity import compare, output_words

from . import gfm
from .conftest import REPOSITORY

pytestmark = pytest.mark.slow

# Why check refuses an example: each code is roledoc's documented policy (docs/reference).
POLICY = {
    "RD301": "the text is empty (only a rule, or an empty heading: no word to publish)",
    "RD302": "a heading skips a level (a screen reader's outline needs every level)",
    "RD303": "raw HTML (GitHub filters some of it, the document shows none of it)",
    "RD307": "an image on the internet (the document holds every picture itself)",
    "RD308": "an image outside the theme's assets/ folder",
    "RD309": "an image without alt text",
    "RD310": "a link to an anchor the text does not have",
    "RD316": "a link with a scheme other than http, https or mailto (ftp://, javascript:)",
    "RD317": "a link to a file the project does not have (GitHub's relative links)",
    "RD319": "a character no font of the PDF can show, also as a reference (&#XD06;)",
    "RD325": "a link without an address",
}
# Where roledoc's HTML may differ from the example's, and why. spec.txt runs its examples of
# plain CommonMark without GitHub's extensions, unless an example names one; GitHub.com runs
# them all, and so does roledoc's reader: a bare address is a link there.
NOT_AS_THE_SPEC_RUNS_IT = {
    610: "`<http://foo.bar/baz bim>`: the autolink extension links http://foo.bar/baz",
    616: "`< http://foo.bar >`: the autolink extension links http://foo.bar",
    619: "`http://example.com`: the autolink extension links it",
    620: "`foo@bar.example.com`: the autolink extension links the address",
}


@dataclass
class Run:
    root: Path
    examples: list[gfm.Example]
    refused: dict[int, list]  # example number -> check's errors
    built: list[gfm.Example]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    root = tmp_path_factory.mktemp("gfm") / "spec"
    init_project(root, "en-GB", "GitHub Flavored Markdown", "GitHub", "roledoc")
    (root / "contributions" / gfm.THEME / "a-first-contribution.md").unlink()
    examples = gfm.examples()
    gfm.write_examples(root, examples)
    errors: dict[str, list] = {}
    for found in load_project(root).diagnostics:
        if found.severity == "error":
            errors.setdefault(found.path, []).append(found)
    refused = {e.number: errors[e.path] for e in examples if e.path in errors}
    assert set(errors) <= {e.path for e in examples}, "only examples are refused"
    for example in examples:
        if example.number in refused:
            (root / example.path).unlink()
    build_document(root)  # all five formats: a refusal or a renderer's failure raises
    built = [e for e in examples if e.number not in refused]
    return Run(root, examples, refused, built)


def test_the_spec_is_read_whole() -> None:
    examples = gfm.examples()
    assert len(examples) == 699  # 673 + 28 examples, less the 2 that cmark-gfm's tests skip
    assert {e.source for e in examples} == {"spec.txt", "extensions.txt"}
    first = examples[0]
    assert first.markdown == "\tfoo\tbaz\t\tbim\n" and first.html.startswith("<pre><code>")


def test_every_refusal_is_a_policy_code_at_its_line(run: Run) -> None:
    wrong = []
    for number, found in run.refused.items():
        example = next(e for e in run.examples if e.number == number)
        last = gfm.FRONT_LINES + example.markdown.count("\n") + 1
        for error in found:
            line = error.line
            if error.code not in POLICY or not gfm.FRONT_LINES <= line <= last:  # in the body
                wrong.append((number, error.code, line))
    assert wrong == []


def test_no_word_of_githubs_html_is_lost_in_any_format(run: Run) -> None:
    sources = {e.path: gfm.expected_words(e) for e in run.built}
    assert sum(c.total() for c in sources.values()) > 1500
    for fmt in FORMATS:
        result = compare(fmt, sources, output_words(run.root / f"build/document.{fmt}", fmt))
        assert result.lost == 0, (fmt, result.examples(10))


def _differences(run: Run) -> dict[int, tuple]:
    page = lxml.html.parse(str(run.root / "build/document.html")).getroot()
    found: dict[int, tuple] = {}
    for example in run.built:
        if "<IGNORE>" in example.html:  # the spec compares nothing for it
            continue
        (section,) = page.xpath(f'//section[@id="{example.id}"]')
        mine = gfm.blocks(section)[1:]  # after the contribution's title
        if mine != gfm.expected_blocks(example):
            found[example.number] = ("blocks", gfm.expected_blocks(example), mine)
        elif gfm.inlines(section) != gfm.expected_inlines(example):
            found[example.number] = ("inline", gfm.expected_inlines(example), gfm.inlines(section))
    return found


def test_the_html_has_githubs_blocks_and_inline_marks(run: Run) -> None:
    differences = _differences(run)
    assert set(differences) == set(NOT_AS_THE_SPEC_RUNS_IT), differences
    for number in NOT_AS_THE_SPEC_RUNS_IT:
        example = next(e for e in run.built if e.number == number)
        assert example.source == "spec.txt" and "autolink" not in example.extensions
        kind, expected, mine = differences[number]
        assert kind == "inline" and mine - expected == Counter({"a": 1})


def figures(run: Run, lang: str) -> str:
    """The sentence README (en) and the editors' docs (nl) state, from this run."""
    examples = Counter(code for found in run.refused.values() for code in {e.code for e in found})
    codes = ", ".join(f"{code} {count}" for code, count in sorted(examples.items()))
    if lang == "nl":
        return (
            f"Van de {len(run.examples)} voorbeelden worden er {len(run.built)} gebouwd in alle "
            f"vijf formaten, zonder een woord te verliezen en met de opbouw die GitHub toont; "
            f"{len(run.refused)} weigert check met een vaste code op hun regel ({codes})."
        )
    return (
        f"Of its {len(run.examples)} examples, {len(run.built)} build in all five formats with "
        f"no word lost and GitHub's structure; check refuses {len(run.refused)} with a "
        f"documented code at their line ({codes})."
    )


@pytest.mark.parametrize(
    ("page", "lang"), [("README.md", "en"), ("docs/redactie/document-instellen.md", "nl")]
)
def test_the_docs_state_the_figures_of_this_run(run: Run, page: str, lang: str) -> None:
    text = " ".join((REPOSITORY / page).read_text(encoding="utf-8").split())
    assert figures(run, lang) in text, figures(run, lang)
