"""A reviewed Word file is untrusted (issue 27): `review import` stays fast on files built to
be slow, refuses a damaged or oversized file with a Dutch message naming it, decides nothing
about its own scope, and writes the reviewer's words into the notes as text."""

from __future__ import annotations

import re
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from pipeline.cli import main
from pipeline.review import PROPERTY, fingerprint

from . import test_review as review
from .gitrepo import commit_all, git
from .test_review import BELANGEN, REVIEWED, branch_of, export, import_, notes
from .wordedit import W14_NS, W, WordEdit, _w

exported = review.exported  # the exported example project, shared with test_review
example = review.example

PHRASE = "De gesprekken leverden een gemengd beeld op"


def run_import(root: Path, docx: Path):
    started = time.monotonic()
    done = CliRunner().invoke(
        main, ["-C", str(root), "review", "import", str(docx), "--reviewer", "Aanvaller"]
    )
    assert "Traceback" not in done.output
    assert done.exception is None or isinstance(done.exception, SystemExit), done.exception
    return done, time.monotonic() - started


def rewrite(docx: Path, change) -> Path:
    with zipfile.ZipFile(docx) as archive:
        parts = change({n: archive.read(n) for n in archive.namelist()})
    target = docx.with_name("aanval.docx")
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return target


def refused(root: Path, docx: Path, message: str) -> None:
    done, _seconds = run_import(root, docx)
    assert done.exit_code == 1, done.output
    assert docx.name in done.output and message in done.output, done.output


# -- files built to be slow ----------------------------------------------------------------------


def test_a_small_file_of_many_empty_paragraphs_is_refused_with_the_limit(example: Path) -> None:
    def empties(parts):
        body = parts["word/document.xml"].replace(b"</w:body>", b"<w:p/>" * 60_000 + b"</w:body>")
        return {**parts, "word/document.xml": body}

    docx = rewrite(example / REVIEWED, empties)
    assert docx.stat().st_size < 200_000  # it compresses well
    refused(example, docx, "het bevat meer dan 50000 alinea's")
    assert branch_of(example) is None


def _woord(example: Path, words: int) -> Path:
    """A paragraph where the reviewer deleted "woord woord ..." and typed it again, longer."""
    word = WordEdit(example / REVIEWED)
    paragraph = word.paragraph(PHRASE)
    for tag, kind, extra in (("del", "delText", ""), ("ins", "t", "x")):
        wrapper = word._revision(tag)
        run, text = _w("r"), _w(kind)
        text.text = "woord " * words + extra
        run.append(text)
        wrapper.append(run)
        paragraph.append(wrapper)
    return word.save("woord.docx")


def test_a_paragraph_of_one_repeated_word_is_imported_without_quadratic_work(
    example: Path,
) -> None:
    done, seconds = run_import(example, _woord(example, 4000))
    assert done.exit_code == 0, done.output
    assert seconds < 20  # was minutes: difflib on thousands of equal words
    assert "aanleiding-en-opdracht.md" in done.output


def test_a_paragraph_past_the_limit_is_refused(example: Path) -> None:
    refused(example, _woord(example, 10_000), "een alinea erin bevat meer dan 50000 tekens")


def _comments(word: WordEdit, count: int, parent_of=lambda n: None) -> None:
    paragraphs = [p for p in word.document.iter(W + "p") if len(word.text_of(p)) > 20]
    for number in range(count):
        paragraph = paragraphs[number % len(paragraphs)]
        runs = paragraph.findall(W + "r")
        runs[0].addprevious(_w("commentRangeStart", id=str(number)))
        runs[-1].addnext(_w("commentRangeEnd", id=str(number)))
        reference = _w("r")
        reference.append(_w("commentReference", id=str(number)))
        paragraph.append(reference)
        paragraph_id = f"{0x10000000 + number:08X}"
        comment = _w("comment", id=str(number), author="A", date="2026-11-20T10:00:00Z")
        inner = etree.SubElement(comment, W + "p")
        inner.set(f"{{{W14_NS}}}paraId", paragraph_id)
        inner.append(word._run(f"opmerking {number}", None))
        word.comments.append(comment)
        parent = parent_of(number)
        word.extended.append(
            (paragraph_id, None if parent is None else f"{0x10000000 + parent:08X}", False)
        )


def test_thousands_of_comments_are_imported_quickly(example: Path) -> None:
    word = WordEdit(example / REVIEWED)
    _comments(word, 4000)
    done, seconds = run_import(example, word.save())
    assert done.exit_code == 0, done.output
    assert seconds < 30
    assert "opmerking(en)" in done.output


def test_comments_that_answer_each_other_in_a_circle_end(example: Path) -> None:
    word = WordEdit(example / REVIEWED)
    _comments(word, 3, parent_of=lambda n: (n + 1) % 3)  # 0 answers 1 answers 2 answers 0
    done, _seconds = run_import(example, word.save())
    assert done.exit_code == 0, done.output
    page = "\n".join(p.read_text("utf-8") for p in (example / "build" / "review").glob("*/*.md"))
    assert all(f"opmerking {n}" in page for n in range(3))  # one thread, nothing lost


# -- damaged files ---------------------------------------------------------------------------------


def _bad_crc(docx: Path) -> Path:
    with zipfile.ZipFile(docx) as archive:
        info = archive.getinfo("word/document.xml")
    data = bytearray(docx.read_bytes())
    # the CRC in the local header and in the central directory: both say another checksum
    at = info.header_offset + 14
    data[at : at + 4] = bytes(b ^ 0xFF for b in data[at : at + 4])
    directory = data.find(b"PK\x01\x02")
    while directory >= 0:
        name_length = int.from_bytes(data[directory + 28 : directory + 30], "little")
        name = bytes(data[directory + 46 : directory + 46 + name_length])
        if name == b"word/document.xml":
            data[directory + 16 : directory + 20] = bytes(
                b ^ 0xFF for b in data[directory + 16 : directory + 20]
            )
        directory = data.find(b"PK\x01\x02", directory + 4)
    target = docx.with_name("crc.docx")
    target.write_bytes(bytes(data))
    return target


