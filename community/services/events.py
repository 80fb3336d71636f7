"""Events: publishing, changing and cancelling them, places and the waiting list,
attendance and reminders."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.constants import NATIONAL_ADMIN_GROUP
from accounts.models import Trust, TrustMembership, User
from community.constants import LIVE_REGISTRATION_STATUSES, MembershipStatus, RegistrationStatus
from community.for_you import national_admins_forget
from community.models import Event, Registration
from community.services.notices import _notice
from core.audit import audit_event_record
from core.exceptions import ApplicationError

EVENT_FIELDS = (
    "title",
    "kind",
    "description",
    "starts_at",
    "ends_at",
    "online",
    "joining_link",
    "venue",
    "capacity",
)


def _check_event(event: Event) -> None:
    errors = {}
    if event.ends_at and event.starts_at and event.ends_at <= event.starts_at:
        errors["ends_at"] = "The end must be after the start"
    if event.online and not event.joining_link:
        errors["joining_link"] = "Enter the link people use to join online"
    if not event.online and not event.venue.strip():
        errors["venue"] = "Enter the venue's name and address"
    if errors:
        raise ValidationError(errors)
    event.full_clean()


@transaction.atomic
def event_create(*, actor: User, **fields) -> Event:
    event = Event(created_by=actor, **{name: fields[name] for name in EVENT_FIELDS})
    _check_event(event)
    event.save()
    audit_event_record(actor=actor, action="community.event.created", target=event.title)
    return event


WHEN_AND_WHERE = ("starts_at", "ends_at", "online", "joining_link", "venue")


@transaction.atomic
def event_update(*, event: Event, actor: User, **fields) -> Event:
    """Change an event before it starts. A new time or place is e-mailed to everyone
    registered, their reminder is due again, and calendars get a new version."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.starts_at <= timezone.now():
        raise ApplicationError("This event has already started, so it cannot be changed.")
    if event.cancelled:
        raise ApplicationError("This event is cancelled, so it cannot be changed.")
    booked = event.registrations.filter(status=RegistrationStatus.BOOKED).count()
    moved = any(getattr(event, name) != fields[name] for name in WHEN_AND_WHERE)
    for name in EVENT_FIELDS:
        setattr(event, name, fields[name])
    if event.capacity < booked:
        raise ValidationError(
            {"capacity": f"{booked} people are booked; the capacity cannot be less than that"}
        )
    _check_event(event)
    if moved:
        event.sequence += 1
    event.save()
    promoted = {r.pk for r in _promote_waiting(event)}
    transaction.on_commit(national_admins_forget)
    if moved:
        people = list(
            event.registrations.filter(status__in=LIVE_REGISTRATION_STATUSES)
            .select_related("user")
            .order_by("pk")
        )
        event.registrations.filter(pk__in=[r.pk for r in people]).update(reminded_at=None)
        for registration in people:
            if registration.pk in promoted:
                continue  # their "a place has opened" e-mail has the new details
            _notice(
                to=registration.user.email,
                subject=f"Changed: {event.title}",
                template="community/emails/event_changed.txt",
                context={"event": event, "registration": registration},
            )
    audit_event_record(actor=actor, action="community.event.changed", target=event.title)
    return event


