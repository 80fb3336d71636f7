"""Memberships: leaving, lapsing, pilot trusts, what a trust shares and its named contact."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import Trust, TrustMembership, User
from community.constants import LIVE_REGISTRATION_STATUSES, MembershipStatus, RegistrationStatus
from community.models import Membership, Registration
from community.services.events import _locked_event, _promote_waiting, _still_members
from community.services.notices import _notice, _od_lead_emails
from core.audit import audit_event_record
from core.exceptions import ApplicationError


def _locked_membership(membership: Membership) -> Membership:
    return Membership.objects.select_for_update().select_related("trust").get(pk=membership.pk)


@transaction.atomic
def membership_leave(*, membership: Membership, actor: User, reason: str = "") -> Membership:
    membership = _locked_membership(membership)
    if not membership.is_active:
        raise ApplicationError(f"{membership.trust.name} is not a member now.")
    membership.status = MembershipStatus.LEFT
    membership.ended_on = timezone.localdate()
    membership.end_reason = reason.strip()
    membership.save()
    _free_places_of_former_members(membership.trust)
    audit_event_record(
        actor=actor, action="community.membership.left", target=membership.trust.name
    )
    return membership


@transaction.atomic
def membership_lapse(*, membership: Membership, actor: User, reason: str) -> Membership:
    membership = _locked_membership(membership)
    if not membership.is_active:
        raise ApplicationError(f"{membership.trust.name} is not a member now.")
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the membership lapses"})
    membership.status = MembershipStatus.LAPSED
    membership.ended_on = timezone.localdate()
    membership.end_reason = reason.strip()
    membership.save()
    _free_places_of_former_members(membership.trust)
    audit_event_record(
        actor=actor,
        action="community.membership.lapsed",
        target=membership.trust.name,
        detail={"reason": membership.end_reason},
    )
    _notice(
        to=_od_lead_emails(membership.trust),
        subject=f"{membership.trust.name}'s culture community membership has lapsed",
        template="community/emails/membership_lapsed.txt",
        context={"membership": membership},
    )
    return membership


def _free_places_of_former_members(trust: Trust) -> None:
    """When a trust leaves or lapses, its people's places at future events go to the
    waiting list, unless they also work at another member trust."""
    people = TrustMembership.objects.filter(trust=trust).values_list("user_id", flat=True)
    remaining = _still_members(list(people))
    registrations = (
        Registration.objects.filter(
            user_id__in=list(people),
            status__in=LIVE_REGISTRATION_STATUSES,
            event__starts_at__gt=timezone.now(),
        )
        .exclude(user_id__in=remaining)
        .select_related("event")
    )
    events = {}
    for registration in registrations:
        registration.status = RegistrationStatus.CANCELLED
        registration.save(update_fields=["status", "updated_at"])
        events[registration.event_id] = registration.event
    for event in events.values():
        _promote_waiting(_locked_event(event))


@transaction.atomic
def membership_pilot_set(*, membership: Membership, actor: User, is_pilot: bool) -> Membership:
    membership = _locked_membership(membership)
    membership.is_pilot = is_pilot
    membership.save(update_fields=["is_pilot", "updated_at"])
    audit_event_record(
        actor=actor,
        action="community.membership.pilot" if is_pilot else "community.membership.not_pilot",
        target=membership.trust.name,
    )
    return membership


@transaction.atomic
def membership_settings_update(
    *,
    membership: Membership,
    actor: User,
    listed: bool,
    share_phase: bool,
    share_bright_spots: bool,
    contact: User | None,
) -> Membership:
    """What the trust shares. Naming a new contact clears any earlier consent: the new
    person is asked, and appears only once they agree."""
    membership = _locked_membership(membership)
    if not membership.is_active:
        raise ApplicationError(f"{membership.trust.name} is not a member now.")
    if (
        contact is not None
        and not TrustMembership.objects.filter(trust=membership.trust, user=contact).exists()
    ):
        raise ValidationError({"contact": "Choose someone who works on this trust's programme"})
    membership.listed = listed
    membership.share_phase = share_phase
    membership.share_bright_spots = share_bright_spots
    if contact != membership.contact:
        membership.contact = contact
        membership.contact_consented_at = None
        if contact is not None and contact != actor:
            _notice(
                to=contact.email,
                subject="Will you be your trust's culture community contact?",
                template="community/emails/contact_asked.txt",
                context={"membership": membership, "contact": contact, "actor": actor},
            )
    membership.save()
    audit_event_record(
        actor=actor, action="community.membership.settings", target=membership.trust.name
    )
    return membership


@transaction.atomic
def contact_consent_set(*, membership: Membership, user: User, consent: bool) -> Membership:
    """Only the named contact can agree to be shown, or withdraw."""
    membership = _locked_membership(membership)
    if membership.contact_id != user.pk:
        raise ApplicationError("You are not this trust's named contact.")
    membership.contact_consented_at = timezone.now() if consent else None
    if not consent:
        membership.contact = None
    membership.save()
    audit_event_record(
        actor=user,
        action="community.contact.agreed" if consent else "community.contact.withdrew",
        target=membership.trust.name,
    )
    return membership
