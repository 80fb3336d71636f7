"""Charts as pure functions: figures in, a plotly.js figure (plain JSON-ready dicts) and a
one-sentence summary out. Drawn in the page by static/js/charts.js under the strict CSP.

Only figures that are shown go in: suppressed groups have no figures to give, and their
hover labels are never built, so no chart can reveal a small group.
"""

from dataclasses import dataclass

# NHS identity colours; each chart also has a data table and a summary in words.
NHS_BLUE = "#005eb8"
NHS_DARK_BLUE = "#003087"
NHS_GREY = "#768692"
NHS_PALE_GREY = "#d8dde0"
NHS_GREEN = "#007f3b"
NHS_RED = "#d5281b"
TEXT = "#212b32"


@dataclass(frozen=True)
class Chart:
    figure: dict
    summary: str
    label: str  # the chart's accessible name


def _layout(*, height: int, x_title: str, x_range=None) -> dict:
    return {
        "height": height,
        "margin": {"l": 10, "r": 40, "t": 40, "b": 50},
        "font": {"family": "Frutiger W01, Arial, sans-serif", "size": 14, "color": TEXT},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "xaxis": {
            "title": {"text": x_title},
            "range": x_range,
            "gridcolor": NHS_PALE_GREY,
            "fixedrange": True,
        },
        "yaxis": {"automargin": True, "autorange": "reversed", "fixedrange": True},
        # Above the plot, where it cannot run into the axis title on a narrow screen.
        "legend": {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"},
        "hoverlabel": {"bgcolor": "#ffffff", "font": {"color": TEXT}},
    }


def element_scores_chart(
    figures, *, previous_title: str | None = None, benchmark_title: str | None = None
) -> Chart:
    """Element scores out of 10 as horizontal bars; the previous wave and the sector median
    as markers."""
    shown = [f for f in figures if not f.suppressed]
    labels = [f.label for f in shown]
    traces = [
        {
            "type": "bar",
            "orientation": "h",
            "name": "This survey",
            "x": [round(f.score, 2) for f in shown],
            "y": labels,
            "marker": {"color": NHS_BLUE},
            "hovertemplate": "%{y}: %{x:.1f} out of 10<extra></extra>",
        }
    ]
    earlier = [(f.label, f.previous_score) for f in shown if f.previous_score is not None]
    if previous_title and earlier:
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": previous_title,
                "x": [round(score, 2) for _, score in earlier],
                "y": [label for label, _ in earlier],
                "marker": {
                    "color": TEXT,
                    "symbol": "line-ns-open",
                    "size": 22,
                    "line": {"width": 3},
                },
                "hovertemplate": "%{y}, " + previous_title + ": %{x:.1f}<extra></extra>",
            }
        )
    middles = [(f.label, f.benchmark.median) for f in shown if f.benchmark is not None]
    if benchmark_title and middles:
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": benchmark_title,
                "x": [round(median, 2) for _, median in middles],
                "y": [label for label, _ in middles],
                "marker": {"color": NHS_GREY, "symbol": "diamond", "size": 12},
                "hovertemplate": "%{y}, " + benchmark_title + ": %{x:.1f}<extra></extra>",
            }
        )
    layout = _layout(
        height=70 + 48 * max(len(shown), 1), x_title="Score out of 10", x_range=[0, 10]
    )
    if shown:
        best = max(shown, key=lambda f: f.score)
        worst = min(shown, key=lambda f: f.score)
        summary = (
            f"Highest scoring element: {best.label} at {best.score:.1f} out of 10; "
            f"lowest: {worst.label} at {worst.score:.1f}."
        )
    else:
        summary = "No element has enough responses to show."
    return Chart({"data": traces, "layout": layout}, summary, "Element scores out of 10")


def answer_split_chart(figures) -> Chart:
    """Each question's answers split into unfavourable, neutral and favourable shares, as
    stacked bars (polarity already applied: favourable is the good side of each question)."""
    shown = [f for f in figures if not f.suppressed]
    labels = [_short(f.label) for f in shown]
    parts = [
        ("Unfavourable", "pct_negative", NHS_RED),
        ("Neutral", "pct_neutral", NHS_GREY),
        ("Favourable", "pct_positive", NHS_GREEN),
    ]
    traces = [
        {
            "type": "bar",
            "orientation": "h",
            "name": name,
            "x": [round(getattr(f, attribute), 1) for f in shown],
            "y": labels,
            "marker": {"color": colour},
            "hovertemplate": "%{y}<br>" + name + ": %{x:.0f}%<extra></extra>",
        }
        for name, attribute, colour in parts
    ]
    layout = _layout(
        height=90 + 56 * max(len(shown), 1), x_title="Share of answers (%)", x_range=[0, 100]
    )
    layout["barmode"] = "stack"
    if shown:
        best = max(shown, key=lambda f: f.pct_positive)
        summary = (
            f"{len(shown)} questions shown; the most favourable answers were to "
            f"“{_short(best.label)}” ({best.pct_positive:.0f}% favourable)."
        )
    else:
        summary = "No question has enough responses to show."
    return Chart({"data": traces, "layout": layout}, summary, "Answers to each question")


def trend_chart(waves: list[tuple[str, dict[str, float]]], element_labels: dict[str, str]) -> Chart:
    """Element scores across waves, oldest first: one line per element."""
    titles = [title for title, _ in waves]
    traces = []
    for element, label in element_labels.items():
        scores = [scores.get(element) for _, scores in waves]
        if all(score is None for score in scores):
            continue
        traces.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": label,
                "x": titles,
                "y": [None if s is None else round(s, 2) for s in scores],
                "hovertemplate": label + ", %{x}: %{y:.1f}<extra></extra>",
            }
        )
    layout = _layout(height=360, x_title="")
    layout["yaxis"] = {
        "title": {"text": "Score out of 10"},
        "range": [0, 10],
        "fixedrange": True,
        "automargin": True,
    }
    layout["margin"]["l"] = 60
    layout["margin"]["r"] = 90  # room for the last survey's name under the axis
    layout["xaxis"]["type"] = "category"
    first, last = waves[0], waves[-1]
    moves = [
        (last[1][e] - first[1][e], element_labels[e])
        for e in element_labels
        if e in first[1] and e in last[1]
    ]
    if moves:
        change, label = max(moves, key=lambda move: abs(move[0]))
        direction = "rose" if change >= 0 else "fell"
        summary = (
            f"Across {len(waves)} surveys, {label} moved most: it {direction} by "
            f"{abs(change):.1f} points out of 10."
        )
    else:
        summary = "No element was shown in both the first and the latest survey."
    return Chart({"data": traces, "layout": layout}, summary, "Element scores across surveys")


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
