"""Recalculating an SPC chart's limits after a deliberate change, in the browser: the OD lead
forgets the reason and keeps the month chosen, then gives one; the chart, the periods table
and the variation text show both periods and why; a viewer reads the reason but has no form;
the OD lead removes it again after a confirmation. Every page axe-clean at 375px and 1280px,
screenshots in test-artifacts/."""

import datetime
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from diagnostics.records import services as records
from diagnostics.records.csv_import import MetricRow
from diagnostics.records.models import Metric, MetricRebaseline

pytestmark = pytest.mark.django_db(transaction=True)

# Two years of staff turnover: around 12% for 16 months, then around 10.2% once a new rota
# began in May 2025.
BEFORE = [12.4, 11.6, 12.1, 12.8, 11.9, 12.3, 11.5, 12.2, 12.6, 11.8, 12.0, 12.5, 11.7, 12.2]
BEFORE += [12.4, 11.9]
AFTER = [10.4, 10.1, 10.6, 9.9, 10.3, 10.0, 10.5, 10.2]
MONTHS = [datetime.date(2024 + i // 12, i % 12 + 1, 1) for i in range(len(BEFORE) + len(AFTER))]
REASON = "A new self-rostering rota began on every ward"


@pytest.fixture
def turnover(programme_a, od_lead_a):
    records.metric_points_import(
        programme=programme_a,
        actor=od_lead_a,
        rows=[
            MetricRow("Staff turnover", month, value)
            for month, value in zip(MONTHS, BEFORE + AFTER, strict=True)
        ],
    )
    metric = Metric.objects.get(programme=programme_a)
    return records.metric_update(
        metric=metric,
        actor=od_lead_a,
        name=metric.name,
        unit="%",
        improvement="down",
        target=11.0,
    )


def test_an_od_lead_recalculates_the_limits_and_a_viewer_reads_why(
    sign_in_as, open_as, live_server, check_page, od_lead_a, viewer_a, programme_a, turnover
):
    page = sign_in_as(od_lead_a)
    page.goto(live_server.url + reverse("diagnostics:metrics", args=[programme_a.pk]))
    page.get_by_role("link", name="Recalculate the limits of Staff turnover after a change").click()
    expect(page.locator("h1")).to_have_text("Staff turnover")
    expect(page.locator("main")).to_contain_text("The limits have not been recalculated")
    check_page(page, screenshot="spc-metric-page")

    # No reason: the error says so, and the month chosen is kept.
    month = page.get_by_label("Recalculate the limits from")
    month.select_option(label="May 2025")
    page.get_by_role("button", name="Recalculate the limits").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text(
        ["Enter why the limits are being recalculated"]
    )
    expect(page.get_by_label("Recalculate the limits from")).to_have_value("2025-05")
    assert not MetricRebaseline.objects.exists()
    check_page(page, screenshot="spc-metric-no-reason")

    page.get_by_label("Why are the limits being recalculated?").fill(REASON)
    page.get_by_role("button", name="Recalculate the limits").click()
    main = page.locator("main")
    expect(main).to_contain_text("The limits are recalculated from May 2025")
    # Both periods, each with its own mean and limits, and the reason.
    periods = page.get_by_role("table", name="Limits recalculated 1 time")
    expect(periods.get_by_role("row")).to_have_count(3)
    expect(periods.get_by_role("row").nth(1)).to_contain_text("January 2024 to April 2025 (16)")
    expect(periods.get_by_role("row").nth(1)).to_contain_text("The first period")
    second = periods.get_by_role("row").nth(2)
    expect(second).to_contain_text("May 2025 to December 2025 (8)")
    expect(second).to_contain_text("10.25%")  # 82 / 8
    expect(second).to_contain_text("provisional")
    expect(second).to_contain_text(REASON)
    # The variation text is about the latest period and says why.
    expect(main).to_contain_text(
        "The limits were recalculated from May 2025 because a new self-rostering rota began "
        "on every ward, so the mean and limits here are those of the 8 points since then."
    )
    # The chart marks the step, in its legend and its text alternative.
    chart = page.locator("[data-chart]")
    expect(chart.locator(".legend")).to_contain_text("Limits recalculated")
    expect(chart).to_have_attribute(
        "aria-label", re.compile("recalculated where marked: Limits recalculated from May 2025")
    )
    expect(chart.locator(".annotation")).to_contain_text("New limits")
    recorded = page.get_by_role("table", name="When the limits of Staff turnover")
    expect(recorded.get_by_role("row").nth(1)).to_contain_text("May 2025")
    expect(recorded.get_by_role("row").nth(1)).to_contain_text("Olu Lead")
    assert MetricRebaseline.objects.get().recorded_by == od_lead_a
    check_page(page, screenshot="spc-metric-recalculated")

    # The dashboard shows both periods and the reason under the chart.
    page.goto(live_server.url + reverse("diagnostics:metrics", args=[programme_a.pk]))
    expect(page.get_by_role("table", name="Limits recalculated 1 time")).to_contain_text(REASON)
    check_page(page, screenshot="spc-dashboard-recalculated")

    # A viewer reads the chart and the reason, with no form and nothing to remove.
    viewer = open_as(viewer_a)
    viewer.goto(live_server.url + reverse("diagnostics:metric", args=[turnover.pk]))
    expect(viewer.locator("main")).to_contain_text(REASON)
    expect(viewer.get_by_role("heading", name="Recalculate the limits")).to_have_count(0)
    expect(viewer.locator("main").get_by_role("button")).to_have_count(0)
    expect(viewer.get_by_role("link", name="Remove the recalculation")).to_have_count(0)
    check_page(viewer)

    # Removing it asks first.
    page.goto(live_server.url + reverse("diagnostics:metric", args=[turnover.pk]))
    page.get_by_role("link", name="Remove the recalculation from May 2025").click()
    expect(page.locator("h1")).to_have_text("Remove the recalculation from May 2025?")
    check_page(page, screenshot="spc-remove-confirm")
    page.get_by_role("link", name="No, keep it").click()
    assert MetricRebaseline.objects.count() == 1
    page.get_by_role("link", name="Remove the recalculation from May 2025").click()
    page.get_by_role("button", name="Yes, remove it").click()
    expect(page.locator("main")).to_contain_text(
        "The limits of Staff turnover are no longer recalculated from May 2025"
    )
    expect(page.get_by_role("table", name="Limits recalculated 1 time")).to_have_count(0)
    assert not MetricRebaseline.objects.exists()
