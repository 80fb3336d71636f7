"""What every programme write shares: the activity log, the closed-programme check and
the people and framework checks."""

from django.core.exceptions import ValidationError

from accounts.constants import Role
from accounts.models import Trust, TrustMembership, User
from core.exceptions import ApplicationError
from programmes.constants import FRAMEWORK_ELEMENTS
from programmes.models import ActivityEntry, Programme


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
