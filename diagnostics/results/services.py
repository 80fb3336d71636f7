"""A wave's results: counted in SQL, shaped by results.aggregation, stored as ResultRow
with a watermark (docs/architecture.md). Dashboards and exports read only what is stored here."""

import calendar
import contextlib
import csv
import datetime
import io
import logging
import statistics
from collections.abc import Sequence

import pandas as pd
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection, transaction
from django.db.models import Count
from django.utils import timezone

from accounts.models import User
from core.audit import audit_event_record
from core.exceptions import ApplicationError
from diagnostics.constants import MINIMUM_BENCHMARK_TRUSTS, WaveStatus
from diagnostics.instruments.models import Item
from diagnostics.results.aggregation import ItemFacts, result_rows
from diagnostics.results.models import (
    CommentCode,
    ResultKind,
    ResultRow,
    ResultState,
    SectorBenchmark,
    WaveResult,
)
from diagnostics.results.notifications import tell_results_failed, tell_results_ready
from diagnostics.surveys.models import Answer, Comment, Response, Wave
from diagnostics.surveys.publication import request_final_figures
from diagnostics.surveys.selectors import wave_offered_groups
from programmes.constants import FRAMEWORK_ELEMENTS
from programmes.selectors import framework_for_trust

logger = logging.getLogger(__name__)


DIMENSIONS = ["directorate", "staff_group", "band"]


class RefreshOutcome:
    OPEN = "open"  # fieldwork: no figure exists before the close (docs/anonymity.md)
    WAITING = "waiting"  # closed with fewer than k responses: nothing is ever shown
    UNCHANGED = "unchanged"  # the final figures exist already: they are never recounted
    COMPUTED = "computed"
    KEPT = "kept"  # the raw answers were deleted under the retention rule: figures stay


@contextlib.contextmanager
def _one_refresh_at_a_time(wave_id: int):
    """Serialise refreshes of one wave across workers with a PostgreSQL advisory lock, held
    by the session and taken before the transaction, so the transaction's snapshot already
    shows what the previous refresh wrote. SQLite writes one transaction at a time anyway."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s, %s)", [4242, wave_id])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [4242, wave_id])


def _repeatable_read() -> None:
    """Every count in one refresh reads the same snapshot, so responses arriving meanwhile
    cannot make the breakdowns disagree with the total. Must be the transaction's first
    statement."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")


def wave_results_refresh(*, wave_id: int) -> str:
    """Publish a closed wave's figures: once, from everything it received, never again.
    Before the close there is nothing to compute. Running it twice, or twice at once, gives
    the same rows. A failure stores nothing, and the sweep tries again."""
    try:
        for attempt in range(1, SERIALIZATION_ATTEMPTS + 1):
            try:
                return _refresh(wave_id)
            except OperationalError as error:
                # Another transaction touched the wave's result row while this
                # repeatable-read snapshot was being computed (found by `make loadtest`).
                # The refresh is idempotent: start again from a new snapshot.
                if not _is_serialization_failure(error) or attempt == SERIALIZATION_ATTEMPTS:
                    raise
                logger.info("results refresh for wave %s retried after a conflict", wave_id)
    except Exception:
        logger.exception("results refresh for wave %s failed", wave_id)
        wave_results_failed(wave_id=wave_id)
        raise
    raise AssertionError("unreachable")  # pragma: no cover


SERIALIZATION_ATTEMPTS = 3


def _is_serialization_failure(error: OperationalError) -> bool:
    return getattr(error.__cause__, "pgcode", None) == "40001"


def _refresh(wave_id: int) -> str:
    outermost = not connection.in_atomic_block
    with _one_refresh_at_a_time(wave_id), transaction.atomic():
        if outermost:
            _repeatable_read()
        wave = Wave.objects.select_related("version", "trust").get(pk=wave_id)
        if wave.raw_answers_deleted_on is not None:
            return RefreshOutcome.KEPT
        result, _ = WaveResult.objects.get_or_create(wave=wave)
        if wave.status != WaveStatus.CLOSED:
            # Anyone who can add responses could isolate one person between two
            # publications, so an open wave has no figures at all (docs/anonymity.md).
            _settle(result)
            return RefreshOutcome.OPEN
        if result.final:
            # Published: the figures never change, even if a retry or a sweep comes back.
            _settle(result)
            return RefreshOutcome.UNCHANGED
        total = Response.objects.filter(wave=wave).count()
        ResultRow.objects.filter(wave=wave).delete()  # a failed attempt may have left some
        if total < wave.threshold_k:
            _mark(result, state=ResultState.WAITING, counted=0)
            return RefreshOutcome.WAITING
        rows = result_rows(
            *_counted_frames(wave),
            _item_facts(wave),
            asked=wave.demographics_asked,
            k=wave.threshold_k,
            offered=wave_offered_groups(wave),
        )
        _store_rows(wave, rows)
        _mark(result, state=ResultState.FRESH, counted=total)
        tell_results_ready(wave, responses=total)
    return RefreshOutcome.COMPUTED


