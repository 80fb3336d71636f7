"""The second factor: the code step of sign-in, and setting up, renewing and turning off an
authenticator app with its recovery codes (accounts/services/second_factor.py)."""

import time
from base64 import b32encode
from urllib.parse import quote

import django_otp
import segno
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_ratelimit.decorators import ratelimit

from accounts import selectors, services, throttle
from accounts.forms import RecoveryCodeForm, SecondFactorCodeForm
from core.form_flow import action_flow, form_flow
from core.forms import form_data

ACCOUNT = "accounts:account"
# Who typed the right password and is yet to type the code: {user, next, backend, at}.
PENDING_SESSION_KEY = "second_factor_pending"
PENDING_SECONDS = 10 * 60
# The secret of an app being set up, until a code from it confirms the set-up.
SETUP_SESSION_KEY = "second_factor_setup_secret"
# New recovery codes, shown on the next page and then gone.
FRESH_CODES_SESSION_KEY = "second_factor_fresh_codes"

WRONG_CODE = "The code is not right. Check your app and try again"
WRONG_RECOVERY_CODE = "The recovery code is not right, or it has been used. Check it and try again"
TOO_SOON = "You typed a wrong code a moment ago. Wait a few seconds, then try again"


def code_step_start(request, user, next_url):
    """The password was right: remember who, and ask for the code before signing them in."""
    request.session[PENDING_SESSION_KEY] = {
        "user": user.pk,
        "next": next_url,
        "backend": user.backend,
        "at": int(time.time()),
    }
    return redirect("accounts:sign-in-code")


def _pending(request):
    pending = request.session.get(PENDING_SESSION_KEY)
    if pending and time.time() - pending["at"] > PENDING_SECONDS:
        # The code step is for finishing a sign-in, not for coming back to later.
        del request.session[PENDING_SESSION_KEY]
        messages.error(request, "You took too long to enter the code. Sign in again")
        return None
    return pending


def _safe_next(request, default):
    target = request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(default)


def code_first(request):
    """This session has not passed the second factor yet: the code step, then back here."""
    return redirect(f"{reverse('accounts:sign-in-code')}?next={quote(request.get_full_path())}")


def _is_unverified(request, device) -> bool:
    return device is not None and not request.user.is_verified()


# By address as well as by account (django-axes, below): one address trying codes for many
# half-signed-in accounts is slowed too, counting wrong codes with wrong passwords
# (accounts/throttle.py), so a trust's staff behind one proxy are not.
@login_not_required
@never_cache
@ratelimit(
    group=throttle.ATTEMPTS, key="ip", rate=throttle.attempts_rate, method="POST", block=True
)
def sign_in_code(request):
    if request.method == "POST":
        throttle.address_failures_check(request)
    pending = None
    if request.user.is_authenticated:
        # Signed in, but this session has not passed the second factor (it was set up since).
        user = request.user
        if request.user.is_verified() or selectors.second_factor_device_for(user) is None:
            return redirect(_safe_next(request, "accounts:landing"))
    else:
        pending = _pending(request)
        user = selectors.user_waiting_for_second_factor(pending and pending["user"])
        if user is None:
            return redirect("accounts:sign-in")

    credentials = {"username": user.email}
    if AxesProxyHandler.is_locked(request, credentials):
        return get_lockout_response(request, None, credentials)

    recovery = request.GET.get("method") == "recovery"
    form = (
        RecoveryCodeForm(form_data(request))
        if recovery
        else SecondFactorCodeForm(form_data(request))
    )
    if request.method == "POST" and form.is_valid():
        check = services.second_factor_code_check(
            user=user, code=form.cleaned_data["code"], recovery=recovery
        )
        if check:
            return _signed_in(request, user, check.device, pending)
        if check.throttled:
            form.add_error("code", TOO_SOON)
        else:
            form.add_error("code", WRONG_RECOVERY_CODE if recovery else WRONG_CODE)
        # A wrong code counts as a failed sign-in, so the lock after AXES_FAILURE_LIMIT
        # failures covers codes as it covers passwords (and one lock stops both).
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        throttle.address_failure_count(request)
        if getattr(request, "axes_locked_out", False):
            services.second_factor_lockout_record(user=user)
            return get_lockout_response(request, None, credentials)
    context = {
        "form": form,
        "recovery": recovery,
        "next": request.GET.get("next", ""),
    }
    return render(request, "accounts/second_factor/code.html", context)


