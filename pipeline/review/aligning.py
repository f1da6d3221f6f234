"""Two sequences aligned with a bounded amount of work: the one diff of a review import.

The reviewed file is untrusted, and difflib's SequenceMatcher is quadratic (or worse) in the
length of the sequences when their elements repeat ("woord woord woord ..."). So the common
start and end are set aside first (linear), and SequenceMatcher only aligns what is left when
that is at most LIMIT elements x elements; beyond it, `align` gives up (None) and `diff` says
the whole middle was replaced: coarser, never wrong.
"""

from __future__ import annotations

from collections.abc import Sequence
from difflib import SequenceMatcher

LIMIT = 400_000  # elements x elements aligned at most in one call (well under a second)
ALIGN_LIMIT = 2_000_000  # characters x characters, for a paragraph as long as an exported one

Opcode = tuple[str, int, int, int, int]


def _common_ends(a: Sequence, b: Sequence) -> tuple[int, int]:
    """How many elements a and b share at the start, and then at the end."""
    size = min(len(a), len(b))
    start = 0
    while start < size and a[start] == b[start]:
        start += 1
    end = 0
    while end < size - start and a[len(a) - 1 - end] == b[len(b) - 1 - end]:
        end += 1
    return start, end


def align(a: Sequence, b: Sequence, limit: int = LIMIT) -> list[Opcode] | None:
    """SequenceMatcher's opcodes (autojunk off) for a and b; None when the part that differs
    is larger than `limit` elements x elements."""
    start, end = _common_ends(a, b)
    a_end, b_end = len(a) - end, len(b) - end
    middle_a, middle_b = a[start:a_end], b[start:b_end]
    found: list[Opcode] = []
    if start:
        found.append(("equal", 0, start, 0, start))
    if middle_a or middle_b:
        if not middle_a or not middle_b:
            kind = "insert" if middle_b else "delete"
            found.append((kind, start, a_end, start, b_end))
        elif len(middle_a) * len(middle_b) > limit:
            return None
        else:
            matcher = SequenceMatcher(None, middle_a, middle_b, autojunk=False)
            found += [
                (op, i1 + start, i2 + start, j1 + start, j2 + start)
                for op, i1, i2, j1, j2 in matcher.get_opcodes()
            ]
    if end:
        found.append(("equal", a_end, len(a), b_end, len(b)))
    return found


def diff(a: Sequence, b: Sequence, limit: int = LIMIT) -> list[Opcode]:
    """`align`'s opcodes, or when that is too much work: the common start and end equal and
    everything between replaced."""
    found = align(a, b, limit)
    if found is not None:
        return found
    start, end = _common_ends(a, b)
    coarse: list[Opcode] = [("equal", 0, start, 0, start)] if start else []
    coarse.append(("replace", start, len(a) - end, start, len(b) - end))
    if end:
        coarse.append(("equal", len(a) - end, len(a), len(b) - end, len(b)))
    return coarse


def matching_blocks(a: Sequence, b: Sequence, limit: int = LIMIT) -> list[tuple[int, int, int]]:
    """(i, j, size) for each run of equal elements `diff` finds, in order."""
    return [(i1, j1, i2 - i1) for op, i1, i2, j1, _j2 in diff(a, b, limit) if op == "equal"]
