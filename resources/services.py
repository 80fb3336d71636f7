"""Every change to the library goes through here: the curation workflow (draft -> in review
-> published -> archived, reviewed by someone other than its author), revisions, imports,
counts and page feedback."""

import datetime

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from accounts.constants import NATIONAL_ADMIN_GROUP
from accounts.models import User
from core.audit import audit_event_record
from core.exceptions import ApplicationError
from core.outbox import email_queue
from core.presenters import datetime_label
from core.redaction import redact_identifiers
from core.storage import file_field_save
from resources import notifications
from resources.for_you import curators_forget
from resources.markdown import plain_text
from resources.models import (
    FeedbackStatus,
    PageFeedback,
    Resource,
    ResourceRevision,
    ResourceStatus,
    ReviewReminderSent,
)
from resources.selectors import LIBRARY_VERSION_KEY, resource_for_path
from resources.uploads import check_resource_file

REVIEW_AFTER_DAYS = 365
LIST_FIELDS = ("phases", "tools", "elements", "audience")
TEXT_FIELDS = ("title", "summary", "body", "kind", "link")
TAG_PREFIX = {"phases": "phase", "tools": "tool", "elements": "element"}


class ImportRejected(ApplicationError):
    def __init__(self, errors: list[str]):
        super().__init__("The file has problems, so nothing was imported", {"errors": errors})
        self.errors = errors


def tags_for(*, kind: str, phases, tools, elements, audience=()) -> str:
    """'|kind:guide|phase:discover|tool:survey|element:teamwork|audience:boards|': one
    column to filter on."""
    parts = [f"kind:{kind}"]
    parts += [f"phase:{code}" for code in phases]
    parts += [f"tool:{code}" for code in tools]
    parts += [f"element:{code}" for code in elements]
    parts += [f"audience:{code}" for code in audience]
    return "|" + "|".join(parts) + "|"


def snapshot(resource: Resource) -> dict:
    """The resource's editable content, as a reviewer compares it."""
    data = {name: getattr(resource, name) for name in TEXT_FIELDS}
    data |= {name: list(getattr(resource, name)) for name in LIST_FIELDS}
    data["file"] = resource.file.name.rsplit("/", 1)[-1] if resource.file else ""
    data["review_due"] = resource.review_due.isoformat() if resource.review_due else ""
    data["featured"] = "Yes" if resource.featured else "No"
    return data


def _record(resource: Resource, actor, action: str, comment: str = "") -> ResourceRevision:
    last = resource.revisions.order_by("-number").first()
    now = snapshot(resource)
    changed = [name for name in now if not last or last.snapshot.get(name) != now[name]]
    return ResourceRevision.objects.create(
        resource=resource,
        number=(last.number if last else 0) + 1,
        actor=actor,
        actor_name=actor.full_name if actor else "The portal",
        action=action,
        comment=comment,
        snapshot=now,
        changed_fields=changed,
    )


def _unique_slug(title: str, exclude_pk=None) -> str:
    base = slugify(title)[:100] or "resource"
    slug, number = base, 2
    while Resource.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def _apply(resource: Resource, fields: dict, file) -> None:
    for name, value in fields.items():
        setattr(resource, name, value.strip() if isinstance(value, str) else value)
    if file is not None:
        try:
            # Checked here as well as in the form: every way in stores only a checked file.
            kind = check_resource_file(file)
        except ValidationError as error:
            raise ValidationError({"file": error.messages}) from None
        file_field_save(resource.file, file.name, file)
        resource.file_kind = kind
        resource.file_size = file.size
        resource.link = ""
    elif resource.link:
        # A link replaces any file: a resource is one or the other.
        resource.file = ""
        resource.file_kind = ""
        resource.file_size = 0
    if not resource.file and not resource.link and not resource.body.strip():
        raise ValidationError({"body": "Write the body, upload a file or give a link"})
    resource.body_text = plain_text(resource.body)
    resource.tags = tags_for(
        kind=resource.kind,
        phases=resource.phases,
        tools=resource.tools,
        elements=resource.elements,
        audience=resource.audience,
    )


