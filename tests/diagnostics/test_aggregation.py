"""The figures and their suppression, checked against a plain-Python computation over the
raw answers, on random response sets (hypothesis)."""

from collections import Counter, defaultdict

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diagnostics.aggregation import (
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


def worked_out(cells: dict[str, int], hidden: set[str], dims, published) -> set[str]:
    """What someone with every shown figure can work out, independently of the code under
    test: a line (the whole breakdown; each row and column of a two-way one) whose total is
    shown and which has one unknown cell gives that cell away; repeat until nothing moves."""
    lines = {"all": [c for c in cells if cells[c] > 0]}
    if len(dims) == 2:
        for cell in cells:
            a, b = cell.split("|")
            lines.setdefault((0, a), []).append(cell)
            lines.setdefault((1, b), []).append(cell)
    unknown = set(hidden)
    changed = True
    while changed:
        changed = False
        for key, line in lines.items():
            if not published(key):
                continue
            left = [c for c in line if c in unknown]
            if len(left) == 1:
                unknown.discard(left[0])
                changed = True
    return hidden - unknown


def total_shown(by_breakdown, dims, kind, item_id):
    """A line's total is shown where its figure is: the overall row for "all", the one-way
    group's row for a row or column of a two-way breakdown."""

    def shown(key):
        breakdown, group = ("all", "") if key == "all" else (dims[key[0]], key[1])
        return any(
            not r["suppressed"]
            for r in by_breakdown[breakdown]
            if r["kind"] == kind and r["group"] == group and r.get("item_id") == item_id
        )

    return shown


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=st.lists(response_strategy, min_size=5, max_size=70), k=st.integers(5, 11))
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
        if dims:
            found = worked_out(
                group_n, hidden_groups, dims, total_shown(by_breakdown, dims, "responses", None)
            )
            assert all(group_n[g] >= k for g in found), (dims, found)

        # Each question per group: right where shown, and never alone hidden in a line.
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
            if dims:
                shown = total_shown(by_breakdown, dims, "item", item_id)
                found = worked_out(present, hidden, dims, shown)
                assert all(present[g] >= k for g in found), (dims, item_id, found)

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
