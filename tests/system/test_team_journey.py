"""A new trust gets going without the Django admin: it applies through the community's
public form, a national admin approves it, its new OD lead sets a password, invites a board
sponsor and a change-team member from the team page, each accepts from the e-mailed link,
the OD lead starts the programme with the sponsor named, and the sponsor signs Scoping off.
Then a leaver: the OD lead removes the change-team member, whose open session loses the
trust at once. Every page axe-clean at 375px and 1280px; screenshots in test-artifacts/."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import TrustMembership, User
from programmes.models import Programme
from tests.system.sign_off import carry_open_steps

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-new-trust-password-2026"


def _link_in_mail_to(address: str, pattern: str) -> str:
    message = [m for m in mail.outbox if m.to == [address]][-1]
    return re.search(pattern, message.body).group(0)


def _accept(page, live_server, address, name, check_page, shot=None):
    page.goto(live_server.url + _link_in_mail_to(address, r"/invitations/\S+/"))
    expect(page.locator("h1")).to_have_text("Join Riverside Community NHS Trust's team")
    check_page(page, screenshot=shot)
    page.get_by_label("Your full name").fill(name)
    page.get_by_label("Choose a password").fill(PASSWORD)
    page.get_by_label("Type the password again").fill(PASSWORD)
    page.get_by_role("button", name="Create account and join").click()
    expect(page.locator("h1")).to_have_text("Riverside Community NHS Trust")
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("You have joined")


def test_a_new_trust_builds_its_team_and_its_sponsor_signs_scoping_off(
    open_as, live_server, check_page, national_admin
):
    # 1. The application, through the community's public form.
    applicant = open_as()
    applicant.goto(f"{live_server.url}/community/join/new-trust/")
    applicant.get_by_label("Your full name").fill("Nina Newton")
    applicant.get_by_label("Your work email address").fill("nina.newton@riverside.example.org")
    applicant.get_by_label("Your job title").fill("Head of organisational development")
    applicant.get_by_label("Trust name").fill("Riverside Community NHS Trust")
    applicant.get_by_label("Trust ODS code").fill("RVS")
    applicant.get_by_label("Community", exact=True).check()
    applicant.get_by_label("Region").select_option(label="South West")
    applicant.get_by_label("What does your trust want from the culture community?").fill(
        "To run the programme."
    )
    applicant.get_by_role("group", name="Can we list your trust").get_by_label("Yes").check()
    applicant.get_by_role("button", name="Send application").click()
    expect(applicant.locator("h1")).to_have_text("Your application to join the culture community")

    # 2. A national admin approves it.
    admin = open_as(national_admin)
    admin.goto(f"{live_server.url}/community/manage/applications/")
    admin.get_by_role("link", name="Riverside Community NHS Trust").click()
    admin.get_by_label("Approve: the trust becomes a member").check()
    admin.get_by_role("button", name="Record decision").click()

    # 3. The new OD lead chooses a password and signs in.
    lead = applicant
    lead.goto(
        live_server.url
        + _link_in_mail_to("nina.newton@riverside.example.org", r"/password-reset/\S+/")
    )
    lead.get_by_label("New password", exact=True).fill(PASSWORD)
    lead.get_by_label("Confirm new password").fill(PASSWORD)
    lead.get_by_role("button", name="Save password").click()
    lead.goto(f"{live_server.url}/sign-in/")
    lead.get_by_label("Email address").fill("nina.newton@riverside.example.org")
    lead.get_by_label("Password").fill(PASSWORD)
    lead.get_by_role("button", name="Sign in").click()
    expect(lead.locator("h1")).to_have_text("Riverside Community NHS Trust")

    # 4. From the trust page to the team page; an invitation with a mistake first.
    lead.get_by_role("link", name="Manage the team and invitations").click()
    expect(lead.locator("h1")).to_have_text("Team")
    check_page(lead, screenshot="team-new-trust")
    lead.get_by_role("link", name="Invite someone").click()
    expect(lead.locator("h1")).to_have_text("Invite someone to the team")
    lead.get_by_role("button", name="Send invitation").click()
    expect(lead.locator(".nhsuk-error-summary")).to_contain_text(
        "Enter the email address of the person you are inviting"
    )
    expect(lead.locator(".nhsuk-error-summary")).to_contain_text("Select the role they will have")
    check_page(lead, screenshot="team-invite-errors")
    lead.get_by_label("Email address").fill("sid.sponsor@riverside.example.org")
    lead.get_by_label("Board sponsor").check()
    lead.get_by_label("Note to include in the email (optional)").fill("Please join as sponsor.")
    lead.get_by_role("button", name="Send invitation").click()
    expect(lead.locator(".nhsuk-notification-banner")).to_contain_text("Invitation sent")
    lead.get_by_role("link", name="Invite someone").click()
    lead.get_by_label("Email address").fill("cara.change@riverside.example.org")
    lead.get_by_label("Change team member").check()
    lead.get_by_role("button", name="Send invitation").click()
    expect(
        lead.get_by_role("cell", name="cara.change@riverside.example.org", exact=True)
    ).to_be_visible()
    check_page(lead, screenshot="team-invitations")

    # 5. Each accepts from the e-mailed link, making an account.
    sponsor = open_as()
    _accept(
        sponsor,
        live_server,
        "sid.sponsor@riverside.example.org",
        "Sid Sponsor",
        check_page,
        shot="invitation-accept",
    )
    change = open_as()
    _accept(change, live_server, "cara.change@riverside.example.org", "Cara Change", check_page)
    lead.reload()
    expect(lead.get_by_text("No invitation is waiting to be accepted")).to_be_visible()
    check_page(lead, screenshot="team-after-accepting")

    # 6. The OD lead starts the programme, naming the new sponsor; the sponsor signs off.
    lead.goto(f"{live_server.url}/programmes/trusts/RVS/")
    lead.get_by_role("link", name="Start the programme").click()
    lead.get_by_label("Local name of the programme").fill("Riverside Together")
    lead.get_by_label("Revised framework (six elements, adding equity and inclusion)").check()
    today = timezone.localdate() - datetime.timedelta(days=30)
    group = lead.get_by_role("group", name="Start date")
    group.get_by_label("Day").fill(str(today.day))
    group.get_by_label("Month").fill(str(today.month))
    group.get_by_label("Year").fill(str(today.year))
    lead.get_by_label("Board sponsor").select_option(label="Sid Sponsor")
    lead.get_by_label("Cara Change").check()
    lead.get_by_label("Board interviews planned").fill("4")
    lead.get_by_role("button", name="Start the programme").click()
    expect(lead.locator("h1")).to_have_text("Riverside Together")
    programme = Programme.objects.get(trust__ods_code="RVS")

    sponsor.goto(f"{live_server.url}/programmes/{programme.pk}/phases/scoping/")
    sponsor.get_by_role("link", name="Sign off the Scoping phase").click()
    sponsor.get_by_label("Why sign off with required steps still open?").fill(
        "The board agreed the scope; the rest follows in Discover."
    )
    carry_open_steps(sponsor)
    sponsor.get_by_role("button", name="Sign off the phase").click()
    expect(sponsor.locator(".nhsuk-notification-banner")).to_contain_text(
        "You signed off the Scoping phase"
    )

    # 7. A leaver: the change-team member is removed, and their open session loses the trust.
    cara = TrustMembership.objects.get(user__email="cara.change@riverside.example.org")
    lead.goto(f"{live_server.url}/trusts/RVS/team/")
    lead.get_by_role("link", name="Change Cara Change's role, or remove them").click()
    expect(lead.locator("h1")).to_have_text("Cara Change")
    check_page(lead, screenshot="team-member")
    lead.get_by_role("button", name="Remove Cara Change from the team").click()
    expect(lead.locator(".nhsuk-notification-banner")).to_contain_text(
        "Cara Change is no longer on the team"
    )
    assert not TrustMembership.objects.filter(pk=cara.pk).exists()
    response = change.goto(f"{live_server.url}/trusts/RVS/")
    assert response.status == 404

    # Nothing of this used the Django admin.
    assert open_as.requests
    assert not any("/django-admin/" in url for url in open_as.requests)
    assert User.objects.filter(email__endswith="@riverside.example.org").count() == 3


def test_your_account_changes_a_name_and_signs_out_everywhere_else(
    open_as, live_server, check_page, od_lead_a
):
    laptop = open_as(od_lead_a)
    page = open_as(od_lead_a)
    page.goto(f"{live_server.url}/trusts/RAA/")
    page.get_by_role("link", name=re.compile("your account")).click()
    expect(page.locator("h1")).to_have_text("Your account")
    expect(page.get_by_role("main").get_by_text("OD lead")).to_be_visible()
    check_page(page, screenshot="account")
    page.get_by_role("link", name="Change name").click()
    page.get_by_label("Full name").fill("")
    page.get_by_role("button", name="Save name").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter your full name")
    check_page(page, screenshot="account-name-error")
    page.get_by_label("Full name").fill("Olu Lead-Smith")
    page.get_by_role("button", name="Save name").click()
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Your name is saved")
    page.get_by_role("link", name="Change email address").click()
    check_page(page, screenshot="account-email")
    page.go_back()
    page.get_by_role("button", name="Sign out everywhere else").click()
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("signed out everywhere")
    # The other browser's session has ended; this one has not.
    laptop.goto(f"{live_server.url}/trusts/RAA/")
    expect(laptop.locator("h1")).to_have_text("Sign in")
    page.goto(f"{live_server.url}/trusts/RAA/")
    expect(page.locator("h1")).to_have_text("Trust A NHS Foundation Trust")
