"""Aggregation health for operators: refreshes that failed, and waves whose refresh was
asked for long ago but has not run (the worker is down or the queue is stuck)."""

import datetime

from django.db.models import F, Q
from django.utils import timezone

from core.operations import Figure
from diagnostics.results.models import ResultState, WaveResult

LAG_LIMIT = datetime.timedelta(minutes=15)


def aggregation_figures() -> list[Figure]:
    now = timezone.now()
    failed = WaveResult.objects.filter(state=ResultState.FAILED).count()
    lagging = WaveResult.objects.filter(
        refresh_requested_at__lt=now - LAG_LIMIT,
    ).filter(Q(computed_at__isnull=True) | Q(computed_at__lt=F("refresh_requested_at")))
    oldest = (
        lagging.order_by("refresh_requested_at")
        .values_list("refresh_requested_at", flat=True)
        .first()
    )
    lag_minutes = round((now - oldest).total_seconds() / 60) if oldest else 0
    return [
        Figure("aggregation.failed_waves", failed, problem=failed > 0),
        Figure(
            "aggregation.lag_minutes",
            lag_minutes,
            problem=oldest is not None,
            note=f"{lagging.count()} waves waiting over 15 minutes" if oldest else "",
        ),
    ]
