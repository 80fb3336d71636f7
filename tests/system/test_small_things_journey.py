"""Small things a person meets, in the browser (issue 19, item 7): a ward computer stays in
kiosk mode when Back is pressed after sending; the codes page says the codes are downloaded
as soon as the CSV is saved, without a reload; a form error in plain English. Each page
axe-clean at 375px and 1280px, with screenshots in test-artifacts/ for a person to look at."""

import pytest
from playwright.sync_api import expect

from diagnostics.surveys.services import invitation_batch_create
from resources.models import Resource
from tests.diagnostics.factories import WaveFactory, build_version

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def kiosk_wave(trust_a, od_lead_a):
    wave = WaveFactory(
        trust=trust_a,
        slug="ward-kiosk",
        title="Ward culture survey",
        access_mode="codes",
        version=build_version(sections=1, items_per_section=2, comment_questions=0),
    )
    batch = invitation_batch_create(wave=wave, actor=od_lead_a, size=2)
    return wave, batch.plaintext_codes.split("\n")


def test_back_after_sending_at_a_kiosk_stays_in_kiosk_mode(
    watched_page, live_server, check_page, kiosk_wave
):
    wave, codes = kiosk_wave
    page = watched_page
    kiosk = f"{live_server.url}/s/{wave.slug}/kiosk/"
    page.goto(kiosk)
    page.get_by_label("Your invitation code").fill(codes[0])
    page.get_by_role("button", name="Start the survey").click()
    # The first page's Back goes to the code page, not the survey's own start page.
    expect(page.get_by_role("link", name="Back")).to_have_attribute(
        "href", f"/s/{wave.slug}/kiosk/"
    )
    # The questions, then the questions about the respondent.
    for _page in range(2):
        for fieldset in page.locator("fieldset").all():
            fieldset.locator("input[type=radio]").first.check()
        page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.locator(".nhsuk-notification-banner--success")).to_contain_text(
        "Your answers have been sent"
    )
    check_page(page, screenshot="kiosk-sent")

    # The browser's Back: the check page, with nothing behind it now, leads to the code page.
    page.go_back()
    expect(page).to_have_url(kiosk)
    expect(page.get_by_label("Your invitation code")).to_have_value("")
    expect(page.get_by_role("button", name="Start the survey")).to_be_visible()
    check_page(page, screenshot="kiosk-after-back")

    # The next person starts, changes their mind, and presses Back on the first page.
    page.get_by_label("Your invitation code").fill(codes[1])
    page.get_by_role("button", name="Start the survey").click()
    page.get_by_role("link", name="Back").click()
    expect(page).to_have_url(kiosk)
    expect(page.locator("h1")).to_have_text(wave.title)


def test_the_codes_page_says_the_codes_are_downloaded_without_a_reload(
    sign_in_as, live_server, check_page, od_lead_a, kiosk_wave
):
    wave, _ = kiosk_wave
    page = sign_in_as(od_lead_a)
    page.goto(f"{live_server.url}/diagnostics/surveys/{wave.pk}/codes/")
    expect(page.get_by_text("2 codes waiting")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download CSV").click()
    assert (
        download.value.suggested_filename == f"codes-{wave.slug}-{wave.code_batches.get().pk}.csv"
    )
    lines = open(download.value.path()).read().strip().splitlines()  # noqa: SIM115
    assert len(lines) == 3 and lines[0] == "code,survey_link"
    banner = page.locator(".nhsuk-notification-banner--success")
    expect(banner).to_contain_text("2 codes downloaded")
    expect(page.get_by_text("codes waiting")).to_have_count(0)
    expect(page.get_by_role("button", name="Download CSV")).to_have_count(0)
    expect(page.locator("table")).not_to_contain_text("Not yet")
    check_page(page, screenshot="codes-downloaded")
    # Later visits show the codes as downloaded, with no second download.
    page.reload()
    expect(banner).to_have_count(0)
    expect(page.locator("table")).not_to_contain_text("Not yet")


def test_a_form_error_is_in_plain_english(sign_in_as, live_server, check_page, national_admin):
    page = sign_in_as(national_admin)
    page.goto(f"{live_server.url}/resources/curate/new/")
    title = page.get_by_label("Title")
    # Browsers stop typing at the field's maxlength; the server still checks what it is sent
    # (an old browser, or a request made by hand), and this is what a person then reads.
    title.evaluate("(input) => input.removeAttribute('maxlength')")
    title.fill("A guide to listening events " * 8)
    page.get_by_role("button", name="Save as draft").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Title must be 200 characters or fewer")
    expect(summary).not_to_contain_text("Ensure this value")
    expect(page.locator("#id_title-error, .nhsuk-error-message").first).to_contain_text(
        "Title must be 200 characters or fewer"
    )
    check_page(page, screenshot="form-error-plain-english")
    assert not Resource.objects.exists()
