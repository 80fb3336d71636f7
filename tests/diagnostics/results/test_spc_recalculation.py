"""Recalculated limits (Making Data Count's re-baselining): each period has its own mean,
moving ranges and limits, the special-cause rules are checked inside each period against its
own limits, and the texts and the chart say where and why. Worked examples are checked by
hand in the comments. Pure: no database."""

import datetime
import math

import plotly.graph_objects as go
import pytest
from hypothesis import given
from hypothesis import strategies as st

from diagnostics.results import charts
from diagnostics.results.spc import MIN_POINTS, Improvement, because, xmr
from tests.diagnostics.results.test_spc import (
    SETTINGS,
    STABLE,
    TestWorkedExamples,
    flagged,
    monthly,
)

UP, DOWN = Improvement.UP, Improvement.DOWN
MAY_2024 = datetime.date(2024, 5, 1)  # the 17th month from January 2023
REASON = "A new rota started on every ward."

# Period 1: STABLE's first 16 points, 10, 12, ... (January 2023 to April 2024): mean 11, fifteen
# moving ranges of 2, so MR-bar 2 and limits 11 ± 5.32 → 5.68 and 16.32.
# Period 2: 6, 7 × 4 (May to December 2024): mean 6.5; seven moving ranges of 1 (the fall
# from 12 to 6 is the change, not a moving range of either period), so MR-bar 1, limits
# 6.5 ± 2.66 → 3.84 and 9.16, two-sigma lines 6.5 ± 1.7733 → 4.7267 and 8.2733.
BEFORE = STABLE[:16]
AFTER = [6, 7] * 4


def two_periods(after=AFTER, **options):
    return xmr(monthly(BEFORE + after), recalculations=[(MAY_2024, REASON)], **options)


class TestNoRecalculation:
    """Without a recalculation, the results are exactly what they were."""

    # 4, 6, 5: mean 5, moving ranges 2 and 1, MR-bar 1.5; limits 5 ± 3.99 → 1.01 and 8.99;
    # two-sigma lines 5 ± 2.66 → 2.34 and 7.66. Nothing flagged; 3 points are provisional.
    def test_a_short_series_gives_every_figure_and_text_as_before(self):
        result = xmr(monthly([4, 6, 5]), improvement=UP, target=3)
        assert result.mean == 5 and result.moving_range_mean == 1.5
        assert result.upper_limit == pytest.approx(8.99)
        assert result.lower_limit == pytest.approx(1.01)
        assert result.upper_two_sigma == pytest.approx(7.66)
        assert result.lower_two_sigma == pytest.approx(2.34)
        assert [p.moving_range for p in result.points] == [None, 2.0, 1.0]
        assert [p.period for p in result.points] == [0, 0, 0]
        assert flagged(result) == [] and not result.enough_points
        assert result.variation == "common_cause"
        assert result.variation_text == (
            "Common cause variation: the latest point is within the normal range of the "
            "process and part of no unusual pattern, so there is no sign of significant change. "
            "Only 3 points: Making Data Count recommends at least 15 before relying on the "
            "limits, so treat them as provisional."
        )
        assert result.assurance is None
        assert result.assurance_text == (
            "No assurance against the target of 3 yet: only 3 points, and Making Data Count "
            "recommends at least 15 before relying on the limits."
        )

    @pytest.mark.parametrize(
        "values", [STABLE, TestWorkedExamples.BEYOND, TestWorkedExamples.SHIFT, [4], []]
    )
    def test_no_recalculation_is_the_same_as_none_given(self, values):
        result = xmr(monthly(values), improvement=DOWN, target=12)
        assert xmr(monthly(values), improvement=DOWN, target=12, recalculations=()) == result
        # A recalculation from the first month, or before it, starts no period of its own.
        ignored = [(datetime.date(2023, 1, 1), "x"), (datetime.date(2020, 6, 1), "y")]
        assert xmr(monthly(values), improvement=DOWN, target=12, recalculations=ignored) == (result)

    @SETTINGS
    @given(st.lists(st.integers(-1000, 1000), min_size=2, max_size=40))
    def test_one_period_holds_the_results_figures(self, values):
        result = xmr(monthly(values))
        (period,) = result.periods
        assert (period.start, period.end, period.count) == (
            result.points[0].month,
            result.points[-1].month,
            len(values),
        )
        assert period.reason is None and not period.recalculated
        assert (
            period.mean,
            period.upper_limit,
            period.lower_limit,
            period.upper_two_sigma,
            period.lower_two_sigma,
            period.moving_range_mean,
            period.enough_points,
        ) == (
            result.mean,
            result.upper_limit,
            result.lower_limit,
            result.upper_two_sigma,
            result.lower_two_sigma,
            result.moving_range_mean,
            result.enough_points,
        )


