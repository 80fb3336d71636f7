"""Who may do what in the culture community. National admins run it (applications,
memberships, moderation, events); people at member trusts take part."""

from enum import StrEnum

import rules

from accounts.constants import Role
from accounts.models import TrustMembership
from accounts.rules import is_national_admin
from accounts.selectors import trust_roles_for
from community.constants import MembershipStatus


class Permission(StrEnum):
    TAKE_PART = "community.take_part"  # directory contacts, stories, events, bright spots
    APPLY = "community.apply"  # object: a trust
    MANAGE_MEMBERSHIP = "community.manage_membership"  # object: a trust
    WRITE_STORY = "community.write_story"  # object: a trust
    EDIT_STORY = "community.edit_story"  # object: a story
    RUN = "community.run"  # applications, memberships, moderation, events


def _member_trust_roles(user) -> dict[int, str]:
    """{trust id: role} for the user's trusts that are community members now (cached)."""
    if not user.is_authenticated or not user.is_active:
        return {}
    if not hasattr(user, "_community_roles"):
        user._community_roles = dict(
            TrustMembership.objects.filter(
                user=user, trust__community__status=MembershipStatus.ACTIVE
            ).values_list("trust_id", "role")
        )
    return user._community_roles


@rules.predicate
def is_community_member(user) -> bool:
    return bool(_member_trust_roles(user))


def _role_at(user, trust) -> str | None:
    if trust is None or not user.is_authenticated or not user.is_active:
        return None
    return trust_roles_for(user).get(trust.pk)


@rules.predicate
def is_od_lead_of(user, trust) -> bool:
    return _role_at(user, trust) == Role.OD_LEAD


@rules.predicate
def is_od_lead_of_member(user, trust) -> bool:
    return trust is not None and _member_trust_roles(user).get(trust.pk) == Role.OD_LEAD


@rules.predicate
def writes_for_member(user, trust) -> bool:
    return trust is not None and _member_trust_roles(user).get(trust.pk) in (
        Role.OD_LEAD,
        Role.CHANGE_TEAM,
    )


@rules.predicate
def writes_for_story_trust(user, story) -> bool:
    return story is not None and writes_for_member(user, story.trust)


rules.add_perm(Permission.TAKE_PART, is_community_member | is_national_admin)
rules.add_perm(Permission.APPLY, is_od_lead_of)
rules.add_perm(Permission.MANAGE_MEMBERSHIP, is_od_lead_of_member)
rules.add_perm(Permission.WRITE_STORY, writes_for_member)
rules.add_perm(Permission.EDIT_STORY, writes_for_story_trust)
rules.add_perm(Permission.RUN, is_national_admin)
