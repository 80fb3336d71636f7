from celery import shared_task

from programmes.services import DigestNotSent, action_digest_send


@shared_task(
    ignore_result=False,
    autoretry_for=(DigestNotSent,),
    retry_backoff=300,
    max_retries=5,
)
def send_action_digests() -> int:
    """Mondays: each action owner's weekly e-mail. Safe to run twice in a week: owners
    already sent one are skipped, and a retry after a mail-server failure sends only the
    ones that did not go."""
    return action_digest_send()
