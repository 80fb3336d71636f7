"""An event as an iCalendar file, so people can add it to their calendar."""

import datetime

from django.conf import settings
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from community.models import Event


def event_calendar(event: Event, *, joining_link: str = "") -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Culture and leadership programme//Culture portal//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    entry = CalendarEvent()
    host = settings.SITE_URL.split("://", 1)[-1].rstrip("/") or "culture-portal"
    entry.add("uid", f"community-event-{event.pk}@{host}")
    entry.add("dtstamp", datetime.datetime.now(tz=datetime.UTC))
    entry.add("sequence", event.sequence)
    entry.add("last-modified", event.updated_at)
    entry.add("dtstart", event.starts_at)
    entry.add("dtend", event.ends_at)
    entry.add("summary", event.title)
    description = event.description
    if joining_link:
        description += f"\n\nJoin online: {joining_link}"
    entry.add("description", description)
    entry.add("location", joining_link or ("Online" if event.online else event.venue))
    entry.add("url", f"{settings.SITE_URL.rstrip('/')}/community/events/{event.pk}/")
    if event.cancelled:
        entry.add("status", "CANCELLED")
    calendar.add_component(entry)
    return calendar.to_ical()
