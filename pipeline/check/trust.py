"""Templates are code that every build runs: editors review them, and these rules hold anyway.

`check` reports, and a build refuses again before it uses the templates: a link or special
file in templates/ (RD115); a pandoc defaults file that names anything but layout options and
files inside templates/ (RD116); a Typst file that imports a package, which would need the
network (RD117). In a pull request, every change to a file that runs code (the house style,
workflows, Makefile, requirements.txt, pre-commit, pyproject.toml, any .py or .lua) is a
warning that an editor must review it (RD404), which names the kind of file and, for
requirements.txt, where roledoc comes from; a requirement that is not fixed to a version or
a git tag or commit is an error at any time (RD408).
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..core.diagnostics import Reporter, kind
from ..core.errors import DiagnosticsError
from ..core.messages import Message, _, os_reason
from ..core.model import Position
from ..core.paths import DEFAULTS, DOCUMENT, PIN_FILE
from ..infra.gitinfo import changes_since_base
from ..read.pin import Source, pin_sources
from ..read.projectfiles import UnsafeFile, read_text
from ..read.templates import Templates, template_path
from ..read.yamlread import YamlReader

# Options that only change the layout; their values name no files and run nothing.
LAYOUT_KEYS = frozenset(
    {
        "standalone",
        "toc",
        "table-of-contents",
        "toc-depth",
        "number-sections",
        "number-offset",
        "top-level-division",
        "shift-heading-level-by",
        "section-divs",
        "split-level",
        "epub-chapter-level",
        "epub-title-page",
        "epub-subdirectory",
        "embed-resources",
        "wrap",
        "columns",
        "tab-stop",
        "preserve-tabs",
        "eol",
        "dpi",
        "variables",
        "metadata",
        "reference-links",
        "reference-location",
        "markdown-headings",
        "list-tables",
        "html-q-tags",
        "ascii",
        "strip-comments",
        "title-prefix",
        "identifier-prefix",
        "incremental",
        "slide-level",
        "default-image-extension",
        "verbosity",
        "fail-if-warnings",
    }
)
# Options whose value is a file (or a list of files), which must be inside templates/.
FILE_KEYS = frozenset(
    {
        "template",
        "reference-doc",
        "css",
        "include-in-header",
        "include-before-body",
        "include-after-body",
        "epub-cover-image",
        "epub-metadata",
        "epub-fonts",
    }
)
# Options roledoc relies on: an override keeps the value of the package's own file.
FIXED_KEYS = frozenset({"from", "to", "sandbox"})
HERE = "${.}/"  # pandoc's name for the folder of the defaults file: templates/pandoc/
PACKAGE_IMPORT = re.compile(r"\"(@[A-Za-z0-9_-]+/[^\"]*)\"")


class TemplatesRefused(DiagnosticsError):
    """The templates break a rule that `check` reports; a build stops before using them."""


def check_templates(templates: Templates, rep: Reporter) -> None:
    """Add every RD115, RD116 and RD117 problem of the project's templates to `rep`."""
    for name, what in templates.refused.items():
        rep.add("RD115", template_path(name), what=what)
    for name in templates.own:
        if name.startswith("pandoc/") and name.endswith(".yaml"):
            _check_pandoc_defaults(templates, name, rep)
        elif name.endswith(".typ"):
            _check_typst(templates, name, rep)


def refuse_unsafe_templates(templates: Templates) -> None:
    """The build's own guard: raise TemplatesRefused if `check_templates` finds an error."""
    rep = Reporter()
    check_templates(templates, rep)
    errors = [d for d in rep.found if d.is_error]
    if errors:
        raise TemplatesRefused(errors)


def _check_typst(templates: Templates, name: str, rep: Reporter) -> None:
    text = _read(templates, name, rep)
    for number, line in enumerate((text or "").splitlines(), start=1):
        for match in PACKAGE_IMPORT.finditer(line):
            pos = Position(number, match.start() + 1)
            rep.add("RD117", template_path(name), pos, package=match.group(1))


def _read(templates: Templates, name: str, rep: Reporter) -> str | None:
    try:
        return templates.read(name)
    except (OSError, UnicodeDecodeError) as exc:
        rep.add(
            "RD102",
            template_path(name),
            reason=os_reason(exc) if isinstance(exc, OSError) else str(exc),
        )
        return None


