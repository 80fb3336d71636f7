"""Single sign-on's writes: who a verified address signs in as, and the audit trail of
sign-ins and refusals (accounts/oidc.py decides when; docs/decisions/0007-sign-in.md)."""

import logging

from django.db import transaction

from accounts.models import User
from accounts.selectors import invitation_pending_for_email
from accounts.services.team import invitation_accept
from accounts.services.trusts import user_create
from core.audit import audit_event_record
from core.exceptions import ApplicationError

logger = logging.getLogger(__name__)

SSO_VIA = "single sign-on"


@transaction.atomic
def sso_user_resolve(*, email: str, full_name: str) -> User | None:
    """The account a provider-verified address signs in to, with any invitations waiting for
    the address accepted. An account is made only for someone invited: single sign-on never
    gives a role by itself. None: the portal does not know the address."""
    user = User.objects.filter(email__iexact=email).first()
    invitations = invitation_pending_for_email(email)
    if user is None:
        if not invitations:
            return None
        user = user_create(email=email, full_name=full_name)
    elif not user.is_active:
        return user  # refused by the caller; a deactivated account gains nothing
    for invitation in invitations:
        try:
            invitation_accept(invitation=invitation, user=user, via=SSO_VIA)
        except ApplicationError:
            # Withdrawn or expired in the moment since it was read: the others still count.
            logger.info("Invitation %s could not be accepted at sign-in", invitation.pk)
    return user


def sso_sign_in_record(*, user: User) -> None:
    audit_event_record(actor=user, action="accounts.sso_signed_in", target=user.email)


def sso_refusal_record(*, reason: str, email: str = "") -> None:
    """A refused single sign-on: the reason code and the address claimed, never a token."""
    audit_event_record(
        actor=None,
        action="accounts.sso_refused",
        target=email or "unknown",
        detail={"reason": reason},
    )
