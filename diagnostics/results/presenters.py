"""Turn stored result rows into what the dashboards and exports show. Rows that are
suppressed carry no figures, so nothing here can reveal a small group."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.constants import Sector
from core.presenters import Tag
from diagnostics.constants import (
    MINIMUM_BENCHMARK_TRUSTS,
    PREFER_NOT_TO_SAY,
    Demographic,
    WaveStatus,
)
from diagnostics.results import charts
from diagnostics.results.aggregation import OVERALL
from diagnostics.results.models import ResultKind, ResultRow, ResultState, WaveResult
from diagnostics.results.selectors import HeadlineReason, HeadlineSurvey
from diagnostics.results.statistics import Change, two_proportion_z_test
from diagnostics.surveys.models import Wave
from diagnostics.surveys.presenters import demographic_label
from diagnostics.surveys.selectors import wave_offered_groups
from programmes.constants import Element

ELEMENT_LABELS = dict(Element.choices)

CHANGE_BETTER = Tag("Better", "green")
CHANGE_WORSE = Tag("Worse", "red")
CHANGE_NONE = Tag("No clear change", "grey", element="span")


def change_tag(change: Change) -> Tag:
    """Better or Worse for a significant change since the last wave, else No clear change."""
    if not change.significant:
        return CHANGE_NONE
    return CHANGE_BETTER if change.difference > 0 else CHANGE_WORSE


DIMENSION_LABELS = {
    Demographic.DIRECTORATE: _("Directorate"),
    Demographic.STAFF_GROUP: _("Staff group"),
    Demographic.BAND: _("Pay band"),
}


@dataclass
class Figure:
    """One element's or question's figures in one group, beside the previous wave's."""

    key: str  # element code, or item code
    label: str
    suppressed: bool
    n: int | None = None
    score: float | None = None
    pct_positive: float | None = None
    pct_neutral: float | None = None
    pct_negative: float | None = None
    counts: list[int | None] = field(default_factory=list)
    element: str = ""
    previous_score: float | None = None
    change: Change | None = None
    benchmark: object | None = None  # a SectorBenchmark, for whole-survey element figures


def asked_dimensions(wave: Wave) -> list[str]:
    return [
        d
        for d in (Demographic.DIRECTORATE, Demographic.STAFF_GROUP, Demographic.BAND)
        if getattr(wave, f"ask_{d}")
    ]


def breakdown_label(breakdown: str) -> str:
    if breakdown == OVERALL:
        return _("Whole survey")
    return _(" by ").join(str(DIMENSION_LABELS[d]) for d in breakdown.split(":"))


def group_name(wave: Wave, breakdown: str, group: str) -> str:
    if breakdown == OVERALL:
        return _("Everyone")
    parts = zip(breakdown.split(":"), group.split("|"), strict=True)
    return ", ".join(demographic_label(wave, dimension, value) for dimension, value in parts)


def print_header(wave: Wave, data) -> str:
    """The line at the top of every printed page of a survey's results: which survey, the
    day its figures were worked out (they never change after, so that is their date, not the
    day of printing) and the k that hid small groups. Empty while there are no figures."""
    if not data.released:
        return ""
    worked_out = date_format(timezone.localtime(data.result.computed_at), "j F Y")
    k = wave.threshold_k
    return (
        f"{wave.title}, {wave.trust.name} · figures worked out on {worked_out} · "
        f"k = {k}: no group of fewer than {k} people is shown"
    )


def _day(moment) -> str:
    return date_format(timezone.localtime(moment), "j F Y")


@dataclass(frozen=True)
class NoFigures:
    """Why a survey shows no figures (`why`), and what has to happen first and when
    (`then`), in plain words. `reason` names the case, for templates and tests."""

    reason: str
    why: str
    then: str