class TestTwoPeriods:
    def test_each_period_has_its_own_mean_and_limits(self):
        result = two_periods()
        first, second = result.periods
        assert (first.start, first.end, first.count) == (
            datetime.date(2023, 1, 1),
            datetime.date(2024, 4, 1),
            16,
        )
        assert first.mean == 11 and first.moving_range_mean == 2
        assert (first.lower_limit, first.upper_limit) == (
            pytest.approx(5.68),
            pytest.approx(16.32),
        )
        assert first.enough_points and first.reason is None
        assert (second.start, second.end, second.count) == (
            MAY_2024,
            datetime.date(2024, 12, 1),
            8,
        )
        assert second.mean == 6.5 and second.moving_range_mean == 1
        assert (second.lower_limit, second.upper_limit) == (
            pytest.approx(3.84),
            pytest.approx(9.16),
        )
        assert (second.lower_two_sigma, second.upper_two_sigma) == (
            pytest.approx(6.5 - 2.66 * 2 / 3),
            pytest.approx(6.5 + 2.66 * 2 / 3),
        )
        assert second.recalculated and second.reason == REASON
        assert not second.enough_points  # 8 < MIN_POINTS: provisional
        # The result's own figures are the latest period's.
        assert (result.mean, result.upper_limit, result.lower_limit) == (
            second.mean,
            second.upper_limit,
            second.lower_limit,
        )
        assert result.moving_range_mean == 1 and not result.enough_points

    def test_the_first_point_of_a_period_has_no_moving_range(self):
        result = two_periods()
        assert [p.period for p in result.points] == [0] * 16 + [1] * 8
        assert result.points[15].moving_range == 2
        assert result.points[16].moving_range is None  # not |6 - 12|
        assert [p.moving_range for p in result.points[17:]] == [1.0] * 7

    def test_the_change_itself_is_no_signal_once_the_limits_are_recalculated(self):
        # As one period the mean is (176 + 52) / 24 = 9.5: all sixteen 10s and 12s are above
        # it and all eight 6s and 7s below, two shifts flagging every point. In their own
        # periods they sit either side of 11 and of 6.5: no signal at all.
        assert flagged(xmr(monthly(BEFORE + AFTER)), "shift") == list(range(24))
        result = two_periods(improvement=DOWN)
        assert flagged(result) == []
        assert result.variation == "common_cause"

    # Period 1: the SHIFT example (16 points, mean 10), whose last seven 11s are a run above
    # the mean. Period 2: 11, 13 × 3: mean 12, MR-bar 2, limits 6.68 to 17.32, two-sigma lines
    # 8.45 and 15.55; sides - + - + - +: nothing. As one period (mean 232 / 22 = 10.545) the
    # six would join the run of 11s above the mean, 13 points long.
    def test_a_signal_in_one_period_does_not_leak_into_the_next(self):
        values = TestWorkedExamples.SHIFT + [11, 13, 11, 13, 11, 13]
        assert flagged(xmr(monthly(values)), "shift") == list(range(9, 22))
        result = xmr(monthly(values), improvement=UP, recalculations=[(MAY_2024, REASON)])
        assert result.periods[1].mean == 12 and result.periods[1].moving_range_mean == 2
        assert flagged(result) == list(range(9, 16))
        assert {p.signal for p in result.points[9:16]} == {"improvement"}
        assert all(p.rules == () and p.signal == "" for p in result.points[16:])
        assert result.variation == "common_cause"

    # Period 1: 10, 12 × 6 then 8, 9, 10, 11 (mean 170 / 16 = 10.625, MR-bar 29 / 15). Period
    # 2: 12, 13, 14, 12, 13, 12, 13, 12 (mean 12.625, MR-bar 8 / 7). As one period, 8 to 14 is
    # seven rising points: a trend. Split, each has only part of it (4 and 3 points).
    def test_a_trend_does_not_run_across_a_recalculation(self):
        values = [10, 12] * 6 + [8, 9, 10, 11] + [12, 13, 14, 12, 13, 12, 13, 12]
        assert flagged(xmr(monthly(values)), "trend") == list(range(12, 19))
        result = xmr(monthly(values), recalculations=[(MAY_2024, REASON)])
        first, second = result.periods
        assert first.mean == 10.625 and first.moving_range_mean == pytest.approx(29 / 15)
        assert second.mean == 12.625 and second.moving_range_mean == pytest.approx(8 / 7)
        assert flagged(result) == []

    # Period 2: 6, 7 × 5 then 11: mean 76 / 11 = 6.909; moving ranges nine 1s and 4, MR-bar
    # 1.3; upper limit 6.909 + 3.458 = 10.367. 11 is beyond it, though well inside period 1's
    # limits (5.68 to 16.32).
    def test_points_are_judged_against_their_own_periods_limits(self):
        result = two_periods(after=[6, 7] * 5 + [11], improvement=DOWN)
        assert result.mean == pytest.approx(76 / 11)
        assert result.moving_range_mean == pytest.approx(1.3)
        assert result.upper_limit == pytest.approx(76 / 11 + 2.66 * 1.3)
        assert flagged(result) == [26]
        assert result.points[26].rules == ("beyond_limits",)
        assert result.points[26].signal == "concern"
        assert result.variation == "concern_high"

    def test_the_variation_text_is_about_the_latest_period_and_says_why(self):
        result = two_periods(improvement=DOWN, target=10)
        assert result.variation_text == (
            "Common cause variation: the latest point is within the normal range of the "
            "process and part of no unusual pattern, so there is no sign of significant change. "
            "The limits were recalculated from May 2024 because a new rota started on every "
            "ward, so the mean and limits here are those of the 8 points since then. Only 8 "
            "points since the limits were recalculated in May 2024: Making Data Count "
            "recommends at least 15 before relying on the limits, so treat them as provisional."
        )
        assert result.assurance is None
        assert result.assurance_text == (
            "No assurance against the target of 10 yet: only 8 points since the limits were "
            "recalculated in May 2024, and Making Data Count recommends at least 15 before "
            "relying on the limits."
        )

    # Period 2: 6, 7 × 7 then 6 (15 points, enough): mean 97 / 15 = 6.467, MR-bar 1, upper
    # limit 9.127, below a target of 10 where lower is better: passing. As one period the
    # limits are far wider (the fall is in its moving ranges) and the target is hit and miss.
    def test_assurance_uses_the_latest_periods_limits_once_it_has_enough_points(self):
        after = [6, 7] * 7 + [6]
        assert len(after) == MIN_POINTS
        assert xmr(monthly(BEFORE + after), improvement=DOWN, target=10).assurance == (
            "hit_and_miss"
        )
        result = two_periods(after=after, improvement=DOWN, target=10)
        assert result.enough_points
        assert result.upper_limit == pytest.approx(97 / 15 + 2.66)
        assert result.assurance == "pass"
        assert result.assurance_text.startswith(
            "Consistently passing: the upper process limit (9.127) is below the target of 10"
        )
        assert "provisional" not in result.variation_text

    def test_recalculated_from_the_latest_month_it_has_no_limits_yet(self):
        result = xmr(monthly(BEFORE + [6]), improvement=DOWN, recalculations=[(MAY_2024, REASON)])
        first, latest = result.periods
        assert first.upper_limit == pytest.approx(16.32)
        assert latest.count == 1 and latest.mean == 6 and not latest.has_limits
        assert result.mean == 6 and result.upper_limit is None and result.lower_limit is None
        assert result.variation == "too_few_points"
        assert result.variation_text.startswith(
            "Not enough data yet: the limits were recalculated from May 2024 because a new "
            "rota started on every ward, and that month is the only one since."
        )
        assert not result.points[-1].special_cause

    def test_a_one_point_first_period_has_no_limits_and_no_flags(self):
        result = xmr(monthly([30] + BEFORE), recalculations=[(datetime.date(2023, 2, 1), "x")])
        first, second = result.periods
        assert first.count == 1 and not first.has_limits and first.mean == 30
        assert second.mean == 11 and result.upper_limit == pytest.approx(16.32)
        assert flagged(result) == []


