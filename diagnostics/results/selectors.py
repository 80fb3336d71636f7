"""Reads of published figures: result rows, trends, sector benchmarks and the element
scores other pages show. Only final figures of closed waves are read."""

import calendar
import datetime
from dataclasses import dataclass

from django.db.models import Case, F, IntegerField, Q, Value, When
from django.utils import timezone

from accounts.models import Trust
from diagnostics.constants import HEADLINE_RECENT_MONTHS, WaveStatus
from diagnostics.results.models import (
    ResultKind,
    ResultRow,
    ResultState,
    SectorBenchmark,
    WaveResult,
)
from diagnostics.results.statistics import two_proportion_z_test
from diagnostics.surveys.models import Comment, Wave
from diagnostics.surveys.selectors import wave_responses_stepped


def wave_result_get(wave: Wave) -> WaveResult | None:
    return WaveResult.objects.filter(wave=wave).first()


def result_row_list(
    wave: Wave, *, breakdowns: list[str], kinds: list[str], element: str | None = None
) -> list[ResultRow]:
    """One query, whatever the wave's size: its stored rows for these breakdowns and kinds."""
    rows = ResultRow.objects.filter(wave=wave, breakdown__in=breakdowns, kind__in=kinds)
    if element:
        rows = rows.filter(element=element)
    return list(rows.select_related("item").order_by("breakdown", "group", "kind", "item_id"))


def previous_wave_with_results(wave: Wave) -> Wave | None:
    """The latest earlier closed wave of the same instrument in the same trust, with figures."""
    return (
        Wave.objects.filter(
            trust_id=wave.trust_id,
            version__instrument_id=wave.version.instrument_id,
            status=WaveStatus.CLOSED,
            closes_at__lte=wave.opens_at,
            result__state=ResultState.FRESH,
        )
        .exclude(pk=wave.pk)
        .select_related("version", "result")
        .order_by("-closes_at")
        .first()
    )


def released_comment_list(wave: Wave) -> list[Comment]:
    """Released comments of a wave with their codes, in the order of their random keys (no
    order of arrival). Two queries, however many comments and codes."""
    return list(
        Comment.objects.filter(wave=wave)
        .select_related("question")
        .prefetch_related("codes")
        .order_by("question_id", "id")
    )


def survey_comment_get(wave: Wave, *, pk) -> Comment | None:
    """One released comment of this wave (None for another wave's, or a comment still
    waiting for its survey's close: only released comments are `Comment` rows)."""
    return (
        Comment.objects.filter(wave=wave, pk=pk)
        .select_related("question")
        .prefetch_related("codes")
        .first()
    )


def survey_comment_next_uncoded(wave: Wave) -> Comment | None:
    """The next released comment nobody has coded yet, in the comments page's order."""
    return (
        Comment.objects.filter(wave=wave, elements_decided=False)
        .order_by("question_id", "id")
        .first()
    )


def survey_comments_uncoded_count(wave: Wave) -> int:
    return Comment.objects.filter(wave=wave, elements_decided=False).count()


@dataclass
class ResultsData:
    result: WaveResult | None
    rows: list[ResultRow]
    previous: Wave | None
    previous_rows: list[ResultRow]
    # While the survey is open: its responses so far in steps of k, to say why nothing shows.
    answered_so_far: int | None = None

    @property
    def released(self) -> bool:
        """Final figures exist: published once, at close (docs/anonymity.md)."""
        return bool(self.result and self.result.final and self.result.responses_counted)


def results_data(
    wave: Wave, *, breakdowns: list[str], kinds: list[str], element: str | None = None
) -> ResultsData:
    """A dashboard's stored figures and the previous wave's, in a fixed number of queries."""
    result = wave_result_get(wave)
    rows = result_row_list(wave, breakdowns=breakdowns, kinds=kinds, element=element)
    previous = previous_wave_with_results(wave)
    previous_rows = (
        result_row_list(previous, breakdowns=breakdowns, kinds=kinds, element=element)
        if previous
        else []
    )
    answered = wave_responses_stepped(wave) if wave.status == WaveStatus.OPEN else None
    return ResultsData(result, rows, previous, previous_rows, answered)