@transaction.atomic
def event_cancel(*, event: Event, actor: User, reason: str) -> Event:
    """Call an event off: everyone with a place or on the waiting list is told why."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.cancelled:
        raise ApplicationError("This event is already cancelled.")
    if event.starts_at <= timezone.now():
        raise ApplicationError("This event has already started, so it cannot be cancelled.")
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the event is cancelled"})
    event.cancelled = True
    event.save(update_fields=["cancelled", "updated_at"])
    transaction.on_commit(national_admins_forget)
    people = list(
        event.registrations.filter(status__in=LIVE_REGISTRATION_STATUSES)
        .select_related("user")
        .order_by("pk")
    )
    _notice(
        to=[registration.user.email for registration in people],
        subject=f"Cancelled: {event.title}",
        template="community/emails/event_cancelled.txt",
        context={"event": event, "reason": reason.strip()},
    )
    audit_event_record(
        actor=actor,
        action="community.event.cancelled",
        target=event.title,
        detail={"people_told": len(people)},
    )
    return event


def _promote_waiting(event: Event) -> list[Registration]:
    """Give free places to the waiting list, first come first served (never at a
    cancelled event)."""
    if event.cancelled:
        return []
    booked = event.registrations.filter(status=RegistrationStatus.BOOKED).count()
    free = event.capacity - booked
    if free <= 0:
        return []
    promoted = list(
        event.registrations.select_for_update()
        .filter(status=RegistrationStatus.WAITING)
        .select_related("user")
        .order_by("created_at", "pk")[:free]
    )
    for registration in promoted:
        registration.status = RegistrationStatus.BOOKED
        registration.save(update_fields=["status", "updated_at"])
        _notice(
            to=registration.user.email,
            subject=f"A place has opened for you: {event.title}",
            template="community/emails/place_opened.txt",
            context={"event": event, "registration": registration},
        )
    return promoted


def _locked_event(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


@transaction.atomic
def registration_create(*, event: Event, user: User, trust: Trust | None) -> Registration:
    """Book a place, or a place on the waiting list when the event is full."""
    event = _locked_event(event)
    if event.cancelled:
        raise ApplicationError("This event has been cancelled, so it takes no registrations.")
    if event.starts_at <= timezone.now():
        raise ApplicationError(
            "This event has already started or taken place, so it takes no registrations."
        )
    existing = event.registrations.filter(user=user, status__in=LIVE_REGISTRATION_STATUSES).first()
    if existing is not None:
        raise ApplicationError(
            "You already have a place at this event."
            if existing.status == RegistrationStatus.BOOKED
            else "You are already on this event's waiting list."
        )
    booked = event.registrations.filter(status=RegistrationStatus.BOOKED).count()
    status = RegistrationStatus.BOOKED if booked < event.capacity else RegistrationStatus.WAITING
    registration = Registration.objects.create(event=event, user=user, trust=trust, status=status)
    if status == RegistrationStatus.WAITING:
        transaction.on_commit(national_admins_forget)
    _notice(
        to=user.email,
        subject=(
            f"You are booked: {event.title}"
            if status == RegistrationStatus.BOOKED
            else f"You are on the waiting list: {event.title}"
        ),
        template="community/emails/registered.txt",
        context={"event": event, "registration": registration},
    )
    return registration


@transaction.atomic
def registration_cancel(*, registration: Registration, actor: User) -> list[Registration]:
    """Cancel a place or a waiting-list place; a freed place goes to the next person
    waiting. Returns the registrations promoted."""
    event = _locked_event(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == RegistrationStatus.CANCELLED:
        raise ApplicationError("This registration was already cancelled.")
    if event.starts_at <= timezone.now():
        raise ApplicationError("This event has already started, so places cannot be cancelled.")
    registration.status = RegistrationStatus.CANCELLED
    registration.save(update_fields=["status", "updated_at"])
    transaction.on_commit(national_admins_forget)
    return _promote_waiting(event)


@transaction.atomic
def attendance_record(*, event: Event, actor: User, attended_ids) -> int:
    """Who came: the booked people ticked attended, the others did not. After the start."""
    event = _locked_event(event)
    if event.starts_at > timezone.now():
        raise ApplicationError("Attendance can be recorded once the event has started.")
    attended_ids = {int(pk) for pk in attended_ids}
    booked = event.registrations.filter(status=RegistrationStatus.BOOKED)
    came = booked.filter(pk__in=attended_ids).update(attended=True)
    booked.exclude(pk__in=attended_ids).update(attended=False)
    audit_event_record(
        actor=actor,
        action="community.event.attendance",
        target=event.title,
        detail={"attended": came},
    )
    return came


def _still_members(user_ids) -> set[int]:
    """Of these people, those at a member trust now, or national admins."""
    at_members = set(
        TrustMembership.objects.filter(
            user_id__in=user_ids, trust__community__status=MembershipStatus.ACTIVE
        ).values_list("user_id", flat=True)
    )
    admins = set(
        User.objects.filter(pk__in=user_ids, groups__name=NATIONAL_ADMIN_GROUP).values_list(
            "pk", flat=True
        )
    )
    return at_members | admins


def event_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Remind everyone booked on an event starting in the next 24 hours, once each. Safe to
    run twice: a reminded registration is marked in the same transaction as its notice."""
    now = now or timezone.now()
    sent = 0
    due = Registration.objects.filter(
        status=RegistrationStatus.BOOKED,
        reminded_at__isnull=True,
        event__cancelled=False,
        event__starts_at__gt=now,
        event__starts_at__lte=now + datetime.timedelta(hours=24),
    ).values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            registration = (
                Registration.objects.select_for_update()
                .select_related("event", "user")
                .filter(pk=pk, reminded_at__isnull=True, status=RegistrationStatus.BOOKED)
                .first()
            )
            if registration is None:
                continue
            if not registration.user.is_active or not _still_members([registration.user_id]):
                continue  # they left the community: no joining link for them
            registration.reminded_at = now
            registration.save(update_fields=["reminded_at", "updated_at"])
            _notice(
                to=registration.user.email,
                subject=f"Reminder: {registration.event.title}",
                template="community/emails/reminder.txt",
                context={"event": registration.event, "registration": registration},
            )
            sent += 1
    return sent
