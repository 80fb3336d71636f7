"""Where REQUIRE_SERVICES is set (CI), the suite must really be running on the production
components, not quietly on the embedded defaults."""

import pytest
from django.conf import settings
from django.db import connection

from tests.services import require_postgresql, require_redis_broker


@pytest.mark.services
@pytest.mark.django_db
def test_the_database_is_postgresql():
    require_postgresql()
    assert connection.vendor == "postgresql"


@pytest.mark.services
def test_the_broker_is_redis():
    assert require_redis_broker().startswith("redis://")
    assert settings.CELERY_BROKER_CONFIGURED
