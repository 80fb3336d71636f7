"""The culture community in the browser. A person at a trust not yet on the portal applies;
a national admin first tries to decline without a reason, then approves; the applicant sets
a password from the e-mail, signs in, finds a colleague's contact in the directory and books
a place at an event. A full event puts the next person on the waiting list, and a
cancellation gives them the place. A member writes a story that a national admin publishes
and a colleague finds from the library. Every page axe-clean at phone and desktop widths,
with no CSP violation; screenshots are saved to /tmp/community-shots/ for a person to look
at."""

import re
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from community.models import Membership, Registration
from tests.community.factories import make_event, make_member
from tests.system.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = Path("/tmp/community-shots")  # noqa: S108 - a fixed place for a person to look
FITS_THE_WINDOW = "() => document.documentElement.scrollWidth <= window.innerWidth"
PASSWORD = "a-community-password-2026"


@pytest.fixture
def audit(check_page):
    """Axe at 375px and 1280px, CSP and console checks, and screenshots for a person."""

    def run(page, heading: str, *, shot: str | None = None):
        expect(page.locator("h1")).to_have_text(heading)
        page.wait_for_function("() => window.__nhsukInit === true")
        check_page(page)
        if shot:
            SHOTS.mkdir(parents=True, exist_ok=True)
            for viewport in (PHONE, DESKTOP):
                page.set_viewport_size(viewport)
                page.wait_for_function(FITS_THE_WINDOW, timeout=5000)
                page.screenshot(
                    path=str(SHOTS / f"community-{shot}-{viewport['width']}.png"), full_page=True
                )
            page.set_viewport_size(DESKTOP)

    return run


def expect_banner(page, kind: str, text: str):
    expect(
        page.locator(f".nhsuk-notification-banner--{kind}, .nhsuk-notification-banner")
    ).to_contain_text(text)


