"""The programme's For you items: a person's own steps and actions due this week or overdue,
and work left without an owner for OD leads. Items go when the work is done; each provider
makes the same number of queries for one item as for twenty."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import TrustMembership
from core.for_you import week_ends
from programmes import for_you, services
from programmes.constants import ActionStatus, PhaseKind
from programmes.models import Action, Step
from tests.programmes.factories import add_action, phase_of

pytestmark = pytest.mark.django_db


def texts(items):
    return [item.text for item in items]


@pytest.fixture
def today():
    return timezone.localdate()


def own_step(programme, owner, due_on, title="Agree a local brand"):
    step = phase_of(programme).steps.get(title=title)
    step.owner, step.due_on = owner, due_on
    step.save()
    return step


class TestOwnWork:
    def test_due_this_week_or_overdue_and_gone_when_done(
        self, programme_a, od_lead_a, change_team_a, today
    ):
        step = own_step(programme_a, change_team_a, today - datetime.timedelta(days=2))
        action = add_action(programme_a, od_lead_a, owner=change_team_a, due_on=week_ends(today))
        later = week_ends(today) + datetime.timedelta(days=1)
        add_action(programme_a, od_lead_a, owner=change_team_a, due_on=later, title="Later")
        items = for_you.own_work_due(change_team_a)
        assert len(items) == 2
        assert items[0].text.startswith("Step ‘Agree a local brand’ (Scoping phase): overdue")
        assert items[0].url == (
            reverse("programmes:phase", args=[programme_a.pk, "scoping"]) + f"#step-{step.pk}"
        )
        assert items[1].text.startswith(f"Action ‘{action.title}’: due")
        assert items[1].url == reverse("programmes:action-edit", args=[action.pk])
        assert for_you.own_work_due(od_lead_a) == []  # not theirs

        services.step_complete(step=step, actor=change_team_a, evidence_note="Agreed")
        Action.objects.filter(pk=action.pk).update(status=ActionStatus.DONE)
        assert for_you.own_work_due(change_team_a) == []

    def test_nothing_after_leaving_the_trust_or_once_closed(
        self, programme_a, od_lead_a, change_team_a, today
    ):
        own_step(programme_a, change_team_a, today)
        assert len(for_you.own_work_due(change_team_a)) == 1
        services.programme_close(programme=programme_a, actor=od_lead_a)
        assert for_you.own_work_due(change_team_a) == []
        TrustMembership.objects.filter(user=change_team_a).delete()
        del change_team_a._memberships
        assert for_you.own_work_due(change_team_a) == []

    def test_a_fixed_number_of_queries(
        self, programme_a, od_lead_a, change_team_a, today, django_assert_num_queries
    ):
        add_action(programme_a, od_lead_a, owner=change_team_a, due_on=today)
        own_step(programme_a, change_team_a, today)
        with django_assert_num_queries(3):  # memberships, steps, actions
            assert len(for_you.own_work_due(change_team_a)) == 2
        del change_team_a._memberships
        for number in range(10):
            add_action(
                programme_a, od_lead_a, owner=change_team_a, due_on=today, title=f"A{number}"
            )
        Step.objects.filter(phase__programme=programme_a).update(owner=change_team_a, due_on=today)
        with django_assert_num_queries(3):
            assert len(for_you.own_work_due(change_team_a)) > 20


class TestWithoutOwner:
    def test_od_leads_see_work_a_leaver_owned_until_it_has_an_owner(
        self, programme_a, od_lead_a, change_team_a, trust_a, today
    ):
        from accounts.leavers import leaver_apply

        step = own_step(programme_a, change_team_a, today)
        action = add_action(programme_a, od_lead_a, owner=change_team_a)
        leaver_apply(trust=trust_a, user=change_team_a, replacement_sponsor=None, leaving=True)
        items = for_you.work_without_owner(od_lead_a)
        assert texts(items) == [
            "Give step ‘Agree a local brand’ a new owner",
            f"Give action ‘{action.title}’ a new owner",
        ]
        assert items[0].url == reverse("programmes:step-edit", args=[step.pk])
        assert for_you.work_without_owner(change_team_a) == []  # for OD leads

        step.refresh_from_db()
        services.step_update(
            step=step,
            actor=od_lead_a,
            title=step.title,
            description="",
            required=True,
            owner=od_lead_a,
            due_on=None,
        )
        assert texts(for_you.work_without_owner(od_lead_a)) == [
            f"Give action ‘{action.title}’ a new owner"
        ]

    def test_a_fixed_number_of_queries(
        self, programme_a, od_lead_a, change_team_a, django_assert_num_queries
    ):
        Step.objects.filter(pk=phase_of(programme_a).steps.first().pk).update(owner_left=True)
        with django_assert_num_queries(3):  # memberships, steps, actions
            assert len(for_you.work_without_owner(od_lead_a)) == 1
        del od_lead_a._memberships
        Step.objects.filter(phase__programme=programme_a).update(owner_left=True)
        for number in range(5):
            add_action(programme_a, od_lead_a, owner=None, title=f"A{number}")
        Action.objects.update(owner_left=True)
        with django_assert_num_queries(3):
            assert len(for_you.work_without_owner(od_lead_a)) > 20


def test_phases_to_sign_off_in_a_fixed_number_of_queries(
    trust_a, od_lead_a, sponsor_a, django_assert_num_queries
):
    from tests.accounts.factories import TrustFactory, TrustMembershipFactory
    from tests.programmes.factories import start_programme

    def ask_in_new_trust(number):
        trust = TrustFactory()
        lead = TrustMembershipFactory(trust=trust, role="od_lead").user
        TrustMembershipFactory(trust=trust, role="sponsor", user=sponsor_a)
        programme = start_programme(trust, lead, sponsor=sponsor_a, name=f"Programme {number}")
        services.phase_sign_off_request(phase=phase_of(programme), actor=lead)

    ask_in_new_trust(0)
    with django_assert_num_queries(2):  # memberships, requests
        assert len(for_you.phases_to_sign_off(sponsor_a)) == 1
    for number in range(1, 20):
        ask_in_new_trust(number)
    del sponsor_a._memberships
    with django_assert_num_queries(2):
        assert len(for_you.phases_to_sign_off(sponsor_a)) == 20


def test_a_phase_other_than_scoping_links_to_its_page(programme_a, od_lead_a, sponsor_a):
    from tests.programmes.factories import complete_phase_steps

    complete_phase_steps(programme_a, PhaseKind.SCOPING, od_lead_a)
    services.phase_sign_off(phase=phase_of(programme_a), actor=sponsor_a)
    services.phase_sign_off_request(
        phase=phase_of(programme_a, PhaseKind.DISCOVER), actor=od_lead_a
    )
    [item] = for_you.phases_to_sign_off(sponsor_a)
    assert item.url == reverse("programmes:phase", args=[programme_a.pk, "discover"])
