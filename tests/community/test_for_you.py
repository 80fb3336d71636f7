"""The national admins' "For you" items: applications waiting for a decision, stories to
moderate and events with a waiting list; each goes once done, read in a fixed number of
queries. The admin overview counts the same work."""

import pytest
from django.urls import reverse

from community import services
from community.constants import DecisionKind
from community.for_you import national_admin_work
from core import for_you
from tests.community.support import (
    apply_for,
    apply_new_trust,
    make_event,
    make_member,
    make_story,
    register,
)

pytestmark = pytest.mark.django_db


def texts(user) -> list[str]:
    return [item.text for item in national_admin_work(user)]


def test_an_application_waits_for_a_decision(national_admin, trust_a, od_lead_a):
    application = apply_for(trust_a, od_lead_a)
    [item] = national_admin_work(national_admin)
    assert item.text == f"Decide on the application from {trust_a.name}"
    assert item.url == reverse("community:admin-application", kwargs={"pk": application.pk})
    assert item.group == "Community applications waiting for a decision"
    # A question to the applicant: it waits for them, not for the admins.
    services.application_decide(
        application=application,
        actor=national_admin,
        kind=DecisionKind.INFO_REQUESTED,
        message="Who would join the learning sets?",
    )
    assert texts(national_admin) == []
    services.application_answer(application=application, message="The OD team.")
    assert len(texts(national_admin)) == 1
    services.application_decide(
        application=application, actor=national_admin, kind=DecisionKind.APPROVED
    )
    assert texts(national_admin) == []


def test_a_story_waits_for_moderation(national_admin, member_a, trust_a, change_team_a):
    story = make_story(trust_a, change_team_a, title="Listening walkabouts")
    assert texts(national_admin) == []  # a draft is not theirs yet
    services.story_submit(story=story, actor=change_team_a)
    [item] = national_admin_work(national_admin)
    assert item.text == f"Publish or return “Listening walkabouts” from {trust_a.name}"
    assert item.url == reverse("community:story", kwargs={"pk": story.pk})
    services.story_publish(story=story, actor=national_admin)
    assert texts(national_admin) == []


def test_an_event_with_a_waiting_list_until_places_are_found(national_admin):
    event = make_event(national_admin, capacity=1, title="Learning set: priorities")
    register(event, 1)
    assert texts(national_admin) == []  # full, but nobody waiting
    register(event, 2)
    [item] = national_admin_work(national_admin)
    assert item.text.startswith("2 people are waiting for a place at Learning set: priorities")
    assert item.url == reverse("community:admin-event-edit", kwargs={"pk": event.pk})
    fields = {name: getattr(event, name) for name in services.EVENT_FIELDS}
    services.event_update(event=event, actor=national_admin, **{**fields, "capacity": 3})
    assert texts(national_admin) == []


def test_a_cancelled_event_has_no_waiting_list_to_mind(national_admin):
    event = make_event(national_admin, capacity=1)
    register(event, 2)
    services.event_cancel(event=event, actor=national_admin, reason="The speaker is ill.")
    assert texts(national_admin) == []


def test_people_who_do_not_run_the_community_see_nothing(od_lead_a, trust_a):
    apply_for(trust_a, od_lead_a)
    assert texts(od_lead_a) == []


def _waiting(admin, count):
    for number in range(count):
        apply_new_trust(ods_code=f"N{number:02d}", trust_name=f"Newtown {number} NHS Trust")
        trust = _member_trust_with_writer(number)
        story = make_story(trust, trust.writer, title=f"Story {number}")
        services.story_submit(story=story, actor=trust.writer)
        register(make_event(admin, capacity=1, title=f"Event {number}"), 2)


def _member_trust_with_writer(number):
    from accounts.constants import Role
    from tests.accounts.factories import TrustFactory, TrustMembershipFactory, UserFactory

    trust = TrustFactory(name=f"Member {number} NHS Trust")
    make_member(trust)
    trust.writer = UserFactory()
    TrustMembershipFactory(trust=trust, user=trust.writer, role=Role.OD_LEAD)
    return trust


@pytest.mark.parametrize("count", [1, 20])
def test_a_fixed_number_of_queries(national_admin, count, django_assert_max_num_queries):
    _waiting(national_admin, count)
    admin = type(national_admin).objects.get(pk=national_admin.pk)
    with django_assert_max_num_queries(4):
        items = national_admin_work(admin)
    assert len(items) == 3 * count


def test_the_header_count_follows_the_work(
    national_admin, member_a, trust_a, change_team_a, django_capture_on_commit_callbacks
):
    story = make_story(trust_a, change_team_a)
    assert for_you.count_for(national_admin) == 0
    with django_capture_on_commit_callbacks(execute=True):
        services.story_submit(story=story, actor=change_team_a)
    assert for_you.count_for(national_admin) == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.story_publish(story=story, actor=national_admin)
    assert for_you.count_for(national_admin) == 0


def test_the_admin_overview_counts_the_same_work(
    client_as, national_admin, trust_a, od_lead_a, member_a, change_team_a
):
    apply_new_trust()
    for title in ("Listening walkabouts", "Board huddles"):
        story = make_story(trust_a, change_team_a, title=title)
        services.story_submit(story=story, actor=change_team_a)
    page = client_as(national_admin).get(reverse("accounts:admin-overview")).content.decode()
    assert _card(page, "Applications waiting") == "1"
    assert _card(page, "Stories to moderate") == "2"
    assert reverse("community:admin-stories") in page


def _card(page: str, heading: str) -> str:
    after = page.split(f">{heading}</a>", 1)[1]
    return after.split('<p class="portal-figure">', 1)[1].split("</p>", 1)[0].strip()