def test_a_new_trust_applies_is_approved_and_its_lead_books_an_event(
    open_as, live_server, audit, trust_a, od_lead_a, national_admin
):
    make_member(trust_a, is_pilot=True, contact=od_lead_a, contact_consented_at=timezone.now())
    event = make_event(national_admin, title="Webinar: reading your results", capacity=20)

    # 1. The public front page of the community, then the application for a new trust.
    applicant = open_as(None)
    applicant.goto(f"{live_server.url}/community/")
    audit(applicant, "Culture community", shot="directory-public")
    expect(applicant.get_by_text("Pilot trust")).to_be_visible()
    expect(applicant.get_by_text(od_lead_a.email)).to_have_count(0)
    applicant.get_by_role("link", name="Apply to join the community").click()
    audit(applicant, "Join the culture community")
    applicant.get_by_role("link", name="Apply for a new trust").click()
    audit(applicant, "Apply for a trust not yet on the portal")

    # 2. An empty form: the summary names every problem and links to its field.
    applicant.get_by_role("button", name="Send application").click()
    expect(applicant).to_have_title(re.compile("^Error: "))
    summary = applicant.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Enter your name")
    expect(summary).to_contain_text("Choose whether we can list your trust in the directory")
    audit(applicant, "Apply for a trust not yet on the portal", shot="apply-errors")

    applicant.get_by_label("Your full name").fill("Nina Newton")
    applicant.get_by_label("Your work email address").fill("nina.newton@riverside.example.org")
    applicant.get_by_label("Your job title").fill("Head of organisational development")
    applicant.get_by_label("Trust name").fill("Riverside Community NHS Trust")
    applicant.get_by_label("Trust ODS code").fill("rvs")
    applicant.get_by_label("Community", exact=True).check()
    applicant.get_by_label("Region").select_option(label="South West")
    applicant.get_by_label("What does your trust want from the culture community?").fill(
        "To learn from the pilot trusts before we start Discover."
    )
    applicant.get_by_role("group", name="Can we list your trust").get_by_label("Yes").check()
    applicant.get_by_role("button", name="Send application").click()
    audit(applicant, "Your application to join the culture community", shot="application")
    expect(applicant.get_by_text("Waiting for a decision")).to_be_visible()
    assert "nina.newton@riverside.example.org" in [m.to[0] for m in mail.outbox]

    # 3. The national admin decides: a decline without a reason is refused, then approve.
    admin = open_as(national_admin)
    admin.goto(f"{live_server.url}/community/manage/applications/")
    audit(admin, "Applications to join", shot="applications")
    admin.get_by_role("link", name="Riverside Community NHS Trust").click()
    audit(admin, "Riverside Community NHS Trust")
    admin.get_by_label("Decline, with a reason").check()
    admin.get_by_role("button", name="Record decision").click()
    expect(admin.locator(".nhsuk-error-summary")).to_contain_text(
        "Enter the reason for the applicant"
    )
    audit(admin, "Riverside Community NHS Trust", shot="decision-error")
    admin.get_by_label("Approve: the trust becomes a member").check()
    admin.get_by_role("button", name="Record decision").click()
    audit(admin, "Applications to join")
    expect_banner(admin, "success", "The decision is recorded")

    # 4. The applicant's e-mail carries a link to choose a password; they sign in.
    approval = next(m for m in mail.outbox if "has joined the culture community" in m.subject)
    path = re.search(r"/password-reset/\S+/", approval.body).group(0)
    applicant.goto(live_server.url + path)
    applicant.get_by_label("New password", exact=True).fill(PASSWORD)
    applicant.get_by_label("Confirm new password").fill(PASSWORD)
    applicant.get_by_role("button", name="Save password").click()
    expect(applicant.locator("h1")).to_have_text("Your password has been changed")
    applicant.goto(f"{live_server.url}/sign-in/?next=/community/")
    applicant.get_by_label("Email address").fill("nina.newton@riverside.example.org")
    applicant.get_by_label("Password").fill(PASSWORD)
    applicant.get_by_role("button", name="Sign in").click()

    # 5. As a member: the directory with the consented contact, then an event.
    audit(applicant, "Culture community", shot="directory-member")
    expect(applicant.get_by_text(od_lead_a.email)).to_be_visible()
    expect(applicant.get_by_role("heading", name="2 member trusts")).to_be_visible()
    applicant.get_by_label("Region").select_option(label="South West")
    applicant.get_by_role("button", name="Search the directory").click()
    expect(applicant.get_by_role("heading", name="1 member trust")).to_be_visible()
    applicant.get_by_role("navigation", name="Culture community").get_by_role(
        "link", name="Events"
    ).click()
    audit(applicant, "Events", shot="events")
    applicant.get_by_role("link", name=event.title).click()
    audit(applicant, event.title)
    applicant.get_by_role("button", name="Book a place").click()
    expect_banner(applicant, "success", "You have a place")
    audit(applicant, event.title, shot="event-booked")
    expect(applicant.get_by_role("link", name=event.joining_link)).to_be_visible()
    assert Registration.objects.get(event=event).user.email == "nina.newton@riverside.example.org"

    # 6. The new trust's settings: its OD lead names themself as contact.
    applicant.goto(f"{live_server.url}/community/trusts/RVS/membership/")
    audit(applicant, "Community settings", shot="settings")
    applicant.get_by_label("Show which phase our programme is in").check()
    applicant.get_by_role("button", name="Save settings").click()
    expect_banner(applicant, "success", "community settings are saved")
    assert Membership.objects.get(trust__ods_code="RVS").share_phase


def test_a_full_event_has_a_waiting_list_that_a_cancellation_promotes(
    open_as, live_server, audit, trust_a, od_lead_a, viewer_a, national_admin
):
    make_member(trust_a)
    event = make_event(national_admin, title="National event: in practice", capacity=1)
    first, second = open_as(od_lead_a), open_as(viewer_a)
    url = f"{live_server.url}/community/events/{event.pk}/"

    first.goto(url)
    audit(first, event.title)
    first.get_by_role("button", name="Book a place").click()
    expect_banner(first, "success", "You have a place")

    second.goto(url)
    expect(second.get_by_text("The event is full")).to_be_visible()
    second.get_by_role("button", name="Join the waiting list").click()
    expect(second.locator(".nhsuk-notification-banner")).to_contain_text(
        "The event is full, so you are on the waiting list (number 1)"
    )
    audit(second, event.title, shot="event-waiting")
    expect(second.get_by_text("You are on the waiting list: number 1")).to_be_visible()

    first.get_by_role("button", name="Cancel my place").click()
    expect_banner(first, "success", "Your place is cancelled")
    audit(first, event.title)

    second.reload()
    expect(second.get_by_text("You have a place.")).to_be_visible()
    assert any(
        m.to == [viewer_a.email] and m.subject.startswith("A place has opened") for m in mail.outbox
    )
    # The calendar file, as the member downloads it.
    with second.expect_download() as download:
        second.get_by_role("link", name="Add to your calendar (.ics file)").click()
    assert b"BEGIN:VCALENDAR" in Path(download.value.path()).read_bytes()


