"""A trust's team, run by the trust itself: invitations by e-mail, roles, leavers and the
e-mail domains invitations may go to (docs/decisions/0007-sign-in.md). Every change is in
the audit log and happens in one transaction."""

import secrets
from datetime import timedelta

from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.constants import Role
from accounts.leavers import leaver_apply, leaver_impact
from accounts.models import Invitation, Trust, TrustMembership, User
from accounts.selectors import INVITATION_SALT
from accounts.services.trusts import membership_set, user_create
from core.audit import audit_event_record
from core.exceptions import ApplicationError
from core.outbox import email_queue

INVITATION_DAYS = 7


def _forget_memberships(user: User) -> None:
    if hasattr(user, "_memberships"):
        del user._memberships


def email_domain(email: str) -> str:
    return email.rsplit("@", 1)[-1].lower()


def domain_allowed(*, trust: Trust, email: str) -> bool:
    """Empty list: any domain. Else the address's domain, or a sub-domain of one listed
    (`nhs.net` covers `x.nhs.net`)."""
    if not trust.invitation_domains:
        return True
    domain = email_domain(email)
    return any(domain == d or domain.endswith(f".{d}") for d in trust.invitation_domains)


def invitation_link(invitation: Invitation) -> str:
    """The path of the invitation's link. It names the invitation and the send it came
    from; the state (accepted, withdrawn, expired) is read from the row when it is used."""
    token = signing.dumps({"i": invitation.pk, "n": invitation.link_nonce}, salt=INVITATION_SALT)
    return reverse("accounts:invitation", kwargs={"token": token})


def _send(invitation: Invitation, *, actor: User) -> None:
    now = timezone.now()
    invitation.link_nonce = secrets.token_hex(16)
    invitation.sent_at = now
    invitation.expires_at = now + timedelta(days=INVITATION_DAYS)
    invitation.save()
    email_queue(
        to=invitation.email,
        subject=f"You are invited to {invitation.trust.name}'s culture programme team",
        template="accounts/emails/invitation.txt",
        context={
            "invitation": invitation,
            "inviter": actor,
            "link": invitation_link(invitation),
            "days": INVITATION_DAYS,
        },
    )


@transaction.atomic
def invitation_create(
    *, trust: Trust, email: str, role: Role, note: str = "", actor: User
) -> Invitation:
    email = email.strip().lower()
    if not domain_allowed(trust=trust, email=email):
        allowed = ", ".join(trust.invitation_domains)
        raise ApplicationError(
            f"Invitations to {trust.name} can only go to addresses ending in {allowed}"
        )
    if TrustMembership.objects.filter(trust=trust, user__email__iexact=email).exists():
        raise ApplicationError(f"{email} is already a member of {trust.name}'s team")
    # Lock the trust's open invitations for this address: two admins inviting the same
    # person at once make one invitation, not a database error.
    Trust.objects.select_for_update().filter(pk=trust.pk).first()
    open_one = Invitation.objects.open().filter(trust=trust, email__iexact=email).first()
    if open_one and not open_one.is_expired:
        raise ApplicationError(
            f"{email} already has an invitation waiting. Resend it from the list of "
            "invitations if they cannot find it"
        )
    if open_one:  # expired: replaced by the new one
        open_one.withdrawn_at = timezone.now()
        open_one.save(update_fields=["withdrawn_at", "updated_at"])
    invitation = Invitation(
        trust=trust, email=email, role=role, note=note.strip(), invited_by=actor
    )
    _send(invitation, actor=actor)
    audit_event_record(
        actor=actor,
        action="accounts.invitation_sent",
        target=f"{email} to {trust.name}",
        detail={"role": role},
    )
    return invitation


def _locked_open(invitation: Invitation) -> Invitation:
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.accepted_at:
        raise ApplicationError("This invitation has already been accepted")
    if locked.withdrawn_at:
        raise ApplicationError("This invitation has been withdrawn")
    return locked


@transaction.atomic
def invitation_resend(*, invitation: Invitation, actor: User) -> Invitation:
    """A fresh link, valid for another INVITATION_DAYS; the earlier link stops working."""
    invitation = _locked_open(invitation)
    _send(invitation, actor=actor)
    audit_event_record(
        actor=actor,
        action="accounts.invitation_resent",
        target=f"{invitation.email} to {invitation.trust.name}",
    )
    return invitation


@transaction.atomic
def invitation_withdraw(*, invitation: Invitation, actor: User) -> Invitation:
    invitation = _locked_open(invitation)
    invitation.withdrawn_at = timezone.now()
    invitation.save(update_fields=["withdrawn_at", "updated_at"])
    audit_event_record(
        actor=actor,
        action="accounts.invitation_withdrawn",
        target=f"{invitation.email} to {invitation.trust.name}",
    )
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User, via: str = "password") -> None:
    """Give the person the invited role. The link's owner must be the person invited: the
    account's address is the invitation's. `via` says how they signed in, for the log."""
    invitation = _locked_open(invitation)
    if invitation.is_expired:
        raise ApplicationError("This invitation has expired. Ask for a new one")
    if user.email.lower() != invitation.email.lower():
        raise ApplicationError(
            f"This invitation is for {invitation.email}. Sign out, then open the link again"
        )
    if not TrustMembership.objects.filter(trust=invitation.trust, user=user).exists():
        membership_set(user=user, trust=invitation.trust, role=invitation.role)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
    _forget_memberships(user)
    audit_event_record(
        actor=user,
        action="accounts.invitation_accepted",
        target=f"{invitation.email} to {invitation.trust.name}",
        detail={"role": invitation.role, "via": via},
    )