class TestRecalculationMonths:
    def test_three_periods(self):
        values = [10, 12] * 5 + [20, 22] * 5 + [30, 31] * 5
        result = xmr(
            monthly(values),
            recalculations=[
                (datetime.date(2024, 9, 1), "third"),  # given in any order
                (datetime.date(2023, 11, 1), "second"),
            ],
        )
        assert [(p.start, p.count, p.mean, p.reason) for p in result.periods] == [
            (datetime.date(2023, 1, 1), 10, 11, None),
            (datetime.date(2023, 11, 1), 10, 21, "second"),
            (datetime.date(2024, 9, 1), 10, 30.5, "third"),
        ]

    def test_any_day_of_a_month_stands_for_it(self):
        assert two_periods() == xmr(
            monthly(BEFORE + AFTER), recalculations=[(datetime.date(2024, 5, 17), REASON)]
        )

    def test_a_month_twice_raises(self):
        with pytest.raises(ValueError, match="May 2024"):
            xmr(
                monthly(BEFORE + AFTER),
                recalculations=[(MAY_2024, "a"), (datetime.date(2024, 5, 31), "b")],
            )

    def test_months_that_start_no_period_are_left_out(self):
        # After the last month; and two in one gap between values (no value for May or June
        # 2024): the period starts at July's value, once.
        months = monthly(BEFORE) + monthly(AFTER, start=datetime.date(2024, 7, 1))
        result = xmr(
            months,
            recalculations=[
                (MAY_2024, "the gap"),
                (datetime.date(2024, 6, 1), "also the gap"),
                (datetime.date(2030, 1, 1), "after"),
            ],
        )
        assert [(p.start, p.reason) for p in result.periods] == [
            (datetime.date(2023, 1, 1), None),
            (datetime.date(2024, 7, 1), "the gap"),
        ]

    @pytest.mark.parametrize(
        ("typed", "clause"),
        [
            ("A new rota started.", "a new rota started"),
            ("  new   rota  ", "new rota"),
            ("NHS e-rostering went live", "NHS e-rostering went live"),
            ("ED moved site", "ED moved site"),
            ("I changed the rota", "I changed the rota"),
            ("E-rostering went live", "e-rostering went live"),
            ("3 wards merged", "3 wards merged"),
        ],
    )
    def test_a_reason_reads_on_from_because(self, typed, clause):
        assert because(typed) == clause


