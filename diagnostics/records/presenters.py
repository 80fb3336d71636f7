"""Display shapes for the Discover tool pages and the evaluation view."""

from dataclasses import dataclass, field

from diagnostics.records import selectors
from diagnostics.results import charts
from diagnostics.results.presenters import headline_choice, why_no_figures
from diagnostics.results.spc import (
    MIN_POINTS,
    RULE_LABELS,
    Improvement,
    SpcResult,
    format_number,
    with_unit,
    xmr,
)
from diagnostics.rules import Permission
from programmes.constants import FRAMEWORK_ELEMENTS, Element

SIGNAL_LABELS = {
    "improvement": "Special cause: improvement",
    "concern": "Special cause: concern",
    "neither": "Special cause",
    "": "Common cause",
}


@dataclass
class MetricPanel:
    metric: object
    result: SpcResult
    chart: charts.Chart
    rows: list[dict]
    missing_months: list = None
    # With recalculated limits: each period's months, figures and reason, for the page.
    periods: list[dict] = field(default_factory=list)

    @property
    def chart_id(self) -> str:
        return f"metric-{self.metric.pk}"

    @property
    def target_label(self) -> str:
        """'£100k', '10%': '' when the metric has no target."""
        target = self.metric.target
        return "" if target is None else with_unit(target, self.metric.unit)


def metric_panel(metric) -> MetricPanel:
    """The metric's XmR chart and, for its data table, each month with its signal in words;
    where its limits were recalculated, each period with its own figures and reason."""
    improvement = Improvement(metric.improvement)
    result = xmr(
        [(point.month, point.value) for point in metric.points.all()],
        improvement=improvement,
        target=metric.target,
        recalculations=[(r.from_month, r.reason) for r in metric.rebaselines.all()],
    )
    chart = charts.spc_chart(
        title=metric.name,
        result=result,
        unit=metric.unit,
        improvement=improvement,
        target=metric.target,
    )
    rows = [
        {
            "month": point.month,
            "value": format_number(point.value),
            "moving_range": "" if point.moving_range is None else format_number(point.moving_range),
            "signal": SIGNAL_LABELS[point.signal if point.special_cause else ""],
            "rules": "; ".join(RULE_LABELS[rule] for rule in point.rules),
            # The first month of a period after the first: its limits start here.
            "recalculated": bool(point.period) and result.points[i - 1].period != point.period,
        }
        for i, point in enumerate(result.points)
    ]
    return MetricPanel(
        metric=metric,
        result=result,
        chart=chart,
        rows=rows,
        missing_months=missing_months([point.month for point in result.points]),
        periods=period_rows(result.periods, metric.unit) if len(result.periods) > 1 else [],
    )


def period_rows(periods, unit: str) -> list[dict]:
    """Each period of a chart whose limits were recalculated, in words for a table: the
    months, how many, the mean and limits (provisional under MIN_POINTS) and why."""
    rows = []
    for period in periods:
        if period.has_limits:
            limits = (
                f"{with_unit(period.lower_limit, unit)} to {with_unit(period.upper_limit, unit)}"
            )
            if not period.enough_points:
                limits += f" (provisional: fewer than {MIN_POINTS} months)"
        else:
            limits = "None: one month is too few to calculate them"
        rows.append(
            {
                "start": period.start,
                "end": period.end,
                "count": period.count,
                "mean": with_unit(period.mean, unit),
                "limits": limits,
                "provisional": period.has_limits and not period.enough_points,
                "reason": period.reason,
            }
        )
    return rows


def rebaseline_months(metric, panel: MetricPanel) -> list:
    """The months the limits could be recalculated from: each with a value, after the
    first, that is not already a recalculation, latest first (the usual choice)."""
    taken = {rebaseline.from_month for rebaseline in metric.rebaselines.all()}
    months = [point.month for point in panel.result.points[1:] if point.month not in taken]
    return list(reversed(months))


def missing_months(months) -> list:
    """Months between the first and last with no value. XmR charts assume evenly spaced
    points, so the page says where they are not."""
    if not months:
        return []
    present = set(months)
    gaps = []
    year, month = months[0].year, months[0].month
    while (year, month) < (months[-1].year, months[-1].month):
        first = months[0].replace(year=year, month=month, day=1)
        if first not in present:
            gaps.append(first)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return gaps


def element_rows(framework: str, counts: dict[str, int]) -> list[tuple[str, str, int]]:
    return [
        (code, Element(code).label, counts.get(code, 0)) for code in FRAMEWORK_ELEMENTS[framework]
    ]


def themes_by_element(themes) -> list[tuple[str, list[str]]]:
    grouped: dict[str, list[str]] = {}
    for theme in themes:
        grouped.setdefault(theme.element, []).append(theme.text)
    return [(Element(code).label, texts) for code, texts in grouped.items()]


def initial_themes(record) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for theme in record.themes.all():
        grouped.setdefault(theme.element, []).append(theme.text)
    return grouped


def evaluation_scores(framework: str, by_wave) -> tuple[list[str], list[dict]]:
    """Element scores across surveys as a table: a column per survey, a row per element."""
    titles = [wave.title for wave, _ in by_wave]
    rows = []
    for code in FRAMEWORK_ELEMENTS[framework]:
        scores = [scores.get(code) for _, scores in by_wave]
        if any(score is not None for score in scores):
            rows.append({"label": Element(code).label, "scores": scores})
    return titles, rows


def survey_headline(programme, user) -> dict:
    """The programme overview's survey panel: the trust's headline survey (its latest main
    survey, else its largest recent one: results.selectors.headline_survey), why it is the
    one shown or why it has no figures, its highest and lowest whole-survey element scores
    when the user may see results, and a newer survey that has no figures yet (drawn in
    programmes' page through a slot: diagnostics/slots.py)."""
    found = selectors.survey_headline(trust=programme.trust)
    context = {"programme": programme, "wave": None}
    if found is None:
        return context
    wave, newer = found["wave"], found["newer"]
    can_see = user.has_perm(Permission.VIEW_RESULTS, wave)
    context.update(
        wave=wave,
        chosen_because=headline_choice(found["headline"]),
        responses=found["responses"],
        no_figures=why_no_figures(wave, found["result"], answered_so_far=found["answered_so_far"]),
        highest=found["highest"] if can_see else None,
        lowest=found["lowest"] if can_see else None,
        can_see_results=can_see,
        newer=newer,
        newer_no_figures=why_no_figures(
            newer, found["newer_result"], answered_so_far=found["newer_answered_so_far"]
        )
        if newer
        else None,
    )
    return context
