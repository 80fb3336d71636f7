"""Programmes and their phases: start, change and close; phase dates and sign-off."""

import datetime
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import Trust, User
from core import for_you
from core.audit import audit_event_record
from core.exceptions import ApplicationError
from programmes.constants import FRAMEWORK_ELEMENTS, PhaseKind, PhaseStatus, StepOutcome
from programmes.models import (
    Phase,
    PhaseSignOff,
    Programme,
    SignOffAnswer,
    SignOffRequest,
    Step,
    StepTemplate,
    Strategy,
)
from programmes.notifications import programme_sponsors, tell_team_phase_signed_off
from programmes.services.common import _check_people, _require_active, activity_record
from programmes.services.step_template import step_template_seed


@transaction.atomic
def programme_start(
    *,
    trust: Trust,
    actor: User,
    name: str,
    framework: str,
    start_date: datetime.date,
    sponsor: User | None = None,
    change_team=(),
    board_interviews_planned: int = 0,
) -> Programme:
    """Start a programme: its four phases, Scoping under way, and its steps copied from the
    national template (later template edits leave it alone)."""
    if Programme.objects.filter(trust=trust, closed_on__isnull=True).exists():
        raise ApplicationError(
            f"{trust.name} already has an active programme. Close it before starting another."
        )
    _check_people(trust, sponsor, change_team)
    programme = Programme(
        trust=trust,
        name=name.strip(),
        framework=framework,
        sponsor=sponsor,
        start_date=start_date,
        board_interviews_planned=board_interviews_planned,
    )
    programme.full_clean(exclude=["trust"])
    try:
        with transaction.atomic():
            programme.save()
    except IntegrityError:
        # Two OD leads pressed Start at once; the other one won.
        raise ApplicationError(f"{trust.name} already has an active programme.") from None
    programme.change_team.set(change_team)
    step_template_seed()
    templates = defaultdict(list)
    for template in StepTemplate.objects.order_by("phase_kind", "position"):
        templates[template.phase_kind].append(template)
    for position, kind in enumerate(PhaseKind, start=1):
        phase = Phase.objects.create(
            programme=programme,
            kind=kind,
            position=position,
            status=PhaseStatus.IN_PROGRESS if position == 1 else PhaseStatus.NOT_STARTED,
            actual_start=start_date if position == 1 else None,
        )
        Step.objects.bulk_create(
            Step(
                phase=phase,
                position=number,
                title=template.title,
                description=template.description,
                required=template.required,
                tool=template.tool,
            )
            for number, template in enumerate(templates[kind], start=1)
        )
    Strategy.objects.create(programme=programme)
    activity_record(programme=programme, actor=actor, summary=f"Started ‘{programme.name}’")
    return programme


@transaction.atomic
def programme_update(
    *,
    programme: Programme,
    actor: User,
    name: str,
    framework: str,
    start_date: datetime.date,
    sponsor: User | None,
    change_team,
    board_interviews_planned: int,
) -> Programme:
    _require_active(programme)
    _check_people(programme.trust, sponsor, change_team)
    if framework != programme.framework:
        # Tool records, findings and plans are coded to the framework's elements; changing
        # it part way would leave them pointing at elements the programme no longer has.
        discover = programme.phases.filter(kind=PhaseKind.DISCOVER).first()
        if discover and discover.status != PhaseStatus.NOT_STARTED:
            raise ValidationError(
                {"framework": "The framework cannot change once the Discover phase has started"}
            )
        used = set(programme.findings.values_list("element", flat=True))
        dropped = used - set(FRAMEWORK_ELEMENTS[framework])
        if dropped:
            raise ValidationError(
                {"framework": "Some findings use an element that this framework does not have"}
            )
    programme.name = name.strip()
    programme.framework = framework
    programme.start_date = start_date
    programme.sponsor = sponsor
    programme.board_interviews_planned = board_interviews_planned
    programme.full_clean(exclude=["trust"])
    programme.save()
    programme.change_team.set(change_team)
    activity_record(programme=programme, actor=actor, summary="Changed the programme's details")
    return programme


