"""Staff answering a survey in a browser: on a phone, with the keyboard only, and the
pages that say a survey cannot be answered. Every page is checked with axe."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from diagnostics.constants import WaveStatus
from diagnostics.instruments.models import InstrumentVersion, Item
from diagnostics.instruments.services import instruments_shipped_load
from diagnostics.surveys.models import PendingComment, Response
from diagnostics.tasks import file_waiting_comments
from tests.diagnostics.factories import DirectorateFactory, WaveFactory, build_version
from tests.system.conftest import PHONE

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def shipped_wave(trust_a):
    instruments_shipped_load()
    version = InstrumentVersion.objects.get(instrument__slug="whole-staff-culture")
    wave = WaveFactory(trust=trust_a, version=version, slug="phone-survey", access_mode="both")
    for name in ("Medicine", "Surgery"):
        wave.directorates.add(DirectorateFactory(trust=trust_a, name=name, code=name.lower()))
    return wave


AGREE, DISAGREE = 3, 1  # option positions: agreement and frequency scales both have five


def option(page, position, question=0):
    return page.locator("fieldset").nth(question).locator("input[type=radio]").nth(position)


def answer_page(page, position=AGREE):
    for fieldset in page.locator("fieldset").all():
        fieldset.locator("input[type=radio]").nth(position).check()


def test_a_whole_survey_on_a_phone(watched_page, browser, live_server, check_page, shipped_wave):
    page = watched_page
    page.set_viewport_size(PHONE)
    base = f"{live_server.url}/s/{shipped_wave.slug}"
    sections = shipped_wave.version.sections.count()

    page.goto(base + "/")
    expect(page.locator("h1")).to_have_text(shipped_wave.title)
    expect(
        page.get_by_text("Results are only shown for groups of 11 or more people")
    ).to_be_visible()
    check_page(page, widths=(PHONE,), screenshot="survey-start")
    page.get_by_role("button", name="Start the survey").click()

    # Section 1: leave it empty first, to see the errors.
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_focused()
    check_page(page, widths=(PHONE,), screenshot="survey-section-errors")
    answer_page(page)
    expect(page.get_by_text(f"Section 1 of {sections + 1}")).to_be_visible()
    check_page(page, widths=(PHONE,), screenshot="survey-section")
    page.get_by_role("button", name="Continue").click()

    # Section 2, then back to section 1 to change an answer; section 2 keeps its answers.
    answer_page(page, DISAGREE)
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("link", name="Back").click()
    expect(option(page, DISAGREE)).to_be_checked()
    page.get_by_role("link", name="Back").click()
    expect(option(page, AGREE)).to_be_checked()
    page.locator("fieldset").first.get_by_label("Strongly agree", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Continue").click()

    # Section 3: part-answer it, then save and come back later.
    option(page, AGREE).check()
    page.get_by_role("button", name="Save and come back later").click()
    expect(page.locator("h1")).to_have_text("Your answers are saved")
    check_page(page, widths=(PHONE,), screenshot="survey-saved")
    code = page.locator("#resume-code").inner_text()
    assert re.fullmatch(r"[A-Z0-9]{5}-[A-Z0-9]{5}", code)

    # Another day, another browser: resume with the code.
    context = browser.new_context(viewport=PHONE)
    fresh = context.new_page()
    fresh.watch = page.watch.__class__(fresh, live_server.url)
    fresh.goto(base + "/resume/")
    check_page(fresh, widths=(PHONE,), screenshot="survey-resume")
    fresh.get_by_label("Your resume code").fill(code.lower())
    fresh.get_by_role("button", name="Continue").click()
    expect(fresh.get_by_text(f"Section 3 of {sections + 1}")).to_be_visible()
    expect(option(fresh, AGREE)).to_be_checked()
    for number in range(3, sections + 1):
        answer_page(fresh)
        if number == sections:
            fresh.locator("textarea").first.fill("More time to talk. Reach me on 07700 900123.")
        fresh.get_by_role("button", name="Continue").click()

    # About you, last.
    expect(fresh.locator("h1")).to_have_text("About you")
    check_page(fresh, widths=(PHONE,), screenshot="survey-about-you")
    fresh.get_by_label("Medicine").check()
    fresh.get_by_label("Allied health professionals").check()
    fresh.locator("fieldset").nth(2).get_by_label("Prefer not to say").check()
    fresh.get_by_role("button", name="Continue").click()

    # Check answers, change one from there, and send.
    expect(fresh.locator("h1")).to_have_text("Check your answers before sending them")
    check_page(fresh, widths=(PHONE,), screenshot="survey-check")
    first_question = shipped_wave.version.sections.first().items.first().text
    expect(fresh.locator(".nhsuk-summary-list__row").first).to_contain_text("Strongly agree")
    fresh.get_by_role("link", name=f"Change {first_question}").click()
    fresh.locator("fieldset").first.get_by_label("Neither agree nor disagree").check()
    fresh.get_by_role("button", name="Save and go back to check your answers").click()
    expect(fresh.locator(".nhsuk-summary-list__row").first).to_contain_text(
        "Neither agree nor disagree"
    )
    fresh.get_by_role("button", name="Send my answers").click()
    expect(fresh.locator("h1")).to_have_text("Your answers have been sent")
    check_page(fresh, widths=(PHONE,), screenshot="survey-sent")
    context.close()

    response = Response.objects.get()
    assert (response.directorate, response.staff_group, response.band) == (
        "medicine",
        "ahp",
        "prefer_not_to_say",
    )
    assert (
        response.answers.count()
        == Item.objects.filter(section__version=shipped_wave.version).count()
    )
    file_waiting_comments.delay().get()  # as Celery beat does every minute
    assert (
        PendingComment.objects.get().text
        == "More time to talk. Reach me on [phone number removed]."
    )


def press_tab_until(page, selector: str, limit: int = 60):
    """Move focus with Tab alone until it reaches an element matching the selector."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
    raise AssertionError(f"Tab never reached {selector}")


