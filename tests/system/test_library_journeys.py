"""The resource library in the browser. A curator takes a resource from draft to published,
with a second curator returning it once and then approving it from their own browser; a
member of the public searches, filters, opens and downloads, and reports a problem with a
page, which the curators then read with the e-mail address taken out. Every page axe-clean
at phone and desktop widths, with no CSP violation; screenshots of the search results and of
the review page with its diff are saved to /tmp/library-shots/ for a person to look at."""

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from playwright.sync_api import expect

from resources import forms as resource_forms
from resources import services
from resources.models import PageFeedback, Resource, ResourceStatus
from resources.uploads import WRONG_TYPE
from tests.accounts.factories import UserFactory
from tests.system.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = Path("/tmp/library-shots")  # noqa: S108 - a fixed place for a person to look
PDF = b"%PDF-1.4\n% a small test document\n%%EOF\n"
PROGRAM = b"MZ\x90\x00\x03\x00\x00\x00 a renamed Windows program"
FITS_THE_WINDOW = "() => document.documentElement.scrollWidth <= window.innerWidth"

TITLE = "Running a listening event"
SUMMARY = "How to plan a listening event for staff."
NEW_SUMMARY = "How to plan and run a listening event for ward teams."
BODY = (
    "## Before the day\n\n"
    "Book a quiet room and **protect the time**.\n\n"
    "- Invite the change team\n"
    "- Share the questions early\n"
)
RETURN_COMMENT = "Say who the event is for, not just staff in general."
NO_RESULTS = "No resources match. Try fewer words, or remove a filter."
FEEDBACK = "The PDF will not open for me. Email me at jo.bloggs@example.nhs.uk"
# What core/redaction.py puts in place of an e-mail address.
FEEDBACK_STORED = "The PDF will not open for me. Email me at [email address removed]"


# --- helpers ----------------------------------------------------------------------------


@pytest.fixture
def audit(check_page):
    """check_page (axe at 375px and 1280px, CSP, console, other hosts), plus screenshots at
    both widths in /tmp/library-shots/ for the pages a person should look at."""

    def run(page, heading: str, *, shot: str | None = None, status: int = 200):
        # The heading first: it proves the page asked for has loaded, not the one before.
        expect(page.locator("h1")).to_have_text(heading)
        # Then the NHS.UK scripts. A function, not an expression string: Playwright polls a
        # string with eval(), which the portal's CSP (no 'unsafe-eval') refuses.
        page.wait_for_function("() => window.__nhsukInit === true")
        check_page(page, status=status)
        if shot:
            SHOTS.mkdir(parents=True, exist_ok=True)
            for viewport in (PHONE, DESKTOP):
                page.set_viewport_size(viewport)
                # And so check the page reflows to a phone's width with no sideways scrolling.
                page.wait_for_function(FITS_THE_WINDOW, timeout=5000)
                path = SHOTS / f"library-{shot}-{viewport['width']}.png"
                page.screenshot(path=str(path), full_page=True)
            page.set_viewport_size(DESKTOP)

    return run


@pytest.fixture
def second_curator(db):
    return UserFactory(full_name="Cara Curator", national_admin=True)


@pytest.fixture
def feedback_without_waiting(monkeypatch):
    """The feedback form turns away posts sent within 3 seconds of the page being shown (a
    bot's speed). The live server runs in this process, so a test need not wait."""
    monkeypatch.setattr(resource_forms, "FEEDBACK_MIN_SECONDS", 0)


def pdf_file(name: str) -> dict:
    return {"name": name, "mimeType": "application/pdf", "buffer": PDF}


def choose_file(page, label: str, file: dict):
    """As a person does it: the NHS.UK file upload's button (which the label now names)
    opens the file chooser, and the file is chosen there."""
    with page.expect_file_chooser() as chooser:
        page.get_by_label(label).click()
    chooser.value.set_files(file)
    expect(page.get_by_text(file["name"], exact=True)).to_be_visible()


def expect_success(page, text: str):
    expect(page.locator(".nhsuk-notification-banner--success")).to_contain_text(text)


