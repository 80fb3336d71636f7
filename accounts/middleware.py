from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.shortcuts import redirect
from django.utils.functional import SimpleLazyObject

from accounts.selectors import (
    second_factor_device_for,
    second_factor_required_for,
    trust_current_for,
)
from accounts.views.second_factor import code_first


class CurrentTrustMiddleware:
    """Attach request.current_trust: the trust a signed-in user is working in (or None)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.current_trust = SimpleLazyObject(
            lambda: trust_current_for(request.user, request.session)
        )
        return self.get_response(request)


class SecondFactorRequiredMiddleware:
    """Where SECOND_FACTOR_REQUIRED_FOR_NATIONAL_ADMINS is on, a national admin whose session
    has not passed the second factor reaches only the pages that get it there: setting one
    up, the code step and signing out. Everything else (the Django admin too) sends them on.

    After django-otp's OTPMiddleware, which tells whether the session passed it."""

    OPEN_URL_NAMES = {
        "accounts:second-factor-setup",
        "accounts:sign-in-code",
        "accounts:sign-out",
    }

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Neither a setting that is off nor a request with no session (a survey respondent)
        # needs the person: loading them would cost every such request a session read.
        if not settings.SECOND_FACTOR_REQUIRED_FOR_NATIONAL_ADMINS:
            return None
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return None
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if request.session.get(BACKEND_SESSION_KEY) == settings.SSO_BACKEND:
            # Signed in through their organisation, whose own second factor counts.
            return None
        if not second_factor_required_for(user):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in self.OPEN_URL_NAMES:
            return None
        if second_factor_device_for(user) is None:
            return redirect("accounts:second-factor-setup")
        return code_first(request)
