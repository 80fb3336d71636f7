"""Checks behind /healthz: does each configured service answer right now?"""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from kombu import Connection

CHECK_TIMEOUT_SECONDS = 2


@dataclass(frozen=True)
class ServiceStatus:
    name: str
    ok: bool
    detail: str


def check_database() -> ServiceStatus:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # noqa: BLE001 - any failure means "down"
        return ServiceStatus("database", False, type(error).__name__)
    return ServiceStatus("database", True, connection.vendor)


def check_cache() -> ServiceStatus:
    backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 2)[-2]
    try:
        cache.set("healthz", "ok", timeout=10)
        if cache.get("healthz") != "ok":
            return ServiceStatus("cache", False, "value not read back")
    except Exception as error:  # noqa: BLE001
        return ServiceStatus("cache", False, type(error).__name__)
    return ServiceStatus("cache", True, backend)


def check_broker() -> ServiceStatus:
    if not settings.CELERY_BROKER_CONFIGURED:
        return ServiceStatus("broker", True, "not configured: tasks run eagerly in-process")
    try:
        with Connection(
            settings.CELERY_BROKER_URL, connect_timeout=CHECK_TIMEOUT_SECONDS
        ) as broker:
            broker.ensure_connection(max_retries=1, timeout=CHECK_TIMEOUT_SECONDS)
    except Exception as error:  # noqa: BLE001
        return ServiceStatus("broker", False, type(error).__name__)
    return ServiceStatus("broker", True, "answering")


def service_statuses() -> list[ServiceStatus]:
    return [check_database(), check_cache(), check_broker()]
