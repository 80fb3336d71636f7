import io

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Value
from django.db.models.functions import Concat

from accounts.demo import DEMO_TRUSTS, DEMO_USERS
from accounts.models import Trust, TrustMembership, User

pytestmark = pytest.mark.django_db

PILOT_TRUSTS = {
    "Central Manchester University Hospitals NHS Foundation Trust",
    "Northumbria Healthcare NHS Foundation Trust",
    "East London NHS Foundation Trust",
}


def snapshot():
    from diagnostics.surveys.models import Answer, InvitationCode, Response, Wave

    return {
        model.__name__: sorted(model.objects.values_list("pk", "updated_at"))
        for model in (Trust, TrustMembership, Wave)
    } | {
        "users": sorted(User.objects.values_list("pk", "password", "last_login")),
        "responses": Response.objects.count(),
        "answers": Answer.objects.count(),
        "codes": sorted(InvitationCode.objects.values_list("pk", "used")),
    }


def test_what_a_test_writes_is_rolled_back_and_the_demo_stays(seeded_demo, client):
    """The demo is seeded once per session: what a test writes is rolled back, so the tests
    below (which run after this one) still find every code unused and the pilot trusts."""
    from diagnostics.demo import DEMO_CODES, OPEN_WAVE_SLUG
    from diagnostics.surveys.models import InvitationCode, Wave

    wave = Wave.objects.get(slug=OPEN_WAVE_SLUG)
    assert wave.invitation_codes.filter(used=False).count() == len(DEMO_CODES)
    assert User.objects.count() == len(DEMO_USERS)
    InvitationCode.objects.update(used=True)
    Trust.objects.filter(name__in=PILOT_TRUSTS).update(name=Concat("name", Value(" (renamed)")))
    assert not Trust.objects.filter(name__in=PILOT_TRUSTS).exists()


def test_seed_demo_creates_the_pilot_trusts_and_one_user_per_role(seeded_demo):
    assert set(Trust.objects.values_list("name", flat=True)) >= PILOT_TRUSTS
    # The demo community adds one pending trust: an application waiting for a decision.
    assert Trust.objects.filter(is_pending=False).count() == len(DEMO_TRUSTS)
    assert set(Trust.objects.values_list("sector", flat=True)) == {
        "acute",
        "mental_health",
        "community",
        "ambulance",
        "combined",
    }
    assert User.objects.count() == len(DEMO_USERS)
    assert set(TrustMembership.objects.values_list("role", flat=True)) == {
        "od_lead",
        "change_team",
        "sponsor",
        "viewer",
    }
    assert User.objects.get(email="national.admin@demo.nhs.uk").is_national_admin


def test_a_second_run_changes_nothing(seeded_demo):
    before = snapshot()
    call_command("seed_demo", stdout=io.StringIO())
    assert snapshot() == before


def test_refused_where_demo_data_is_not_allowed(settings):
    settings.DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError, match="refused under production settings"):
        call_command("seed_demo", stdout=io.StringIO())
    assert not User.objects.exists()


class TestSurveyDemo:
    def test_pilot_trusts_get_two_closed_waves_of_synthetic_responses_and_one_open(
        self, seeded_demo
    ):
        from diagnostics.demo import DEMO_CODES, OPEN_WAVE_SLUG
        from diagnostics.surveys.models import Answer, Response, Wave

        for ods_code in ("RW3", "RTF", "RWK"):
            closed = Wave.objects.filter(trust__ods_code=ods_code, status="closed")
            assert closed.count() == 2
            counts = sorted(
                Response.objects.filter(wave__in=closed)
                .order_by()
                .values("wave")
                .annotate(n=Count("id"))
                .values_list("n", flat=True)
            )
            assert counts == [320, 420]
        medicine = Answer.objects.filter(response__directorate="medicine").values_list(
            "value", flat=True
        )
        assert len(set(medicine)) == 5  # a spread of answers, not one value
        open_wave = Wave.objects.get(slug=OPEN_WAVE_SLUG)
        assert open_wave.status == "open" and open_wave.accepts_codes
        assert open_wave.invitation_codes.filter(used=False).count() == len(DEMO_CODES)

    def test_the_demo_codes_open_the_open_survey(self, seeded_demo, client):
        from diagnostics.demo import DEMO_CODES, OPEN_WAVE_SLUG

        response = client.post(f"/s/{OPEN_WAVE_SLUG}/kiosk/", {"code": DEMO_CODES[0]})
        assert response.url == f"/s/{OPEN_WAVE_SLUG}/section/1/"


def test_northumbria_s_team_has_a_waiting_invitation_and_nhs_domains(seeded_demo, client):
    from accounts.models import Invitation

    invitation = Invitation.objects.pending().get(trust__ods_code="RTF")
    assert invitation.email == "priya.nair@northumbria-healthcare.nhs.uk"
    client.force_login(User.objects.get(email="od.lead@demo.nhs.uk"))
    page = client.get("/trusts/RTF/team/").content.decode()
    assert "priya.nair@northumbria-healthcare.nhs.uk" in page
    assert "Olivia Okafor" in page and "nhs.net" in page


def test_the_demo_turnover_chart_has_its_limits_recalculated_after_self_rostering(seeded_demo):
    from diagnostics.demo import CHANGED_MONTHS, PILOT_CODES, REBASELINES
    from diagnostics.records.models import Metric
    from diagnostics.records.presenters import metric_panel

    for ods_code in PILOT_CODES:
        metric = Metric.objects.get(programme__trust__ods_code=ods_code, name="Staff turnover")
        months = list(metric.points.values_list("month", flat=True))
        rebaseline = metric.rebaselines.get()
        assert rebaseline.from_month == months[-CHANGED_MONTHS]
        assert rebaseline.reason == REBASELINES["Staff turnover"]
        periods = metric_panel(metric).result.periods
        assert [period.count for period in periods] == [len(months) - CHANGED_MONTHS, 8]
        # The fall in turnover: the new period's mean is lower.
        assert periods[1].mean < periods[0].mean
