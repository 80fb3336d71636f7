"""Events: the list, an event's page, registering, cancelling and its calendar file."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.selectors import trust_current_for
from community import selectors, services
from community.constants import RegistrationStatus
from community.ics import event_calendar
from community.rules import Permission
from community.views.common import TAKE_PART, event_or_404
from core.exceptions import ApplicationError


@TAKE_PART
def event_list(request):
    context = {
        "upcoming": selectors.event_list_upcoming(),
        "past": selectors.event_list_past(),
        "mine": {r.event_id: r for r in selectors.registrations_of(request.user)},
        "can_run": request.user.has_perm(Permission.RUN),
    }
    return render(request, "community/events.html", context)


@TAKE_PART
def event_detail(request, pk):
    event = event_or_404(pk)
    registration = selectors.registration_for(event, request.user)
    can_run = request.user.has_perm(Permission.RUN)
    context = {
        "event": event,
        "registration": registration,
        "position": selectors.waiting_position(registration)
        if registration and registration.status == RegistrationStatus.WAITING
        else None,
        "can_run": can_run,
        "registrations": selectors.registration_list(event) if can_run else [],
        "full": event.booked >= event.capacity,
        "started": event.starts_at <= timezone.now(),
    }
    return render(request, "community/event.html", context)


@require_POST
@TAKE_PART
def event_register(request, pk):
    event = event_or_404(pk)
    trust = trust_current_for(request.user, request.session)
    try:
        registration = services.registration_create(event=event, user=request.user, trust=trust)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        if registration.status == RegistrationStatus.BOOKED:
            messages.success(request, "You have a place. We have e-mailed you the details.")
        else:
            position = selectors.waiting_position(registration)
            messages.warning(
                request,
                f"The event is full, so you are on the waiting list (number {position}). "
                "We will e-mail you if a place opens.",
            )
    return redirect(reverse("community:event", kwargs={"pk": event.pk}))


@require_POST
def event_cancel(request, pk):
    """Anyone with a registration may give it up, even after their trust left."""
    event = event_or_404(pk)
    registration = selectors.registration_for(event, request.user)
    if registration is None:
        messages.info(request, "You have no place or waiting-list place to cancel")
        return redirect(reverse("community:event", kwargs={"pk": event.pk}))
    was_waiting = registration.status == RegistrationStatus.WAITING
    try:
        services.registration_cancel(registration=registration, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            "You have left the waiting list" if was_waiting else "Your place is cancelled",
        )
    return redirect(reverse("community:event", kwargs={"pk": event.pk}))


@TAKE_PART
def event_ics(request, pk):
    event = event_or_404(pk)
    registration = selectors.registration_for(event, request.user)
    booked = registration is not None and registration.status == RegistrationStatus.BOOKED
    body = event_calendar(event, joining_link=event.joining_link if booked else "")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="community-event-{event.pk}.ics"'
    return response