def test_a_member_story_is_moderated_and_found_from_the_library(
    open_as, live_server, audit, trust_a, od_lead_a, viewer_a, national_admin
):
    make_member(trust_a, share_bright_spots=True)
    writer = open_as(od_lead_a)
    writer.goto(f"{live_server.url}/community/stories/")
    audit(writer, "Good-practice stories")
    writer.get_by_role("link", name="Share a story").click()
    audit(writer, "Share a good-practice story")
    writer.get_by_role("button", name="Save story").click()
    expect(writer.locator(".nhsuk-error-summary")).to_contain_text(
        "Choose at least one cultural element"
    )
    audit(writer, "Share a good-practice story", shot="story-errors")
    writer.get_by_label("Title").fill("Coaching every team leader in improvement")
    writer.get_by_label("Summary").fill("Team leaders ran small tests of change with a coach.")
    writer.get_by_label("What you did").fill("A four-session course, then three coached projects.")
    writer.get_by_label("What happened as a result").fill("Over 200 projects in a year.")
    writer.get_by_label("Deliver").check()
    writer.get_by_label("Learning and innovation").check()
    writer.get_by_label("Tags (optional)").fill("Coaching, quality improvement, coaching")
    writer.get_by_role("button", name="Save story").click()
    audit(writer, "Coaching every team leader in improvement")
    writer.get_by_role("button", name="Send for moderation").click()
    expect_banner(writer, "success", "sent to the moderators")

    admin = open_as(national_admin)
    admin.goto(f"{live_server.url}/community/manage/members/")
    audit(admin, "Run the community", shot="manage-members")
    admin.get_by_role("link", name="Stories to moderate").click()
    audit(admin, "Stories to moderate")
    admin.get_by_role("link", name="Coaching every team leader in improvement").click()
    admin.get_by_role("button", name="Publish").click()
    expect_banner(admin, "success", "is published")

    public = open_as(viewer_a)
    public.goto(f"{live_server.url}/resources/?q=coaching")
    public.get_by_role("link", name=re.compile("good-practice stories from member trusts")).click()
    audit(public, "Good-practice stories", shot="stories")
    public.get_by_role("link", name="Coaching every team leader in improvement").click()
    audit(public, "Coaching every team leader in improvement", shot="story")
    expect(public.get_by_role("link", name="coaching", exact=True)).to_be_visible()

    # Bright spots and the contact page, as the member sees them (no survey yet).
    writer.goto(f"{live_server.url}/community/bright-spots/")
    audit(writer, "Bright spots")
    expect(writer.get_by_text("has no closed survey with published results yet")).to_be_visible()
    writer.goto(f"{live_server.url}/community/contact/")
    audit(writer, "Being your trust's community contact")


