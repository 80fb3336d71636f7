"""The second factor in the browser: set up an authenticator app from "Your account", save
the recovery codes, sign out, and sign in again with the password and then a code worked out
here from the key the page showed (as the app would)."""

import re
from base64 import b32decode

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from tests.accounts.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def app_code(key_text: str, steps_ahead: int = 0) -> str:
    """The code an app shows for the key as the page printed it (base32, in groups)."""
    secret = b32decode(key_text.replace(" ", ""))
    return f"{totp(secret, drift=steps_ahead):06d}"


def sign_in_with_password(page, base_url, email):
    page.goto(base_url + "/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_set_up_sign_out_and_sign_in_with_a_code(watched_page, live_server, check_page, od_lead_a):
    page, base = watched_page, live_server.url
    sign_in_with_password(page, base, od_lead_a.email)
    expect(page).to_have_url(base + "/trusts/RAA/")

    page.goto(base + "/account/")
    expect(page.locator("#second-factor")).to_contain_text("Second factor: off")
    page.get_by_role("link", name="Set up a second factor").click()
    expect(page.locator("h1")).to_have_text("Set up a second factor")
    qr = page.get_by_role("img", name=re.compile("QR code"))
    expect(qr).to_be_visible()
    assert qr.get_attribute("src").startswith("data:image/svg+xml")
    check_page(page, screenshot="second-factor-setup")

    key = page.locator("#second-factor-key").inner_text()
    page.get_by_label("Code from your authenticator app").fill("000000")
    page.get_by_role("button", name="Turn on second factor").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("The code is not right")
    check_page(page, screenshot="second-factor-setup-error")
    page.get_by_label("Code from your authenticator app").fill(app_code(key))
    page.get_by_role("button", name="Turn on second factor").click()

    expect(page.locator("h1")).to_have_text("Save your recovery codes")
    codes = page.locator(".portal-recovery-codes li")
    expect(codes).to_have_count(10)
    check_page(page, screenshot="second-factor-codes")
    page.get_by_role("link", name="I have saved my recovery codes").click()
    expect(page.locator("#second-factor")).to_contain_text("Second factor: on")
    expect(page.locator("#second-factor")).to_contain_text("10 recovery codes left")
    check_page(page, screenshot="second-factor-account")

    page.get_by_role("button", name="Sign out", exact=True).click()
    expect(page).to_have_url(base + "/")

    sign_in_with_password(page, base, od_lead_a.email)
    expect(page).to_have_url(base + "/sign-in/code/")
    expect(page.locator("h1")).to_have_text("Enter the code from your authenticator app")
    code_box = page.get_by_label("Code from your authenticator app")
    assert code_box.get_attribute("autocomplete") == "one-time-code"
    assert code_box.get_attribute("inputmode") == "numeric"
    check_page(page, screenshot="second-factor-code")

    code_box.fill("12345")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "Enter the 6-digit code from your authenticator app"
    )
    check_page(page, screenshot="second-factor-code-error")

    page.get_by_role("link", name="I cannot use my authenticator app").click()
    expect(page.locator("h1")).to_have_text("Enter a recovery code")
    check_page(page, screenshot="second-factor-recovery")
    page.get_by_role("link", name="Use the code from your authenticator app instead").click()

    # The set-up used this step's code; the app's next one signs in.
    page.get_by_label("Code from your authenticator app").fill(app_code(key, steps_ahead=1))
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(base + "/trusts/RAA/")
    page.goto(base + "/account/two-factor/turn-off/")
    check_page(page, screenshot="second-factor-off")
