from celery import shared_task

from programmes.services import action_digest_send


@shared_task(ignore_result=False)
def send_action_digests() -> int:
    """Mondays: each action owner's weekly e-mail. Safe to run twice in a week: owners
    already sent one are skipped."""
    return action_digest_send()
