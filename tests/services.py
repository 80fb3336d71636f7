"""Is a real service here? Tests that need one skip when it is absent, unless
REQUIRE_SERVICES is set (as CI sets it): then they fail, naming what is missing."""

import os
import shutil
from contextlib import contextmanager

import pytest
import redis
from django.conf import settings

CHROMIUM = "/usr/bin/chromium"


def services_required() -> bool:
    return bool(os.environ.get("REQUIRE_SERVICES"))


def skip_or_fail(reason: str):
    if services_required():
        pytest.fail(f"REQUIRE_SERVICES is set but {reason}")
    pytest.skip(reason)


def redis_answers(url: str) -> bool:
    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def require_redis_broker() -> str:
    url = settings.CELERY_BROKER_URL
    if not url.startswith("redis://"):
        skip_or_fail("CELERY_BROKER_URL does not name a Redis broker")
    if not redis_answers(url):
        skip_or_fail(f"the Redis broker at {url} does not answer")
    return url


@contextmanager
def worker_thread():
    """A real Celery worker in a thread of this process, consuming from the app's broker."""
    from celery.contrib.testing.worker import start_worker

    from culture_portal.celery import app

    with start_worker(
        app,
        pool="solo",
        concurrency=1,
        perform_ping_check=False,
        loglevel="WARNING",
        shutdown_timeout=10,
    ) as worker:
        yield worker


def require_chromium() -> str:
    if not os.path.exists(CHROMIUM) and not shutil.which("chromium"):
        skip_or_fail(f"{CHROMIUM} is not installed")
    return CHROMIUM


def require_pdftotext() -> str:
    """poppler-utils' pdftotext, to read what a printed page says."""
    path = shutil.which("pdftotext")
    if not path:
        skip_or_fail("pdftotext (poppler-utils) is not installed")
    return path


def require_postgresql():
    from django.db import connection

    if connection.vendor != "postgresql":
        skip_or_fail("DATABASE_URL does not name PostgreSQL")
