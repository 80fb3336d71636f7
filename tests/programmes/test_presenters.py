"""Every programme state has its tag, with the colour the pages have always shown."""

import datetime
from types import SimpleNamespace

import pytest

from core.presenters import Tag
from programmes import presenters
from programmes.constants import ActionStatus, FindingKind, InterventionStatus, PhaseStatus

TODAY = datetime.date(2025, 6, 2)
YESTERDAY = TODAY - datetime.timedelta(days=1)


@pytest.mark.parametrize(
    ("status", "colour"),
    [("not_started", "grey"), ("in_progress", "blue"), ("signed_off", "green")],
)
def test_a_phases_status_tag(status, colour):
    assert presenters.phase_status_tag(status) == Tag(PhaseStatus(status).label, colour)


def test_every_phase_status_has_a_tag_and_a_late_phase_is_orange():
    for status in PhaseStatus:
        assert presenters.phase_status_tag(status).text == status.label
    assert presenters.phase_status_tag("in_progress", late=True) == Tag(
        "In progress (past its planned end)", "orange"
    )


def test_every_intervention_status_has_a_tag():
    assert presenters.intervention_status_tag("existing") == Tag("Existing", "green")
    assert presenters.intervention_status_tag("planned") == Tag("Planned", "blue")
    assert {presenters.intervention_status_tag(s).text for s in InterventionStatus} == {
        s.label for s in InterventionStatus
    }


def test_every_finding_kind_has_a_tag():
    assert presenters.finding_kind_tag("strength") == Tag("Strength", "green")
    assert presenters.finding_kind_tag("area") == Tag("Area to develop", "orange")
    assert all(presenters.finding_kind_tag(kind) for kind in FindingKind)


@pytest.mark.parametrize(
    ("is_done", "due_on", "tag"),
    [
        (True, YESTERDAY, Tag("Done", "green")),
        (False, YESTERDAY, Tag("Overdue", "red")),
        (False, TODAY, Tag("To do", "grey")),
        (False, None, Tag("To do", "grey")),
    ],
)
def test_a_steps_tag(is_done, due_on, tag):
    step = SimpleNamespace(is_done=is_done, due_on=due_on, outcome="")
    assert presenters.step_tag(step, TODAY) == tag


@pytest.mark.parametrize(
    ("outcome", "tag"),
    [("carried", Tag("Carried on", "blue")), ("not_done", Tag("Closed, not done", "orange"))],
)
def test_a_step_left_open_at_sign_off_says_what_became_of_it(outcome, tag):
    step = SimpleNamespace(is_done=False, due_on=YESTERDAY, outcome=outcome)
    assert presenters.step_tag(step, TODAY) == tag


def test_overdue_is_only_for_what_was_due_before_today():
    assert presenters.overdue_tag(YESTERDAY, TODAY) == Tag("Overdue", "red")
    assert presenters.overdue_tag(TODAY, TODAY) is None
    assert presenters.overdue_tag(None, TODAY) is None


def test_every_action_status_but_done_can_be_overdue():
    for status in ActionStatus:
        action = SimpleNamespace(status=status, due_on=YESTERDAY)
        expected = None if status == ActionStatus.DONE else Tag("Overdue", "red")
        assert presenters.action_overdue_tag(action, TODAY) == expected
    on_time = SimpleNamespace(status=ActionStatus.IN_PROGRESS, due_on=TODAY)
    assert presenters.action_overdue_tag(on_time, TODAY) is None
