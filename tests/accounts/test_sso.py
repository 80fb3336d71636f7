"""Single sign-on against a real OpenID Connect provider on loopback (tests/oidc_provider.py):
the Django test client plays the browser, the provider's own authorise step is completed
over HTTP, and the portal does everything else (discovery, code exchange, key set, user
info) for real."""

from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY
from django.test import Client
from django.urls import reverse

from accounts import oidc, services
from accounts.constants import Role
from accounts.models import TrustMembership, User
from core.models import AuditEvent
from tests.accounts.factories import UserFactory
from tests.oidc_provider import point_portal_at

pytestmark = pytest.mark.django_db

SUB = "subject-1234"


def invite(*, trust, email, role=Role.CHANGE_TEAM, actor=None):
    """An invitation waiting for `email`, sent the way the team page sends it."""
    actor = actor or UserFactory(full_name="Nia National", national_admin=True)
    return services.invitation_create(trust=trust, email=email, role=role, actor=actor)


def start(client, **query):
    response = client.get(reverse("accounts:sso-start"), query)
    assert response.status_code == 302
    return response.url


def back_to_portal(client, callback_url):
    parts = urlsplit(callback_url)
    assert parts.path == reverse("accounts:sso-callback")
    return client.get(parts.path, parse_qs(parts.query))


def sign_in_by_sso(client, provider, *, sub=SUB, **claims):
    provider.set_user(sub, **claims)
    return back_to_portal(client, provider.authorize(start(client), sub))


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


def refusals():
    return list(AuditEvent.objects.filter(action="accounts.sso_refused").order_by("pk"))


def assert_refused(client, response, reason, *, target="unknown"):
    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:sso-failed')}?reason={reason}"
    assert signed_in_user_id(client) is None
    [event] = refusals()
    assert (event.actor, event.target, event.detail) == (None, target, {"reason": reason})
    page = client.get(response.url)
    assert page.status_code == 200
    assert b"You are not signed in" in page.content


class TestTheStart:
    def test_sends_the_browser_to_the_provider_with_state_nonce_and_pkce(self, client, sso_on):
        url = start(client)
        assert url.startswith(f"{sso_on.url}/oauth2/authorize?")
        query = parse_qs(urlsplit(url).query)
        assert query["client_id"] == ["culture-portal"]
        assert query["redirect_uri"] == ["http://testserver/oidc/callback/"]
        assert query["code_challenge_method"] == ["S256"]
        assert query["scope"] == ["openid email profile"]
        assert {"state", "nonce", "code_challenge"} <= set(query)
        stored = client.session["oidc_states"][query["state"][0]]
        assert stored["nonce"] == query["nonce"][0] and stored["code_verifier"]

    def test_an_unreachable_provider_gets_a_page_not_an_error(self, client, settings, sso_on):
        settings.OIDC_DISCOVERY_URL = "http://127.0.0.1:9/"  # nothing listens on port 9
        oidc.provider_forget()
        response = client.get(reverse("accounts:sso-start"))
        assert response.url == f"{reverse('accounts:sso-failed')}?reason=provider_unavailable"
        assert client.get(response.url).status_code == 200

    def test_a_discovery_document_naming_another_issuer_is_not_used(self, client, sso_on):
        sso_on.discovery_changes = {"issuer": "https://issuer.example.org"}
        response = client.get(reverse("accounts:sso-start"))
        assert response.url == f"{reverse('accounts:sso-failed')}?reason=provider_unavailable"

    def test_discovery_is_fetched_once_and_kept(self, client, sso_on):
        start(client)
        first = oidc.provider()
        start(client)
        assert oidc.provider() is first
        assert first.issuer == sso_on.url
        assert first.end_session_endpoint == f"{sso_on.url}/oauth2/end_session"


