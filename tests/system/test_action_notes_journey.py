"""Progress notes on the action plan, in the browser (issue 19, item 6): a change team member
adds a note to an action after a mistake the page points out, sees it with who and when,
clicks twice without storing it twice, and downloads the plan with its notes; a viewer reads
the notes and is offered no form. Every page axe-clean at 375px and 1280px; screenshots in
test-artifacts/ for a person to look at."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from programmes import services
from programmes.models import ActionNote
from tests.programmes.factories import add_action

pytestmark = pytest.mark.django_db(transaction=True)

NOTE = "Cohort one trained: 12 of 14 ward managers came. Cohort two is booked for May."


@pytest.fixture
def plan(programme_a, od_lead_a, change_team_a):
    action = add_action(
        programme_a,
        od_lead_a,
        owner=change_team_a,
        title="Train every ward manager in compassionate conversations",
        due_on=datetime.date(2026, 6, 30),
    )
    services.action_note_add(
        action=action,
        actor=od_lead_a,
        text="Venue booked at the education centre; the trainers are confirmed.",
    )
    add_action(programme_a, od_lead_a, owner=od_lead_a, title="Re-run the staff culture survey")
    return action


def test_a_change_team_member_adds_a_note_and_a_viewer_reads_it(
    sign_in_as, open_as, live_server, check_page, programme_a, plan, change_team_a, viewer_a
):
    page = sign_in_as(change_team_a)
    page.goto(f"{live_server.url}{reverse('programmes:actions', args=[programme_a.pk])}")
    expect(page.get_by_text("Venue booked at the education centre")).to_be_visible()
    check_page(page, screenshot="action-plan")
    page.get_by_role("link", name=plan.title, exact=True).click()
    expect(page.locator("h1")).to_have_text(plan.title)
    check_page(page, screenshot="action-page")

    # Nothing typed: the page says what to do, and stores nothing.
    page.get_by_role("button", name="Add progress note").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Enter the progress note")
    expect(page).to_have_title(f"Error: {plan.title} – {programme_a.name} – " + TITLE_END)
    check_page(page, screenshot="action-note-error")
    assert ActionNote.objects.count() == 1

    # A double click on the button stores the note once.
    page.get_by_label("Progress note").fill(NOTE)
    page.get_by_role("button", name="Add progress note").dblclick()
    expect(page.locator(".nhsuk-notification-banner--success")).to_contain_text(
        "Your progress note is added"
    )
    notes = page.locator(".portal-note")
    expect(notes).to_have_count(2)
    expect(notes.first).to_contain_text("Chris Change")
    expect(notes.first).to_contain_text(NOTE)
    expect(notes.first.locator("time")).to_contain_text(" at ")
    expect(page.get_by_label("Progress note")).to_have_value("")
    assert ActionNote.objects.filter(text=NOTE).count() == 1
    check_page(page, screenshot="action-note-added")

    # The action plan shows the latest note; its download holds every note.
    page.get_by_role("link", name="Back to the action plan").click()
    expect(page.get_by_text(NOTE)).to_be_visible()
    expect(page.get_by_role("link", name=f"2 progress notes on {plan.title}")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the action plan and progress notes (CSV)").click()
    assert download.value.suggested_filename == "action-plan-raa.csv"
    with open(download.value.path(), encoding="utf-8") as file:
        rows = list(csv.reader(io.StringIO(file.read())))
    assert [row[6] for row in rows[1:3]] == ["Chris Change", "Olu Lead"]
    assert rows[1][8] == NOTE
    assert rows[3][0] == "Re-run the staff culture survey"

    # The plan to print: every action with every note.
    page.get_by_role("link", name="Print the action plan with every progress note").click()
    expect(page.locator("h1")).to_have_text("Action plan with progress notes")
    expect(page.get_by_text(NOTE)).to_be_visible()
    check_page(page, screenshot="action-plan-print")

    # A viewer reads the notes, and is offered neither the form nor a remove button.
    viewer = open_as(viewer_a)
    viewer.goto(f"{live_server.url}{reverse('programmes:action', args=[plan.pk])}")
    expect(viewer.locator(".portal-note")).to_have_count(2)
    expect(viewer.get_by_text(NOTE)).to_be_visible()
    expect(viewer.get_by_label("Progress note")).to_have_count(0)
    expect(viewer.get_by_role("button", name="Add progress note")).to_have_count(0)
    expect(viewer.get_by_role("button", name="Remove your note")).to_have_count(0)
    check_page(viewer, screenshot="action-page-viewer")

    # The author removes their own note.
    page.goto(f"{live_server.url}{reverse('programmes:action', args=[plan.pk])}")
    page.get_by_role("button", name="Remove your note").click()
    expect(page.locator(".nhsuk-notification-banner--success")).to_contain_text(
        "Your progress note is removed"
    )
    expect(page.locator(".portal-note")).to_have_count(1)


TITLE_END = "Culture and leadership programme – NHS"