def _settle(result: WaveResult) -> None:
    """Clear a request or a failure that the refresh found nothing to do about."""
    state = result.state
    if state == ResultState.FAILED:
        state = ResultState.FRESH if result.responses_counted else ResultState.WAITING
    if state != result.state or result.refresh_requested_at is not None:
        result.state, result.refresh_requested_at = state, None
        result.save(update_fields=["state", "refresh_requested_at"])


FIGURE_FIELDS = [
    "n", "c1", "c2", "c3", "c4", "c5", "pct_positive", "pct_neutral", "pct_negative", "score",
]  # fmt: skip


def _mark(result: WaveResult, *, state: str, counted: int) -> None:
    result.state, result.responses_counted, result.final = state, counted, True
    result.computed_at = timezone.now()
    result.refresh_requested_at = None  # nothing waits any more
    result.save()


def _counted_frames(wave: Wave) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Responses per group and answers per group, item and value: two GROUP BYs at the
    finest level. Every breakdown is rolled up from these small frames."""
    responses = (
        Response.objects.filter(wave=wave)
        .values(*DIMENSIONS)
        .annotate(n=Count("*"))
        .order_by()
        .values_list(*DIMENSIONS, "n")
    )
    answers = (
        Answer.objects.filter(response__wave=wave)
        .values(*[f"response__{d}" for d in DIMENSIONS], "item_id", "value")
        .annotate(n=Count("*"))
        .order_by()
        .values_list(*[f"response__{d}" for d in DIMENSIONS], "item_id", "value", "n")
    )
    return (
        _frame(responses, [*DIMENSIONS, "n"]),
        _frame(answers, [*DIMENSIONS, "item_id", "value", "n"]),
    )


def _frame(queryset, columns: list[str]) -> pd.DataFrame:
    """The queryset's SQL, run on a plain cursor: its rows go straight into a frame, without
    the ORM building a tuple per row (up to ~100k rows here)."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return pd.DataFrame(cursor.fetchall(), columns=columns)


ROW_COLUMNS = [
    "wave_id", "breakdown", "group", "kind", "item_id", "element", "suppressed", "n",
    "c1", "c2", "c3", "c4", "c5", "pct_positive", "pct_neutral", "pct_negative", "score",
]  # fmt: skip


def _store_rows(wave: Wave, rows: list[dict]) -> None:
    """Write the rows: with COPY on PostgreSQL (a few thousand rows a wave, written in one
    stream), with bulk_create elsewhere."""
    if connection.vendor != "postgresql":
        ResultRow.objects.bulk_create((ResultRow(wave=wave, **row) for row in rows), 2000)
        return
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        values = {**row, "wave_id": wave.pk}
        writer.writerow(
            "\\N" if values.get(column) is None else values[column] for column in ROW_COLUMNS
        )
    buffer.seek(0)
    table = ResultRow._meta.db_table
    columns = ", ".join(f'"{c}"' for c in ROW_COLUMNS)
    with connection.cursor() as cursor:
        cursor.copy_expert(
            f"COPY {table} ({columns}) FROM STDIN WITH (FORMAT csv, NULL '\\N')", buffer
        )


def _item_facts(wave: Wave) -> dict[int, ItemFacts]:
    return {
        pk: ItemFacts(element, polarity)
        for pk, element, polarity in Item.objects.filter(section__version=wave.version_id)
        .values_list("pk", "element", "polarity")
        .iterator()
    }


@transaction.atomic
def wave_results_failed(*, wave_id: int) -> None:
    """Record a failed refresh, so the OD lead sees it; the previous figures stay. The OD
    leads are told when it first fails, not at each retry of the task or the sweep."""
    result, _ = WaveResult.objects.select_for_update().get_or_create(wave_id=wave_id)
    newly_failed = result.state != ResultState.FAILED
    result.state = ResultState.FAILED
    result.failed_at = timezone.now()
    result.refresh_requested_at = None
    result.save(update_fields=["state", "failed_at", "refresh_requested_at"])
    if newly_failed:
        tell_results_failed(Wave.objects.select_related("trust").get(pk=wave_id))


def wave_results_refresh_requested(*, wave_id: int) -> None:
    """Note when a refresh was queued, so the results pages can say one is on its way."""
    WaveResult.objects.filter(wave_id=wave_id).update(refresh_requested_at=timezone.now())


def wave_results_sweep() -> int:
    """Queue the publication of every closed wave whose final figures are missing (a refresh
    lost with the broker, or a failed one). Returns how many were queued."""
    waves = list(
        Wave.objects.filter(status=WaveStatus.CLOSED, raw_answers_deleted_on__isnull=True)
        .exclude(result__final=True, result__state__in=[ResultState.FRESH, ResultState.WAITING])
        .values_list("pk", flat=True)
    )
    for wave_id in waves:
        request_final_figures(wave_id=wave_id)
    return len(waves)


