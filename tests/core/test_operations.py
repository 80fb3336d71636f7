"""`manage.py portal_status`, what an operator monitors, and JSON logs."""

import datetime
import io
import json
import logging.config

import pytest
from django.core.management import call_command
from django.utils import timezone

from core.models import Email
from diagnostics.results.models import ResultState, WaveResult
from tests.diagnostics.factories import WaveFactory, build_version

pytestmark = pytest.mark.django_db


def status(*args) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("portal_status", *args, stdout=out)
    except SystemExit as exit_:
        return exit_.code, out.getvalue()
    return 0, out.getvalue()


def test_a_quiet_portal_needs_nothing(db):
    code, out = status()
    assert code == 0
    assert "aggregation.failed_waves" in out
    assert "CHECK" not in out


def test_a_failed_refresh_and_a_stuck_one_are_reported(trust_a):
    failed = WaveFactory(trust=trust_a, version=build_version(sections=1))
    WaveResult.objects.create(wave=failed, state=ResultState.FAILED)
    stuck = WaveFactory(trust=trust_a, version=build_version(sections=1))
    WaveResult.objects.create(
        wave=stuck, refresh_requested_at=timezone.now() - datetime.timedelta(minutes=40)
    )
    code, out = status("--json")
    figures = {line["name"]: line for line in map(json.loads, out.splitlines())}
    assert code == 1
    assert figures["aggregation.failed_waves"] == {
        "name": "aggregation.failed_waves",
        "value": 1,
        "problem": True,
        "note": "",
    }
    assert figures["aggregation.lag_minutes"]["value"] >= 40
    assert figures["aggregation.lag_minutes"]["problem"] is True


def test_a_refresh_that_ran_after_it_was_asked_for_is_not_lag(trust_a):
    wave = WaveFactory(trust=trust_a, version=build_version(sections=1))
    asked = timezone.now() - datetime.timedelta(hours=2)
    WaveResult.objects.create(
        wave=wave, refresh_requested_at=asked, computed_at=asked + datetime.timedelta(seconds=30)
    )
    code, _ = status()
    assert code == 0


def test_unsent_emails_are_reported_after_a_quarter_of_an_hour(db):
    email = Email.objects.create(to_email="a@example.org", subject="s", body="b")
    assert status()[0] == 0
    Email.objects.filter(pk=email.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=20)
    )
    code, out = status()
    assert code == 1
    assert "CHECK  core.unsent_emails" in out


def test_a_broker_that_does_not_answer_is_reported(settings):
    settings.CELERY_BROKER_CONFIGURED = True
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    code, out = status()
    assert code == 1
    assert "CHECK  celery.queue_length" in out


def test_json_logs_are_one_object_per_line_with_the_named_fields(settings, capsys):
    from culture_portal.settings import base

    config = {
        **base.LOGGING,
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    }
    logging.config.dictConfig(config)
    try:
        logging.getLogger("diagnostics.results.services").warning("refresh for wave %s", 7)
        line = capsys.readouterr().err.strip().splitlines()[-1]
        record = json.loads(line)
        assert record["level"] == "WARNING"
        assert record["logger"] == "diagnostics.results.services"
        assert record["message"] == "refresh for wave 7"
        assert "time" in record
    finally:
        logging.config.dictConfig(settings.LOGGING)
