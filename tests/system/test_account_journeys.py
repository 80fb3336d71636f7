import io
import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from accounts import demo as accounts_demo
from accounts.demo import DEMO_PASSWORD
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo_data(db):
    """The demo trusts and logins (the survey demo is not needed for these journeys)."""
    accounts_demo.seed(io.StringIO())


def sign_in_with_form(page, base_url, email, password):
    page.goto(base_url + "/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


DEMO_LANDINGS = [
    ("od.lead@demo.nhs.uk", "/trusts/RTF/", "Northumbria Healthcare NHS Foundation Trust"),
    ("change.team@demo.nhs.uk", "/trusts/RTF/", "Northumbria Healthcare NHS Foundation Trust"),
    ("sponsor@demo.nhs.uk", "/trusts/RTF/", "Northumbria Healthcare NHS Foundation Trust"),
    ("viewer@demo.nhs.uk", "/trusts/RTF/", "Northumbria Healthcare NHS Foundation Trust"),
    ("od.lead.elft@demo.nhs.uk", "/trusts/RWK/", "East London NHS Foundation Trust"),
    ("national.admin@demo.nhs.uk", "/admin-overview/", "Admin overview"),
]


@pytest.mark.parametrize(("email", "path", "heading"), DEMO_LANDINGS)
def test_each_demo_login_lands_on_its_role_page(
    demo_data, watched_page, live_server, check_page, email, path, heading
):
    sign_in_with_form(watched_page, live_server.url, email, DEMO_PASSWORD)
    expect(watched_page).to_have_url(live_server.url + path)
    assert watched_page.locator("h1").inner_text() == heading
    check_page(watched_page, screenshot=f"landing-{email.split('@')[0]}")


def test_wrong_password_shows_the_error_summary_and_keeps_the_email(
    demo_data, watched_page, live_server, check_page
):
    sign_in_with_form(watched_page, live_server.url, "od.lead@demo.nhs.uk", "not-the-password")
    summary = watched_page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("The email address or password is not right")
    expect(watched_page).to_have_title(re.compile("^Error: Sign in"))
    expect(watched_page.get_by_label("Email address")).to_have_value("od.lead@demo.nhs.uk")
    expect(watched_page.get_by_label("Password")).to_have_value("")
    # NHS.UK's error summary script moves focus to the summary so it is read out first.
    expect(summary).to_be_focused()
    check_page(watched_page, screenshot="sign-in-error")


def test_empty_sign_in_form_links_each_error_to_its_field(watched_page, live_server, check_page):
    watched_page.goto(live_server.url + "/sign-in/")
    watched_page.get_by_role("button", name="Sign in").click()
    watched_page.get_by_role("link", name="Enter your password").click()
    expect(watched_page.get_by_label("Password")).to_be_focused()
    expect(watched_page.locator("#id_username_error")).to_contain_text("Enter your email address")
    check_page(watched_page)


def test_repeated_failures_lock_the_account_even_for_the_right_password(
    demo_data, watched_page, live_server, check_page
):
    for _ in range(5):
        sign_in_with_form(watched_page, live_server.url, "viewer@demo.nhs.uk", "wrong-guess")
    sign_in_with_form(watched_page, live_server.url, "viewer@demo.nhs.uk", DEMO_PASSWORD)
    assert watched_page.locator("h1").inner_text() == "Your account is locked for now"
    check_page(watched_page, screenshot="locked-out", status=429)


def test_person_with_two_trusts_switches_between_them(
    demo_data, watched_page, live_server, check_page
):
    sign_in_with_form(watched_page, live_server.url, "change.team@demo.nhs.uk", DEMO_PASSWORD)
    watched_page.get_by_role("link", name="Switch trust").click()
    check_page(watched_page, screenshot="switch-trust")
    watched_page.get_by_label("Yorkshire Ambulance Service NHS Trust").check()
    watched_page.get_by_role("button", name="Switch trust").click()
    expect(watched_page).to_have_url(live_server.url + "/trusts/RX8/")
    expect(watched_page.locator(".nhsuk-notification-banner--success")).to_contain_text(
        "You are now working in Yorkshire Ambulance Service NHS Trust"
    )
    check_page(watched_page)
    # The choice lasts for the session: the landing page now goes to the new trust.
    watched_page.goto(live_server.url + "/start/")
    expect(watched_page).to_have_url(live_server.url + "/trusts/RX8/")


def test_switching_without_choosing_explains_what_to_do(
    demo_data, watched_page, live_server, check_page
):
    sign_in_with_form(watched_page, live_server.url, "change.team@demo.nhs.uk", DEMO_PASSWORD)
    watched_page.goto(live_server.url + "/switch-trust/")
    watched_page.evaluate(
        "document.querySelectorAll('input[type=radio]').forEach(r => r.checked = false)"
    )
    watched_page.get_by_role("button", name="Switch trust").click()
    expect(watched_page.locator(".nhsuk-error-summary")).to_contain_text(
        "Select the trust you want to work in"
    )
    check_page(watched_page)


def test_sign_out_ends_the_session(demo_data, watched_page, live_server):
    sign_in_with_form(watched_page, live_server.url, "sponsor@demo.nhs.uk", DEMO_PASSWORD)
    watched_page.get_by_role("button", name="Sign out").click()
    expect(watched_page).to_have_url(live_server.url + "/")
    watched_page.goto(live_server.url + "/trusts/RTF/")
    expect(watched_page).to_have_url(re.compile(r"/sign-in/\?next=/trusts/RTF/$"))


def test_password_reset_from_email_link_to_signing_in(
    watched_page, live_server, check_page, mailoutbox
):
    UserFactory(email="reset.me@example.nhs.uk", full_name="Rita Reset")
    watched_page.goto(live_server.url + "/sign-in/")
    watched_page.get_by_role("link", name="Forgotten your password?").click()
    watched_page.get_by_label("Email address").fill("reset.me@example.nhs.uk")
    watched_page.get_by_role("button", name="Send reset link").click()
    expect(watched_page.locator("h1")).to_have_text("Check your email")
    check_page(watched_page)
    assert len(mailoutbox) == 1
    # The link is built from SITE_URL; the live server listens elsewhere, so take its path.
    link = re.search(r"https?://\S+?(/password-reset/\S+/)", mailoutbox[0].body)
    assert link.group(0).startswith(settings.SITE_URL)
    watched_page.goto(live_server.url + link.group(1))
    watched_page.get_by_label("New password", exact=True).fill("a-much-better-password-2026")
    watched_page.get_by_label("Confirm new password").fill("a-much-better-password-2026")
    watched_page.get_by_role("button", name="Save password").click()
    expect(watched_page.locator("h1")).to_have_text("Your password has been changed")
    sign_in_with_form(
        watched_page, live_server.url, "reset.me@example.nhs.uk", "a-much-better-password-2026"
    )
    expect(watched_page.locator("h1")).to_have_text("You are not linked to a trust yet")
    check_page(watched_page, screenshot="no-trust")


def test_forbidden_page_is_styled_and_accessible(demo_data, watched_page, live_server, check_page):
    sign_in_with_form(watched_page, live_server.url, "viewer@demo.nhs.uk", DEMO_PASSWORD)
    response = watched_page.goto(live_server.url + "/admin-overview/")
    assert response.status == 403
    assert watched_page.locator("h1").inner_text() == "You cannot see this page"
    check_page(watched_page, screenshot="error-403", status=403)


def test_admin_overview_filters_trusts(demo_data, watched_page, live_server, check_page):
    sign_in_with_form(watched_page, live_server.url, "national.admin@demo.nhs.uk", DEMO_PASSWORD)
    watched_page.get_by_label("Sector").select_option(label="Ambulance")
    watched_page.get_by_role("button", name="Filter trusts").click()
    rows = watched_page.locator("table.nhsuk-table-responsive tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Yorkshire Ambulance Service NHS Trust")
    check_page(watched_page, screenshot="admin-overview-filtered")


def test_national_admin_opens_a_trust_and_goes_back_by_the_breadcrumb(
    demo_data, watched_page, live_server, check_page
):
    sign_in_with_form(watched_page, live_server.url, "national.admin@demo.nhs.uk", DEMO_PASSWORD)
    watched_page.get_by_role("link", name="East London NHS Foundation Trust").click()
    expect(watched_page.locator("h1")).to_have_text("East London NHS Foundation Trust")
    expect(watched_page.get_by_role("cell", name="Efua Ellis")).to_be_visible()
    check_page(watched_page, screenshot="admin-trust-page")
    watched_page.set_viewport_size({"width": 1280, "height": 900})
    watched_page.get_by_role("navigation", name="Breadcrumb").get_by_role(
        "link", name="Admin overview"
    ).click()
    expect(watched_page).to_have_url(live_server.url + "/admin-overview/")


def test_the_audit_log_shows_the_sign_in_and_filters(
    demo_data, watched_page, live_server, check_page
):
    sign_in_with_form(watched_page, live_server.url, "national.admin@demo.nhs.uk", DEMO_PASSWORD)
    watched_page.get_by_role("link", name="Audit log").click()
    expect(watched_page.locator("h1")).to_have_text("Audit log")
    rows = watched_page.locator("table.nhsuk-table-responsive tbody tr")
    expect(rows.first).to_contain_text("Signed in")
    check_page(watched_page, screenshot="audit-log")
    watched_page.get_by_label("What", exact=True).select_option(label="Exports and downloads")
    watched_page.get_by_role("button", name="Show events").click()
    expect(watched_page.get_by_text("No events match")).to_be_visible()
    check_page(watched_page)
