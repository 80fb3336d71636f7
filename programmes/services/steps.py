"""A phase's steps: add, change, order, complete and reopen."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import User
from core.exceptions import ApplicationError
from core.storage import file_field_save
from programmes.constants import PhaseStatus
from programmes.models import Phase, Programme, Step
from programmes.services.common import _require_active, activity_record
from programmes.services.step_template import _swap


def _require_open_phase(phase: Phase) -> None:
    """A signed-off phase is the sponsor's record of what was done: it no longer changes."""
    if phase.status == PhaseStatus.SIGNED_OFF:
        raise ApplicationError(f"The {phase} phase is signed off, so its steps cannot change")


def _check_owner(programme: Programme, owner: User | None, field: str = "owner") -> None:
    if owner is not None and not owner.memberships.filter(trust=programme.trust_id).exists():
        raise ValidationError({field: "Choose someone from the trust's programme team"})


@transaction.atomic
def step_create(
    *,
    phase: Phase,
    actor: User,
    title: str,
    description: str = "",
    required: bool = False,
    owner: User | None = None,
    due_on: datetime.date | None = None,
) -> Step:
    _require_active(phase.programme)
    _require_open_phase(phase)
    _check_owner(phase.programme, owner)
    last = phase.steps.aggregate(m=Max("position"))["m"]
    step = Step(
        phase=phase,
        position=(last or 0) + 1,
        title=title.strip(),
        description=description.strip(),
        required=required,
        owner=owner,
        due_on=due_on,
    )
    step.full_clean()
    step.save()
    activity_record(
        programme=phase.programme, actor=actor, summary=f"Added the step ‘{step.title}’"
    )
    return step


@transaction.atomic
def step_update(
    *,
    step: Step,
    actor: User,
    title: str,
    description: str,
    required: bool,
    owner: User | None,
    due_on: datetime.date | None,
) -> Step:
    programme = step.phase.programme
    _require_active(programme)
    _require_open_phase(step.phase)
    _check_owner(programme, owner)
    step.title = title.strip()
    step.description = description.strip()
    step.required = required
    step.owner = owner
    step.owner_left = step.owner_left and owner is None
    step.due_on = due_on
    step.full_clean()
    step.save()
    activity_record(programme=programme, actor=actor, summary=f"Changed the step ‘{step.title}’")
    return step


@transaction.atomic
def step_move(*, step: Step, actor: User, direction: str) -> bool:
    _require_active(step.phase.programme)
    _require_open_phase(step.phase)
    siblings = Step.objects.select_for_update().filter(phase=step.phase_id)
    return _swap(siblings.order_by("position", "pk"), step, direction)


@transaction.atomic
def step_delete(*, step: Step, actor: User) -> None:
    programme = step.phase.programme
    _require_active(programme)
    _require_open_phase(step.phase)
    title = step.title
    step.delete()
    activity_record(programme=programme, actor=actor, summary=f"Removed the step ‘{title}’")


@transaction.atomic
def step_complete(
    *,
    step: Step,
    actor: User,
    evidence_note: str = "",
    evidence_link: str = "",
    evidence_file=None,
    today: datetime.date | None = None,
) -> Step:
    """Mark a step done with its evidence: a note, a link or a file (at least one)."""
    programme = step.phase.programme
    _require_active(programme)
    _require_open_phase(step.phase)
    if not (evidence_note.strip() or evidence_link.strip() or evidence_file or step.evidence_file):
        raise ValidationError(
            {"evidence_note": "Add a note, a link or a file that shows the step is done"}
        )
    step.evidence_note = evidence_note.strip()
    step.evidence_link = evidence_link.strip()
    if evidence_file is not None:
        step.evidence_file_name = evidence_file.name[:200]
        file_field_save(step.evidence_file, evidence_file.name, evidence_file)
    step.completed_on = step.completed_on or today or timezone.localdate()
    step.completed_by = step.completed_by or actor
    step.save()
    activity_record(programme=programme, actor=actor, summary=f"Completed ‘{step.title}’")
    return step


@transaction.atomic
def step_reopen(*, step: Step, actor: User) -> Step:
    programme = step.phase.programme
    _require_active(programme)
    _require_open_phase(step.phase)
    step.completed_on = None
    step.completed_by = None
    step.save(update_fields=["completed_on", "completed_by", "updated_at"])
    activity_record(programme=programme, actor=actor, summary=f"Reopened ‘{step.title}’")
    return step
