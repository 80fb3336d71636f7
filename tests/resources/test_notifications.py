"""Who hears of a resource going through review, in the outbox (core.models.Email): the
other curators when it is sent (never whoever wrote it or sent it), its writer and owner
when it is approved, its writer when it is returned; each as they chose, and nobody with a
closed account."""

import pytest

from core.models import Delivery, Email, SummaryItem
from core.notifications import notification_preferences_save
from resources import notifications, services
from tests.accounts.factories import UserFactory
from tests.resources.test_views import make_resource

pytestmark = pytest.mark.django_db


@pytest.fixture
def ann(national_admin):
    return national_admin


@pytest.fixture
def ben(db):
    return UserFactory(full_name="Ben Curator", national_admin=True)


@pytest.fixture
def cat(db):
    return UserFactory(full_name="Cat Curator", national_admin=True)


def told(subject_start: str) -> list[str]:
    return sorted(
        Email.objects.filter(subject__startswith=subject_start).values_list("to_email", flat=True)
    )


def emails_of(user) -> list[Email]:
    return list(Email.objects.filter(to_email=user.email).order_by("pk"))


class TestSentForReview:
    def test_the_other_curators_are_told_and_never_its_writer(self, ann, ben, cat, od_lead_a):
        resource = make_resource(ann, title="Running a synthesis event")
        services.resource_submit(resource=resource, actor=ann)
        assert told("A library resource to review") == sorted([ben.email, cat.email])
        [email] = emails_of(ben)
        assert email.subject == "A library resource to review: Running a synthesis event"
        assert f"/resources/curate/{resource.pk}/" in email.body
        assert "Why you got this: You curate the resource library" in email.body
        assert "/account/notifications/" in email.body
        assert not emails_of(od_lead_a)

    def test_whoever_sent_it_is_not_asked_either(self, ann, ben, cat):
        resource = make_resource(ann)
        services.resource_submit(resource=resource, actor=ben)
        assert told("A library resource to review") == [cat.email]

    def test_each_curator_as_they_chose_and_no_closed_account(self, ann, ben, cat):
        notification_preferences_save(user=ben, choices={notifications.TO_REVIEW: Delivery.OFF})
        notification_preferences_save(user=cat, choices={notifications.TO_REVIEW: Delivery.WEEKLY})
        gone = UserFactory(full_name="Dee Departed", national_admin=True)
        gone.is_active = False
        gone.save()
        services.resource_submit(resource=make_resource(ann), actor=ann)
        assert not Email.objects.exists()
        assert list(SummaryItem.objects.values_list("user_id", "kind")) == [
            (cat.pk, notifications.TO_REVIEW)
        ]

    def test_changes_to_a_published_resource(self, ann, ben, cat):
        resource = make_resource(ann, title="Board interview guide", publish_by=ben)
        Email.objects.all().delete()
        copy = services.resource_update(
            resource=resource, actor=cat, summary="A shorter summary for the board."
        )
        services.resource_submit(resource=copy, actor=cat)
        assert told("Changes to review: Board interview guide") == sorted([ann.email, ben.email])


class TestApproved:
    def test_its_writer_and_its_owner_are_told(self, ann, ben, cat, od_lead_a):
        resource = make_resource(ann, title="Listening to staff", owner=od_lead_a)
        services.resource_submit(resource=resource, actor=ann)
        services.resource_approve(resource=resource, actor=ben)
        assert told("Approved: Listening to staff") == sorted([ann.email, od_lead_a.email])
        [to_owner] = emails_of(od_lead_a)
        assert "/resources/listening-to-staff/" in to_owner.body
        assert "You are named as the person who looks after this resource" in to_owner.body
        [*_, to_writer] = emails_of(ann)
        assert "You wrote this resource" in to_writer.body

    def test_a_writer_who_owns_it_hears_once(self, ann, ben, cat):
        make_resource(ann, title="Listening to staff", publish_by=ben)
        assert told("Approved:") == [ann.email]

    def test_not_by_email_and_closed_accounts(self, ann, ben, cat, od_lead_a):
        notification_preferences_save(user=ann, choices={notifications.APPROVED: Delivery.OFF})
        od_lead_a.is_active = False
        od_lead_a.save()
        make_resource(ann, title="Listening to staff", owner=od_lead_a, publish_by=ben)
        assert told("Approved:") == []

    def test_approved_changes_go_to_whoever_proposed_them(self, ann, ben, cat):
        resource = make_resource(ann, title="Board interview guide", publish_by=ben)
        copy = services.resource_update(resource=resource, actor=cat, summary="Shorter.")
        services.resource_submit(resource=copy, actor=cat)
        services.resource_approve(resource=copy, actor=ben)
        assert told("Changes approved: Board interview guide") == sorted([ann.email, cat.email])


class TestReturned:
    def test_its_writer_hears_the_comment(self, ann, ben, cat):
        resource = make_resource(ann, title="Listening to staff")
        services.resource_submit(resource=resource, actor=ann)
        services.resource_return(resource=resource, actor=ben, comment="Add a worked example.")
        assert told("Returned with comments: Listening to staff") == [ann.email]
        [*_, email] = emails_of(ann)
        assert "Add a worked example." in email.body
        assert f"/resources/curate/{resource.pk}/" in email.body

    def test_not_by_email(self, ann, ben):
        notification_preferences_save(user=ann, choices={notifications.RETURNED: Delivery.OFF})
        resource = make_resource(ann)
        services.resource_submit(resource=resource, actor=ann)
        services.resource_return(resource=resource, actor=ben, comment="Add a worked example.")
        assert told("Returned") == []

    def test_a_closed_account_hears_nothing(self, ann, ben):
        resource = make_resource(ann)
        services.resource_submit(resource=resource, actor=ann)
        ann.is_active = False
        ann.save()
        services.resource_return(resource=resource, actor=ben, comment="Add a worked example.")
        assert told("Returned") == []
