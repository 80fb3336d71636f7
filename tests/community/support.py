"""Helpers of the community tests of services, selectors, rules, calendar files and
tasks: applications, stories, events and bright-spot survey results made as those tests
need them."""

import datetime

from django.utils import timezone

from accounts.constants import Region, Role, Sector
from community import services
from community.models import Event, Registration
from core.models import AuditEvent
from diagnostics.constants import WaveStatus
from diagnostics.results.models import ResultRow, WaveResult
from programmes.constants import Element, PhaseKind
from tests.accounts.factories import TrustFactory, TrustMembershipFactory, UserFactory
from tests.community.factories import apply_for_new_trust, event_fields, make_member
from tests.diagnostics.factories import WaveFactory

__all__ = ["event_fields", "make_member"]


def apply_for(trust, od_lead, **overrides):
    fields = {
        "job_title": "Head of organisational development",
        "hopes": "To learn from trusts further into their programme.",
        "consent_to_list": True,
    }
    fields.update(overrides)
    return services.application_submit_for_trust(trust=trust, applicant=od_lead, **fields)


NEW_TRUST = {
    "trust_name": "Newtown Community Health NHS Trust",
    "ods_code": " rnt ",
    "sector": Sector.COMMUNITY,
    "region": Region.MIDLANDS,
    "applicant_name": " Nadia Newton ",
    "applicant_email": " Nadia.Newton@Newtown.nhs.uk ",
    "job_title": "Associate director of OD",
    "hopes": "Company on the way.",
    "consent_to_list": True,
}


def apply_new_trust(**overrides):
    return apply_for_new_trust(**{**NEW_TRUST, **overrides})


def to(mailoutbox, address) -> list:
    return [message for message in mailoutbox if message.to == [address]]


def actions() -> list[str]:
    return list(AuditEvent.objects.order_by("at", "pk").values_list("action", flat=True))


def story_fields(**overrides) -> dict:
    fields = {
        "title": "Listening walkabouts",
        "summary": "Directors listened on wards every month.",
        "what_we_did": "Each director joined a ward team for an hour a month.",
        "result": "Staff said leaders act on feedback more often.",
        "phase": PhaseKind.DISCOVER,
        "elements": [Element.SUPPORT_COMPASSION],
        "tags": "board, listening",
    }
    fields.update(overrides)
    return fields


def make_story(trust, author, **overrides):
    return services.story_create(trust=trust, author=author, **story_fields(**overrides))


def publish(story, author, admin):
    services.story_submit(story=story, actor=author)
    return services.story_publish(story=story, actor=admin)


def make_event(actor, **overrides) -> Event:
    return services.event_create(actor=actor, **event_fields(**overrides))


def register(event, count) -> list[Registration]:
    """`count` people from one member trust, registered in turn."""
    trust = TrustFactory()
    make_member(trust)
    registrations = []
    for _ in range(count):
        user = UserFactory()
        TrustMembershipFactory(trust=trust, user=user, role=Role.CHANGE_TEAM)
        registrations.append(services.registration_create(event=event, user=user, trust=trust))
    return registrations


def move_into_past(event) -> Event:
    """The event started an hour ago and is still running."""
    now = timezone.now()
    Event.objects.filter(pk=event.pk).update(
        starts_at=now - datetime.timedelta(hours=1), ends_at=now + datetime.timedelta(hours=1)
    )
    event.refresh_from_db()
    return event


def statuses(registrations) -> list[str]:
    return [Registration.objects.get(pk=r.pk).status for r in registrations]


def update_settings(membership, actor, *, contact, **overrides):
    fields = {"listed": True, "share_phase": False, "share_bright_spots": False}
    fields.update(overrides)
    return services.membership_settings_update(
        membership=membership, actor=actor, contact=contact, **fields
    )


def closed_wave(trust, version, *, closed_days_ago, rows, final=True, title=None):
    """A closed wave with stored whole-survey element rows: {element: (pct, n, score)},
    or {element: None} for a suppressed row."""
    now = timezone.now()
    closes = now - datetime.timedelta(days=closed_days_ago)
    wave = WaveFactory(
        trust=trust,
        version=version,
        status=WaveStatus.CLOSED,
        opens_at=closes - datetime.timedelta(days=21),
        closes_at=closes,
        **({"title": title} if title else {}),
    )
    counted = max((figures[1] for figures in rows.values() if figures), default=0)
    WaveResult.objects.create(
        wave=wave, responses_counted=counted, computed_at=now, final=final, state="fresh"
    )
    for element, figures in rows.items():
        if figures is None:
            values = {"suppressed": True}
        else:
            pct, n, score = figures
            values = {"n": n, "pct_positive": pct, "score": score}
        ResultRow.objects.create(
            wave=wave, breakdown="all", group="", kind="element", element=element, **values
        )
    return wave


TEAMWORK = Element.TEAMWORK
SUPPORT = Element.SUPPORT_COMPASSION
VISION = Element.VISION_VALUES
