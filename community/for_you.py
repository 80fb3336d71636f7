"""The community's part of "For you" (core.for_you): what waits for a national admin.
Three queries whatever the number of items; each item goes once its work is done."""

from django.urls import reverse
from django.utils import timezone

from accounts.selectors import national_admin_list
from community import selectors
from core import for_you
from core.for_you import Item

APPLICATIONS_GROUP = "Community applications waiting for a decision"
STORIES_GROUP = "Stories to moderate"


def national_admin_work(user) -> list[Item]:
    if not user.is_national_admin:
        return []
    items = []
    for application in selectors.applications_waiting():
        items.append(
            Item(
                text=f"Decide on the application from {application.trust.name}",
                url=reverse("community:admin-application", kwargs={"pk": application.pk}),
                group=APPLICATIONS_GROUP,
            )
        )
    # Only what the item says: a story's body can be long.
    stories = selectors.story_moderation_queue().select_related(None).select_related("trust")
    for story in stories.only("pk", "title", "trust__name"):
        items.append(
            Item(
                text=f"Publish or return “{story.title}” from {story.trust.name}",
                url=reverse("community:story", kwargs={"pk": story.pk}),
                group=STORIES_GROUP,
            )
        )
    for event in selectors.events_with_waiting_list():
        people = "person is" if event.waiting == 1 else "people are"
        items.append(
            Item(
                text=f"{event.waiting} {people} waiting for a place at {event.title} "
                f"on {timezone.localtime(event.starts_at):%-d %B %Y}",
                url=reverse("community:admin-event-edit", kwargs={"pk": event.pk}),
                group="Events with a waiting list",
            )
        )
    return items


def national_admins_forget() -> None:
    """The national admins' work changed: their header counts are worked out afresh."""
    for_you.count_forget(list(national_admin_list().values_list("pk", flat=True)))
