"""The library's part of "For you" (core.for_you): what waits for a curator. Three queries
whatever the number of items; each item goes once its work is done."""

from django.template.defaultfilters import truncatechars
from django.urls import reverse
from django.utils import timezone

from accounts.selectors import national_admin_list
from core import for_you
from core.for_you import Item
from resources import selectors

TO_REVIEW_GROUP = "Library resources to review"
PAST_REVIEW_GROUP = "Library resources past their review date"
FEEDBACK_GROUP = "Page feedback to read"


def curator_work(user) -> list[Item]:
    if not user.is_national_admin:
        return []
    items = []
    for resource in selectors.resources_to_review_by(user):
        what = "the changes to " if resource.replaces_id else ""
        items.append(
            Item(
                text=f"Review {what}“{resource.title}”",
                url=reverse("resources:curate-resource", kwargs={"pk": resource.pk}),
                group=TO_REVIEW_GROUP,
            )
        )
    for resource in selectors.resources_past_review(today=timezone.localdate()):
        items.append(
            Item(
                text=f"Check “{resource.title}”: its review was due on "
                f"{resource.review_due:%-d %B %Y}",
                url=reverse("resources:curate-resource", kwargs={"pk": resource.pk}),
                group=PAST_REVIEW_GROUP,
            )
        )
    feedback_url = reverse("resources:curate-feedback")
    for feedback in selectors.feedback_list().only("pk", "path", "message", "resource__title"):
        about = f"“{feedback.resource.title}”" if feedback.resource else feedback.path
        items.append(
            Item(
                text=f"Feedback on {about}: {truncatechars(feedback.message, 60)}",
                url=feedback_url,
                group=FEEDBACK_GROUP,
            )
        )
    return items


def curators_forget() -> None:
    """The curators' work changed: their header counts are worked out afresh."""
    for_you.count_forget(list(national_admin_list().values_list("pk", flat=True)))
