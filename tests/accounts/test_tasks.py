from datetime import timedelta

import pytest
from axes.models import AccessLog
from django.utils import timezone

from accounts.tasks import purge_login_records


def make_login_records(ages_in_days):
    for age in ages_in_days:
        log = AccessLog.objects.create(username="someone@example.nhs.uk", ip_address="10.1.1.1")
        AccessLog.objects.filter(pk=log.pk).update(
            attempt_time=timezone.now() - timedelta(days=age)
        )


@pytest.mark.django_db
def test_purge_login_records_run_twice_leaves_the_same_state(settings):
    settings.LOGIN_RECORD_RETENTION_DAYS = 30
    make_login_records([1, 29, 31, 400])
    assert purge_login_records.delay().get() == 2
    assert purge_login_records.delay().get() == 0
    assert AccessLog.objects.count() == 2


@pytest.mark.services
def test_purge_login_records_runs_on_a_real_worker_through_redis(celery_worker, settings):
    make_login_records([2, 90])
    result = purge_login_records.delay()
    assert result.get(timeout=30) == 1
    assert AccessLog.objects.count() == 1
