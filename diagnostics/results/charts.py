"""Charts as pure functions: figures in, a plotly.js figure (plain JSON-ready dicts) and a
one-sentence summary out. Drawn in the page by static/js/charts.js under the strict CSP.

Only figures that are shown go in: suppressed groups have no figures to give, and their
hover labels are never built, so no chart can reveal a small group."""

from dataclasses import dataclass

from diagnostics.results.spc import Improvement, SpcPeriod, SpcResult, because, with_unit

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


# Under the chart, across its whole width, the margin growing to fit it: above the plot (from
# the plot's left edge) or beside it, a legend took most of a phone's chart, and could sit over
# the points.
_LEGEND_UNDER = {
    "orientation": "h",
    "x": 0,
    "xanchor": "left",
    "xref": "container",
    "y": 0,
    "yanchor": "bottom",
    "yref": "container",
}


def _layout(*, height: int, x_title: str, x_range=None) -> dict:
    return {
        "height": height,
        # Room for the labels, the axis titles and the legend is made as each is drawn
        # (automargin), so none is cut short or drawn over another at any width.
        "margin": {"l": 10, "r": 40, "t": 16, "b": 10},
        "font": {"family": "Frutiger W01, Arial, sans-serif", "size": 14, "color": TEXT},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "xaxis": {
            "title": {"text": x_title},
            "range": x_range,
            "gridcolor": NHS_PALE_GREY,
            "fixedrange": True,
            "automargin": True,
        },
        "yaxis": {"automargin": True, "autorange": "reversed", "fixedrange": True},
        "legend": dict(_LEGEND_UNDER),
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
        height=110 + 48 * max(len(shown), 1), x_title="Score out of 10", x_range=[0, 10]
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
        height=120 + 64 * max(len(shown), 1), x_title="Share of answers (%)", x_range=[0, 100]
    )
    layout["barmode"] = "stack"
    # Each question over up to three short lines: on one line they took most of a phone's
    # width and were cut off at its edge.
    layout["yaxis"].update(
        {"tickvals": labels, "ticktext": [_wrapped(f.label.split(), 24) for f in shown]}
    )
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
    layout = _layout(height=420, x_title="")
    layout["yaxis"] = {
        "title": {"text": "Score out of 10"},
        "range": [0, 10],
        "fixedrange": True,
        "automargin": True,
    }
    # Surveys' names over short lines: on one line, the first and last were cut off at the
    # chart's edges on a phone.
    layout["xaxis"].update(
        {
            "type": "category",
            "tickvals": titles,
            "ticktext": [_wrapped(title.split(), 16) for title in titles],
        }
    )
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


# Making Data Count's colours for special cause, and a red for the target line. Each special
# cause also has its own marker shape, so colour is never the only cue.
NHS_ORANGE = "#ed8b00"


NHS_PURPLE = "#330072"


NHS_TARGET_RED = "#da291c"


_SPC_MARKERS = {
    "": (NHS_GREY, "circle", "Common cause"),
    "improvement": (NHS_BLUE, "diamond", "Special cause: improvement"),
    "concern": (NHS_ORANGE, "square", "Special cause: concern"),
    "neither": (NHS_PURPLE, "hexagon", "Special cause: neither better nor worse"),
}


_SPC_GIST = {
    "common_cause": "the latest month shows only common cause variation",
    "improvement_high": "the latest month is unusually high, an improvement",
    "improvement_low": "the latest month is unusually low, an improvement",
    "concern_high": "the latest month is unusually high, a concern",
    "concern_low": "the latest month is unusually low, a concern",
    "neither_high": "the latest month is unusually high (special cause variation)",
    "neither_low": "the latest month is unusually low (special cause variation)",
}


_ASSURANCE_GIST = {
    "pass": "will consistently be met",
    "fail": "will consistently be missed",
    "hit_and_miss": "will be hit and miss",
}


