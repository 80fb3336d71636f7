"""Statistical process control (XmR, NHS "Making Data Count"): worked examples whose limits and
signals are worked out by hand in the comments, properties that must hold for any series, and
the chart drawn from a result. Pure: no database."""

import datetime
import json
import math
import random

import numpy as np
import plotly.graph_objects as go
import pytest
from django.utils.html import json_script
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diagnostics.results import charts
from diagnostics.results.spc import (
    MIN_POINTS,
    RULE_LABELS,
    Improvement,
    SpcResult,
    format_number,
    with_unit,
    xmr,
)

UP, DOWN, NEITHER = Improvement.UP, Improvement.DOWN, Improvement.NEITHER
SETTINGS = settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def monthly(values, start=datetime.date(2023, 1, 1)):
    """(month, value) pairs, one month apart from `start`."""
    pairs = []
    for i, value in enumerate(values):
        year, month = divmod(start.month - 1 + i, 12)
        pairs.append((datetime.date(start.year + year, month + 1, 1), value))
    return pairs


def flagged(result: SpcResult, rule: str | None = None) -> list[int]:
    """Indices of the points that are special cause (by `rule`, if given)."""
    return [
        i
        for i, point in enumerate(result.points)
        if point.special_cause and (rule is None or rule in point.rules)
    ]


# 10, 12, 10, 12, ... 20 points. Mean = 11. Every moving range is 2 (19 of them), so MR-bar = 2.
# Limits: 11 ± 2.66 × 2 = 11 ± 5.32 → 5.68 and 16.32.
# Two-sigma lines: 11 ± (2/3) × 5.32 = 11 ± 3.5467 → 7.4533 and 14.5467.
STABLE = [10, 12] * 10


