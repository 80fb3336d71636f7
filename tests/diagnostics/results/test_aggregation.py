"""The figures and their suppression, checked against a plain-Python computation over the
raw answers, on random response sets (hypothesis)."""

from collections import Counter, defaultdict

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from diagnostics.results.aggregation import (
    DIMENSIONS,
    ItemFacts,
    breakdown_name,
    breakdowns,
    item_figures,
    result_rows,
)

ITEMS = {
    1: ItemFacts("teamwork", "positive"),
    2: ItemFacts("teamwork", "negative"),
    3: ItemFacts("vision_values", "positive"),
}

response_strategy = st.fixed_dictionaries(
    {
        "directorate": st.sampled_from(["medicine", "surgery", "estates", "prefer_not_to_say"]),
        "staff_group": st.sampled_from(["nursing", "medical", "admin"]),
        "band": st.sampled_from(["5", "6", "7"]),
        # Item 3 is optional: some people leave it out.
        "answers": st.fixed_dictionaries(
            {1: st.integers(1, 5), 2: st.integers(1, 5)},
            optional={3: st.integers(1, 5)},
        ),
    }
)


def frames(raw):
    responses = Counter((r["directorate"], r["staff_group"], r["band"]) for r in raw)
    answers = Counter(
        (r["directorate"], r["staff_group"], r["band"], item, value)
        for r in raw
        for item, value in r["answers"].items()
    )
    return (
        pd.DataFrame([(*key, n) for key, n in responses.items()], columns=[*DIMENSIONS, "n"]),
        pd.DataFrame(
            [(*key, n) for key, n in answers.items()],
            columns=[*DIMENSIONS, "item_id", "value", "n"],
        ),
    )


def expected_counts(raw, dims):
    """(group label, item) -> five counts, and group label -> responses, by hand."""
    items, groups = defaultdict(lambda: [0] * 5), Counter()
    for r in raw:
        label = "|".join(r[d] for d in dims)
        groups[label] += 1
        for item, value in r["answers"].items():
            items[(label, item)][value - 1] += 1
    return items, groups


def equations_for(cells: dict[tuple, int]) -> list[tuple]:
    """(total, parts) for the sums that tie the published cells together, built from the
    cells' own names: the whole survey is each one-way breakdown's sum, and a one-way group
    its row's (or column's) sum in each two-way breakdown."""
    overall = ("all", "")
    found = []
    by_breakdown = defaultdict(list)
    for breakdown, group in cells:
        by_breakdown[breakdown].append((breakdown, group))
    for breakdown, members in by_breakdown.items():
        if breakdown == "all":
            continue
        found.append((overall, members))
        if ":" in breakdown:
            for axis, dimension in enumerate(breakdown.split(":")):
                lines = defaultdict(list)
                for cell in members:
                    lines[cell[1].split("|")[axis]].append(cell)
                found += [((dimension, value), parts) for value, parts in lines.items()]
    return found


def attacker_finds(cells: dict[tuple, int], hidden: set) -> set:
    """Hidden cells that the shown ones pin down through those sums, found independently of
    the code under test: a cell is pinned down when adding "this cell" to the system of sums
    over hidden cells does not raise its rank."""
    unknown = sorted(hidden)
    if not unknown:
        return set()
    column = {cell: n for n, cell in enumerate(unknown)}
    rows = []
    for total, parts in equations_for(cells):
        row = np.zeros(len(unknown))
        if total in column:
            row[column[total]] += 1
        for part in parts:
            if part in column:
                row[column[part]] -= 1
        if row.any():
            rows.append(row)
    if not rows:
        return set()
    system = np.array(rows)
    rank = np.linalg.matrix_rank(system)
    found = set()
    for cell, n in column.items():
        probe = np.zeros(len(unknown))
        probe[n] = 1
        if np.linalg.matrix_rank(np.vstack([system, probe])) == rank:
            found.add(cell)
    return found


def _people(directorate, staff_group, band, answered, count=1):
    return [
        {
            "directorate": directorate,
            "staff_group": staff_group,
            "band": band,
            "answers": dict.fromkeys(range(1, answered + 1), 1),
        }
    ] * count