@transaction.atomic
def resource_create(*, actor: User, file=None, **fields) -> Resource:
    resource = Resource(created_by=actor, status=ResourceStatus.DRAFT)
    _apply(resource, fields, file)
    resource.slug = _unique_slug(resource.title)
    resource.full_clean(exclude=["file", "replaces"])
    try:
        with transaction.atomic():
            resource.save()
    except IntegrityError:
        raise ApplicationError("A resource with this title was saved at the same moment") from None
    _record(resource, actor, "created")
    return resource


CONTENT_FIELDS = (
    "title",
    "summary",
    "body",
    "body_text",
    "kind",
    "phases",
    "tools",
    "elements",
    "audience",
    "tags",
    "file",
    "file_kind",
    "file_size",
    "link",
    "owner",
    "review_due",
    "featured",
)


@transaction.atomic
def resource_update(*, resource: Resource, actor: User, file=None, **fields) -> Resource:
    """Save changes. A published resource is not changed in place: the changes go on a
    draft copy (one per resource), which another curator reviews; the library keeps showing
    the published version until the copy is approved. Changing a resource that is in review
    takes it back to draft, so nobody approves something that moved after it was sent."""
    resource = Resource.objects.select_for_update().get(pk=resource.pk)
    if resource.status == ResourceStatus.PUBLISHED and resource.replaces_id is None:
        copy = resource.pending_changes.first()
        if copy is None:
            copy = Resource(
                replaces=resource,
                created_by=actor,
                status=ResourceStatus.DRAFT,
                slug=_unique_slug(f"{resource.slug}-changes"),
                **{name: getattr(resource, name) for name in CONTENT_FIELDS},
            )
        _apply(copy, fields, file)
        copy.full_clean(exclude=["file", "replaces"])
        copy.save()
        _record(copy, actor, "proposed changes to the published version")
        return copy
    was_in_review = resource.status == ResourceStatus.IN_REVIEW
    _apply(resource, fields, file)
    if was_in_review:
        resource.status = ResourceStatus.DRAFT
    resource.full_clean(exclude=["file", "replaces"])
    resource.save()
    _record(resource, actor, "edited, back to draft" if was_in_review else "edited")
    if was_in_review:
        transaction.on_commit(curators_forget)
    return resource


def _library_changed() -> None:
    """What is published changed: cached recommendations are out of date."""
    try:
        cache.incr(LIBRARY_VERSION_KEY)
    except ValueError:
        cache.set(LIBRARY_VERSION_KEY, 2, timeout=None)


def _locked(resource: Resource) -> Resource:
    return Resource.objects.select_for_update().get(pk=resource.pk)


@transaction.atomic
def resource_submit(*, resource: Resource, actor: User) -> Resource:
    resource = _locked(resource)
    if resource.status != ResourceStatus.DRAFT:
        raise ApplicationError("Only a draft can be sent for review")
    resource.status = ResourceStatus.IN_REVIEW
    resource.submitted_by = actor
    resource.save(update_fields=["status", "submitted_by", "updated_at"])
    _record(resource, actor, "sent for review")
    notifications.reviewers_tell(resource=resource, actor=actor)
    transaction.on_commit(curators_forget)
    return resource


