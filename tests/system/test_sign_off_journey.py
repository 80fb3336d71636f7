"""The OD lead asks the board sponsor to sign a phase off; the sponsor finds it under For you
(and in their e-mail, in the outbox) and signs it off from their own browser; the team is
told, and the item leaves the sponsor's lists. Every page axe-clean at 375 and 1280 px, with
screenshots in test-artifacts/."""

import re

import pytest
from playwright.sync_api import expect

from core.models import Email
from programmes.constants import PhaseKind
from tests.programmes.factories import complete_phase_steps
from tests.system.sign_off import carry_open_steps

pytestmark = pytest.mark.django_db(transaction=True)


def expect_success(page, text):
    expect(page.locator(".nhsuk-notification-banner--success")).to_contain_text(text)


def test_the_sponsor_signs_off_a_phase_the_od_lead_marked_ready(
    sign_in_as,
    open_as,
    live_server,
    check_page,
    programme_a,
    od_lead_a,
    sponsor_a,
    change_team_a,
):
    complete_phase_steps(programme_a, PhaseKind.SCOPING, od_lead_a)
    phase_url = f"{live_server.url}/programmes/{programme_a.pk}/phases/scoping/"

    # 1. The OD lead asks, with a note for the sponsor.
    lead = sign_in_as(od_lead_a)
    lead.goto(phase_url)
    lead.get_by_role("link", name="Ask the sponsor to sign off").click()
    expect(lead.locator("h1")).to_have_text("Ask the sponsor to sign off the Scoping phase")
    check_page(lead, screenshot="sign-off-ask")
    lead.get_by_label("Note for the sponsor (optional)").fill("All four steps are done.")
    lead.get_by_role("button", name="Ask the sponsor to sign off").click()
    expect_success(lead, "The board sponsor is asked to sign off the phase")
    expect(lead.locator("#sign-off-request")).to_contain_text("Waiting for sign-off")
    expect(lead.get_by_role("link", name="Ask the sponsor to sign off")).to_have_count(0)
    check_page(lead, screenshot="sign-off-waiting")

    # The sponsor's e-mail is in the outbox.
    [ready] = Email.objects.filter(subject__startswith="Ready for your sign-off")
    assert ready.to_email == sponsor_a.email
    assert ready.subject == "Ready for your sign-off: the Scoping phase of Trust A Together"

    # 2. The sponsor finds it under For you, from the header.
    sponsor = open_as(sponsor_a)
    sponsor.goto(f"{live_server.url}/trusts/RAA/")
    sponsor.get_by_role("link", name=re.compile(r"^For you \(1")).click()
    expect(sponsor.locator("h1")).to_have_text("What is waiting for you")
    expect(
        sponsor.get_by_role("heading", name="Sponsor: phases ready for sign-off")
    ).to_be_visible()
    item = sponsor.get_by_role(
        "link", name="Sign off the Scoping phase of Trust A Together (asked by Olu Lead)"
    )
    check_page(sponsor, screenshot="sign-off-for-you")
    item.click()
    expect(sponsor.locator("h1")).to_have_text("Scoping phase")
    expect(sponsor.locator("#sign-off-request")).to_contain_text("“All four steps are done.”")
    expect(sponsor.get_by_role("link", name="Send the Scoping phase back")).to_be_visible()

    # 3. The sponsor signs it off.
    sponsor.get_by_role("link", name="Sign off the Scoping phase").click()
    expect(sponsor.locator("h1")).to_have_text("Sign off the Scoping phase")
    sponsor.get_by_label("Comment (optional)").fill("Agreed at the board.")
    carry_open_steps(sponsor)
    sponsor.get_by_role("button", name="Sign off the phase").click()
    expect_success(sponsor, "You signed off the Scoping phase")

    # 4. The team is told.
    signed = Email.objects.filter(subject="Signed off: the Scoping phase of Trust A Together")
    assert sorted(signed.values_list("to_email", flat=True)) == sorted(
        [od_lead_a.email, change_team_a.email]
    )

    # 5. The item is gone from the sponsor's For you page and from their trust page.
    sponsor.get_by_role("link", name=re.compile(r"^For you")).first.click()
    expect(sponsor.locator("h1")).to_have_text("What is waiting for you")
    expect(sponsor.get_by_text("Nothing is waiting for you.")).to_be_visible()
    expect(sponsor.get_by_role("link", name=re.compile(r"^For you \("))).to_have_count(0)
    check_page(sponsor, screenshot="sign-off-for-you-empty")
    sponsor.goto(f"{live_server.url}/trusts/RAA/")
    expect(sponsor.get_by_text("Nothing is waiting for you.")).to_be_visible()
    expect(sponsor.get_by_role("link", name=re.compile("^Sign off the Scoping"))).to_have_count(0)

    # The OD lead sees the phase signed off.
    lead.goto(phase_url)
    expect(lead.locator(".nhsuk-inset-text")).to_contain_text("Signed off by Sam Sponsor")
    expect(lead.locator(".nhsuk-inset-text")).to_contain_text("“Agreed at the board.”")
    check_page(lead, screenshot="sign-off-done")