def why_no_figures(
    wave: Wave, result: WaveResult | None, *, answered_so_far: int | None = None
) -> NoFigures | None:
    """None when the survey's final figures are published; otherwise what every results
    page and the programme overview say instead. `answered_so_far` is the open survey's
    count in steps of k, as its own page shows it, so it tells nobody more than that page."""
    if wave.status == WaveStatus.CLOSED and result and result.final and result.responses_counted:
        return None
    k = wave.threshold_k
    closes = _day(wave.closes_at)
    if wave.status == WaveStatus.DRAFT:
        return NoFigures(
            "draft",
            "This survey is still a draft, so nobody can answer it yet.",
            f"Its figures are published once, when it closes (planned for {closes}), "
            f"if at least {k} people have answered by then.",
        )
    if wave.status == WaveStatus.SCHEDULED:
        return NoFigures(
            "scheduled",
            f"This survey has not opened yet: it opens on {_day(wave.opens_at)}.",
            f"Its figures are published once, when it closes on {closes}, "
            f"if at least {k} people have answered by then.",
        )
    if wave.status == WaveStatus.OPEN:
        if not answered_so_far:
            return NoFigures(
                "open-too-few",
                f"The survey is still open, and fewer than {k} people have answered so far.",
                f"Its figures are published once, when it closes on {closes}, and only if "
                f"at least {k} people have answered by then.",
            )
        return NoFigures(
            "open",
            f"The survey is still open: at least {answered_so_far} people have answered so far.",
            f"Its figures are published once, when it closes on {closes}.",
        )
    if result is not None and result.final:
        return NoFigures(
            "too-few",
            f"Fewer than {k} people answered this survey in total, so it has no figures: "
            "showing any could identify the people who answered.",
            f"It will never have figures. A survey needs at least {k} responses for any "
            "figure to be shown.",
        )
    if result is not None and result.state == ResultState.FAILED:
        return NoFigures(
            "failed",
            f"The survey closed on {closes}, but working out its figures failed, "
            "so nothing was stored.",
            "The portal tries again every few minutes, so the figures should follow soon.",
        )
    return NoFigures(
        "working-out",
        f"The survey closed on {closes}. Its figures are being worked out now, once, "
        "from every response it received.",
        "They are usually ready within a minute or two: look again shortly.",
    )


def headline_choice(headline: HeadlineSurvey) -> str:
    """Why the headline survey (results.selectors.HeadlineSurvey) is the one shown: a
    sentence for the programme overview and the bright spots. Empty when it has no figures
    (why_no_figures says why instead)."""
    wave, months = headline.wave, headline.recent_months
    if headline.reason == HeadlineReason.MAIN:
        return f"It is the main survey of {wave.main_of_year}, as marked on its page."
    if headline.reason == HeadlineReason.LARGEST:
        return (
            f"No survey closed in the last {months} months is marked as its year's main "
            f"survey, so this is the one with the most responses of those that closed then."
        )
    if headline.reason == HeadlineReason.NEWEST:
        return (
            f"No survey has closed with figures in the last {months} months, so this is the "
            "latest one that has them."
        )
    return ""


def _figure(row: ResultRow, key: str, label: str) -> Figure:
    return Figure(
        key=key,
        label=label,
        suppressed=row.suppressed,
        n=row.n,
        score=row.score,
        pct_positive=row.pct_positive,
        pct_neutral=row.pct_neutral,
        pct_negative=row.pct_negative,
        counts=row.counts,
        element=row.element,
    )


def _compare(figure: Figure, previous: ResultRow | None) -> Figure:
    if figure.suppressed or previous is None or previous.suppressed:
        return figure
    figure.previous_score = previous.score
    figure.change = two_proportion_z_test(
        figure.pct_positive, figure.n, previous.pct_positive, previous.n
    )
    return figure


def element_figures(rows, previous_rows=()) -> list[Figure]:
    """Element rows of one group, in the framework's order, each beside the previous wave."""
    before = {r.element: r for r in previous_rows if r.kind == ResultKind.ELEMENT}
    order = list(ELEMENT_LABELS)
    figures = [
        _compare(_figure(r, r.element, ELEMENT_LABELS[r.element]), before.get(r.element))
        for r in rows
        if r.kind == ResultKind.ELEMENT
    ]
    return sorted(figures, key=lambda f: order.index(f.key))


def item_figures(rows, previous_rows=()) -> list[Figure]:
    """Question rows of one group, in survey order. Questions are matched with the previous
    wave by their code, which survives a new instrument version."""
    before = {r.item.code: r for r in previous_rows if r.kind == ResultKind.ITEM}
    ordered = sorted(
        (r for r in rows if r.kind == ResultKind.ITEM),
        key=lambda r: (r.item.section_id, r.item.position),
    )
    return [
        _compare(_figure(r, r.item.code, r.item.text), before.get(r.item.code)) for r in ordered
    ]