class TestWorkedExamples:
    def test_a_stable_series_has_exact_limits_and_no_signal(self):
        result = xmr(monthly(STABLE))
        assert result.mean == pytest.approx(11)
        assert result.moving_range_mean == pytest.approx(2)
        assert result.upper_limit == pytest.approx(16.32)
        assert result.lower_limit == pytest.approx(5.68)
        assert result.upper_two_sigma == pytest.approx(11 + 5.32 * 2 / 3)
        assert result.lower_two_sigma == pytest.approx(11 - 5.32 * 2 / 3)
        assert flagged(result) == []
        assert result.variation == "common_cause"
        assert result.variation_text.startswith("Common cause variation")
        assert result.enough_points and result.assurance is None and result.assurance_text == ""
        assert [p.moving_range for p in result.points] == [None] + [2.0] * 19
        assert [p.signal for p in result.points] == [""] * 20

    # 10, 12, ... 10 (19 points: ten 10s, nine 12s) then 30. Sum = 100 + 108 + 30 = 238, so the
    # mean is 11.9. Moving ranges: 18 of 2, then |30 - 10| = 20: 56 / 19 = 2.947.
    # UCL = 11.9 + 2.66 × 56 / 19 = 11.9 + 7.84 = 19.74; LCL = 4.06. 30 > 19.74: beyond.
    # The upper two-sigma line is 11.9 + 5.227 = 17.127: only 30 is beyond it, so no pair; the
    # others alternate about the mean, so no run or trend either.
    BEYOND = [10, 12] * 9 + [10, 30]

    @pytest.mark.parametrize(
        "improvement, signal, variation",
        [
            (UP, "improvement", "improvement_high"),
            (DOWN, "concern", "concern_high"),
            (NEITHER, "neither", "neither_high"),
        ],
    )
    def test_one_point_beyond_the_upper_limit(self, improvement, signal, variation):
        result = xmr(monthly(self.BEYOND), improvement=improvement)
        assert result.mean == pytest.approx(11.9)
        assert result.upper_limit == pytest.approx(19.74)
        assert result.lower_limit == pytest.approx(4.06)
        assert flagged(result) == [19]
        assert result.points[-1].rules == ("beyond_limits",)
        assert result.points[-1].signal == signal
        assert result.variation == variation
        assert RULE_LABELS["beyond_limits"] in result.variation_text

    def test_the_variation_texts_say_what_the_icon_means(self):
        improving = xmr(monthly(self.BEYOND), improvement=UP).variation_text
        assert improving.startswith("Special cause variation of an improving nature")
        assert "higher is better" in improving
        concerning = xmr(monthly(self.BEYOND), improvement=DOWN).variation_text
        assert concerning.startswith("Special cause variation of a concerning nature")
        assert "lower is better" in concerning
        neither = xmr(monthly(self.BEYOND)).variation_text
        assert "neither good nor bad" in neither

    # Around 10: 11, 9, 7, 11, 7, 11, 7, 11, 9 (sum 83) then seven 11s (77): 160 / 16 = 10.
    # Sides: + - - + - + - + - then + × 7, so the last seven are a run of 7 above the mean.
    # Moving ranges: 2 2 4 4 4 4 4 2 2 then six 0s: 28 / 15 = 1.867. Lower two-sigma line:
    # 10 - 1.7733 × 1.867 = 6.69, so 7 is not beyond it; UCL = 14.97. Equal 11s are no trend.
    SHIFT = [11, 9, 7, 11, 7, 11, 7, 11, 9] + [11] * 7

    def test_seven_points_above_the_mean_are_a_shift_and_all_seven_are_flagged(self):
        result = xmr(monthly(self.SHIFT), improvement=UP)
        assert result.mean == pytest.approx(10)
        assert result.moving_range_mean == pytest.approx(28 / 15)
        assert flagged(result) == list(range(9, 16))
        assert flagged(result, "shift") == list(range(9, 16))
        assert {p.signal for p in result.points[9:]} == {"improvement"}
        assert result.variation == "improvement_high"

    # Around 10: 11, 9, 8, 11, 7, 11, 7, 11, 9 (sum 84) then six 11s (66): 150 / 15 = 10.
    # Only six in a row above the mean; MR-bar = 26 / 14 = 1.857, lower two sigma 6.71.
    def test_six_points_above_the_mean_are_not_a_shift(self):
        result = xmr(monthly([11, 9, 8, 11, 7, 11, 7, 11, 9] + [11] * 6), improvement=UP)
        assert result.mean == pytest.approx(10)
        assert flagged(result) == []
        assert result.variation == "common_cause"

    # As SHIFT but with a point exactly on the mean (10) among the 11s: 11 11 11 10 11 11 11 11.
    # Sum 83 + 87 = 170 / 17 = 10. The 10 neither breaks the run nor counts: 7 points above,
    # and the 10 itself is not flagged.
    def test_a_point_on_the_mean_does_not_break_a_shift(self):
        result = xmr(monthly([11, 9, 7, 11, 7, 11, 7, 11, 9] + [11, 11, 11, 10, 11, 11, 11, 11]))
        assert result.mean == 10
        assert flagged(result, "shift") == [9, 10, 11, 13, 14, 15, 16]
        assert result.points[12].rules == ()

    # 11, 9, 8, 11, 7, 11, 7, 11, 9 (sum 84) then 11 11 11 10 11 11 11 (76): 160 / 16 = 10.
    # Six points above with the 10 among them: it does not count, so six is no shift.
    def test_a_point_on_the_mean_does_not_count_towards_a_shift(self):
        result = xmr(monthly([11, 9, 8, 11, 7, 11, 7, 11, 9] + [11, 11, 11, 10, 11, 11, 11]))
        assert result.mean == 10
        assert flagged(result) == []

    # 7, 13, 7, 13, 7, 13, 7, 13 (sum 80) then 7, 8, 9, 10, 11, 12, 13 (70): 150 / 15 = 10.
    # The last seven each rise on the one before: a trend. Sides at the end: 13 +, then 7 8 9
    # below, 10 on the mean, 11 12 13 above: no run of 7. Moving ranges: eight 6s and six 1s:
    # 54 / 14 = 3.857, so upper two sigma = 10 + 6.84 = 16.84 and UCL = 20.26: nothing beyond.
    RISING = [7, 13] * 4 + [7, 8, 9, 10, 11, 12, 13]

    @pytest.mark.parametrize(
        "improvement, signal, variation",
        [
            (UP, "improvement", "improvement_high"),
            (DOWN, "concern", "concern_high"),
            (NEITHER, "neither", "neither_high"),
        ],
    )
    def test_seven_rising_points_are_a_trend(self, improvement, signal, variation):
        result = xmr(monthly(self.RISING), improvement=improvement)
        assert result.mean == pytest.approx(10)
        assert result.moving_range_mean == pytest.approx(54 / 14)
        assert flagged(result) == list(range(8, 15))
        assert {p.rules for p in result.points[8:]} == {("trend",)}
        # The 7, 8 and 9 are below the mean, but the trend rises: its direction decides.
        assert {p.signal for p in result.points[8:]} == {signal}
        assert result.variation == variation

    def test_seven_falling_points_are_a_trend_downwards(self):
        # The mirror image of RISING (every value negated): a falling trend, good when lower
        # is better.
        result = xmr(monthly([-v for v in self.RISING]), improvement=DOWN)
        assert flagged(result, "trend") == list(range(8, 15))
        assert result.variation == "improvement_low"

    # 7, 13, 7, 13, 7, 13, 7, 13, 10 (sum 90) then 7.5 8.5 9.5 10.5 11.5 12.5 (60): 150/15 = 10.
    # Six rising points (the 10 before 7.5 is a fall): no trend. MR-bar = (8 × 6 + 3 + 2.5 + 5)
    # / 14 = 3.75; nothing near the limits and no run of 7.
    def test_six_rising_points_are_not_a_trend(self):
        result = xmr(monthly([7, 13] * 4 + [10, 7.5, 8.5, 9.5, 10.5, 11.5, 12.5]))
        assert result.mean == pytest.approx(10)
        assert result.moving_range_mean == pytest.approx(3.75)
        assert flagged(result) == []

    # 7, 13 × 4 then 7 8 9 9 10 11 12 13: eight points never falling, but the repeated 9 breaks
    # it into 7 8 9 (three) and 9 10 11 12 13 (five). Mean 159 / 16 = 9.9375, MR-bar 54 / 15
    # = 3.6: upper two sigma 16.32, and the sides give runs of at most 4.
    def test_an_equal_value_breaks_a_trend(self):
        result = xmr(monthly([7, 13] * 4 + [7, 8, 9, 9, 10, 11, 12, 13]))
        assert result.mean == pytest.approx(9.9375)
        assert result.moving_range_mean == pytest.approx(3.6)
        assert flagged(result) == []

    # 10, 12 × 9 (18 points, 17 moving ranges of 2) then 16, 12, 16. Sum 198 + 44 = 242, so
    # the mean is 242 / 21 = 11.524. MR-bar = (34 + 4 + 4 + 4) / 20 = 2.3.
    # Upper two sigma = 11.524 + 1.7733 × 2.3 = 15.603; UCL = 11.524 + 6.118 = 17.642.
    # Both 16s are beyond the two-sigma line but within the limits: two of three. The 12
    # between them is not beyond it, so it is not flagged. The final run above the mean is
    # 12 16 12 16 (4), so no shift.
    def test_two_of_three_beyond_two_sigma_on_the_same_side(self):
        result = xmr(monthly([10, 12] * 9 + [16, 12, 16]), improvement=UP)
        assert result.mean == pytest.approx(242 / 21)
        assert result.moving_range_mean == pytest.approx(2.3)
        assert result.upper_two_sigma == pytest.approx(242 / 21 + 2.66 * 2.3 * 2 / 3)
        assert result.upper_two_sigma < 16 < result.upper_limit
        assert flagged(result) == [18, 20]
        assert result.points[20].rules == ("two_of_three",)
        assert result.variation == "improvement_high"

    # 10, 12 × 9 then 16, 11, 5. Mean 230 / 21 = 10.952; MR-bar = (34 + 4 + 5 + 6) / 20 = 2.45.
    # Two-sigma lines: 10.952 ± 4.345 → 15.30 and 6.61; limits 17.47 and 4.44. 16 is beyond
    # the upper line and 5 beyond the lower: two of three, but on opposite sides, so no signal.
    # The run above the mean at the end is 12 16 11 (3).
    def test_two_beyond_two_sigma_on_opposite_sides_are_no_signal(self):
        result = xmr(monthly([10, 12] * 9 + [16, 11, 5]))
        assert result.mean == pytest.approx(230 / 21)
        assert result.moving_range_mean == pytest.approx(2.45)
        assert result.upper_two_sigma < 16 < result.upper_limit
        assert result.lower_limit < 5 < result.lower_two_sigma
        assert flagged(result) == []