def _bad_data(docx: Path) -> Path:
    with zipfile.ZipFile(docx) as archive:
        info = archive.getinfo("word/document.xml")
    data = bytearray(docx.read_bytes())
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + 100] ^= 0xFF
    target = docx.with_name("kapot.docx")
    target.write_bytes(bytes(data))
    return target


@pytest.mark.parametrize("damage", [_bad_crc, _bad_data], ids=["CRC", "compressed data"])
def test_a_member_with_a_bad_checksum_is_refused_naming_the_file(example: Path, damage) -> None:
    docx = damage(example / REVIEWED)
    refused(example, docx, "is niet te lezen: het is geen geldig docx-bestand")


@pytest.mark.parametrize(
    ("depth", "message"),
    [(400, "is geen geldige XML"), (60, "de tabellen erin zijn meer dan 40 lagen diep genest")],
)
def test_tables_nested_deep_are_refused_naming_the_file(
    example: Path, depth: int, message: str
) -> None:
    def nest(parts):
        opened, closed = b"<w:tbl><w:tr><w:tc>" * depth, b"</w:tc></w:tr></w:tbl>" * depth
        body = parts["word/document.xml"].replace(
            b"<w:body>", b"<w:body>" + opened + b"<w:p/>" + closed, 1
        )
        return {**parts, "word/document.xml": body}

    refused(example, rewrite(example / REVIEWED, nest), message)


# -- scope and the notes -----------------------------------------------------------------------


def test_a_forged_property_does_not_widen_what_the_import_may_change(example: Path) -> None:
    export(example, "--theme", "belangen")  # the export holds one contribution
    word = WordEdit(example / REVIEWED)
    other = "contributions/context/aanleiding-en-opdracht.md"
    forged = PROPERTY + "aanleiding-en-opdracht"
    custom = word.parts["docProps/custom.xml"].decode("utf-8")
    last = max(int(n) for n in re.findall(r'pid="(\d+)"', custom))
    custom = custom.replace(
        "</Properties>",
        f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{last + 1}" '
        f'name="{forged}"><vt:lpwstr>{fingerprint((example / other).read_bytes())}'
        "</vt:lpwstr></property></Properties>",
    )
    word.parts["docProps/custom.xml"] = custom.encode("utf-8")
    word.replace(
        "Het bureau weegt de belangen niet", "weegt", "telt"
    )  # a real change, in the export
    said = import_(example, word.save())
    branch = branch_of(example)
    assert branch is not None, said
    touched = git(example, "diff", "--name-only", f"main..{branch}").split()
    assert touched == [BELANGEN]
    assert "geen kopie van deze export bewaard" not in said  # the kept copy set the scope


def test_without_a_kept_export_the_scope_is_said_to_be_the_files_word(
    example: Path, private_cache: Path
) -> None:
    export(example, "--theme", "belangen")
    for kept in private_cache.rglob("review-exports/*.docx"):
        kept.unlink()  # as on another computer than the one that exported
    word = WordEdit(example / REVIEWED)
    word.replace("Het bureau weegt de belangen niet", "weegt", "telt")
    said = import_(example, word.save())
    assert (
        "roledoc heeft geen kopie van deze export bewaard (is hij op een andere computer "
        "gemaakt?), dus alleen het bestand zelf zegt welke 1 bijdrage(n) het omvat" in said
    )


def test_a_comment_author_written_as_markdown_or_html_is_literal_in_the_notes(
    example: Path,
) -> None:
    word = WordEdit(example / REVIEWED)
    author = "**[klik](https://evil)** <img src=x>\n# kop"
    first = word.comment(PHRASE, "gemengd", "Zie <script>x</script>", author=author)
    word.comment(PHRASE, "gemengd", "[ja](javascript:x)\n- lijst", author=author, reply_to=first)
    import_(example, word.save())
    page = notes(example, "aanleiding-en-opdracht")
    assert r"\*\*\[klik\](https://evil)\*\* \<img src=x\> # kop" in page
    assert r"Zie \<script\>x\</script\>" in page and r"\[ja\](javascript:x) - lijst" in page
    assert "<img" not in page.replace(r"\<img", "") and "**[" not in page


@pytest.mark.parametrize("committed", [True, False], ids=["committed", "in the work tree"])
def test_notes_are_not_written_through_a_link(
    example: Path, tmp_path: Path, committed: bool
) -> None:
    outside = tmp_path / "buiten"
    outside.mkdir()
    (example / "build" / "review").symlink_to(outside, target_is_directory=True)
    if committed:
        (example / ".gitignore").write_text("build/*\n!build/review\n", encoding="utf-8")
        commit_all(example, "A link where the notes go")
        assert git(example, "ls-files", "build/review") == "build/review"
    word = WordEdit(example / REVIEWED)
    word.comment(PHRASE, "gemengd", "Hallo")
    done, _seconds = run_import(example, word.save())
    assert done.exit_code == 1, done.output
    if committed:  # check refuses the project as committed: nothing is imported
        assert "het project zoals het is vastgelegd (HEAD) heeft" in done.output
    else:
        assert "kan de reviewnotities niet schrijven: build/review is een link of geen map" in (
            done.output
        )
    assert list(outside.iterdir()) == []
