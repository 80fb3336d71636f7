"""The calendar file of an event (community/ics.py)."""

import pytest
from icalendar import Calendar

from community.ics import event_calendar
from community.models import Event
from tests.community.support import make_event

pytestmark = pytest.mark.django_db


class TestCalendar:
    def parse(self, data: bytes):
        calendar = Calendar.from_ical(data)
        [entry] = calendar.walk("VEVENT")
        return entry

    def test_the_event_as_a_calendar_entry(self, national_admin, settings):
        event = Event.objects.get(pk=make_event(national_admin, title="Webinar: huddles").pk)
        entry = self.parse(event_calendar(event))

        assert str(entry["summary"]) == "Webinar: huddles"
        starts = entry.decoded("dtstart")
        assert starts.tzinfo is not None and starts == event.starts_at
        assert entry.decoded("dtend") == event.ends_at
        host = settings.SITE_URL.split("://", 1)[-1]
        assert str(entry["uid"]) == f"community-event-{event.pk}@{host}"
        assert "meet.example.org" not in entry.to_ical().decode()
        assert str(entry["location"]) == "Online"
        assert "STATUS" not in entry

    def test_the_joining_link_only_when_passed(self, national_admin):
        event = make_event(national_admin)
        entry = self.parse(event_calendar(event, joining_link=event.joining_link))
        assert event.joining_link in str(entry["description"])
        assert str(entry["location"]) == event.joining_link

    def test_a_venue_and_a_cancelled_event(self, national_admin):
        event = make_event(national_admin, online=False, joining_link="", venue="Leeds Civic Hall")
        Event.objects.filter(pk=event.pk).update(cancelled=True)
        event.refresh_from_db()
        entry = self.parse(event_calendar(event))
        assert str(entry["location"]) == "Leeds Civic Hall"
        assert str(entry["status"]) == "CANCELLED"
