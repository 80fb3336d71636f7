"""Community e-mail health for operators: notices not sent a quarter of an hour after they
were written (the broker or the mail server is failing)."""

import datetime

from django.utils import timezone

from community.models import Notice
from core.operations import Figure


def notice_figures() -> list[Figure]:
    stuck = Notice.objects.filter(
        sent_at__isnull=True, created_at__lt=timezone.now() - datetime.timedelta(minutes=15)
    ).count()
    return [Figure("community.unsent_emails", stuck, problem=stuck > 0)]