@transaction.atomic
def resource_approve(
    *, resource: Resource, actor: User, publish_at: datetime.datetime | None = None
) -> Resource:
    """Publish a resource in review, now or at `publish_at`. The reviewer must be someone
    other than its author and whoever sent it for review."""
    resource = _locked(resource)
    if resource.status != ResourceStatus.IN_REVIEW:
        raise ApplicationError("Only a resource in review can be approved")
    if actor.pk in (resource.created_by_id, resource.submitted_by_id):
        raise ApplicationError(
            "Someone other than its author must review and approve this resource"
        )
    transaction.on_commit(curators_forget)
    if resource.replaces_id is not None:
        published = _fold_changes(resource, actor)
        notifications.authors_tell_approved(proposal=resource, published=published, actor=actor)
        return published
    now = timezone.now()
    resource.status = ResourceStatus.PUBLISHED
    resource.publish_at = max(publish_at, now) if publish_at else now
    resource.published_by = actor
    if resource.review_due is None:
        resource.review_due = (resource.publish_at + datetime.timedelta(REVIEW_AFTER_DAYS)).date()
    resource.save(
        update_fields=["status", "publish_at", "published_by", "review_due", "updated_at"]
    )
    scheduled = publish_at and publish_at > now
    audit_event_record(
        actor=actor, action="resources.approved", target=resource.title, detail={"pk": resource.pk}
    )
    _record(
        resource,
        actor,
        f"approved, to publish on {datetime_label(resource.publish_at)}"
        if scheduled
        else "approved and published",
    )
    transaction.on_commit(_library_changed)
    notifications.authors_tell_approved(
        proposal=resource, published=resource, actor=actor, scheduled=bool(scheduled)
    )
    return resource


def _fold_changes(copy: Resource, actor: User) -> Resource:
    """Approve a copy's changes: they become the published resource's, and the copy goes."""
    original = Resource.objects.select_for_update().get(pk=copy.replaces_id)
    audit_event_record(
        actor=actor,
        action="resources.approved",
        target=original.title,
        detail={"pk": original.pk, "changes": True},
    )
    for name in CONTENT_FIELDS:
        setattr(original, name, getattr(copy, name))
    original.published_by = actor
    original.save()
    _record(original, actor, "approved changes and published them")
    transaction.on_commit(_library_changed)
    copy.delete()
    return original


@transaction.atomic
def resource_return(*, resource: Resource, actor: User, comment: str) -> Resource:
    resource = _locked(resource)
    if resource.status != ResourceStatus.IN_REVIEW:
        raise ApplicationError("Only a resource in review can be returned")
    if not comment.strip():
        raise ValidationError({"comment": "Say what needs to change"})
    resource.status = ResourceStatus.DRAFT
    resource.save(update_fields=["status", "updated_at"])
    _record(resource, actor, "returned", comment.strip())
    notifications.author_tell_returned(resource=resource, actor=actor, comment=comment.strip())
    transaction.on_commit(curators_forget)
    return resource


@transaction.atomic
def resource_archive(*, resource: Resource, actor: User) -> Resource:
    """Archive a resource; for proposed changes to a published one, discard them."""
    resource = _locked(resource)
    transaction.on_commit(curators_forget)
    if resource.replaces_id is not None:
        original = resource.replaces
        resource.delete()
        _record(original, actor, "discarded proposed changes")
        return original
    if resource.status == ResourceStatus.ARCHIVED:
        raise ApplicationError("This resource is already archived")
    resource.status = ResourceStatus.ARCHIVED
    resource.save(update_fields=["status", "updated_at"])
    _record(resource, actor, "archived")
    transaction.on_commit(_library_changed)
    return resource


@transaction.atomic
def resource_restore(*, resource: Resource, actor: User) -> Resource:
    resource = _locked(resource)
    if resource.status != ResourceStatus.ARCHIVED:
        raise ApplicationError("Only an archived resource can be restored")
    resource.status = ResourceStatus.DRAFT
    resource.save(update_fields=["status", "updated_at"])
    _record(resource, actor, "restored as a draft")
    return resource


def resource_viewed(*, resource: Resource) -> None:
    """A count only: nothing about who viewed it."""
    Resource.objects.filter(pk=resource.pk).update(view_count=F("view_count") + 1)


def resource_downloaded(*, resource: Resource) -> None:
    Resource.objects.filter(pk=resource.pk).update(download_count=F("download_count") + 1)


