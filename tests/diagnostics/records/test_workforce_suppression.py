"""The workforce summary's small-group suppression. Pure: no database."""

from hypothesis import given, settings
from hypothesis import strategies as st

from diagnostics.constants import STAFF_GROUPS
from diagnostics.records.csv_import import WorkforceRow
from diagnostics.records.workforce_summary import GroupFigure, hidden_groups, workforce_summary


def row(headcount: int, **dimensions: str) -> WorkforceRow:
    values = {
        "directorate": "Surgery",
        "staff_group": "ahp",
        "band": "Band 5",
        "sex": "Female",
        "ethnicity": "White",
        "disability": "No",
        "age_band": "25-34",
    }
    return WorkforceRow(**(values | dimensions), headcount=headcount)


def dimension(summaries, name: str):
    [summary] = [s for s in summaries if s.dimension == name]
    return summary


def figures(summary) -> dict[str, int | None]:
    return {figure.group: figure.headcount for figure in summary.groups}


class TestWorkforceSummary:
    def test_every_dimension_with_headcounts_and_shares(self):
        rows = [row(30, directorate="Surgery"), row(20, directorate="Medicine")]
        summaries = workforce_summary(rows, k=11)
        assert [s.dimension for s in summaries] == [
            "directorate",
            "staff_group",
            "band",
            "sex",
            "ethnicity",
            "disability",
            "age_band",
        ]
        directorates = dimension(summaries, "directorate")
        assert directorates.label == "Directorate"
        assert directorates.total == 50
        assert directorates.hidden_count == 0
        assert directorates.groups == [
            GroupFigure("Medicine", 20, 0.4, False),
            GroupFigure("Surgery", 30, 0.6, False),
        ]

    def test_staff_groups_are_shown_by_name(self):
        summary = dimension(workforce_summary([row(12, staff_group="ahp")], k=11), "staff_group")
        assert summary.groups[0].group == "Allied health professionals"

    def test_primary_suppression(self):
        rows = [row(40, sex="Female"), row(3, sex="Male"), row(4, sex="Intersex")]
        summary = dimension(workforce_summary(rows, k=5), "sex")
        assert figures(summary) == {"Female": 40, "Intersex": None, "Male": None}
        assert summary.hidden_count == 2
        hidden = [figure for figure in summary.groups if figure.suppressed]
        assert all(figure.share is None for figure in hidden)

    def test_a_lone_hidden_group_takes_the_next_smallest_with_it(self):
        rows = [row(40, age_band="25-34"), row(4, age_band="16-24"), row(15, age_band="35-44")]
        rows.append(row(30, age_band="45-54"))
        summary = dimension(workforce_summary(rows, k=11), "age_band")
        assert figures(summary) == {"16-24": None, "25-34": 40, "35-44": None, "45-54": 30}
        assert summary.hidden_count == 2
        assert summary.total == 89

    def test_hidden_groups_adding_up_to_fewer_than_k_take_another(self):
        counts = {"a": 2, "b": 3, "c": 12, "d": 50}
        assert hidden_groups(counts, 11) == {"a", "b", "c"}

    def test_zeros_are_shown_and_never_hidden(self):
        rows = [row(0, ethnicity="Mixed"), row(25, ethnicity="White"), row(30, ethnicity="Asian")]
        summary = dimension(workforce_summary(rows, k=11), "ethnicity")
        assert figures(summary) == {"Asian": 30, "Mixed": 0, "White": 25}
        assert summary.hidden_count == 0

    def test_a_zero_is_not_enough_cover_for_a_lone_small_group(self):
        rows = [row(0, sex="Male"), row(3, sex="Intersex"), row(40, sex="Female")]
        summary = dimension(workforce_summary(rows, k=11), "sex")
        assert figures(summary) == {"Female": None, "Intersex": None, "Male": 0}

    def test_a_small_workforce_hides_every_group_but_shows_the_total(self):
        rows = [row(4, band="Band 5"), row(3, band="Band 6")]
        summary = dimension(workforce_summary(rows, k=11), "band")
        assert figures(summary) == {"Band 5": None, "Band 6": None}
        assert summary.total == 7

    def test_not_stated_groups_come_last_and_labels_in_natural_order(self):
        bands = ["Prefer not to say", "Band 9", "Not known", "Band 8a", "Band 10", "Band 2"]
        rows = [row(20, band=band) for band in bands]
        summary = dimension(workforce_summary(rows, k=11), "band")
        assert [figure.group for figure in summary.groups] == [
            "Band 2",
            "Band 8a",
            "Band 9",
            "Band 10",
            "Prefer not to say",
            "Not known",
        ]

    def test_groups_differing_only_in_case_are_one(self):
        rows = [row(20, sex="Female"), row(5, sex="female", age_band="35-44")]
        summary = dimension(workforce_summary(rows, k=11), "sex")
        assert figures(summary) == {"Female": 25}

    def test_no_rows(self):
        summaries = workforce_summary([], k=11)
        assert all(s.groups == [] and s.total == 0 for s in summaries)


VALUES = st.sampled_from(["A", "B", "C", "D", "E", "F"])


@st.composite
def workforces(draw):
    return [
        row(
            draw(st.integers(0, 40)),
            directorate=draw(VALUES),
            staff_group=draw(st.sampled_from(["ahp", "medical_dental", "students"])),
            sex=draw(VALUES),
            ethnicity=draw(VALUES),
        )
        for _ in range(draw(st.integers(0, 12)))
    ]


@settings(max_examples=200, deadline=None)
@given(rows=workforces(), k=st.integers(2, 15))
def test_no_hidden_group_can_be_worked_out(rows, k):
    for summary in workforce_summary(rows, k=k):
        # Staff groups are shown by name, the rest as uploaded: count what is shown.
        counts: dict[str, int] = {}
        for item in rows:
            key = getattr(item, summary.dimension)
            if summary.dimension == "staff_group":
                key = str(dict(STAFF_GROUPS)[key])
            counts[key] = counts.get(key, 0) + item.headcount
        hidden = [figure for figure in summary.groups if figure.suppressed]
        shown = [figure for figure in summary.groups if not figure.suppressed]
        assert summary.total == sum(counts.values())
        assert summary.hidden_count == len(hidden)
        # Every small group is hidden and every shown figure is the true one.
        for figure in summary.groups:
            n = counts[figure.group]
            if 0 < n < k:
                assert figure.suppressed
            if n == 0:
                assert not figure.suppressed and figure.headcount == 0
            if not figure.suppressed:
                assert figure.headcount == n
        hidden_total = summary.total - sum(figure.headcount for figure in shown)
        assert hidden_total == sum(counts[figure.group] for figure in hidden)
        every_person_hidden = all(counts[figure.group] == 0 for figure in shown)
        assert not hidden or every_person_hidden or (len(hidden) >= 2 and hidden_total >= k)
