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
from programmes.constants import ActionStatus
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


def own_work_due(user) -> list[Item]:
    """The person's open steps and actions due by the end of this week, or overdue."""
    trusts = _trusts_where(user, Role.OD_LEAD, Role.CHANGE_TEAM)
    if not trusts:
        return []
    today = timezone.localdate()
    steps = (
        Step.objects.filter(
            owner=user,
            completed_on__isnull=True,
            due_on__lte=week_ends(today),
            phase__programme__trust_id__in=trusts,
            phase__programme__closed_on__isnull=True,
        )
        .select_related("phase")
        .order_by("due_on", "pk")
    )
    actions = (
        Action.objects.filter(
            owner=user,
            due_on__lte=week_ends(today),
            programme__trust_id__in=trusts,
            programme__closed_on__isnull=True,
        )
        .exclude(status=ActionStatus.DONE)
        .order_by("due_on", "pk")
    )
    items = [
        (
            step.due_on,
            Item(
                text=f"Step ‘{step.title}’ ({step.phase} phase): {_due(step.due_on, today)}",
                url=f"{_phase_path(step.phase)}#step-{step.pk}",
                group=OWN_WORK_GROUP,
            ),
        )
        for step in steps
    ]
    items += [
        (
            action.due_on,
            Item(
                text=f"Action ‘{action.title}’: {_due(action.due_on, today)}",
                url=reverse("programmes:action-edit", kwargs={"pk": action.pk}),
                group=OWN_WORK_GROUP,
            ),
        )
        for action in actions
    ]
    return [item for _, item in sorted(items, key=lambda pair: pair[0])]


def work_without_owner(user) -> list[Item]:
    """For OD leads: open steps and actions whose owner left the team, to give to someone."""
    trusts = _trusts_where(user, Role.OD_LEAD)
    if not trusts:
        return []
    steps = Step.objects.filter(
        owner__isnull=True,
        owner_left=True,
        completed_on__isnull=True,
        phase__programme__trust_id__in=trusts,
        phase__programme__closed_on__isnull=True,
    ).order_by("phase__programme_id", "phase__position", "position")
    actions = (
        Action.objects.filter(
            owner__isnull=True,
            owner_left=True,
            programme__trust_id__in=trusts,
            programme__closed_on__isnull=True,
        )
        .exclude(status=ActionStatus.DONE)
        .order_by("due_on", "pk")
    )
    return [
        Item(
            text=f"Give step ‘{step.title}’ a new owner",
            url=reverse("programmes:step-edit", kwargs={"pk": step.pk}),
            group=NO_OWNER_GROUP,
        )
        for step in steps
    ] + [
        Item(
            text=f"Give action ‘{action.title}’ a new owner",
            url=reverse("programmes:action-edit", kwargs={"pk": action.pk}),
            group=NO_OWNER_GROUP,
        )
        for action in actions
    ]
