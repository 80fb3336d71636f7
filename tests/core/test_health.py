import json

import pytest

from tests.services import require_redis_broker

pytestmark = pytest.mark.django_db

CLOSED_PORT_REDIS = "redis://127.0.0.1:1/0"


def test_healthz_is_ok_when_every_configured_service_answers(client):
    response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 200
    assert body["status"] == "ok" and body["failing"] == []
    assert set(body["services"]) == {"database", "cache", "broker"}
    assert response.headers["Cache-Control"].startswith("max-age=0")


def test_healthz_names_the_broker_when_it_does_not_answer(client, settings):
    settings.CELERY_BROKER_CONFIGURED = True
    settings.CELERY_BROKER_URL = CLOSED_PORT_REDIS
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["broker"]


def test_healthz_names_the_cache_when_it_does_not_answer(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CLOSED_PORT_REDIS,
            "OPTIONS": {"socket_connect_timeout": 0.5},
        }
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["cache"]


def test_healthz_reports_a_real_redis_broker_as_answering(client, settings):
    settings.CELERY_BROKER_URL = require_redis_broker()
    settings.CELERY_BROKER_CONFIGURED = True
    body = json.loads(client.get("/healthz").content)
    assert body["services"]["broker"] == {"ok": True, "detail": "answering"}
