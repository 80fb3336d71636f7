"""Whom the community tells, by each person's choice (core.notifications): a story's author
when moderators publish or return it. The community's other e-mails (to applicants, trusts
and those registered for events) are notices, sent whatever anyone chose
(community/services/notices.py)."""

from django.urls import reverse

from community.models import Story
from core.notifications import notify, register_kind

STORY_PUBLISHED = "community.story_published"
STORY_RETURNED = "community.story_returned"

KINDS = {
    STORY_PUBLISHED: "A good-practice story you wrote is published",
    STORY_RETURNED: "A good-practice story you wrote is returned with comments",
}

REASON = "You wrote this story for {trust}."


def register_kinds() -> None:
    for key, label in KINDS.items():
        register_kind(key, label)


def _author(story: Story, actor):
    author = story.author
    return None if author is None or author.pk == actor.pk else author


def author_tell_published(*, story: Story, actor) -> int:
    author = _author(story, actor)
    if author is None:
        return 0
    return notify(
        users=[author],
        kind=STORY_PUBLISHED,
        subject=f"Your story is published: {story.title}",
        template="community/emails/story_published.txt",
        context={"story": story},
        reason=REASON.format(trust=story.trust.name),
        link=reverse("community:story", kwargs={"pk": story.pk}),
    )


def author_tell_returned(*, story: Story, actor) -> int:
    author = _author(story, actor)
    if author is None:
        return 0
    return notify(
        users=[author],
        kind=STORY_RETURNED,
        subject=f"Your story has comments: {story.title}",
        template="community/emails/story_returned.txt",
        context={"story": story},
        reason=REASON.format(trust=story.trust.name),
        link=reverse("community:story-edit", kwargs={"pk": story.pk}),
    )
