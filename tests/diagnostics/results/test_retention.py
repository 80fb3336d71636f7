"""Raw answers are deleted a set number of months after a survey closes; the figures, the
comparison with the next survey and the released comments stay."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from diagnostics.constants import WaveStatus
from diagnostics.results.models import ResultRow
from diagnostics.results.services import (
    RefreshOutcome,
    _months_before,
    raw_answers_purge,
    wave_results_refresh,
    wave_results_sweep,
)
from diagnostics.surveys.models import Answer, Response, SurveyDraft, Wave
from diagnostics.surveys.services import wave_status_change
from diagnostics.tasks import purge_raw_answers
from tests.diagnostics.factories import WaveFactory, add_responses, build_version

pytestmark = pytest.mark.django_db


def figures(wave):
    return sorted(
        ResultRow.objects.filter(wave=wave).values_list(
            "breakdown", "group", "kind", "item_id", "element", "suppressed", "n", "score"
        ),
        key=repr,
    )


@pytest.fixture
def closed_wave(trust_a, django_capture_on_commit_callbacks):
    wave = WaveFactory(
        trust=trust_a,
        version=build_version(sections=1, items_per_section=3),
        status=WaveStatus.OPEN,
        threshold_k=5,
    )
    add_responses(wave, 12)
    with django_capture_on_commit_callbacks(execute=True):
        wave_status_change(wave=wave, to=WaveStatus.CLOSED)
    wave.refresh_from_db()
    return wave


def closed_months_ago(wave, months):
    closes = timezone.now() - datetime.timedelta(days=31 * months + 1)
    Wave.objects.filter(pk=wave.pk).update(
        opens_at=closes - datetime.timedelta(days=21), closes_at=closes
    )


def test_answers_are_kept_within_the_retention_period(closed_wave, settings):
    settings.RAW_ANSWER_RETENTION_MONTHS = 24
    closed_months_ago(closed_wave, 23)
    assert raw_answers_purge() == 0
    assert Response.objects.filter(wave=closed_wave).count() == 12


def test_answers_past_it_are_deleted_and_the_figures_stay(closed_wave, settings):
    settings.RAW_ANSWER_RETENTION_MONTHS = 24
    before = figures(closed_wave)
    closed_months_ago(closed_wave, 25)
    assert raw_answers_purge() == 1
    assert not Response.objects.filter(wave=closed_wave).exists()
    assert not Answer.objects.filter(response__wave=closed_wave).exists()
    assert figures(closed_wave) == before
    closed_wave.refresh_from_db()
    assert closed_wave.raw_answers_deleted_on == timezone.localdate()
    event = AuditEvent.objects.get(action="diagnostics.raw_answers_deleted")
    assert event.detail["responses"] == 12


def test_a_purged_wave_is_never_recounted_to_nothing(closed_wave, settings):
    settings.RAW_ANSWER_RETENTION_MONTHS = 1
    closed_months_ago(closed_wave, 2)
    before = figures(closed_wave)
    raw_answers_purge()
    assert wave_results_refresh(wave_id=closed_wave.pk) == RefreshOutcome.KEPT
    assert wave_results_sweep() == 0
    assert figures(closed_wave) == before


def test_the_task_run_twice_purges_once(closed_wave, settings):
    settings.RAW_ANSWER_RETENTION_MONTHS = 1
    closed_months_ago(closed_wave, 2)
    assert purge_raw_answers.delay().get() == 1
    assert purge_raw_answers.delay().get() == 0
    assert AuditEvent.objects.filter(action="diagnostics.raw_answers_deleted").count() == 1


def test_an_open_survey_is_never_purged(trust_a, settings):
    settings.RAW_ANSWER_RETENTION_MONTHS = 0
    wave = WaveFactory(
        trust=trust_a, version=build_version(sections=1), status=WaveStatus.OPEN, threshold_k=5
    )
    add_responses(wave, 6)
    assert raw_answers_purge() == 0
    assert Response.objects.filter(wave=wave).count() == 6


def test_drafts_are_deleted_at_close(trust_a, django_capture_on_commit_callbacks):
    wave = WaveFactory(
        trust=trust_a, version=build_version(sections=1), status=WaveStatus.OPEN, threshold_k=5
    )
    SurveyDraft.objects.create(
        wave=wave, token="x" * 64, expires_at=timezone.now() + datetime.timedelta(days=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        wave_status_change(wave=wave, to=WaveStatus.CLOSED)
    assert not SurveyDraft.objects.filter(wave=wave).exists()


def test_the_results_page_says_the_answers_are_gone(
    client, closed_wave, od_lead_a, national_admin, settings
):
    settings.RAW_ANSWER_RETENTION_MONTHS = 1
    closed_months_ago(closed_wave, 2)
    raw_answers_purge()
    client.force_login(od_lead_a)
    page = client.get(reverse("diagnostics:results", kwargs={"pk": closed_wave.pk}))
    assert page.status_code == 200
    client.force_login(national_admin)
    overview = client.get(reverse("diagnostics:results", kwargs={"pk": closed_wave.pk}))
    assert "The raw answers were deleted on" in overview.content.decode()


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2026, 11, 26), 24, datetime.date(2024, 11, 26)),
        (datetime.date(2026, 3, 31), 1, datetime.date(2026, 2, 28)),
        (datetime.date(2026, 1, 15), 13, datetime.date(2024, 12, 15)),
        (datetime.date(2026, 5, 1), 0, datetime.date(2026, 5, 1)),
    ],
)
def test_months_before_keeps_to_real_dates(day, months, expected):
    assert _months_before(day, months) == expected
