"""The participants' and editors' commands: new, import, status, init, watch, and the
pull-request workflows."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline import __version__
from pipeline.check.project import load_project
from pipeline.cli import main
from pipeline.preview.watcher import watch_project

from .commands import pandoc
from .realtools import missing

REPOSITORY = Path(__file__).parent.parent
LIMITS = "contributions/limits"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


# -- roledoc new -----------------------------------------------------------------------------


def test_new_scaffolds_a_draft_that_passes_check(project: Path) -> None:
    code, output = run(
        "-C", str(project), "new", "limits", "Tweeënhalf keer „nee” zeggen", "--author", "bob"
    )
    assert code == 0, output
    path = project / LIMITS / "tweeenhalf-keer-nee-zeggen.md"
    assert f"Created {LIMITS}/tweeenhalf-keer-nee-zeggen.md" in output
    text = path.read_text(encoding="utf-8")
    assert 'title: "Tweeënhalf keer „nee” zeggen"' in text
    assert "status: draft" in text and f"date: {dt.date.today().isoformat()}" in text
    assert load_project(project).diagnostics == ()


def test_new_refuses_an_existing_id_and_unknown_names(project: Path) -> None:
    code, output = run("-C", str(project), "new", "limits", "Where it ends", "--author", "bob")
    assert code == 1 and "the id 'where-it-ends' is taken" in output
    code, output = run("-C", str(project), "new", "limit", "x", "--author", "bob")
    assert code == 1 and "unknown theme 'limit'; did you mean 'limits'?" in output
    code, output = run("-C", str(project), "new", "limits", "x", "--author", "bobb")
    assert code == 1 and "Did you mean 'bob' (B. Baker)? Then use --author bob." in output
    assert run("-C", str(project), "new", "limits", "x")[0] == 2  # --author is required


def test_new_runs_for_real_in_a_subprocess(project: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pipeline",
            "-C",
            str(project),
            "new",
            "support",
            "Echt",
            "--author",
            "alice",
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0 and (project / "contributions/support/echt.md").is_file()


# -- roledoc import --------------------------------------------------------------------------

MARK = 'author="Jan" date="2018-01-01T00:00:00Z"'
NOTE = 'id="0" author="Kees" date="2018-01-01T00:00:00Z"'
SOURCE = f"""---
title: Working with the province
---
# Why

We think along. [This is new.]{{.insertion {MARK}}}[This was removed.]{{.deletion {MARK}}}

[A remark]{{.comment-start {NOTE}}}Text with a comment.[]{{.comment-end id="0"}}

### Started too deep

![The diagram of the partnership](diagram.png)

![](diagram.png)

