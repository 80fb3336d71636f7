from celery import shared_task

from diagnostics.services import wave_statuses_advance


@shared_task(ignore_result=False)
def advance_wave_statuses() -> dict[str, int]:
    """Every minute: open scheduled waves whose time has come; close those past their end.
    Safe to run twice: a second run finds nothing left to move."""
    return wave_statuses_advance()
