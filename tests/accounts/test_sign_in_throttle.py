"""accounts/throttle.py: sign-in bounded per client address, at a level that a trust's staff
sharing one NHS proxy address survive, while each account still locks on its own
(django-axes) and wrong guesses spread over many accounts are refused."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.accounts.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SIGN_IN = "accounts:sign-in"
PROXY = "192.0.2.10"  # one shared outbound address (a documentation address)
ELSEWHERE = "198.51.100.7"


def sign_in(email, password=TEST_PASSWORD, address=PROXY, client=None):
    client = client or Client()
    return client.post(
        reverse(SIGN_IN), {"username": email, "password": password}, REMOTE_ADDR=address
    )


def test_two_hundred_people_behind_one_proxy_all_sign_in(one_rate_window):
    """A trust's staff in one ten-minute window, every fifth of them mistyping once first, and
    one person who forgot their password entirely: nobody else is refused, and that one
    account is locked after its sixth wrong password."""
    people = UserFactory.create_batch(200)
    forgetful = UserFactory()
    statuses = []
    for number, person in enumerate(people):
        client = Client()
        if number % 5 == 0:
            assert sign_in(person.email, "Correct-Horse", client=client).status_code == 200
        statuses.append(sign_in(person.email, client=client).status_code)
        if number % 40 == 0:
            sign_in(forgetful.email, "guess")
    assert statuses == [302] * 200
    assert sign_in(forgetful.email, "guess").status_code == 429
    locked = sign_in(forgetful.email)
    assert locked.status_code == 429
    assert b"Your account is locked for now" in locked.content


def test_six_wrong_passwords_lock_the_account_from_any_address(settings):
    person = UserFactory()
    statuses = [sign_in(person.email, "guess").status_code for _ in range(6)]
    # The fifth wrong password locks it; the sixth is refused without being checked.
    assert statuses == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429, 429]
    assert sign_in(person.email, address=ELSEWHERE).status_code == 429


def test_wrong_passwords_spread_over_many_accounts_are_refused(settings, one_rate_window):
    """Password spraying: one guess for each of many accounts never locks an account, so the
    address's count of wrong passwords stops it."""
    limit = int(settings.SIGN_IN_FAILURES_PER_ADDRESS.split("/")[0])
    person = UserFactory()
    statuses = [
        sign_in(f"p{number}@example.nhs.uk", "Summer2026!").status_code
        for number in range(limit + 1)
    ]
    assert statuses == [200] * limit + [429]
    # Refused before the password is looked at, even the right one; not from elsewhere.
    refused = sign_in(person.email)
    assert refused.status_code == 429
    assert sign_in(person.email, address=ELSEWHERE).status_code == 302


def test_a_blank_form_is_no_guess(settings, one_rate_window):
    settings.SIGN_IN_FAILURES_PER_ADDRESS = "2/10m"
    for _ in range(5):
        assert sign_in("", "").status_code == 200
        assert sign_in("someone@example.nhs.uk", "").status_code == 200
    assert sign_in(UserFactory().email).status_code == 302


def test_a_flood_of_attempts_from_one_address_is_refused(settings, one_rate_window):
    settings.SIGN_IN_ATTEMPTS_PER_ADDRESS = "5/10m"
    people = UserFactory.create_batch(6)
    statuses = [sign_in(person.email).status_code for person in people]
    assert statuses == [302] * 5 + [429]


def test_the_limits_are_read_from_settings_a_shared_proxy_survives(settings):
    def allowed(rate):
        count, period = rate.split("/")
        assert period == "10m"
        return int(count)

    assert allowed(settings.SIGN_IN_ATTEMPTS_PER_ADDRESS) >= 200
    assert 40 <= allowed(settings.SIGN_IN_FAILURES_PER_ADDRESS) <= 200
