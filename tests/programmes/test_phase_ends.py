"""A phase ends cleanly: at sign-off each step still open is carried into the next phase or
closed as not done, and recorded; a signed-off phase no longer changes, and its open steps
leave the lists of what is due."""

import pytest
from django.urls import reverse

from core.audit import AuditEvent
from core.exceptions import ApplicationError
from programmes import selectors, services
from programmes.constants import PhaseKind, PhaseStatus, StepOutcome
from programmes.for_you import own_work_due
from programmes.models import ActivityEntry, Step
from tests.programmes.factories import phase_of

pytestmark = pytest.mark.django_db


def sign_off(programme, sponsor, choices=None, kind=PhaseKind.SCOPING):
    return services.phase_sign_off(
        phase=phase_of(programme, kind),
        actor=sponsor,
        open_steps_reason="Agreed at the board",
        open_step_choices=choices,
    )


def open_steps(programme, kind=PhaseKind.SCOPING):
    return list(phase_of(programme, kind).steps.filter(completed_on__isnull=True))


class TestOpenStepsAtSignOff:
    def test_each_is_carried_or_closed_as_the_sponsor_chose_and_recorded(
        self, programme_a, sponsor_a
    ):
        carried, closed, *others = open_steps(programme_a)
        choices = {carried.pk: StepOutcome.CARRIED, closed.pk: StepOutcome.NOT_DONE}
        choices |= {step.pk: StepOutcome.CARRIED for step in others}
        sign_off(programme_a, sponsor_a, choices)

        carried.refresh_from_db()
        closed.refresh_from_db()
        assert carried.outcome == "carried" and closed.outcome == "not_done"
        copy = carried.carried_to
        assert copy.phase.kind == PhaseKind.DISCOVER and copy.title == carried.title
        assert copy.required == carried.required and copy.completed_on is None
        assert closed.carried_to is None
        summaries = set(ActivityEntry.objects.values_list("summary", flat=True))
        assert f"Carried the step ‘{carried.title}’ into the Discover phase" in summaries
        assert f"Closed the step ‘{closed.title}’ as not done at the Scoping sign-off" in summaries
        event = AuditEvent.objects.get(action="programmes.phase_signed_off")
        assert event.detail["steps_carried"] == len(others) + 1
        assert event.detail["steps_closed_not_done"] == 1

    def test_steps_are_carried_by_default_and_closed_after_the_last_phase(
        self, programme_a, sponsor_a
    ):
        count = len(open_steps(programme_a))
        sign_off(programme_a, sponsor_a)
        assert Step.objects.filter(outcome="carried").count() == count
        for kind in (PhaseKind.DISCOVER, PhaseKind.DESIGN):
            sign_off(programme_a, sponsor_a, kind=kind)
        last = open_steps(programme_a, PhaseKind.DELIVER)
        with pytest.raises(Exception, match="cannot be carried: this is the last phase"):
            sign_off(programme_a, sponsor_a, {last[0].pk: "carried"}, kind=PhaseKind.DELIVER)
        sign_off(programme_a, sponsor_a, kind=PhaseKind.DELIVER)
        assert {step.outcome for step in open_steps(programme_a, PhaseKind.DELIVER)} == {"not_done"}

    def test_a_step_of_another_phase_cannot_be_chosen(self, programme_a, sponsor_a):
        stranger = phase_of(programme_a, PhaseKind.DESIGN).steps.first()
        with pytest.raises(ApplicationError, match="not open in this phase"):
            sign_off(programme_a, sponsor_a, {stranger.pk: "not_done"})
        assert phase_of(programme_a).status == PhaseStatus.IN_PROGRESS
        assert not Step.objects.exclude(outcome="").exists()


class TestASignedOffPhaseIsReadOnly:
    def test_its_steps_and_dates_cannot_change(self, programme_a, sponsor_a, od_lead_a):
        done = phase_of(programme_a).steps.first()
        services.step_complete(step=done, actor=od_lead_a, evidence_note="Done")
        sign_off(programme_a, sponsor_a)
        step = phase_of(programme_a).steps.exclude(pk=done.pk).first()
        done.refresh_from_db()
        attempts = [
            lambda: services.step_complete(step=step, actor=od_lead_a, evidence_note="Late"),
            lambda: services.step_reopen(step=done, actor=od_lead_a),
            lambda: services.step_delete(step=step, actor=od_lead_a),
            lambda: services.step_move(step=step, actor=od_lead_a, direction="up"),
            lambda: services.step_create(
                phase=phase_of(programme_a), actor=od_lead_a, title="One more"
            ),
            lambda: services.phase_update(
                phase=phase_of(programme_a),
                actor=od_lead_a,
                planned_start=None,
                planned_end=None,
                actual_start=None,
            ),
        ]
        for attempt in attempts:
            with pytest.raises(ApplicationError, match="is signed off"):
                attempt()
        step.refresh_from_db()
        assert step.completed_on is None and Step.objects.filter(pk=step.pk).exists()

    def test_its_edit_pages_send_people_back_saying_why(
        self, client_as, programme_a, sponsor_a, od_lead_a
    ):
        step = open_steps(programme_a)[0]
        sign_off(programme_a, sponsor_a, {step.pk: "not_done"})
        client = client_as(od_lead_a)
        phase_page = reverse("programmes:phase", args=[programme_a.pk, "scoping"])
        for url in (
            reverse("programmes:step-complete", args=[step.pk]),
            reverse("programmes:step-edit", args=[step.pk]),
            reverse("programmes:step-add", args=[programme_a.pk, "scoping"]),
            reverse("programmes:phase-dates", args=[programme_a.pk, "scoping"]),
        ):
            response = client.get(url, follow=True)
            assert response.redirect_chain[-1][0] == phase_page
            assert "The Scoping phase is signed off" in response.content.decode()
        page = client.get(phase_page).content.decode()
        assert "Mark as done" not in page and "Add a step" not in page
        assert "Closed, not done" in page and "no longer change" in page

    def test_its_open_steps_leave_what_is_due(self, programme_a, sponsor_a, change_team_a):
        step = open_steps(programme_a)[0]
        Step.objects.filter(pk=step.pk).update(owner=change_team_a, due_on="2020-01-01")
        assert step.pk in [s.pk for s in selectors.step_list_due(programme=programme_a)]
        assert len(own_work_due(change_team_a)) == 1
        sign_off(programme_a, sponsor_a, {step.pk: "not_done"})
        assert step.pk not in [s.pk for s in selectors.step_list_due(programme=programme_a)]
        assert own_work_due(change_team_a) == []


def test_the_sponsor_chooses_for_each_open_step_on_the_sign_off_page(
    client_as, programme_a, sponsor_a
):
    url = reverse("programmes:phase-sign-off", args=[programme_a.pk, "scoping"])
    client = client_as(sponsor_a)
    first, second, *rest = open_steps(programme_a)
    page = client.get(url).content.decode()
    assert "Carry it into the Discover phase" in page and "Close it as not done" in page
    data = {"open_steps_reason": "Agreed", f"step_{first.pk}": "not_done"}
    response = client.post(url, data)
    assert f"Choose what happens to the step ‘{second.title}’" in response.content.decode()
    assert phase_of(programme_a).status == PhaseStatus.IN_PROGRESS
    data |= {f"step_{step.pk}": "carried" for step in [second, *rest]}
    assert client.post(url, data).status_code == 302
    first.refresh_from_db()
    assert first.outcome == "not_done"
