"""Your account: name, e-mail address, password, trusts and roles, and signing out
everywhere else."""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from accounts import selectors, services
from accounts.forms import (
    AccountNameForm,
    EmailChangeForm,
    NotificationPreferencesForm,
    PasswordChangeForm,
)
from core.exceptions import ApplicationError
from core.form_flow import form_flow
from core.forms import form_data
from core.notifications import notification_preferences_for, notification_preferences_save

ACCOUNT = "accounts:account"


def account(request):
    context = {
        "memberships": selectors.membership_list_for_user(request.user),
        "has_password": request.user.has_usable_password(),
    }
    return render(request, "accounts/account/account.html", context)


def account_name(request):
    form = AccountNameForm(form_data(request), initial={"full_name": request.user.full_name})
    return form_flow(
        request,
        form,
        save=lambda data: services.account_name_update(
            user=request.user, full_name=data["full_name"]
        ),
        success="Your name is saved",
        redirect_to=ACCOUNT,
        context={"title": "Change your name", "back": reverse(ACCOUNT)},
    )


@ratelimit(key="user", rate="10/h", method="POST", block=True)
def account_email(request):
    form = EmailChangeForm(form_data(request), user=request.user)
    return form_flow(
        request,
        form,
        save=lambda data: services.account_email_change_request(
            user=request.user, email=data["email"]
        ),
        success=lambda _: (
            f"We have sent a link to {form.cleaned_data['email']}. Open it to confirm the change"
        ),
        redirect_to=ACCOUNT,
        context={
            "title": "Change your email address",
            "intro": f"You sign in with {request.user.email} now.",
            "back": reverse(ACCOUNT),
        },
        error_field="email",
    )


def account_email_confirm(request, token):
    if request.method != "POST":
        # A GET changes nothing (mail scanners open links): the page asks for a click.
        return render(request, "accounts/account/email_confirm.html", {"token": token})
    try:
        user = services.account_email_change_confirm(user=request.user, token=token)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        update_session_auth_hash(request, user)
        messages.success(request, f"Your email address is now {user.email}")
    return redirect(ACCOUNT)


# Django's check of the current password is not counted by django-axes: slow guessing from
# a stolen session.
@ratelimit(key="user", rate="10/h", method="POST", block=True)
def account_password(request):
    form = PasswordChangeForm(request.user, form_data(request))

    def save(_):
        user = services.account_password_change(form=form)
        # Keep this session; the password's change ends every other one.
        update_session_auth_hash(request, user)
        return user

    return form_flow(
        request,
        form,
        save=save,
        success="Your password is changed. Other sessions have been signed out",
        redirect_to=ACCOUNT,
        context={"title": "Change your password", "back": reverse(ACCOUNT)},
    )


def account_notifications(request):
    preferences = notification_preferences_for(request.user)
    form = NotificationPreferencesForm(form_data(request), preferences=preferences)
    return form_flow(
        request,
        form,
        save=lambda data: notification_preferences_save(user=request.user, choices=data),
        success="How you hear about each kind of thing is saved",
        redirect_to=ACCOUNT,
        context={
            "title": "How we tell you",
            "intro": "For each kind of thing, choose an email at once, a line in a summary "
            "email on Mondays, or no email. What is waiting for you is always under For you.",
            "back": reverse(ACCOUNT),
        },
    )


@require_POST
def account_sign_out_everywhere(request):
    user = services.account_sessions_end_others(user=request.user)
    update_session_auth_hash(request, user)
    messages.success(request, "You are signed out everywhere else. This session stays open")
    return redirect(ACCOUNT)


__all__ = [
    "account",
    "account_name",
    "account_email",
    "account_email_confirm",
    "account_password",
    "account_sign_out_everywhere",
    "account_notifications",
]