def trend_for(wave: Wave, *, closed_only: bool) -> list[tuple[Wave, dict[str, float]]]:
    """Whole-survey element scores of this trust's waves of the same instrument with figures,
    oldest first, up to this one; only closed ones (and this one) for `closed_only`."""
    waves = Wave.objects.filter(
        trust_id=wave.trust_id,
        version__instrument_id=wave.version.instrument_id,
        opens_at__lte=wave.opens_at,
        status=WaveStatus.CLOSED,
        result__final=True,
        result__responses_counted__gt=0,
    )
    if closed_only:
        waves = waves.filter(Q(status=WaveStatus.CLOSED) | Q(pk=wave.pk))
    waves = list(waves.order_by("opens_at"))
    scores: dict[int, dict[str, float]] = {w.pk: {} for w in waves}
    for wave_id, element, score in ResultRow.objects.filter(
        wave__in=waves, breakdown="all", kind="element", suppressed=False
    ).values_list("wave_id", "element", "score"):
        scores[wave_id][element] = score
    return [(w, scores[w.pk]) for w in waves]


def sector_benchmarks_for(wave: Wave) -> dict[str, SectorBenchmark]:
    """Element benchmarks of the wave's instrument for its trust's sector, by element."""
    return {
        b.element: b
        for b in SectorBenchmark.objects.filter(
            instrument_id=wave.version.instrument_id,
            sector=wave.trust.sector,
            kind=ResultKind.ELEMENT,
        )
    }


def sector_benchmark_list() -> list[SectorBenchmark]:
    """Every element benchmark, for national admins: by instrument, sector and element."""
    return list(
        SectorBenchmark.objects.filter(kind=ResultKind.ELEMENT)
        .select_related("instrument")
        .order_by("instrument__name", "sector", "element")
    )


def wave_result_released(wave: Wave) -> bool:
    return WaveResult.objects.filter(
        wave=wave, wave__status=WaveStatus.CLOSED, final=True, responses_counted__gt=0
    ).exists()


@dataclass(frozen=True)
class ElementImprovement:
    trust_id: int
    element: str
    before_wave: str
    after_wave: str
    before_score: float
    after_score: float
    before_positive: float
    after_positive: float


def _closed_element_rows(trust_ids) -> dict[int, list[tuple[Wave, dict[str, ResultRow]]]]:
    """Per trust, its closed waves with final figures, oldest first, each with its
    whole-survey element rows that are shown (never a suppressed one)."""
    waves = list(
        Wave.objects.filter(
            trust_id__in=trust_ids,
            status=WaveStatus.CLOSED,
            result__final=True,
            result__state=ResultState.FRESH,
            result__responses_counted__gt=0,
        )
        .select_related("version")
        .order_by("trust_id", "closes_at")
    )
    rows: dict[int, dict[str, ResultRow]] = {wave.pk: {} for wave in waves}
    for row in ResultRow.objects.filter(
        wave__in=waves, breakdown="all", kind="element", suppressed=False
    ):
        rows[row.wave_id][row.element] = row
    found: dict[int, list] = {}
    for wave in waves:
        found.setdefault(wave.trust_id, []).append((wave, rows[wave.pk]))
    return found


class HeadlineReason:
    MAIN = "main"  # the latest main survey marked, closed in the recent window
    LARGEST = "largest"  # none marked: the most responses of those closed in the window
    NEWEST = "newest"  # none closed in the window: the latest with published figures
    NO_FIGURES = "no-figures"  # none has figures yet: the newest survey, to say why


@dataclass(frozen=True)
class HeadlineSurvey:
    """The one survey whose figures stand for a trust at a glance, and why it was chosen."""

    wave: Wave | None
    reason: str = HeadlineReason.NO_FIGURES
    recent_months: int = HEADLINE_RECENT_MONTHS

    @property
    def has_figures(self) -> bool:
        return self.wave is not None and self.reason != HeadlineReason.NO_FIGURES


def _months_ago(now: datetime.datetime, months: int) -> datetime.datetime:
    """The same day `months` calendar months earlier (the month's last day if it is shorter)."""
    year, month = divmod(now.year * 12 + now.month - 1 - months, 12)
    return now.replace(
        year=year, month=month + 1, day=min(now.day, calendar.monthrange(year, month + 1)[1])
    )


