"""A trust's team, run by the trust: the permission matrix of every team and account URL,
invitations (signed, single-use, expiring, within the trust's domains), roles and leavers
(the last OD lead kept, access gone at once, a sponsor replaced, owned work flagged), and
the audit log of each."""

from datetime import timedelta

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from accounts import services
from accounts.constants import Role
from accounts.models import Invitation, TrustMembership, User
from accounts.selectors import invitation_from_link
from core.exceptions import ApplicationError
from core.models import AuditEvent, Email
from tests.accounts.factories import TrustMembershipFactory, UserFactory
from tests.conftest import PERSONAS
from tests.url_matrix import FORBIDDEN, LOGIN, NOT_FOUND, OK, POST_ONLY, matrix_tests

pytestmark = pytest.mark.django_db

RAA = lambda objects: {"ods_code": "RAA"}  # noqa: E731
NONE = lambda objects: {}  # noqa: E731
MEMBERS_READ = {
    "anonymous": LOGIN,
    "viewer_a": OK,
    "change_team_a": OK,
    "od_lead_a": OK,
    "od_lead_b": NOT_FOUND,  # another trust's OD lead: the trust is not revealed
    "sponsor_a": OK,
    "national_admin": OK,
}
MANAGERS_ONLY = {
    **MEMBERS_READ,
    "viewer_a": FORBIDDEN,
    "change_team_a": FORBIDDEN,
    "sponsor_a": FORBIDDEN,
}
ADMINS_ONLY = {**MANAGERS_ONLY, "od_lead_a": FORBIDDEN}
SIGNED_IN_OK = {**dict.fromkeys(PERSONAS, OK), "anonymous": LOGIN}

MATRIX = {
    "accounts:team": (RAA, MEMBERS_READ),
    "accounts:team-invite": (RAA, MANAGERS_ONLY),
    "accounts:team-domains": (RAA, ADMINS_ONLY),
    "accounts:team-member": (
        lambda objects: {"ods_code": "RAA", "pk": objects["viewer_membership"].pk},
        MANAGERS_ONLY,
    ),
    "accounts:invitation-resend": (
        lambda objects: {"ods_code": "RAA", "pk": objects["invitation"].pk},
        POST_ONLY,
    ),
    # Tested per persona in tests/accounts/test_second_factor.py (TestResetByANationalAdmin).
    "accounts:team-member-second-factor-reset": (
        lambda objects: {"ods_code": "RAA", "pk": objects["viewer_membership"].pk},
        POST_ONLY,
    ),
    "accounts:invitation-withdraw": (
        lambda objects: {"ods_code": "RAA", "pk": objects["invitation"].pk},
        POST_ONLY,
    ),
    # The link itself is the key: anyone holding it sees the invitation.
    "accounts:invitation": (
        lambda objects: {"token": objects["token"]},
        dict.fromkeys(PERSONAS, OK),
    ),
    "accounts:account": (NONE, SIGNED_IN_OK),
    "accounts:account-name": (NONE, SIGNED_IN_OK),
    "accounts:account-email": (NONE, SIGNED_IN_OK),
    # A GET only asks for the click (mail scanners open links).
    "accounts:email-confirm": (lambda objects: {"token": "x"}, SIGNED_IN_OK),
    "accounts:account-password": (NONE, SIGNED_IN_OK),
    "accounts:notifications": (NONE, SIGNED_IN_OK),
    "core:for-you": (NONE, SIGNED_IN_OK),
    "accounts:sign-out-everywhere": (NONE, POST_ONLY),
}

POST_MATRIX = {
    "accounts:invitation-resend": ({}, {**MANAGERS_ONLY, "od_lead_a": 302, "national_admin": 302}),
    "accounts:invitation-withdraw": (
        {},
        {**MANAGERS_ONLY, "od_lead_a": 302, "national_admin": 302},
    ),
    "accounts:sign-out-everywhere": ({}, {**dict.fromkeys(PERSONAS, 302), "anonymous": LOGIN}),
}


@pytest.fixture
def objects(trust_a, od_lead_a, od_lead_b, viewer_a, mailoutbox):
    invitation = services.invitation_create(
        trust=trust_a, email="new.person@example.nhs.uk", role=Role.VIEWER, actor=od_lead_a
    )
    return {
        "invitation": invitation,
        "token": services.invitation_link(invitation).rstrip("/").rsplit("/", 1)[1],
        "viewer_membership": TrustMembership.objects.get(user=viewer_a),
    }


