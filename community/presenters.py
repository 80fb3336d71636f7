"""How community records look on its pages: the tags for an application's, a story's and an
event's state (house style §11: display decisions live in presenters, not templates)."""

from community.constants import ApplicationStatus, StoryStatus
from core.presenters import Tag

APPLICATION_STATUS_COLOUR = {
    ApplicationStatus.PENDING: "blue",
    ApplicationStatus.INFO_REQUESTED: "orange",
    ApplicationStatus.APPROVED: "green",
    ApplicationStatus.DECLINED: "red",
}
# Moderation is the member's business, not news: every state of a story is one grey tag.
STORY_STATUS_COLOUR = dict.fromkeys(StoryStatus, "grey")
EVENT_CANCELLED = Tag("Cancelled", "red")


def application_status_tag(status: str) -> Tag:
    """An application's status, coloured for the applicant following it."""
    status = ApplicationStatus(status)
    return Tag(status.label, APPLICATION_STATUS_COLOUR[status])


def application_queue_tag(status: str) -> Tag:
    """An application's status for the admins deciding it: one plain tag whatever the state."""
    return Tag(ApplicationStatus(status).label)


def story_status_tag(status: str) -> Tag:
    status = StoryStatus(status)
    return Tag(status.label, STORY_STATUS_COLOUR[status])


def event_tag(event) -> Tag | None:
    """Cancelled, for a cancelled event; nothing for one going ahead."""
    return EVENT_CANCELLED if event.cancelled else None