@transaction.atomic
def sector_benchmarks_refresh() -> int:
    """Recompute every sector benchmark from each trust's latest closed survey with final
    figures: median and quartiles of the trusts' whole-survey scores per element and per
    question (matched by code), kept only where at least five trusts contribute. Reads
    stored, thresholded figures only. Returns how many benchmarks were stored."""
    latest: dict[tuple[int, int], Wave] = {}
    finished = (
        Wave.objects.filter(
            status=WaveStatus.CLOSED,
            result__final=True,
            result__state=ResultState.FRESH,
            result__responses_counted__gt=0,
        )
        .select_related("trust", "version")
        .order_by("closes_at")
    )
    for wave in finished:
        latest[(wave.version.instrument_id, wave.trust_id)] = wave  # the later one wins
    source = {w.pk: (w.version.instrument_id, w.trust.sector) for w in latest.values()}
    scores: dict[tuple, list[float]] = {}
    for wave_id, kind, element, code, score in ResultRow.objects.filter(
        wave_id__in=source,
        breakdown="all",
        kind__in=[ResultKind.ELEMENT, ResultKind.ITEM],
        suppressed=False,
    ).values_list("wave_id", "kind", "element", "item__code", "score"):
        instrument_id, sector = source[wave_id]
        key = (instrument_id, sector, kind, element, code or "")
        scores.setdefault(key, []).append(score)
    now = timezone.now()
    benchmarks = []
    for (instrument_id, sector, kind, element, code), values in scores.items():
        if len(values) < MINIMUM_BENCHMARK_TRUSTS:
            continue
        lower, median, upper = statistics.quantiles(values, n=4, method="inclusive")
        benchmarks.append(
            SectorBenchmark(
                instrument_id=instrument_id,
                sector=sector,
                kind=kind,
                element=element,
                item_code=code,
                trusts=len(values),
                median=median,
                lower_quartile=lower,
                upper_quartile=upper,
                computed_at=now,
            )
        )
    SectorBenchmark.objects.all().delete()
    SectorBenchmark.objects.bulk_create(benchmarks)
    return len(benchmarks)


def raw_answers_purge(*, today: datetime.date | None = None, months: int | None = None) -> int:
    """Delete the raw answers of surveys closed more than `months` months ago (the
    RAW_ANSWER_RETENTION_MONTHS setting), once their final figures are stored. Figures,
    benchmarks and released comments stay; the wave records the date. One wave per
    transaction; safe to run twice. Returns how many waves were purged."""
    today = today or timezone.localdate()
    months = settings.RAW_ANSWER_RETENTION_MONTHS if months is None else months
    cutoff = _months_before(today, months)
    zone = timezone.get_current_timezone()
    due = Wave.objects.filter(
        status=WaveStatus.CLOSED,
        raw_answers_deleted_on__isnull=True,
        closes_at__lt=datetime.datetime.combine(cutoff, datetime.time(), zone),
        result__final=True,
        result__state__in=[ResultState.FRESH, ResultState.WAITING],
    ).values_list("pk", flat=True)
    purged = 0
    for wave_id in list(due):
        with _one_refresh_at_a_time(wave_id), transaction.atomic():
            wave = Wave.objects.select_for_update().get(pk=wave_id)
            if wave.raw_answers_deleted_on is not None:
                continue
            answers = Answer.objects.filter(response__wave=wave).delete()[0]
            responses = Response.objects.filter(wave=wave).delete()[0]
            wave.raw_answers_deleted_on = today
            wave.save(update_fields=["raw_answers_deleted_on", "updated_at"])
            audit_event_record(
                actor=None,
                action="diagnostics.raw_answers_deleted",
                target=f"{wave.trust.name}: {wave.title}",
                detail={"wave": wave.pk, "responses": responses, "answers": answers},
            )
            purged += 1
    return purged


def _months_before(day: datetime.date, months: int) -> datetime.date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last_day))


@transaction.atomic
def survey_comment_code(*, comment: Comment, actor: User, elements: Sequence[str]) -> bool:
    """Code a released comment to these elements of the trust's framework (none: it speaks
    to none of them), replacing its codes. Returns whether anything changed.

    The comment's row is locked first, so two submits of one form at once code it once; the
    (comment, element) constraint holds that too. Nothing about the coder or the time goes on
    the comment or its codes; the audit log says who coded comments of which survey
    (docs/anonymity.md)."""
    comment = Comment.objects.select_for_update().select_related("wave__trust").get(pk=comment.pk)
    wave = comment.wave
    if wave.status != WaveStatus.CLOSED:
        raise ApplicationError("Comments can be coded only once their survey has closed")
    allowed = FRAMEWORK_ELEMENTS[framework_for_trust(trust=wave.trust)]
    if set(elements) - set(allowed):
        raise ValidationError({"elements": "Choose elements from your programme's framework"})
    wanted = {str(element) for element in elements}
    held = set(comment.codes.values_list("element", flat=True))
    if comment.elements_decided and wanted == held:
        return False
    comment.codes.exclude(element__in=wanted).delete()
    CommentCode.objects.bulk_create(
        [CommentCode(comment=comment, element=element) for element in wanted - held],
        ignore_conflicts=True,
    )
    if not comment.elements_decided:
        comment.elements_decided = True
        comment.save(update_fields=["elements_decided"])
    audit_event_record(
        actor=actor,
        action="diagnostics.survey_comment_coded",
        target=f"{wave.trust.name}: {wave.title}",
        detail={"wave": wave.pk},
    )
    return True
