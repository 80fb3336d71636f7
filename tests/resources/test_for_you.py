"""The curators' "For you" items: resources waiting for their review (never their own),
published resources past their review date and open page feedback; each goes once done,
read in a fixed number of queries. The admin overview counts the same work."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core import for_you
from resources import services
from resources.for_you import curator_work
from resources.models import Resource
from tests.accounts.factories import UserFactory
from tests.resources.test_views import make_resource

pytestmark = pytest.mark.django_db


@pytest.fixture
def ben(db):
    return UserFactory(full_name="Ben Curator", national_admin=True)


def texts(user) -> list[str]:
    return [item.text for item in curator_work(user)]


def past_review(resource):
    Resource.objects.filter(pk=resource.pk).update(
        review_due=timezone.localdate() - datetime.timedelta(days=3)
    )


def test_a_resource_to_review_waits_for_the_other_curator_until_approved(national_admin, ben):
    resource = make_resource(national_admin, title="Running a synthesis event")
    services.resource_submit(resource=resource, actor=national_admin)
    [item] = curator_work(ben)
    assert item.text == "Review “Running a synthesis event”"
    assert item.url == reverse("resources:curate-resource", kwargs={"pk": resource.pk})
    assert item.group == "Library resources to review"
    assert texts(national_admin) == []  # never their own
    services.resource_approve(resource=resource, actor=ben)
    assert texts(ben) == []


def test_whoever_sent_it_is_not_asked_and_a_return_takes_it_away(national_admin, ben):
    cat = UserFactory(full_name="Cat Curator", national_admin=True)
    resource = make_resource(national_admin)
    services.resource_submit(resource=resource, actor=ben)
    assert texts(ben) == [] and texts(national_admin) == []
    assert len(texts(cat)) == 1
    services.resource_return(resource=resource, actor=cat, comment="Add an example.")
    assert texts(cat) == []


def test_a_resource_past_its_review_date_until_the_new_date_is_approved(national_admin, ben):
    resource = make_resource(national_admin, title="Board interview guide", publish_by=ben)
    past_review(resource)
    due = timezone.localdate() - datetime.timedelta(days=3)
    assert texts(ben) == [f"Check “Board interview guide”: its review was due on {due:%-d %B %Y}"]
    copy = services.resource_update(
        resource=resource,
        actor=ben,
        review_due=timezone.localdate() + datetime.timedelta(days=365),
    )
    services.resource_submit(resource=copy, actor=ben)
    assert texts(national_admin) == [
        "Review the changes to “Board interview guide”",
        f"Check “Board interview guide”: its review was due on {due:%-d %B %Y}",
    ]
    services.resource_approve(resource=copy, actor=national_admin)
    assert texts(national_admin) == [] and texts(ben) == []


def test_open_page_feedback_until_it_is_actioned(national_admin):
    feedback = services.page_feedback_submit(path="/resources/", message="The search is slow")
    [item] = curator_work(national_admin)
    assert item.text == "Feedback on /resources/: The search is slow"
    assert item.url == reverse("resources:curate-feedback")
    services.page_feedback_action(feedback=feedback, actor=national_admin)
    assert texts(national_admin) == []


def test_people_who_do_not_curate_see_nothing(national_admin, od_lead_a):
    services.resource_submit(resource=make_resource(national_admin), actor=national_admin)
    services.page_feedback_submit(path="/resources/", message="The search is slow")
    assert texts(od_lead_a) == []


def _waiting(author, approver, count):
    for number in range(count):
        resource = make_resource(author, title=f"Guide {number}", link="https://e.org/")
        services.resource_submit(resource=resource, actor=author)
        past_review(
            make_resource(
                author, title=f"Published {number}", link="https://e.org/", publish_by=approver
            )
        )
        services.page_feedback_submit(path=f"/page/{number}/", message="Broken link")


@pytest.mark.parametrize("count", [1, 20])
def test_a_fixed_number_of_queries(national_admin, ben, count, django_assert_max_num_queries):
    _waiting(national_admin, ben, count)
    ben = type(ben).objects.get(pk=ben.pk)  # nothing cached on the instance
    with django_assert_max_num_queries(4):
        items = curator_work(ben)
    assert len(items) == 3 * count


def test_the_header_count_follows_the_work(national_admin, ben, django_capture_on_commit_callbacks):
    assert for_you.count_for(ben) == 0
    resource = make_resource(national_admin)
    with django_capture_on_commit_callbacks(execute=True):
        services.resource_submit(resource=resource, actor=national_admin)
    assert for_you.count_for(ben) == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.resource_approve(resource=resource, actor=ben)
    assert for_you.count_for(ben) == 0


def test_the_admin_overview_counts_the_same_work(client_as, national_admin, ben):
    services.resource_submit(resource=make_resource(national_admin), actor=national_admin)
    services.page_feedback_submit(path="/resources/", message="The search is slow")
    services.page_feedback_submit(path="/for-you/", message="Too long")
    page = client_as(ben).get(reverse("accounts:admin-overview")).content.decode()
    assert _card(page, "Resources to review") == "1"
    assert _card(page, "Page feedback open") == "2"
    own = client_as(national_admin).get(reverse("accounts:admin-overview")).content.decode()
    assert _card(own, "Resources to review") == "0"


def _card(page: str, heading: str) -> str:
    after = page.split(f">{heading}</a>", 1)[1]
    return after.split('<p class="portal-figure">', 1)[1].split("</p>", 1)[0].strip()
