"""The second factor for password sign-in: an authenticator app's 6-digit code (django-otp's
TOTPDevice), with single-use recovery codes (a StaticDevice) for when the phone is lost.

A person has at most one of each. The secret of an app being set up lives in the session
until a code from the app proves it was scanned, so abandoned set-ups leave no rows."""

import re

from django.db import transaction
from django.db.models import F
from django.utils.crypto import salted_hmac
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from accounts.models import User
from accounts.selectors import second_factor_required_for
from core.audit import audit_event_record
from core.exceptions import ApplicationError
from core.outbox import email_queue

RECOVERY_CODE_COUNT = 10
APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"
WRONG_CODE = "The code is not right. Check your app and try again"


def second_factor_secret_new() -> str:
    """A fresh secret (hex, as TOTPDevice stores it) for an app being set up."""
    return random_hex(20)


def _code_matches(key: str, code: str) -> TOTP | None:
    """The TOTP that matched `code` for the secret (its step and drift), or None."""
    probe = TOTPDevice(key=key)
    totp = TOTP(probe.bin_key, probe.step, probe.t0, probe.digits, probe.drift)
    if totp.verify(int(code), tolerance=probe.tolerance):
        return totp
    return None


def _recovery_codes_replace(user: User) -> list[str]:
    device, _ = StaticDevice.objects.get_or_create(
        user=user, defaults={"name": RECOVERY_DEVICE_NAME, "confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(
        StaticToken(device=device, token=recovery_code_stored(code)) for code in codes
    )
    device.throttle_reset()
    return codes


def _sessions_end_others(user: User) -> None:
    # A session opened before the second factor existed never passed it: end them all (the
    # caller re-stamps its own session, as "sign out everywhere else" does).
    User.objects.filter(pk=user.pk).update(session_generation=user.session_generation + 1)
    user.session_generation += 1


@transaction.atomic
def second_factor_enrol(*, user: User, secret: str, code: str) -> tuple[TOTPDevice, list[str]]:
    """Keep the app whose secret `secret` is, once `code` from it is right; it replaces any
    app set up before, comes with a fresh set of recovery codes (returned, to be shown
    once), and ends the person's other sessions."""
    totp = _code_matches(secret, code)
    if totp is None:
        raise ApplicationError(WRONG_CODE)
    user = User.objects.select_for_update().get(pk=user.pk)
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(
        user=user,
        name=APP_DEVICE_NAME,
        key=secret,
        confirmed=True,
        # The code just typed cannot be used again to sign in.
        last_t=totp.t(),
        drift=totp.drift,
    )
    codes = _recovery_codes_replace(user)
    _sessions_end_others(user)
    audit_event_record(actor=user, action="accounts.second_factor_enrolled", target=user.email)
    return device, codes


@transaction.atomic
def second_factor_recovery_codes_renew(*, user: User) -> list[str]:
    """Ten new recovery codes; the old ones stop working."""
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise ApplicationError("Set up a second factor first")
    codes = _recovery_codes_replace(user)
    audit_event_record(actor=user, action="accounts.second_factor_codes_renewed", target=user.email)
    return codes


@transaction.atomic
def second_factor_turn_off(*, user: User) -> None:
    if second_factor_required_for(user):
        raise ApplicationError("National admins must keep a second factor")
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    audit_event_record(actor=user, action="accounts.second_factor_turned_off", target=user.email)


@transaction.atomic
def second_factor_reset(*, user: User, actor: User) -> None:
    """A national admin clears a person's second factor (a lost phone, no recovery codes
    left): their sessions end, they sign in with the password alone and set it up again
    (at once, if they are a national admin and it is required). They are told by e-mail."""
    if user.pk == actor.pk:
        raise ApplicationError("You cannot reset your own second factor. Ask another admin")
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
    email_queue(
        to=user.email,
        subject="Your culture portal second factor was reset",
        template="accounts/emails/second_factor_reset.txt",
        context={"user": user, "actor": actor},
    )
    audit_event_record(actor=actor, action="accounts.second_factor_reset", target=user.email)


RECOVERY_CODE_NOISE = re.compile(r"[\s-]+")


def recovery_code_normalise(code: str) -> str:
    """As shown the codes are lower case; people retype them with spaces or capitals."""
    return RECOVERY_CODE_NOISE.sub("", code).lower()


def recovery_code_stored(code: str) -> str:
    """What the database keeps of a recovery code: a keyed hash, cut to the 16 characters
    django-otp's token column holds, so a copy of the database alone gives no usable code."""
    return salted_hmac(
        "accounts.recovery_code", recovery_code_normalise(code), algorithm="sha256"
    ).hexdigest()[:16]


class CodeCheck:
    """What checking a code found: the device that took it, or why not."""

    def __init__(self, device=None, *, throttled: bool = False):
        self.device = device
        self.throttled = throttled

    def __bool__(self):
        return self.device is not None


@transaction.atomic
def second_factor_code_check(*, user: User, code: str, recovery: bool = False) -> CodeCheck:
    """Check a 6-digit code from the app, or (`recovery`) a recovery code, which is used up.

    The device row is locked so two requests cannot both spend one code. django-otp's
    throttle makes each failure wait longer before the next try (1, 2, 4... seconds);
    counting failures towards the lockout is the caller's (django-axes, per request)."""
    model = StaticDevice if recovery else TOTPDevice
    device = model.objects.select_for_update().filter(user=user, confirmed=True).first()
    if device is None:
        return CodeCheck()
    allowed, _ = device.verify_is_allowed()
    if not allowed:
        return CodeCheck(throttled=True)
    token = recovery_code_stored(code) if recovery else code
    if not device.verify_token(token):
        return CodeCheck()
    if recovery:
        audit_event_record(
            actor=user,
            action="accounts.second_factor_recovery_code_used",
            target=user.email,
            detail={"codes_left": device.token_set.count()},
        )
    return CodeCheck(device)


@transaction.atomic
def second_factor_lockout_record(*, user: User) -> None:
    audit_event_record(actor=user, action="accounts.second_factor_locked_out", target=user.email)


__all__ = [
    "RECOVERY_CODE_COUNT",
    "CodeCheck",
    "recovery_code_normalise",
    "recovery_code_stored",
    "second_factor_code_check",
    "second_factor_enrol",
    "second_factor_lockout_record",
    "second_factor_recovery_codes_renew",
    "second_factor_reset",
    "second_factor_secret_new",
    "second_factor_turn_off",
]