@transaction.atomic
def programme_close(*, programme: Programme, actor: User, today: datetime.date | None = None):
    _require_active(programme)
    programme.closed_on = today or timezone.localdate()
    programme.save(update_fields=["closed_on", "updated_at"])
    activity_record(programme=programme, actor=actor, summary="Closed the programme")
    return programme


def _check_dates(start, end, start_field, end_field):
    if start and end and end < start:
        raise ValidationError({end_field: "The end date must be on or after the start date"})


@transaction.atomic
def phase_update(
    *,
    phase: Phase,
    actor: User,
    planned_start: datetime.date | None,
    planned_end: datetime.date | None,
    actual_start: datetime.date | None,
) -> Phase:
    _require_active(phase.programme)
    if phase.status == PhaseStatus.SIGNED_OFF:
        raise ApplicationError(f"The {phase} phase is signed off, so its dates cannot change")
    _check_dates(planned_start, planned_end, "planned_start", "planned_end")
    if actual_start and phase.actual_end and phase.actual_end < actual_start:
        raise ValidationError({"actual_start": "The phase cannot start after it was signed off"})
    phase.planned_start = planned_start
    phase.planned_end = planned_end
    phase.actual_start = actual_start
    before = _phase_before(phase)
    # A phase is under way once it has started and the one before it is signed off; only
    # the sponsor's sign-off moves the programme on otherwise.
    ready = before is None or before.status == PhaseStatus.SIGNED_OFF
    if actual_start and ready and phase.status == PhaseStatus.NOT_STARTED:
        phase.status = PhaseStatus.IN_PROGRESS
    phase.save()
    activity_record(
        programme=phase.programme, actor=actor, summary=f"Changed the {phase} phase's dates"
    )
    return phase


def _phase_before(phase: Phase) -> Phase | None:
    return (
        Phase.objects.filter(programme=phase.programme_id, position__lt=phase.position)
        .order_by("-position")
        .first()
    )


def phase_require_ready_for_sign_off(phase: Phase) -> None:
    """What both asking for sign-off and signing off need: an active programme, the phase
    under way and not yet signed off, and the phase before it signed off."""
    _require_active(phase.programme)
    if phase.status == PhaseStatus.SIGNED_OFF:
        raise ApplicationError(f"The {phase} phase is already signed off")
    if phase.status == PhaseStatus.NOT_STARTED:
        raise ApplicationError(f"The {phase} phase has not started, so it cannot be signed off")
    before = _phase_before(phase)
    if before is not None and before.status != PhaseStatus.SIGNED_OFF:
        raise ApplicationError(f"Sign off the {before} phase first")


def open_required_steps(phase: Phase) -> int:
    return phase.steps.filter(required=True, completed_on__isnull=True).count()


@transaction.atomic
def phase_sign_off(
    *,
    phase: Phase,
    actor: User,
    comment: str = "",
    open_steps_reason: str = "",
    open_step_choices: dict[int, str] | None = None,
    today: datetime.date | None = None,
) -> PhaseSignOff:
    """The sponsor signs a phase off; the next phase starts. A phase with required steps
    still open needs a recorded reason. Each step still open is carried into the next
    phase or closed as not done, as `open_step_choices` ({step id: "carried" or
    "not_done"}) says; by default carried, or closed after the last phase. Each is
    recorded, and the signed-off phase cannot change afterwards."""
    phase = Phase.objects.select_for_update().select_related("programme").get(pk=phase.pk)
    phase_require_ready_for_sign_off(phase)
    open_count = open_required_steps(phase)
    if open_count and not open_steps_reason.strip():
        raise ValidationError(
            {
                "open_steps_reason": (
                    f"{open_count} required step{'s are' if open_count > 1 else ' is'} not "
                    "done. Give the reason for signing off now."
                )
            }
        )
    today = today or timezone.localdate()
    following = (
        Phase.objects.filter(programme=phase.programme, position__gt=phase.position)
        .order_by("position")
        .first()
    )
    outcomes = _open_steps_settle(
        phase=phase, following=following, choices=open_step_choices or {}, actor=actor
    )
    audit_event_record(
        actor=actor,
        action="programmes.phase_signed_off",
        target=f"{phase.programme.trust.name}: {phase}",
        detail={
            "programme": phase.programme_id,
            "open_required_steps": open_count,
            "steps_carried": outcomes[StepOutcome.CARRIED],
            "steps_closed_not_done": outcomes[StepOutcome.NOT_DONE],
        },
    )
    sign_off = PhaseSignOff.objects.create(
        phase=phase,
        signed_by=actor,
        signed_by_name=actor.full_name,
        comment=comment.strip(),
        open_required_steps=open_count,
        open_steps_reason=open_steps_reason.strip() if open_count else "",
    )
    phase.status = PhaseStatus.SIGNED_OFF
    phase.actual_end = today
    phase.save(update_fields=["status", "actual_end", "updated_at"])
    if following and following.status == PhaseStatus.NOT_STARTED:
        following.status = PhaseStatus.IN_PROGRESS
        following.actual_start = following.actual_start or today
        following.save(update_fields=["status", "actual_start", "updated_at"])
    summary = f"Signed off the {phase} phase"
    if open_count:
        summary += f" with {open_count} required step{'s' if open_count > 1 else ''} open"
    activity_record(programme=phase.programme, actor=actor, summary=summary)
    sign_off_request_answer(phase=phase, actor=actor, answer=SignOffAnswer.SIGNED_OFF)
    tell_team_phase_signed_off(phase, sign_off)
    return sign_off