# Found by Hypothesis: nobody in "medical" answered optional question 3, and the shown cells
# give that 0 away. A zero says nobody answered, never a count under k: allowed.
MEDICS_SKIP_QUESTION_3 = [
    *_people("medicine", "nursing", "5", 2, 6),
    *_people("medicine", "nursing", "6", 2),
    *_people("medicine", "medical", "5", 2),
    *_people("medicine", "nursing", "5", 3, 2),
    *_people("medicine", "medical", "5", 2, 2),
    *_people("medicine", "medical", "6", 2),
    *_people("surgery", "medical", "5", 2),
    *_people("medicine", "nursing", "5", 3, 3),
]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=st.lists(response_strategy, min_size=5, max_size=70), k=st.integers(5, 11))
@example(raw=MEDICS_SKIP_QUESTION_3, k=5)
def test_figures_are_right_and_no_small_group_can_be_seen_or_worked_out(raw, k):
    if len(raw) < k:
        return  # the wave shows nothing at all; the service test covers that
    rows = result_rows(*frames(raw), ITEMS, asked=list(DIMENSIONS), k=k)
    by_breakdown = defaultdict(list)
    for row in rows:
        by_breakdown[row["breakdown"]].append(row)

    for dims in breakdowns(list(DIMENSIONS)):
        mine = by_breakdown[breakdown_name(dims)]
        item_counts, group_n = expected_counts(raw, dims)

        # Responses per group: right where shown, never a group of 0 < n < k.
        hidden_groups = set()
        for row in (r for r in mine if r["kind"] == "responses"):
            if row["suppressed"]:
                assert "n" not in row
                hidden_groups.add(row["group"])
            else:
                assert row["n"] == group_n[row["group"]] >= k
        # Each question per group: right where shown.
        for item_id, facts in ITEMS.items():
            hidden, present = set(), {}
            for row in (r for r in mine if r["kind"] == "item" and r["item_id"] == item_id):
                counts = item_counts[(row["group"], item_id)]
                present[row["group"]] = sum(counts)
                if row["suppressed"]:
                    assert "score" not in row and "n" not in row
                    hidden.add(row["group"])
                    continue
                assert row["group"] not in hidden_groups
                assert row["n"] == sum(counts) >= k
                assert [row[f"c{v}"] for v in range(1, 6)] == counts
                assert row == row | item_figures(counts, facts.polarity)
        # An element's figures come only from its questions shown in that group.
        for row in (r for r in mine if r["kind"] == "element" and not r["suppressed"]):
            shown = [
                r["score"]
                for r in mine
                if r["kind"] == "item"
                and r["group"] == row["group"]
                and r["element"] == row["element"]
                and not r["suppressed"]
            ]
            assert shown and row["score"] == pytest.approx(sum(shown) / len(shown))

    # Across every breakdown at once: no hidden cell under k can be solved for.
    for kind, item_id in [("responses", None), *(("item", i) for i in ITEMS)]:
        cells, hidden = {}, set()
        for dims in breakdowns(list(DIMENSIONS)):
            counts, groups = expected_counts(raw, dims)
            for row in by_breakdown[breakdown_name(dims)]:
                if row["kind"] != kind or row.get("item_id") != item_id:
                    continue
                if kind == "responses":
                    n = groups[row["group"]]
                else:
                    n = sum(counts[(row["group"], item_id)])
                cells[(row["breakdown"], row["group"])] = n
                if row["suppressed"]:
                    hidden.add((row["breakdown"], row["group"]))
        # Groups of 1 to k-1 are what suppression protects (docs/anonymity.md); a hidden 0
        # may be worked out, which says nobody there answered, never a count under k.
        leaked = {c for c in attacker_finds(cells, hidden) if 0 < cells[c] < k}
        assert not leaked, (kind, item_id, leaked)


class TestItemFigures:
    def test_a_positive_item(self):
        figures = item_figures([1, 1, 2, 3, 3], "positive")
        assert figures["n"] == 10
        assert figures["pct_positive"] == 60 and figures["pct_negative"] == 20
        assert figures["pct_neutral"] == 20
        # (0*1 + 2.5*1 + 5*2 + 7.5*3 + 10*3) / 10
        assert figures["score"] == pytest.approx(6.5)

    def test_agreeing_with_a_negative_item_is_unfavourable(self):
        figures = item_figures([1, 1, 2, 3, 3], "negative")
        assert figures["pct_positive"] == 20 and figures["pct_negative"] == 60
        assert figures["score"] == pytest.approx(3.5)


def test_only_the_dimensions_asked_are_broken_down():
    assert breakdowns(["band"]) == [(), ("band",)]
    assert breakdowns(["directorate", "band"]) == [
        (),
        ("directorate",),
        ("band",),
        ("directorate", "band"),
    ]


def test_a_one_way_figure_is_hidden_when_it_would_give_away_a_two_way_cell():
    """Nursing staff all work in medicine, so the nursing total is medicine's nursing cell;
    medicine's total less that cell would give away the one medical response. With no
    other cell left to hide in that row, medicine's one-way figure has to go."""

    def people(directorate, staff_group, count):
        return [
            {
                "directorate": directorate,
                "staff_group": staff_group,
                "band": "5",
                "answers": {1: 4, 2: 2},
            }
        ] * count

    raw = (
        people("medicine", "nursing", 14)
        + people("medicine", "medical", 1)
        + people("surgery", "admin", 3)
        + people("estates", "admin", 6)
    )
    rows = result_rows(*frames(raw), ITEMS, asked=["directorate", "staff_group"], k=5)
    shown = {
        (r["breakdown"], r["group"])
        for r in rows
        if r["kind"] == "responses" and not r["suppressed"]
    }
    assert ("staff_group", "nursing") in shown
    assert ("directorate", "medicine") not in shown
    assert ("directorate:staff_group", "medicine|medical") not in shown


def test_a_group_cannot_be_solved_for_from_a_fully_shown_column():
    """Staff group s0's total is the sum of its shown cells, and s1's is the survey's total
    less s0's: with 8 people in s1 (k = 11), something more has to be hidden."""

    def people(directorate, staff_group, count):
        return [
            {
                "directorate": directorate,
                "staff_group": staff_group,
                "band": "5",
                "answers": {1: 3, 2: 3},
            }
        ] * count

    raw = people("d0", "s1", 6) + people("d1", "s0", 15) + people("d2", "s0", 12)
    raw += people("d2", "s1", 2)
    rows = result_rows(*frames(raw), ITEMS, asked=["directorate", "staff_group"], k=11)
    cells, hidden = {}, set()
    for r in rows:
        if r["kind"] == "responses":
            cells[(r["breakdown"], r["group"])] = 0
            if r["suppressed"]:
                hidden.add((r["breakdown"], r["group"]))
    sizes = {("staff_group", "s1"): 8, ("directorate", "d0"): 6, ("directorate", "d2"): 14}
    found = attacker_finds(cells, hidden)
    assert not {c for c in found if sizes.get(c, 99) < 11 or c[0].count(":")}, found
