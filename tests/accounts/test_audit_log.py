"""The audit log: what goes in it (sign-ins, role changes, exports, approvals and
decisions), and the national admins' page that reads and downloads it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.constants import Role
from accounts.models import TrustMembership
from core.audit import audit_event_record
from core.models import AuditEvent
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

AUDIT = "/audit-log/"


def actions() -> list[str]:
    return list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))


class TestWhatIsRecorded:
    def test_signing_in_with_the_form_is_recorded(self, client):
        user = UserFactory(email="someone@example.nhs.uk")
        user.set_password("a-good-long-password-1")
        user.save()
        client.post(
            reverse("accounts:sign-in"),
            {"username": "someone@example.nhs.uk", "password": "a-good-long-password-1"},
        )
        event = AuditEvent.objects.get(action="accounts.signed_in")
        assert event.actor == user
        # The client address stays with django-axes' records, never in the audit log.
        assert "127.0.0.1" not in str(event.detail)

    def test_a_failed_sign_in_is_not_an_audit_event(self, client):
        UserFactory(email="someone@example.nhs.uk")
        client.post(
            reverse("accounts:sign-in"), {"username": "someone@example.nhs.uk", "password": "x"}
        )
        assert "accounts.signed_in" not in actions()

    def test_roles_given_and_removed_in_the_django_admin_are_recorded(
        self, client, trust_a, viewer_a
    ):
        superuser = UserFactory(is_superuser=True, is_staff=True)
        client.force_login(superuser)
        membership = TrustMembership.objects.get(user=viewer_a)
        url = reverse("admin:accounts_user_change", args=[viewer_a.pk])
        data = {
            "email": viewer_a.email,
            "full_name": viewer_a.full_name,
            "is_active": "on",
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "09:00:00",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "1",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
            "memberships-0-id": membership.pk,
            "memberships-0-user": viewer_a.pk,
            "memberships-0-trust": trust_a.pk,
            "memberships-0-role": Role.OD_LEAD,
        }
        response = client.post(url, data)
        assert response.status_code == 302, response.content.decode()[:2000]
        event = AuditEvent.objects.get(action="accounts.role_changed")
        assert event.actor == superuser
        assert event.detail == {"role": Role.OD_LEAD}
        assert viewer_a.email in event.target

    def test_results_and_synthesis_downloads_are_recorded(self, client_as, programme_a, od_lead_a):
        client = client_as(od_lead_a)
        client.get(reverse("programmes:synthesis-export", args=[programme_a.pk, "csv"]))
        assert actions() == ["programmes.synthesis_export"]


class TestThePage:
    @pytest.fixture
    def events(self, national_admin, od_lead_a):
        audit_event_record(actor=od_lead_a, action="accounts.signed_in", target=od_lead_a.email)
        audit_event_record(actor=od_lead_a, action="results.export", target="Trust A: Survey")
        old = audit_event_record(
            actor=national_admin, action="resources.approved", target="A guide"
        )
        AuditEvent.objects.filter(pk=old.pk).update(at=timezone.now() - datetime.timedelta(days=40))

    def test_every_event_is_listed_newest_first_in_words(self, client_as, national_admin, events):
        page = client_as(national_admin).get(AUDIT).content.decode()
        assert "3 events" in page
        assert page.index("Downloaded survey results") < page.index("Approved a library resource")

    @pytest.mark.parametrize(
        ("query", "shown", "hidden"),
        [
            ("category=exports", "Downloaded survey results", "Signed in"),
            ("category=sign_ins", "Signed in", "Downloaded survey results"),
            ("category=approvals", "Approved a library resource", "Signed in"),
            ("person=Nia", "Approved a library resource", "Downloaded survey results"),
        ],
    )
    def test_filters_narrow_the_list(self, client_as, national_admin, events, query, shown, hidden):
        page = client_as(national_admin).get(f"{AUDIT}?{query}").content.decode()
        assert shown in page
        assert hidden not in page

    def test_a_date_range_narrows_the_list(self, client_as, national_admin, events):
        today = timezone.localdate()
        since = today - datetime.timedelta(days=7)
        query = (
            f"since_day={since.day}&since_month={since.month}&since_year={since.year}"
            f"&until_day={today.day}&until_month={today.month}&until_year={today.year}"
        )
        page = client_as(national_admin).get(f"{AUDIT}?{query}").content.decode()
        assert "2 events" in page

    def test_an_end_before_the_start_is_explained(self, client_as, national_admin, events):
        query = (
            "since_day=10&since_month=11&since_year=2026&until_day=1&until_month=11&until_year=2026"
        )
        page = client_as(national_admin).get(f"{AUDIT}?{query}").content.decode()
        assert "The end date must be the same as or after the start date" in page

    def test_the_download_has_the_filtered_events_and_is_itself_recorded(
        self, client_as, national_admin, events
    ):
        response = client_as(national_admin).get(f"{AUDIT}?category=exports&download=csv")
        body = response.content.decode()
        assert response["Content-Type"].startswith("text/csv")
        assert "Downloaded survey results" in body
        assert "Signed in" not in body
        assert AuditEvent.objects.filter(action="audit.export", actor=national_admin).exists()

    def test_the_page_reads_a_fixed_number_of_queries(
        self, client_as, national_admin, od_lead_a, django_assert_max_num_queries
    ):
        for number in range(60):
            audit_event_record(actor=od_lead_a, action="results.export", target=f"Survey {number}")
        client = client_as(national_admin)
        # Six of them are the curators' and moderators' "For you" lists, read for the
        # header's count (kept a minute): a fixed number whatever is waiting.
        with django_assert_max_num_queries(16):
            client.get(AUDIT)


def test_pages_of_the_log_keep_the_filters(client_as, national_admin, od_lead_a):
    for number in range(55):
        audit_event_record(actor=od_lead_a, action="results.export", target=f"Survey {number}")
    page = client_as(national_admin).get(f"{AUDIT}?category=exports").content.decode()
    assert 'href="?category=exports&amp;page=2"' in page
    assert "Older" in page
