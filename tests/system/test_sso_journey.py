"""Single sign-on in the browser: the live server and oidc-provider-mock both on loopback.
The provider's page asks for a stylesheet from a CDN; the browser is kept off the network,
so it gets an empty one (the page works without it) and anything else off loopback fails."""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from accounts.constants import Role
from accounts.models import TrustMembership
from tests.accounts.test_sso import invite
from tests.oidc_provider import oidc_provider, point_portal_at

pytestmark = pytest.mark.django_db(transaction=True)

__all__ = ["oidc_provider"]

BUTTON = "Sign in with your NHS organisation account"
PROVIDER_STYLESHEET = "https://cdn.jsdelivr.net/"


def loopback_only(page):
    def route(route):
        if urlsplit(route.request.url).hostname in {"127.0.0.1", "localhost"}:
            route.continue_()
        elif route.request.url.startswith(PROVIDER_STYLESHEET):
            route.fulfill(status=200, body="", content_type="text/css")
        else:
            route.abort()

    page.route("**/*", route)


def sign_in_at_provider(page, provider, sub):
    expect(page).to_have_url(re.compile(rf"^{re.escape(provider.url)}/oauth2/authorize\?"))
    page.get_by_placeholder("sub").fill(sub)
    page.get_by_role("button", name="Authorize").click()


def portal_only(page, provider):
    """Everything off the portal's origin went to the provider (or was its stylesheet);
    then start counting again for the portal's own pages."""
    elsewhere = [
        url
        for url in page.watch.foreign_requests
        if not url.startswith(provider.url) and not url.startswith(PROVIDER_STYLESHEET)
    ]
    assert elsewhere == []
    page.watch.foreign_requests.clear()


@pytest.fixture
def sso_browser(settings, oidc_provider, watched_page):
    point_portal_at(settings, oidc_provider)
    loopback_only(watched_page)
    yield watched_page
    oidc_provider.behave()


def test_an_invited_person_signs_in_and_lands_on_their_trust(
    sso_browser, oidc_provider, live_server, check_page, od_lead_a
):
    page = sso_browser
    trust = od_lead_a.memberships.get().trust
    invite(trust=trust, email="nia.new@nhs.net", role=Role.CHANGE_TEAM, actor=od_lead_a)
    oidc_provider.set_user("entra-1", email="nia.new@nhs.net", email_verified=True, name="Nia New")

    page.goto(live_server.url + "/sign-in/")
    check_page(page, screenshot="sso-sign-in")
    page.get_by_role("link", name=BUTTON).click()
    sign_in_at_provider(page, oidc_provider, "entra-1")

    expect(page).to_have_url(live_server.url + "/trusts/RAA/")
    expect(page.locator("h1")).to_have_text(trust.name)
    assert TrustMembership.objects.get(user__email="nia.new@nhs.net").role == Role.CHANGE_TEAM
    portal_only(page, oidc_provider)
    check_page(page, screenshot="sso-landed")

    # Signing out ends the session at the provider too: its end-session page, then home.
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(rf"^{re.escape(oidc_provider.url)}/oauth2/end_session"))
    page.get_by_role("button", name="End session").click()
    expect(page).to_have_url(live_server.url + "/")
    account = page.get_by_role("navigation", name="Account")
    expect(account.get_by_role("link", name="Sign in")).to_be_visible()


def test_someone_not_invited_is_told_to_ask_their_od_lead(
    sso_browser, oidc_provider, live_server, check_page, trust_a
):
    page = sso_browser
    oidc_provider.set_user("entra-2", email="stranger@nhs.net", email_verified=True)

    page.goto(live_server.url + "/sign-in/")
    page.get_by_role("link", name=BUTTON).click()
    sign_in_at_provider(page, oidc_provider, "entra-2")

    expect(page).to_have_url(live_server.url + "/sign-in/not-recognised/")
    expect(page.locator("h1")).to_have_text("The portal does not know your email address")
    expect(page.get_by_role("link", name="Sign in", exact=True)).to_be_visible()
    portal_only(page, oidc_provider)
    check_page(page, screenshot="sso-not-recognised")
