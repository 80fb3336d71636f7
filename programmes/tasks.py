from celery import shared_task

from programmes.services import action_digest_send


@shared_task(ignore_result=False)
def send_action_digests() -> int:
    """Mondays: each action owner's weekly e-mail, written to the outbox (which sends and
    retries). Safe to run twice in a week: owners already written to are skipped."""
    return action_digest_send()