def test_the_demo_community_shows_bright_spots_and_the_admin_pages(
    open_as, live_server, audit, settings
):
    """With the whole demo loaded: Northumbria's lowest elements find another pilot trust's
    significant improvement; the admin pages with real queues."""
    import io

    from django.core.management import call_command

    from accounts.models import User

    settings.DEMO_DATA_ALLOWED = True
    call_command("seed_demo", stdout=io.StringIO())
    lead = open_as(User.objects.get(email="od.lead@demo.nhs.uk"))
    lead.goto(f"{live_server.url}/community/bright-spots/")
    audit(lead, "Bright spots", shot="bright-spots")
    # The demo's surveys give at least one significant improvement among the pilot trusts.
    expect(lead.locator(".nhsuk-card", has_text="Positive answers rose from").first).to_be_visible()
    lead.goto(f"{live_server.url}/community/")
    audit(lead, "Culture community")
    expect(lead.get_by_role("link", name="od.lead@demo.nhs.uk")).to_be_visible()
    # Central Manchester named its OD lead, who has not agreed: not shown.
    expect(lead.get_by_text("Mohammed Malik")).to_have_count(0)

    admin = open_as(User.objects.get(email="national.admin@demo.nhs.uk"))
    for path, heading in (
        ("/community/manage/applications/", "Applications to join"),
        ("/community/manage/stories/", "Stories to moderate"),
        ("/community/events/", "Events"),
    ):
        admin.goto(live_server.url + path)
        audit(admin, heading)
    admin.get_by_role("link", name="Learning set: preparing for board interviews").click()
    audit(admin, "Learning set: preparing for board interviews", shot="event-past-admin")
    admin.get_by_role("link", name="Record attendance").click()
    audit(admin, "Attendance: Learning set: preparing for board interviews")
    admin.get_by_role("button", name="Save attendance").click()
    expect_banner(admin, "success", "Attendance is saved")
    admin.goto(f"{live_server.url}/community/manage/applications/")
    admin.get_by_role("link", name="Wirral Community Health and Care NHS Foundation Trust").click()
    audit(admin, "Wirral Community Health and Care NHS Foundation Trust")
    admin.goto(f"{live_server.url}/community/manage/members/")
    admin.get_by_role("link", name=re.compile("Lapse.*Isle|Lapse")).first.click()
    expect(admin.locator("h1")).to_contain_text("Lapse the membership of")
    admin.get_by_role("button", name="Lapse membership").click()
    expect(admin.locator(".nhsuk-error-summary")).to_contain_text("Enter the reason")
    audit(admin, admin.locator("h1").inner_text())


def test_a_bright_spot_leads_to_its_contact_in_the_directory_and_its_stories(
    open_as, live_server, audit, trust_a, trust_b, od_lead_a, od_lead_b, national_admin
):
    from accounts.constants import Role
    from community import services
    from programmes.constants import Element
    from tests.accounts.factories import TrustMembershipFactory
    from tests.community.support import closed_wave, make_story, publish, update_settings
    from tests.diagnostics.factories import InstrumentVersionFactory

    version = InstrumentVersionFactory()
    make_member(trust_a)
    closed_wave(trust_a, version, closed_days_ago=30, rows={Element.TEAMWORK: (30, 300, 3.1)})
    membership = make_member(trust_b, share_bright_spots=True)
    closed_wave(trust_b, version, closed_days_ago=400, rows={Element.TEAMWORK: (40, 400, 4.0)})
    closed_wave(trust_b, version, closed_days_ago=20, rows={Element.TEAMWORK: (60, 400, 6.0)})
    contact = TrustMembershipFactory(trust=trust_b, role=Role.CHANGE_TEAM).user
    update_settings(membership, od_lead_b, contact=contact, share_bright_spots=True)
    services.contact_consent_set(membership=membership, user=contact, consent=True)
    publish(
        make_story(trust_b, od_lead_b, title="Huddles on every ward", elements=[Element.TEAMWORK]),
        od_lead_b,
        national_admin,
    )
    publish(
        make_story(trust_b, od_lead_b, title="A values week", elements=[Element.VISION_VALUES]),
        od_lead_b,
        national_admin,
    )

    lead = open_as(od_lead_a)
    lead.goto(f"{live_server.url}/community/bright-spots/")
    audit(lead, "Bright spots", shot="bright-spot-links")
    card = lead.locator(".nhsuk-card", has_text=trust_b.name)
    expect(card).to_contain_text("Their stories on teamwork:")
    expect(card).to_contain_text("Their other stories:")
    expect(card.get_by_role("link", name=contact.email)).to_have_attribute(
        "href", f"mailto:{contact.email}"
    )
    card.get_by_role("link", name=f"{trust_b.name} in the directory").click()
    audit(lead, "Culture community")
    entry = lead.locator(f"#trust-{trust_b.ods_code.lower()}")
    expect(entry).to_contain_text(contact.full_name)
    expect(lead.locator(".portal-directory > li")).to_have_count(1)
    lead.go_back()
    lead.locator(".nhsuk-card", has_text=trust_b.name).get_by_role(
        "link", name="A values week"
    ).click()
    audit(lead, "A values week")