def submit_with_enter(page):
    """Press Enter on the focused button and wait for the next page, not the old one."""
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_a_whole_survey_with_the_keyboard_only(watched_page, live_server, check_page, trust_a):
    wave = WaveFactory(
        trust=trust_a, slug="keyboard", version=build_version(sections=2, items_per_section=2)
    )
    wave.directorates.add(DirectorateFactory(trust=trust_a, name="Medicine", code="medicine"))
    page = watched_page
    page.goto(f"{live_server.url}/s/{wave.slug}/")
    page.wait_for_function("window.__nhsukInit === true")
    press_tab_until(page, "button[type=submit]")
    submit_with_enter(page)
    for _section in range(2):
        page.wait_for_function("window.__nhsukInit === true")
        for _question in range(2):
            # Tab reaches the first option of the next question; arrows choose within it.
            press_tab_until(page, "input[type=radio]:not(:checked)")
            page.keyboard.press("ArrowDown")
            page.keyboard.press("ArrowDown")
        press_tab_until(page, "button[value=continue]")
        submit_with_enter(page)
    page.wait_for_function("window.__nhsukInit === true")
    for _question in range(3):
        press_tab_until(page, "input[type=radio]:not(:checked)")
        page.keyboard.press("Space")
    press_tab_until(page, "button[type=submit]")
    submit_with_enter(page)
    expect(page.locator("h1")).to_have_text("Check your answers before sending them")
    press_tab_until(page, "button[type=submit]")
    submit_with_enter(page)
    expect(page.locator("h1")).to_have_text("Your answers have been sent")
    check_page(page)
    assert Response.objects.get().answers.count() == 4


@pytest.mark.parametrize(
    ("status", "opens_in_days", "heading"),
    [
        (WaveStatus.SCHEDULED, 3, "This survey is not open yet"),
        (WaveStatus.CLOSED, -30, "This survey has closed"),
    ],
)
def test_a_survey_that_cannot_be_answered_says_why(
    watched_page, live_server, check_page, trust_a, status, opens_in_days, heading
):
    opens = timezone.now() + timedelta(days=opens_in_days)
    wave = WaveFactory(
        trust=trust_a,
        slug="not-now",
        status=status,
        opens_at=opens,
        closes_at=opens + timedelta(days=14),
    )
    response = watched_page.goto(f"{live_server.url}/s/{wave.slug}/")
    expect(watched_page.locator("h1")).to_have_text(heading)
    check_page(watched_page, status=response.status)


