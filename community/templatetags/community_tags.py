"""Community pages' status tags, decided in community.presenters and drawn by
components/tag.html:
{% include "components/tag.html" with tag=story.status|story_status_tag only %}
(application_queue_tag: one plain tag; event_tag: Cancelled, or None for no tag)."""

from django import template

from community import presenters

register = template.Library()

for tag_of in (
    presenters.application_status_tag,
    presenters.application_queue_tag,
    presenters.story_status_tag,
    presenters.event_tag,
):
    register.filter(tag_of.__name__, tag_of)
