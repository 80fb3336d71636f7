"""Results that can be trusted at a glance, in the browser: an open survey's results page
says why it has no figures and until when; the programme overview's headline stands on the
large survey, not the newer pulse; the OD lead marks the main survey of its year on its page.
Every page axe-clean at 375px and 1280px, screenshots in test-artifacts/."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from diagnostics.constants import WaveStatus
from diagnostics.results.services import wave_results_refresh
from tests.diagnostics.factories import WaveFactory, add_responses, build_version

pytestmark = pytest.mark.django_db(transaction=True)


def closed_survey(trust, version, *, title, days_ago, responses, seed):
    closes = timezone.now() - datetime.timedelta(days=days_ago)
    wave = WaveFactory(
        trust=trust,
        title=title,
        version=version,
        status=WaveStatus.CLOSED,
        threshold_k=5,
        opens_at=closes - datetime.timedelta(days=21),
        closes_at=closes,
    )
    add_responses(wave, responses, seed=seed)
    wave_results_refresh(wave_id=wave.pk)
    return wave


def test_why_no_figures_and_marking_the_main_survey(
    sign_in_as, live_server, check_page, od_lead_a, programme_a, trust_a
):
    version = build_version(sections=1, items_per_section=3)
    big = closed_survey(trust_a, version, title="Staff survey", days_ago=120, responses=60, seed=1)
    closed_survey(trust_a, version, title="Pulse survey", days_ago=10, responses=13, seed=2)
    closes = datetime.datetime(2099, 4, 30, 16, 0, tzinfo=datetime.UTC)
    still_open = WaveFactory(
        trust=trust_a, title="Spring survey", version=version, threshold_k=11, closes_at=closes
    )
    add_responses(still_open, 4, seed=3)

    page = sign_in_as(od_lead_a)
    page.goto(live_server.url + reverse("diagnostics:results", args=[still_open.pk]))
    expect(page.locator("h1")).to_have_text("Results")
    why = page.locator(".portal-no-figures")
    expect(why).to_contain_text(
        "The survey is still open, and fewer than 11 people have answered so far."
    )
    expect(why).to_contain_text("when it closes on 30 April 2099")
    expect(page.locator("[data-chart]")).to_have_count(0)
    check_page(page, screenshot="glance-why-no-figures")

    overview = live_server.url + reverse("programmes:overview", args=[programme_a.pk])
    page.goto(overview)
    headline = page.locator("main").get_by_role("heading", name="Survey headline")
    expect(headline).to_be_visible()
    card = page.locator(
        ".nhsuk-card", has=page.get_by_role("link", name="Staff survey", exact=True)
    )
    expect(card).to_contain_text("60 responses in the published figures.")
    expect(card).to_contain_text("the one with the most responses")
    expect(page.locator("main")).not_to_contain_text("Pulse survey")
    expect(page.locator("main")).to_contain_text("Newer survey: Spring survey.")
    check_page(page, screenshot="glance-headline-largest")

    page.get_by_role("link", name="Staff survey", exact=True).click()
    expect(page.locator("h1")).to_have_text("Staff survey")
    year = big.closing_year
    page.get_by_role("button", name=f"Make this the main survey of {year}").click()
    expect(page.locator("main")).to_contain_text(f"‘Staff survey’ is now the main survey of {year}")
    expect(page.locator("main")).to_contain_text(f"This is the main survey of {year}.")
    expect(
        page.get_by_role("button", name=f"Stop making this the main survey of {year}")
    ).to_be_visible()
    check_page(page, screenshot="glance-main-survey-marked")

    page.goto(overview)
    expect(page.locator("main")).to_contain_text(
        f"It is the main survey of {year}, as marked on its page."
    )
    expect(page.locator("main")).to_contain_text(f"Made ‘Staff survey’ the main survey of {year}")
    check_page(page, screenshot="glance-headline-main")