def summary_value(scope, key: str):
    """The value beside `key` in the summary lists of `scope` (a page or part of one)."""
    page = getattr(scope, "page", scope)  # `has` is matched inside each row, from the page
    key_cell = page.locator(".nhsuk-summary-list__key", has_text=re.compile(rf"^\s*{key}\s*$"))
    return (
        scope.locator(".nhsuk-summary-list__row")
        .filter(has=key_cell)
        .locator(".nhsuk-summary-list__value")
    )


def history(page):
    return page.locator("h2:text-is('History') + ol > li")


def result_titles(page):
    return page.locator("ul[aria-labelledby='results-heading'] h3")


def results_heading(page):
    return page.locator("#results-heading")


def publish(author, reviewer, *, title, **overrides):
    """A resource written by `author`, sent for review and approved by `reviewer`."""
    fields = {
        "title": title,
        "summary": f"{title}: a short summary.",
        "body": "",
        "kind": "guide",
        "phases": [],
        "tools": [],
        "elements": [],
        "audience": ["od_leads"],
        "link": "",
        "owner": author,
        "review_due": None,
        "featured": False,
    }
    fields.update(overrides)
    upload = fields.pop("file", None)
    resource = services.resource_create(actor=author, file=upload, **fields)
    services.resource_submit(resource=resource, actor=author)
    return services.resource_approve(resource=resource, actor=reviewer)


# --- a curator takes a resource from draft to published ---------------------------------