@transaction.atomic
def invitation_accept_with_new_account(
    *, invitation: Invitation, full_name: str, password: str
) -> User:
    """The invited person has no account yet: make it with the password they chose."""
    # Lock first: of two clicks at once, the second finds the invitation used, not a
    # duplicate address.
    invitation = _locked_open(invitation)
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise ApplicationError(
            "An account already uses this address. Sign in to accept the invitation"
        )
    user = user_create(email=invitation.email, full_name=full_name, password=password)
    invitation_accept(invitation=invitation, user=user)
    return user


WORKING_ROLES = {Role.OD_LEAD, Role.CHANGE_TEAM}


def _last_od_lead(membership: TrustMembership) -> bool:
    return (
        membership.role == Role.OD_LEAD
        and not TrustMembership.objects.filter(trust=membership.trust, role=Role.OD_LEAD)
        .exclude(pk=membership.pk)
        .exists()
    )


def _locked_membership(membership: TrustMembership) -> TrustMembership:
    # The trust's row is the lock for its team: two OD leads demoting each other at once
    # cannot leave the trust with none.
    Trust.objects.select_for_update().filter(pk=membership.trust_id).first()
    try:
        return TrustMembership.objects.select_related("user", "trust").get(pk=membership.pk)
    except TrustMembership.DoesNotExist:
        raise ApplicationError("This person is no longer on the team") from None


def _check_replacement(membership: TrustMembership, replacement: User | None) -> None:
    impact = leaver_impact(trust=membership.trust, user=membership.user)
    if not impact.sponsor_of:
        return
    if replacement is None:
        raise ApplicationError(
            f"{membership.user.full_name} is the board sponsor of "
            f"{', '.join(impact.sponsor_of)}. Choose who replaces them"
        )
    holds_sponsor_role = TrustMembership.objects.filter(
        trust=membership.trust, user=replacement, role=Role.SPONSOR
    ).exists()
    if replacement.pk == membership.user_id or not holds_sponsor_role:
        raise ApplicationError("Choose another of the trust's board sponsors")


@transaction.atomic
def member_role_change(
    *, membership: TrustMembership, role: Role, actor: User, replacement_sponsor=None
) -> TrustMembership:
    membership = _locked_membership(membership)
    if membership.user_id == actor.pk:
        raise ApplicationError("You cannot change your own role. Ask another OD lead")
    if membership.role == role:
        return membership
    if _last_od_lead(membership):
        raise ApplicationError(
            f"{membership.user.full_name} is the trust's only OD lead. Make someone else "
            "an OD lead first"
        )
    previous = membership.role
    # Without the sponsor role they can no longer sign phases off: hand that on. Without a
    # working role (OD lead, change team) they can no longer own steps and actions: those
    # are flagged as having no owner, as for a leaver.
    stops_working = previous in WORKING_ROLES and role not in WORKING_ROLES
    if previous == Role.SPONSOR:
        _check_replacement(membership, replacement_sponsor)
    if previous == Role.SPONSOR or stops_working:
        leaver_apply(
            trust=membership.trust,
            user=membership.user,
            replacement_sponsor=replacement_sponsor,
            leaving=stops_working,
        )
    membership.role = role
    membership.full_clean()
    membership.save()
    _forget_memberships(membership.user)
    audit_event_record(
        actor=actor,
        action="accounts.role_changed",
        target=f"{membership.user.email} at {membership.trust.name}",
        detail={
            "role": role,
            "was": previous,
            "sponsor_replaced_by": replacement_sponsor.email if replacement_sponsor else "",
        },
    )
    return membership


@transaction.atomic
def member_remove(
    *, membership: TrustMembership, actor: User, replacement_sponsor: User | None = None
) -> None:
    """The person loses the trust at once: memberships are read on every request, so their
    next request, in any open session, no longer reaches it. What they owned shows as
    having no owner; a programme they sponsor passes to the replacement."""
    membership = _locked_membership(membership)
    if membership.user_id == actor.pk:
        raise ApplicationError("You cannot remove yourself. Ask another OD lead")
    if _last_od_lead(membership):
        raise ApplicationError(
            f"{membership.user.full_name} is the trust's only OD lead. Make someone else "
            "an OD lead first"
        )
    _check_replacement(membership, replacement_sponsor)
    impact = leaver_impact(trust=membership.trust, user=membership.user)
    leaver_apply(
        trust=membership.trust,
        user=membership.user,
        replacement_sponsor=replacement_sponsor,
        leaving=True,
    )
    membership.delete()
    _forget_memberships(membership.user)
    audit_event_record(
        actor=actor,
        action="accounts.role_removed",
        target=f"{membership.user.email} at {membership.trust.name}",
        detail={
            "role": membership.role,
            "left_without_owner": impact.owned,
            "sponsor_replaced_by": replacement_sponsor.email if replacement_sponsor else "",
        },
    )


@transaction.atomic
def trust_invitation_domains_set(*, trust: Trust, domains: list[str], actor: User) -> Trust:
    previous = list(trust.invitation_domains)
    trust.invitation_domains = sorted({d.strip().lower().lstrip("@") for d in domains if d})
    trust.save(update_fields=["invitation_domains", "updated_at"])
    audit_event_record(
        actor=actor,
        action="accounts.invitation_domains_changed",
        target=trust.name,
        detail={"domains": trust.invitation_domains, "was": previous},
    )
    return trust
