"""The command line as users meet it: output formats, exit codes, and a real subprocess."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from pipeline.cli import main

SUPPORT = "contributions/support"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def break_project(project: Path, invalid: Path) -> None:
    shutil.copyfile(invalid / "bad-status.md", project / SUPPORT / "bad-status.md")
    shutil.copyfile(invalid / "unknown-author.md", project / SUPPORT / "unknown-author.md")


def test_check_of_a_clean_project_exits_0(project: Path) -> None:
    code, output = run("-C", str(project), "check")
    assert (code, output) == (0, "No problems found.\n")


def test_check_text_output_names_file_line_and_column(project: Path, invalid: Path) -> None:
    break_project(project, invalid)
    code, output = run("-C", str(project), "check")
    assert code == 1
    lines = output.splitlines()
    assert lines[0].startswith(f"{SUPPORT}/bad-status.md:4:9: error RD205: unknown status")
    assert lines[1].startswith(
        f"{SUPPORT}/unknown-author.md:3:18: error RD220: unknown participant"
    )
    assert lines[-1] == "2 error(s), 0 warning(s) in 2 file(s)."


def test_check_json_output_is_a_list_of_diagnostics(project: Path, invalid: Path) -> None:
    break_project(project, invalid)
    code, output = run("-C", str(project), "check", "--format", "json")
    assert code == 1
    data = json.loads(output)
    assert [(d["code"], d["path"], d["line"], d["col"]) for d in data] == [
        ("RD205", f"{SUPPORT}/bad-status.md", 4, 9),
        ("RD220", f"{SUPPORT}/unknown-author.md", 3, 18),
    ]


def test_check_github_output_is_workflow_annotations(project: Path, invalid: Path) -> None:
    break_project(project, invalid)
    code, output = run("-C", str(project), "check", "--format", "github")
    assert code == 1
    first = output.splitlines()[0]
    assert first.startswith(
        f"::error file={SUPPORT}/bad-status.md,line=4,col=9,title=RD205::unknown status"
    )


def test_warnings_pass_unless_strict(project: Path, invalid: Path) -> None:
    shutil.copyfile(invalid / "link-to-draft.md", project / SUPPORT / "link-to-draft.md")
    code, output = run("-C", str(project), "check")
    assert code == 0
    assert "warning RD401" in output
    code, _ = run("-C", str(project), "check", "--strict")
    assert code == 1


def test_usage_errors_exit_2(project: Path, tmp_path: Path) -> None:
    assert run("-C", str(project), "check", "--format", "xml")[0] == 2
    assert run("-C", str(tmp_path / "does-not-exist"), "check")[0] == 2
    assert run("frobnicate")[0] == 2


def test_check_finds_the_project_from_a_subfolder(project: Path, monkeypatch) -> None:
    monkeypatch.chdir(project / SUPPORT)
    assert run("check") == (0, "No problems found.\n")


def test_a_folder_without_document_yaml_is_explained(tmp_path: Path) -> None:
    code, output = run("-C", str(tmp_path), "check")
    assert code == 1
    assert "no document.yaml" in output and "roledoc init" in output


def test_check_runs_for_real_as_a_module_and_as_the_console_script(
    project: Path, invalid: Path
) -> None:
    break_project(project, invalid)
    module = subprocess.run(
        [sys.executable, "-m", "pipeline", "-C", str(project), "check"],
        capture_output=True,
        text=True,
    )
    assert module.returncode == 1
    assert "RD205" in module.stdout and "Traceback" not in module.stderr
    script = Path(sys.executable).with_name("roledoc")
    console = subprocess.run(
        [str(script), "-C", str(project), "check"], capture_output=True, text=True
    )
    assert (console.returncode, console.stdout) == (module.returncode, module.stdout)


def test_a_refused_build_says_so_in_the_documents_language(project: Path, invalid: Path) -> None:
    text = (project / "document.yaml").read_text(encoding="utf-8")
    (project / "document.yaml").write_text(text.replace("en-GB", "nl-NL"), encoding="utf-8")
    shutil.copyfile(invalid / "bad-status.md", project / SUPPORT / "bad-status.md")
    code, output = run("-C", str(project), "build")
    assert code == 1
    assert "Fout: de build is geweigerd: 1 fout(en); er is niets geschreven" in output


def test_a_repeated_format_option_adds_to_the_list(project: Path) -> None:
    """`--format html --format epub` builds both: a later option never silently replaces an
    earlier one (it did: only the last was built). Commas and repeats mix; a repeat counts once."""
    result = CliRunner().invoke(
        main, ["-C", str(project), "build", "-q", "--format", "html,epub", "--format", "html"]
    )
    assert result.exit_code == 0, result.output
    built = sorted(p.suffix for p in (project / "build").iterdir() if p.stem == "how-we-work")
    assert built == [".epub", ".html", ".md"]
    bad = CliRunner().invoke(
        main, ["-C", str(project), "build", "--format", "html", "--format", "xyz"]
    )
    assert bad.exit_code == 2 and "xyz" in bad.output