(
    test_get_answers_each_persona_as_the_matrix_says,
    test_post_answers_each_persona_as_the_matrix_says,
) = matrix_tests(MATRIX, POST_MATRIX)


def _token(invitation):
    return services.invitation_link(invitation).rstrip("/").rsplit("/", 1)[1]


def _invite(trust, actor, email="pat@example.nhs.uk", role=Role.CHANGE_TEAM):
    return services.invitation_create(trust=trust, email=email, role=role, actor=actor)


class TestInvitations:
    def test_an_invitation_e_mails_a_link_that_opens_it(self, trust_a, od_lead_a):
        invitation = _invite(trust_a, od_lead_a)
        email = Email.objects.get(to_email="pat@example.nhs.uk")
        assert services.invitation_link(invitation) in email.body
        assert invitation_from_link(_token(invitation)) == (invitation, "")
        assert invitation.expires_at - invitation.sent_at == timedelta(days=7)
        assert AuditEvent.objects.filter(action="accounts.invitation_sent").exists()

    def test_accepting_with_a_new_account_makes_the_membership_once(
        self, client, trust_a, od_lead_a
    ):
        invitation = _invite(trust_a, od_lead_a)
        url = reverse("accounts:invitation", args=[_token(invitation)])
        data = {
            "full_name": "Pat Jones",
            "password1": "a long enough passphrase 7",
            "password2": "a long enough passphrase 7",
        }
        response = client.post(url, data)
        assert response.status_code == 302 and response.url == "/trusts/RAA/"
        user = User.objects.get(email="pat@example.nhs.uk")
        assert user.check_password("a long enough passphrase 7")
        assert TrustMembership.objects.get(user=user, trust=trust_a).role == Role.CHANGE_TEAM
        assert AuditEvent.objects.filter(action="accounts.invitation_accepted").count() == 1

        # A second use of the same link, signed in or not, changes nothing.
        client.post(reverse("accounts:sign-out"))
        again = client.post(url, {**data, "full_name": "Someone Else"})
        assert again.status_code == 410
        assert b"already been used" in again.content
        assert User.objects.filter(email="pat@example.nhs.uk").count() == 1
        assert AuditEvent.objects.filter(action="accounts.invitation_accepted").count() == 1

    def test_a_weak_or_mismatched_password_is_refused_and_nothing_is_made(
        self, client, trust_a, od_lead_a
    ):
        invitation = _invite(trust_a, od_lead_a)
        url = reverse("accounts:invitation", args=[_token(invitation)])
        weak = client.post(url, {"full_name": "Pat", "password1": "short", "password2": "short"})
        assert weak.status_code == 200 and b"too short" in weak.content
        mismatch = client.post(
            url,
            {"full_name": "Pat", "password1": "a long passphrase 1", "password2": "different 22"},
        )
        assert b"The two passwords do not match" in mismatch.content
        assert not User.objects.filter(email="pat@example.nhs.uk").exists()

    def test_an_existing_account_accepts_after_signing_in(self, client_as, trust_a, od_lead_a):
        person = UserFactory(email="pat@example.nhs.uk", full_name="Pat Jones")
        invitation = _invite(trust_a, od_lead_a)
        url = reverse("accounts:invitation", args=[_token(invitation)])
        anonymous_page = client_as(None).get(url)
        assert b"Sign in to accept" in anonymous_page.content
        client = client_as(person)
        assert b"Join the team" in client.get(url).content
        response = client.post(url)
        assert response.url == "/trusts/RAA/"
        assert TrustMembership.objects.filter(user=person, trust=trust_a).exists()

    def test_someone_else_signed_in_cannot_take_the_invitation(
        self, client_as, trust_a, od_lead_a, od_lead_b
    ):
        invitation = _invite(trust_a, od_lead_a)
        url = reverse("accounts:invitation", args=[_token(invitation)])
        client = client_as(od_lead_b)
        assert b"This invitation is for someone else" in client.get(url).content
        client.post(url)
        assert not TrustMembership.objects.filter(user=od_lead_b, trust=trust_a).exists()
        invitation.refresh_from_db()
        assert invitation.accepted_at is None

    @pytest.mark.parametrize(
        ("spoil", "message", "status"),
        [
            (
                lambda inv: inv.__class__.objects.filter(pk=inv.pk).update(
                    expires_at=timezone.now() - timedelta(minutes=1)
                ),
                b"has expired",
                410,
            ),
            (
                lambda inv: inv.__class__.objects.filter(pk=inv.pk).update(
                    withdrawn_at=timezone.now()
                ),
                b"has been withdrawn",
                410,
            ),
            (
                lambda inv: inv.__class__.objects.filter(pk=inv.pk).update(
                    accepted_at=timezone.now()
                ),
                b"already been used",
                410,
            ),
            (
                lambda inv: inv.__class__.objects.filter(pk=inv.pk).update(link_nonce="replaced"),
                b"newer invitation replaced",
                410,
            ),
        ],
    )
    def test_a_spoilt_link_says_why_and_changes_nothing(
        self, client, trust_a, od_lead_a, spoil, message, status
    ):
        invitation = _invite(trust_a, od_lead_a)
        url = reverse("accounts:invitation", args=[_token(invitation)])
        spoil(invitation)
        data = {
            "full_name": "Pat",
            "password1": "a long passphrase 1",
            "password2": "a long passphrase 1",
        }
        for response in (client.get(url), client.post(url, data)):
            assert response.status_code == status
            assert message in response.content
        assert not User.objects.filter(email="pat@example.nhs.uk").exists()

    def test_a_forged_or_truncated_link_is_not_found(self, client, trust_a, od_lead_a):
        invitation = _invite(trust_a, od_lead_a)
        forged = signing.dumps({"i": invitation.pk, "n": invitation.link_nonce}, salt="other")
        for token in (forged, _token(invitation)[:-3], "nonsense"):
            response = client.get(reverse("accounts:invitation", args=[token]))
            assert response.status_code == 404
            assert b"not valid" in response.content

    def test_resending_gives_a_new_link_and_retires_the_old(self, trust_a, od_lead_a):
        invitation = _invite(trust_a, od_lead_a)
        old = _token(invitation)
        services.invitation_resend(invitation=invitation, actor=od_lead_a)
        invitation.refresh_from_db()
        assert invitation_from_link(old)[1].startswith("A newer invitation")
        assert invitation_from_link(_token(invitation)) == (invitation, "")
        assert Email.objects.filter(to_email="pat@example.nhs.uk").count() == 2

    def test_outside_the_allowed_domains_is_refused_naming_them(
        self, client_as, trust_a, od_lead_a, national_admin
    ):
        services.trust_invitation_domains_set(
            trust=trust_a, domains=["nhs.net", "trust-a.nhs.uk"], actor=national_admin
        )
        with pytest.raises(ApplicationError, match="ending in nhs.net, trust-a.nhs.uk"):
            _invite(trust_a, od_lead_a, email="pat@gmail.com")
        # A sub-domain of an allowed one is allowed.
        _invite(trust_a, od_lead_a, email="pat@mail.nhs.net")
        response = client_as(od_lead_a).post(
            reverse("accounts:team-invite", args=["RAA"]),
            {"email": "sam@example.com", "role": Role.VIEWER},
        )
        assert response.status_code == 200
        assert b"ending in nhs.net, trust-a.nhs.uk" in response.content
        assert not Invitation.objects.filter(email="sam@example.com").exists()

    def test_inviting_a_member_or_someone_already_invited_is_refused(
        self, client_as, trust_a, od_lead_a, viewer_a
    ):
        with pytest.raises(ApplicationError, match="already a member"):
            _invite(trust_a, od_lead_a, email=viewer_a.email.upper())
        _invite(trust_a, od_lead_a)
        response = client_as(od_lead_a).post(
            reverse("accounts:team-invite", args=["RAA"]),
            {"email": "PAT@example.nhs.uk", "role": Role.VIEWER},
        )
        assert b"already has an invitation waiting" in response.content
        assert Invitation.objects.filter(email="pat@example.nhs.uk").count() == 1

    def test_an_expired_invitation_can_be_replaced_by_a_new_one(self, trust_a, od_lead_a):
        first = _invite(trust_a, od_lead_a)
        Invitation.objects.filter(pk=first.pk).update(expires_at=timezone.now())
        second = _invite(trust_a, od_lead_a)
        first.refresh_from_db()
        assert first.withdrawn_at is not None and second.pk != first.pk

    def test_a_withdrawn_invitation_leaves_the_team_page(self, client_as, trust_a, od_lead_a):
        invitation = _invite(trust_a, od_lead_a)
        client = client_as(od_lead_a)
        assert b"pat@example.nhs.uk" in client.get(reverse("accounts:team", args=["RAA"])).content
        client.post(reverse("accounts:invitation-withdraw", args=["RAA", invitation.pk]))
        page = client.get(reverse("accounts:team", args=["RAA"])).content
        assert b"No invitation is waiting to be accepted" in page
        # Withdrawing twice says so and changes nothing.
        again = client.post(
            reverse("accounts:invitation-withdraw", args=["RAA", invitation.pk]), follow=True
        )
        assert again.status_code == 404

    def test_a_bad_domain_list_names_the_line(self, client_as, trust_a, national_admin):
        response = client_as(national_admin).post(
            reverse("accounts:team-domains", args=["RAA"]), {"domains": "nhs.net\nnot a domain"}
        )
        assert b"Line 2" in response.content
        trust_a.refresh_from_db()
        assert trust_a.invitation_domains == []


