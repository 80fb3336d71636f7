"""The national admins' pages that run the community: applications, members, story
moderation and events."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from community import selectors, services
from community.constants import DecisionKind, MembershipStatus, RegistrationStatus
from community.forms import AttendanceForm, DecisionForm, EventForm, ReasonForm
from community.views.common import RUN, event_or_404, page_context
from core.form_flow import action_flow, form_flow
from core.forms import form_data


@RUN
def admin_applications(request):
    applications = list(selectors.application_queue()[:300])
    context = {
        "open": [a for a in applications if a.is_open],
        "decided": [a for a in applications if not a.is_open][:50],
    }
    return render(request, "community/manage/applications.html", context)


@RUN
@require_http_methods(["GET", "POST"])
def admin_application(request, pk):
    application = selectors.application_get(pk=pk)
    if application is None:
        raise Http404("application")

    def page():
        return {
            "application": application,
            "decisions": list(application.decisions.all()),
            "membership": selectors.membership_for_trust(application.trust),
        }

    if not application.is_open:
        if request.method == "POST":
            messages.info(request, "This application has already been decided")
            return redirect(request.path)
        return render(request, "community/manage/application.html", {**page(), "form": None})
    return form_flow(
        request,
        DecisionForm(form_data(request)),
        save=lambda data: services.application_decide(
            application=application,
            actor=request.user,
            kind=DecisionKind(data["decision"]),
            message=data["message"],
        ),
        success="The decision is recorded and e-mailed to the applicant",
        redirect_to=reverse("community:admin-applications"),
        template="community/manage/application.html",
        context=page,
    )


@RUN
def admin_members(request):
    context = {
        "memberships": selectors.membership_list(),
        "open_applications": selectors.open_application_count(),
        "stories_waiting": selectors.story_moderation_queue().count(),
        "statuses": MembershipStatus,
    }
    return render(request, "community/manage/members.html", context)


@RUN
@require_http_methods(["GET", "POST"])
def admin_lapse(request, pk):
    membership = selectors.membership_get(pk=pk)
    if membership is None:
        raise Http404("membership")
    return form_flow(
        request,
        ReasonForm(form_data(request), submit_text="Lapse membership"),
        save=lambda data: services.membership_lapse(
            membership=membership, actor=request.user, reason=data["reason"]
        ),
        success=f"{membership.trust.name}'s membership has lapsed",
        redirect_to=reverse("community:admin-members"),
        context=page_context(
            title=f"Lapse the membership of {membership.trust.name}",
            back=reverse("community:admin-members"),
            intro="The trust's OD leads are e-mailed the reason. The trust can apply again.",
        ),
    )


@require_POST
@RUN
def admin_pilot(request, pk):
    membership = selectors.membership_get(pk=pk)
    if membership is None:
        raise Http404("membership")
    is_pilot = request.POST.get("is_pilot") == "yes"
    services.membership_pilot_set(membership=membership, actor=request.user, is_pilot=is_pilot)
    messages.success(
        request,
        f"{membership.trust.name} is {'now' if is_pilot else 'no longer'} marked as a pilot trust",
    )
    return redirect(reverse("community:admin-members"))


@RUN
def admin_stories(request):
    return render(
        request,
        "community/manage/stories.html",
        {"stories": selectors.story_moderation_queue()},
    )


@require_POST
@RUN
def admin_story_publish(request, pk):
    story = selectors.story_get_readable(request.user, pk=pk)
    if story is None:
        raise Http404("story")
    return action_flow(
        request,
        lambda: services.story_publish(story=story, actor=request.user),
        success=f"“{story.title}” is published",
        redirect_to=reverse("community:admin-stories"),
    )


@RUN
@require_http_methods(["GET", "POST"])
def admin_story_return(request, pk):
    story = selectors.story_get_readable(request.user, pk=pk)
    if story is None:
        raise Http404("story")
    form = ReasonForm(
        form_data(request), submit_text="Return story", label="What should the authors change?"
    )
    form.fields["reason"].error_messages["required"] = "Enter what the authors should change"
    return form_flow(
        request,
        form,
        save=lambda data: services.story_return(
            story=story, actor=request.user, note=data["reason"]
        ),
        success=f"“{story.title}” is returned to its authors",
        redirect_to=reverse("community:admin-stories"),
        context=page_context(
            title=f"Return the story: {story.title}",
            back=reverse("community:story", kwargs={"pk": story.pk}),
        ),
    )


@RUN
@require_http_methods(["GET", "POST"])
def admin_event_create(request):
    form = EventForm(form_data(request), submit_text="Publish event")
    return form_flow(
        request,
        form,
        save=lambda _: services.event_create(actor=request.user, **form.event_fields()),
        success="The event is published",
        redirect_to=_event_url,
        context=page_context(title="Add an event", back=reverse("community:events")),
    )


@RUN
@require_http_methods(["GET", "POST"])
def admin_event_edit(request, pk):
    event = event_or_404(pk)
    form = EventForm(form_data(request), initial=EventForm.initial_for(event))
    return form_flow(
        request,
        form,
        save=lambda _: services.event_update(
            event=event, actor=request.user, **form.event_fields()
        ),
        success="The event is saved",
        redirect_to=_event_url(event),
        context=page_context(title=f"Change the event: {event.title}", back=_event_url(event)),
    )


@RUN
@require_http_methods(["GET", "POST"])
def admin_event_cancel(request, pk):
    event = event_or_404(pk)
    form = ReasonForm(
        form_data(request),
        submit_text="Cancel the event",
        label="Why is it cancelled? (sent to everyone registered)",
    )
    form.fields["reason"].error_messages["required"] = "Enter why the event is cancelled"
    return form_flow(
        request,
        form,
        save=lambda data: services.event_cancel(
            event=event, actor=request.user, reason=data["reason"]
        ),
        success="The event is cancelled and everyone registered is told",
        redirect_to=_event_url(event),
        context=page_context(
            title=f"Cancel the event: {event.title}",
            back=_event_url(event),
            intro=f"{event.booked} people have a place and {event.waiting} are waiting. "
            "Each of them is e-mailed the reason.",
        ),
    )


@RUN
@require_http_methods(["GET", "POST"])
def admin_attendance(request, pk):
    event = event_or_404(pk)
    booked = [
        r for r in selectors.registration_list(event) if r.status == RegistrationStatus.BOOKED
    ]
    form = AttendanceForm(
        form_data(request),
        registrations=booked,
        initial={"attended": [str(r.pk) for r in booked if r.attended]},
    )
    return form_flow(
        request,
        form,
        save=lambda data: services.attendance_record(
            event=event, actor=request.user, attended_ids=data["attended"]
        ),
        success="Attendance is saved",
        redirect_to=_event_url(event),
        context=page_context(
            title=f"Attendance: {event.title}",
            back=_event_url(event),
            intro="Tick everyone who came." if booked else "Nobody had a place at this event.",
        ),
    )


def _event_url(event) -> str:
    return reverse("community:event", kwargs={"pk": event.pk})
