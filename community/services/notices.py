"""E-mail: notices written in the caller's transaction, sent by a task once it commits,
and the people they go to."""

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.constants import NATIONAL_ADMIN_GROUP, Role
from accounts.models import Trust, TrustMembership, User
from community.models import Notice
from core.queueing import PUBLISH_ONCE_MORE

# The name this logger had before the split, so log searches still find it.
logger = logging.getLogger("community.services")


def _notice(*, to: list[str] | str, subject: str, template: str, context: dict) -> None:
    """Write one Notice per address; each is sent by a task after the commit."""
    addresses = [to] if isinstance(to, str) else to
    body = render_to_string(template, {"site_url": settings.SITE_URL, **context})
    for address in dict.fromkeys(addresses):
        notice = Notice.objects.create(to_email=address, subject=subject, body=body)
        transaction.on_commit(lambda pk=notice.pk: _enqueue_notice(pk))


def _enqueue_notice(notice_id: int) -> None:
    from community.tasks import send_notice

    try:
        send_notice.apply_async((notice_id,), retry=True, retry_policy=PUBLISH_ONCE_MORE)
    except Exception:  # the broker is down: the sweep sends it later
        logger.warning("community notice %s not queued", notice_id, exc_info=True)


def notice_send(*, notice_id: int) -> bool:
    """Send a notice unless it has been sent. A failed send leaves it unsent (the task
    retries and the sweep catches up). True when this call sent it."""
    with transaction.atomic():
        # Skip a notice another worker is sending now: never two copies, never a queue
        # of sweeps waiting behind a slow mail server.
        notice = (
            Notice.objects.select_for_update(skip_locked=True)
            .filter(pk=notice_id, sent_at__isnull=True)
            .first()
        )
        if notice is None:
            return False
        send_mail(notice.subject, notice.body, None, [notice.to_email])
        notice.sent_at = timezone.now()
        # The body can hold a set-password link and names; once sent it is not needed.
        notice.body = ""
        notice.save(update_fields=["sent_at", "body"])
    return True


NOTICE_KEEP_DAYS = 30


def notices_send_pending() -> int:
    """Send every notice still unsent (after a broker or mail outage), and delete sent ones
    after 30 days: they hold names and addresses, and the e-mail has gone. Safe to run
    twice."""
    Notice.objects.filter(
        sent_at__lt=timezone.now() - datetime.timedelta(days=NOTICE_KEEP_DAYS)
    ).delete()
    sent = 0
    for notice_id in Notice.objects.filter(sent_at__isnull=True).values_list("pk", flat=True):
        try:
            sent += notice_send(notice_id=notice_id)
        except Exception:
            logger.warning("community notice %s not sent", notice_id, exc_info=True)
    return sent


def _national_admin_emails() -> list[str]:
    return list(
        User.objects.filter(is_active=True, groups__name=NATIONAL_ADMIN_GROUP)
        .order_by("pk")
        .values_list("email", flat=True)
    )


def _od_lead_emails(trust: Trust) -> list[str]:
    return list(
        TrustMembership.objects.filter(trust=trust, role=Role.OD_LEAD, user__is_active=True)
        .order_by("pk")
        .values_list("user__email", flat=True)
    )