class TestAssurance:
    # STABLE's limits are 5.68 to 16.32.
    @pytest.mark.parametrize(
        "improvement, target, assurance, words",
        [
            (UP, 5, "pass", "Consistently passing: the lower process limit (5.68) is above"),
            (UP, 20, "fail", "Consistently failing: the upper process limit (16.32) is below"),
            (UP, 11, "hit_and_miss", "Hit and miss: the target of 11 lies between"),
            (DOWN, 20, "pass", "Consistently passing: the upper process limit (16.32) is below"),
            (DOWN, 5, "fail", "Consistently failing: the lower process limit (5.68) is above"),
            (DOWN, 11, "hit_and_miss", "Hit and miss"),
            # A target on a limit is between the limits: either side can happen.
            (UP, 16.32, "hit_and_miss", "Hit and miss"),
            (DOWN, 5.68, "hit_and_miss", "Hit and miss"),
        ],
    )
    def test_assurance_against_a_target(self, improvement, target, assurance, words):
        result = xmr(monthly(STABLE), improvement=improvement, target=target)
        assert result.assurance == assurance
        assert result.assurance_text.startswith(words)

    def test_no_assurance_without_a_direction_of_improvement(self):
        result = xmr(monthly(STABLE), target=5)
        assert result.assurance is None
        assert "no passing side" in result.assurance_text

    def test_no_assurance_without_a_target(self):
        result = xmr(monthly(STABLE), improvement=UP)
        assert (result.assurance, result.assurance_text) == (None, "")

    def test_a_floor_clamps_the_lower_limits(self):
        # 0, 4, ...: mean 2, MR-bar 4, so the lower limit would be 2 - 10.64 = -8.64.
        values = monthly([0, 4] * 10)
        assert xmr(values).lower_limit == pytest.approx(-8.64)
        floored = xmr(values, floor=0, improvement=DOWN, target=0)
        assert floored.lower_limit == 0 and floored.lower_two_sigma == 0
        assert floored.upper_limit == pytest.approx(12.64)
        assert floored.assurance == "hit_and_miss"  # the target of 0 sits on the lower limit


