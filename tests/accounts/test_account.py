"""Your account: name, an e-mail change confirmed from the new address, a password change,
and signing out everywhere else (other sessions end; this one stays)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from core.models import AuditEvent, Email
from tests.accounts.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _confirm_link(address):
    body = Email.objects.filter(to_email=address).latest("pk").body
    return re.search(r"(/account/email/[^\s]+/)", body).group(1)


def test_the_account_page_lists_trusts_and_roles(client_as, od_lead_a):
    page = client_as(od_lead_a).get(reverse("accounts:account")).content.decode()
    assert "Trust A NHS Foundation Trust</a>: OD lead" in page
    assert od_lead_a.email in page


def test_a_name_change(client_as, od_lead_a):
    client_as(od_lead_a).post(reverse("accounts:account-name"), {"full_name": "Olu Lead-Smith"})
    od_lead_a.refresh_from_db()
    assert od_lead_a.full_name == "Olu Lead-Smith"


class TestEmailChange:
    def test_the_address_changes_only_when_the_link_is_opened(self, client_as, od_lead_a):
        client = client_as(od_lead_a)
        response = client.post(
            reverse("accounts:account-email"),
            {"email": "olu.new@example.nhs.uk", "password": TEST_PASSWORD},
        )
        assert response.status_code == 302
        od_lead_a.refresh_from_db()
        assert od_lead_a.email != "olu.new@example.nhs.uk"
        link = _confirm_link("olu.new@example.nhs.uk")
        # Opening the link (a mail scanner does) changes nothing; the click does.
        assert client.get(link).status_code == 200
        od_lead_a.refresh_from_db()
        assert od_lead_a.email != "olu.new@example.nhs.uk"
        old = od_lead_a.email
        client.post(link)
        od_lead_a.refresh_from_db()
        assert od_lead_a.email == "olu.new@example.nhs.uk"
        # The old address hears of it; the change is in the audit log.
        assert Email.objects.filter(to_email=old).exists()
        assert AuditEvent.objects.filter(action="accounts.email_changed").exists()
        # The link works once.
        response = client.post(link, follow=True)
        assert b"already been used" in response.content

    def test_an_address_already_in_use_is_refused(self, client_as, od_lead_a, viewer_a):
        response = client_as(od_lead_a).post(
            reverse("accounts:account-email"),
            {"email": viewer_a.email.upper(), "password": TEST_PASSWORD},
        )
        assert b"Another account uses that email address" in response.content
        assert not Email.objects.exists()

    def test_an_address_taken_after_the_link_was_sent_is_refused(self, client_as, od_lead_a):
        client = client_as(od_lead_a)
        client.post(
            reverse("accounts:account-email"),
            {"email": "taken@example.nhs.uk", "password": TEST_PASSWORD},
        )
        UserFactory(email="taken@example.nhs.uk")
        response = client.post(_confirm_link("taken@example.nhs.uk"), follow=True)
        assert b"Another account uses that email address" in response.content
        od_lead_a.refresh_from_db()
        assert od_lead_a.email != "taken@example.nhs.uk"

    def test_a_wrong_password_is_refused(self, client_as, od_lead_a):
        response = client_as(od_lead_a).post(
            reverse("accounts:account-email"),
            {"email": "olu.new@example.nhs.uk", "password": "wrong"},
        )
        assert b"The password is not right" in response.content
        assert not Email.objects.exists()

    def test_another_person_cannot_use_the_link(self, client_as, od_lead_a, viewer_a):
        client_as(od_lead_a).post(
            reverse("accounts:account-email"),
            {"email": "olu.new@example.nhs.uk", "password": TEST_PASSWORD},
        )
        link = _confirm_link("olu.new@example.nhs.uk")
        other = Client()
        other.force_login(viewer_a)
        response = other.post(link, follow=True)
        assert b"another account" in response.content
        assert not User.objects.filter(email="olu.new@example.nhs.uk").exists()


def test_a_password_change_keeps_this_session_and_ends_others(client_as, od_lead_a):
    other = Client()
    other.force_login(od_lead_a)
    client = client_as(od_lead_a)
    response = client.post(
        reverse("accounts:account-password"),
        {
            "old_password": TEST_PASSWORD,
            "new_password1": "a brand new passphrase 9",
            "new_password2": "a brand new passphrase 9",
        },
    )
    assert response.status_code == 302
    assert client.get(reverse("accounts:account")).status_code == 200
    assert other.get(reverse("accounts:account")).status_code == 302
    assert AuditEvent.objects.filter(action="accounts.password_changed").exists()


def test_a_wrong_current_password_changes_nothing(client_as, od_lead_a):
    response = client_as(od_lead_a).post(
        reverse("accounts:account-password"),
        {
            "old_password": "not it",
            "new_password1": "a brand new passphrase 9",
            "new_password2": "a brand new passphrase 9",
        },
    )
    assert b"Your current password is not right" in response.content
    od_lead_a.refresh_from_db()
    assert od_lead_a.check_password(TEST_PASSWORD)


def test_signing_out_everywhere_else_ends_other_sessions_only(client_as, od_lead_a):
    laptop, phone = Client(), Client()
    laptop.force_login(od_lead_a)
    phone.force_login(od_lead_a)
    client = client_as(od_lead_a)
    client.post(reverse("accounts:sign-out-everywhere"))
    assert client.get(reverse("accounts:account")).status_code == 200
    for other in (laptop, phone):
        response = other.get(reverse("accounts:account"))
        assert response.status_code == 302 and "sign-in" in response.url
    od_lead_a.refresh_from_db()
    assert od_lead_a.check_password(TEST_PASSWORD)
    assert AuditEvent.objects.filter(action="accounts.signed_out_everywhere").exists()


def test_an_old_link_does_not_work_after_changing_back(client_as, od_lead_a):
    from accounts import services

    original = od_lead_a.email
    client = client_as(od_lead_a)
    client.post(
        reverse("accounts:account-email"),
        {"email": "b@example.nhs.uk", "password": TEST_PASSWORD},
    )
    first_link = _confirm_link("b@example.nhs.uk")
    client.post(first_link)
    od_lead_a.refresh_from_db()
    services.account_email_change_request(user=od_lead_a, email=original)
    client.post(_confirm_link(original))
    od_lead_a.refresh_from_db()
    assert od_lead_a.email == original
    # The a→b link again: refused, though the address is "a" once more.
    response = client.post(first_link, follow=True)
    assert b"already been used" in response.content
    od_lead_a.refresh_from_db()
    assert od_lead_a.email == original


def test_a_name_change_is_in_the_audit_log(client_as, od_lead_a):
    client_as(od_lead_a).post(reverse("accounts:account-name"), {"full_name": "Olu L"})
    assert AuditEvent.objects.get(action="accounts.name_changed").detail == {"was": "Olu Lead"}