| Who | Does what |
|-----|-----------|
| Towns | Decide |
"""


def make_document(tmp_path: Path, fmt: str, text: str = SOURCE) -> Path:
    folder = tmp_path / "incoming"
    folder.mkdir(exist_ok=True)
    shutil.copyfile(
        REPOSITORY / "tests/fixtures/valid/contributions/limits/assets/diagram.png",
        folder / "diagram.png",
    )
    (folder / "source.md").write_text(text, encoding="utf-8")
    target = folder / f"province.{fmt}"
    pandoc(str(folder / "source.md"), "-t", fmt, "-o", str(target), f"--resource-path={folder}")
    return target


def test_import_of_a_real_docx(project: Path, tmp_path: Path) -> None:
    source = make_document(tmp_path, "docx")
    code, output = run("-C", str(project), "import", str(source), "limits", "--author", "carol")
    assert code == 0, output
    path = project / LIMITS / "working-with-the-province.md"
    text = path.read_text(encoding="utf-8")
    assert 'title: "Working with the province"' in text and "status: draft" in text
    body = text.split("---\n", 2)[2]
    assert body.startswith("## Why")  # the first heading became ##
    assert "### Started too deep" in body  # and the skip from # to ### is gone
    assert "This is new." in body and "This was removed." not in body
    assert "A remark" not in body and "Text with a comment." in body
    assert "![The diagram of the partnership](assets/working-with-the-province-1.png)" in body
    assert "| Who   | Does what |" in body
    assert (project / LIMITS / "assets/working-with-the-province-1.png").is_file()
    assert "warning: tracked changes were accepted" in output
    assert "warning: comments were dropped" in output
    assert "working-with-the-province-2.png has no alt text" in output
    assert "error RD309" in output  # check's verdict on the imported file, shown at once


def test_import_of_odt_and_html_and_the_title_order(project: Path, tmp_path: Path) -> None:
    odt = make_document(tmp_path, "odt", SOURCE.replace("![](diagram.png)", ""))
    code, output = run(
        "-C",
        str(project),
        "import",
        str(odt),
        "limits",
        "--author",
        "carol",
        "--title",
        "Chosen title",
    )
    assert code == 0, output
    assert (project / LIMITS / "chosen-title.md").is_file()
    html = tmp_path / "page.html"
    html.write_text(
        "<html><body><h1>Heading as title</h1><p>Text <script>alert(1)</script>"
        "<span style='x'>kept</span>.</p><p><img src='https://example.org/x.png' alt='remote'>"
        "</p></body></html>",
        encoding="utf-8",
    )
    code, output = run("-C", str(project), "import", str(html), "support", "--author", "alice")
    assert code == 0, output
    text = (project / "contributions/support/heading-as-title.md").read_text(encoding="utf-8")
    assert 'title: "Heading as title"' in text
    assert "<script>" not in text and "alert" not in text and "kept" in text
    assert "{" not in text and "[kept]" not in text  # GitHub would print [kept]{style="x"}
    assert "took off styles and classes that GitHub would show as text" in output
    assert "left out a remote image: https://example.org/x.png" in output
    assert not [d for d in load_project(project).errors if "heading-as-title" in d.path]


def test_import_refuses_what_it_cannot_read(project: Path, tmp_path: Path) -> None:
    code, output = run(
        "-C", str(project), "import", str(tmp_path / "none.docx"), "limits", "--author", "bob"
    )
    assert code == 1 and "no such file" in output
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"this is not a zip file")
    code, output = run("-C", str(project), "import", str(broken), "limits", "--author", "bob")
    assert code == 1 and "not a valid docx file" in output
    code, output = run(
        "-C", str(project), "import", str(broken.with_suffix(".pdf")), "limits", "--author", "bob"
    )
    assert code == 1 and "imports .docx, .odt and .html" in output
    assert "Traceback" not in output


# -- roledoc status --------------------------------------------------------------------------


def test_status_shows_states_and_what_awaits_review(project: Path) -> None:
    shutil.copyfile(project / LIMITS / "a-proposal.md", project / LIMITS / "older-proposal.md")
    older = project / LIMITS / "older-proposal.md"
    older.write_text(older.read_text("utf-8").replace("2017-06-02", "2017-01-05"), "utf-8")
    code, output = run("-C", str(project), "status")
    assert code == 0
    assert "limits                 draft 1 · proposed 2 · accepted 1 · rejected 1" in output
    waiting = output[output.index("Awaiting review") :]
    assert waiting.index("older-proposal") < waiting.index("a-proposal")
    assert "Themes without an accepted contribution: way-of-working" in output
    data = json.loads(run("-C", str(project), "status", "--format", "json")[1])
    assert [w["id"] for w in data["awaiting_review"]] == ["older-proposal", "a-proposal"]
    assert data["themes_without_accepted"] == ["way-of-working"]


# -- roledoc init ----------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "word"), [("nl-NL", "Inhoudsopgave"), ("en-GB", "Contents")])
def test_init_makes_a_project_that_builds_at_once(tmp_path: Path, lang: str, word: str) -> None:
    target = tmp_path / "new"
    code, output = run("init", str(target), "--lang", lang, "--title", 'A "quoted": title')
    assert code == 0, output
    for name in (
        ".gitignore",
        "Makefile",
        ".github/workflows/check.yml",
        ".github/workflows/pr-comment.yml",
        ".github/pull_request_template.md",
        ".pre-commit-config.yaml",
        "README.md",
    ):
        assert (target / name).is_file(), name
    assert load_project(target).diagnostics == ()
    code, output = run("-C", str(target), "build", "--format", "html")
    assert code == 0, output
    html = (target / "build/document.html").read_text(encoding="utf-8")
    assert word in html and "A “quoted”: title" in html
    assert run("init", str(target))[0] == 1  # not empty any more


# -- roledoc watch ---------------------------------------------------------------------------


def test_watch_rebuilds_on_change_and_survives_errors(project: Path) -> None:
    messages: list[str] = []
    stop = threading.Event()
    thread = threading.Thread(
        target=watch_project,
        args=(project, False, ("html",), messages.append, stop, 100),
        daemon=True,
    )
    thread.start()

    def wait_for(text: str) -> None:
        deadline = time.monotonic() + 30
        while not any(text in m for m in messages):
            assert time.monotonic() < deadline, messages
            time.sleep(0.05)

    wait_for("Watching")
    path = project / LIMITS / "where-it-ends.md"
    path.write_text(path.read_text("utf-8").replace("does not execute", "never executes"), "utf-8")
    wait_for("Changed: where-it-ends.md")
    deadline = time.monotonic() + 30
    while sum("Outputs:" in m for m in messages) < 2:
        assert time.monotonic() < deadline, messages
        time.sleep(0.05)
    html = (project / "build/how-we-work.html").read_text(encoding="utf-8")
    assert "never executes" in html
    path.write_text(path.read_text("utf-8").replace("status: accepted", "status: acepted"), "utf-8")
    wait_for("RD205")
    (project / "build/ignored.txt").write_text("outputs do not trigger a build", "utf-8")
    path.write_text(path.read_text("utf-8").replace("status: acepted", "status: accepted"), "utf-8")
    time.sleep(0.5)
    stop.set()
    thread.join(timeout=10)
    assert not thread.is_alive()
    assert sum("Outputs:" in m for m in messages) >= 2
    assert not any("ignored.txt" in m for m in messages)
    assert messages[-1] == "Stopped watching."  # said by roledoc, in the reader's language


# -- GitHub integration ----------------------------------------------------------------------

OURS = REPOSITORY / ".github/workflows"
SKELETON = REPOSITORY / "pipeline/skeleton/common/dot-github/workflows"
WORKFLOWS = sorted(OURS.glob("*.yml")) + sorted(SKELETON.glob("*.yml"))


def _tool(name: str) -> str:
    path = Path(sys.executable).with_name(name)
    if not path.exists():
        missing(f"{name} (pip install '.[dev]')")
    return str(path)


def test_workflows_follow_the_github_schema() -> None:
    done = subprocess.run(
        [
            _tool("check-jsonschema"),
            "--builtin-schema",
            "vendor.github-workflows",
            *map(str, WORKFLOWS),
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_workflows_pass_the_zizmor_security_audit() -> None:
    done = subprocess.run(
        [_tool("zizmor"), "--offline", *map(str, WORKFLOWS)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_repository_runs_the_same_workflows_it_gives_new_projects() -> None:
    skeleton = REPOSITORY / "pipeline/skeleton/common/dot-github/workflows"
    for given in skeleton.glob("*.yml"):
        ours = (REPOSITORY / ".github/workflows" / given.name).read_text(encoding="utf-8")
        ours_install = "        run: python -m pip install .  # this repository is roledoc itself\n"
        expected = given.read_text(encoding="utf-8").replace(
            "        run: python -m pip install -r requirements.txt  # the roledoc this document "
            "is pinned to\n",
            ours_install,
        )
        expected = expected.replace(  # check.yml: the base's pin, in a new project
            "        # The roledoc the base branch is pinned to, not the pull request's: a pull "
            "request that\n"
            "        # moves the pin cannot choose the program that checks it (RD404 shows the "
            "move).\n"
            "        run: |\n"
            '          git show "origin/$GITHUB_BASE_REF:requirements.txt" > '
            '"$RUNNER_TEMP/requirements.txt"\n'
            '          python -m pip install -r "$RUNNER_TEMP/requirements.txt"\n',
            ours_install,
        )
        assert ours == expected, given.name


@pytest.mark.parametrize(
    "folder", [".github/workflows", "pipeline/skeleton/common/dot-github/workflows"]
)
def test_the_release_builds_without_a_write_token_and_publishes_without_project_code(
    folder: str,
) -> None:
    from ruamel.yaml import YAML

    flow = YAML(typ="safe").load((REPOSITORY / folder / "release.yml").read_text("utf-8"))
    assert flow["permissions"] == {}  # nothing unless a job asks
    build, publish = flow["jobs"]["build"], flow["jobs"]["publish"]
    assert build["permissions"] == {"contents": "read"}
    commands = " ".join(step.get("run", "") for step in build["steps"])
    assert "pip install" in commands and "roledoc build --paginate" in commands
    assert commands.index("libreoffice-writer") < commands.index("roledoc build")  # pages
    assert "roledoc changelog" in commands and "release-notes.md" in commands
    upload = next(s for s in build["steps"] if "upload-artifact" in s.get("uses", ""))
    assert upload["with"]["name"] == "release"
    assert publish["needs"] == "build" and publish["permissions"] == {"contents": "write"}
    uses = [step["uses"].split("@")[0] for step in publish["steps"] if "uses" in step]
    assert uses == ["actions/download-artifact"]  # no checkout: no file of the project
    runs = [step["run"] for step in publish["steps"] if "run" in step]
    assert len(runs) == 1 and runs[0].startswith('gh release create "$TAG" release/build/')
    assert "--notes-file release/release-notes.md" in runs[0]
    for word in ("roledoc", "pip", "python", "make"):
        assert word not in runs[0].split(), word
    assert "GH_TOKEN" in publish["steps"][-1]["env"]
    assert "GH_TOKEN" not in str(build)


# The comment on a pull request: check.yml writes it where the pull request's content runs
# (read-only, no secrets) and hands it on as an artifact; pr-comment.yml, which may write to
# pull requests, posts it and runs nothing of the pull request.

BOTH = pytest.mark.parametrize("folder", [OURS, SKELETON], ids=["repository", "skeleton"])
MARKER = "<!-- roledoc-pr-summary -->"


def _flow(path: Path) -> dict:
    from ruamel.yaml import YAML

    return YAML(typ="safe").load(path.read_text("utf-8"))


@BOTH
def test_the_check_hands_the_comment_on_as_an_artifact(folder: Path) -> None:
    flow = _flow(folder / "check.yml")
    assert flow["on"] == {"pull_request": None} and flow["permissions"] == {"contents": "read"}
    (job,) = flow["jobs"].values()
    assert "permissions" not in job and "secrets" not in str(flow)
    checkout = job["steps"][0]
    assert checkout["uses"].startswith("actions/checkout@")
    assert checkout["with"]["persist-credentials"] is False
    summary = next(s for s in job["steps"] if "pr-summary" in s.get("run", ""))
    script = summary["run"]
    out = '--out "$RUNNER_TEMP/pr-comment/comment.md"'
    assert f'roledoc pr-summary --base "origin/$GITHUB_BASE_REF" --draft build {out}' in script
    # the draft build and the redline the comment names pages of and links to come first
    names = [step.get("name", "") for step in job["steps"]]
    comment = names.index(summary["name"])
    assert names.index("Draft build") < comment
    assert names.index("Redline against the base branch") < comment
    assert '"$NUMBER" > "$RUNNER_TEMP/pr-comment/number"' in script
    assert summary["env"] == {
        "NUMBER": "${{ github.event.pull_request.number }}",
        "ROLEDOC_PR_HEAD": "${{ github.event.pull_request.head.sha }}",  # links to the lines
    }
    assert "${{" not in script
    # also after a failed check (the comment reports it); a failed summary fails nothing
    assert summary["if"] == "${{ !cancelled() }}"
    assert '|| { echo "::warning::roledoc pr-summary failed"; rm -f ' in script
    at = job["steps"].index(summary)
    upload = job["steps"][at + 1]
    assert upload["uses"].startswith("actions/upload-artifact@")
    assert upload["if"] == "${{ !cancelled() }}"
    assert upload["with"]["name"] == "pr-comment"
    assert upload["with"]["path"] == "${{ runner.temp }}/pr-comment/"


@BOTH
def test_the_comment_is_posted_by_a_job_that_runs_nothing_of_the_pull_request(
    folder: Path,
) -> None:
    flow = _flow(folder / "pr-comment.yml")
    check = _flow(folder / "check.yml")
    assert flow["on"] == {"workflow_run": {"workflows": [check["name"]], "types": ["completed"]}}
    assert flow["permissions"] == {}  # nothing unless the job asks
    (job,) = flow["jobs"].values()
    assert job["permissions"] == {"actions": "read", "pull-requests": "write"}
    assert job["if"] == "github.event.workflow_run.event == 'pull_request'"
    uses = [step["uses"] for step in job["steps"] if "uses" in step]
    assert [u.split("@")[0] for u in uses] == ["actions/download-artifact"]  # no checkout
    download = job["steps"][0]["with"]
    assert download["name"] == "pr-comment"
    assert download["run-id"] == "${{ github.event.workflow_run.id }}"
    assert download["github-token"] == "${{ github.token }}"
    runs = [step["run"] for step in job["steps"] if "run" in step]
    assert len(runs) == 1
    words = set(re.findall(r"[\w.-]+", runs[0]))
    for word in ("roledoc", "pip", "python", "python3", "make", "git", "npm", "sh", "bash"):
        assert word not in words, word
    # the pull request's text and number reach the shell as data, never as script
    assert "${{" not in runs[0] and "eval" not in words
    assert job["steps"][1]["env"]["MARKER"] == MARKER


def test_the_new_project_gets_the_comment_workflows(tmp_path: Path) -> None:
    assert run("init", str(tmp_path / "new"))[0] == 0
    for name in ("check.yml", "pr-comment.yml"):
        given = (tmp_path / "new/.github/workflows" / name).read_text("utf-8")
        assert given == (SKELETON / name).read_text("utf-8"), name


@BOTH
def test_the_workflows_that_install_cache_the_downloads(folder: Path) -> None:
    for name in ("check.yml", "build.yml"):
        for job in _flow(folder / name)["jobs"].values():
            setup = [s for s in job["steps"] if "setup-python" in s.get("uses", "")]
            assert setup and all(s["with"]["cache"] == "pip" for s in setup), name
    # a release builds from nothing a cache could have planted (zizmor: cache-poisoning)
    for job in _flow(folder / "release.yml")["jobs"].values():
        assert "cache" not in str(job)


GH_STUB = """#!{python}
# gh as pr-comment.yml calls it: answers from the files in $STUB, logs every call there.
import json, os, pathlib, sys
stub = pathlib.Path(os.environ["STUB"])
args = sys.argv[1:]
call = {{"args": args}}
if "--input" in args:
    call["input"] = json.loads(pathlib.Path(args[args.index("--input") + 1]).read_text())
