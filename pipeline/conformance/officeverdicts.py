"""The verdicts of the Word and OpenDocument files' accessibility checks: whether the facts
office.py read from either file meet EN 301 549 clause 10 (WCAG 2.1 AA), and the report's
words and figures for each. One verdict per check serves both formats, so a Word file and an
OpenDocument file are held to the same rule and told about it in the same words.

Large text is held to 4.5:1 too.
"""

from __future__ import annotations

import math
from itertools import pairwise

from ..core.colours import contrast
from ..core.messages import Message, _
from . import Check
from .officecolours import Pairs

AA = 4.5  # WCAG 2.1 SC 1.4.3, for text of any size


def _check(output: str, name: Message, problems: list[Message], fine: Message) -> Check:
    detail = problems[0] if len(problems) == 1 else fine
    if len(problems) > 1:
        detail = _("{first}; and {more} more", first=problems[0], more=len(problems) - 1)
    return Check(output, name, not problems, detail)


# -- properties --------------------------------------------------------------------------------


def _same_language(found: str, lang: str) -> bool:
    return found.replace("_", "-").lower() == lang.replace("_", "-").lower()


def judge_identity(
    output: str, found_title: str, found_lang: str, styled: str, title: str, lang: str
) -> Check:
    problems = []
    if found_title.strip() != title:
        problems.append(_("the title in the file's properties is not the document's"))
    if not _same_language(found_lang, lang):
        problems.append(
            _("the language is {found}, not {lang}", found=found_lang or "-", lang=lang)
        )
    if not _same_language(styled, lang):
        problems.append(
            _("the styles' language is {found}, not {lang}", found=styled or "-", lang=lang)
        )
    fine = _("title and language {lang} set", lang=lang)
    return _check(output, _("title and language in the file's properties"), problems, fine)


# -- headings ----------------------------------------------------------------------------------


def judge_headings(
    output: str, found: list[tuple[int | None, str]], not_headings: list[str]
) -> Check:
    """`found`: each heading's level (1 = top, None: not in the outline) and words, in order;
    `not_headings`: the words of paragraphs styled as headings that are none."""
    problems = []
    outside = [words for level, words in found if level is None]
    if outside:
        problems.append(
            _(
                "{missing} of {headings} headings not in the outline, the first '{heading}'",
                missing=len(outside),
                headings=len(found),
                heading=outside[0],
            )
        )
    levels = [(level, words) for level, words in found if level is not None]
    if levels and levels[0][0] > 1:
        problems.append(
            _(
                "the first heading, '{heading}', is at level {level}, not 1",
                heading=levels[0][1],
                level=levels[0][0],
            )
        )
    skips = [(a, b, words) for (a, _w), (b, words) in pairwise(levels) if b > a + 1]
    if skips:
        previous, level, words = skips[0]
        problems.append(
            _(
                "{skips} of {headings} headings skip a level, the first '{heading}' from level "
                "{previous} to {level}",
                skips=len(skips),
                headings=len(found),
                heading=words,
                previous=previous,
                level=level,
            )
        )
    if not_headings:
        problems.append(
            _(
                "paragraphs styled as headings but not headings: {count}, the first '{text}'",
                count=len(not_headings),
                text=not_headings[0],
            )
        )
    fine = _("no headings")
    if levels:
        deepest = max(level for level, _w in levels)
        fine = _(
            "{headings} headings, levels 1 to {deepest}, none skipped",
            headings=len(found),
            deepest=deepest,
        )
    return _check(output, _("headings in the outline, no level skipped"), problems, fine)


# -- tables ------------------------------------------------------------------------------------


def judge_tables(output: str, headers: list[str | None]) -> Check:
    """`headers`: the words of each table's marked header row (None: no row is marked)."""
    unmarked = [number for number, words in enumerate(headers, 1) if words is None]
    empty = [number for number, words in enumerate(headers, 1) if words == ""]
    problems = []
    if unmarked:
        problems.append(
            _(
                "{missing} of {tables} tables without a marked header row, the first table "
                "{number}",
                missing=len(unmarked),
                tables=len(headers),
                number=unmarked[0],
            )
        )
    if empty:
        problems.append(
            _(
                "{missing} of {tables} tables whose header row holds no words, the first table "
                "{number}",
                missing=len(empty),
                tables=len(headers),
                number=empty[0],
            )
        )
    fine = _(
        "{marked} of {tables} tables with a marked header row",
        marked=len(headers),
        tables=len(headers),
    )
    return _check(output, _("table header rows marked"), problems, fine)


# -- images ------------------------------------------------------------------------------------


def judge_images(output: str, images: list[tuple[str, str | None]]) -> Check:
    """`images`: each image's name and whether it is described ("alt", "decorative", None)."""
    missing = [name for name, said in images if said is None]
    decorative = sum(1 for _name, said in images if said == "decorative")
    problems = []
    if missing:
        problems.append(
            _(
                "{missing} of {images} images without alt text, the first {image}",
                missing=len(missing),
                images=len(images),
                image=missing[0],
            )
        )
    fine = _(
        "{described} of {images} images with alt text, {decorative} marked decorative",
        described=len(images) - decorative,
        images=len(images),
        decorative=decorative,
    )
    return _check(output, _("alt text on every image"), problems, fine)


# -- contrast ----------------------------------------------------------------------------------


def judge_contrast(output: str, pairs: Pairs) -> Check:
    name = _("colour contrast of the text (WCAG AA)")
    if not pairs:
        return Check(output, name, True, _("no text"))
    rated = sorted((contrast(fg, bg), fg, bg) for fg, bg in pairs)
    ratio, fg, bg = rated[0]
    failing = sum(1 for rate, _fg, _bg in rated if rate < AA)
    figures = {
        "ratio": math.floor(ratio * 10) / 10,  # 4.46 shows as 4.4, never as a passing 4.5
        "where": pairs[fg, bg][:4],
        "colour": f"#{fg}",
        "background": f"#{bg}",
    }
    if failing:
        problem = _(
            "{failing} of {colours} text colours under 4.5:1, lowest {ratio:.1f}:1 "
            "({where}: {colour} on {background})",
            failing=failing,
            colours=len(rated),
            **figures,
        )
        return Check(output, name, False, problem)
    fine = _(
        "{colours} text colours, lowest {ratio:.1f}:1 ({where}: {colour} on {background}); "
        "AA needs 4.5:1",
        colours=len(rated),
        **figures,
    )
    return Check(output, name, True, fine)


# -- reading order -----------------------------------------------------------------------------


def judge_order(output: str, pictures: int, floating: int, boxes: int) -> Check:
    problems = []
    if boxes:
        problems.append(_("text boxes or frames outside the text flow: {count}", count=boxes))
    if floating:
        problems.append(
            _(
                "{count} of {pictures} pictures not in line with the text",
                count=floating,
                pictures=pictures,
            )
        )
    fine = _(
        "{inline} of {pictures} pictures in line with the text; no text boxes or frames",
        inline=pictures,
        pictures=pictures,
    )
    name = _("reading order: no floating text boxes or frames, pictures in line")
    return _check(output, name, problems, fine)
