"""Community objects for tests: members, stories and events, made through the services
where the rules matter and directly where only the row does."""

import datetime

from django.utils import timezone

from community import services
from community.models import Event, Membership


def make_member(trust, **fields) -> Membership:
    fields.setdefault("joined_on", timezone.localdate() - datetime.timedelta(days=30))
    return Membership.objects.create(trust=trust, **fields)


def make_story(trust, author, *, title="Listening walkabouts", publish_by=None, **fields):
    values = {
        "title": title,
        "summary": "Directors listened on wards every month.",
        "what_we_did": "Each director joined a team for an hour a month.",
        "result": "Staff said leaders act on feedback more often.",
        "phase": "discover",
        "elements": ["support_compassion"],
        "tags": "board, listening",
    }
    values.update(fields)
    story = services.story_create(trust=trust, author=author, **values)
    if publish_by is not None:
        services.story_submit(story=story, actor=author)
        story = services.story_publish(story=story, actor=publish_by)
    return story


def event_fields(*, starts_in=datetime.timedelta(days=7), capacity=2, **overrides) -> dict:
    starts = timezone.now().replace(microsecond=0) + starts_in
    fields = {
        "title": "Learning set: setting priorities",
        "kind": "learning_set",
        "description": "Bring your synthesis board.",
        "starts_at": starts,
        "ends_at": starts + datetime.timedelta(hours=3),
        "online": True,
        "joining_link": "https://meet.example.org/learning-set",
        "venue": "",
        "capacity": capacity,
    }
    fields.update(overrides)
    return fields


def make_event(actor, *, days=14, capacity=10, title="Learning set: priorities", **fields):
    return services.event_create(
        actor=actor,
        **event_fields(
            starts_in=datetime.timedelta(days=days), capacity=capacity, title=title, **fields
        ),
    )


def move_to_past(event: Event) -> Event:
    start = timezone.now() - datetime.timedelta(days=2)
    Event.objects.filter(pk=event.pk).update(
        starts_at=start, ends_at=start + datetime.timedelta(hours=2)
    )
    event.refresh_from_db()
    return event


NEW_TRUST_APPLICATION = {
    "trust_name": "Riverside Community NHS Trust",
    "ods_code": "RVS",
    "sector": "community",
    "region": "south_west",
    "applicant_name": "Nina Newton",
    "applicant_email": "nina@riverside.example.org",
    "job_title": "Head of OD",
    "hopes": "To learn from the pilot trusts",
    "consent_to_list": True,
}


def apply_for_new_trust(**overrides):
    """An application from someone at a trust not yet on the portal."""
    return services.application_submit_new_trust(**{**NEW_TRUST_APPLICATION, **overrides})
