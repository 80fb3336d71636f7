"""Every change to a programme goes through here, in a transaction, and leaves an entry in the
programme's activity log (who, what, when)."""

import datetime
import smtplib
from collections import defaultdict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.constants import Role
from accounts.models import Trust, TrustMembership, User
from core.audit import audit_event_record
from core.exceptions import ApplicationError
from core.storage import file_field_save
from programmes.constants import (
    FRAMEWORK_ELEMENTS,
    ActionStatus,
    PhaseKind,
    PhaseStatus,
)
from programmes.models import (
    Action,
    ActionDigestSent,
    ActivityEntry,
    Commitment,
    ElementSummary,
    Finding,
    Intervention,
    Phase,
    PhaseSignOff,
    Programme,
    Step,
    StepTemplate,
    Strategy,
    StrategyPriority,
)
from programmes.template_defaults import DEFAULT_STEPS


def activity_record(*, programme: Programme, actor: User | None, summary: str) -> ActivityEntry:
    """Called inside the caller's transaction, so the log never says something happened
    that was rolled back."""
    return ActivityEntry.objects.create(
        programme=programme,
        actor=actor if actor and actor.is_authenticated else None,
        actor_name=actor.full_name if actor and actor.is_authenticated else "The portal",
        summary=summary[:300],
    )


def programme_require_active(programme: Programme) -> None:
    """Refuse a change to a closed programme. Read again under a row lock (inside the
    caller's transaction), so a close that commits meanwhile is seen, not overwritten."""
    still_open = (
        Programme.objects.select_for_update()
        .filter(pk=programme.pk, closed_on__isnull=True)
        .exists()
    )
    if not still_open:
        raise ApplicationError("This programme has closed, so it can no longer be changed")


_require_active = programme_require_active


def _check_people(trust: Trust, sponsor: User | None, change_team) -> None:
    roles = dict(TrustMembership.objects.filter(trust=trust).values_list("user_id", "role"))
    if sponsor is not None and roles.get(sponsor.pk) != Role.SPONSOR:
        raise ValidationError({"sponsor": "Choose someone with the board sponsor role"})
    if any(roles.get(person.pk) not in (Role.OD_LEAD, Role.CHANGE_TEAM) for person in change_team):
        raise ValidationError(
            {"change_team": "Choose the trust's OD leads and change team members"}
        )


def _require_elements_in_framework(programme: Programme, elements, field: str) -> None:
    allowed = set(FRAMEWORK_ELEMENTS[programme.framework])
    if set(elements) - allowed:
        raise ValidationError({field: "Choose elements from this programme's framework"})


# --- the national template ------------------------------------------------------------


@transaction.atomic
def step_template_seed() -> int:
    """Load the first published template into an empty table (idempotent)."""
    if StepTemplate.objects.exists():
        return 0
    positions: dict[str, int] = defaultdict(int)
    rows = []
    for phase_kind, title, description, required, tool in DEFAULT_STEPS:
        positions[phase_kind] += 1
        rows.append(
            StepTemplate(
                phase_kind=phase_kind,
                position=positions[phase_kind],
                title=title,
                description=description,
                required=required,
                tool=tool,
            )
        )
    StepTemplate.objects.bulk_create(rows)
    return len(rows)


@transaction.atomic
def step_template_create(
    *, phase_kind: str, title: str, description: str, required: bool, tool: str = ""
) -> StepTemplate:
    last = StepTemplate.objects.filter(phase_kind=phase_kind).aggregate(m=Max("position"))["m"]
    template = StepTemplate(
        phase_kind=phase_kind,
        position=(last or 0) + 1,
        title=title,
        description=description,
        required=required,
        tool=tool,
    )
    template.full_clean()
    template.save()
    return template


@transaction.atomic
def step_template_update(*, template: StepTemplate, **fields) -> StepTemplate:
    for name, value in fields.items():
        setattr(template, name, value)
    template.full_clean()
    template.save()
    return template


@transaction.atomic
def step_template_delete(*, template: StepTemplate) -> None:
    template.delete()


