import pytest

from accounts import rules as accounts_rules
from accounts.rules import Permission
from tests.conftest import PERSONAS

pytestmark = pytest.mark.django_db

# Each predicate, for each persona, about trust A.
EXPECTED = {
    #                  viewer change od_a  od_b  spons admin
    "is_trust_member": [True, True, True, False, True, False],
    "is_od_lead": [False, False, True, False, False, False],
    "is_change_team": [False, True, False, False, False, False],
    "is_sponsor": [False, False, False, False, True, False],
    "is_programme_team": [False, True, True, False, False, False],
}
SIGNED_IN = PERSONAS[1:]


@pytest.mark.parametrize("predicate", EXPECTED)
@pytest.mark.parametrize("persona_name", SIGNED_IN)
def test_trust_predicates_per_role(request, trust_a, predicate, persona_name):
    user = request.getfixturevalue(persona_name)
    expected = EXPECTED[predicate][SIGNED_IN.index(persona_name)]
    assert getattr(accounts_rules, predicate).test(user, trust_a) is expected


@pytest.mark.parametrize("persona_name", SIGNED_IN)
def test_only_national_admins_are_national_admins(request, persona_name):
    user = request.getfixturevalue(persona_name)
    assert accounts_rules.is_national_admin.test(user) is (persona_name == "national_admin")


def test_anonymous_user_passes_no_predicate(trust_a):
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()
    assert not accounts_rules.is_national_admin.test(anonymous)
    assert not accounts_rules.is_trust_member.test(anonymous, trust_a)
    assert not anonymous.has_perm(Permission.VIEW_TRUST, trust_a)


def test_a_person_with_no_membership_sees_no_trust(trust_a):
    from tests.accounts.factories import UserFactory

    loner = UserFactory()
    assert not loner.has_perm(Permission.VIEW_TRUST, trust_a)
    assert not loner.has_perm(Permission.SWITCH_TRUST)


@pytest.mark.parametrize(
    ("persona_name", "trust_a_allowed", "trust_b_allowed", "overview_allowed"),
    [
        ("viewer_a", True, False, False),
        ("change_team_a", True, False, False),
        ("od_lead_a", True, False, False),
        ("od_lead_b", False, True, False),
        ("sponsor_a", True, False, False),
        ("national_admin", True, True, True),
    ],
)
def test_permissions_per_persona(
    request, trust_a, trust_b, persona_name, trust_a_allowed, trust_b_allowed, overview_allowed
):
    user = request.getfixturevalue(persona_name)
    assert user.has_perm(Permission.VIEW_TRUST, trust_a) is trust_a_allowed
    assert user.has_perm(Permission.VIEW_TRUST, trust_b) is trust_b_allowed
    assert user.has_perm(Permission.VIEW_ADMIN_OVERVIEW) is overview_allowed
