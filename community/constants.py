from django.db import models


class MembershipStatus(models.TextChoices):
    ACTIVE = "active", "Member"
    LEFT = "left", "Left"
    LAPSED = "lapsed", "Lapsed"


class ApplicationStatus(models.TextChoices):
    PENDING = "pending", "Waiting for a decision"
    INFO_REQUESTED = "info_requested", "More information asked for"
    APPROVED = "approved", "Approved"
    DECLINED = "declined", "Declined"


OPEN_APPLICATION_STATUSES = (ApplicationStatus.PENDING, ApplicationStatus.INFO_REQUESTED)


class DecisionKind(models.TextChoices):
    APPROVED = "approved", "Approved"
    DECLINED = "declined", "Declined"
    INFO_REQUESTED = "info_requested", "Asked for more information"
    ANSWERED = "answered", "Applicant answered"


class StoryStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Waiting for moderation"
    PUBLISHED = "published", "Published"
    RETURNED = "returned", "Returned with comments"


class EventKind(models.TextChoices):
    LEARNING_SET = "learning_set", "Learning set"
    WEBINAR = "webinar", "Webinar"
    NATIONAL = "national", "National event"


class RegistrationStatus(models.TextChoices):
    BOOKED = "booked", "Booked"
    WAITING = "waiting", "On the waiting list"
    CANCELLED = "cancelled", "Cancelled"


LIVE_REGISTRATION_STATUSES = (RegistrationStatus.BOOKED, RegistrationStatus.WAITING)
