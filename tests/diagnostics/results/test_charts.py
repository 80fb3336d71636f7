"""Charts are pure functions of figures: valid plotly figures, with no trace, label or hover
text for a hidden group."""

import json

import plotly.graph_objects as go
import pytest

from diagnostics.results import charts
from diagnostics.results.presenters import Figure


class Benchmark:
    median = 6.1


def figures():
    return [
        Figure("teamwork", "Teamwork", False, n=40, score=7.2, pct_positive=70, pct_neutral=20,
               pct_negative=10, previous_score=6.8, benchmark=Benchmark()),
        Figure("vision_values", "Vision and values", True),  # hidden: no figures at all
        Figure("goals_performance", "Goals and performance", False, n=40, score=5.5,
               pct_positive=50, pct_neutral=30, pct_negative=20),
    ]  # fmt: skip


@pytest.mark.parametrize(
    "chart",
    [
        charts.element_scores_chart(
            figures(), previous_title="Survey 2025", benchmark_title="Acute trusts' median"
        ),
        charts.answer_split_chart(figures()),
        charts.trend_chart(
            [("2025", {"teamwork": 6.8}), ("2026", {"teamwork": 7.2})], {"teamwork": "Teamwork"}
        ),
    ],
)
def test_every_chart_is_a_valid_plotly_figure_with_a_summary(chart):
    go.Figure(chart.figure)  # raises on anything plotly.js would not understand
    assert chart.summary.endswith(".") and chart.label
    # The legend under the chart, and margins that grow to fit labels, titles and legend.
    layout = chart.figure["layout"]
    legend = layout["legend"]
    assert (legend["yref"], legend["y"], legend["yanchor"]) == ("container", 0, "bottom")
    assert layout["xaxis"]["automargin"] and layout["yaxis"]["automargin"]


def test_questions_wrap_over_three_short_lines_at_most():
    long = Figure("teamwork", "When I need help from another team, I usually get it quickly "
                  "and without having to chase anyone for it", False, n=40, score=7.2,
                  pct_positive=70, pct_neutral=20, pct_negative=10)  # fmt: skip
    chart = charts.answer_split_chart([long])
    (text,) = chart.figure["layout"]["yaxis"]["ticktext"]
    lines = text.split("<br>")
    assert len(lines) == 3 and all(len(line) <= 24 for line in lines)
    assert lines[0] == "When I need help from" and lines[-1].endswith("…")
    assert chart.figure["layout"]["yaxis"]["tickvals"] == chart.figure["data"][0]["y"]


def test_a_hidden_group_is_in_no_trace_and_no_hover_text():
    chart = charts.element_scores_chart(figures(), previous_title="Survey 2025")
    assert "Vision and values" not in json.dumps(chart.figure)
    assert [len(trace["y"]) for trace in chart.figure["data"]] == [2, 1]


def test_the_sector_median_is_drawn_where_there_is_one():
    chart = charts.element_scores_chart(figures(), benchmark_title="Acute trusts' median")
    medians = chart.figure["data"][-1]
    assert medians["name"] == "Acute trusts' median"
    assert (medians["x"], medians["y"]) == ([6.1], ["Teamwork"])


def test_the_summary_names_the_highest_and_lowest_element():
    chart = charts.element_scores_chart(figures())
    assert chart.summary == (
        "Highest scoring element: Teamwork at 7.2 out of 10; lowest: Goals and performance at 5.5."
    )


def test_the_trend_wraps_surveys_names_under_the_axis_and_its_legend_goes_under_the_chart():
    chart = charts.trend_chart(
        [("Staff culture survey 2025", {"teamwork": 6.8}), ("Staff culture survey 2026", {})],
        {"teamwork": "Teamwork"},
    )
    xaxis, legend = chart.figure["layout"]["xaxis"], chart.figure["layout"]["legend"]
    assert xaxis["ticktext"] == ["Staff culture<br>survey 2025", "Staff culture<br>survey 2026"]
    assert xaxis["tickvals"] == ["Staff culture survey 2025", "Staff culture survey 2026"]
    assert xaxis["automargin"]
    assert (legend["yref"], legend["y"], legend["yanchor"]) == ("container", 0, "bottom")
