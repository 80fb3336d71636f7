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


def lines(labels, dims):
    """The lines whose totals are known: the whole breakdown, or each row and column. The
    overall figures have none: the whole wave is shown, or nothing at all."""
    if not dims:
        return []
    if len(dims) < 2:
        return [list(labels)]
    found = defaultdict(list)
    for label in labels:
        a, b = label.split("|")
        found[("row", a)].append(label)
        found[("column", b)].append(label)
    return list(found.values())


def assert_not_recoverable(line, hidden, margin_hidden):
    """A lone hidden cell could be worked out as the line's total less its visible cells,
    unless the line has no visible cell and its total is hidden too."""
    alone = [cell for cell in line if cell in hidden]
    if len(alone) == 1:
        assert len(line) == 1 and margin_hidden, (line, hidden)


def margins_hidden(by_breakdown, dims, line, item_id=None):
    """Whether the line's total is hidden where it is published: the overall figures are
    the total of a one-way breakdown; a row's or column's is the one-way group's."""
    if len(dims) < 2:
        return False
    a, b = line[0].split("|")
    rows_in_line = [cell.split("|") for cell in line]
    axis = 0 if all(parts[0] == a for parts in rows_in_line) else 1
    margin = by_breakdown[dims[axis]]
    label = (a, b)[axis]
    kind = "item" if item_id else "responses"
    return all(
        r["suppressed"]
        for r in margin
        if r["kind"] == kind and r["group"] == label and r.get("item_id") == item_id
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=st.lists(response_strategy, min_size=0, max_size=70), k=st.integers(5, 11))
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
        for line in lines(group_n, dims):
            assert_not_recoverable(line, hidden_groups, margins_hidden(by_breakdown, dims, line))

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
            for line in lines(present, dims):
                assert_not_recoverable(
                    line, hidden, margins_hidden(by_breakdown, dims, line, item_id=item_id)
                )

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
