"""The community's tasks on a real worker through Redis: a decision's e-mail goes out once
however often the task runs, and the reminder sweep is safe to run twice."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from community import services
from community.models import Notice
from community.tasks import send_event_reminders, send_notice, send_pending_notices
from tests.community.factories import apply_for_new_trust, make_event, make_member


@pytest.mark.services
def test_an_application_e_mail_is_sent_once_by_a_real_worker(celery_worker, national_admin):
    application = apply_for_new_trust()
    notice = Notice.objects.get(to_email="nina@riverside.example.org")
    # transactional_db: the commit has happened, so the worker can read the notice.
    assert send_notice.delay(notice.pk).get(timeout=30) in (True, False)
    assert send_notice.delay(notice.pk).get(timeout=30) is False
    assert send_pending_notices.delay().get(timeout=30) == 0
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
    event = make_event(national_admin, days=0)
    event.starts_at = timezone.now() + datetime.timedelta(hours=3)
    event.ends_at = event.starts_at + datetime.timedelta(hours=1)
    event.save()
    services.registration_create(event=event, user=od_lead_a, trust=trust_a)
    assert send_event_reminders.delay().get(timeout=30) == 1
    assert send_event_reminders.delay().get(timeout=30) == 0