def test_a_curator_takes_a_resource_from_draft_to_published(
    sign_in_as, open_as, live_server, audit, national_admin, second_curator
):
    page = sign_in_as(national_admin)

    # 1. The workspace, from the header; the import page is one of its buttons.
    page.goto(f"{live_server.url}/")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Curate library").click()
    audit(page, "Curate the library")
    expect(page.get_by_text("Nothing is waiting for review.")).to_be_visible()
    page.get_by_role("link", name="Import from a CSV file").click()
    audit(page, "Import resources from a CSV file")
    page.get_by_role("link", name="Back").click()
    expect(page.locator("h1")).to_have_text("Curate the library")

    # 2. A new resource: the empty form first, its errors leading to their fields.
    page.get_by_role("link", name="New resource").click()
    audit(page, "New resource")
    page.get_by_role("button", name="Save as draft").click()
    expect(page).to_have_title(re.compile("^Error: New resource"))
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text(
        ["Enter a title", "Enter a summary", "Choose a type"]
    )
    audit(page, "New resource")  # the form in its error state
    summary.get_by_role("link", name="Choose a type").click()
    expect(page.get_by_role("group", name="Type").get_by_label("Guide", exact=True)).to_be_focused()
    summary.get_by_role("link", name="Enter a summary").click()
    expect(page.get_by_label("Summary", exact=True)).to_be_focused()
    summary.get_by_role("link", name="Enter a title").click()
    expect(page.get_by_label("Title", exact=True)).to_be_focused()
    assert not Resource.objects.exists()

    page.get_by_label("Title", exact=True).fill(TITLE)
    page.get_by_label("Summary", exact=True).fill(SUMMARY)
    page.get_by_label("Body (optional)").fill(BODY)
    page.get_by_role("group", name="Type").get_by_label("Guide", exact=True).check()
    page.get_by_role("group", name="Phases").get_by_label("Discover", exact=True).check()
    page.get_by_role("group", name="Diagnostic tools").get_by_label(
        "Culture focus groups", exact=True
    ).check()
    page.get_by_role("group", name="Cultural elements").get_by_label("Teamwork", exact=True).check()
    choose_file(page, "Upload a file", pdf_file("listening-event.pdf"))
    page.get_by_role("button", name="Save as draft").click()
    expect_success(page, "The resource is saved as a draft")
    audit(page, TITLE)
    expect(summary_value(page, "Status")).to_have_text("Draft")
    expect(summary_value(page, "Author")).to_have_text("Nia National")
    expect(history(page)).to_have_count(1)
    expect(history(page).first).to_contain_text("Nia National created")
    expect(page.get_by_role("link", name="Download the file (PDF)")).to_be_visible()
    expect(page.locator(".portal-resource-body h2")).to_have_text("Before the day")
    resource = Resource.objects.get(title=TITLE)
    assert (resource.status, resource.file_kind) == (ResourceStatus.DRAFT, "pdf")

    # 3. Sent for review: its author may not approve it.
    page.get_by_role("button", name="Send for review").click()
    expect_success(page, "The resource is waiting for another curator's review")
    expect(summary_value(page, "Status")).to_have_text("In review")
    expect(page.locator(".nhsuk-inset-text")).to_contain_text(
        "Another curator must review it: you wrote it or sent it for review."
    )
    expect(page.get_by_role("button", name="Approve and publish")).to_have_count(0)
    expect(page.get_by_role("button", name="Return to draft")).to_have_count(0)
    expect(history(page).first).to_contain_text("Nia National sent for review")
    audit(page, TITLE)

    # 4. The second curator finds it waiting and returns it, with a comment.
    reviewer = open_as(second_curator)
    reviewer.goto(f"{live_server.url}/resources/curate/")
    waiting = reviewer.get_by_role("table", name="Waiting for review")
    waiting.get_by_role("link", name=TITLE).click()
    expect(reviewer.locator("h1")).to_have_text(TITLE)
    expect(
        reviewer.get_by_role("heading", name="What changed since it was last reviewed")
    ).to_be_visible()
    # Nothing was reviewed before, so everything is new.
    diff = reviewer.locator(".portal-diff")
    expect(summary_value(diff, "Title")).to_contain_text(f"added: {TITLE}")
    expect(summary_value(diff, "Cultural elements")).to_have_text("Added: Teamwork.")
    expect(summary_value(diff, "Diagnostic tools")).to_have_text("Added: Culture focus groups.")
    audit(reviewer, TITLE, shot="review-new")
    reviewer.get_by_role("button", name="Return to draft").click()
    # The page again, with an error summary and the message at the comment box.
    expect(reviewer).to_have_title(re.compile("^Error: "))
    expect(reviewer.locator(".nhsuk-error-summary")).to_contain_text("Say what needs to change")
    expect(reviewer.locator(".nhsuk-error-message")).to_contain_text("Say what needs to change")
    expect(summary_value(reviewer, "Status")).to_have_text("In review")
    reviewer.get_by_label("What needs to change").fill(RETURN_COMMENT)
    reviewer.get_by_role("button", name="Return to draft").click()
    expect_success(reviewer, "The resource is back in draft, with your comment")
    expect(summary_value(reviewer, "Status")).to_have_text("Draft")
    expect(history(reviewer).first).to_contain_text("Cara Curator returned")
    expect(history(reviewer).first).to_contain_text(f"“{RETURN_COMMENT}”")

    # 5. The author sees the comment; a renamed program is refused and changes nothing.
    page.reload()
    expect(summary_value(page, "Status")).to_have_text("Draft")
    expect(history(page).first).to_contain_text(RETURN_COMMENT)
    revisions_before = resource.revisions.count()
    file_before = Resource.objects.get(pk=resource.pk).file.name
    page.get_by_role("link", name="Change", exact=True).click()
    audit(page, f"Change {TITLE}")
    expect(page.get_by_role("link", name=re.compile(r"^PDF, \d+ bytes$"))).to_be_visible()
    expect(page.get_by_label("Summary", exact=True)).to_have_value(SUMMARY)
    renamed_program = {"name": "evil.pdf", "mimeType": "application/pdf", "buffer": PROGRAM}
    choose_file(page, "Upload a file", renamed_program)
    page.get_by_role("button", name="Save changes").click()
    expect(page).to_have_title(re.compile(f"^Error: Change {TITLE}"))
    expect(page.locator(".nhsuk-error-summary").get_by_role("link")).to_have_text([WRONG_TYPE])
    expect(page.locator("#id_file_error")).to_contain_text(WRONG_TYPE)
    audit(page, f"Change {TITLE}")  # the edit form in its error state
    unchanged = Resource.objects.get(pk=resource.pk)
    assert unchanged.file.name == file_before and unchanged.file_kind == "pdf"
    assert unchanged.summary == SUMMARY and unchanged.status == ResourceStatus.DRAFT
    assert unchanged.revisions.count() == revisions_before

    # 6. The author changes the summary (the file chooser is empty again: the PDF stays).
    page.get_by_label("Summary", exact=True).fill(NEW_SUMMARY)
    page.get_by_role("button", name="Save changes").click()
    expect_success(page, "Your changes are saved")
    expect(history(page).first).to_contain_text("Nia National edited")
    expect(history(page).first).to_contain_text("(changed: summary)")
    page.get_by_role("button", name="Send for review").click()
    expect_success(page, "The resource is waiting for another curator's review")
    assert Resource.objects.get(pk=resource.pk).file.name == file_before

    # 7. The reviewer now sees only the summary's change, word by word, and approves it.
    reviewer.goto(f"{live_server.url}/resources/curate/")
    reviewer.get_by_role("table", name="Waiting for review").get_by_role("link", name=TITLE).click()
    expect(reviewer.locator("h1")).to_have_text(TITLE)
    diff = reviewer.locator(".portal-diff")
    expect(diff.locator(".nhsuk-summary-list__key")).to_have_text(["Summary"])
    change = summary_value(diff, "Summary")
    expect(change.locator("ins")).to_have_text(["added: and run ", "added: ward teams."])
    expect(change.locator("del")).to_have_text(["removed: staff."])
    expect(change).to_contain_text("How to plan")
    audit(reviewer, TITLE, shot="review-diff")
    reviewer.get_by_role("button", name="Approve and publish").click()
    expect_success(reviewer, "The resource is approved")
    expect(summary_value(reviewer, "Status")).to_contain_text("Published from")
    expect(summary_value(reviewer, "Status")).to_contain_text("(approved by Cara Curator)")
    expect(history(reviewer).first).to_contain_text("Cara Curator approved and published")
    expect(reviewer.get_by_role("link", name="See it in the library")).to_be_visible()

    # 8. Anyone finds it in the library, reads it and downloads the PDF.
    public = open_as(None)
    public.goto(f"{live_server.url}/resources/")
    expect(results_heading(public)).to_have_text("1 resource")
    public.get_by_role("link", name=TITLE).click()
    audit(public, TITLE)
    expect(public.locator(".nhsuk-lede-text")).to_have_text(NEW_SUMMARY)
    body = public.locator(".portal-resource-body")
    expect(body.get_by_role("heading", level=2)).to_have_text("Before the day")
    expect(body.get_by_role("listitem")).to_have_text(
        ["Invite the change team", "Share the questions early"]
    )
    expect(body.locator("strong")).to_have_text("protect the time")
    download_button = public.get_by_role("link", name=re.compile(r"^Download \(PDF, \d+ bytes\)$"))
    with public.expect_download() as download:
        download_button.click()
    assert download.value.suggested_filename == "running-a-listening-event.pdf"
    assert Path(download.value.path()).read_bytes() == PDF

    # 9. The workspace lists it as published, seen once and downloaded once.
    page.goto(f"{live_server.url}/resources/curate/")
    published = page.get_by_role("table", name="Published")
    row = published.get_by_role("row").filter(has=page.get_by_role("link", name=TITLE))
    expect(row.get_by_role("cell").nth(2)).to_contain_text("1")
    expect(row.get_by_role("cell").nth(3)).to_contain_text("1")
    expect(page.get_by_text("Nothing is waiting for review.")).to_be_visible()
    audit(page, "Curate the library")
    actions = list(
        Resource.objects.get(pk=resource.pk)
        .revisions.order_by("number")
        .values_list("action", flat=True)
    )
    assert actions == [
        "created",
        "sent for review",
        "returned",
        "edited",
        "sent for review",
        "approved and published",
    ]


