"""OD leads' and national admins' survey pages, in the browser: each one axe-clean at
phone and desktop widths, and the main journey of setting up a survey."""

import re

import pytest
from playwright.sync_api import expect

from diagnostics.surveys.models import Wave
from tests.diagnostics.factories import DirectorateFactory, WaveFactory, build_version

pytestmark = pytest.mark.django_db(transaction=True)


def test_od_lead_sets_up_a_survey(sign_in_as, live_server, check_page, od_lead_a, trust_a):
    build_version()
    DirectorateFactory(trust=trust_a, name="Medicine", code="medicine")
    page = sign_in_as(od_lead_a)
    page.goto(f"{live_server.url}/start/")
    page.get_by_role("link", name="Surveys").first.click()
    check_page(page, screenshot="staff-wave-list")
    page.get_by_role("link", name="Create a survey").click()
    page.get_by_role("button", name="Create survey").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter a title")
    check_page(page, screenshot="staff-wave-form-errors")
    page.get_by_label("Survey", exact=True).select_option(index=1)
    page.get_by_label("Title").fill("Winter culture survey")
    for prefix, day, month in (("opens_on", "1", "1"), ("closes_on", "28", "2")):
        page.locator(f"#id_{prefix}_0").fill(day)
        page.locator(f"#id_{prefix}_1").fill(month)
        page.locator(f"#id_{prefix}_2").fill("2099")
    page.get_by_label("Opening time").fill("09:00")
    page.get_by_label("Closing time").fill("17:00")
    page.get_by_label("Both: the open link, and codes").check()
    page.get_by_role("button", name="Create survey").click()
    expect(page.locator("h1")).to_have_text("Winter culture survey")
    expect(page.locator(".nhsuk-notification-banner--success")).to_contain_text("saved as a draft")
    check_page(page, screenshot="staff-wave-detail")
    wave = Wave.objects.get(title="Winter culture survey")
    page.get_by_role("button", name="Schedule it to open on its opening date").click()
    expect(page.locator(".nhsuk-tag").first).to_have_text("Scheduled")
    page.get_by_role("link", name="Invitation codes").click()
    page.get_by_label("How many codes?").fill("12")
    page.get_by_role("button", name="Generate codes").click()
    check_page(page, screenshot="staff-codes")
    page.get_by_role("link", name="Printable sheet").click()
    expect(page.locator(".portal-code-slip")).to_have_count(12)
    check_page(page, screenshot="staff-code-sheet")
    page.go_back()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download CSV").click()
    lines = open(download.value.path()).read().strip().splitlines()  # noqa: SIM115
    assert len(lines) == 13 and lines[0] == "code,survey_link"
    # The page the button led back to already says so, before any reload.
    expect(page.locator(".nhsuk-notification-banner--success")).to_contain_text(
        "12 codes downloaded"
    )
    expect(page.get_by_text("codes waiting")).to_have_count(0)
    page.goto(f"{live_server.url}/diagnostics/surveys/{wave.pk}/headcounts/")
    page.get_by_label("Medicine").fill("140")
    page.get_by_role("button", name="Save headcounts").click()
    expect(page.locator(".nhsuk-notification-banner--success")).to_contain_text("Headcounts saved")


@pytest.mark.parametrize(
    "path",
    [
        "/diagnostics/trusts/RAA/directorates/",
        "/diagnostics/surveys/{wave}/edit/",
        "/diagnostics/surveys/{wave}/headcounts/",
    ],
)
def test_staff_pages_are_accessible(sign_in_as, live_server, check_page, od_lead_a, trust_a, path):
    wave = WaveFactory(trust=trust_a, status="draft", with_directorates=["Medicine"])
    page = sign_in_as(od_lead_a)
    page.goto(live_server.url + path.format(wave=wave.pk))
    check_page(page)