def rows_of_group(rows, breakdown: str, group: str) -> list[ResultRow]:
    return [r for r in rows if r.breakdown == breakdown and r.group == group]


def responses_in(rows, breakdown: str, group: str) -> ResultRow | None:
    return next(
        (r for r in rows_of_group(rows, breakdown, group) if r.kind == ResultKind.RESPONSES),
        None,
    )


def response_rate(responses: int | None, headcount: int | None) -> float | None:
    if not responses or not headcount:
        return None
    return min(100.0, 100 * responses / headcount)


@dataclass
class HeatCell:
    score: float | None
    band: int  # 0 when suppressed; 1 (lowest) to 5 (highest) otherwise
    n: int | None


@dataclass
class HeatmapRow:
    label: str
    element: str
    cells: list[HeatCell]


def heat_band(score: float) -> int:
    """Five bands of the 0-10 score; each cell also shows its number, so colour is never the
    only signal."""
    for band, upper in enumerate((4.0, 5.0, 6.0, 7.0), start=1):
        if score < upper:
            return band
    return 5


def offered_groups(wave: Wave, dimension: str) -> list[str]:
    """Every group the survey offered for a dimension, answered or not: listing only groups
    with figures would tell that someone chose a group."""
    codes = [c for c in wave_offered_groups(wave).get(dimension, []) if c != PREFER_NOT_TO_SAY]
    return sorted(codes, key=lambda g: group_name(wave, dimension, g)) + [PREFER_NOT_TO_SAY]


def heatmap(wave: Wave, rows, breakdown: str) -> tuple[list[str], list[HeatmapRow]]:
    """(group names, one row per element with a cell per offered group) for a one-way
    breakdown. Nothing is drawn before the survey closes (no breakdown rows yet)."""
    if not any(r.breakdown == breakdown for r in rows):
        return [], []
    groups = offered_groups(wave, breakdown)
    by_cell = {
        (r.element, r.group): r
        for r in rows
        if r.breakdown == breakdown and r.kind == ResultKind.ELEMENT
    }
    elements = [e for e in ELEMENT_LABELS if any(key[0] == e for key in by_cell)]
    table = []
    for element in elements:
        cells = []
        for group in groups:
            row = by_cell.get((element, group))
            if row is None or row.suppressed:
                cells.append(HeatCell(None, 0, None))
            else:
                cells.append(HeatCell(row.score, heat_band(row.score), row.n))
        table.append(HeatmapRow(ELEMENT_LABELS[element], element, cells))
    return [group_name(wave, breakdown, g) for g in groups], table


def ordered_by_element(rows) -> list[tuple[str, object]]:
    """(element label, row) in the framework's order."""
    order = list(ELEMENT_LABELS)
    return [
        (ELEMENT_LABELS[r.element], r) for r in sorted(rows, key=lambda r: order.index(r.element))
    ]


def strengths_and_areas(figures: list[Figure], count: int = 3) -> tuple[list, list]:
    """The shown questions answered most and least favourably, ranked by the % favourable
    printed beside each (the score only breaks ties): strengths strongest first, areas to
    develop weakest first, and none in both lists."""
    shown = [f for f in figures if not f.suppressed and f.pct_positive is not None]
    weakest = sorted(shown, key=lambda f: (f.pct_positive, f.score or 0))
    top = weakest[::-1][:count]
    chosen = {id(f) for f in top}
    return top, [f for f in weakest[:count] if id(f) not in chosen]


QUOTES = "'\"‘’“”"


def _quotable(text: str) -> str:
    """Text to quote inside a sentence: without quotes of its own around it, or a full stop
    (or comma, colon, semicolon) at its end, which the sentence would double."""
    text = " ".join(text.split()).strip(QUOTES + " ")
    return text.rstrip(".,;: ").strip(QUOTES + " ")


def finding_statement(figure: Figure, survey_title: str) -> str:
    """A finding made from a question's figures, as a sentence: "In Staff survey 2026, 8%
    answered favourably to ‘I feel valued at work’." A question ending in ? or ! ends it."""
    question = _quotable(figure.label)
    sentence = (
        f"In {_quotable(survey_title)}, {figure.pct_positive:.0f}% answered favourably "
        f"to ‘{question}’"
    )
    return sentence if question.endswith(("?", "!")) else f"{sentence}."