# --- a member of the public --------------------------------------------------------------


@pytest.fixture
def library(national_admin, second_curator):
    """Six published resources: three kinds of thing, every phase but scoping, two with the
    board interviews tool, one with a PDF and one featured."""

    def make(title, **fields):
        return publish(second_curator, national_admin, title=title, **fields)

    return {
        "guide": make(
            "Board interview guide",
            summary="Questions to ask the board, and how to record the answers.",
            phases=["discover"],
            tools=["board_interviews"],
            elements=["teamwork"],
            link="https://example.org/board-interviews",
        ),
        "sheet": make(
            "Interview record sheet",
            kind="template",
            summary="A sheet to fill in during each conversation with a board member.",
            body="## How to use it\n\nOne sheet for each conversation.",
            phases=["discover"],
            tools=["board_interviews"],
            file=SimpleUploadedFile("record-sheet.pdf", PDF),
        ),
        "findings": make(
            "Bringing the findings together",
            summary="Turn the interview notes and survey results into a few themes.",
            body="## The day\n\nA half-day workshop with the change team.",
            phases=["discover"],
            elements=["teamwork"],
        ),
        "checklist": make(
            "Focus group checklist",
            kind="tool",
            summary="What to prepare before running a culture focus group.",
            phases=["discover"],
            tools=["focus_groups"],
            elements=["support_compassion"],
            link="https://example.org/focus-groups",
        ),
        "strategy": make(
            "Writing the strategy",
            summary="Write the collective leadership strategy with the board.",
            body="Start from the themes the change team found.",
            phases=["design"],
            elements=["vision_values"],
            featured=True,
        ),
        "case": make(
            "Listening to staff: a case study",
            kind="case_study",
            summary="How one trust made listening part of every team meeting.",
            phases=["deliver"],
            elements=["support_compassion"],
            link="https://example.org/listening",
        ),
    }