class TestRolesAndLeavers:
    def _membership(self, user):
        return TrustMembership.objects.get(user=user)

    def test_nobody_changes_their_own_role(self, trust_a, od_lead_a, client_as):
        with pytest.raises(ApplicationError, match="cannot change your own role"):
            services.member_role_change(
                membership=self._membership(od_lead_a), role=Role.VIEWER, actor=od_lead_a
            )
        response = client_as(od_lead_a).get(
            reverse("accounts:team-member", args=["RAA", self._membership(od_lead_a).pk])
        )
        assert response.status_code == 302

    def test_the_last_od_lead_cannot_be_demoted_or_removed(self, od_lead_a, national_admin):
        membership = self._membership(od_lead_a)
        with pytest.raises(ApplicationError, match="only OD lead"):
            services.member_role_change(
                membership=membership, role=Role.VIEWER, actor=national_admin
            )
        with pytest.raises(ApplicationError, match="only OD lead"):
            services.member_remove(membership=membership, actor=national_admin)
        assert self._membership(od_lead_a).role == Role.OD_LEAD

    def test_with_a_second_od_lead_one_can_be_demoted(self, trust_a, od_lead_a, national_admin):
        other = TrustMembershipFactory(trust=trust_a, role=Role.OD_LEAD).user
        services.member_role_change(
            membership=self._membership(other), role=Role.VIEWER, actor=od_lead_a
        )
        assert self._membership(other).role == Role.VIEWER
        event = AuditEvent.objects.get(action="accounts.role_changed")
        assert event.detail == {"role": "viewer", "was": "od_lead", "sponsor_replaced_by": ""}

    def test_a_removed_member_loses_the_trust_on_their_next_request(
        self, client, trust_a, od_lead_a, viewer_a
    ):
        client.force_login(viewer_a)
        assert client.get("/trusts/RAA/").status_code == 200
        services.member_remove(membership=self._membership(viewer_a), actor=od_lead_a)
        # The same session, still open.
        assert client.get("/trusts/RAA/").status_code == 404
        assert client.get("/trusts/RAA/team/").status_code == 404
        assert AuditEvent.objects.filter(action="accounts.role_removed").exists()

    def test_removing_the_sponsor_asks_for_a_replacement_first(
        self, client_as, programme_a, trust_a, od_lead_a, sponsor_a
    ):
        membership = self._membership(sponsor_a)
        url = reverse("accounts:team-member", args=["RAA", membership.pk])
        client = client_as(od_lead_a)
        page = client.get(url).content
        assert b"Invite a new board sponsor" in page
        response = client.post(url, {"change": "remove"})
        assert b"Choose who replaces them" in response.content
        assert TrustMembership.objects.filter(pk=membership.pk).exists()

        second = TrustMembershipFactory(
            trust=trust_a, role=Role.SPONSOR, user=UserFactory(full_name="Second Sponsor")
        ).user
        response = client.post(url, {"change": "remove", "replacement_sponsor": second.pk})
        assert response.status_code == 302
        programme_a.refresh_from_db()
        assert programme_a.sponsor == second
        assert not TrustMembership.objects.filter(pk=membership.pk).exists()

    def test_a_leaver_s_open_work_shows_no_owner_and_is_flagged(
        self, client_as, programme_a, od_lead_a, change_team_a
    ):
        from programmes.models import Action, Step

        step = Step.objects.filter(phase__programme=programme_a).first()
        Step.objects.filter(pk=step.pk).update(owner=change_team_a)
        action = Action.objects.create(
            programme=programme_a,
            title="Run listening events",
            owner=change_team_a,
            due_on=timezone.localdate() + timedelta(days=10),
        )
        membership = self._membership(change_team_a)
        page = client_as(od_lead_a).get(
            reverse("accounts:team-member", args=["RAA", membership.pk])
        )
        assert b"1 programme step and 1 action" in page.content
        services.member_remove(membership=membership, actor=od_lead_a)
        step.refresh_from_db()
        action.refresh_from_db()
        assert (step.owner, step.owner_left, action.owner, action.owner_left) == (
            None,
            True,
            None,
            True,
        )
        overview = client_as(od_lead_a).get(reverse("programmes:overview", args=[programme_a.pk]))
        assert b"Work with no owner" in overview.content
        assert b"Run listening events" in overview.content
        assert change_team_a not in programme_a.change_team.all()

    def test_a_viewer_cannot_invite_or_change_anyone(self, client_as, viewer_a, od_lead_a):
        client = client_as(viewer_a)
        response = client.post(
            reverse("accounts:team-invite", args=["RAA"]),
            {"email": "x@example.nhs.uk", "role": Role.OD_LEAD},
        )
        assert response.status_code == 403
        assert not Invitation.objects.exists()

    def test_a_national_admin_appoints_an_od_lead_to_any_trust(
        self, client_as, trust_b, national_admin
    ):
        response = client_as(national_admin).post(
            reverse("accounts:team-invite", args=["RBB"]),
            {"email": "lead@trust-b.nhs.uk", "role": Role.OD_LEAD},
        )
        assert response.status_code == 302
        assert Invitation.objects.get(email="lead@trust-b.nhs.uk").role == Role.OD_LEAD


