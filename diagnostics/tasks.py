"""The app's Celery tasks, in one module so that their names (`diagnostics.tasks.<name>`),
which the beat schedule and queued messages carry, stay put. Each calls one service."""

import logging

from celery import shared_task
from django.db import DatabaseError

from core.queueing import PUBLISH_ONCE_MORE
from diagnostics.results.services import (
    raw_answers_purge,
    sector_benchmarks_refresh,
    wave_results_refresh,
    wave_results_refresh_requested,
    wave_results_sweep,
)
from diagnostics.surveys.services import comment_envelopes_file, wave_statuses_advance


@shared_task(ignore_result=False)
def advance_wave_statuses() -> dict[str, int]:
    """Every minute: open scheduled waves whose time has come; close those past their end.
    Safe to run twice: a second run finds nothing left to move."""
    return wave_statuses_advance()


@shared_task(ignore_result=True)
def file_waiting_comments() -> None:
    """Every minute: file the comments sent since the last run, in shuffled batches and
    transactions of their own. Safe to run twice: filed envelopes are gone. It returns
    nothing, so no log line or stored result says how many arrived in a minute."""
    comment_envelopes_file()


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(DatabaseError,),
    retry_backoff=5,
    retry_backoff_max=300,
    max_retries=5,
)
def refresh_wave_results(wave_id: int) -> str:
    """Publish a closed wave's final figures. Idempotent (a second run finds them published
    and changes nothing), and acknowledged only when done, so a worker lost mid-task hands
    it to another; nothing is stored until the figures commit whole."""
    return wave_results_refresh(wave_id=wave_id)


@shared_task(ignore_result=False)
def sweep_wave_results() -> int:
    """Every five minutes: queue the publication of any closed wave whose final figures are
    missing (a refresh lost with the broker, or a failed one)."""
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


logger = logging.getLogger(__name__)


def publish_final_figures(wave_id: int) -> None:
    """The publisher connected to `surveys.publication`: run after the close (or sweep, or
    "Try again now") has committed. If the broker cannot be reached the close still
    succeeds; the periodic sweep catches up."""
    try:
        wave_results_refresh_requested(wave_id=wave_id)
        refresh_wave_results.apply_async((wave_id,), retry=True, retry_policy=PUBLISH_ONCE_MORE)
    except Exception:  # the broker is down: the sweep will catch up
        logger.warning("results refresh for wave %s not queued", wave_id, exc_info=True)
