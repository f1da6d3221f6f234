"""What a build publishes: which contributions it includes, and why it leaves out the others.

The rule lives here and nowhere else; the build's selection and report.json, the changelog,
the redline and the RD401 check all ask this module.

- A published build holds the `accepted` contributions; a draft build adds `proposed` and
  `draft` ones. `rejected` ones never appear.
- A contribution named in `supersedes` by another, *accepted* contribution is left out of
  every build, whatever its own status. A superseder that is not accepted replaces nothing.
  Superseding does not run along a chain: if A supersedes B and B supersedes C, with A and B
  accepted, both B and C are left out (C "superseded by B").
- When several accepted contributions supersede the same one, the superseder named is the one
  that comes first in reading order, `Contribution.sort_key` (order, date, id).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..core.model import Contribution

PUBLISHED_STATUSES = frozenset({"accepted"})
DRAFT_STATUSES = frozenset({"accepted", "proposed", "draft"})


@dataclass(frozen=True)
class Verdict:
    """Whether one contribution is in a build, and why."""

    included: bool
    reason: str  # its status, or "superseded by <id>"
    superseded_by: str | None = None


def find_superseders(contributions: Iterable[Contribution]) -> dict[str, str]:
    """Each contribution id that an accepted contribution supersedes, mapped to the id of the
    superseder that comes first in reading order."""
    superseders: dict[str, str] = {}
    accepted = sorted(
        (c for c in contributions if c.status == "accepted"), key=Contribution.sort_key
    )
    for contribution in accepted:
        for target in contribution.supersedes:
            if target != contribution.id:  # superseding oneself is an error (RD216), not a rule
                superseders.setdefault(target, contribution.id)
    return superseders


def judge_contributions(
    contributions: Iterable[Contribution], draft: bool = False
) -> dict[str, Verdict]:
    """The verdict for every contribution, by its path, in a published or a draft build."""
    contributions = tuple(contributions)
    superseders = find_superseders(contributions)
    wanted = DRAFT_STATUSES if draft else PUBLISHED_STATUSES
    verdicts: dict[str, Verdict] = {}
    for contribution in contributions:
        by = superseders.get(contribution.id)
        if by is not None:
            verdicts[contribution.path] = Verdict(False, f"superseded by {by}", by)
        else:
            verdicts[contribution.path] = Verdict(
                contribution.status in wanted, contribution.status
            )
    return verdicts