def _check_pandoc_defaults(templates: Templates, name: str, rep: Reporter) -> None:
    text = _read(templates, name, rep)
    if text is None:
        return
    reader = YamlReader(rep, template_path(name))
    entries = reader.mapping(reader.compose(text), "pandoc defaults")
    if entries is None:
        return
    fixed = _package_values(name)
    for key, (key_node, value) in entries.items():
        if key in FIXED_KEYS and key in fixed:
            if _plain(value) != fixed[key]:
                rule = _fixed_rule(key, fixed[key])
                rep.add("RD116", reader.path, reader.pos(key_node), key=key, rule=rule)
        elif key in FILE_KEYS or key == "filters":
            _check_files(templates, reader, key, value)
        elif key not in LAYOUT_KEYS:
            rep.add("RD116", reader.path, reader.pos(key_node), key=key, rule=_rule(rep, "key"))
    for key in sorted(fixed.keys() - entries.keys()):
        rule = _fixed_rule(key, fixed[key])
        rep.add("RD116", reader.path, Position(1, 1), key=key, rule=rule)


def _package_values(name: str) -> dict[str, object]:
    """The fixed options of the package's own defaults file of that name."""
    path = DEFAULTS / name
    if not path.is_file():
        return {}
    reader = YamlReader(Reporter(), str(path))
    entries = reader.mapping(reader.compose(path.read_text(encoding="utf-8")), "") or {}
    return {key: _plain(value) for key, (_, value) in entries.items() if key in FIXED_KEYS}


def _plain(node: Node) -> object:
    """A node as plain values (scalars as written), to compare two files' options."""
    if isinstance(node, MappingNode):
        return {_plain(k): _plain(v) for k, v in node.value}
    if isinstance(node, SequenceNode):
        return [_plain(item) for item in node.value]
    return node.value


def _check_files(templates: Templates, reader: YamlReader, key: str, node: Node) -> None:
    """Each file the option names is a file of the merged templates, named through `${.}`."""
    rep = reader.reporter
    if key == "filters" and not isinstance(node, SequenceNode):  # pandoc wants a list here
        rep.add("RD116", reader.path, reader.pos(node), key=key, rule=_rule(rep, "shape"))
        return
    items = node.value if isinstance(node, SequenceNode) else [node]
    for item in items:
        if key == "filters" and isinstance(item, MappingNode):
            fields = {k.value: v for k, v in item.value if isinstance(k, ScalarNode)}
            kind = fields.get("type")
            if not isinstance(kind, ScalarNode) or kind.value != "lua" or "path" not in fields:
                rep.add("RD116", reader.path, reader.pos(item), key=key, rule=_rule(rep, "filter"))
                continue
            item = fields["path"]
        if not isinstance(item, ScalarNode) or item.tag != "tag:yaml.org,2002:str":
            rep.add("RD116", reader.path, reader.pos(item), key=key, rule=_rule(rep, "shape"))
            continue
        if key == "filters" and not item.value.endswith(".lua"):
            rep.add("RD116", reader.path, reader.pos(item), key=key, rule=_rule(rep, "filter"))
            continue
        target = _template_name(item.value)
        if target is None:
            rep.add("RD116", reader.path, reader.pos(item), key=key, rule=_rule(rep, "path"))
        elif target not in templates.files:
            rep.add("RD116", reader.path, reader.pos(item), key=key, rule=_rule(rep, "missing"))


def _template_name(value: str) -> str | None:
    """The template a `${.}/...` path names, or None if it is not such a path inside
    templates/ (absolute, climbing out with '..', or using another variable)."""
    if not value.startswith(HERE) or "$" in value[len(HERE) :] or "\\" in value:
        return None
    name = posixpath.normpath(posixpath.join("pandoc", value[len(HERE) :]))
    if name == ".." or name.startswith(("../", "/")) or name == ".":
        return None
    return name


def _rule(rep: Reporter, name: str) -> Message | str:
    return rep.kind(f"defaults-{name}")


def _fixed_rule(key: str, value: object) -> Message:
    return _("{rule} ({key}: {value})", rule=kind("defaults-fixed"), key=key, value=str(value))


# -- pull requests --------------------------------------------------------------------------