def resources_import_check(rows) -> tuple[dict, list[str]]:
    """What the import checks against the library before it saves anything: (the owners'
    accounts by lower-case e-mail address, the problems, each naming its row). Saves nothing."""
    existing = {
        title.casefold()
        for title in Resource.objects.filter(title__in=[row.title for row in rows]).values_list(
            "title", flat=True
        )
    }
    emails = {row.owner_email.casefold() for row in rows}
    owners = {
        user.email.casefold(): user
        for user in User.objects.filter(is_active=True)
        if user.email.casefold() in emails
    }
    errors = []
    for number, row in enumerate(rows, start=2):
        if row.title.casefold() in existing:
            errors.append(
                f"Row {number}: a resource called ‘{row.title}’ is already in the library"
            )
        if row.owner_email.casefold() not in owners:
            errors.append(f"Row {number}: no account has the e-mail address ‘{row.owner_email}’")
    return owners, errors


@transaction.atomic
def resources_import(*, actor: User, rows) -> int:
    """Create a draft for each row of a checked metadata file; a title already in the
    library rejects the whole file, naming its row."""
    if not rows:
        raise ApplicationError("The file has no rows, so nothing was imported")
    owners, errors = resources_import_check(rows)
    if errors:
        raise ImportRejected(errors[:50])
    for row in rows:
        resource_create(
            actor=actor,
            title=row.title,
            summary=row.summary,
            body=getattr(row, "body", "") or "",
            kind=row.kind,
            phases=list(row.phases),
            tools=list(row.tools),
            elements=list(row.elements),
            audience=list(row.audience),
            link=row.link,
            owner=owners[row.owner_email.casefold()],
            review_due=row.review_due,
        )
    return len(rows)


MAX_FEEDBACK_CHARS = 1200


@transaction.atomic
def page_feedback_submit(*, path: str, message: str, resource: Resource | None = None):
    message = message.strip()
    if not message:
        raise ValidationError({"message": "Tell us what is wrong with the page"})
    if len(message) > MAX_FEEDBACK_CHARS:
        raise ValidationError(
            {"message": f"Keep your message under {MAX_FEEDBACK_CHARS:,} characters"}
        )
    # Feedback sent from a resource's own page counts against that resource.
    resource = resource or resource_for_path(path)
    transaction.on_commit(curators_forget)
    return PageFeedback.objects.create(
        path=path[:300], resource=resource, message=redact_identifiers(message)
    )


@transaction.atomic
def page_feedback_action(*, feedback: PageFeedback, actor: User) -> PageFeedback:
    feedback.status = FeedbackStatus.ACTIONED
    feedback.actioned_by = actor
    feedback.actioned_at = timezone.now()
    feedback.save(update_fields=["status", "actioned_by", "actioned_at"])
    transaction.on_commit(curators_forget)
    return feedback


@transaction.atomic
def review_reminders_send(*, today: datetime.date | None = None) -> int:
    """Mondays: tell the curators (national admins) which published resources are past their
    review date. Once a week at most, so the task is safe to run twice. Returns how many
    resources were listed (0 when nothing was sent)."""
    today = today or timezone.localdate()
    week_starting = today - datetime.timedelta(days=today.weekday())
    overdue = list(
        Resource.objects.filter(status=ResourceStatus.PUBLISHED, review_due__lt=today)
        .order_by("review_due", "title")
        .values("title", "slug", "review_due")
    )
    if not overdue:
        return 0
    _, created = ReviewReminderSent.objects.get_or_create(week_starting=week_starting)
    if not created:
        return 0
    curators = list(
        User.objects.filter(is_active=True, groups__name=NATIONAL_ADMIN_GROUP).values_list(
            "email", flat=True
        )
    )
    email_queue(
        to=curators,
        subject=f"{len(overdue)} library resource"
        + (" is past its review date" if len(overdue) == 1 else "s are past their review date"),
        template="resources/emails/review_reminder.txt",
        context={"overdue": overdue},
    )
    return len(overdue)
