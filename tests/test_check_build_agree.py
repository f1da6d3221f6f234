"""check's verdict is the build's: whatever check accepts builds in every format, and loses
no word. Projects are generated from the constructs real pages use (hypothesis)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.check.project import load_project
from pipeline.core.model import FORMATS
from pipeline.publish.build import build_document
from pipeline.qa.fidelity import describe, measure

FIXTURES = Path(__file__).parent / "fixtures"
FRONT = "---\ntitle: {title}\nauthors: [bob]\nstatus: accepted\ndate: 2017-05-05\n---\n"

WORDS = st.sampled_from(
    ["support", "één", "coördinatie", "Deurne", "plan_b.c", "2024:", "why?", "towns"]
)
TEXT = st.lists(WORDS, min_size=1, max_size=5).map(" ".join)
TARGETS = st.sampled_from(
    [
        "#in-practice",
        "what-support-is.md",
        "what-support-is.md#in-practice",
        "../limits/where-it-ends.md",
        "#limits",
        "https://example.org/a?b=c",
        "mailto:office@example.org",
    ]
)
BLOCKS = st.one_of(
    st.builds(lambda t: f"## {t}", TEXT),
    st.builds(lambda n, t: f"## {n}. {t}", st.integers(1, 9), TEXT),
    st.builds(lambda t, a: f"{t} [{t}]({a}) {t}.", TEXT, TARGETS),
    st.builds(lambda t: f"{t} www.example.org and https://example.org/{t[:4]}", TEXT),
    st.builds(lambda t: f"{t}\n- one {t}\n  - two\n    - three", TEXT),
    st.builds(
        lambda rows, t: (
            "| nr | text |\n|---:|---|\n" + "".join(f"| {i} | {t} {i} |\n" for i in range(rows))
        ),
        st.integers(1, 70),
        TEXT,
    ),
    st.builds(lambda t: f"| a | b |\n|---|---|\n| {t} | {t}[^n] |\n\n[^n]: {t} note.", TEXT),
    st.builds(
        lambda kind, t: f"> [!{kind}]\n> {t}",
        st.sampled_from(["NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION"]),
        TEXT,
    ),
    st.builds(lambda n: "```\n" + "x" * n + "\n```", st.integers(1, 400)),
    st.builds(lambda t: f"{t}\n\n---\n\n{t}", TEXT),
    st.builds(lambda t: f"- [ ] {t}\n- [x] ~~{t}~~", TEXT),
    st.builds(lambda t: f"> {t}\n>\n> > {t}", TEXT),
    st.builds(lambda n: "lang" * n, st.integers(1, 60)),
)
BODIES = st.lists(BLOCKS, min_size=1, max_size=6).map("\n\n".join)


@pytest.mark.slow  # ten generated projects, each built in every format
@settings(
    max_examples=10,
    deadline=None,
    derandomize=True,  # CI runs the same examples each time; explore with --hypothesis-seed
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(BODIES)
def test_what_check_accepts_builds_in_every_format_and_loses_nothing(
    generated_in: Path, body: str
) -> None:
    root = generated_in  # one project for every example: only the generated page changes
    page = root / "contributions/support/generated.md"
    page.write_text(FRONT.format(title="Generated") + body + "\n", encoding="utf-8")
    if load_project(root).errors:  # refused by check, so the build refuses too
        return
    build_document(root, formats=FORMATS)
    lost = {f: describe(r, 10) for f, r in measure(root, root / "build").items() if not r.ok}
    assert not lost, (body, lost)


@pytest.fixture(scope="module")
def generated_in(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The valid project the generated pages are written into, one after the other."""
    root = tmp_path_factory.mktemp("agree") / "project"
    shutil.copytree(FIXTURES / "valid", root)
    return root
