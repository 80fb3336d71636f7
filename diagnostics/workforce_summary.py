"""Headcounts of an uploaded workforce, one breakdown per dimension, with small groups hidden
as they are for survey results (DESIGN.md section 3, rule 4).

Primary: a group with 0 < headcount < k is hidden. Secondary, within each dimension: the total
is always shown, so the hidden groups' combined headcount is the total less the shown groups.
While that would give something away (only one group is hidden, so its figure is exact; or the
hidden groups add up to fewer than k people) the smallest shown group is hidden as well.
Groups of 0 are shown: a 0 says nothing about any person.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass

from diagnostics.constants import STAFF_GROUPS
from diagnostics.record_csv import NOT_STATED, WorkforceRow

DIMENSIONS: list[tuple[str, str]] = [
    ("directorate", "Directorate"),
    ("staff_group", "Staff group"),
    ("band", "Pay band"),
    ("sex", "Sex"),
    ("ethnicity", "Ethnicity"),
    ("disability", "Disability"),
    ("age_band", "Age band"),
]


@dataclass(frozen=True)
class GroupFigure:
    group: str  # as shown: the staff group's name, otherwise the value uploaded
    headcount: int | None  # None when suppressed
    share: float | None  # of the dimension's total, 0 to 1; None when suppressed
    suppressed: bool


@dataclass(frozen=True)
class DimensionSummary:
    dimension: str
    label: str
    groups: list[GroupFigure]
    hidden_count: int  # how many groups are hidden
    total: int  # the whole workforce's headcount, always shown


def hidden_groups(counts: dict[str, int], k: int) -> set[str]:
    """The groups of one breakdown to hide (the module docstring gives the rules)."""
    hidden = {group for group, n in counts.items() if 0 < n < k}
    while hidden and (len(hidden) == 1 or sum(counts[group] for group in hidden) < k):
        shown = sorted((n, group) for group, n in counts.items() if n > 0 and group not in hidden)
        if not shown:
            break  # every group of people is hidden already; only the total remains
        hidden.add(shown[0][1])
    return hidden


def _order(label: str) -> tuple:
    """Labels in natural order (Band 9 before Band 8a would be wrong, 5-9 before 10-14 right),
    with the answers that are not answers last."""
    stated = [s.casefold() for s in NOT_STATED]
    last = stated.index(label.casefold()) + 1 if label.casefold() in stated else 0
    parts = re.split(r"(\d+)", label.casefold())
    return (last, [(0, int(part), "") if part.isdigit() else (1, 0, part) for part in parts])


def workforce_summary(rows: Sequence[WorkforceRow], *, k: int) -> list[DimensionSummary]:
    """For each dimension, every group's headcount and share of the total, small ones hidden."""
    total = sum(row.headcount for row in rows)
    # The staff group names are translatable, so they become text only when used.
    staff_group_names = {code: str(label) for code, label in STAFF_GROUPS}
    summaries = []
    for dimension, label in DIMENSIONS:
        counts: dict[str, int] = {}
        shown_as: dict[str, str] = {}
        for row in rows:
            value = getattr(row, dimension)
            if dimension == "staff_group":
                value = staff_group_names.get(value, value)
            # "female" and "Female" are one group, shown as first spelt.
            key = " ".join(value.casefold().split())
            shown_as.setdefault(key, value)
            counts[key] = counts.get(key, 0) + row.headcount
        hidden = hidden_groups(counts, k)
        groups = [
            GroupFigure(
                group=shown_as[key],
                headcount=None if key in hidden else n,
                share=None if key in hidden else (n / total if total else 0.0),
                suppressed=key in hidden,
            )
            for key, n in counts.items()
        ]
        groups.sort(key=lambda figure: _order(figure.group))
        summaries.append(
            DimensionSummary(
                dimension=dimension,
                label=label,
                groups=groups,
                hidden_count=len(hidden),
                total=total,
            )
        )
    return summaries