class TestTooFewPoints:
    def test_an_empty_series(self):
        result = xmr([], improvement=UP, target=5)
        assert result.points == () and result.mean is None and result.upper_limit is None
        assert result.variation == "too_few_points" and not result.enough_points
        assert result.assurance is None and str(MIN_POINTS) in result.assurance_text

    def test_one_point_has_no_limits(self):
        result = xmr(monthly([4]))
        assert result.mean == 4 and result.upper_limit is None and result.lower_limit is None
        assert result.variation == "too_few_points"
        assert result.points[0].moving_range is None and not result.points[0].special_cause

    def test_under_fifteen_points_the_limits_are_provisional(self):
        # Ten points of STABLE: same mean (11) and MR-bar (2), so the same limits.
        result = xmr(monthly(STABLE[:10]), improvement=UP, target=5)
        assert not result.enough_points
        assert (result.lower_limit, result.upper_limit) == (
            pytest.approx(5.68),
            pytest.approx(16.32),
        )
        assert result.variation == "common_cause"
        assert "Only 10 points" in result.variation_text and "15" in result.variation_text
        assert result.assurance is None and "15" in result.assurance_text

    def test_fifteen_points_are_enough(self):
        assert xmr(monthly(STABLE[:15])).enough_points


class TestInput:
    def test_two_values_for_one_month_raise(self):
        with pytest.raises(ValueError, match="January 2023"):
            xmr([(datetime.date(2023, 1, 1), 1), (datetime.date(2023, 1, 31), 2)])

    def test_a_missing_value_raises(self):
        with pytest.raises(ValueError, match="not a finite number"):
            xmr(monthly([1, float("nan"), 3]))

    def test_points_are_sorted_by_month_and_months_start_on_the_first(self):
        values = [3, 1, 4, 1, 5, 9, 2, 6]
        pairs = monthly(values)
        shuffled = [(month.replace(day=15), value) for month, value in reversed(pairs)]
        result = xmr(shuffled)
        assert [p.value for p in result.points] == values
        assert [p.month for p in result.points] == [month for month, _ in pairs]

    def test_the_result_holds_plain_floats(self):
        result = xmr(monthly(np.array([10, 12] * 10, dtype=np.int64)), target=np.float32(5))
        numbers = [result.mean, result.upper_limit, result.lower_limit, result.upper_two_sigma]
        numbers += [p.value for p in result.points]
        numbers += [p.moving_range for p in result.points[1:]]
        assert all(type(number) is float for number in numbers)

    @pytest.mark.parametrize(
        ("number", "unit", "expected"),
        [
            (100.0, "£k", "£100k"),
            (100.0, " £k ", "£100k"),
            (100.0, "k£", "£100k"),
            (1.25, "£m", "£1.25m"),
            (250.0, "£", "£250"),
            (12000.0, "£", "£12,000"),
            (-3.0, "£k", "-£3k"),
            (40.0, "£000s", "£40k"),
            (40.0, "£ per head", "£40 per head"),
            (12.0, "%", "12%"),
            (4.5, "days", "4.5 days"),
            (48.0, "", "48"),
        ],
    )
    def test_with_unit_writes_money_with_the_pound_sign_first(self, number, unit, expected):
        assert with_unit(number, unit) == expected

    def test_format_number_reads_well(self):
        assert [format_number(x) for x in (16.32, 5.68, 11.0, -0.0, 12345.6, 0.0034)] == [
            "16.32",
            "5.68",
            "11",
            "0",
            "12,346",
            "0.0034",
        ]


