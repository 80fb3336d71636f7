"""The surveys' For you items for a trust's OD leads and change team: surveys opening or
closing this week, results that failed, results published in the last week. Items go when
the thing is over; each provider makes the same queries for one item as for twenty."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import TrustMembership
from diagnostics import for_you
from diagnostics.constants import WaveStatus
from diagnostics.results.models import ResultState, WaveResult
from diagnostics.results.services import wave_results_failed
from tests.diagnostics.factories import WaveFactory, build_version

pytestmark = pytest.mark.django_db


def texts(items):
    return [item.text for item in items]


def later_today():
    """A moment still today (in the portal's time zone) and still to come."""
    now = timezone.localtime()
    end_of_day = now.replace(hour=23, minute=59, second=0, microsecond=0)
    return now + (end_of_day - now) / 2


def after_this_week():
    today = timezone.localdate()
    monday = today + datetime.timedelta(days=7 - today.weekday())
    zone = timezone.get_current_timezone()
    return datetime.datetime.combine(monday, datetime.time(9), zone)


class TestSurveysThisWeek:
    def test_opening_and_closing_this_week_for_the_team_only(
        self, trust_a, od_lead_a, change_team_a, sponsor_a, viewer_a
    ):
        version = build_version(sections=1, items_per_section=1)
        soon = later_today()
        opening = WaveFactory(
            trust=trust_a,
            version=version,
            title="Pulse",
            status=WaveStatus.SCHEDULED,
            opens_at=soon,
            closes_at=soon + datetime.timedelta(days=30),
        )
        closing = WaveFactory(trust=trust_a, version=version, title="Annual", closes_at=soon)
        WaveFactory(trust=trust_a, version=version, title="Long", closes_at=after_this_week())
        items = for_you.surveys_this_week(od_lead_a)
        assert sorted(texts(items)) == sorted(
            [
                f"Survey ‘Pulse’ opens {for_you._when(opening.opens_at)}",
                f"Survey ‘Annual’ closes {for_you._when(closing.closes_at)}",
            ]
        )
        assert reverse("diagnostics:wave-detail", args=[closing.pk]) in [i.url for i in items]
        assert len(for_you.surveys_this_week(change_team_a)) == 2
        assert for_you.surveys_this_week(sponsor_a) == []
        assert for_you.surveys_this_week(viewer_a) == []

        closing.status = WaveStatus.CLOSED
        closing.save()
        opening.status = WaveStatus.OPEN
        opening.save()
        assert for_you.surveys_this_week(od_lead_a) == []

    def test_a_fixed_number_of_queries(self, trust_a, od_lead_a, django_assert_num_queries):
        version = build_version(sections=1, items_per_section=1)
        WaveFactory(trust=trust_a, version=version, closes_at=later_today())
        with django_assert_num_queries(2):  # memberships, waves
            assert len(for_you.surveys_this_week(od_lead_a)) == 1
        for _ in range(19):
            WaveFactory(trust=trust_a, version=version, closes_at=later_today())
        del od_lead_a._memberships
        with django_assert_num_queries(2):
            assert len(for_you.surveys_this_week(od_lead_a)) == 20


class TestResults:
    @pytest.fixture
    def closed(self, trust_a):
        return WaveFactory(
            trust=trust_a,
            title="Autumn survey",
            version=build_version(sections=1, items_per_section=1),
            status=WaveStatus.CLOSED,
        )

    def test_failed_then_published_then_gone_after_a_week(
        self, closed, od_lead_a, change_team_a, sponsor_a
    ):
        wave_results_failed(wave_id=closed.pk)
        [item] = for_you.survey_results(change_team_a)
        assert item.text == "Working out the results of ‘Autumn survey’ failed: try again"
        assert item.url == reverse("diagnostics:results", args=[closed.pk])
        assert for_you.survey_results(sponsor_a) == []
        WaveResult.objects.filter(wave=closed).update(
            state=ResultState.FRESH, final=True, computed_at=timezone.now()
        )
        assert texts(for_you.survey_results(od_lead_a)) == [
            "The results of ‘Autumn survey’ are ready"
        ]
        WaveResult.objects.filter(wave=closed).update(
            computed_at=timezone.now() - datetime.timedelta(days=8)
        )
        assert for_you.survey_results(od_lead_a) == []

    def test_nothing_after_leaving_the_trust(self, closed, od_lead_a):
        wave_results_failed(wave_id=closed.pk)
        TrustMembership.objects.filter(user=od_lead_a).delete()
        assert for_you.survey_results(od_lead_a) == []

    def test_a_fixed_number_of_queries(self, closed, trust_a, od_lead_a, django_assert_num_queries):
        wave_results_failed(wave_id=closed.pk)
        with django_assert_num_queries(2):  # memberships, results
            assert len(for_you.survey_results(od_lead_a)) == 1
        version = build_version(sections=1, items_per_section=1)
        for _ in range(19):
            wave = WaveFactory(trust=trust_a, version=version, status=WaveStatus.CLOSED)
            WaveResult.objects.create(
                wave=wave, state=ResultState.FRESH, final=True, computed_at=timezone.now()
            )
        del od_lead_a._memberships
        with django_assert_num_queries(2):
            assert len(for_you.survey_results(od_lead_a)) == 20