class TestWhoGetsIn:
    def test_an_existing_account_signs_in_whatever_the_case_of_its_address(
        self, client, sso_on, od_lead_a
    ):
        response = sign_in_by_sso(
            client, sso_on, email=od_lead_a.email.upper(), email_verified=True
        )
        assert response.status_code == 302 and response.url == reverse("accounts:landing")
        assert signed_in_user_id(client) == str(od_lead_a.pk)
        assert client.session[BACKEND_SESSION_KEY] == "accounts.oidc.PortalOIDCBackend"
        [event] = AuditEvent.objects.filter(action="accounts.sso_signed_in")
        assert (event.actor, event.target) == (od_lead_a, od_lead_a.email)
        assert refusals() == []
        assert client.get(response.url).url == "/trusts/RAA/"

    def test_an_invitation_becomes_an_account_and_a_membership(self, client, sso_on, od_lead_a):
        invitation = invite(trust=od_lead_a.memberships.get().trust, email="new.person@nhs.net")
        response = sign_in_by_sso(
            client, sso_on, email="New.Person@nhs.net", email_verified=True, name="Nia New"
        )
        user = User.objects.get(email="new.person@nhs.net")
        assert signed_in_user_id(client) == str(user.pk)
        assert user.full_name == "Nia New" and not user.has_usable_password()
        membership = TrustMembership.objects.get(user=user)
        assert (membership.trust.ods_code, membership.role) == ("RAA", Role.CHANGE_TEAM)
        invitation.refresh_from_db()
        assert invitation.accepted_by == user
        accepted = AuditEvent.objects.get(action="accounts.invitation_accepted")
        assert accepted.detail["via"] == "single sign-on"
        landing = client.get(response.url)
        assert landing.url == "/trusts/RAA/"
        assert client.get(landing.url).status_code == 200

    def test_an_existing_account_with_an_invitation_joins_the_trust(
        self, client, sso_on, od_lead_a, trust_b
    ):
        invite(trust=trust_b, email=od_lead_a.email, role=Role.VIEWER)
        sign_in_by_sso(client, sso_on, email=od_lead_a.email, email_verified=True)
        assert signed_in_user_id(client) == str(od_lead_a.pk)
        roles = dict(od_lead_a.memberships.values_list("trust__ods_code", "role"))
        assert roles == {"RAA": Role.OD_LEAD, "RBB": Role.VIEWER}
        assert User.objects.filter(email__iexact=od_lead_a.email).count() == 1

    def test_a_name_is_made_from_given_and_family_names_or_the_address(self):
        assert oidc.full_name_from({"given_name": "Ada", "family_name": "Obi"}, "a@x") == (
            "Ada Obi"
        )
        assert oidc.full_name_from({}, "ada.obi@nhs.net") == "ada.obi"

    def test_a_string_true_counts_as_verified(self, client, sso_on, od_lead_a):
        sign_in_by_sso(client, sso_on, email=od_lead_a.email, email_verified="true")
        assert signed_in_user_id(client) == str(od_lead_a.pk)


