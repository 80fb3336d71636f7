"""A person's own account: name, e-mail address (confirmed from the new address), password,
and ending their other sessions."""

from django.core import signing
from django.db import transaction
from django.urls import reverse

from accounts.models import User
from core.audit import audit_event_record
from core.exceptions import ApplicationError
from core.outbox import email_queue

EMAIL_CHANGE_SALT = "accounts.email_change"
EMAIL_CHANGE_HOURS = 24


@transaction.atomic
def account_name_update(*, user: User, full_name: str) -> User:
    was = user.full_name
    user.full_name = full_name.strip()
    user.save(update_fields=["full_name"])
    audit_event_record(
        actor=user, action="accounts.name_changed", target=user.email, detail={"was": was}
    )
    return user


def _address_in_use(email: str, user: User) -> bool:
    return User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists()


@transaction.atomic
def account_email_change_request(*, user: User, email: str) -> None:
    """Send a link to the new address; the address changes only when it is opened, so a
    typing mistake cannot lock the person out."""
    email = email.strip().lower()
    if email == user.email.lower():
        raise ApplicationError("That is already your email address")
    if _address_in_use(email, user):
        raise ApplicationError("Another account uses that email address")
    # The token carries the current address and session generation too, so a link stops
    # working once the address has changed (used once, or overtaken by another change).
    token = signing.dumps(
        {"u": user.pk, "e": email, "was": user.email, "g": user.session_generation},
        salt=EMAIL_CHANGE_SALT,
    )
    email_queue(
        to=email,
        subject="Confirm your new email address for the culture portal",
        template="accounts/emails/email_change.txt",
        context={
            "user": user,
            "link": reverse("accounts:email-confirm", kwargs={"token": token}),
            "hours": EMAIL_CHANGE_HOURS,
        },
    )
    audit_event_record(actor=user, action="accounts.email_change_asked", target=user.email)


@transaction.atomic
def account_email_change_confirm(*, user: User, token: str) -> User:
    try:
        payload = signing.loads(token, salt=EMAIL_CHANGE_SALT, max_age=EMAIL_CHANGE_HOURS * 3600)
    except signing.SignatureExpired:
        raise ApplicationError("This link has expired. Ask for a new one") from None
    except signing.BadSignature:
        raise ApplicationError("This link is not valid. Check you copied all of it") from None
    if payload.get("u") != user.pk:
        raise ApplicationError("This link is for another account. Sign in as its owner")
    if payload.get("was") != user.email or payload.get("g") != user.session_generation:
        raise ApplicationError("This link has already been used, or a newer one replaced it")
    new = payload["e"]
    user = User.objects.select_for_update().get(pk=user.pk)
    if _address_in_use(new, user):
        raise ApplicationError("Another account uses that email address")
    old = user.email
    user.email = new
    # Other sessions end (the caller keeps this one), and so does every other link made
    # before this change.
    user.session_generation += 1
    user.save(update_fields=["email", "session_generation"])
    email_queue(
        to=old,
        subject="Your culture portal email address has changed",
        template="accounts/emails/email_changed.txt",
        context={"user": user, "new": new},
    )
    audit_event_record(actor=user, action="accounts.email_changed", target=new, detail={"was": old})
    return user


@transaction.atomic
def account_password_change(*, form) -> User:
    """The form is Django's PasswordChangeForm, already valid; saving it ends every other
    session (the session check covers the password)."""
    user = form.save()
    audit_event_record(actor=user, action="accounts.password_changed", target=user.email)
    return user


@transaction.atomic
def account_sessions_end_others(*, user: User) -> User:
    """Sign out everywhere else: raising the generation fails every session's check; the
    caller re-stamps the current session so it stays signed in."""
    user = User.objects.select_for_update().get(pk=user.pk)
    user.session_generation += 1
    user.save(update_fields=["session_generation"])
    audit_event_record(actor=user, action="accounts.signed_out_everywhere", target=user.email)
    return user
