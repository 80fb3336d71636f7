"""Headcounts of an uploaded workforce, one breakdown per dimension, with small groups hidden
as they are for survey results (docs/anonymity.md).

Primary: a group with 0 < headcount < k is hidden. Secondary, within each dimension: the total
is always shown, so the hidden groups' combined headcount is the total less the shown groups.
While that would give something away (only one group is hidden, so its figure is exact; or the
hidden groups add up to fewer than k people) the smallest shown group is hidden as well.
Groups of 0 are shown: a 0 says nothing about any person."""

import re
from collections.abc import Sequence
from dataclasses import dataclass

from diagnostics.constants import STAFF_GROUPS
from diagnostics.records.csv_import import NOT_STATED, WorkforceRow
from diagnostics.results.suppression import pinned_down, protect_linked_cells

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
        if dimension == "band" and senior_shown(rows, k=k):
            hidden = _band_hidden(counts, k, hidden)
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


SENIOR_BANDS = frozenset({"Band 8a", "Band 8b", "Band 8c", "Band 8d", "Band 9"})


CHARACTERISTICS = ["sex", "ethnicity", "disability", "age_band"]


EVERYONE = "*"


@dataclass(frozen=True)
class RepresentationRow:
    group: str
    workforce_share: float | None  # of the whole workforce; None when hidden
    senior_headcount: int | None  # in Band 8a and above; None when hidden
    senior_share: float | None  # of everyone in Band 8a and above; None when hidden

    @property
    def suppressed(self) -> bool:
        return self.senior_headcount is None


@dataclass(frozen=True)
class RepresentationTable:
    dimension: str
    label: str
    rows: list[RepresentationRow]
    senior_total: int
    hidden_count: int


def senior_shown(rows: Sequence[WorkforceRow], *, k: int) -> bool:
    """Whether the page shows who holds the senior roles (and so their total)."""
    total = sum(row.headcount for row in rows)
    senior = sum(row.headcount for row in rows if row.band in SENIOR_BANDS)
    return senior >= k and total - senior >= k


def _band_hidden(counts: dict[str, int], k: int, hidden: set[str]) -> set[str]:
    """The pay bands to hide when the senior total is shown as well as the whole total:
    the senior bands then add up to a shown total of their own, and so do the rest, so a
    lone hidden band in either set (or hidden bands adding up to fewer than k) would be
    given away. Hide the next smallest band of that set until neither is."""
    senior_keys = {band.casefold() for band in SENIOR_BANDS}
    hidden = set(hidden)
    while True:
        exposed = None
        for part in (
            [key for key in counts if key in senior_keys],
            [key for key in counts if key not in senior_keys],
        ):
            hidden_sum = sum(counts[key] for key in part if key in hidden)
            hidden_parts = [key for key in part if key in hidden and counts[key] > 0]
            if hidden_parts and (len(hidden_parts) == 1 or hidden_sum < k):
                shown = sorted(
                    (counts[key], key) for key in part if key not in hidden and counts[key] > 0
                )
                if shown:
                    exposed = shown[0][1]
                    break
        if exposed is None:
            return hidden
        hidden.add(exposed)


def senior_representation(
    rows: Sequence[WorkforceRow], *, k: int, summaries: Sequence[DimensionSummary]
) -> list[RepresentationTable]:
    """For each protected characteristic, each group's share of the workforce beside its
    share of the senior roles (Band 8a and above): the leadership question of the workforce
    analysis.

    The senior counts and the one-way counts already shown are tied by sums (a group's
    headcount is its senior plus its other staff), so a senior figure could give away the
    small number of a group's other staff, or the reverse. The cells are solved together as
    for survey breakdowns (`protect_linked_cells`), keeping the one-way table as it is shown
    and hiding senior figures instead. Nothing is shown when the senior roles, or the rest,
    number fewer than k people."""
    if not senior_shown(rows, k=k):
        return []
    total = sum(row.headcount for row in rows)
    senior_total = sum(row.headcount for row in rows if row.band in SENIOR_BANDS)
    shown_one_way = {
        summary.dimension: {
            " ".join(figure.group.casefold().split())
            for figure in summary.groups
            if not figure.suppressed
        }
        for summary in summaries
    }
    labels = dict(DIMENSIONS)
    tables = []
    for dimension in CHARACTERISTICS:
        counts: dict[tuple, int] = {}
        shown_as: dict[str, str] = {}
        for row in rows:
            value = getattr(row, dimension)
            key = " ".join(value.casefold().split())
            shown_as.setdefault(key, value)
            level = "senior" if row.band in SENIOR_BANDS else "other"
            for cell in ((level, key), ("all", key), (level, EVERYONE), ("all", EVERYONE)):
                counts[cell] = counts.get(cell, 0) + row.headcount
        keys = sorted(shown_as)
        for key in keys:
            for level in ("senior", "other"):
                counts.setdefault((level, key), 0)
        equations = [(("all", key), [("senior", key), ("other", key)]) for key in keys]
        equations += [
            ((level, EVERYONE), [(level, key) for key in keys])
            for level in ("senior", "other", "all")
        ]
        equations.append((("all", EVERYONE), [("senior", EVERYONE), ("other", EVERYONE)]))
        # Never shown here: the other staff. Shown already: the one-way table's groups.
        never_shown = {("other", key) for key in keys} | {("other", EVERYONE)}
        one_way_hidden = {("all", key) for key in keys if key not in shown_one_way[dimension]}
        keep = {("all", key) for key in keys if key in shown_one_way[dimension]}
        keep |= {("all", EVERYONE), ("senior", EVERYONE)}
        hidden = protect_linked_cells(
            counts, equations, k, hidden=never_shown | one_way_hidden, keep=keep
        )
        # The solver never hides a 0 or a kept cell, so it can run out of cells to hide (a
        # senior total made of one group, say). Then this dimension shows no group's
        live = [(total, [p for p in parts if counts.get(p, 0) > 0]) for total, parts in equations]
        # senior figure at all, not even a 0, so no group's can be worked out by difference.
        hide_all = any(counts[cell] < k for cell in pinned_down(hidden, live))
        table_rows = []
        for key in keys:
            senior_hidden = hide_all or (("senior", key) in hidden and counts[("senior", key)] > 0)
            all_hidden = ("all", key) in hidden
            senior = None if senior_hidden else counts[("senior", key)]
            table_rows.append(
                RepresentationRow(
                    group=shown_as[key],
                    workforce_share=None if all_hidden else counts[("all", key)] / total,
                    senior_headcount=senior,
                    senior_share=None if senior is None else senior / senior_total,
                )
            )
        table_rows.sort(key=lambda row: _order(row.group))
        tables.append(
            RepresentationTable(
                dimension=dimension,
                label=labels[dimension],
                rows=table_rows,
                senior_total=senior_total,
                hidden_count=sum(1 for row in table_rows if row.suppressed),
            )
        )
    return tables
