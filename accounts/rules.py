"""Who may do what with trusts and accounts, as named rules predicates."""

from enum import StrEnum

import rules

from accounts.constants import Role
from accounts.selectors import trust_roles_for


class Permission(StrEnum):
    VIEW_TRUST = "accounts.see_trust"
    VIEW_ADMIN_OVERVIEW = "accounts.see_admin_overview"
    SWITCH_TRUST = "accounts.switch_trust"
    VIEW_AUDIT_LOG = "accounts.see_audit_log"
    EXPORT_TRUST_DATA = "accounts.export_trust_data"
    VIEW_TEAM = "accounts.see_team"
    MANAGE_TEAM = "accounts.manage_team"
    SET_INVITATION_DOMAINS = "accounts.set_invitation_domains"
    RESET_SECOND_FACTOR = "accounts.reset_second_factor"


@rules.predicate
def is_national_admin(user) -> bool:
    return user.is_authenticated and user.is_national_admin


@rules.predicate
def has_several_trusts(user) -> bool:
    return len(trust_roles_for(user)) > 1


def _role_in_trust(user, trust) -> str | None:
    if trust is None or not user.is_authenticated:
        return None
    return trust_roles_for(user).get(trust.pk)


def has_trust_role(*roles: Role, name: str):
    @rules.predicate(name=name)
    def predicate(user, trust) -> bool:
        return _role_in_trust(user, trust) in roles

    return predicate


is_trust_member = has_trust_role(*Role, name="is_trust_member")
is_od_lead = has_trust_role(Role.OD_LEAD, name="is_od_lead")
is_change_team = has_trust_role(Role.CHANGE_TEAM, name="is_change_team")
is_sponsor = has_trust_role(Role.SPONSOR, name="is_sponsor")
is_programme_team = has_trust_role(Role.OD_LEAD, Role.CHANGE_TEAM, name="is_programme_team")

rules.add_perm(Permission.VIEW_TRUST, is_national_admin | is_trust_member)
rules.add_perm(Permission.VIEW_ADMIN_OVERVIEW, is_national_admin)
rules.add_perm(Permission.SWITCH_TRUST, has_several_trusts)
rules.add_perm(Permission.VIEW_AUDIT_LOG, is_national_admin)
# Object: a trust. Its OD lead, or a national admin (a trust leaving the portal).
rules.add_perm(Permission.EXPORT_TRUST_DATA, is_national_admin | is_od_lead)
# Object: a trust. Every member reads its team; its OD leads and national admins run it.
rules.add_perm(Permission.VIEW_TEAM, is_national_admin | is_trust_member)
rules.add_perm(Permission.MANAGE_TEAM, is_national_admin | is_od_lead)
rules.add_perm(Permission.SET_INVITATION_DOMAINS, is_national_admin)
# A lost phone: only national admins clear someone's second factor.
rules.add_perm(Permission.RESET_SECOND_FACTOR, is_national_admin)
