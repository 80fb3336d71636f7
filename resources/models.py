"""The resource library: curated resources, their revisions, and feedback on any page.

Workflow and rules live in resources/services.py; these are the records.
"""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q

from core.models import BaseModel

USER = settings.AUTH_USER_MODEL


class ResourceStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    PUBLISHED = "published", "Published"
    ARCHIVED = "archived", "Archived"


class Resource(BaseModel):
    slug = models.SlugField(max_length=120, unique=True)
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=500)
    body = models.TextField(blank=True)  # Markdown, rendered and sanitised on display
    body_text = models.TextField(blank=True)  # the body as plain text, for search
    kind = models.CharField(max_length=30)
    # Short lists of codes (programmes.constants and resources.constants). `tags` repeats
    # them as "|phase:discover|tool:survey|..." so one indexed text column answers every
    # facet filter on SQLite and PostgreSQL alike.
    phases = models.JSONField(default=list, blank=True)
    tools = models.JSONField(default=list, blank=True)
    elements = models.JSONField(default=list, blank=True)
    audience = models.JSONField(default=list, blank=True)
    tags = models.CharField(max_length=1000, blank=True, db_index=True)
    file = models.FileField(upload_to="resources/%Y/%m/", blank=True)
    file_kind = models.CharField(max_length=10, blank=True)
    file_size = models.PositiveIntegerField(default=0)
    link = models.URLField(max_length=500, blank=True)
    owner = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        max_length=20, choices=ResourceStatus.choices, default=ResourceStatus.DRAFT
    )
    publish_at = models.DateTimeField(null=True, blank=True)  # when it goes live
    published_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    review_due = models.DateField(null=True, blank=True)
    featured = models.BooleanField(default=False)
    # Changes to a published resource are made on a copy that goes through review; the
    # published one stays as it is until the copy is approved and folded into it.
    replaces = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="pending_changes"
    )
    view_count = models.PositiveIntegerField(default=0)
    download_count = models.PositiveIntegerField(default=0)
    # Kept up to date by a PostgreSQL trigger (migration 0002); unused on SQLite.
    search_vector = SearchVectorField(null=True, blank=True, editable=False)
    # Title (A) and summary (B) only: ranking reads this small vector rather than the whole
    # body's, so a word found in thousands of resources still ranks quickly. A match in the
    # body alone ranks below any title or summary match, as the weights intend.
    rank_vector = SearchVectorField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["title"]
        # The library's browse orders: page one by title or by date reads a few index
        # entries instead of sorting every published resource; featured ones are few.
        indexes = [
            models.Index(fields=["title"], name="resources_by_title"),
            models.Index(fields=["-publish_at"], name="resources_newest_first"),
            models.Index(
                fields=["title"], condition=Q(featured=True), name="resources_featured_by_title"
            ),
            # The curators' "For you" list and the admin overview read these on every
            # load: a few rows each among thousands of published resources.
            models.Index(
                fields=["updated_at", "id"],
                condition=Q(status=ResourceStatus.IN_REVIEW),
                name="resources_in_review",
            ),
            models.Index(
                fields=["review_due"],
                condition=Q(status=ResourceStatus.PUBLISHED),
                name="resources_review_due",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~(~Q(file="") & ~Q(link="")), name="resources_file_or_link"
            )
        ]

    def __str__(self):
        return self.title


class ResourceRevision(models.Model):
    """One saved change to a resource: what changed, who changed it, when, and the whole
    resource as it then stood (so a reviewer sees a diff)."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    actor = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    actor_name = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=100)
    comment = models.TextField(blank=True)
    snapshot = models.JSONField(default=dict)
    changed_fields = models.JSONField(default=list)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["resource", "number"], name="resources_revision_number")
        ]

    def __str__(self):
        return f"{self.resource_id} r{self.number} {self.action}"


class FeedbackStatus(models.TextChoices):
    OPEN = "open", "Open"
    ACTIONED = "actioned", "Actioned"


class PageFeedback(models.Model):
    """'Is there anything wrong with this page?' No account and nothing about the sender is
    kept: the page's path and the (redacted) message only."""

    path = models.CharField(max_length=300)
    resource = models.ForeignKey(
        Resource, on_delete=models.CASCADE, null=True, blank=True, related_name="feedback"
    )
    message = models.TextField()
    status = models.CharField(
        max_length=20, choices=FeedbackStatus.choices, default=FeedbackStatus.OPEN
    )
    received_on = models.DateField(auto_now_add=True)  # the day only, like survey answers
    actioned_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actioned_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["status", "-received_on", "-pk"]

    def __str__(self):
        return f"{self.path}: {self.message[:40]}"


class ReviewReminderSent(models.Model):
    """One row per week once curators were told of overdue reviews (the task is then safe
    to run twice)."""

    week_starting = models.DateField(unique=True)
    sent_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Review reminder for the week of {self.week_starting}"