def _swap(rows, item, direction: str) -> bool:
    """Swap `item` with its neighbour in `rows` (ordered by position); False at an end."""
    rows = list(rows)
    index = next(i for i, row in enumerate(rows) if row.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(rows):
        return False
    rows[index], rows[other] = rows[other], rows[index]
    for position, row in enumerate(rows, start=1):
        if row.position != position:
            row.position = position
            row.save(update_fields=["position", "updated_at"])
    return True


@transaction.atomic
def step_template_move(*, template: StepTemplate, direction: str) -> bool:
    siblings = StepTemplate.objects.select_for_update().filter(phase_kind=template.phase_kind)
    return _swap(siblings.order_by("position", "pk"), template, direction)


# --- programmes and phases ------------------------------------------------------------


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


def open_required_steps(phase: Phase) -> int:
    return phase.steps.filter(required=True, completed_on__isnull=True).count()


@transaction.atomic
def phase_sign_off(
    *,
    phase: Phase,
    actor: User,
    comment: str = "",
    open_steps_reason: str = "",
    today: datetime.date | None = None,
) -> PhaseSignOff:
    """The sponsor signs a phase off; the next phase starts. A phase with required steps
    still open needs a recorded reason."""
    phase = Phase.objects.select_for_update().select_related("programme").get(pk=phase.pk)
    _require_active(phase.programme)
    if phase.status == PhaseStatus.SIGNED_OFF:
        raise ApplicationError(f"The {phase} phase is already signed off")
    if phase.status == PhaseStatus.NOT_STARTED:
        raise ApplicationError(f"The {phase} phase has not started, so it cannot be signed off")
    before = _phase_before(phase)
    if before is not None and before.status != PhaseStatus.SIGNED_OFF:
        raise ApplicationError(f"Sign off the {before} phase first")
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
    audit_event_record(
        actor=actor,
        action="programmes.phase_signed_off",
        target=f"{phase.programme.trust.name}: {phase}",
        detail={"programme": phase.programme_id, "open_required_steps": open_count},
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
    following = (
        Phase.objects.filter(programme=phase.programme, position__gt=phase.position)
        .order_by("position")
        .first()
    )
    if following and following.status == PhaseStatus.NOT_STARTED:
        following.status = PhaseStatus.IN_PROGRESS
        following.actual_start = following.actual_start or today
        following.save(update_fields=["status", "actual_start", "updated_at"])
    summary = f"Signed off the {phase} phase"
    if open_count:
        summary += f" with {open_count} required step{'s' if open_count > 1 else ''} open"
    activity_record(programme=phase.programme, actor=actor, summary=summary)
    return sign_off


# --- steps ----------------------------------------------------------------------------


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
    _check_owner(programme, owner)
    step.title = title.strip()
    step.description = description.strip()
    step.required = required
    step.owner = owner
    step.due_on = due_on
    step.full_clean()
    step.save()
    activity_record(programme=programme, actor=actor, summary=f"Changed the step ‘{step.title}’")
    return step


@transaction.atomic
def step_move(*, step: Step, actor: User, direction: str) -> bool:
    _require_active(step.phase.programme)
    siblings = Step.objects.select_for_update().filter(phase=step.phase_id)
    return _swap(siblings.order_by("position", "pk"), step, direction)


@transaction.atomic
def step_delete(*, step: Step, actor: User) -> None:
    programme = step.phase.programme
    _require_active(programme)
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
    step.completed_on = None
    step.completed_by = None
    step.save(update_fields=["completed_on", "completed_by", "updated_at"])
    activity_record(programme=programme, actor=actor, summary=f"Reopened ‘{step.title}’")
    return step


# --- synthesis ------------------------------------------------------------------------


@transaction.atomic
def finding_create(
    *,
    programme: Programme,
    actor: User,
    statement: str,
    tool: str,
    element: str,
    kind: str,
    evidence_link: str = "",
) -> Finding:
    _require_active(programme)
    _require_elements_in_framework(programme, [element], "element")
    finding = Finding(
        programme=programme,
        statement=statement.strip(),
        tool=tool,
        element=element,
        kind=kind,
        evidence_link=evidence_link.strip(),
        created_by=actor,
    )
    finding.full_clean()
    finding.save()
    activity_record(
        programme=programme,
        actor=actor,
        summary=f"Recorded a finding: {finding.get_kind_display().lower()} in "
        f"{finding.get_element_display().lower()} ({finding.get_tool_display()})",
    )
    return finding


@transaction.atomic
def finding_update(*, finding: Finding, actor: User, **fields) -> Finding:
    _require_active(finding.programme)
    _require_elements_in_framework(finding.programme, [fields["element"]], "element")
    for name, value in fields.items():
        setattr(finding, name, value.strip() if isinstance(value, str) else value)
    finding.full_clean()
    finding.save()
    activity_record(programme=finding.programme, actor=actor, summary="Changed a finding")
    return finding


@transaction.atomic
def finding_delete(*, finding: Finding, actor: User) -> None:
    programme = finding.programme
    _require_active(programme)
    finding.delete()
    activity_record(programme=programme, actor=actor, summary="Removed a finding")


@transaction.atomic
def element_summary_set(
    *, programme: Programme, actor: User, element: str, summary: str
) -> ElementSummary | None:
    _require_active(programme)
    _require_elements_in_framework(programme, [element], "element")
    if not summary.strip():
        ElementSummary.objects.filter(programme=programme, element=element).delete()
        return None
    row, _ = ElementSummary.objects.update_or_create(
        programme=programme, element=element, defaults={"summary": summary.strip()}
    )
    activity_record(
        programme=programme,
        actor=actor,
        summary=f"Summarised {row.get_element_display().lower()} for the synthesis",
    )
    return row


# --- design ---------------------------------------------------------------------------


@transaction.atomic
def intervention_create(*, programme: Programme, actor: User, **fields) -> Intervention:
    _require_active(programme)
    _require_elements_in_framework(programme, fields.get("elements", []), "elements")
    intervention = Intervention(programme=programme, **fields)
    intervention.full_clean()
    intervention.save()
    activity_record(
        programme=programme, actor=actor, summary=f"Added the intervention ‘{intervention}’"
    )
    return intervention


@transaction.atomic
def intervention_update(*, intervention: Intervention, actor: User, **fields) -> Intervention:
    _require_active(intervention.programme)
    _require_elements_in_framework(intervention.programme, fields.get("elements", []), "elements")
    for name, value in fields.items():
        setattr(intervention, name, value)
    intervention.full_clean()
    intervention.save()
    activity_record(
        programme=intervention.programme,
        actor=actor,
        summary=f"Changed the intervention ‘{intervention}’",
    )
    return intervention


@transaction.atomic
def intervention_delete(*, intervention: Intervention, actor: User) -> None:
    programme = intervention.programme
    _require_active(programme)
    title = intervention.title
    intervention.delete()
    activity_record(programme=programme, actor=actor, summary=f"Removed the intervention ‘{title}’")


@transaction.atomic
def strategy_update(
    *,
    strategy: Strategy,
    actor: User,
    commitment: str,
    vision: str,
    board_approved_on: datetime.date | None,
    document=None,
) -> Strategy:
    programme = strategy.programme
    _require_active(programme)
    if board_approved_on and board_approved_on > timezone.localdate():
        raise ValidationError({"board_approved_on": "The approval date cannot be in the future"})
    if board_approved_on and not (vision.strip() and commitment.strip()):
        raise ValidationError(
            {"board_approved_on": "Record the commitment and vision before the board approval"}
        )
    newly_approved = board_approved_on and not strategy.board_approved_on
    strategy.commitment = commitment.strip()
    strategy.vision = vision.strip()
    strategy.board_approved_on = board_approved_on
    if document is not None:
        strategy.document_name = document.name[:200]
        file_field_save(strategy.document, document.name, document)
    strategy.save()
    summary = (
        f"Recorded the board's approval of the strategy on {board_approved_on:%-d %B %Y}"
        if newly_approved
        else "Changed the strategy"
    )
    activity_record(programme=programme, actor=actor, summary=summary)
    return strategy


@transaction.atomic
def priority_create(
    *, strategy: Strategy, actor: User, title: str, description: str = "", findings=()
) -> StrategyPriority:
    _require_active(strategy.programme)
    if any(finding.programme_id != strategy.programme_id for finding in findings):
        raise ValidationError({"findings": "Choose findings from this programme"})
    priority = StrategyPriority(
        strategy=strategy, title=title.strip(), description=description.strip()
    )
    priority.full_clean()
    priority.save()
    priority.findings.set(findings)
    activity_record(
        programme=strategy.programme, actor=actor, summary=f"Added the priority ‘{priority}’"
    )
    return priority


@transaction.atomic
def priority_update(
    *, priority: StrategyPriority, actor: User, title: str, description: str, findings
) -> StrategyPriority:
    programme = priority.strategy.programme
    _require_active(programme)
    if any(finding.programme_id != programme.pk for finding in findings):
        raise ValidationError({"findings": "Choose findings from this programme"})
    priority.title = title.strip()
    priority.description = description.strip()
    priority.full_clean()
    priority.save()
    priority.findings.set(findings)
    activity_record(programme=programme, actor=actor, summary=f"Changed the priority ‘{priority}’")
    return priority


@transaction.atomic
def priority_delete(*, priority: StrategyPriority, actor: User) -> None:
    programme = priority.strategy.programme
    _require_active(programme)
    title = priority.title
    priority.delete()
    activity_record(programme=programme, actor=actor, summary=f"Removed the priority ‘{title}’")


@transaction.atomic
def commitment_create(*, strategy: Strategy, actor: User, kind: str, text: str) -> Commitment:
    _require_active(strategy.programme)
    commitment = Commitment(strategy=strategy, kind=kind, text=text.strip())
    commitment.full_clean()
    commitment.save()
    activity_record(
        programme=strategy.programme,
        actor=actor,
        summary=f"Added a commitment: {commitment.get_kind_display().lower()}",
    )
    return commitment


@transaction.atomic
def commitment_delete(*, commitment: Commitment, actor: User) -> None:
    programme = commitment.strategy.programme
    _require_active(programme)
    commitment.delete()
    activity_record(programme=programme, actor=actor, summary="Removed a commitment")


# --- deliver --------------------------------------------------------------------------


def _check_action(programme: Programme, fields: dict) -> None:
    _check_owner(programme, fields.get("owner"))
    priority = fields.get("priority")
    if priority is not None and priority.strategy.programme_id != programme.pk:
        raise ValidationError({"priority": "Choose a priority from this programme's strategy"})
    if fields.get("element"):
        _require_elements_in_framework(programme, [fields["element"]], "element")


@transaction.atomic
def action_create(*, programme: Programme, actor: User, **fields) -> Action:
    _require_active(programme)
    _check_action(programme, fields)
    action = Action(programme=programme, **fields)
    action.full_clean()
    action.save()
    activity_record(programme=programme, actor=actor, summary=f"Added the action ‘{action}’")
    return action


@transaction.atomic
def action_update(*, action: Action, actor: User, **fields) -> Action:
    programme = action.programme
    _require_active(programme)
    _check_action(programme, fields)
    was = action.status
    for name, value in fields.items():
        setattr(action, name, value)
    action.full_clean()
    action.save()
    summary = f"Changed the action ‘{action}’"
    if was != action.status:
        summary = f"Set ‘{action}’ to {action.get_status_display().lower()}"
    activity_record(programme=programme, actor=actor, summary=summary)
    return action


@transaction.atomic
def action_delete(*, action: Action, actor: User) -> None:
    programme = action.programme
    _require_active(programme)
    title = action.title
    action.delete()
    activity_record(programme=programme, actor=actor, summary=f"Removed the action ‘{title}’")


DIGEST_HORIZON_DAYS = 14


class DigestNotSent(Exception):
    """Some digests could not be handed to the mail server; a retry sends only those."""


def action_digest_send(*, today: datetime.date | None = None) -> int:
    """E-mail each owner their open actions in active programmes that are overdue or due
    within two weeks. Returns the number of e-mails sent.

    Safe to run twice: an owner is recorded as sent before the e-mail goes, so a second run
    that week skips them. If the mail server refuses one, its record is removed again and
    DigestNotSent is raised after the others are sent, so the task's retry picks up only
    the ones that failed. Owners who have left the trust get nothing."""
    today = today or timezone.localdate()
    week_starting = today - datetime.timedelta(days=today.weekday())
    already = ActionDigestSent.objects.filter(week_starting=week_starting).values("user_id")
    horizon = today + datetime.timedelta(days=DIGEST_HORIZON_DAYS)
    open_actions = (
        Action.objects.filter(
            programme__closed_on__isnull=True,
            owner__isnull=False,
            owner__is_active=True,
            owner__memberships__trust=F("programme__trust"),
            due_on__lte=horizon,
        )
        .exclude(status=ActionStatus.DONE)
        .exclude(owner_id__in=already)
        .select_related("owner", "programme__trust")
        .order_by("owner_id", "due_on", "pk")
    )
    by_owner: dict[int, list[Action]] = defaultdict(list)
    for action in open_actions:
        by_owner[action.owner_id].append(action)
    sent = 0
    failed = []
    for actions in by_owner.values():
        owner = actions[0].owner
        overdue = [action for action in actions if action.due_on < today]
        context = {
            "owner": owner,
            "overdue": overdue,
            "due_soon": [action for action in actions if action.due_on >= today],
            "today": today,
            "site_url": settings.SITE_URL,
        }
        record, created = ActionDigestSent.objects.get_or_create(
            user=owner, week_starting=week_starting
        )
        if not created:
            continue
        subject = f"Your culture programme actions: {len(overdue)} overdue, " + (
            f"{len(actions) - len(overdue)} due in the next two weeks"
        )
        try:
            send_mail(
                subject,
                render_to_string("programmes/emails/action_digest.txt", context),
                None,
                [owner.email],
            )
        except (OSError, smtplib.SMTPException) as error:
            record.delete()
            failed.append(f"{owner.pk}: {error}")
            continue
        sent += 1
    if failed:
        raise DigestNotSent(f"{len(failed)} digests not sent ({sent} sent): {failed[:5]}")
    return sent
