from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django_ratelimit.decorators import ratelimit

from accounts import oidc, selectors, services, throttle
from accounts.forms import (
    PasswordResetForm,
    SetPasswordForm,
    SignInForm,
)
from accounts.views.second_factor import code_step_start


# Per address: every attempt against floods, wrong ones against password spraying across
# many accounts (accounts/throttle.py); django-axes locks each account on its own.
@method_decorator(
    ratelimit(
        group=throttle.ATTEMPTS, key="ip", rate=throttle.attempts_rate, method="POST", block=True
    ),
    name="dispatch",
)
class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        throttle.address_failures_check(request)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        # A guess, not a blank form: both boxes filled and still refused.
        if form.data.get("username", "").strip() and form.data.get("password"):
            throttle.address_failure_count(self.request)
        return super().form_invalid(form)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sso_button_label"] = settings.OIDC_BUTTON_LABEL if oidc.sso_enabled() else ""
        return context

    def form_valid(self, form):
        user = form.get_user()
        if selectors.second_factor_device_for(user) is not None:
            # Not signed in yet: that happens once the code from their app is right too.
            return code_step_start(self.request, user, self.get_success_url())
        response = super().form_valid(form)
        services.sign_in_record(user=user)
        return response


@method_decorator(login_not_required, name="dispatch")
class SignOutView(auth_views.LogoutView):
    """Open to everyone: signing out after the session has already expired just goes home.
    A session that signed in by single sign-on is ended at the provider too, if it can."""

    def post(self, request, *args, **kwargs):
        provider_url = oidc.provider_logout_url(request)  # read before the session goes
        response = super().post(request, *args, **kwargs)
        return redirect(provider_url) if provider_url else response


@method_decorator(ratelimit(key="ip", rate="10/10m", method="POST", block=True), name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = PasswordResetForm
    email_template_name = "accounts/emails/password_reset.txt"
    subject_template_name = "accounts/emails/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-sent")
    # Links in e-mails are built from SITE_URL, never from the request's Host header.
    extra_email_context = {"site_url": settings.SITE_URL}


class PasswordResetSentView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_sent.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = SetPasswordForm
    success_url = reverse_lazy("accounts:password-reset-complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


__all__ = [
    "SignInView",
    "SignOutView",
    "PasswordResetView",
    "PasswordResetSentView",
    "PasswordResetConfirmView",
    "PasswordResetCompleteView",
]