def test_national_admin_reviews_and_previews_instruments(
    sign_in_as, live_server, check_page, national_admin
):
    version = build_version(sections=2)
    page = sign_in_as(national_admin)
    page.goto(f"{live_server.url}/diagnostics/instruments/")
    check_page(page, screenshot="admin-instruments")
    page.goto(f"{live_server.url}/diagnostics/instruments/versions/{version.pk}/")
    check_page(page, screenshot="admin-version")
    page.get_by_role("link", name="Preview as staff see it").click()
    expect(page.locator(".nhsuk-inset-text")).to_contain_text("exactly as staff see it")
    check_page(page, screenshot="admin-preview")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_have_text("Part 2")
    page.goto(f"{live_server.url}/diagnostics/instruments/versions/{version.pk}/")
    page.get_by_role("button", name="Create a new draft version to edit").click()
    expect(page.locator("h1")).to_have_text("Version 2")
    page.get_by_role("link", name="Change").first.click()
    check_page(page, screenshot="admin-item-form")
    page.get_by_label("Text").fill("A statement in new words")
    page.get_by_role("button", name="Save question").click()
    expect(page.locator("table").first).to_contain_text("A statement in new words")
    page.get_by_role("link", name="Add a question to Part 1").click()
    check_page(page, screenshot="admin-item-add")
    page.get_by_label("Code").fill("NEW-01")
    page.get_by_label("Text").fill("People here are kind to each other")
    page.get_by_label("Element").select_option(label="Support and compassion")
    page.get_by_role("button", name="Add question").click()
    expect(page.locator(".nhsuk-notification-banner--success")).to_contain_text("NEW-01 added")
    page.get_by_role("button", name="Move up NEW-01").click()
    rows = page.locator("table").first.locator("tbody tr")
    expect(rows.nth(2)).to_contain_text("NEW-01")  # fourth of four, moved to third
    page.get_by_role("button", name=re.compile("^Remove S1-I1")).click()
    expect(page.locator("table").first.locator("tbody tr")).to_have_count(3)
    # Whole sections: add one, move it up, and remove another after confirming.
    page.get_by_role("link", name="Add a section").click()
    check_page(page, screenshot="admin-section-add")
    page.get_by_role("button", name="Add section").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter a title")
    page.get_by_label("Section title").fill("Wellbeing at work")
    page.get_by_role("button", name="Add section").click()
    expect(page.get_by_role("heading", name="3. Wellbeing at work")).to_be_visible()
    page.get_by_role("button", name="Move section up Wellbeing at work").click()
    expect(page.get_by_role("heading", name="2. Wellbeing at work")).to_be_visible()
    page.get_by_role("link", name="Remove section Part 2").click()
    expect(page.locator("h1")).to_have_text("Remove section Part 2?")
    check_page(page, screenshot="admin-section-delete")
    page.get_by_role("button", name="Remove section").click()
    expect(page.locator(".nhsuk-notification-banner--success")).to_contain_text(
        "removed, with 3 question(s)"
    )
    # Comment questions: add, change, see them listed.
    page.get_by_role("link", name="Add a comment question").click()
    page.get_by_label("Code").fill("C-HELP")
    page.get_by_label("Question").fill("What would help you most?")
    page.get_by_role("button", name="Add comment question").click()
    page.get_by_role("link", name="Change C-HELP").click()
    check_page(page, screenshot="admin-comment-question")
    page.get_by_label("Question").fill("What one thing would help you most?")
    page.get_by_role("button", name="Save comment question").click()
    expect(page.locator("table").last).to_contain_text("What one thing would help you most?")
    check_page(page, screenshot="admin-version-draft")
    # The new section is still empty: publishing says so, and nothing changes.
    page.get_by_role("button", name="Publish this version").click()
    expect(page.locator(".nhsuk-error-summary, .nhsuk-notification-banner")).to_contain_text(
        "Section Wellbeing at work has no questions"
    )
    page.get_by_role("link", name="Add a question to Wellbeing at work").click()
    page.get_by_label("Code").fill("WB-01")
    page.get_by_label("Text").fill("I can take my breaks")
    page.get_by_label("Element").select_option(label="Support and compassion")
    page.get_by_role("button", name="Add question").click()
    page.get_by_role("button", name="Publish this version").click()
    expect(page.locator(".nhsuk-tag").first).to_have_text("Published")


def test_kiosk_mode_on_a_signed_in_ward_computer(
    sign_in_as, live_server, check_page, od_lead_a, trust_a
):
    """The OD lead opens the kiosk link on the ward computer while signed in: the portal
    says it will sign the browser out, does so, and the kiosk offers no way into anything."""
    wave = WaveFactory(trust=trust_a, access_mode="both", title="Ward survey")
    page = sign_in_as(od_lead_a)
    page.goto(f"{live_server.url}/diagnostics/surveys/{wave.pk}/")
    page.locator('main a[href$="/kiosk/"]').click()
    expect(page.locator("h1")).to_have_text("Sign out before kiosk mode")
    expect(page.locator("main")).to_contain_text("signed in as Olu Lead")
    expect(page.locator("header a")).to_have_count(0)
    check_page(page, screenshot="kiosk-sign-out-first")
    page.get_by_role("button", name="Sign out and start kiosk mode").click()
    expect(page.locator("h1")).to_have_text("Ward survey")
    expect(page.get_by_label("Invitation code")).to_be_visible()
    for frame in ("header", "footer"):
        expect(page.locator(f"{frame} a")).to_have_count(0)
    assert "Olu Lead" not in page.content()
    check_page(page, screenshot="kiosk-start")
    page.goto(f"{live_server.url}/diagnostics/surveys/{wave.pk}/")
    assert "/sign-in/" in page.url  # the browser really is signed out
