"""Good-practice stories: drafts, moderation, publishing and return."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import Trust, User
from community import notifications
from community.constants import StoryStatus
from community.for_you import national_admins_forget
from community.models import Story
from community.services.notices import _national_admin_emails, _notice
from core.audit import audit_event_record
from core.exceptions import ApplicationError

TAGS_MAX_LENGTH = 420
STORY_FIELDS = ("title", "summary", "what_we_did", "result", "phase", "elements", "tags")


def _story_fields(fields: dict) -> dict:
    fields = {name: fields[name] for name in STORY_FIELDS}
    fields["tags"] = _clean_tags(fields.get("tags", ""))
    codes = [code for code in fields["elements"] if code]
    fields["elements"] = f"|{'|'.join(codes)}|" if codes else ""
    return fields


def _clean_tags(tags: str) -> str:
    """Lower case, no repeats, at most 10, and never longer than the field holds."""
    cleaned: list[str] = []
    for tag in dict.fromkeys(t.strip().lower()[:40] for t in tags.split(",") if t.strip()):
        if len(cleaned) == 10 or len(", ".join([*cleaned, tag])) > TAGS_MAX_LENGTH:
            break
        cleaned.append(tag)
    return ", ".join(cleaned)


@transaction.atomic
def story_create(*, trust: Trust, author: User, **fields) -> Story:
    story = Story(trust=trust, author=author, **_story_fields(fields))
    story.full_clean()
    story.save()
    return story


def _locked_story(story: Story) -> Story:
    return Story.objects.select_for_update().select_related("trust").get(pk=story.pk)


@transaction.atomic
def story_update(*, story: Story, actor: User, **fields) -> Story:
    story = _locked_story(story)
    if story.status in (StoryStatus.SUBMITTED, StoryStatus.PUBLISHED):
        raise ApplicationError(
            "This story is with the moderators or published, so it cannot be changed now."
        )
    for name, value in _story_fields(fields).items():
        setattr(story, name, value)
    story.full_clean()
    story.save()
    return story


@transaction.atomic
def story_submit(*, story: Story, actor: User) -> Story:
    story = _locked_story(story)
    if story.status not in (StoryStatus.DRAFT, StoryStatus.RETURNED):
        raise ApplicationError("This story has already been sent for moderation.")
    story.status = StoryStatus.SUBMITTED
    story.save(update_fields=["status", "updated_at"])
    audit_event_record(actor=actor, action="community.story.submitted", target=story.title)
    _notice(
        to=_national_admin_emails(),
        subject=f"A story to moderate: {story.title}",
        template="community/emails/story_to_moderate.txt",
        context={"story": story},
    )
    transaction.on_commit(national_admins_forget)
    return story


@transaction.atomic
def story_publish(*, story: Story, actor: User) -> Story:
    story = _locked_story(story)
    if story.status != StoryStatus.SUBMITTED:
        raise ApplicationError("Only a story waiting for moderation can be published.")
    story.status = StoryStatus.PUBLISHED
    story.published_at = timezone.now()
    story.moderated_by = actor
    story.moderation_note = ""
    story.save()
    audit_event_record(actor=actor, action="community.story.published", target=story.title)
    notifications.author_tell_published(story=story, actor=actor)
    transaction.on_commit(national_admins_forget)
    return story


@transaction.atomic
def story_return(*, story: Story, actor: User, note: str) -> Story:
    story = _locked_story(story)
    if story.status not in (StoryStatus.SUBMITTED, StoryStatus.PUBLISHED):
        raise ApplicationError("Only a story sent for moderation or published can be returned.")
    if not note.strip():
        raise ValidationError({"note": "Enter what the authors should change"})
    story.status = StoryStatus.RETURNED
    story.published_at = None
    story.moderated_by = actor
    story.moderation_note = note.strip()
    story.save()
    audit_event_record(actor=actor, action="community.story.returned", target=story.title)
    notifications.author_tell_returned(story=story, actor=actor)
    transaction.on_commit(national_admins_forget)
    return story
