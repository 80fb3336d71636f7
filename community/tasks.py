from celery import shared_task

from community.services import event_reminders_send, notice_send, notices_send_pending


@shared_task(
    ignore_result=False,
    autoretry_for=(OSError,),
    retry_backoff=60,
    max_retries=5,
)
def send_notice(notice_id: int) -> bool:
    """Send one community e-mail. Safe to run twice: a sent notice is not sent again."""
    return notice_send(notice_id=notice_id)


@shared_task(ignore_result=False)
def send_pending_notices() -> int:
    """Every 10 minutes: send notices left unsent by a broker or mail outage."""
    return notices_send_pending()


@shared_task(ignore_result=False)
def send_event_reminders() -> int:
    """Hourly: remind people booked on events starting within a day (once each)."""
    return event_reminders_send()