class TestChart:
    def chart(self, after=AFTER, target=10.0, reason=REASON):
        result = xmr(
            monthly(BEFORE + after),
            improvement=DOWN,
            target=target,
            recalculations=[(MAY_2024, reason)],
        )
        chart = charts.spc_chart(
            title="Staff turnover", result=result, unit="%", improvement=DOWN, target=target
        )
        return result, chart

    def lines(self, chart, name):
        return [
            trace
            for trace in chart.figure["data"]
            if trace["name"] == name and trace["mode"] == "lines"
        ]

    def test_the_mean_and_limits_step_at_the_recalculation(self):
        _, chart = self.chart()
        go.Figure(chart.figure)
        means = self.lines(chart, "Mean")
        assert [(t["x"], t["y"]) for t in means] == [
            (["2023-01-01", "2024-04-01"], [11.0, 11.0]),
            (["2024-05-01", "2024-12-01"], [6.5, 6.5]),
        ]
        limits = sorted(
            (t["x"][0], round(t["y"][0], 4)) for t in self.lines(chart, "Process limits")
        )
        assert limits == [
            ("2023-01-01", 5.68),
            ("2023-01-01", 16.32),
            ("2024-05-01", 3.84),
            ("2024-05-01", 9.16),
        ]
        # One legend entry each, however many periods.
        assert [t["showlegend"] for t in means] == [True, False]
        assert means[1]["hovertemplate"] == (
            "Mean (May 2024 to December 2024): 6.5%<extra></extra>"
        )

    def test_the_target_is_one_line_across_every_month(self):
        _, chart = self.chart()
        (target,) = self.lines(chart, "Target")
        assert target["x"] == ["2023-01-01", "2024-12-01"] and target["y"] == [10.0, 10.0]

    def test_a_marked_line_between_the_periods_names_the_recalculation(self):
        _, chart = self.chart()
        (marker,) = self.lines(chart, "Limits recalculated")
        # Halfway between 1 April and 1 May 2024 (30 days): 16 April.
        assert marker["x"] == ["2024-04-16", "2024-04-16"]
        assert marker["y"] == chart.figure["layout"]["yaxis"]["range"]
        assert marker["showlegend"] is True
        assert marker["text"][0] == (
            "Limits recalculated from May 2024: A new rota started on every ward."
        )
        (note,) = chart.figure["layout"]["annotations"]
        assert (note["x"], note["text"]) == ("2024-04-16", "New limits<br>May 2024")

    def test_the_text_alternative_says_where_and_why(self):
        _, chart = self.chart()
        assert chart.label == (
            "Staff turnover by month, with its mean and process limits, recalculated where marked"
        )
        assert chart.summary == (
            "Limits recalculated from May 2024 because a new rota started on every ward. Since "
            "then: mean 6.5% with process limits 3.84% to 9.16%; the latest month shows only "
            "common cause variation; with only 8 months since, treat the limits as "
            "provisional; too few months yet for assurance about the target of 10%. Before "
            "then: January 2023 to April 2024, mean 11% with process limits 5.68% to 16.32%."
        )

    def test_recalculated_from_the_latest_month_the_summary_says_it_has_no_limits(self):
        _, chart = self.chart(after=[6])
        assert chart.summary.startswith(
            "Limits recalculated from May 2024 because a new rota started on every ward; only "
            "that month since (6%), too few to set process limits. Before then: January 2023"
        )
        assert len(self.lines(chart, "Mean")) == 1  # the first period's only

    def test_a_reason_is_text_in_the_chart_never_markup_or_a_template(self):
        _, chart = self.chart(reason="<b>new</b> rota %{y} & more")
        (marker,) = self.lines(chart, "Limits recalculated")
        assert marker["hovertemplate"] == "%{text}<extra></extra>"
        assert marker["text"][0] == (
            "Limits recalculated from May 2024: &lt;b&gt;new&lt;/b&gt; rota %{y} &amp; more"
        )

    def test_without_a_recalculation_nothing_is_marked(self):
        result = xmr(monthly(BEFORE + AFTER), improvement=DOWN, target=10)
        chart = charts.spc_chart(
            title="Staff turnover", result=result, unit="%", improvement=DOWN, target=10
        )
        assert "annotations" not in chart.figure["layout"]
        assert not self.lines(chart, "Limits recalculated")
        assert [t["x"] for t in self.lines(chart, "Mean")] == [["2023-01-01", "2024-12-01"]]
        assert chart.summary.startswith("Mean 9.5% with process limits")
        assert all(math.isfinite(y) for trace in chart.figure["data"] for y in trace["y"])
