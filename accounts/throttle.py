"""Sign-in attempts counted per client address, in django-ratelimit's cache counters.

Many staff of one trust reach the portal through one NHS proxy address, so one address may
make many sign-ins that succeed; what it may not make is many that fail. django-axes locks
each account after AXES_FAILURE_LIMIT failures; the count here bounds how many accounts one
address can try guesses on (password spraying), whether passwords or second-factor codes.
Every attempt, right or wrong, also counts towards a far larger bound against floods
(SIGN_IN_ATTEMPTS_PER_ADDRESS, applied by the views' ratelimit decorators)."""

from django.conf import settings
from django_ratelimit import ALL
from django_ratelimit.core import get_usage
from django_ratelimit.exceptions import Ratelimited

# Shared by the password and the code step: one person's sign-in is one count of each.
ATTEMPTS = "accounts.sign-in-attempts"
FAILURES = "accounts.sign-in-failures"


def attempts_rate(group, request) -> str:
    """For the views' ratelimit decorators: read when called, so tests can change it."""
    return settings.SIGN_IN_ATTEMPTS_PER_ADDRESS


def _failures(request, *, increment: bool):
    return get_usage(
        request,
        group=FAILURES,
        key="ip",
        rate=settings.SIGN_IN_FAILURES_PER_ADDRESS,
        method=ALL,
        increment=increment,
    )


def address_failures_check(request) -> None:
    """Refuse (the styled 429 page) once this address has used up its failed attempts; also
    when the cache cannot be read, as django-ratelimit does."""
    usage = _failures(request, increment=False)
    if usage is not None and (usage["should_limit"] or usage["count"] >= usage["limit"]):
        raise Ratelimited()


def address_failure_count(request) -> None:
    """One more wrong password or code from this address."""
    _failures(request, increment=True)