class TestRefusals:
    """Each ends signed out, with nothing made (no account, no membership), recorded in the
    audit log with a reason code and no token, on a page that says what happened."""

    @pytest.fixture
    def invited(self, trust_a):
        """Someone with an invitation: a refusal must still not make their account."""
        return invite(trust=trust_a, email="invited@nhs.net")

    def assert_nothing_made(self, invited):
        assert not User.objects.filter(email__iexact=invited.email).exists()
        assert not TrustMembership.objects.filter(user__email__iexact=invited.email).exists()
        invited.refresh_from_db()
        assert invited.accepted_at is None

    def test_a_token_for_another_client_is_refused(self, client, sso_on, invited):
        sso_on.set_user(SUB, email=invited.email, email_verified=True)
        authorize_url = start(client)
        nonce = parse_qs(urlsplit(authorize_url).query)["nonce"][0]
        # Signed by the provider, same person, same nonce; but its aud is another service.
        sso_on.id_token_instead = sso_on.id_token_for_another_client(
            client_id="another-service", sub=SUB, nonce=nonce
        )
        response = back_to_portal(client, sso_on.authorize(authorize_url, SUB))
        assert_refused(client, response, "token_wrong_audience")
        self.assert_nothing_made(invited)

    def test_the_portal_expecting_another_client_id_refuses(
        self, client, settings, sso_on, invited
    ):
        sso_on.set_user(SUB, email=invited.email, email_verified=True)
        authorize_url = start(client)
        callback = sso_on.authorize(authorize_url, SUB)
        # The provider issued the code to culture-portal; the portal now says it is another.
        settings.OIDC_RP_CLIENT_ID = "someone-else"
        assert_refused(client, back_to_portal(client, callback), "provider_error")
        self.assert_nothing_made(invited)

    def test_an_expired_token_is_refused(
        self, client, settings, sso_on, expiring_oidc_provider, invited
    ):
        point_portal_at(settings, expiring_oidc_provider)
        response = sign_in_by_sso(
            client, expiring_oidc_provider, email=invited.email, email_verified=True
        )
        assert_refused(client, response, "token_expired")
        self.assert_nothing_made(invited)

    def test_a_token_the_published_keys_do_not_verify_is_refused(self, client, sso_on, invited):
        sso_on.published_keys = sso_on.key_set_with_another_key()
        response = sign_in_by_sso(client, sso_on, email=invited.email, email_verified=True)
        assert_refused(client, response, "token_bad_signature")
        self.assert_nothing_made(invited)

    def test_a_token_from_another_issuer_is_refused(self, client, sso_on, invited):
        # Reached as "localhost", the provider signs its tokens as that issuer instead.
        port = urlsplit(sso_on.url).port
        sso_on.discovery_changes = {"token_endpoint": f"http://localhost:{port}/oauth2/token"}
        response = sign_in_by_sso(client, sso_on, email=invited.email, email_verified=True)
        assert_refused(client, response, "token_wrong_issuer")
        self.assert_nothing_made(invited)

    def test_a_changed_state_is_refused(self, client, sso_on, invited):
        sso_on.set_user(SUB, email=invited.email, email_verified=True)
        callback = sso_on.authorize(start(client), SUB)
        parts = urlsplit(callback)
        query = {key: values[0] for key, values in parse_qs(parts.query).items()}
        tampered = f"{parts.path}?{urlencode({**query, 'state': 'not-the-state'})}"
        assert_refused(client, back_to_portal(client, tampered), "state_mismatch")
        self.assert_nothing_made(invited)

    def test_a_callback_in_another_browser_is_refused(self, client, sso_on, invited):
        """The code and state are right, but not for this browser's session."""
        from django.test import Client

        sso_on.set_user(SUB, email=invited.email, email_verified=True)
        callback = sso_on.authorize(start(client), SUB)
        other = Client()
        assert_refused(other, back_to_portal(other, callback), "state_mismatch")
        self.assert_nothing_made(invited)

    def test_an_unverified_address_is_refused(self, client, sso_on, invited):
        response = sign_in_by_sso(client, sso_on, email=invited.email, email_verified=False)
        assert_refused(client, response, "email_unverified", target=invited.email)
        self.assert_nothing_made(invited)

    def test_entra_s_verified_domain_claim_counts_as_verified(self, client, sso_on, od_lead_a):
        # Entra ID sends no email_verified; its optional claim xms_edov stands in for it.
        sign_in_by_sso(client, sso_on, email=od_lead_a.email, xms_edov=True)
        assert signed_in_user_id(client) == str(od_lead_a.pk)
        unverified = Client()
        response = sign_in_by_sso(unverified, sso_on, email=od_lead_a.email, xms_edov=False)
        assert_refused(unverified, response, "email_unverified", target=od_lead_a.email)

    def test_an_address_not_said_to_be_verified_is_refused(self, client, sso_on, od_lead_a):
        response = sign_in_by_sso(client, sso_on, email=od_lead_a.email)
        assert_refused(client, response, "email_unverified", target=od_lead_a.email)

    def test_no_address_is_refused(self, client, sso_on):
        assert_refused(client, sign_in_by_sso(client, sso_on, name="No Address"), "email_missing")

    def test_someone_the_portal_does_not_know_gets_nothing(self, client, sso_on, trust_a):
        users, memberships = User.objects.count(), TrustMembership.objects.count()
        response = sign_in_by_sso(client, sso_on, email="stranger@nhs.net", email_verified=True)
        assert response.url == reverse("accounts:sso-not-recognised")
        assert signed_in_user_id(client) is None
        assert (User.objects.count(), TrustMembership.objects.count()) == (users, memberships)
        [event] = refusals()
        assert (event.target, event.detail) == ("stranger@nhs.net", {"reason": "not_recognised"})
        page = client.get(response.url)
        assert page.status_code == 200
        assert b"does not know your email address" in page.content
        assert b"OD lead" in page.content

    def test_a_closed_account_is_refused_and_its_invitation_kept(self, client, sso_on, trust_a):
        closed = UserFactory(email="closed@nhs.net", is_active=False)
        invitation = invite(trust=trust_a, email=closed.email)
        response = sign_in_by_sso(client, sso_on, email=closed.email, email_verified=True)
        assert_refused(client, response, "account_inactive", target=closed.email)
        invitation.refresh_from_db()
        assert invitation.accepted_at is None

    def test_the_person_saying_no_at_the_provider(self, client, sso_on):
        import requests

        denied = requests.post(
            start(client), data={"action": "deny"}, allow_redirects=False, timeout=5
        )
        response = back_to_portal(client, denied.headers["Location"])
        assert_refused(client, response, "provider_error")

    def test_a_refused_callback_ends_an_existing_session(self, client, sso_on, od_lead_a):
        client.force_login(od_lead_a)
        response = sign_in_by_sso(client, sso_on, email="stranger@nhs.net", email_verified=True)
        assert response.url == reverse("accounts:sso-not-recognised")
        assert signed_in_user_id(client) is None

    def test_refusals_do_not_lock_single_sign_on_for_everyone(self, client, sso_on, od_lead_a):
        """django-axes counts failures per typed username; a callback types none, so ten
        refusals in a row do not lock the next person out."""
        for _ in range(10):
            sign_in_by_sso(client, sso_on, email="stranger@nhs.net", email_verified=True)
        sign_in_by_sso(client, sso_on, email=od_lead_a.email, email_verified=True)
        assert signed_in_user_id(client) == str(od_lead_a.pk)