def with_finding_links(figures, kind: str, wave, *, finding_url, evidence: str):
    """(figure, link) pairs: the link opens the programme's finding form filled in from the
    figure, for the user to check and save; None where the user cannot record findings."""
    if not finding_url:
        return [(figure, None) for figure in figures]
    pairs = []
    for figure in figures:
        statement = finding_statement(figure, wave.title)
        query = urlencode(
            {
                "tool": "survey",
                "kind": kind,
                "element": figure.element,
                "statement": statement,
                "evidence_link": evidence,
            }
        )
        pairs.append((figure, f"{finding_url}?{query}"))
    return pairs


def benchmark_note(wave: Wave, figures, *, has_benchmark: bool, whole_survey: bool = True) -> str:
    """Why a sector benchmark is missing beside the figures, if it is: only whole surveys
    have one, and only where enough trusts of the sector contribute
    (MINIMUM_BENCHMARK_TRUSTS)."""
    sector = Sector(wave.trust.sector).label.lower()
    least = MINIMUM_BENCHMARK_TRUSTS
    if not whole_survey:
        return (
            f"The {sector} trusts' benchmark is for whole surveys, so it is not shown for "
            "one group."
        )
    if not has_benchmark:
        return (
            f"There is no sector benchmark for this survey yet: fewer than {least} {sector} "
            f"trusts have final figures from a closed ‘{wave.version.instrument.name}’. "
            f"Benchmarks are worked out every night, from each trust's latest such "
            f"survey, and one appears once at least {least} trusts contribute."
        )
    if any(not f.suppressed and f.benchmark is None for f in figures):
        return (
            f"A dash in the benchmark column means fewer than {least} {sector} trusts had a "
            "figure shown for that element."
        )
    return ""


def overview(wave, data, breakdown, group, *, benchmarks, headcounts, trend) -> dict:
    """What the overview shows for one group (or everyone): element figures beside the
    previous survey and the sector's middle, the response rate, and the trend."""
    figures = element_figures(
        rows_of_group(data.rows, breakdown, group),
        rows_of_group(data.previous_rows, breakdown, group),
    )
    for figure in figures:
        figure.benchmark = benchmarks.get(figure.key)
    sector = Sector(wave.trust.sector).label
    if breakdown == OVERALL:
        # As the survey's own page counts it: directorates first, else staff groups.
        eligible = sum(
            (headcounts.get("directorate") or headcounts.get("staff_group") or {}).values()
        )
        responses = data.result.responses_counted if data.result else None
    else:
        eligible = headcounts.get(breakdown, {}).get(group)
        shown = responses_in(data.rows, breakdown, group)
        responses = shown.n if shown else None
    trend_elements = [e for e in ELEMENT_LABELS if any(e in scores for _, scores in trend)]
    shown = sorted(
        (f for f in figures if not f.suppressed and f.score is not None), key=lambda f: f.score
    )
    return {
        "figures": figures,
        # The two lowest-scoring elements, for the library's recommendations.
        "lowest_elements": [figure.key for figure in shown[:2]],
        "chart": charts.element_scores_chart(
            figures,
            previous_title=data.previous.title if data.previous else None,
            benchmark_title=f"{sector} trusts' median" if benchmarks else None,
        ),
        "sector": sector,
        "has_benchmark": bool(benchmarks),
        "benchmark_note": benchmark_note(
            wave, figures, has_benchmark=bool(benchmarks), whole_survey=breakdown == OVERALL
        ),
        "figure_columns": 2 + (2 if data.previous else 0) + (1 if benchmarks else 0),
        "response_rate": response_rate(responses, eligible),
        "trend": charts.trend_chart([(w.title, scores) for w, scores in trend], ELEMENT_LABELS)
        if len(trend) > 1
        else None,
        "trend_rows": [
            (w, [(ELEMENT_LABELS[e], scores.get(e)) for e in trend_elements]) for w, scores in trend
        ],
        "trend_elements": [ELEMENT_LABELS[e] for e in trend_elements],
    }
