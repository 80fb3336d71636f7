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
from community.views.common import RUN, event_or_404, form_page
from core.exceptions import ApplicationError
from core.forms import form_data, save_or_show


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
    form = DecisionForm(form_data(request)) if application.is_open else None
    if (
        form is not None
        and request.method == "POST"
        and form.is_valid()
        and save_or_show(
            form,
            lambda: services.application_decide(
                application=application,
                actor=request.user,
                kind=DecisionKind(form.cleaned_data["decision"]),
                message=form.cleaned_data["message"],
            ),
        )
    ):
        messages.success(request, "The decision is recorded and e-mailed to the applicant")
        return redirect(reverse("community:admin-applications"))
    if form is None and request.method == "POST":
        messages.info(request, "This application has already been decided")
        return redirect(request.path)
    context = {
        "application": application,
        "decisions": list(application.decisions.all()),
        "form": form,
        "membership": selectors.membership_for_trust(application.trust),
    }
    return render(request, "community/manage/application.html", context)


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
    form = ReasonForm(form_data(request), submit_text="Lapse membership")
    if (
        request.method == "POST"
        and form.is_valid()
        and save_or_show(
            form,
            lambda: services.membership_lapse(
                membership=membership, actor=request.user, reason=form.cleaned_data["reason"]
            ),
        )
    ):
        messages.success(request, f"{membership.trust.name}'s membership has lapsed")
        return redirect(reverse("community:admin-members"))
    return form_page(
        request,
        form=form,
        title=f"Lapse the membership of {membership.trust.name}",
        back=reverse("community:admin-members"),
        intro="The trust's OD leads are e-mailed the reason. The trust can apply again.",
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
    try:
        services.story_publish(story=story, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"“{story.title}” is published")
    return redirect(reverse("community:admin-stories"))


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
    if (
        request.method == "POST"
        and form.is_valid()
        and save_or_show(
            form,
            lambda: services.story_return(
                story=story, actor=request.user, note=form.cleaned_data["reason"]
            ),
        )
    ):
        messages.success(request, f"“{story.title}” is returned to its authors")
        return redirect(reverse("community:admin-stories"))
    return form_page(
        request,
        form=form,
        title=f"Return the story: {story.title}",
        back=reverse("community:story", kwargs={"pk": story.pk}),
    )


@RUN
@require_http_methods(["GET", "POST"])
def admin_event_create(request):
    form = EventForm(form_data(request), submit_text="Publish event")
    holder = {}
    if request.method == "POST" and form.is_valid():

        def write():
            holder["event"] = services.event_create(actor=request.user, **form.event_fields())

        if save_or_show(form, write):
            messages.success(request, "The event is published")
            return redirect(reverse("community:event", kwargs={"pk": holder["event"].pk}))
    return form_page(request, form=form, title="Add an event", back=reverse("community:events"))


@RUN
@require_http_methods(["GET", "POST"])
def admin_event_edit(request, pk):
    event = event_or_404(pk)
    form = EventForm(form_data(request), initial=EventForm.initial_for(event))
    if (
        request.method == "POST"
        and form.is_valid()
        and save_or_show(
            form,
            lambda: services.event_update(event=event, actor=request.user, **form.event_fields()),
        )
    ):
        messages.success(request, "The event is saved")
        return redirect(reverse("community:event", kwargs={"pk": event.pk}))
    return form_page(
        request,
        form=form,
        title=f"Change the event: {event.title}",
        back=reverse("community:event", kwargs={"pk": event.pk}),
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
    if (
        request.method == "POST"
        and form.is_valid()
        and save_or_show(
            form,
            lambda: services.event_cancel(
                event=event, actor=request.user, reason=form.cleaned_data["reason"]
            ),
        )
    ):
        messages.success(request, "The event is cancelled and everyone registered is told")
        return redirect(reverse("community:event", kwargs={"pk": event.pk}))
    return form_page(
        request,
        form=form,
        title=f"Cancel the event: {event.title}",
        back=reverse("community:event", kwargs={"pk": event.pk}),
        intro=f"{event.booked} people have a place and {event.waiting} are waiting. "
        "Each of them is e-mailed the reason.",
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
    if (
        request.method == "POST"
        and form.is_valid()
        and save_or_show(
            form,
            lambda: services.attendance_record(
                event=event, actor=request.user, attended_ids=form.cleaned_data["attended"]
            ),
        )
    ):
        messages.success(request, "Attendance is saved")
        return redirect(reverse("community:event", kwargs={"pk": event.pk}))
    return form_page(
        request,
        form=form,
        title=f"Attendance: {event.title}",
        back=reverse("community:event", kwargs={"pk": event.pk}),
        intro="Tick everyone who came." if booked else "Nobody had a place at this event.",
    )
