"""The portal's one outbox: every app's e-mail is written here in the caller's transaction
and sent by a task once it commits (docs/architecture.md, "E-mail")."""

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from core.models import Email
from core.operations import Figure
from core.queueing import PUBLISH_ONCE_MORE

logger = logging.getLogger("core.outbox")

# Sent e-mails hold names and addresses, and have gone: kept this long for an operator.
SENT_KEEP_DAYS = 30


def email_queue(
    *,
    to: list[str] | str,
    subject: str,
    template: str = "",
    context: dict | None = None,
    body: str = "",
) -> list[Email]:
    """Write one e-mail per address (each once); each is sent by a task after the commit.
    The body is `template` rendered with `context` (and SITE_URL as `site_url`, from which
    every link is built), or `body` when the caller rendered it already."""
    addresses = [to] if isinstance(to, str) else to
    if template:
        body = render_to_string(template, {"site_url": settings.SITE_URL, **(context or {})})
    # A subject is one line, at most the column's length (a long trust name).
    subject = " ".join(subject.split())[:200]
    emails = []
    for address in dict.fromkeys(addresses):
        email = Email.objects.create(to_email=address, subject=subject, body=body)
        transaction.on_commit(lambda pk=email.pk: _enqueue(pk))
        emails.append(email)
    return emails


def _enqueue(email_id: int) -> None:
    from core.tasks import send_email

    try:
        send_email.apply_async((email_id,), retry=True, retry_policy=PUBLISH_ONCE_MORE)
    except Exception:  # the broker is down: the sweep sends it later
        logger.warning("email %s not queued", email_id, exc_info=True)


def email_send(*, email_id: int) -> bool:
    """Send an e-mail unless it has been sent. A failed send leaves it unsent (the task
    retries and the sweep catches up). True when this call sent it."""
    with transaction.atomic():
        # Skip one another worker is sending now: never two copies, never a queue of
        # sweeps waiting behind a slow mail server.
        email = (
            Email.objects.select_for_update(skip_locked=True)
            .filter(pk=email_id, sent_at__isnull=True)
            .first()
        )
        if email is None:
            return False
        send_mail(email.subject, email.body, None, [email.to_email])
        email.sent_at = timezone.now()
        # The body can hold a single-use link and names; once sent it is not needed.
        email.body = ""
        email.save(update_fields=["sent_at", "body"])
    return True


def emails_send_pending() -> int:
    """Send every e-mail still unsent (after a broker or mail outage), and delete sent ones
    after SENT_KEEP_DAYS. Safe to run twice."""
    Email.objects.filter(
        sent_at__lt=timezone.now() - datetime.timedelta(days=SENT_KEEP_DAYS)
    ).delete()
    sent = 0
    for email_id in Email.objects.filter(sent_at__isnull=True).values_list("pk", flat=True):
        try:
            sent += email_send(email_id=email_id)
        except Exception:
            logger.warning("email %s not sent", email_id, exc_info=True)
    return sent


def email_figures() -> list[Figure]:
    """For operators: e-mails not sent a quarter of an hour after they were written (the
    broker or the mail server is failing)."""
    stuck = Email.objects.filter(
        sent_at__isnull=True, created_at__lt=timezone.now() - datetime.timedelta(minutes=15)
    ).count()
    return [Figure("core.unsent_emails", stuck, problem=stuck > 0)]
