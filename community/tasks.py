from celery import shared_task

from community.services import event_reminders_send


@shared_task(ignore_result=False)
def send_event_reminders() -> int:
    """Hourly: remind people booked on events starting within a day (once each)."""
    return event_reminders_send()