def test_the_team_page_s_queries_do_not_grow_with_its_members(
    client_as, trust_a, od_lead_a, django_assert_max_num_queries
):
    client = client_as(od_lead_a)
    url = reverse("accounts:team", args=["RAA"])
    for n in range(3):
        _invite(trust_a, od_lead_a, email=f"p{n}@example.nhs.uk")
    client.get(url)
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    for n in range(25):
        TrustMembershipFactory(trust=trust_a, role=Role.CHANGE_TEAM)
        _invite(trust_a, od_lead_a, email=f"q{n}@example.nhs.uk")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.count(b"example.nhs.uk") >= 25


def test_the_member_page_offers_both_changes(client_as, trust_a, od_lead_a, viewer_a):
    membership = TrustMembership.objects.get(user=viewer_a)
    page = client_as(od_lead_a).get(reverse("accounts:team-member", args=["RAA", membership.pk]))
    assert page.content.count(b'name="role"') == len(Role)
    assert b"Change role" in page.content and b"Remove Vera Viewer from the team" in page.content
    response = client_as(od_lead_a).post(
        reverse("accounts:team-member", args=["RAA", membership.pk]),
        {"change": "role", "role": Role.CHANGE_TEAM},
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.CHANGE_TEAM


class TestReviewFindings:
    def test_a_change_team_member_made_a_viewer_leaves_their_work_flagged(
        self, programme_a, od_lead_a, change_team_a
    ):
        from programmes.models import Step

        step = Step.objects.filter(phase__programme=programme_a).first()
        Step.objects.filter(pk=step.pk).update(owner=change_team_a)
        services.member_role_change(
            membership=TrustMembership.objects.get(user=change_team_a),
            role=Role.VIEWER,
            actor=od_lead_a,
        )
        step.refresh_from_db()
        assert (step.owner, step.owner_left) == (None, True)
        assert change_team_a not in programme_a.change_team.all()

    def test_a_refused_acceptance_goes_back_to_the_link_not_a_404(
        self, client_as, trust_a, od_lead_a, od_lead_b
    ):
        invitation = _invite(trust_a, od_lead_a)
        url = reverse("accounts:invitation", args=[_token(invitation)])
        response = client_as(od_lead_b).post(url, follow=True)
        assert response.status_code == 200
        assert response.redirect_chain[-1][0] == url
        assert b"This invitation is for pat@example.nhs.uk" in response.content

    def test_a_second_acceptance_with_a_new_account_is_refused_cleanly(self, trust_a, od_lead_a):
        invitation = _invite(trust_a, od_lead_a)
        services.invitation_accept_with_new_account(
            invitation=invitation, full_name="Pat", password="a long passphrase 1"
        )
        with pytest.raises(ApplicationError, match="already been accepted"):
            services.invitation_accept_with_new_account(
                invitation=invitation, full_name="Pat", password="a long passphrase 1"
            )
        assert User.objects.filter(email="pat@example.nhs.uk").count() == 1

    def test_a_very_long_trust_name_still_gets_its_invitation_sent(self, od_lead_a, trust_a):
        trust_a.name = "A" * 200
        trust_a.save()
        _invite(trust_a, od_lead_a)
        assert len(Email.objects.get(to_email="pat@example.nhs.uk").subject) == 200
