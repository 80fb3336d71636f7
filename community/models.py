"""The culture community: which trusts are members, how they joined, what they share
(stories, bright spots), and the events they meet at."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from accounts.models import Trust
from community.constants import (
    LIVE_REGISTRATION_STATUSES,
    OPEN_APPLICATION_STATUSES,
    ApplicationStatus,
    DecisionKind,
    EventKind,
    MembershipStatus,
    RegistrationStatus,
    StoryStatus,
)
from core.models import BaseModel
from programmes.constants import PhaseKind

USER = settings.AUTH_USER_MODEL


class Membership(BaseModel):
    """A trust's membership of the community, with what it agreed to share. Kept when the
    trust leaves or lapses, so a returning trust is the same row made active again."""

    trust = models.OneToOneField(Trust, on_delete=models.CASCADE, related_name="community")
    status = models.CharField(
        max_length=10, choices=MembershipStatus.choices, default=MembershipStatus.ACTIVE
    )
    joined_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.TextField(blank=True)
    is_pilot = models.BooleanField(
        default=False, help_text="One of the trusts that piloted the programme's tools."
    )
    listed = models.BooleanField(
        default=True, help_text="The trust agreed to appear in the community directory."
    )
    share_phase = models.BooleanField(default=False)
    share_bright_spots = models.BooleanField(default=False)
    # Named by the trust's OD lead; shown only once that person agrees, and never after
    # they withdraw or leave the trust.
    contact = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    contact_consented_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["trust__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=MembershipStatus.values),
                name="community_membership_status_valid",
            ),
        ]

    def __str__(self):
        return f"{self.trust} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status == MembershipStatus.ACTIVE


class MembershipApplication(BaseModel):
    trust = models.ForeignKey(Trust, on_delete=models.CASCADE, related_name="applications")
    applicant = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    applicant_name = models.CharField(max_length=150)
    applicant_email = models.EmailField()
    job_title = models.CharField(max_length=150)
    hopes = models.TextField("What the trust wants from the community")
    consent_to_list = models.BooleanField()
    new_trust = models.BooleanField(
        default=False, help_text="The application created the trust, which waits on it."
    )
    status = models.CharField(
        max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.PENDING
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["trust"],
                condition=Q(status__in=OPEN_APPLICATION_STATUSES),
                name="community_one_open_application_per_trust",
            ),
        ]

    def __str__(self):
        return f"{self.trust} – {self.get_status_display()}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_APPLICATION_STATUSES


class ApplicationDecision(models.Model):
    """Each step in an application's life after it was sent: a decision by a national admin
    or the applicant's answer to a question. Decisions are e-mailed to the applicant."""

    application = models.ForeignKey(
        MembershipApplication, on_delete=models.CASCADE, related_name="decisions"
    )
    kind = models.CharField(max_length=20, choices=DecisionKind.choices)
    message = models.TextField(blank=True)
    by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d}"


class Story(BaseModel):
    """A member trust's good-practice case study, published after moderation."""

    trust = models.ForeignKey(Trust, on_delete=models.CASCADE, related_name="stories")
    author = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=400)
    what_we_did = models.TextField("What we did")
    result = models.TextField("What happened as a result")
    phase = models.CharField(max_length=20, choices=PhaseKind.choices)
    # "|vision_values|teamwork|": a plain string, so a filter works on SQLite too.
    elements = models.CharField(max_length=200)
    tags = models.CharField(max_length=420, blank=True)  # 10 tags of 40 characters
    status = models.CharField(max_length=20, choices=StoryStatus.choices, default=StoryStatus.DRAFT)
    moderation_note = models.TextField(blank=True)
    moderated_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name_plural = "stories"

    def __str__(self):
        return self.title

    @property
    def element_list(self) -> list[str]:
        return [code for code in self.elements.split("|") if code]

    @property
    def tag_list(self) -> list[str]:
        return [tag.strip() for tag in self.tags.split(",") if tag.strip()]


class Event(BaseModel):
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    description = models.TextField()
    starts_at = models.DateTimeField(db_index=True)
    ends_at = models.DateTimeField()
    online = models.BooleanField(default=False)
    joining_link = models.URLField(blank=True)
    venue = models.CharField(max_length=300, blank=True)
    capacity = models.PositiveIntegerField()
    cancelled = models.BooleanField(default=False)
    # Raised when the time or place changes, so calendars replace the entry (RFC 5545).
    sequence = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="community_event_ends_after"
            ),
            models.CheckConstraint(condition=Q(capacity__gt=0), name="community_event_capacity"),
        ]

    def __str__(self):
        return self.title


class Registration(BaseModel):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    trust = models.ForeignKey(Trust, on_delete=models.SET_NULL, null=True, related_name="+")
    status = models.CharField(max_length=10, choices=RegistrationStatus.choices)
    attended = models.BooleanField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=Q(status__in=LIVE_REGISTRATION_STATUSES),
                name="community_one_live_registration",
            ),
            models.CheckConstraint(
                condition=Q(status__in=RegistrationStatus.values),
                name="community_registration_status_valid",
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.event} ({self.get_status_display()})"
