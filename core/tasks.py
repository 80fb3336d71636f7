from celery import shared_task

from core.notifications import notification_summaries_send
from core.outbox import email_send, emails_send_pending


@shared_task(ignore_result=False, autoretry_for=(OSError,), retry_backoff=60, max_retries=5)
def send_email(email_id: int) -> bool:
    """Send one e-mail. Safe to run twice: a sent e-mail is not sent again."""
    return email_send(email_id=email_id)


@shared_task(ignore_result=False)
def send_pending_emails() -> int:
    """Every 10 minutes: send e-mails left unsent by a broker or mail outage."""
    return emails_send_pending()


@shared_task(ignore_result=False)
def send_notification_summaries() -> int:
    """Mondays: each person's summary of the notifications they chose to get weekly. Safe
    to run twice: the items are deleted as their e-mail is written."""
    return notification_summaries_send()
