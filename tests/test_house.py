"""The house rules of pipeline/: its import contracts hold (import-linter, as `make lint` runs
them), no module imports itself round a circle, and the architecture page maps the package tree."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import grimp

REPOSITORY = Path(__file__).parent.parent
PIPELINE = REPOSITORY / "pipeline"


def test_the_import_contracts_hold() -> None:
    done = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--config", "pyproject.toml"],
        cwd=REPOSITORY,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


def test_no_module_imports_itself_round_a_circle() -> None:
    """No cycle among pipeline's modules (imports only a type checker reads left out: they
    never run)."""
    graph = grimp.build_graph("pipeline", exclude_type_checking_imports=True)
    modules = sorted(graph.modules)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(module: str) -> None:  # Tarjan's strongly connected components
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for other in sorted(graph.find_modules_directly_imported_by(module)):
            if other not in graph.modules or not other.startswith("pipeline"):
                continue
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in on_stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 5000))
    for module in modules:
        if module.startswith("pipeline") and module not in index:
            visit(module)
    # a package's __init__ is imported by its own modules (pipeline.__version__): not a cycle
    cycles = [c for c in cycles if not all(m.count(".") <= 1 for m in c) or len(c) > 2]
    assert cycles == []


def test_the_architecture_page_maps_every_package_and_module() -> None:
    """The architecture page (generated from the code's docstrings by tools/architecture_page.py)
    is current, and names every subpackage and module of pipeline/, as it is."""
    sys.path.insert(0, str(REPOSITORY / "tools"))
    import architecture_page

    made = architecture_page.page()
    assert architecture_page.PAGE.read_text(encoding="utf-8") == made, (
        "run python tools/architecture_page.py"
    )
    named = set(re.findall(r"`(pipeline/[a-z_/]+\.py|pipeline/[a-z_]+/)`", made))
    modules = {f"pipeline/{p.relative_to(PIPELINE).as_posix()}" for p in PIPELINE.rglob("*.py")}
    modules = {m for m in modules if not m.endswith("__init__.py") and "/skeleton/" not in m}
    packages = {f"pipeline/{p.name}/" for p in PIPELINE.iterdir() if (p / "__init__.py").is_file()}
    assert sorted((modules | packages) - named) == []
    assert "(no docstring)" not in made, "every module says what it is for in its docstring"