def test_a_member_of_the_public_searches_filters_opens_and_downloads(
    watched_page,
    open_as,
    live_server,
    audit,
    library,
    national_admin,
    feedback_without_waiting,
):
    page = watched_page

    # 1. From the home page's footer to the library: everything published, A to Z.
    page.goto(f"{live_server.url}/")
    page.get_by_role("contentinfo").get_by_role("link", name="Resource library").click()
    audit(page, "Resource library")
    expect(results_heading(page)).to_have_text("6 resources")
    expect(result_titles(page)).to_have_text(
        [
            "Board interview guide",
            "Bringing the findings together",
            "Focus group checklist",
            "Interview record sheet",
            "Listening to staff: a case study",
            "Writing the strategy",
        ]
    )
    featured = page.get_by_role("listitem").filter(has_text="Writing the strategy")
    expect(featured.get_by_text("Featured", exact=True)).to_be_visible()

    # 2. A search: two titles and one summary match; titles first.
    page.get_by_label("Search the library").fill("interview")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(results_heading(page)).to_have_text("3 resources for ‘interview’")
    expect(page).to_have_title(re.compile("^interview – Resource library"))
    if connection.vendor == "sqlite":
        expect(result_titles(page)).to_have_text(
            ["Board interview guide", "Interview record sheet", "Bringing the findings together"]
        )
    else:  # PostgreSQL ranks by its own weights; the same three, title matches first
        expect(result_titles(page)).to_have_count(3)
        expect(result_titles(page).nth(2)).to_have_text("Bringing the findings together")
    expect(page.get_by_label("Sort by")).to_have_value("relevance")
    audit(page, "Resource library", shot="search-results")

    # 3. A filter from the Type facet, shown as a chip, then removed with it.
    kind = page.get_by_label("Type", exact=True)
    expect(kind.locator("option")).to_have_text(["Any", "Guide (2)", "Template (1)"])
    kind.select_option(label="Guide (2)")
    page.get_by_role("button", name="Apply filters").click()
    expect(results_heading(page)).to_have_text("2 resources for ‘interview’")
    expect(result_titles(page)).to_have_text(
        ["Board interview guide", "Bringing the findings together"]
    )
    chip = page.get_by_role("link", name=re.compile(r"^Guide \(remove this filter\)"))
    expect(chip).to_be_visible()
    expect(page.get_by_label("Search the library")).to_have_value("interview")
    audit(page, "Resource library", shot="search-filtered")
    chip.click()
    expect(results_heading(page)).to_have_text("3 resources for ‘interview’")
    expect(page.get_by_role("link", name=re.compile("remove this filter"))).to_have_count(0)
    expect(page.get_by_label("Type", exact=True)).to_have_value("")

    # 4. Sorted A to Z instead of by best match.
    page.get_by_label("Sort by").select_option(label="Title (A to Z)")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_label("Sort by")).to_have_value("title")
    expect(result_titles(page)).to_have_text(
        ["Board interview guide", "Bringing the findings together", "Interview record sheet"]
    )

    # 5. A search with no results.
    page.get_by_label("Search the library").fill("zebra crossing")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(results_heading(page)).to_have_text("0 resources for ‘zebra crossing’")
    expect(page.get_by_text(NO_RESULTS)).to_be_visible()
    audit(page, "Resource library")

    # 6. A resource: its related resources, and its PDF.
    page.get_by_label("Search the library").fill("record")
    page.get_by_role("button", name="Search", exact=True).click()
    page.get_by_role("link", name="Interview record sheet").click()
    audit(page, "Interview record sheet")
    expect(page.locator(".nhsuk-caption-l")).to_have_text("Template")
    related = page.locator("h2:text-is('Related resources') + ul").get_by_role("link")
    expect(related).to_have_text(
        ["Board interview guide", "Bringing the findings together", "Focus group checklist"]
    )
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(r"^Download \(PDF")).click()
    assert download.value.suggested_filename == "interview-record-sheet.pdf"
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF-")

    # 7. "Is there anything wrong with this page?": sent empty, the form's own page says so.
    feedback = page.locator("details.portal-page-feedback")
    feedback.get_by_text("Is there anything wrong with this page?").click()
    feedback.get_by_role("button", name="Send").click()
    expect(page).to_have_title(re.compile("^Error: Is there anything wrong with this page?"))
    expect(page.locator(".nhsuk-error-summary").get_by_role("link")).to_have_text(
        ["Tell us what is wrong with the page"]
    )
    audit(page, "Is there anything wrong with this page?")
    assert not PageFeedback.objects.exists()
    page.get_by_role("link", name="Back to the page").click()
    expect(page.locator("h1")).to_have_text("Interview record sheet")

    # Then with a message, which names an e-mail address.
    feedback = page.locator("details.portal-page-feedback")
    feedback.get_by_text("Is there anything wrong with this page?").click()
    feedback.get_by_label("What is wrong with this page?").fill(FEEDBACK)
    feedback.get_by_role("button", name="Send").click()
    expect(page.locator("h1")).to_have_text("Interview record sheet")
    expect_success(page, "Thank you. Your message has gone to the team.")
    audit(page, "Interview record sheet")
    stored = PageFeedback.objects.get()
    assert stored.message == FEEDBACK_STORED
    assert stored.resource == library["sheet"]

    # 8. The curators see one open message, without the address.
    curator = open_as(national_admin)
    curator.goto(f"{live_server.url}/resources/curate/")
    feedback_link = curator.get_by_role("link", name="Page feedback (1 open)")
    expect(feedback_link).to_be_visible()
    row = (
        curator.get_by_role("table", name="Published")
        .get_by_role("row")
        .filter(has=curator.get_by_role("link", name="Interview record sheet"))
    )
    expect(row.get_by_role("cell").last).to_contain_text("1")
    audit(curator, "Curate the library")
    feedback_link.click()
    audit(curator, "Page feedback")
    item = (
        curator.get_by_role("main")
        .get_by_role("listitem")
        .filter(has_text="The PDF will not open for me.")
    )
    expect(item).to_contain_text(FEEDBACK_STORED)
    expect(item.get_by_role("link", name="Interview record sheet")).to_be_visible()
    expect(curator.get_by_text("jo.bloggs@example.nhs.uk")).to_have_count(0)
    expect(curator.get_by_text("jo.bloggs")).to_have_count(0)