with open(stub / "calls.jsonl", "a") as log:
    log.write(json.dumps(call) + "\\n")
path = [a for a in args if a.startswith("repos/")][0]
if "--method" not in args:
    name = "pull.json" if "/pulls/" in path else "comments.json"
    sys.stdout.write((stub / name).read_text())
"""

PULL = {"head": {"repo": {"full_name": "fork/doc"}, "ref": "my-text", "sha": "abc123"}}


def _post(
    tmp_path: Path,
    number: str | Path | None = "7\n",
    text: str | Path | None = "## Wat verandert\n\nEén bijdrage.\n",
    pull_requests: list | None = None,
    pull: dict | None = None,
    comments: list | None = None,
) -> tuple[int, str, list[dict]]:
    """Run pr-comment.yml's script as the runner would, with `gh` answering from files; a
    Path for `number` or `text` makes that file of the artifact a link to it."""
    for tool in ("bash", "jq"):
        if not shutil.which(tool):
            missing(tool)
    flow = _flow(OURS / "pr-comment.yml")
    (job,) = flow["jobs"].values()
    step = next(s for s in job["steps"] if "run" in s)
    stub, folder, temp = tmp_path / "stub", tmp_path / "artifact", tmp_path / "temp"
    for made in (stub, folder, temp):
        made.mkdir(parents=True)
    gh = stub / "bin/gh"
    gh.parent.mkdir()
    gh.write_text(GH_STUB.format(python=sys.executable), "utf-8")
    gh.chmod(0o755)
    (stub / "pull.json").write_text(json.dumps(pull or PULL), "utf-8")
    (stub / "comments.json").write_text(json.dumps(comments or []), "utf-8")
    for name, content in (("number", number), ("comment.md", text)):
        if isinstance(content, Path):
            (folder / name).symlink_to(content)
        elif content is not None:
            (folder / name).write_text(content, "utf-8")
    env = {
        "PATH": f"{gh.parent}{os.pathsep}{os.environ['PATH']}",
        "STUB": str(stub),
        "RUNNER_TEMP": str(temp),
        "GITHUB_REPOSITORY": "owner/doc",
        "FOLDER": str(folder),
        "PULL_REQUESTS": json.dumps(pull_requests or []),
        "HEAD_REPOSITORY": "fork/doc",
        "HEAD_BRANCH": "my-text",
        "HEAD_SHA": "abc123",
        "RUN_URL": "https://github.com/owner/doc/actions/runs/1",
        "MARKER": step["env"]["MARKER"],
    }
    runner = {"PATH", "STUB", "RUNNER_TEMP", "GITHUB_REPOSITORY"}  # the runner's, and the stub's
    assert set(step["env"]) - {"GH_TOKEN"} == set(env) - runner  # every value the step passes
    done = subprocess.run(
        ["bash", "-e", "-c", step["run"]], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    log = stub / "calls.jsonl"
    calls = [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []
    return done.returncode, done.stdout + done.stderr, calls


def _writes(calls: list[dict]) -> list[dict]:
    return [c for c in calls if "--method" in c["args"]]


def test_the_comment_from_a_fork_is_posted_once_with_the_marker(tmp_path: Path) -> None:
    code, output, calls = _post(tmp_path)
    assert code == 0, output
    (write,) = _writes(calls)
    assert write["args"][:4] == ["api", "--method", "POST", "repos/owner/doc/issues/7/comments"]
    assert write["input"] == {"body": f"{MARKER}\n## Wat verandert\n\nEén bijdrage.\n"}


def test_each_push_edits_the_bots_comment_instead_of_adding_one(tmp_path: Path) -> None:
    comments = [
        {"id": 1, "user": {"login": "someone"}, "body": f"{MARKER}\nforged"},
        {"id": 2, "user": {"login": "github-actions[bot]"}, "body": "another bot comment"},
        {"id": 3, "user": {"login": "github-actions[bot]"}, "body": f"{MARKER}\nold"},
    ]
    code, output, calls = _post(tmp_path, text=f"{MARKER}\nnew\n", comments=comments)
    assert code == 0, output
    (write,) = _writes(calls)
    assert write["args"][:4] == ["api", "--method", "PATCH", "repos/owner/doc/issues/comments/3"]
    assert write["input"] == {"body": f"{MARKER}\nnew\n"}  # the marker once


@pytest.mark.parametrize(
    ("number", "pull_requests", "pull"),
    [
        ("7; touch pwned\n", None, None),
        ("../7\n", None, None),
        ("", None, None),
        ("8\n", [{"number": 7}], None),  # the run was for #7
        ("7\n", None, {"head": {**PULL["head"], "repo": {"full_name": "other/doc"}}}),
        ("7\n", None, {"head": {**PULL["head"], "ref": "main"}}),
        ("7\n", None, {"head": {**PULL["head"], "repo": None}}),  # the fork is gone
    ],
)
def test_no_comment_on_a_pull_request_the_check_did_not_run_for(
    tmp_path: Path, number: str, pull_requests: list | None, pull: dict | None
) -> None:
    code, output, calls = _post(tmp_path, number=number, pull_requests=pull_requests, pull=pull)
    assert code == 1 and "::error::" in output
    assert _writes(calls) == [] and not (tmp_path / "pwned").exists()


def test_a_listed_pull_request_and_a_newer_push(tmp_path: Path) -> None:
    code, output, calls = _post(tmp_path / "a", pull_requests=[{"number": 7}])
    assert code == 0 and len(_writes(calls)) == 1, output
    moved_on = {"head": {**PULL["head"], "sha": "def456"}}
    code, output, calls = _post(tmp_path / "b", pull=moved_on)
    assert code == 0 and _writes(calls) == [] and "has moved on" in output


def test_the_comment_text_is_data_and_capped(tmp_path: Path) -> None:
    text = "$(touch pwned) `touch pwned2` ${{ github.token }} \\n '\"\n" + "ë 🙂 regel\n" * 9000
    code, output, calls = _post(tmp_path, text=text)
    assert code == 0, output
    body = _writes(calls)[0]["input"]["body"]
    assert not (tmp_path / "pwned").exists() and not (tmp_path / "pwned2").exists()
    assert body.startswith(f"{MARKER}\n$(touch pwned) `touch pwned2` ${{{{ github.token }}}}")
    assert len(body.encode()) <= 65536  # so no count of its characters passes GitHub's limit
    assert body.endswith(
        "ë 🙂 regel\n\n… [ingekort · shortened](https://github.com/owner/doc/actions/runs/1)"
    )


def test_without_a_summary_the_comment_says_so(tmp_path: Path) -> None:
    code, output, calls = _post(tmp_path, text=None)
    assert code == 0, output
    body = _writes(calls)[0]["input"]["body"]
    assert body.startswith(f"{MARKER}\nDe samenvatting van deze pull request kon niet")
    assert "The summary of this pull request could not be made" in body
    code, output, calls = _post(tmp_path / "none", number=None, text=None)
    assert code == 0 and calls == [] and "no pull request number" in output


def test_a_link_in_the_artifact_is_not_followed(tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.write_text("a file of the runner", "utf-8")
    code, output, calls = _post(tmp_path / "text", text=secret)
    assert code == 0, output
    assert "a file of the runner" not in str(calls) and "could not be made" in str(calls)
    code, output, calls = _post(tmp_path / "number", number=secret)
    assert code == 0 and calls == [], output


# Tags. This repository is both the tool and the example document: a tool release is tagged
# roledoc-v0.3.0 (publish.yml, to PyPI), an edition of the document v1.2 (release.yml, as in
# every project `roledoc init` makes). No tag may start both.

EDITION_TAGS = ["v1.2", "v1.0", "v0.3.0", "v2", "v10.1.3", "v0.3.0rc1"]
TOOL_TAGS = ["roledoc-v0.3.0", "roledoc-v0.2.1", "roledoc-v1.0.0rc1", "roledoc-v10.0.0"]
OTHER_TAGS = ["roledoc-0.3.0", "0.3.0", "release-v1.2", "v1.2/fix", "V1.2"]


def _github_pattern(pattern: str) -> re.Pattern[str]:
    """A branch or tag filter as GitHub's filter pattern cheat sheet reads it: `*` any run
    without `/`, `**` any run, `?` and `+` zero-or-one and one-or-more of the character before,
    `[...]` one listed character, `\\` escapes; the whole name must match."""
    parts, at = [], 0
    while at < len(pattern):
        char = pattern[at]
        if pattern.startswith("**", at):
            parts.append(".*")
            at += 1
        elif char == "*":
            parts.append("[^/]*")
        elif char in "?+":
            parts.append(char)
        elif char == "[":
            end = pattern.index("]", at)
            parts.append(pattern[at : end + 1])
            at = end
        elif char == "\\":
            at += 1
            parts.append(re.escape(pattern[at]))
        else:
            parts.append(re.escape(char))
        at += 1
    return re.compile("".join(parts))


def _filtered_in(patterns: list[str], name: str) -> bool:
    """Patterns in order, as GitHub applies them: a later match decides, `!` excludes."""
    chosen = False
    for pattern in patterns:
        negated = pattern.startswith("!")
        if _github_pattern(pattern.removeprefix("!")).fullmatch(name):
            chosen = not negated
    return chosen


def _starts_on_tag(flow: dict, tag: str) -> bool:
    """Whether pushing the tag `tag` starts the workflow `flow`."""
    events = flow["on"]
    if isinstance(events, str | list):
        return "push" in events  # a push of any ref, tags included
    if "push" not in events:
        return False
    push = events["push"] or {}
    if "tags" in push:
        return _filtered_in(push["tags"], tag)
    if "tags-ignore" in push:
        return not _filtered_in(push["tags-ignore"], tag)
    return "branches" not in push and "branches-ignore" not in push


@pytest.mark.parametrize(
    ("patterns", "name", "starts"),
    [
        (["v*"], "v1.2", True),
        (["v*"], "roledoc-v0.3.0", False),  # the whole name must match
        (["v*"], "v1.2/fix", False),  # `*` stops at `/`
        (["v**"], "v1.2/fix", True),
        (["v*", "!v*rc*"], "v1.0rc1", False),
        (["!v*rc*", "v*"], "v1.0rc1", True),  # the later pattern decides
        (["v[0-9]+.[0-9]+"], "v10.12", True),
        (["v[0-9]+.[0-9]+"], "v1.2.3", False),
        (["roledoc-v*"], "roledoc-v0.3.0", True),
        (["roledoc-v*"], "v0.3.0", False),
    ],
)
def test_tag_filters_are_read_as_github_reads_them(
    patterns: list[str], name: str, starts: bool
) -> None:
    assert _filtered_in(patterns, name) is starts


def test_no_tag_starts_both_a_tool_release_and_an_edition() -> None:
    from ruamel.yaml import YAML

    flows = {
        path.name: YAML(typ="safe").load(path.read_text("utf-8")) for path in OURS.glob("*.yml")
    }
    publish = flows["publish.yml"]
    for tag in EDITION_TAGS + TOOL_TAGS + OTHER_TAGS:
        started = {name for name, flow in flows.items() if _starts_on_tag(flow, tag)}
        assert started <= {"publish.yml", "release.yml"}, (tag, started)  # no other on tags
        assert len(started) <= 1, (tag, started)
        assert _starts_on_tag(publish, tag) is (tag in TOOL_TAGS), tag
    for folder in (OURS, SKELETON):  # here and in every new project, editions are v1.2
        release = YAML(typ="safe").load((folder / "release.yml").read_text("utf-8"))
        for tag in EDITION_TAGS + TOOL_TAGS:
            assert _starts_on_tag(release, tag) is (tag in EDITION_TAGS), (folder, tag)


def test_a_tool_release_is_tagged_with_the_package_version() -> None:
    """publish.yml's own check, run as the workflow runs it."""
    from ruamel.yaml import YAML

    flow = YAML(typ="safe").load((OURS / "publish.yml").read_text("utf-8"))
    step = next(s for s in flow["jobs"]["build"]["steps"] if "tag" in s.get("name", ""))
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"

    def passes(tag: str) -> bool:
        env = {**os.environ, "PATH": path, "GITHUB_REF_NAME": tag}
        done = subprocess.run(["bash", "-c", step["run"]], cwd=REPOSITORY, env=env, check=False)
        return done.returncode == 0

    assert passes(f"roledoc-v{__version__}")
    assert not passes(f"v{__version__}")
    assert not passes("roledoc-v99.0.0")


