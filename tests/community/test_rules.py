"""Who may do what in the community: the predicates of community/rules.py."""

import pytest

from accounts.models import User
from community.constants import MembershipStatus
from tests.community.support import make_member, make_story

pytestmark = pytest.mark.django_db


def fresh(user):
    """The user as the next request sees them (the predicates cache per instance)."""
    return User.objects.get(pk=user.pk)


class TestRules:
    @pytest.mark.parametrize("persona", ["viewer_a", "change_team_a", "od_lead_a", "sponsor_a"])
    def test_everyone_at_an_active_member_trust_takes_part(self, member_a, persona, request):
        user = request.getfixturevalue(persona)
        assert fresh(user).has_perm("community.take_part")

    def test_national_admins_take_part(self, national_admin):
        assert national_admin.has_perm("community.take_part")

    def test_people_at_other_trusts_do_not_take_part(self, member_a, od_lead_b):
        assert not fresh(od_lead_b).has_perm("community.take_part")

    @pytest.mark.parametrize("status", [MembershipStatus.LEFT, MembershipStatus.LAPSED])
    def test_people_at_a_former_member_do_not_take_part(self, trust_a, od_lead_a, status):
        make_member(trust_a, status=status)
        assert not fresh(od_lead_a).has_perm("community.take_part")

    def test_a_deactivated_person_does_not_take_part(self, member_a, od_lead_a):
        User.objects.filter(pk=od_lead_a.pk).update(is_active=False)
        assert not fresh(od_lead_a).has_perm("community.take_part")

    def test_only_the_od_lead_of_the_trust_applies(
        self, trust_a, od_lead_a, change_team_a, viewer_a, od_lead_b, national_admin
    ):
        assert od_lead_a.has_perm("community.apply", trust_a)
        assert not change_team_a.has_perm("community.apply", trust_a)
        assert not viewer_a.has_perm("community.apply", trust_a)
        assert not od_lead_b.has_perm("community.apply", trust_a)
        assert not national_admin.has_perm("community.apply", trust_a)

    @pytest.mark.parametrize(
        ("persona", "allowed"),
        [("od_lead_a", True), ("change_team_a", True), ("viewer_a", False), ("sponsor_a", False)],
    )
    def test_writing_stories_for_a_member_trust(self, member_a, trust_a, persona, allowed, request):
        user = fresh(request.getfixturevalue(persona))
        assert user.has_perm("community.write_story", trust_a) is allowed

    def test_no_stories_for_a_trust_that_is_not_a_member(self, trust_a, od_lead_a, trust_b):
        assert not fresh(od_lead_a).has_perm("community.write_story", trust_a)
        make_member(trust_b)
        assert not fresh(od_lead_a).has_perm("community.write_story", trust_b)

    def test_editing_a_story_belongs_to_its_trusts_writers(
        self, member_a, trust_a, trust_b, od_lead_a, change_team_a, sponsor_a, od_lead_b
    ):
        make_member(trust_b)
        story = make_story(trust_a, od_lead_a)
        assert fresh(change_team_a).has_perm("community.edit_story", story)
        assert not fresh(sponsor_a).has_perm("community.edit_story", story)
        assert not fresh(od_lead_b).has_perm("community.edit_story", story)

    def test_managing_the_membership_is_for_the_od_lead_of_a_member(
        self, trust_a, od_lead_a, change_team_a
    ):
        assert not fresh(od_lead_a).has_perm("community.manage_membership", trust_a)
        make_member(trust_a)
        assert fresh(od_lead_a).has_perm("community.manage_membership", trust_a)
        assert not fresh(change_team_a).has_perm("community.manage_membership", trust_a)

    @pytest.mark.parametrize(
        ("persona", "allowed"),
        [
            ("national_admin", True),
            ("od_lead_a", False),
            ("change_team_a", False),
            ("viewer_a", False),
            ("sponsor_a", False),
        ],
    )
    def test_only_national_admins_run_the_community(self, member_a, persona, allowed, request):
        user = fresh(request.getfixturevalue(persona))
        assert user.has_perm("community.run") is allowed
