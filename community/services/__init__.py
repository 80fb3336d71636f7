"""Writes for the culture community. Each runs in one transaction; e-mails are written to
the portal's outbox in the same transaction and sent by a task once it commits. Split by
sub-domain and re-exported here: callers import from community.services, never from its
modules."""

from community.services.applications import (
    application_answer,
    application_decide,
    application_from_link,
    application_link,
    application_submit_for_trust,
    application_submit_new_trust,
)
from community.services.events import (
    EVENT_FIELDS,
    attendance_record,
    event_cancel,
    event_create,
    event_reminders_send,
    event_update,
    registration_cancel,
    registration_create,
)
from community.services.memberships import (
    contact_consent_set,
    membership_lapse,
    membership_leave,
    membership_pilot_set,
    membership_settings_update,
)
from community.services.stories import (
    story_create,
    story_publish,
    story_return,
    story_submit,
    story_update,
)

__all__ = [
    "EVENT_FIELDS",
    "application_answer",
    "application_decide",
    "application_from_link",
    "application_link",
    "application_submit_for_trust",
    "application_submit_new_trust",
    "attendance_record",
    "contact_consent_set",
    "event_cancel",
    "event_create",
    "event_reminders_send",
    "event_update",
    "membership_lapse",
    "membership_leave",
    "membership_pilot_set",
    "membership_settings_update",
    "registration_cancel",
    "registration_create",
    "story_create",
    "story_publish",
    "story_return",
    "story_submit",
    "story_update",
]
