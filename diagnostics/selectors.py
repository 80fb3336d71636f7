"""Reads for diagnostics. Trust data only through `visible_to(user)`."""

from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, Q, QuerySet

from accounts.models import Trust
from diagnostics.constants import BANDS, PREFER_NOT_TO_SAY, STAFF_GROUPS, Demographic, WaveStatus
from diagnostics.models import (
    Comment,
    CommentQuestion,
    Directorate,
    Instrument,
    InstrumentVersion,
    InvitationBatch,
    Item,
    Response,
    ResultKind,
    ResultRow,
    ResultState,
    Section,
    SectorBenchmark,
    SurveyDraft,
    Wave,
    WaveResult,
)
from diagnostics.statistics import two_proportion_z_test


def wave_list_for_trust(user, *, trust: Trust) -> QuerySet[Wave]:
    return (
        Wave.objects.visible_to(user)
        .filter(trust=trust)
        .select_related("version__instrument")
        .annotate(
            response_count=Count("responses"),
            published_count=F("result__responses_counted"),
            published=F("result__final"),
        )
        .order_by("-opens_at")
    )


def wave_get_visible_to(user, *, pk: int) -> Wave | None:
    return (
        Wave.objects.visible_to(user)
        .select_related("trust", "version__instrument")
        .filter(pk=pk)
        .first()
    )


def wave_get_by_slug(slug: str) -> Wave | None:
    """Public: the survey a link points at (respondents are anonymous)."""
    return Wave.objects.select_related("trust", "version__instrument").filter(slug=slug).first()


# (version id, publication time) -> sections; the time guards against a reused id.
_published_sections: dict[tuple, list[Section]] = {}


def survey_sections(version: InstrumentVersion) -> list[Section]:
    """Sections with their items. A published version never changes, so each process keeps
    its sections after the first read; drafts are always read afresh."""
    key = (version.pk, version.published_at)
    if version.is_published and key in _published_sections:
        return _published_sections[key]
    sections = list(
        version.sections.prefetch_related(
            Prefetch("items", queryset=Item.objects.order_by("position"))
        ).order_by("position")
    )
    if version.is_published:
        _published_sections[key] = sections
    return sections


def draft_get_with_wave(*, slug: str, token: str | None) -> SurveyDraft | None:
    if not token:
        return None
    # Only what the pages inside a survey show: the wave and its version.
    return (
        SurveyDraft.objects.select_related("wave__version")
        .filter(wave__slug=slug, token=token)
        .first()
    )


_published_comment_questions: dict[tuple, list] = {}


def survey_comment_questions(version: InstrumentVersion) -> list:
    """The free-text questions; kept per process for published versions, like sections."""
    key = (version.pk, version.published_at)
    if version.is_published and key in _published_comment_questions:
        return _published_comment_questions[key]
    questions = list(version.comment_questions.order_by("position"))
    if version.is_published:
        _published_comment_questions[key] = questions
    return questions


def directorate_list_for_trust(*, trust: Trust) -> QuerySet[Directorate]:
    return Directorate.objects.filter(trust=trust).order_by("name")


def published_version_list() -> QuerySet[InstrumentVersion]:
    return (
        InstrumentVersion.objects.published()
        .select_related("instrument")
        .order_by("instrument__name", "-number")
    )


def instrument_list() -> QuerySet[Instrument]:
    return Instrument.objects.prefetch_related(
        Prefetch("versions", queryset=InstrumentVersion.objects.order_by("-number"))
    ).order_by("name")


def instrument_version_get(*, pk: int) -> InstrumentVersion | None:
    return InstrumentVersion.objects.select_related("instrument").filter(pk=pk).first()


def code_batch_list(*, wave: Wave) -> QuerySet[InvitationBatch]:
    # No count of used codes per batch: with names on a mail merge, a small batch's count
    # would tell who has answered.
    return wave.code_batches.order_by("-created_at")


def wave_offered_groups(wave: Wave) -> dict[str, list[str]]:
    """Every group each asked question offers, "Prefer not to say" included: results and
    progress list all of them, answered or not, so a row's presence says nothing."""
    lists = {
        Demographic.DIRECTORATE: lambda: [d.code for d in wave.directorates.all()],
        Demographic.STAFF_GROUP: lambda: [code for code, _ in STAFF_GROUPS],
        Demographic.BAND: lambda: [code for code, _ in BANDS],
    }
    return {
        str(dimension): [*lists[dimension](), PREFER_NOT_TO_SAY]
        for dimension in wave.demographics_asked
    }


def stepped(count: int, k: int) -> int:
    """A count rounded down to a whole number of steps of k (0 means "fewer than k")."""
    return count - count % k


def wave_response_summary(wave: Wave) -> dict:
    """Fieldwork progress for the wave page (docs/anonymity.md). Every count, the whole
    survey's and each offered group's, moves only in whole steps of k, so one more response
    is never visible; a group nobody chose reads as any other group under k. No secondary
    suppression is needed: a rounded-down count pins nothing down."""
    k = wave.threshold_k
    responses = Response.objects.filter(wave=wave)
    total = stepped(responses.count(), k)
    headcounts = {(h.dimension, h.group): h.headcount for h in wave.headcounts.all()}
    eligible = sum(v for (dim, _), v in headcounts.items() if dim == Demographic.DIRECTORATE)
    if not eligible:
        eligible = sum(v for (dim, _), v in headcounts.items() if dim == Demographic.STAFF_GROUP)
    offered = wave_offered_groups(wave)
    groups = {}
    for dimension in (Demographic.DIRECTORATE, Demographic.STAFF_GROUP):
        if dimension not in offered:
            continue
        counted = dict(
            responses.exclude(**{dimension: ""})
            .order_by()
            .values_list(dimension)
            .annotate(n=Count("id"))
        )
        groups[dimension] = []
        for group in offered[dimension]:
            shown = stepped(counted.get(group, 0), k) or None
            headcount = headcounts.get((dimension, group))
            groups[dimension].append(
                {
                    "group": group,
                    "count": shown,
                    "headcount": headcount,
                    # From the stepped count, so the rate moves no finer than the count does.
                    "rate": min(100, int(100 * shown / headcount)) if shown and headcount else None,
                }
            )
    return {
        "total": total or None,
        "eligible": eligible or None,
        "rate": min(100, int(100 * total / eligible)) if total and eligible else None,
        "groups": groups,
    }


def item_get(*, pk: int) -> Item | None:
    return Item.objects.select_related("section__version__instrument").filter(pk=pk).first()


def comment_question_get(*, pk: int) -> CommentQuestion | None:
    return CommentQuestion.objects.select_related("version__instrument").filter(pk=pk).first()


def section_get(*, pk: int) -> Section | None:
    return Section.objects.select_related("version__instrument").filter(pk=pk).first()


# --- Results: dashboards and exports read only stored aggregates (DESIGN.md section 4). ---


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


def wave_headcounts(wave: Wave) -> dict[str, dict[str, int]]:
    """Eligible staff per dimension and group: {"directorate": {"medicine": 120}, ...}."""
    found: dict[str, dict[str, int]] = {}
    for dimension, group, headcount in wave.headcounts.values_list(
        "dimension", "group", "headcount"
    ):
        found.setdefault(dimension, {})[group] = headcount
    return found


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
    return ResultsData(result, rows, previous, previous_rows)


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
