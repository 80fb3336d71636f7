from celery import shared_task

from diagnostics.services import comments_release, wave_statuses_advance


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
