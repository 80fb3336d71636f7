from celery import shared_task
from django.conf import settings

from accounts.services import login_records_purge


@shared_task(ignore_result=False)
def purge_login_records() -> int:
    """Nightly: remove login records past their retention period. Safe to run twice."""
    return login_records_purge(older_than_days=settings.LOGIN_RECORD_RETENTION_DAYS)
