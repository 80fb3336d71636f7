from celery import shared_task
from django.db import DatabaseError

from diagnostics.services import comments_release, wave_statuses_advance
from diagnostics.services.results import (
    raw_answers_purge,
    sector_benchmarks_refresh,
    wave_results_refresh,
    wave_results_sweep,
)


@shared_task(ignore_result=False)
def advance_wave_statuses() -> dict[str, int]:
    """Every minute: open scheduled waves whose time has come; close those past their end.
    Safe to run twice: a second run finds nothing left to move."""
    return wave_statuses_advance()


@shared_task(ignore_result=False)
def release_pending_comments() -> int:
    """Every ten minutes: release waiting comments in batches of at least k per wave."""
    from diagnostics.models import PendingComment, Wave

    waves = Wave.objects.filter(pk__in=PendingComment.objects.values("wave"))
    return sum(comments_release(wave=wave) for wave in waves)


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(DatabaseError,),
    retry_backoff=5,
    retry_backoff_max=300,
    max_retries=5,
)
def refresh_wave_results(wave_id: int) -> str:
    """Recompute one wave's results. Idempotent (a second run finds nothing to move), and
    acknowledged only when done, so a worker lost mid-task hands it to another; the previous
    figures stay until the new ones commit."""
    return wave_results_refresh(wave_id=wave_id)


@shared_task(ignore_result=False)
def sweep_wave_results() -> int:
    """Every five minutes: queue a refresh for any wave whose figures are behind (a refresh
    lost with the broker, a failed one, or a close)."""
    return wave_results_sweep()


@shared_task(ignore_result=False)
def refresh_sector_benchmarks() -> int:
    """Nightly: sector medians and quartiles from each trust's latest closed survey. Safe to
    run twice: it replaces the benchmarks with the same ones."""
    return sector_benchmarks_refresh()


@shared_task(ignore_result=False)
def purge_raw_answers() -> int:
    """Nightly: delete the raw answers of surveys closed longer ago than the retention
    period (their figures stay). Safe to run twice: a purged wave is not purged again."""
    return raw_answers_purge()
