"""Who hears that a survey's results are ready at its close, or that working them out failed:
the right people in the outbox, once, and nobody who left or chose no e-mail."""

import pytest

from accounts.constants import Role
from accounts.models import TrustMembership
from core.models import Email
from core.notifications import notification_preferences_save
from diagnostics.constants import WaveStatus
from diagnostics.results.notifications import RESULTS_FAILED, RESULTS_READY
from diagnostics.results.services import wave_results_failed, wave_results_refresh
from tests.accounts.factories import TrustMembershipFactory, UserFactory
from tests.diagnostics.factories import WaveFactory, add_responses, build_version

pytestmark = pytest.mark.django_db


def member(trust, role, name):
    return TrustMembershipFactory(trust=trust, role=role, user=UserFactory(full_name=name)).user


def told():
    return sorted(Email.objects.values_list("to_email", flat=True))


@pytest.fixture
def closed_wave(trust_a):
    wave = WaveFactory(
        trust=trust_a,
        title="Autumn culture survey",
        version=build_version(sections=1, items_per_section=2),
        status=WaveStatus.CLOSED,
        threshold_k=5,
    )
    add_responses(wave, 12)
    return wave


@pytest.fixture
def others_a(trust_a):
    """An OD lead who left, and one who chose no e-mail for either kind."""
    leaver = member(trust_a, Role.OD_LEAD, "Lee Leaver")
    TrustMembership.objects.filter(user=leaver).delete()
    quiet = member(trust_a, Role.OD_LEAD, "Quinn Quiet")
    notification_preferences_save(user=quiet, choices={RESULTS_READY: "off", RESULTS_FAILED: "off"})
    return leaver, quiet


def test_results_ready_tell_the_od_leads_and_the_programme_sponsor(
    closed_wave, programme_a, od_lead_a, sponsor_a, change_team_a, viewer_a, others_a, od_lead_b
):
    wave_results_refresh(wave_id=closed_wave.pk)
    assert told() == sorted([od_lead_a.email, sponsor_a.email])
    lead = Email.objects.get(to_email=od_lead_a.email)
    assert lead.subject == "Results ready: Autumn culture survey"
    assert "from 12 responses" in lead.body
    assert f"/surveys/{closed_wave.pk}/results/" in lead.body
    assert "You are an OD lead at Trust A NHS Foundation Trust." in lead.body
    sponsor = Email.objects.get(to_email=sponsor_a.email)
    assert "You are the board sponsor of Trust A Together." in sponsor.body
    # Published once: a second run (a retry, the sweep) tells nobody again.
    wave_results_refresh(wave_id=closed_wave.pk)
    assert Email.objects.count() == 2


def test_without_a_programme_only_the_od_leads_hear(closed_wave, od_lead_a, sponsor_a):
    wave_results_refresh(wave_id=closed_wave.pk)
    assert told() == [od_lead_a.email]


def test_nobody_hears_of_results_below_k(trust_a, od_lead_a):
    wave = WaveFactory(trust=trust_a, status=WaveStatus.CLOSED, threshold_k=5)
    add_responses(wave, 3)
    wave_results_refresh(wave_id=wave.pk)
    assert not Email.objects.exists()


def test_a_failure_tells_the_od_leads_once(
    closed_wave, programme_a, od_lead_a, sponsor_a, change_team_a, others_a
):
    wave_results_failed(wave_id=closed_wave.pk)
    wave_results_failed(wave_id=closed_wave.pk)  # the task's retry, then the sweep's
    assert told() == [od_lead_a.email]
    [email] = Email.objects.all()
    assert email.subject == "The results of Autumn culture survey could not be worked out"
    assert "You are an OD lead at Trust A NHS Foundation Trust." in email.body
    assert f"/surveys/{closed_wave.pk}/results/" in email.body


def test_a_failed_refresh_tells_them_through_the_service(closed_wave, od_lead_a, monkeypatch):
    from diagnostics.results import services as results

    def broken(*args, **kwargs):
        raise RuntimeError("worker fault")

    monkeypatch.setattr(results, "result_rows", broken)
    with pytest.raises(RuntimeError):
        wave_results_refresh(wave_id=closed_wave.pk)
    assert told() == [od_lead_a.email]
    monkeypatch.undo()
    wave_results_refresh(wave_id=closed_wave.pk)  # it works at last: results ready
    assert Email.objects.filter(subject="Results ready: Autumn culture survey").count() == 1