def _open_steps_settle(
    *, phase: Phase, following: Phase | None, choices: dict[int, str], actor: User
) -> dict[str, int]:
    """Carry each open step into `following` or close it as not done; the counts of each."""
    counts = {StepOutcome.CARRIED: 0, StepOutcome.NOT_DONE: 0}
    open_steps = list(phase.steps.select_for_update().filter(completed_on__isnull=True, outcome=""))
    unknown = set(choices) - {step.pk for step in open_steps}
    if unknown:
        raise ApplicationError("A step chosen is not open in this phase: reload the page")
    position = (following.steps.aggregate(m=Max("position"))["m"] or 0) if following else 0
    for step in open_steps:
        default = StepOutcome.CARRIED if following else StepOutcome.NOT_DONE
        outcome = choices.get(step.pk, default)
        if outcome == StepOutcome.CARRIED and following is None:
            raise ValidationError(
                {f"step_{step.pk}": f"‘{step.title}’ cannot be carried: this is the last phase"}
            )
        if outcome == StepOutcome.CARRIED:
            position += 1
            step.carried_to = Step.objects.create(
                phase=following,
                position=position,
                title=step.title,
                description=step.description,
                required=step.required,
                tool=step.tool,
                owner=step.owner,
                owner_left=step.owner_left,
                due_on=step.due_on,
            )
            summary = f"Carried the step ‘{step.title}’ into the {following} phase"
        elif outcome == StepOutcome.NOT_DONE:
            summary = f"Closed the step ‘{step.title}’ as not done at the {phase} sign-off"
        else:
            raise ApplicationError(f"Choose what happens to the step ‘{step.title}’")
        step.outcome = outcome
        step.save(update_fields=["outcome", "carried_to", "updated_at"])
        activity_record(programme=phase.programme, actor=actor, summary=summary)
        counts[outcome] += 1
    return counts


def waiting_request(phase: Phase) -> SignOffRequest | None:
    """The phase's request for sign-off that the sponsor has not answered yet."""
    return phase.sign_off_requests.filter(answer=SignOffAnswer.WAITING).first()


def sign_off_request_answer(
    *, phase: Phase, actor: User, answer: str, comment: str = ""
) -> SignOffRequest | None:
    """Close the phase's waiting request, if any, with the sponsor's answer; called inside
    the caller's transaction with the phase locked. The item leaves the sponsors' For you."""
    request = waiting_request(phase)
    if request is None:
        return None
    request.answer = answer
    request.answered_by = actor
    request.answered_by_name = actor.full_name
    request.answered_at = timezone.now()
    request.comment = comment
    request.save(
        update_fields=["answer", "answered_by", "answered_by_name", "answered_at", "comment"]
    )
    for_you.count_forget([person.pk for person in programme_sponsors(phase.programme)])
    return request
