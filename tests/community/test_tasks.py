"""The community's tasks and the services they run: event reminders, and a community
e-mail through the portal's outbox (a failed send leaves the application standing); then on
a real worker through Redis, a decision's e-mail goes out once however often the task runs,
and the reminder sweep is safe to run twice."""

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone

from community import services
from community.models import Event, MembershipApplication, Registration
from community.tasks import send_event_reminders
from core.models import Email
from core.outbox import emails_send_pending
from core.tasks import send_email, send_pending_emails
from tests.community import factories
from tests.community.factories import apply_for_new_trust
from tests.community.support import apply_for, make_event, make_member, register


@pytest.mark.services
def test_an_application_e_mail_is_sent_once_by_a_real_worker(celery_worker, national_admin):
    application = apply_for_new_trust()
    email = Email.objects.get(to_email="nina@riverside.example.org")
    # transactional_db: the commit has happened, so the worker can read the e-mail.
    assert send_email.delay(email.pk).get(timeout=30) in (True, False)
    assert send_email.delay(email.pk).get(timeout=30) is False
    assert send_pending_emails.delay().get(timeout=30) == 0
    sent = [m for m in mail.outbox if m.to == ["nina@riverside.example.org"]]
    assert len(sent) == 1
    # The link is signed with the time it was made, so compare what it opens, not its text.
    links = [word for word in sent[0].body.split() if "/community/applications/" in word]
    token = links[0].rstrip("/").rsplit("/", 1)[1]
    assert services.application_from_link(token) == application


@pytest.mark.services
def test_event_reminders_on_a_real_worker_go_once(
    celery_worker, national_admin, trust_a, od_lead_a
):
    make_member(trust_a)
    event = factories.make_event(national_admin, days=0)
    event.starts_at = timezone.now() + datetime.timedelta(hours=3)
    event.ends_at = event.starts_at + datetime.timedelta(hours=1)
    event.save()
    services.registration_create(event=event, user=od_lead_a, trust=trust_a)
    assert send_event_reminders.delay().get(timeout=30) == 1
    assert send_event_reminders.delay().get(timeout=30) == 0


@pytest.mark.django_db
class TestReminders:
    def test_reminders_are_sent_once_to_people_booked_on_events_within_a_day(
        self, national_admin, mailoutbox, django_capture_on_commit_callbacks
    ):
        soon = make_event(
            national_admin, title="Soon", capacity=2, starts_in=datetime.timedelta(hours=5)
        )
        later = make_event(
            national_admin, title="Later", capacity=2, starts_in=datetime.timedelta(days=3)
        )
        booked = register(soon, 3)[:2]
        register(later, 1)
        mailoutbox.clear()

        with django_capture_on_commit_callbacks(execute=True):
            first = services.event_reminders_send()
        with django_capture_on_commit_callbacks(execute=True):
            second = services.event_reminders_send()

        assert (first, second) == (2, 0)
        assert sorted(m.to[0] for m in mailoutbox) == sorted(r.user.email for r in booked)
        assert {m.subject for m in mailoutbox} == {"Reminder: Soon"}
        assert Registration.objects.filter(reminded_at__isnull=False).count() == 2

    def test_someone_booked_later_from_the_waiting_list_is_reminded_too(self, national_admin):
        event = make_event(national_admin, capacity=1, starts_in=datetime.timedelta(hours=5))
        booked, waiting = register(event, 2)
        assert services.event_reminders_send() == 1
        services.registration_cancel(registration=booked, actor=booked.user)
        assert services.event_reminders_send() == 1
        assert Registration.objects.get(pk=waiting.pk).reminded_at is not None

    def test_a_cancelled_event_sends_no_reminders(self, national_admin):
        event = make_event(national_admin, starts_in=datetime.timedelta(hours=5))
        register(event, 1)
        Event.objects.filter(pk=event.pk).update(cancelled=True)
        assert services.event_reminders_send() == 0


@pytest.mark.django_db
def test_a_failed_send_leaves_the_application_and_its_e_mails_for_later(
    trust_a, od_lead_a, national_admin, mailoutbox, django_capture_on_commit_callbacks
):
    with (
        mock.patch("core.outbox.send_mail", side_effect=OSError("mail is down")) as failing,
        django_capture_on_commit_callbacks(execute=True),
    ):
        application = apply_for(trust_a, od_lead_a)
        assert emails_send_pending() == 0
    assert failing.called

    # The application itself stands, whatever happened to its e-mails.
    assert MembershipApplication.objects.filter(pk=application.pk).exists()
    assert mailoutbox == []
    assert Email.objects.filter(sent_at__isnull=True).count() == 2

    assert emails_send_pending() == 2
    assert sorted(m.to[0] for m in mailoutbox) == sorted([od_lead_a.email, national_admin.email])
    assert not Email.objects.filter(sent_at__isnull=True).exists()
