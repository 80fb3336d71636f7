"""Community pages' status tags, decided in community.presenters and drawn by
components/tag.html:
{% include "components/tag.html" with tag=story.status|story_status_tag only %}."""

from django import template

from community import presenters

register = template.Library()


@register.filter
def application_status_tag(status: str):
    return presenters.application_status_tag(status)


@register.filter
def application_queue_tag(status: str):
    return presenters.application_queue_tag(status)


@register.filter
def story_status_tag(status: str):
    return presenters.story_status_tag(status)


@register.filter
def event_tag(event):
    """Cancelled, or None (no tag) for an event going ahead."""
    return presenters.event_tag(event)
