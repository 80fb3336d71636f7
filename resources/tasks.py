from celery import shared_task

from resources.services import review_reminders_send


@shared_task(ignore_result=False)
def remind_overdue_reviews() -> int:
    """Mondays: tell curators which published resources are past their review date. Safe
    to run twice: the second run in a week sends nothing."""
    return review_reminders_send()
