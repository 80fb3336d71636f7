"""The programme permissions, role by role (the URL matrix checks them page by page)."""

import pytest

from programmes import services
from programmes.rules import Permission

pytestmark = pytest.mark.django_db

ROLES = ["viewer_a", "change_team_a", "od_lead_a", "sponsor_a", "od_lead_b", "national_admin"]
EXPECTED = {
    Permission.VIEW_PROGRAMME: {
        "viewer_a",
        "change_team_a",
        "od_lead_a",
        "sponsor_a",
        "national_admin",
    },
    Permission.EDIT_PROGRAMME: {"change_team_a", "od_lead_a"},
    Permission.MANAGE_PROGRAMME: {"od_lead_a"},
    Permission.SIGN_OFF_PHASE: {"sponsor_a"},
    Permission.REQUEST_SIGN_OFF: {"od_lead_a"},
}


@pytest.mark.parametrize("permission", list(EXPECTED))
def test_each_role_holds_exactly_its_programme_permissions(request, programme_a, permission):
    holders = {
        role for role in ROLES if request.getfixturevalue(role).has_perm(permission, programme_a)
    }
    assert holders == EXPECTED[permission]


def test_a_closed_programme_can_be_read_but_not_changed(request, programme_a, od_lead_a):
    services.programme_close(programme=programme_a, actor=od_lead_a)
    for role in ROLES:
        user = request.getfixturevalue(role)
        assert not user.has_perm(Permission.EDIT_PROGRAMME, programme_a)
        assert not user.has_perm(Permission.MANAGE_PROGRAMME, programme_a)
        assert not user.has_perm(Permission.SIGN_OFF_PHASE, programme_a)
        assert not user.has_perm(Permission.REQUEST_SIGN_OFF, programme_a)
    assert request.getfixturevalue("viewer_a").has_perm(Permission.VIEW_PROGRAMME, programme_a)


def test_only_an_od_lead_starts_a_programme_and_only_admins_edit_the_template(request, trust_a):
    starters = {
        role
        for role in ROLES
        if request.getfixturevalue(role).has_perm(Permission.START_PROGRAMME, trust_a)
    }
    assert starters == {"od_lead_a"}
    editors = {
        role for role in ROLES if request.getfixturevalue(role).has_perm(Permission.EDIT_TEMPLATE)
    }
    assert editors == {"national_admin"}


def test_a_named_sponsor_answers_alone(request, programme_a, trust_a):
    """Another board sponsor of the trust neither signs off nor sends back once one is named;
    while none is named, every sponsor of the trust may."""
    from accounts.constants import Role
    from tests.accounts.factories import TrustMembershipFactory

    other = TrustMembershipFactory(trust=trust_a, role=Role.SPONSOR).user
    assert not other.has_perm(Permission.SIGN_OFF_PHASE, programme_a)
    programme_a.sponsor = None
    assert other.has_perm(Permission.SIGN_OFF_PHASE, programme_a)
    assert request.getfixturevalue("sponsor_a").has_perm(Permission.SIGN_OFF_PHASE, programme_a)
