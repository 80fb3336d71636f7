"""Single sign-on pages: the start (a redirect to the provider), the callback, and the pages
a refused person lands on. All answer 404 while single sign-on is off."""

import logging
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import auth
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from accounts import oidc, services

logger = logging.getLogger(__name__)

# What the failure page says, by reason code; anything else reads as the general message.
FAILURE_MESSAGES = {
    "email_unverified": (
        "Your organisation account did not confirm your email address, so the portal "
        "cannot tell who you are."
    ),
    "email_missing": "Your organisation account did not tell the portal your email address.",
    "account_inactive": "Your account on the portal has been closed.",
    "provider_unavailable": "The sign-in service of your organisation cannot be reached.",
    "provider_error": "Your organisation's sign-in service did not let you sign in.",
}
GENERAL_FAILURE = "Something went wrong while signing you in with your organisation account."


def _sso_on():
    if not oidc.sso_enabled():
        raise Http404


def _failure_redirect(reason: str) -> HttpResponseRedirect:
    if reason == "not_recognised":
        return HttpResponseRedirect(reverse("accounts:sso-not-recognised"))
    url = resolve_url(settings.LOGIN_REDIRECT_URL_FAILURE)
    return HttpResponseRedirect(f"{url}?{urlencode({'reason': reason})}")


@method_decorator(login_not_required, name="dispatch")
class SsoStartView(OIDCAuthenticationRequestView):
    """Sends the browser to the provider with state, nonce and a PKCE challenge."""

    def __init__(self, **kwargs):
        # The library reads the endpoints here; they come from discovery, in get().
        View.__init__(self, **kwargs)

    def get(self, request):
        _sso_on()
        try:
            self.OIDC_OP_AUTH_ENDPOINT = oidc.provider().authorization_endpoint
        except oidc.DiscoveryError:
            logger.warning("Single sign-on provider unavailable", exc_info=True)
            return _failure_redirect("provider_unavailable")
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        return super().get(request)


@method_decorator(login_not_required, name="dispatch")
class SsoCallbackView(OIDCAuthenticationCallbackView):
    """The provider sends the browser back here. Every refusal ends signed out, recorded,
    on a page that says what happened."""

    def get(self, request):
        _sso_on()
        if request.GET.get("error"):
            oidc.refuse(request, "provider_error")
        elif "code" not in request.GET or "state" not in request.GET:
            oidc.refuse(request, "bad_callback")
        elif request.GET["state"] not in request.session.get("oidc_states", {}):
            # The library raises (a 400 page); a stale or forged state gets the styled page.
            oidc.refuse(request, "state_mismatch")
            return self.login_failure()
        return super().get(request)

    def login_success(self):
        response = super().login_success()
        services.sso_sign_in_record(user=self.user)
        return response

    def login_failure(self):
        reason, email = oidc.refusal_of(self.request) or ("not_signed_in", "")
        if self.request.user.is_authenticated:
            auth.logout(self.request)
        services.sso_refusal_record(reason=reason, email=email)
        return _failure_redirect(reason)


@login_not_required
def sso_not_recognised(request):
    _sso_on()
    return render(request, "accounts/sso_not_recognised.html")


@login_not_required
def sso_failed(request):
    _sso_on()
    message = FAILURE_MESSAGES.get(request.GET.get("reason", ""), GENERAL_FAILURE)
    return render(request, "accounts/sso_failed.html", {"message": message})


__all__ = ["SsoStartView", "SsoCallbackView", "sso_not_recognised", "sso_failed"]