class TestSignInPageAndSignOut:
    def test_the_sign_in_page_offers_the_button(self, client, settings, sso_on):
        settings.OIDC_BUTTON_LABEL = "Sign in with your trust account"
        page = client.get(reverse("accounts:sign-in"), {"next": "/trusts/RAA/"}).content.decode()
        assert "Sign in with your trust account" in page
        assert 'href="/oidc/authenticate/?next=/trusts/RAA/"' in page
        assert "nhsuk-button--secondary" in page
        assert 'name="password"' in page  # the password form stays

    def test_the_next_page_is_kept_through_the_provider(self, client, sso_on, od_lead_a):
        sso_on.set_user(SUB, email=od_lead_a.email, email_verified=True)
        authorize_url = start(client, next="/trusts/RAA/")
        response = back_to_portal(client, sso_on.authorize(authorize_url, SUB))
        assert response.url == "/trusts/RAA/"

    def test_signing_out_ends_the_session_at_the_provider_too(self, client, sso_on, od_lead_a):
        sign_in_by_sso(client, sso_on, email=od_lead_a.email, email_verified=True)
        id_token = client.session["oidc_id_token"]
        response = client.post(reverse("accounts:sign-out"))
        assert signed_in_user_id(client) is None
        assert response.url.startswith(f"{sso_on.url}/oauth2/end_session?")
        query = parse_qs(urlsplit(response.url).query)
        assert query["id_token_hint"] == [id_token]
        assert query["post_logout_redirect_uri"] == ["http://testserver/"]

    def test_an_end_session_page_on_another_origin_is_not_used(self, client, sso_on, od_lead_a):
        """The CSP lets the sign-out redirect reach the provider's origin only."""
        sso_on.discovery_changes = {"end_session_endpoint": "https://elsewhere.example/logout"}
        sign_in_by_sso(client, sso_on, email=od_lead_a.email, email_verified=True)
        response = client.post(reverse("accounts:sign-out"))
        assert response.url == "/" and signed_in_user_id(client) is None

    def test_a_password_session_signs_out_as_before(self, client, sso_on, od_lead_a):
        client.force_login(od_lead_a)
        response = client.post(reverse("accounts:sign-out"))
        assert response.url == "/"

    def test_password_sign_in_still_works_and_is_recorded(self, client, sso_on, od_lead_a):
        from tests.accounts.factories import TEST_PASSWORD

        response = client.post(
            reverse("accounts:sign-in"), {"username": od_lead_a.email, "password": TEST_PASSWORD}
        )
        assert response.status_code == 302
        assert signed_in_user_id(client) == str(od_lead_a.pk)
        assert AuditEvent.objects.filter(action="accounts.signed_in", actor=od_lead_a).exists()