series = st.lists(st.integers(-1000, 1000), min_size=2, max_size=30)


class TestProperties:
    @SETTINGS
    @given(series)
    def test_limits_are_symmetric_about_the_mean(self, values):
        result = xmr(monthly(values))
        assert result.upper_limit - result.mean == pytest.approx(result.mean - result.lower_limit)
        assert result.upper_two_sigma - result.mean == pytest.approx(
            result.mean - result.lower_two_sigma
        )
        assert result.lower_limit <= result.lower_two_sigma <= result.mean
        assert result.mean <= result.upper_two_sigma <= result.upper_limit

    @SETTINGS
    @given(st.integers(-1000, 1000), st.integers(2, 30))
    def test_a_constant_series_has_zero_width_limits_and_no_signal(self, value, count):
        # Every point is on the mean and on both limits: none is beyond, and none counts
        # towards a run or a trend.
        result = xmr(monthly([value] * count), improvement=UP)
        assert result.mean == result.upper_limit == result.lower_limit == value
        assert flagged(result) == [] and result.variation == "common_cause"

    @SETTINGS
    @given(series, st.integers(-1000, 1000))
    def test_adding_a_constant_moves_the_lines_and_keeps_the_signals(self, values, constant):
        before = xmr(monthly(values), improvement=UP)
        after = xmr(monthly([v + constant for v in values]), improvement=UP)
        for line in ("mean", "upper_limit", "lower_limit", "upper_two_sigma", "lower_two_sigma"):
            assert getattr(after, line) == pytest.approx(getattr(before, line) + constant)
        assert [(p.rules, p.signal) for p in after.points] == [
            (p.rules, p.signal) for p in before.points
        ]
        assert after.variation == before.variation

    @SETTINGS
    @given(series)
    def test_turning_the_series_upside_down_swaps_high_and_low(self, values):
        # Negated values with lower-is-better must read exactly as the originals with
        # higher-is-better, apart from high and low swapping.
        before = xmr(monthly(values), improvement=UP)
        after = xmr(monthly([-v for v in values]), improvement=DOWN)
        assert [(p.rules, p.signal) for p in after.points] == [
            (p.rules, p.signal) for p in before.points
        ]
        swapped = {"high": "low", "low": "high"}
        nature, _, side = before.variation.partition("_")
        expected = f"{nature}_{swapped[side]}" if side in swapped else before.variation
        assert after.variation == expected

    @SETTINGS
    @given(series, st.randoms(use_true_random=False))
    def test_the_order_given_does_not_matter(self, values, rng: random.Random):
        pairs = monthly(values)
        shuffled = pairs[:]
        rng.shuffle(shuffled)
        assert xmr(shuffled) == xmr(pairs)


