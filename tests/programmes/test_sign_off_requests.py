"""Asking the board sponsor to sign a phase off: who is told (in the outbox), what each sees
under For you, the sponsor's two answers, and the refusals that change nothing."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.constants import Role
from accounts.models import TrustMembership
from core import for_you
from core.exceptions import ApplicationError
from core.models import Email
from core.notifications import notification_preferences_save
from programmes import services
from programmes.constants import PhaseKind, PhaseStatus
from programmes.models import ActivityEntry, SignOffAnswer, SignOffRequest
from programmes.notifications import PHASE_READY, PHASE_SENT_BACK, PHASE_SIGNED_OFF
from tests.accounts.factories import TrustMembershipFactory, UserFactory
from tests.programmes.factories import complete_phase_steps, phase_of

pytestmark = pytest.mark.django_db


def ask(programme, actor, kind=PhaseKind.SCOPING, note="Every step is done"):
    return services.phase_sign_off_request(phase=phase_of(programme, kind), actor=actor, note=note)


def told(subject_start=""):
    return sorted(
        Email.objects.filter(subject__startswith=subject_start).values_list("to_email", flat=True)
    )


def sign_off_items(user):
    return [item for item in for_you.items_for(user) if item.group.startswith("Sponsor:")]


def member(trust, role, name):
    return TrustMembershipFactory(trust=trust, role=role, user=UserFactory(full_name=name)).user


@pytest.fixture
def leaver_a(trust_a):
    """An OD lead who has left trust A: their membership is gone."""
    leaver = member(trust_a, Role.OD_LEAD, "Lee Leaver")
    TrustMembership.objects.filter(user=leaver).delete()
    return leaver


@pytest.fixture
def quiet_a(trust_a):
    """A change team member who chose no e-mail for every sign-off kind."""
    quiet = member(trust_a, Role.CHANGE_TEAM, "Quinn Quiet")
    notification_preferences_save(
        user=quiet, choices={PHASE_READY: "off", PHASE_SIGNED_OFF: "off", PHASE_SENT_BACK: "off"}
    )
    return quiet


class TestAsking:
    def test_the_named_sponsor_and_only_they_are_told(
        self, programme_a, od_lead_a, sponsor_a, change_team_a, viewer_a, trust_a
    ):
        other_sponsor = member(trust_a, Role.SPONSOR, "Otto Other")
        request = ask(programme_a, od_lead_a)
        assert request.is_waiting and request.asked_by_name == "Olu Lead"
        assert told() == [sponsor_a.email]
        [email] = Email.objects.all()
        assert email.subject == "Ready for your sign-off: the Scoping phase of Trust A Together"
        assert "Every step is done" in email.body
        assert "You are the board sponsor of Trust A Together." in email.body
        assert reverse("accounts:notifications") in email.body
        assert reverse("programmes:phase", args=[programme_a.pk, "scoping"]) in email.body
        assert ActivityEntry.objects.filter(
            summary="Asked the board sponsor to sign off the Scoping phase"
        ).exists()
        assert sign_off_items(other_sponsor) == []

    def test_every_sponsor_of_the_trust_while_none_is_named(
        self, trust_a, od_lead_a, sponsor_a, quiet_a
    ):
        from tests.programmes.factories import start_programme

        programme = start_programme(trust_a, od_lead_a, name="No sponsor yet")
        second = member(trust_a, Role.SPONSOR, "Otto Other")
        switched_off = member(trust_a, Role.SPONSOR, "Sid Silent")
        notification_preferences_save(user=switched_off, choices={PHASE_READY: "off"})
        gone = member(trust_a, Role.SPONSOR, "Gina Gone")
        TrustMembership.objects.filter(user=gone).delete()
        ask(programme, od_lead_a)
        assert told() == sorted([sponsor_a.email, second.email])
        # Whatever they chose for e-mail, every sponsor has it under For you; not a leaver.
        for sponsor in (sponsor_a, second, switched_off):
            assert len(sign_off_items(sponsor)) == 1
        assert sign_off_items(gone) == []

    def test_the_sponsor_sees_it_under_for_you_and_on_the_page(
        self, client_as, programme_a, od_lead_a, sponsor_a
    ):
        ask(programme_a, od_lead_a)
        [item] = sign_off_items(sponsor_a)
        assert item.text == ("Sign off the Scoping phase of Trust A Together (asked by Olu Lead)")
        assert item.url == reverse("programmes:phase", args=[programme_a.pk, "scoping"])
        page = client_as(sponsor_a).get(item.url).content.decode()
        assert "Waiting for sign-off" in page and "“Every step is done”" in page
        assert "Send the Scoping phase back" in page
        assert "Ask the sponsor to sign off" not in page
        overview = client_as(sponsor_a).get(reverse("programmes:overview", args=[programme_a.pk]))
        assert "Waiting for sign-off" in overview.content.decode()

    def test_the_od_lead_asks_from_the_phase_page(self, client_as, programme_a, od_lead_a):
        client = client_as(od_lead_a)
        phase_page = reverse("programmes:phase", args=[programme_a.pk, "scoping"])
        assert "Ask the sponsor to sign off" in client.get(phase_page).content.decode()
        url = reverse("programmes:phase-ask-sign-off", args=[programme_a.pk, "scoping"])
        response = client.post(url, {"note": ""})
        assert response.status_code == 302 and response.url == phase_page
        assert SignOffRequest.objects.get().note == ""
        page = client.get(phase_page).content.decode()
        assert "The board sponsor is asked to sign off the phase" in page
        assert "Ask the sponsor to sign off" not in page

    def test_asking_twice_is_refused_with_a_message(self, client_as, programme_a, od_lead_a):
        ask(programme_a, od_lead_a)
        url = reverse("programmes:phase-ask-sign-off", args=[programme_a.pk, "scoping"])
        response = client_as(od_lead_a).post(url, {"note": "Again"})
        assert response.status_code == 200
        assert "The sponsor was already asked to sign off the Scoping phase" in (
            response.content.decode()
        )
        assert SignOffRequest.objects.count() == 1 and Email.objects.count() == 1

    def test_a_closed_programme_a_signed_off_or_unstarted_phase_are_refused(
        self, programme_a, od_lead_a, sponsor_a
    ):
        with pytest.raises(ApplicationError, match="has not started"):
            ask(programme_a, od_lead_a, kind=PhaseKind.DISCOVER)
        complete_phase_steps(programme_a, PhaseKind.SCOPING, od_lead_a)
        services.phase_sign_off(phase=phase_of(programme_a), actor=sponsor_a)
        Email.objects.all().delete()
        with pytest.raises(ApplicationError, match="already signed off"):
            ask(programme_a, od_lead_a)
        services.programme_close(programme=programme_a, actor=od_lead_a)
        with pytest.raises(ApplicationError, match="has closed"):
            ask(programme_a, od_lead_a, kind=PhaseKind.DISCOVER)
        assert not SignOffRequest.objects.exists() and not Email.objects.exists()

    def test_a_closed_programme_offers_no_button_and_refuses_the_page(
        self, client_as, programme_a, od_lead_a
    ):
        services.programme_close(programme=programme_a, actor=od_lead_a)
        url = reverse("programmes:phase-ask-sign-off", args=[programme_a.pk, "scoping"])
        assert client_as(od_lead_a).post(url, {"note": "x"}).status_code == 403
        assert not SignOffRequest.objects.exists()


class TestSigningOff:
    def test_the_team_is_told_and_the_item_leaves_the_list(
        self, programme_a, od_lead_a, sponsor_a, change_team_a, viewer_a, leaver_a, quiet_a
    ):
        complete_phase_steps(programme_a, PhaseKind.SCOPING, od_lead_a)
        ask(programme_a, od_lead_a)
        assert len(sign_off_items(sponsor_a)) == 1
        Email.objects.all().delete()
        services.phase_sign_off(phase=phase_of(programme_a), actor=sponsor_a, comment="Well done")
        # The OD lead and the change team; not the viewer, the leaver, or who chose no e-mail.
        assert told() == sorted([od_lead_a.email, change_team_a.email])
        email = Email.objects.get(to_email=od_lead_a.email)
        assert email.subject == "Signed off: the Scoping phase of Trust A Together"
        assert "Well done" in email.body
        assert "You are on the team that runs Trust A Together." in email.body
        request = SignOffRequest.objects.get()
        assert (request.answer, request.answered_by) == (SignOffAnswer.SIGNED_OFF, sponsor_a)
        assert sign_off_items(sponsor_a) == []

    def test_a_sign_off_nobody_asked_for_still_tells_the_team(
        self, programme_a, od_lead_a, sponsor_a, change_team_a
    ):
        complete_phase_steps(programme_a, PhaseKind.SCOPING, od_lead_a)
        services.phase_sign_off(phase=phase_of(programme_a), actor=sponsor_a)
        assert told("Signed off") == sorted([od_lead_a.email, change_team_a.email])
        assert not SignOffRequest.objects.exists()


class TestSendingBack:
    def test_the_team_is_told_why_and_may_ask_again(
        self, client_as, programme_a, od_lead_a, sponsor_a, change_team_a, leaver_a, quiet_a
    ):
        ask(programme_a, od_lead_a)
        Email.objects.all().delete()
        client = client_as(sponsor_a)
        url = reverse("programmes:phase-send-back", args=[programme_a.pk, "scoping"])
        response = client.post(url, {"comment": "The evaluation plan is missing"})
        phase_page = reverse("programmes:phase", args=[programme_a.pk, "scoping"])
        assert response.status_code == 302 and response.url == phase_page
        assert told() == sorted([od_lead_a.email, change_team_a.email])
        email = Email.objects.get(to_email=change_team_a.email)
        assert email.subject == "Sent back: the Scoping phase of Trust A Together"
        assert "The evaluation plan is missing" in email.body
        request = SignOffRequest.objects.get()
        assert request.answer == SignOffAnswer.SENT_BACK
        assert phase_of(programme_a).status == PhaseStatus.IN_PROGRESS
        assert sign_off_items(sponsor_a) == []
        page = client_as(od_lead_a).get(phase_page).content.decode()
        assert "Sent back" in page and "“The evaluation plan is missing”" in page
        assert "Ask the sponsor to sign off" in page
        ask(programme_a, od_lead_a, note="Plan added")
        assert len(sign_off_items(sponsor_a)) == 1

    def test_without_a_comment_it_is_refused(self, client_as, programme_a, od_lead_a, sponsor_a):
        ask(programme_a, od_lead_a)
        Email.objects.all().delete()
        url = reverse("programmes:phase-send-back", args=[programme_a.pk, "scoping"])
        response = client_as(sponsor_a).post(url, {"comment": "   "})
        assert response.status_code == 200
        assert "Say what needs to happen before you sign it off" in response.content.decode()
        with pytest.raises(ValidationError):
            services.phase_send_back(phase=phase_of(programme_a), actor=sponsor_a, comment="")
        assert SignOffRequest.objects.get().is_waiting and not Email.objects.exists()

    @pytest.mark.parametrize("persona", ["od_lead_a", "change_team_a", "viewer_a"], indirect=True)
    def test_only_the_sponsor_sends_back(self, client_as, programme_a, od_lead_a, persona):
        ask(programme_a, od_lead_a)
        Email.objects.all().delete()
        url = reverse("programmes:phase-send-back", args=[programme_a.pk, "scoping"])
        assert client_as(persona).post(url, {"comment": "No"}).status_code == 403
        assert SignOffRequest.objects.get().is_waiting and not Email.objects.exists()

    def test_nothing_to_send_back_when_nobody_asked(self, client_as, programme_a, sponsor_a):
        url = reverse("programmes:phase-send-back", args=[programme_a.pk, "scoping"])
        response = client_as(sponsor_a).post(url, {"comment": "Not yet"})
        assert response.status_code == 200
        assert "Nobody has asked you to sign off the Scoping phase" in response.content.decode()
        assert not SignOffRequest.objects.exists() and not Email.objects.exists()
