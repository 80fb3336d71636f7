"""The OD lead's path through a survey's results, in the browser: overview, an element, the
heatmap and the download. Every page axe-clean at phone and desktop widths, charts drawn
under the strict CSP with no violation."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from diagnostics.constants import WaveStatus
from diagnostics.results.services import wave_results_refresh
from programmes.constants import Element
from tests.diagnostics.factories import (
    ItemFactory,
    SectionFactory,
    WaveFactory,
    add_responses,
    build_version,
)

pytestmark = pytest.mark.django_db(transaction=True)


def survey_with_results(trust, *, title, status, seed, directorates):
    version = build_version(sections=1, items_per_section=2)
    section = SectionFactory(version=version, position=2, title="More")
    for element in (Element.VISION_VALUES, Element.SUPPORT_COMPASSION):
        ItemFactory(section=section, element=element)
    wave = WaveFactory(
        trust=trust,
        title=title,
        status=status,
        threshold_k=5,
        version=version,
        with_directorates=["Medicine", "Surgery", "Estates"],
    )
    add_responses(wave, 40, seed=seed, directorates=directorates)
    add_responses(wave, 3, seed=seed + 1, directorates=["estates"])
    wave_results_refresh(wave_id=wave.pk)
    return wave


def test_od_lead_reads_results_from_overview_to_download(
    sign_in_as, live_server, check_page, od_lead_a, trust_a
):
    wave = survey_with_results(
        trust_a,
        title="Culture survey 2026",
        status=WaveStatus.CLOSED,
        seed=1,
        directorates=["medicine", "surgery"],
    )
    page = sign_in_as(od_lead_a)
    page.goto(f"{live_server.url}/diagnostics/surveys/{wave.pk}/")
    page.get_by_role("link", name="See the results").click()
    expect(page.locator("h1")).to_have_text("Results")
    expect(page.locator(".portal-freshness")).to_contain_text("Final figures from 43 responses")
    # The chart is drawn by plotly.js from the page's JSON, with no CSP violation.
    expect(page.locator("[data-chart='chart-elements'] .main-svg").first).to_be_visible()
    check_page(page, screenshot="results-overview")

    page.get_by_label("Show figures for").select_option(label="Directorate: Estates")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("main")).to_contain_text("nothing is shown for this group")
    page.get_by_label("Show figures for").select_option(label="Directorate: Medicine")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("main h2").first).to_contain_text("Medicine")

    page.get_by_role("link", name="Teamwork").click()
    expect(page.locator("h1")).to_have_text("Teamwork")
    expect(page.locator("[data-chart='chart-items'] .main-svg").first).to_be_visible()
    check_page(page, screenshot="results-element")

    page.get_by_role("link", name="Heatmap").click()
    expect(page.locator("h1")).to_have_text("Heatmap by directorate")
    expect(page.locator(".portal-heat--hidden").first).to_have_text("Not shown")
    check_page(page, screenshot="results-heatmap")

    page.get_by_role("link", name="Comments").click()
    check_page(page, screenshot="results-comments")

    page.get_by_role("link", name="Board report").click()
    expect(page.locator("h1")).to_have_text("Board report")
    expect(page.get_by_role("button", name="Print or save as PDF")).to_be_visible()
    expect(page.get_by_role("heading", name="Strengths")).to_be_visible()
    check_page(page, screenshot="results-report")
    page.emulate_media(media="print")
    expect(page.locator(".portal-subnav")).to_be_hidden()
    page.emulate_media(media="screen")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    path = download.value.path()
    text = Path(path).read_text(encoding="utf-8")
    assert "Whole survey,Everyone,Responses" in text
    assert "Directorate,Estates" in text


def test_a_second_survey_shows_change_and_trend(
    sign_in_as, live_server, check_page, od_lead_a, trust_a
):
    from datetime import timedelta

    from django.utils import timezone

    first = survey_with_results(
        trust_a, title="Survey 2025", status=WaveStatus.CLOSED, seed=5, directorates=["medicine"]
    )
    first.opens_at = timezone.now() - timedelta(days=400)
    first.closes_at = timezone.now() - timedelta(days=370)
    first.save()
    later = WaveFactory(
        trust=trust_a,
        title="Survey 2026",
        status=WaveStatus.CLOSED,
        threshold_k=5,
        version=first.version,
    )
    add_responses(later, 30, seed=9)
    wave_results_refresh(wave_id=later.pk)
    page = sign_in_as(od_lead_a)
    page.goto(f"{live_server.url}/diagnostics/surveys/{later.pk}/results/")
    expect(page.locator("main")).to_contain_text("Compared with Survey 2025")
    expect(page.get_by_role("heading", name="Trend across surveys")).to_be_visible()
    expect(page.locator("[data-chart='chart-trend'] .main-svg").first).to_be_visible()
    check_page(page, screenshot="results-overview-trend")


def test_national_admin_reads_sector_benchmarks(
    sign_in_as, live_server, check_page, national_admin
):
    from django.utils import timezone

    from diagnostics.results.models import SectorBenchmark

    version = build_version(sections=1, items_per_section=2)
    for element, median in ((Element.TEAMWORK, 6.4), (Element.VISION_VALUES, 5.9)):
        SectorBenchmark.objects.create(
            instrument=version.instrument,
            sector="acute",
            kind="element",
            element=element,
            trusts=6,
            median=median,
            lower_quartile=median - 0.4,
            upper_quartile=median + 0.5,
            computed_at=timezone.now(),
        )
    page = sign_in_as(national_admin)
    page.goto(f"{live_server.url}/admin-overview/")
    page.get_by_role("link", name="Benchmarks").click()
    expect(page.locator("h1")).to_have_text("Sector benchmarks")
    expect(page.locator("main table").first).to_contain_text("Teamwork")
    check_page(page, screenshot="results-benchmarks")