def headline_survey(*, trust: Trust, now: datetime.datetime | None = None) -> HeadlineSurvey:
    """The survey the programme overview's headline and the bright spots stand on: the latest
    main survey the OD lead marked, if it closed in the last HEADLINE_RECENT_MONTHS months;
    else the survey with the most responses closed in that time (so a small pulse survey does
    not replace a large one); else the latest with published figures; else the newest
    survey, which has none yet. Two queries at most; SQL ranks the candidates."""
    since = _months_ago(now or timezone.now(), HEADLINE_RECENT_MONTHS)
    recent = Q(closes_at__gte=since)
    chosen = (
        Wave.objects.filter(
            trust=trust,
            status=WaveStatus.CLOSED,
            result__final=True,
            result__responses_counted__gt=0,
        )
        .annotate(
            rank=Case(
                When(recent & Q(main_of_year__isnull=False), then=Value(0)),
                When(recent, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            ),
            # Size decides only among recent unmarked surveys; otherwise the newest wins.
            size=Case(
                When(recent & Q(main_of_year__isnull=True), then=F("result__responses_counted")),
                default=Value(0),
                output_field=IntegerField(),
            ),
        )
        .select_related("result", "trust", "version")
        .order_by("rank", "-size", "-closes_at", "-pk")
        .first()
    )
    if chosen is not None:
        reason = [HeadlineReason.MAIN, HeadlineReason.LARGEST, HeadlineReason.NEWEST]
        return HeadlineSurvey(chosen, reason[chosen.rank])
    newest = (
        Wave.objects.filter(trust=trust)
        .select_related("result", "trust", "version")
        .order_by("-opens_at", "-pk")
        .first()
    )
    return HeadlineSurvey(newest, HeadlineReason.NO_FIGURES)


def newer_survey_without_figures(headline: HeadlineSurvey) -> Wave | None:
    """A survey opened after the headline's one that has no figures yet (scheduled, open or
    still being worked out; drafts are left out), so the overview can say it is coming."""
    if not headline.has_figures:
        return None
    return (
        Wave.objects.filter(trust_id=headline.wave.trust_id, opens_at__gt=headline.wave.opens_at)
        .exclude(status=WaveStatus.DRAFT)
        .exclude(result__final=True)
        .select_related("result")
        .order_by("-opens_at", "-pk")
        .first()
    )


def element_scores_headline(*, trust: Trust) -> tuple[HeadlineSurvey, dict[str, float]]:
    """The trust's headline survey (`headline_survey`) and its shown whole-survey element
    scores; no scores when it has no published figures."""
    headline = headline_survey(trust=trust)
    if not headline.has_figures:
        return headline, {}
    scores = dict(
        ResultRow.objects.filter(
            wave=headline.wave, breakdown="all", kind=ResultKind.ELEMENT, suppressed=False
        )
        .exclude(score=None)
        .values_list("element", "score")
    )
    return headline, scores


def element_improvements(*, element: str, trust_ids) -> list[ElementImprovement]:
    """Trusts whose whole-survey score for `element` rose significantly (95%, on % positive)
    from their previous closed wave of an instrument to their latest one. Only published,
    thresholded figures are read: final results, whole-survey rows, never suppressed ones."""
    improvements = []
    for trust_id, waves in _closed_element_rows(trust_ids).items():
        latest_by_instrument: dict[int, list] = {}
        for wave, rows in waves:
            latest_by_instrument.setdefault(wave.version.instrument_id, []).append((wave, rows))
        for pairs in latest_by_instrument.values():
            if len(pairs) < 2:
                continue
            (before_wave, before_rows), (after_wave, after_rows) = pairs[-2], pairs[-1]
            before, after = before_rows.get(element), after_rows.get(element)
            if before is None or after is None or None in (before.n, after.n):
                continue
            change = two_proportion_z_test(
                after.pct_positive, after.n, before.pct_positive, before.n
            )
            if change.significant and change.difference > 0:
                improvements.append(
                    ElementImprovement(
                        trust_id=trust_id,
                        element=element,
                        before_wave=before_wave.title,
                        after_wave=after_wave.title,
                        before_score=before.score,
                        after_score=after.score,
                        before_positive=before.pct_positive,
                        after_positive=after.pct_positive,
                    )
                )
    return sorted(improvements, key=lambda i: i.before_positive - i.after_positive)
