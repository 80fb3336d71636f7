"""Reads of published figures: result rows, trends, sector benchmarks and the element
scores other pages show. Only final figures of closed waves are read."""

from dataclasses import dataclass

from django.db.models import Q

from accounts.models import Trust
from diagnostics.constants import WaveStatus
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
    """Released comments of a wave, in the order of their random keys (no order of arrival)."""
    return list(
        Comment.objects.filter(wave=wave).select_related("question").order_by("question_id", "id")
    )


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


def element_scores_latest(*, trust: Trust) -> tuple[Wave | None, dict[str, float]]:
    """The trust's latest closed wave with final figures and its shown element scores."""
    waves = _closed_element_rows([trust.pk]).get(trust.pk, [])
    if not waves:
        return None, {}
    wave, rows = waves[-1]
    return wave, {element: row.score for element, row in rows.items() if row.score is not None}


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
