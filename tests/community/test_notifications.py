"""A story's author hears, as they chose, when moderators publish it or return it with
comments; nobody else does, and a closed account hears nothing. Read from the outbox
(core.models.Email)."""

import pytest

from community import notifications, services
from core.models import Delivery, Email, SummaryItem
from core.notifications import notification_preferences_save
from tests.community.support import make_story

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(member_a, trust_a, change_team_a):
    story = make_story(trust_a, change_team_a, title="Listening walkabouts")
    services.story_submit(story=story, actor=change_team_a)
    # The moderators' notice of a story to moderate is not what these tests are about.
    Email.objects.all().delete()
    return story


def told() -> list[tuple[str, str]]:
    return list(Email.objects.order_by("pk").values_list("to_email", "subject"))


def test_its_author_hears_it_is_published(story, change_team_a, od_lead_a, national_admin):
    services.story_publish(story=story, actor=national_admin)
    assert told() == [(change_team_a.email, "Your story is published: Listening walkabouts")]
    body = Email.objects.get().body
    assert f"/community/stories/{story.pk}/" in body
    assert "Why you got this: You wrote this story for" in body


def test_its_author_hears_the_moderators_comments(story, change_team_a, national_admin):
    services.story_return(story=story, actor=national_admin, note="Say what changed for patients.")
    assert told() == [(change_team_a.email, "Your story has comments: Listening walkabouts")]
    body = Email.objects.get().body
    assert "Say what changed for patients." in body
    assert f"/community/stories/{story.pk}/edit/" in body


@pytest.mark.parametrize("kind", [notifications.STORY_PUBLISHED, notifications.STORY_RETURNED])
def test_not_by_email_means_none(story, change_team_a, national_admin, kind):
    notification_preferences_save(user=change_team_a, choices={kind: Delivery.OFF})
    services.story_publish(story=story, actor=national_admin)
    services.story_return(story=story, actor=national_admin, note="Add the numbers.")
    other = {
        notifications.STORY_PUBLISHED: "Your story has comments",
        notifications.STORY_RETURNED: "Your story is published",
    }[kind]
    assert [subject.split(":")[0] for _, subject in told()] == [other]


def test_the_monday_summary_if_they_chose_it(story, change_team_a, national_admin):
    notification_preferences_save(
        user=change_team_a, choices={notifications.STORY_PUBLISHED: Delivery.WEEKLY}
    )
    services.story_publish(story=story, actor=national_admin)
    assert told() == []
    assert SummaryItem.objects.get().user == change_team_a


def test_a_closed_account_hears_nothing(story, change_team_a, national_admin):
    change_team_a.is_active = False
    change_team_a.save()
    services.story_publish(story=story, actor=national_admin)
    services.story_return(story=story, actor=national_admin, note="Add the numbers.")
    assert told() == []