def _signed_in(request, user, device, pending):
    if pending is not None:
        del request.session[PENDING_SESSION_KEY]
        login(request, user, backend=pending["backend"])
        services.sign_in_record(user=user)
        next_url = pending["next"]
    else:
        next_url = _safe_next(request, "accounts:landing")
    django_otp.login(request, device)
    if device.model_label().endswith("staticdevice"):
        left = selectors.recovery_codes_left_for(user)
        messages.warning(
            request,
            f"You used a recovery code. You have {left} left: make new ones from your account "
            "page if you are running out",
        )
    return redirect(next_url)


def _secret_for_display(secret: str) -> str:
    """The secret as an app asks for it when typed in: base32, in groups of four."""
    text = b32encode(bytes.fromhex(secret)).decode()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def _qr_data_uri(request, secret: str) -> str:
    # Drawn here as an SVG data: URI: no script, no inline style (the CSP forbids both) and
    # the secret never leaves the portal for a QR service.
    url = TOTPDevice(user=request.user, key=secret).config_url
    return segno.make(url, error="m").svg_data_uri(scale=5, border=2, dark="#212b32")


@never_cache
@ratelimit(key="user", rate="20/10m", method="POST", block=True)
def second_factor_setup(request):
    device = selectors.second_factor_device_for(request.user)
    if _is_unverified(request, device):
        return code_first(request)
    secret = request.session.get(SETUP_SESSION_KEY) or services.second_factor_secret_new()
    request.session[SETUP_SESSION_KEY] = secret

    def save(data):
        device, codes = services.second_factor_enrol(
            user=request.user, secret=secret, code=data["code"]
        )
        del request.session[SETUP_SESSION_KEY]
        # Other sessions ended; this one stays, and has passed the second factor.
        update_session_auth_hash(request, device.user)
        django_otp.login(request, device)
        request.session[FRESH_CODES_SESSION_KEY] = codes
        return device

    form = SecondFactorCodeForm(form_data(request), submit_text="Turn on second factor")
    return form_flow(
        request,
        form,
        save=save,
        success="Your second factor is on",
        redirect_to="accounts:second-factor-codes",
        template="accounts/second_factor/setup.html",
        context=lambda: {
            "replacing": device is not None,
            "required": selectors.second_factor_required_for(request.user),
            "qr": _qr_data_uri(request, secret),
            "secret": _secret_for_display(secret),
        },
        error_field="code",
    )


# The codes are shown once: never cached by the browser or a proxy.
@never_cache
@ratelimit(key="user", rate="10/h", method="POST", block=True)
def second_factor_codes(request):
    device = selectors.second_factor_device_for(request.user)
    if device is None:
        return redirect("accounts:second-factor-setup")
    if _is_unverified(request, device):
        return code_first(request)
    if request.method == "POST":

        def renew():
            codes = services.second_factor_recovery_codes_renew(user=request.user)
            request.session[FRESH_CODES_SESSION_KEY] = codes

        return action_flow(
            request,
            renew,
            success="You have new recovery codes. The old ones no longer work",
            redirect_to="accounts:second-factor-codes",
        )
    context = {
        "codes": request.session.pop(FRESH_CODES_SESSION_KEY, None),
        "codes_left": selectors.recovery_codes_left_for(request.user),
    }
    return render(request, "accounts/second_factor/codes.html", context)


def second_factor_off(request):
    device = selectors.second_factor_device_for(request.user)
    if device is None:
        return redirect(ACCOUNT)
    if _is_unverified(request, device):
        return code_first(request)
    if request.method == "POST":
        return action_flow(
            request,
            lambda: services.second_factor_turn_off(user=request.user),
            success="Your second factor is off. You sign in with your password only",
            redirect_to=ACCOUNT,
        )
    context = {"required": selectors.second_factor_required_for(request.user)}
    return render(request, "accounts/second_factor/off.html", context)


__all__ = [
    "sign_in_code",
    "second_factor_setup",
    "second_factor_codes",
    "second_factor_off",
]
