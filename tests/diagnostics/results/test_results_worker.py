"""Results published by real Celery workers through the real Redis broker: the close puts
the final figures on the dashboard, a submit's comments are filed by a worker in a
transaction of their own, and a worker process killed in the middle of the publication
stores nothing until the retried task completes."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from diagnostics.constants import WaveStatus
from diagnostics.instruments.models import Item
from diagnostics.results.models import ResultRow, WaveResult
from diagnostics.surveys.models import CommentEnvelope, PendingComment, SurveyDraft, Wave
from diagnostics.surveys.publication import request_final_figures
from diagnostics.surveys.services import survey_response_submit, wave_status_change
from diagnostics.tasks import file_waiting_comments
from tests.diagnostics.factories import WaveFactory, add_responses, build_version
from tests.services import require_postgresql, require_redis_broker

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]
ROOT = Path(settings.BASE_DIR)


def wait_for(condition, timeout=60.0, what="the worker"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}")


def results_wave(trust, responses):
    wave = WaveFactory(
        trust=trust,
        status=WaveStatus.OPEN,
        threshold_k=5,
        version=build_version(sections=1, items_per_section=3),
    )
    add_responses(wave, responses)
    return wave


def counted(wave) -> int:
    """The responses in the published figures: 0 while there are none."""
    result = WaveResult.objects.filter(wave=wave).first()
    return result.responses_counted if result else 0


def test_the_close_publishes_the_dashboard_through_a_real_worker(
    celery_worker, client, od_lead_a, trust_a
):
    wave = results_wave(trust_a, responses=14)
    items = Item.objects.filter(section__version=wave.version)
    question = wave.version.comment_questions.first()
    draft = SurveyDraft.objects.create(
        wave=wave,
        token="a-complete-draft-token",
        answers={str(item.pk): 4 for item in items},
        comments={str(question.pk): "Ring me on 07700 900123"},
        expires_at=wave.closes_at,
    )
    assert survey_response_submit(token=draft.token)  # the 15th; its comments wait
    file_waiting_comments.delay()  # as beat runs it, every minute
    wait_for(lambda: PendingComment.objects.filter(wave=wave).exists(), what="the filing")
    assert not CommentEnvelope.objects.exists()
    assert "07700" not in PendingComment.objects.get(wave=wave).text
    assert counted(wave) == 0  # nothing is published while the survey is open
    wave_status_change(wave=wave, to=WaveStatus.CLOSED)
    wait_for(lambda: counted(wave) == 15, what="the publication after the close")
    client.force_login(od_lead_a)
    page = client.get(reverse("diagnostics:results", args=[wave.pk]))
    assert b"Final figures from 15 responses" in page.content


@pytest.fixture
def worker_process(transactional_db):
    """A real `celery worker` in its own process (prefork, one child), on the test database."""
    require_postgresql()
    broker = require_redis_broker()
    database = connection.settings_dict
    url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "culture_portal.settings.local",
        "DATABASE_URL": url,
        "CELERY_BROKER_URL": broker,
    }
    command = [sys.executable, "-m", "celery", "-A", "culture_portal", "worker"]
    command += ["--pool", "prefork", "--concurrency", "1", "--loglevel", "WARNING"]
    from culture_portal.celery import app

    process = subprocess.Popen(command, cwd=ROOT, env=env)  # noqa: S603
    app.conf.task_always_eager = False  # send to the broker, not run in this process
    try:
        yield process
    finally:
        app.conf.task_always_eager = True
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def pool_children(process) -> list[int]:
    found = subprocess.run(  # noqa: S603
        ["pgrep", "-P", str(process.pid)],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    return [int(pid) for pid in found.stdout.split()]


def waiting_on_lock(wave) -> set[int]:
    """Database sessions of tasks that have started and wait for the wave's refresh lock,
    which the test holds."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND NOT granted "
            "AND classid = 4242 AND objid = %s",
            [wave.pk],
        )
        return {row[0] for row in cursor.fetchall()}


def test_a_worker_killed_mid_publication_stores_nothing_and_the_retry_completes(
    worker_process, trust_a
):
    wave = results_wave(trust_a, responses=10)
    add_responses(wave, 6, seed=3)
    Wave.objects.filter(pk=wave.pk).update(status=WaveStatus.CLOSED)
    with connection.cursor() as cursor:
        # Hold the refresh lock, so the task is caught part way through.
        cursor.execute("SELECT pg_advisory_lock(4242, %s)", [wave.pk])
    try:
        with transaction.atomic():
            request_final_figures(wave_id=wave.pk)
        wait_for(lambda: waiting_on_lock(wave), what="the task to start")
        first = waiting_on_lock(wave)
        children = pool_children(worker_process)
        assert children, "the worker has no pool process"
        for pid in children:
            os.kill(pid, signal.SIGKILL)
        # The killed task wrote nothing: there are still no figures at all.
        assert not ResultRow.objects.filter(wave=wave).exists()
        assert counted(wave) == 0
        # acks_late + reject_on_worker_lost: the message goes back and a new child takes it.
        wait_for(lambda: waiting_on_lock(wave) - first, what="the task to be retried")
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(4242, %s)", [wave.pk])
    wait_for(lambda: counted(wave) == 16, what="the retried refresh to finish")
    assert WaveResult.objects.get(wave=wave).computed_at <= timezone.now()
    assert ResultRow.objects.get(wave=wave, breakdown="all", kind="responses").n == 16
    assert settings.CELERY_TASK_ACKS_LATE
