"""The Monday reminder of published resources past their review date: written to the
outbox for every curator, once a week however often the task runs, and not at all when
nothing is overdue."""

import datetime

import pytest

from core.models import Email
from resources.models import Resource
from resources.services import review_reminders_send
from resources.tasks import remind_overdue_reviews
from tests.resources.test_views import make_resource

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2026, 11, 30)


@pytest.fixture
def curators(national_admin):
    from tests.accounts.factories import UserFactory

    return [national_admin, UserFactory(full_name="Cara Curator", national_admin=True)]


def _review_notifications_forget():
    """The approvals that set the resources up wrote e-mails too: these tests are about
    the reminder only."""
    Email.objects.all().delete()


def _overdue(curators, title, days_late=10):
    resource = make_resource(curators[0], title=title, publish_by=curators[1])
    Resource.objects.filter(pk=resource.pk).update(
        review_due=MONDAY - datetime.timedelta(days=days_late)
    )
    return resource


def test_every_curator_hears_of_overdue_resources_once_a_week(curators):
    _overdue(curators, "Running a synthesis event")
    _overdue(curators, "Board interview guide")
    make_resource(curators[0], title="Not yet due", publish_by=curators[1])
    _review_notifications_forget()

    assert review_reminders_send(today=MONDAY) == 2
    emails = list(Email.objects.order_by("to_email"))
    assert sorted(e.to_email for e in emails) == sorted(c.email for c in curators)
    assert "Running a synthesis event" in emails[0].body
    assert "Not yet due" not in emails[0].body
    assert emails[0].subject == "2 library resources are past their review date"
    # Again that week (beat firing twice, a retry): nothing more.
    assert review_reminders_send(today=MONDAY + datetime.timedelta(days=1)) == 0
    assert Email.objects.count() == 2


def test_the_task_run_twice_writes_once(curators):
    _overdue(curators, "Running a synthesis event")
    _review_notifications_forget()
    first = remind_overdue_reviews.delay().get()
    second = remind_overdue_reviews.delay().get()
    assert (first, second) == (1, 0)
    assert Email.objects.count() == len(curators)


def test_nothing_overdue_sends_nothing(curators):
    make_resource(curators[0], title="Fresh", publish_by=curators[1])
    _review_notifications_forget()
    assert review_reminders_send(today=MONDAY) == 0
    assert not Email.objects.exists()