# Every file of a project that runs code, or decides what runs: a change to one needs an
# editor's review. The kind names the file for the reviewer (KINDS in diagnostics.py).
_CODE_NAMES = {
    "Makefile": "code-make",
    "GNUmakefile": "code-make",
    "makefile": "code-make",
    ".pre-commit-config.yaml": "code-precommit",
    ".pre-commit-hooks.yaml": "code-precommit",
    "pyproject.toml": "code-python-project",
    "setup.py": "code-python-project",
    "setup.cfg": "code-python-project",
    "tox.ini": "code-python-project",
    "CODEOWNERS": "code-owners",
}
_CODE_SUFFIXES = {
    ".lua": "code-lua",
    ".py": "code-python",
    ".sh": "code-script",
    ".bash": "code-script",
    ".mk": "code-make",
}
_REQUIREMENTS = re.compile(r"(requirements|constraints)[^/]*\.(txt|in)")


def code_kind(path: str) -> str | None:
    """What kind of code the project file `path` (posix, relative to the root) is, as a name
    in KINDS; None for a file that runs nothing (a contribution, a section, an image)."""
    name = posixpath.basename(path)
    suffix = posixpath.splitext(name)[1]
    if suffix in (".lua", ".py"):
        return _CODE_SUFFIXES[suffix]
    if path.startswith(("templates/", "pipeline/defaults/")):
        return "code-style"
    if path.startswith((".github/workflows/", ".github/actions/")):
        return "code-workflow"
    if name in _CODE_NAMES:
        return _CODE_NAMES[name]
    if _REQUIREMENTS.fullmatch(name):
        return "code-requirements"
    # .tools/ holds the programs make accept installs (DAISY Ace) and .venv/ roledoc's own:
    # a pull request never writes them.
    if suffix in _CODE_SUFFIXES or path.startswith((".ci/", ".tools/", ".venv/")):
        return "code-script"
    return None


def review_changes(root: Path, base: str, rep: Reporter) -> None:
    """RD404 for each change since the merge base with `base` to a file that runs code (the
    house style, workflows, Makefile, requirements, Python, Lua, ...); nothing when git
    cannot tell."""
    changes = changes_since_base(root, base)
    if changes is None:
        return
    for path in changes.paths:
        what = code_kind(path)
        if what == "code-requirements" and path == PIN_FILE:
            pinned = _roledoc_source(root)
            if pinned is not None:
                rep.add("RD404", path, Position(pinned.line, 1), what=_pin_kind(pinned))
                continue
        if what is not None:
            rep.add("RD404", path, what=what)
    if DOCUMENT in changes.paths:
        before, _positions = _style(changes.document)
        now, position = _style(_text(root, root / DOCUMENT))
        if before != now:
            rep.add("RD404", DOCUMENT, position, what="code-document-style")


def check_requirements(root: Path, rep: Reporter) -> None:
    """RD408 for each requirement in requirements.txt that pip would fetch from anywhere but
    the package index or a git repository at a tag or full commit: the workflows install it.
    RD108 when requirements.txt is a link out of the project or no regular file: pip would
    read wherever it points."""
    path = root / PIN_FILE
    if not (path.exists() or path.is_symlink()):
        return
    try:
        text = read_text(root, path)
    except UnsafeFile as exc:
        rep.add("RD108", PIN_FILE, reason=exc.reason)
        return
    for source in pin_sources(text):
        if not source.fixed:
            pos = Position(source.line, 1)
            rep.add("RD408", PIN_FILE, pos, requirement=source.requirement, where=source.where)


def _requirements(root: Path) -> list[Source]:
    """requirements.txt's requirements; none when it is missing or may not be read (a link or
    special file: check_requirements reports that, RD108)."""
    path = root / PIN_FILE
    if not (path.exists() or path.is_symlink()):
        return []
    try:
        return pin_sources(read_text(root, path))
    except UnsafeFile:
        return []


def _roledoc_source(root: Path) -> Source | None:
    """Where requirements.txt installs roledoc from, when it names roledoc."""
    return next((s for s in _requirements(root) if "roledoc" in s.requirement.lower()), None)


def _pin_kind(source: Source) -> Message:
    return _(
        "requirements.txt, which make and the workflows install (roledoc: {where})",
        where=source.where,
    )


def _style(text: str | None) -> tuple[object, Position | None]:
    """The `style` of a document.yaml as plain values, and where it is."""
    reader = YamlReader(Reporter(), DOCUMENT)
    entries = reader.mapping(reader.compose(text or ""), "document") or {}
    if "style" not in entries:
        return None, None
    key, value = entries["style"]
    return _plain(value), reader.pos(key)


def _text(root: Path, path: Path) -> str | None:
    """The file's text as the one safe reader gives it; None where it may not be read (check
    reports that file on its own)."""
    try:
        return read_text(root, path)
    except UnsafeFile:
        return None