def spc_chart(
    *,
    title: str,
    result: SpcResult,
    unit: str = "",
    improvement: Improvement = Improvement.NEITHER,
    target: float | None = None,
) -> Chart:
    """A monthly metric as a statistical process control (XmR) chart: the values, their mean
    and process limits, and the target if there is one. Special-cause points are coloured
    (and shaped) by whether they are an improvement, a concern or neither.

    `improvement` and `target` should be the ones the result was calculated with.
    """
    points = result.points
    months = [point.month.isoformat() for point in points]
    styles = [_SPC_MARKERS[point.signal] for point in points]
    traces: list[dict] = [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": title,
            "x": months,
            "y": [point.value for point in points],
            "line": {"color": NHS_GREY, "width": 2},
            "marker": {
                "color": [colour for colour, _, _ in styles],
                "symbol": [symbol for _, symbol, _ in styles],
                "size": [8 if not point.special_cause else 12 for point in points],
                "line": {"color": "#ffffff", "width": 1},
            },
            # Hover words built here: the month in full and the value with its unit.
            "text": [
                f"{point.month:%B %Y}: {with_unit(point.value, unit)}"
                + (f" ({_SPC_MARKERS[point.signal][2].lower()})" if point.special_cause else "")
                for point in points
            ],
            "hovertemplate": "%{text}<extra></extra>",
            "showlegend": False,
        }
    ]
    # Marker-only copies of the points, one trace per kind, give the legend its key.
    for signal in ("", "improvement", "concern", "neither"):
        chosen = [point for point in points if point.signal == signal]
        if chosen:
            colour, symbol, name = _SPC_MARKERS[signal]
            traces.append(
                {
                    "type": "scatter",
                    "mode": "markers",
                    "name": name,
                    "x": [point.month.isoformat() for point in chosen],
                    "y": [point.value for point in chosen],
                    "marker": {"color": colour, "symbol": symbol, "size": 12 if signal else 8},
                    "hoverinfo": "skip",
                }
            )
    # Lines need limits, and limits need two months or more: each period's own, drawn over
    # its own months, so where the limits were recalculated the lines step rather than run on.
    # The target does not change with the limits: one line across every month.
    recalculated = len(result.periods) > 1
    lines = []  # (legend name, hover name, level, colour, dash, months)
    for period in result.periods:
        if not period.has_limits:
            continue
        ends = [period.start.isoformat(), period.end.isoformat()]
        when = f" ({_period_label(period)})" if recalculated else ""
        lines += [
            ("Mean", f"Mean{when}", period.mean, TEXT, "solid", ends),
            # The two limits share one legend entry.
            (
                "Process limits",
                f"Upper process limit{when}",
                period.upper_limit,
                NHS_GREY,
                "dash",
                ends,
            ),
            (
                "Process limits",
                f"Lower process limit{when}",
                period.lower_limit,
                NHS_GREY,
                "dash",
                ends,
            ),
        ]
    if lines and target is not None:
        lines.append(
            ("Target", "Target", float(target), NHS_TARGET_RED, "dot", [months[0], months[-1]])
        )
    in_legend: set[str] = set()
    for name, hover_name, level, colour, dash, ends in lines:
        traces.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": name,
                "legendgroup": name,
                "showlegend": name not in in_legend,
                "x": ends,
                "y": [level, level],
                "line": {"color": colour, "dash": dash, "width": 2},
                "hovertemplate": f"{hover_name}: {with_unit(level, unit)}<extra></extra>",
            }
        )
        in_legend.add(name)
    layout = _layout(height=460, x_title="")
    layout["margin"]["r"] = 20
    layout["xaxis"].update(
        {
            "type": "date",
            # Month over year: narrow enough not to be turned or to collide on a phone.
            "tickformat": "%b<br>%Y",
        }
    )
    if len(months) > 1:
        # From the first month to the last: plotly's own range pads the ends with months
        # that have no data.
        layout["xaxis"]["range"] = [months[0], months[-1]]
    layout["yaxis"] = {
        "title": {"text": _axis_title(title, unit), "standoff": 12},
        "range": value_axis_range(
            [trace_y for trace in traces for trace_y in trace["y"]],
            values=[point.value for point in points],
            unit=unit,
        ),
        "fixedrange": True,
        "automargin": True,
        "gridcolor": NHS_PALE_GREY,
    }
    if recalculated:
        _mark_recalculations(traces, layout, result)
    for trace in traces:
        # Points on the axis ends are drawn whole rather than cut in half.
        trace["cliponaxis"] = False
    return Chart(
        {"data": traces, "layout": layout},
        _spc_summary(result, unit, improvement, target),
        f"{title} by month, with its mean and process limits"
        + (", recalculated where marked" if recalculated else ""),
    )


def _period_label(period: SpcPeriod) -> str:
    """ "March 2025 to June 2026", or the month alone for a period of one."""
    if period.start == period.end:
        return f"{period.start:%B %Y}"
    return f"{period.start:%B %Y} to {period.end:%B %Y}"


def _mark_recalculations(traces: list[dict], layout: dict, result: SpcResult) -> None:
    """A vertical line between the last month of one period and the first of the next,
    across the value axis, named in the legend and labelled at the top; hovering over it
    gives the month and the reason."""
    low, high = layout["yaxis"]["range"]
    annotations = []
    for number, period in enumerate(result.periods[1:]):
        before = result.periods[number].end
        # Halfway between the two months, so that neither point sits on the line.
        middle = before + (period.start - before) / 2
        reason = _short(" ".join((period.reason or "").split()), 120)
        label = f"Limits recalculated from {period.start:%B %Y}: {_escape(reason)}"
        traces.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": "Limits recalculated",
                "legendgroup": "recalculated",
                "showlegend": number == 0,
                "x": [middle.isoformat(), middle.isoformat()],
                "y": [low, high],
                "line": {"color": NHS_DARK_BLUE, "dash": "dashdot", "width": 2},
                # Through `text`, so that a "%{" the reason may hold is not read as a field.
                "text": [label, label],
                "hovertemplate": "%{text}<extra></extra>",
            }
        )
        annotations.append(
            {
                "x": middle.isoformat(),
                "xref": "x",
                "xanchor": "left",
                "xshift": 2,
                "y": 1,
                "yref": "paper",
                "yanchor": "top",
                "text": f"New limits<br>{period.start:%b %Y}",
                "align": "left",
                "showarrow": False,
                "font": {"size": 12, "color": NHS_DARK_BLUE},
                "bgcolor": "rgba(255,255,255,0.85)",
            }
        )
    layout["annotations"] = annotations