def test_a_new_contribution_in_a_new_dutch_project_passes_check_strict(tmp_path: Path) -> None:
    target = tmp_path / "nieuw"
    assert run("init", str(target))[0] == 0
    code, output = run(
        "-C", str(target), "new", "werkwijze", "Wat we écht doen", "--author", "redactie"
    )
    assert code == 0, output
    code, output = run("-C", str(target), "check", "--strict")
    assert (code, output) == (0, "Geen problemen gevonden.\n")


def test_ci_runs_every_test_once_in_one_of_its_jobs() -> None:
    """make test leaves out the tests that need LibreOffice, Java or the network; CI runs
    those in jobs of their own, and .ci/run runs everything, so no marked test is left out
    of CI by the everyday suite's selection."""
    from ruamel.yaml import YAML

    flow = YAML(typ="safe").load((OURS / "tests.yml").read_text("utf-8"))
    runs = {
        step["run"].strip()
        for job in flow["jobs"].values()
        for step in job["steps"]
        if "run" in step and step["run"].strip().startswith("make ")
    }
    assert {"make test", "make test-office", "make test-packaging", "make lint"} <= runs
    makefile = (REPOSITORY / "Makefile").read_text("utf-8")
    selected = {
        target: re.search(rf"^{target}: .*\n\t\$\(PYTEST\)(.*)$", makefile, re.M)[1].strip()
        for target in ("test", "test-office", "test-packaging", "test-all")
    }
    assert selected == {
        "test": '-m "not office and not packaging"',
        "test-office": "-m office",
        "test-packaging": "-m packaging",
        "test-all": "",
    }
    assert "\nmake test-all\n" in (REPOSITORY / ".ci/run").read_text("utf-8")
