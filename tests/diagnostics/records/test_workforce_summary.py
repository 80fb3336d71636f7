"""Who holds the senior roles: figures right, and nothing about fewer than k people
recoverable from everything the workforce page shows."""

from hypothesis import example, given, settings
from hypothesis import strategies as st

from diagnostics.records.csv_import import WorkforceRow
from diagnostics.records.workforce_summary import EVERYONE, senior_representation, workforce_summary
from diagnostics.results.suppression import pinned_down

K = 11


def row(band, ethnicity, headcount, sex="Female"):
    return WorkforceRow(
        "Medicine", "nursing_midwifery", band, sex, ethnicity, "No", "35-44", headcount
    )


def table_for(tables, dimension):
    return next(table for table in tables if table.dimension == dimension)


def test_shares_of_the_workforce_and_of_senior_roles():
    rows = [
        row("Band 5", "White", 60),
        row("Band 5", "Asian", 40),
        row("Band 8a", "White", 30),
        row("Band 8a", "Asian", 12),
    ]
    summaries = workforce_summary(rows, k=K)
    ethnicity = table_for(senior_representation(rows, k=K, summaries=summaries), "ethnicity")
    by_group = {r.group: r for r in ethnicity.rows}
    assert ethnicity.senior_total == 42
    assert by_group["Asian"].senior_headcount == 12
    assert round(by_group["Asian"].senior_share, 3) == round(12 / 42, 3)
    assert round(by_group["Asian"].workforce_share, 3) == round(52 / 142, 3)


def test_a_senior_figure_that_would_give_away_a_small_other_group_is_hidden():
    # Mixed: 12 in all, 11 of them senior, so 'senior' would reveal the one other person.
    rows = [
        row("Band 5", "White", 80),
        row("Band 8a", "White", 30),
        row("Band 8a", "Mixed", 11),
        row("Band 5", "Mixed", 1),
        row("Band 5", "Asian", 40),
        row("Band 8b", "Asian", 15),
    ]
    summaries = workforce_summary(rows, k=K)
    ethnicity = table_for(senior_representation(rows, k=K, summaries=summaries), "ethnicity")
    mixed = next(r for r in ethnicity.rows if r.group == "Mixed")
    assert mixed.suppressed
    assert ethnicity.hidden_count >= 2  # and one more, or the total would give it back


def test_nothing_is_shown_when_senior_roles_are_few():
    rows = [row("Band 5", "White", 100), row("Band 8a", "White", 5)]
    assert senior_representation(rows, k=K, summaries=workforce_summary(rows, k=K)) == []


BANDS = ["Band 5", "Band 6", "Band 8a", "Band 9"]
GROUPS = ["White", "Asian", "Black", "Mixed", "Prefer not to say"]


@settings(max_examples=80, deadline=None)
@given(
    st.dictionaries(
        st.tuples(st.sampled_from(BANDS), st.sampled_from(GROUPS)),
        st.integers(min_value=0, max_value=40),
        min_size=1,
    )
)
def test_no_hidden_cell_under_k_follows_from_what_is_shown(cells):
    rows = [row(band, group, n) for (band, group), n in cells.items() if n]
    if not rows:
        return
    summaries = workforce_summary(rows, k=K)
    tables = senior_representation(rows, k=K, summaries=summaries)
    if not tables:
        return
    ethnicity = table_for(tables, "ethnicity")
    one_way = next(s for s in summaries if s.dimension == "ethnicity")
    counts: dict[tuple, int] = {}
    for r in rows:
        level = "senior" if r.band in ("Band 8a", "Band 9") else "other"
        key = r.ethnicity.casefold()
        for cell in ((level, key), ("all", key), (level, EVERYONE), ("all", EVERYONE)):
            counts[cell] = counts.get(cell, 0) + r.headcount
    keys = sorted({r.ethnicity.casefold() for r in rows})
    for key in keys:
        counts.setdefault(("senior", key), 0)
        counts.setdefault(("other", key), 0)
    shown = {("all", EVERYONE), ("senior", EVERYONE)}
    shown |= {("all", f.group.casefold()) for f in one_way.groups if not f.suppressed}
    shown |= {("senior", r.group.casefold()) for r in ethnicity.rows if not r.suppressed}
    # A group left out of the one-way table for having no one in it is a known 0.
    shown |= {cell for cell, n in counts.items() if n == 0 and cell[0] == "all"}
    # Everything shown agrees with the data.
    for r in ethnicity.rows:
        if not r.suppressed:
            assert r.senior_headcount == counts[("senior", r.group.casefold())]
    # The attacker knows only what is shown: a cell not shown is unknown even when it is 0.
    hidden = {cell for cell in counts if cell not in shown}
    equations = [(("all", key), [("senior", key), ("other", key)]) for key in keys]
    equations += [
        ((level, EVERYONE), [(level, key) for key in keys]) for level in ("senior", "other", "all")
    ]
    equations.append((("all", EVERYONE), [("senior", EVERYONE), ("other", EVERYONE)]))
    leaks = {cell for cell in pinned_down(hidden, equations) if 0 < counts[cell] < K}
    assert leaks == set()


def test_hidden_pay_bands_cannot_be_worked_out_from_the_senior_total():
    # Band 9 (3) and Band 2 (9) are small. With the senior total (38) on the page, Band 9
    # would be 38 - 35, and Band 2 the total less the rest, unless more bands are hidden.
    rows = [
        row("Band 5", "White", 100),
        row("Band 6", "White", 50),
        row("Band 8a", "White", 35),
        row("Band 9", "White", 3),
        row("Band 2", "White", 9),
    ]
    summaries = workforce_summary(rows, k=K)
    bands = {g.group: g for g in next(s for s in summaries if s.dimension == "band").groups}
    assert senior_representation(rows, k=K, summaries=summaries)  # the senior total is shown
    assert bands["Band 9"].suppressed and bands["Band 8a"].suppressed
    assert bands["Band 2"].suppressed
    assert sum(1 for g in bands.values() if g.suppressed and g.group in ("Band 5", "Band 6")) >= 1


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["Band 2", "Band 5", "Band 6", "Band 8a", "Band 8b", "Band 9"]),
        st.integers(min_value=1, max_value=40),
        min_size=1,
    )
)
@example({"Band 2": 1, "Band 5": 12, "Band 8a": 11})  # Band 8a given away, but it is 11
def test_no_hidden_band_follows_from_the_totals_shown(bands):
    rows = [row(band, "White", n) for band, n in bands.items()]
    summaries = workforce_summary(rows, k=K)
    if not senior_representation(rows, k=K, summaries=summaries):
        return
    shown = {g.group: g.headcount for s in summaries if s.dimension == "band" for g in s.groups}
    senior = {"Band 8a", "Band 8b", "Band 9"}
    for part in (senior, set(bands) - senior):
        hidden = [band for band in bands if band in part and shown[band] is None]
        if hidden:
            # Each part's total is on the page, so its hidden bands add up to a known number:
            # it must be at least k, and a lone hidden band (which that number gives away)
            # must not be a small one.
            assert sum(bands[b] for b in hidden) >= K
            assert len(hidden) >= 2 or bands[hidden[0]] >= K
