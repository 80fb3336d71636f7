"""What is waiting for a curator, in the browser: one curator sends a resource for review;
the second curator's "For you" page lists it (the header counts it) and leads to the review
page; the admin overview counts it on its cards. The curator who wrote it is not asked.
Each page axe-clean at phone and desktop widths; screenshots in test-artifacts/."""

import re

import pytest
from playwright.sync_api import expect

from community import services as community_services
from resources import services
from tests.accounts.factories import UserFactory
from tests.community.factories import make_member
from tests.community.support import make_story
from tests.resources.test_views import make_resource

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Running a listening event"


@pytest.fixture
def curators(db):
    return (
        UserFactory(full_name="Ann Author", national_admin=True),
        UserFactory(full_name="Cara Curator", national_admin=True),
    )


def test_a_second_curator_finds_the_resource_to_review(
    curators, sign_in_as, live_server, check_page, trust_a, change_team_a
):
    author, reviewer = curators
    resource = make_resource(author, title=TITLE, link="https://example.org/listening")
    services.resource_submit(resource=resource, actor=author)
    services.page_feedback_submit(path="/resources/", message="The filters are hard to find")
    make_member(trust_a)
    story = make_story(trust_a, change_team_a, title="Listening walkabouts")
    community_services.story_submit(story=story, actor=change_team_a)

    page = sign_in_as(reviewer)
    page.goto(f"{live_server.url}/for-you/")
    expect(page.locator("h1")).to_have_text("What is waiting for you")
    review = page.get_by_role("link", name=f"Review “{TITLE}”")
    expect(review).to_be_visible()
    expect(page.get_by_role("heading", name="Library resources to review")).to_be_visible()
    expect(page.get_by_role("heading", name="Stories to moderate")).to_be_visible()
    expect(page.locator(".portal-count").first).to_contain_text("3")
    check_page(page, screenshot="for-you-second-curator")

    review.click()
    expect(page.locator("h1")).to_contain_text(TITLE)
    assert page.url.endswith(f"/resources/curate/{resource.pk}/")

    page.goto(f"{live_server.url}/admin-overview/")
    expect(page.locator("h1")).to_have_text("Admin overview")
    card = page.locator(".nhsuk-card").filter(has_text="Resources to review")
    expect(card.locator(".portal-figure")).to_have_text("1")
    expect(
        page.locator(".nhsuk-card").filter(has_text="Stories to moderate").locator(".portal-figure")
    ).to_have_text("1")
    check_page(page, screenshot="admin-overview-counts")


def test_the_curator_who_wrote_it_is_not_asked(curators, sign_in_as, live_server, check_page):
    author, _ = curators
    services.resource_submit(resource=make_resource(author, title=TITLE), actor=author)
    page = sign_in_as(author)
    page.goto(f"{live_server.url}/for-you/")
    expect(page.locator("h1")).to_have_text("What is waiting for you")
    expect(page.get_by_text("Nothing is waiting for you.")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile(TITLE))).to_have_count(0)
    check_page(page)
