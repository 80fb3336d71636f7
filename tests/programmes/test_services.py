"""The programme rules, tested at the services that hold them."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.exceptions import ApplicationError
from core.models import Email
from programmes import services
from programmes.constants import Element, PhaseKind, PhaseStatus
from programmes.models import ActionDigestSent, Programme, Step, StepTemplate
from programmes.tasks import send_action_digests
from tests.programmes.factories import (
    START,
    add_action,
    add_finding,
    complete_phase_steps,
    phase_of,
    start_programme,
)

pytestmark = pytest.mark.django_db


class TestStart:
    def test_phases_in_order_with_scoping_under_way(self, programme_a):
        phases = list(programme_a.phases.order_by("position"))
        assert [p.kind for p in phases] == list(PhaseKind)
        assert [p.status for p in phases] == [PhaseStatus.IN_PROGRESS] + [
            PhaseStatus.NOT_STARTED
        ] * 3
        assert phases[0].actual_start == programme_a.start_date

    def test_steps_come_from_the_template_with_one_per_diagnostic_tool(self, programme_a):
        discover = phase_of(programme_a, PhaseKind.DISCOVER)
        tools = set(discover.steps.exclude(tool="").values_list("tool", flat=True))
        assert len(tools) == 6
        assert discover.steps.last().title == "Hold the synthesis event"
        scoping = [s.title for s in phase_of(programme_a).steps.order_by("position")]
        assert scoping == [
            "Secure a board sponsor",
            "Recruit the change team",
            "Agree a local brand",
            "Plan the evaluation",
        ]

    def test_editing_the_template_leaves_running_programmes_alone(self, programme_a):
        template = StepTemplate.objects.get(title="Agree a local brand")
        services.step_template_update(template=template, title="Agree a name and look")
        assert phase_of(programme_a).steps.filter(title="Agree a local brand").exists()
        assert not Step.objects.filter(title="Agree a name and look").exists()

    def test_one_active_programme_per_trust(self, programme_a, trust_a, od_lead_a):
        with pytest.raises(ApplicationError, match="already has an active programme"):
            start_programme(trust_a, od_lead_a)
        # The database holds the rule too, for two starts at the same moment.
        with pytest.raises(IntegrityError), transaction.atomic():
            Programme.objects.create(
                trust=trust_a, name="Race", framework="revised", start_date=START
            )

    def test_a_closed_programme_is_kept_and_another_can_start(self, programme_a, od_lead_a):
        services.programme_close(programme=programme_a, actor=od_lead_a)
        second = start_programme(programme_a.trust, od_lead_a, name="Second round")
        assert Programme.objects.filter(trust=programme_a.trust).count() == 2
        assert second.is_active and not Programme.objects.get(pk=programme_a.pk).is_active
        with pytest.raises(ApplicationError, match="closed"):
            add_finding(Programme.objects.get(pk=programme_a.pk), od_lead_a)


class TestSignOff:
    def test_sign_off_without_open_steps_needs_no_reason(self, programme_a, od_lead_a, sponsor_a):
        complete_phase_steps(programme_a, PhaseKind.SCOPING, od_lead_a)
        scoping = phase_of(programme_a)
        record = services.phase_sign_off(
            phase=scoping, actor=sponsor_a, today=datetime.date(2026, 3, 1)
        )
        assert record.open_required_steps == 0 and record.signed_by_name == "Sam Sponsor"
        scoping.refresh_from_db()
        assert scoping.status == PhaseStatus.SIGNED_OFF
        assert scoping.actual_end == datetime.date(2026, 3, 1)
        discover = phase_of(programme_a, PhaseKind.DISCOVER)
        assert discover.status == PhaseStatus.IN_PROGRESS
        assert discover.actual_start == datetime.date(2026, 3, 1)

    def test_optional_steps_do_not_block(self, programme_a, od_lead_a, sponsor_a):
        complete_phase_steps(programme_a, PhaseKind.SCOPING, od_lead_a)
        services.step_create(phase=phase_of(programme_a), actor=od_lead_a, title="Nice to have")
        record = services.phase_sign_off(phase=phase_of(programme_a), actor=sponsor_a)
        assert record.open_required_steps == 0

    def test_open_required_steps_need_a_recorded_reason(self, programme_a, sponsor_a):
        with pytest.raises(ValidationError) as error:
            services.phase_sign_off(phase=phase_of(programme_a), actor=sponsor_a)
        assert "4 required steps are not done" in str(error.value)
        record = services.phase_sign_off(
            phase=phase_of(programme_a), actor=sponsor_a, open_steps_reason="Agreed at board"
        )
        assert record.open_steps_reason == "Agreed at board"
        assert "with 4 required steps open" in programme_a.activity.first().summary


class TestSteps:
    def test_complete_and_reopen_keep_the_evidence_rules(self, programme_a, change_team_a):
        step = phase_of(programme_a).steps.first()
        with pytest.raises(ValidationError):
            services.step_complete(step=step, actor=change_team_a)
        services.step_complete(
            step=step, actor=change_team_a, evidence_link="https://intranet.example/board-paper"
        )
        assert step.is_done and step.completed_by == change_team_a
        services.step_reopen(step=step, actor=change_team_a)
        step.refresh_from_db()
        assert not step.is_done

    def test_an_owner_must_belong_to_the_trust(self, programme_a, od_lead_a, od_lead_b):
        with pytest.raises(ValidationError, match="programme team"):
            services.step_create(
                phase=phase_of(programme_a), actor=od_lead_a, title="x", owner=od_lead_b
            )

    def test_move_swaps_neighbours_and_stops_at_the_ends(self, programme_a, od_lead_a):
        steps = list(phase_of(programme_a).steps.order_by("position"))
        assert services.step_move(step=steps[0], actor=od_lead_a, direction="up") is False
        assert services.step_move(step=steps[0], actor=od_lead_a, direction="down") is True
        order = list(phase_of(programme_a).steps.order_by("position").values_list("pk", flat=True))
        assert order[:2] == [steps[1].pk, steps[0].pk]


class TestFramework:
    def test_a_framework_cannot_drop_an_element_findings_use(self, programme_a, od_lead_a):
        add_finding(programme_a, od_lead_a, element=Element.EQUITY_INCLUSION)
        with pytest.raises(ValidationError, match="framework does not have"):
            services.programme_update(
                programme=programme_a,
                actor=od_lead_a,
                name=programme_a.name,
                framework="clp_2016",
                start_date=programme_a.start_date,
                sponsor=None,
                change_team=[],
                board_interviews_planned=0,
            )


class TestDigest:
    TODAY = datetime.date(2026, 6, 1)  # a Monday

    def test_owners_get_their_overdue_and_soon_due_actions_once_a_week(
        self, programme_a, od_lead_a, change_team_a, programme_b, od_lead_b
    ):
        add_action(
            programme_a,
            od_lead_a,
            owner=change_team_a,
            title="Late one",
            due_on=datetime.date(2026, 5, 1),
        )
        add_action(
            programme_a,
            od_lead_a,
            owner=change_team_a,
            title="Soon one",
            due_on=datetime.date(2026, 6, 10),
        )
        add_action(
            programme_a,
            od_lead_a,
            owner=change_team_a,
            title="Far off",
            due_on=datetime.date(2026, 12, 1),
        )
        add_action(
            programme_a,
            od_lead_a,
            owner=change_team_a,
            title="Finished",
            due_on=datetime.date(2026, 5, 1),
            status="done",
        )
        add_action(
            programme_b,
            od_lead_b,
            owner=od_lead_b,
            title="Trust B action",
            due_on=datetime.date(2026, 5, 2),
        )
        assert services.action_digest_send(today=self.TODAY) == 2
        by_recipient = {email.to_email: email for email in Email.objects.all()}
        body = by_recipient[change_team_a.email].body
        assert "Late one" in body and "Soon one" in body
        assert "Far off" not in body and "Finished" not in body and "Trust B" not in body
        assert "1 overdue, 1 due in the next two weeks" in by_recipient[change_team_a.email].subject
        # A second run the same week (a retry, or beat firing twice) sends nothing more.
        assert services.action_digest_send(today=self.TODAY + datetime.timedelta(days=2)) == 0
        assert Email.objects.count() == 2
        assert ActionDigestSent.objects.count() == 2
        # Next week they come again.
        assert services.action_digest_send(today=self.TODAY + datetime.timedelta(days=7)) == 2

    def test_the_task_is_idempotent(self, programme_a, od_lead_a, change_team_a):
        add_action(programme_a, od_lead_a, owner=change_team_a, due_on=datetime.date(2020, 1, 1))
        first = send_action_digests.delay().get()
        second = send_action_digests.delay().get()
        assert (first, second) == (1, 0)
        assert Email.objects.count() == 1

    def test_closed_programmes_send_nothing(self, programme_a, od_lead_a, change_team_a):
        add_action(programme_a, od_lead_a, owner=change_team_a, due_on=datetime.date(2020, 1, 1))
        services.programme_close(programme=programme_a, actor=od_lead_a)
        assert services.action_digest_send(today=self.TODAY) == 0


class TestReviewFixes:
    def test_only_the_named_sponsor_signs_off(self, programme_a, trust_a):
        from accounts.constants import Role
        from tests.accounts.factories import TrustMembershipFactory

        other = TrustMembershipFactory(trust=trust_a, role=Role.SPONSOR).user
        from programmes.rules import Permission

        assert not other.has_perm(Permission.SIGN_OFF_PHASE, programme_a)
        assert programme_a.sponsor.has_perm(Permission.SIGN_OFF_PHASE, programme_a)

    def test_a_sponsor_must_hold_the_sponsor_role(self, trust_a, od_lead_a, viewer_a):
        with pytest.raises(ValidationError, match="board sponsor role"):
            start_programme(trust_a, od_lead_a, sponsor=viewer_a)
        with pytest.raises(ValidationError, match="change team"):
            start_programme(trust_a, od_lead_a, change_team=[viewer_a])

    def test_phases_are_signed_off_in_order(self, programme_a, od_lead_a, sponsor_a):
        design = phase_of(programme_a, PhaseKind.DESIGN)
        # Recording a start date does not start a phase whose predecessor is still open.
        services.phase_update(
            phase=design,
            actor=od_lead_a,
            planned_start=None,
            planned_end=None,
            actual_start=datetime.date(2026, 2, 1),
        )
        design.refresh_from_db()
        assert design.status == PhaseStatus.NOT_STARTED
        with pytest.raises(ApplicationError, match="has not started"):
            services.phase_sign_off(phase=design, actor=sponsor_a, open_steps_reason="x")

    def test_the_framework_is_fixed_once_discover_starts(self, programme_a, od_lead_a, sponsor_a):
        services.phase_sign_off(
            phase=phase_of(programme_a), actor=sponsor_a, open_steps_reason="Agreed"
        )
        with pytest.raises(ValidationError, match="once the Discover phase has started"):
            services.programme_update(
                programme=programme_a,
                actor=od_lead_a,
                name=programme_a.name,
                framework="clp_2016",
                start_date=programme_a.start_date,
                sponsor=sponsor_a,
                change_team=[],
                board_interviews_planned=0,
            )

    def test_the_digest_skips_owners_who_left_the_trust(
        self, programme_a, od_lead_a, change_team_a
    ):
        add_action(programme_a, od_lead_a, owner=change_team_a, due_on=datetime.date(2020, 1, 1))
        change_team_a.memberships.all().delete()
        assert services.action_digest_send(today=TestDigest.TODAY) == 0

    def test_a_refused_e_mail_waits_in_the_outbox_for_the_sweep(
        self, programme_a, od_lead_a, change_team_a, django_capture_on_commit_callbacks
    ):
        from unittest import mock

        from core.outbox import emails_send_pending

        add_action(programme_a, od_lead_a, owner=change_team_a, due_on=datetime.date(2020, 1, 1))
        with (
            mock.patch("core.outbox.send_mail", side_effect=OSError("mail server down")),
            django_capture_on_commit_callbacks(execute=True),
        ):
            assert services.action_digest_send(today=TestDigest.TODAY) == 1
        assert mail.outbox == []
        assert ActionDigestSent.objects.count() == 1
        # Not written again; sent once the mail server is back.
        assert services.action_digest_send(today=TestDigest.TODAY) == 0
        assert emails_send_pending() == 1
        assert [m.to for m in mail.outbox] == [[change_team_a.email]]