class TestSwitchedOff:
    """No OIDC_DISCOVERY_URL or OIDC_CLIENT_ID (as `make run`): password sign-in only."""

    def test_the_sign_in_page_has_no_button(self, client):
        page = client.get(reverse("accounts:sign-in")).content.decode()
        assert "organisation account" not in page
        assert "/oidc/" not in page

    @pytest.mark.parametrize(
        "name", ["accounts:sso-start", "accounts:sso-callback", "accounts:sso-not-recognised"]
    )
    def test_the_single_sign_on_urls_answer_404(self, client, name):
        assert client.get(reverse(name), {"code": "x", "state": "y"}).status_code == 404

    def test_a_client_id_alone_does_not_switch_it_on(self, client, settings):
        settings.OIDC_RP_CLIENT_ID = "culture-portal"
        assert client.get(reverse("accounts:sso-start")).status_code == 404

    def test_the_backend_is_not_installed(self, settings):
        assert settings.SSO_BACKEND not in settings.AUTHENTICATION_BACKENDS


def test_the_invitation_page_offers_single_sign_on_when_it_is_on(client, sso_on, trust_a):
    invitation = invite(trust=trust_a, email="new.person@nhs.net")
    page = client.get(services.invitation_link(invitation)).content.decode()
    assert reverse("accounts:sso-start") in page
    assert "Or create an account with a password" in page


def test_the_invitation_page_offers_only_a_password_when_it_is_off(client, trust_a):
    invitation = invite(trust=trust_a, email="new.person@nhs.net")
    page = client.get(services.invitation_link(invitation)).content.decode()
    assert reverse("accounts:sso-start") not in page
    assert "Create your account" in page


def test_a_national_admin_signed_in_by_sso_is_not_held_for_the_portal_s_second_factor(
    client, sso_on, settings, national_admin
):
    # They have a password too, so the portal would hold them after a password sign-in.
    settings.SECOND_FACTOR_REQUIRED_FOR_NATIONAL_ADMINS = True
    assert national_admin.has_usable_password()
    sign_in_by_sso(client, sso_on, email=national_admin.email, email_verified=True)
    response = client.get(reverse("accounts:admin-overview"))
    assert response.status_code == 200

    password_client = Client()
    password_client.force_login(national_admin)
    held = password_client.get(reverse("accounts:admin-overview"))
    assert held.status_code == 302 and held.url == reverse("accounts:second-factor-setup")
