"""What a person leaving a trust's team leaves behind in its programmes (registered with
accounts/leavers.py from programmes/apps.py)."""

from django.db.models import Q

from accounts.leavers import LeaverHandler, LeaverImpact
from programmes.constants import ActionStatus
from programmes.models import Action, Programme, Step


def _open_steps(trust, user):
    return Step.objects.filter(
        phase__programme__trust=trust,
        phase__programme__closed_on__isnull=True,
        owner=user,
        completed_on__isnull=True,
    )


def _open_actions(trust, user):
    return Action.objects.filter(
        programme__trust=trust, programme__closed_on__isnull=True, owner=user
    ).exclude(status=ActionStatus.DONE)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def describe(trust, user) -> LeaverImpact:
    sponsor_of = list(
        Programme.objects.filter(trust=trust, closed_on__isnull=True, sponsor=user).values_list(
            "name", flat=True
        )
    )
    owned = []
    if steps := _open_steps(trust, user).count():
        owned.append(_plural(steps, "programme step"))
    if actions := _open_actions(trust, user).count():
        owned.append(_plural(actions, "action"))
    return LeaverImpact(sponsor_of=sponsor_of, owned=owned)


def apply(trust, user, replacement_sponsor, leaving: bool) -> None:
    if replacement_sponsor is not None:
        Programme.objects.filter(trust=trust, closed_on__isnull=True, sponsor=user).update(
            sponsor=replacement_sponsor
        )
    if not leaving:
        return
    # Open work loses its owner and is flagged; finished work keeps the name of who did it.
    _open_steps(trust, user).update(owner=None, owner_left=True)
    _open_actions(trust, user).update(owner=None, owner_left=True)
    for programme in Programme.objects.filter(
        Q(change_team=user), trust=trust, closed_on__isnull=True
    ):
        programme.change_team.remove(user)


handler = LeaverHandler(describe=describe, apply=apply)
