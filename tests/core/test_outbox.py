"""The portal's one outbox: an e-mail is written in the caller's transaction, sent once
however often its task runs, swept when left unsent, and deleted 30 days after sending."""

import datetime

import pytest
from django.utils import timezone

from core.models import Email
from core.outbox import email_queue, email_send, emails_send_pending
from core.tasks import send_email

pytestmark = pytest.mark.django_db


@pytest.fixture
def email():
    return Email.objects.create(to_email="pat@example.nhs.uk", subject="Hello", body="Hi")


def test_an_e_mail_sent_twice_goes_once(email, mailoutbox):
    assert send_email.apply(args=(email.pk,)).get() is True
    assert send_email.apply(args=(email.pk,)).get() is False
    assert len(mailoutbox) == 1
    assert (mailoutbox[0].to, mailoutbox[0].subject) == (["pat@example.nhs.uk"], "Hello")
    email.refresh_from_db()
    assert email.sent_at is not None
    # The body can hold a single-use link: it is not kept once sent.
    assert email.body == ""


def test_an_e_mail_that_does_not_exist_is_not_sent(mailoutbox):
    assert email_send(email_id=987654) is False
    assert mailoutbox == []


def test_queued_e_mails_wait_for_the_commit_and_then_go(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        email_queue(
            to=["a@example.nhs.uk", "a@example.nhs.uk", "b@example.nhs.uk"],
            subject="Hello",
            template="accounts/emails/password_reset_subject.txt",
            context={},
        )
        assert mailoutbox == []
    # One per address, however often it was listed.
    assert sorted(m.to[0] for m in mailoutbox) == ["a@example.nhs.uk", "b@example.nhs.uk"]


def test_the_sweep_sends_unsent_e_mails_once(mailoutbox):
    # Not inside captured on-commit callbacks: written but never queued, as when the broker
    # is down.
    email_queue(
        to=["a@example.nhs.uk", "b@example.nhs.uk"],
        subject="Hello",
        template="accounts/emails/password_reset_subject.txt",
        context={},
    )
    assert mailoutbox == []
    assert emails_send_pending() == 2
    assert emails_send_pending() == 0
    assert len(mailoutbox) == 2


def test_the_sweep_deletes_e_mails_sent_over_30_days_ago(mailoutbox):
    now = timezone.now()
    old = Email.objects.create(
        to_email="old@example.nhs.uk",
        subject="Old",
        body="x",
        sent_at=now - datetime.timedelta(days=31),
    )
    recent = Email.objects.create(
        to_email="recent@example.nhs.uk",
        subject="Recent",
        body="x",
        sent_at=now - datetime.timedelta(days=29),
    )
    unsent = Email.objects.create(to_email="late@example.nhs.uk", subject="Late", body="x")
    Email.objects.filter(pk=unsent.pk).update(created_at=now - datetime.timedelta(days=40))

    assert emails_send_pending() == 1

    assert set(Email.objects.values_list("pk", flat=True)) == {recent.pk, unsent.pk}
    assert not Email.objects.filter(pk=old.pk).exists()
    assert [m.to for m in mailoutbox] == [["late@example.nhs.uk"]]


APP_PACKAGES = ("core", "accounts", "programmes", "diagnostics", "resources", "community")
MAIL_NAMES = {
    "send_mail",
    "send_mass_mail",
    "mail_admins",
    "mail_managers",
    "EmailMessage",
    "EmailMultiAlternatives",
    "get_connection",
}


def _direct_mail_uses(path):
    """Where a module imports django.core.mail, or a name from it that sends."""
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "django.core.mail":
            sending = [alias.name for alias in node.names if alias.name in MAIL_NAMES]
            if sending:
                yield f"{path}:{node.lineno} imports {', '.join(sending)}"
        elif (isinstance(node, ast.ImportFrom) and node.module == "django.core") or isinstance(
            node, ast.Import
        ):
            names = {alias.name for alias in node.names}
            if "mail" in names or "django.core.mail" in names:
                yield f"{path}:{node.lineno} imports django.core.mail"


def test_no_code_outside_the_outbox_sends_mail_directly():
    from django.conf import settings

    outbox = settings.BASE_DIR / "core" / "outbox.py"
    found = [
        use
        for package in APP_PACKAGES
        for path in sorted((settings.BASE_DIR / package).rglob("*.py"))
        if path != outbox and "migrations" not in path.parts
        for use in _direct_mail_uses(path)
    ]
    assert found == [], "send e-mail through core/outbox.py::email_queue, not directly"


def test_the_password_reset_e_mail_goes_through_the_outbox(client):
    from django.conf import settings

    from tests.accounts.factories import UserFactory

    user = UserFactory(email="reset.me@example.nhs.uk")
    client.post("/password-reset/", {"email": user.email})
    email = Email.objects.get(to_email="reset.me@example.nhs.uk")
    # Built from SITE_URL, never from the request's Host header.
    assert f"{settings.SITE_URL}/password-reset/" in email.body