def _escape(text: str) -> str:
    """Text for a plotly label, which reads a few HTML-like tags of its own: written out as
    characters, never as markup."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def value_axis_range(levels: list[float], *, values: list[float], unit: str) -> list | None:
    """The value axis from the lowest to the highest thing drawn (points, mean, limits,
    target), not padded past them, and never past what the values can be: below zero when
    none is negative, or above 100 for a percentage. A process limit beyond that is cut
    off at it rather than shown as a possible value. None (plotly's own) with no values."""
    if not levels:
        return None
    low, high = min(levels), max(levels)
    if high <= low:
        # One value, or all the same: a band around it.
        spread = abs(low) * 0.1 or 1.0
        low, high = low - spread, high + spread
    if values and min(values) >= 0:
        low = max(low, 0.0)
    if unit.strip() == "%" and values and max(values) <= 100:
        high = min(high, 100.0)
    return [low, high]


def _wrap(words: list[str], width: int) -> list[str]:
    rows: list[str] = []
    for word in words:
        if rows and len(rows[-1]) + 1 + len(word) <= width:
            rows[-1] += " " + word
        else:
            rows.append(word)
    return rows


def _wrapped(words: list[str], line: int, lines: int = 3) -> str:
    """Words over as few lines of about even length as they need, up to `lines` (the last cut
    short if they need more), for labels that would otherwise overrun a phone's chart."""
    words = [_short(word, line) for word in words]
    rows = _wrap(words, line)
    if len(rows) > lines:
        rows = rows[: lines - 1] + [_short(" ".join(rows[lines - 1 :]), line)]
    elif rows:
        # The narrowest width that needs no more lines: no word left alone on the last.
        shortest = -(-len(" ".join(words)) // len(rows))
        rows = next(
            wrapped
            for width in range(shortest, line + 1)
            if len(wrapped := _wrap(words, width)) <= len(rows)
        )
    return "<br>".join(rows)


def _axis_title(title: str, unit: str) -> str:
    """The metric's name and unit: the axis runs up the chart's height, which a long name on
    one line overruns."""
    words = title.split()
    if unit.strip() and words:
        words[-1] += f" ({unit.strip()})"  # the unit stays with the last word
    return _wrapped(words, 32)


def _spc_summary(
    result: SpcResult, unit: str, improvement: Improvement, target: float | None
) -> str:
    count = len(result.points)
    if count == 0:
        return "No months to show yet."
    if len(result.periods) > 1:
        return _recalculated_summary(result, unit, improvement, target)
    if result.upper_limit is None or result.lower_limit is None or result.mean is None:
        return (
            f"Only one month so far ({with_unit(result.points[0].value, unit)}), too few to "
            "set process limits."
        )
    return "; ".join(_summary_parts(result, count, "", unit, improvement, target)) + "."


def _summary_parts(
    result: SpcResult,
    count: int,
    since: str,
    unit: str,
    improvement: Improvement,
    target: float | None,
) -> list[str]:
    """The latest period's figures, its variation, and the target's assurance."""
    parts = [
        # "Since then: mean ...", but a sentence of its own without a recalculation.
        f"{'mean' if since else 'Mean'} {with_unit(result.mean, unit)} with process limits "
        f"{with_unit(result.lower_limit, unit)} to {with_unit(result.upper_limit, unit)}",
        _SPC_GIST[result.variation],
    ]
    if not result.enough_points:
        parts.append(f"with only {count} months{since}, treat the limits as provisional")
    if target is not None:
        goal = f"the target of {with_unit(target, unit)}"
        if improvement == Improvement.NEITHER:
            parts.append(f"no assurance about {goal}, as neither direction is set as better")
        elif result.assurance is None:
            parts.append(f"too few months yet for assurance about {goal}")
        else:
            parts.append(f"{goal} {_ASSURANCE_GIST[result.assurance]}")
    return parts


def _recalculated_summary(
    result: SpcResult, unit: str, improvement: Improvement, target: float | None
) -> str:
    """The latest period first, as the page reads it, then the figures of the ones before."""
    current = result.periods[-1]
    opening = (
        f"Limits recalculated from {current.start:%B %Y} because "
        f"{because(_short(current.reason or '', 120))}"
    )
    earlier = "; ".join(
        f"{_period_label(period)}, mean {with_unit(period.mean, unit)}"
        + (
            f" with process limits {with_unit(period.lower_limit, unit)} to "
            f"{with_unit(period.upper_limit, unit)}"
            if period.has_limits
            else ""
        )
        for period in result.periods[:-1]
    )
    if not current.has_limits:
        return (
            f"{opening}; only that month since ({with_unit(current.mean, unit)}), too few to "
            f"set process limits. Before then: {earlier}."
        )
    since = "; ".join(_summary_parts(result, current.count, " since", unit, improvement, target))
    return f"{opening}. Since then: {since}. Before then: {earlier}."
