import pytest

from accounts.constants import Role
from accounts.models import Trust
from accounts.selectors import (
    CURRENT_TRUST_SESSION_KEY,
    admin_overview_figures,
    membership_list_for_trust,
    trust_current_for,
    trust_get_visible_to,
    trust_list_visible_to,
)
from accounts.services import membership_set

pytestmark = pytest.mark.django_db


def test_members_see_only_their_trusts_and_admins_see_all(od_lead_a, national_admin, trust_b):
    assert list(trust_list_visible_to(od_lead_a)) == [od_lead_a.memberships.get().trust]
    assert trust_get_visible_to(od_lead_a, ods_code="rbb") is None
    assert trust_get_visible_to(national_admin, ods_code="rbb") == trust_b
    assert trust_list_visible_to(national_admin).count() == Trust.objects.count()


def test_anonymous_sees_no_trust(trust_a):
    from django.contrib.auth.models import AnonymousUser

    assert not Trust.objects.visible_to(AnonymousUser()).exists()


def test_current_trust_is_the_chosen_one_else_the_first(change_team_a, trust_a, trust_b):
    membership_set(user=change_team_a, trust=trust_b, role=Role.VIEWER)
    assert trust_current_for(change_team_a, {}) == trust_a
    assert trust_current_for(change_team_a, {CURRENT_TRUST_SESSION_KEY: trust_b.pk}) == trust_b


def test_a_stale_choice_from_a_trust_left_falls_back(od_lead_a, trust_a, trust_b):
    assert trust_current_for(od_lead_a, {CURRENT_TRUST_SESSION_KEY: trust_b.pk}) == trust_a


def test_team_is_listed_od_leads_first(viewer_a, sponsor_a, od_lead_a, change_team_a, trust_a):
    roles = [m.role for m in membership_list_for_trust(trust=trust_a)]
    assert roles == [Role.OD_LEAD, Role.CHANGE_TEAM, Role.SPONSOR, Role.VIEWER]


def test_admin_overview_figures_count_by_sector_region_and_role(od_lead_a, od_lead_b):
    figures = admin_overview_figures()
    assert figures["trust_count"] == 2
    assert dict(figures["by_role"])["OD lead"] == 2
    assert dict(figures["by_sector"])["Ambulance"] == 1