class TestChart:
    def chart(self, values=TestWorkedExamples.BEYOND, improvement=UP, target=None, unit=""):
        result = xmr(monthly(values), improvement=improvement, target=target)
        chart = charts.spc_chart(
            title="Staff turnover", result=result, unit=unit, improvement=improvement, target=target
        )
        return result, chart

    def test_the_chart_is_a_valid_plotly_figure_with_a_summary(self):
        _, chart = self.chart(target=5)
        go.Figure(chart.figure)
        assert chart.summary.endswith(".") and chart.label.startswith("Staff turnover")

    def test_the_values_trace_holds_the_results_values_by_month(self):
        result, chart = self.chart()
        values = chart.figure["data"][0]
        assert values["y"] == [p.value for p in result.points]
        assert values["x"][:2] == ["2023-01-01", "2023-02-01"]
        assert values["text"][0] == "January 2023: 10"

    def test_hover_labels_give_month_and_value_with_the_unit(self):
        _, chart = self.chart(unit="%")
        text = chart.figure["data"][0]["text"]
        assert text[1] == "February 2023: 12%"
        assert text[-1] == "August 2024: 30% (special cause: improvement)"

    @pytest.mark.parametrize(
        "improvement, colour", [(UP, "#005eb8"), (DOWN, "#ed8b00"), (NEITHER, "#330072")]
    )
    def test_special_cause_markers_differ_in_colour_and_shape(self, improvement, colour):
        _, chart = self.chart(improvement=improvement)
        marker = chart.figure["data"][0]["marker"]
        styles = list(zip(marker["color"], marker["symbol"], strict=True))
        common = {(colour.lower(), symbol) for colour, symbol in styles[:-1]}
        assert common == {("#768692", "circle")}
        special_colour, special_symbol = marker["color"][-1].lower(), marker["symbol"][-1]
        assert special_colour == colour
        assert special_symbol != "circle"

    def test_each_kind_of_special_cause_has_its_own_shape(self):
        shapes = set()
        for improvement in (UP, DOWN, NEITHER):
            _, chart = self.chart(improvement=improvement)
            shapes.add(chart.figure["data"][0]["marker"]["symbol"][-1])
        assert len(shapes) == 3

    def test_mean_limits_and_target_are_drawn_in_their_styles(self):
        result, chart = self.chart(target=5)
        lines = {
            (trace["name"], trace["y"][0]): trace["line"]
            for trace in chart.figure["data"]
            if trace["mode"] == "lines"
        }
        assert lines[("Mean", result.mean)]["dash"] == "solid"
        assert lines[("Process limits", result.upper_limit)]["dash"] == "dash"
        assert lines[("Process limits", result.lower_limit)]["dash"] == "dash"
        assert lines[("Target", 5.0)] == {"color": "#da291c", "dash": "dot", "width": 2}

    def test_no_target_line_without_a_target(self):
        _, chart = self.chart()
        assert "Target" not in {trace["name"] for trace in chart.figure["data"]}

    def test_the_summary_gives_the_mean_limits_variation_and_assurance(self):
        result, chart = self.chart(values=STABLE, target=5, unit="%")
        assert chart.summary == (
            "Mean 11% with process limits 5.68% to 16.32%; the latest month shows only common "
            "cause variation; the target of 5% will consistently be met."
        )
        _, special = self.chart()
        assert format_number(result.upper_limit) in chart.summary
        assert "unusually high, an improvement" in special.summary

    def test_the_summary_says_when_the_limits_are_provisional(self):
        _, chart = self.chart(values=STABLE[:10], target=5)
        assert "only 10 months" in chart.summary and "provisional" in chart.summary
        assert "too few months yet for assurance" in chart.summary

    def test_the_month_axis_runs_from_the_first_month_to_the_last(self):
        _, chart = self.chart()
        months = chart.figure["data"][0]["x"]
        assert chart.figure["layout"]["xaxis"]["range"] == [months[0], months[-1]]
        # Points on the ends are drawn whole.
        assert all(trace["cliponaxis"] is False for trace in chart.figure["data"])

    def test_the_value_axis_stops_at_the_highest_and_lowest_lines_drawn(self):
        result, chart = self.chart(target=5)
        low, high = chart.figure["layout"]["yaxis"]["range"]
        drawn = [y for trace in chart.figure["data"] for y in trace["y"]]
        assert (low, high) == (min(drawn), max(drawn))
        assert low == min(result.lower_limit, 5.0) and high == max(result.upper_limit, 30)

    def test_the_value_axis_never_shows_impossible_values(self):
        """Counts near zero have a lower process limit below zero, and rates near 100% an
        upper one above it: the axis stops at zero and at 100%, not at those limits."""
        low_counts = [1, 0, 3, 0, 2, 6, 0, 1, 0, 4, 0, 2]
        result, chart = self.chart(values=low_counts)
        assert result.lower_limit < 0
        assert chart.figure["layout"]["yaxis"]["range"][0] == 0
        high_rates = [97, 99, 100, 94, 100, 98, 99, 92, 100, 97, 100, 99]
        result, chart = self.chart(values=high_rates, unit="%")
        assert result.upper_limit > 100
        assert chart.figure["layout"]["yaxis"]["range"][1] == 100

    def test_a_value_axis_goes_below_zero_when_values_do(self):
        result, chart = self.chart(values=[-3, 2, -1, 4, 0, -2, 1, 3, -4, 2, 0, 1])
        assert chart.figure["layout"]["yaxis"]["range"][0] == result.lower_limit < -4

    @pytest.mark.parametrize(
        ("values", "expected"), [([], None), ([4], [3.6, 4.4]), ([0, 0], [0.0, 1.0])]
    )
    def test_a_value_axis_for_one_value_is_a_band_around_it(self, values, expected):
        _, chart = self.chart(values=values)
        axis = chart.figure["layout"]["yaxis"]["range"]
        assert axis == (expected if expected is None else pytest.approx(expected))

    @pytest.mark.parametrize(
        "title, unit, lines",
        [
            ("Staff turnover", "%", ["Staff turnover (%)"]),
            (
                "Staff friends and family: recommend as a place to work",
                "%",
                ["Staff friends and family:", "recommend as a place to work (%)"],
            ),
            (
                "Incidents reported per 1,000 bed days",
                "",
                ["Incidents reported", "per 1,000 bed days"],
            ),
        ],
    )
    def test_the_axis_title_is_the_whole_name_on_even_lines(self, title, unit, lines):
        result = xmr(monthly(STABLE))
        chart = charts.spc_chart(title=title, result=result, unit=unit)
        assert chart.figure["layout"]["yaxis"]["title"]["text"].split("<br>") == lines

    def test_a_name_too_long_for_three_lines_is_cut_short_on_the_third(self):
        title = " ".join(["Percentage of staff"] * 8)
        chart = charts.spc_chart(title=title, result=xmr(monthly(STABLE)))
        lines = chart.figure["layout"]["yaxis"]["title"]["text"].split("<br>")
        assert len(lines) == 3 and lines[-1].endswith("…")
        assert all(len(line) <= 32 for line in lines)

    def test_the_legend_is_under_the_chart_and_margins_make_room_for_the_labels(self):
        _, chart = self.chart(target=5)
        layout = chart.figure["layout"]
        legend = layout["legend"]
        assert (legend["yref"], legend["y"], legend["yanchor"]) == ("container", 0, "bottom")
        assert layout["xaxis"]["automargin"] and layout["yaxis"]["automargin"]
        # Two short lines a label ("Jan" over "2025"), which a phone's width leaves level.
        assert layout["xaxis"]["tickformat"] == "%b<br>%Y"

    @pytest.mark.parametrize("values", [[], [4], STABLE, TestWorkedExamples.BEYOND])
    def test_the_figure_is_safe_json_with_no_gaps(self, values):
        _, chart = self.chart(values=values, target=5)
        for trace in chart.figure["data"]:
            assert all(isinstance(y, float) and math.isfinite(y) for y in trace["y"])
        html = str(json_script(chart.figure, "chart-spc"))
        body = html.split(">", 1)[1].rsplit("<", 1)[0]

        def refuse(constant):
            raise AssertionError(f"{constant} is not JSON that JSON.parse accepts")

        assert json.loads(body, parse_constant=refuse) == json.loads(json.dumps(chart.figure))
        go.Figure(chart.figure)
        assert chart.summary.endswith(".")