def with_optional_last_question(version):
    """Make the last question of the first section optional, as instruments may."""
    optional = version.sections.order_by("position").first().items.order_by("position").last()
    optional.required = False
    optional.save()
    return optional


def answer_all_but_last(page, position=AGREE):
    fieldsets = page.locator("fieldset").all()
    for fieldset in fieldsets[:-1]:
        fieldset.locator("input[type=radio]").nth(position).check()


def test_a_survey_works_without_javascript(browser, live_server, trust_a):
    wave = WaveFactory(
        trust=trust_a, slug="no-js", version=build_version(sections=2, items_per_section=2)
    )
    optional = with_optional_last_question(wave.version)
    wave.directorates.add(DirectorateFactory(trust=trust_a, name="Medicine", code="medicine"))
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/s/{wave.slug}/")
    page.get_by_role("button", name="Start the survey").click()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    # The optional question is left blank (its error-free skip used to answer 500).
    answer_all_but_last(page)
    page.get_by_role("button", name="Continue").click()
    answer_page(page)
    page.get_by_role("button", name="Continue").click()
    for fieldset in page.locator("fieldset").all():
        fieldset.get_by_label("Prefer not to say").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("main")).to_contain_text("Not answered")
    page.get_by_role("button", name="Send my answers").click()
    expect(page.locator("h1")).to_have_text("Your answers have been sent")
    context.close()
    response = Response.objects.get()
    assert response.directorate == "prefer_not_to_say"
    assert response.answers.count() == 3
    assert not response.answers.filter(item=optional).exists()


def test_an_optional_question_left_blank_on_a_phone_is_counted_as_not_answered(
    watched_page, live_server, check_page, trust_a, od_lead_a, sign_in_as
):
    """At 375 px: skip the optional question, send, and after the close the results count
    only the people who answered it."""
    from diagnostics.results.services import wave_results_refresh
    from diagnostics.surveys.services import wave_status_change
    from tests.diagnostics.factories import add_responses

    wave = WaveFactory(
        trust=trust_a,
        slug="optional",
        threshold_k=5,
        version=build_version(sections=1, items_per_section=2, comment_questions=0),
    )
    optional = with_optional_last_question(wave.version)
    wave.directorates.add(DirectorateFactory(trust=trust_a, name="Medicine", code="medicine"))
    add_responses(wave, 6, directorates=["medicine"])  # six others answered everything
    page = watched_page
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/s/{wave.slug}/")
    page.get_by_role("button", name="Start the survey").click()
    expect(page.get_by_text("(optional)").first).to_be_visible()
    answer_all_but_last(page)
    check_page(page, widths=(PHONE,), screenshot="survey-optional-blank")
    page.get_by_role("button", name="Continue").click()
    for fieldset in page.locator("fieldset").all():
        fieldset.get_by_label("Prefer not to say").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".nhsuk-summary-list__row").nth(1)).to_contain_text("Not answered")
    page.get_by_role("button", name="Send my answers").click()
    expect(page.locator("h1")).to_have_text("Your answers have been sent")
    assert Response.objects.filter(wave=wave).count() == 7

    wave_status_change(wave=wave, to=WaveStatus.CLOSED)
    wave_results_refresh(wave_id=wave.pk)  # the task the close queues
    lead = sign_in_as(od_lead_a)
    lead.set_viewport_size(PHONE)
    lead.goto(f"{live_server.url}/diagnostics/surveys/{wave.pk}/results/elements/teamwork/")
    rows = lead.locator("table tbody tr")
    first = wave.version.sections.get().items.order_by("position").first()
    expect(rows.filter(has_text=optional.text).locator("td").first).to_have_text("Answers6")
    expect(rows.filter(has_text=first.text).locator("td").first).to_have_text("Answers7")
    check_page(lead, widths=(PHONE,), screenshot="results-optional-counted")
