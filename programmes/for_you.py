"""What waits for a person in their trusts' programmes, for the "For you" list
(core/for_you.py; registered from programmes/apps.py). Read from the person's current
memberships, so someone who left a trust sees nothing more of it. Each provider makes the
same few queries however many items it finds."""

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts.constants import Role
from accounts.selectors import trust_roles_for
from core.for_you import Item, week_ends
from programmes.constants import ActionStatus, PhaseStatus
from programmes.models import Action, SignOffAnswer, SignOffRequest, Step

SPONSOR_GROUP = "Sponsor: phases ready for sign-off"
OWN_WORK_GROUP = "Your steps and actions due this week or overdue"
NO_OWNER_GROUP = "Work without an owner since someone left"


def _trusts_where(user, *roles) -> list[int]:
    return [trust for trust, role in trust_roles_for(user).items() if role in roles]


def _phase_path(phase) -> str:
    return reverse("programmes:phase", kwargs={"pk": phase.programme_id, "kind": phase.kind})


def _due(due_on, today) -> str:
    if due_on < today:
        return f"overdue since {due_on:%-d %b}"
    if due_on == today:
        return "due today"
    return f"due {due_on:%A %-d %b}"


def phases_to_sign_off(user) -> list[Item]:
    """The phases the person, as the programme's sponsor, is asked to sign off."""
    trusts = _trusts_where(user, Role.SPONSOR)
    if not trusts:
        return []
    waiting = (
        SignOffRequest.objects.filter(
            answer=SignOffAnswer.WAITING,
            phase__programme__trust_id__in=trusts,
            phase__programme__closed_on__isnull=True,
        )
        .filter(Q(phase__programme__sponsor__isnull=True) | Q(phase__programme__sponsor=user))
        .select_related("phase__programme")
        .order_by("asked_at", "pk")
    )
    return [
        Item(
            text=f"Sign off the {request.phase} phase of {request.phase.programme.name} "
            f"(asked by {request.asked_by_name})",
            url=_phase_path(request.phase),
            group=SPONSOR_GROUP,
        )
        for request in waiting
    ]


def programme_work(user) -> list[Item]:
    """The person's own open steps and actions due by the end of this week or overdue, then
    (for OD leads) open ones whose owner left the team. Two queries, steps and actions,
    each reading both kinds at once."""
    team_trusts = _trusts_where(user, Role.OD_LEAD, Role.CHANGE_TEAM)
    if not team_trusts:
        return []
    lead_trusts = _trusts_where(user, Role.OD_LEAD)
    today = timezone.localdate()
    due_by = week_ends(today)
    step_kinds = Q(owner=user, due_on__lte=due_by)
    action_kinds = Q(owner=user, due_on__lte=due_by)
    if lead_trusts:
        step_kinds |= Q(
            owner__isnull=True, owner_left=True, phase__programme__trust_id__in=lead_trusts
        )
        action_kinds |= Q(owner__isnull=True, owner_left=True, programme__trust_id__in=lead_trusts)
    steps = (
        Step.objects.filter(
            step_kinds,
            completed_on__isnull=True,
            phase__programme__trust_id__in=team_trusts,
            phase__programme__closed_on__isnull=True,
        )
        .exclude(phase__status=PhaseStatus.SIGNED_OFF)
        .select_related("phase")
        .only("pk", "title", "due_on", "owner_id", "phase__programme_id", "phase__kind")
        .order_by("phase__programme_id", "phase__position", "position")
    )
    actions = (
        Action.objects.filter(
            action_kinds,
            programme__trust_id__in=team_trusts,
            programme__closed_on__isnull=True,
        )
        .exclude(status=ActionStatus.DONE)
        .only("pk", "title", "due_on", "owner_id")
        .order_by("due_on", "pk")
    )
    own, ownerless = [], []
    for step in steps:
        if step.owner_id is None:
            ownerless.append(
                Item(
                    text=f"Give step ‘{step.title}’ a new owner",
                    url=reverse("programmes:step-edit", kwargs={"pk": step.pk}),
                    group=NO_OWNER_GROUP,
                )
            )
        else:
            own.append(
                (
                    step.due_on,
                    Item(
                        text=f"Step ‘{step.title}’ ({step.phase} phase): "
                        f"{_due(step.due_on, today)}",
                        url=f"{_phase_path(step.phase)}#step-{step.pk}",
                        group=OWN_WORK_GROUP,
                    ),
                )
            )
    for action in actions:
        url = reverse("programmes:action-edit", kwargs={"pk": action.pk})
        if action.owner_id is None:
            ownerless.append(
                Item(
                    text=f"Give action ‘{action.title}’ a new owner", url=url, group=NO_OWNER_GROUP
                )
            )
        else:
            own.append(
                (
                    action.due_on,
                    Item(
                        text=f"Action ‘{action.title}’: {_due(action.due_on, today)}",
                        url=url,
                        group=OWN_WORK_GROUP,
                    ),
                )
            )
    # Steps and actions together, soonest due first (a stable sort keeps steps in order).
    return [item for _, item in sorted(own, key=lambda pair: pair[0])] + ownerless


def own_work_due(user) -> list[Item]:
    return [item for item in programme_work(user) if item.group == OWN_WORK_GROUP]


def work_without_owner(user) -> list[Item]:
    return [item for item in programme_work(user) if item.group == NO_OWNER_GROUP]
