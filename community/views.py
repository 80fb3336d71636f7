"""Community pages: the directory, joining, stories, events and bright spots, and the
national admins' pages that run it. Thin: bind a form, call a service or selector, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from accounts.constants import Region, Sector
from accounts.models import Trust
from accounts.selectors import (
    trust_current_for,
    trust_get_visible_to,
)
from community import selectors, services
from community.constants import (
    ApplicationStatus,
    DecisionKind,
    MembershipStatus,
    RegistrationStatus,
    StoryStatus,
)
from community.forms import (
    AnswerForm,
    ApplyForTrustForm,
    AttendanceForm,
    DecisionForm,
    EventForm,
    MembershipSettingsForm,
    NewTrustApplicationForm,
    ReasonForm,
    StoryForm,
)
from community.ics import event_calendar
from community.rules import Permission
from core.audit import audit_event_record
from core.exceptions import ApplicationError
from core.forms import form_data, save_or_show
from core.pagination import query_without_page
from core.tables import table_download
from programmes.constants import Element, PhaseKind

FORM_PAGE = "community/form_page.html"
RUN = permission_required(Permission.RUN, raise_exception=True)
TAKE_PART = permission_required(Permission.TAKE_PART, raise_exception=True)


def _form_page(request, *, form, title, back, caption="Culture community", intro="", **extra):
    context = {
        "form": form,
        "title": title,
        "back": back,
        "caption": caption,
        "intro": intro,
        **extra,
    }
    return render(request, FORM_PAGE, context)


def _directory_filters(request) -> dict:
    def pick(name, choices):
        value = request.GET.get(name, "")
        return value if value in dict(choices) else ""

    return {
        "query": request.GET.get("q", "").strip()[:100],
        "region": pick("region", Region.choices),
        "sector": pick("sector", Sector.choices),
        "phase": pick("phase", PhaseKind.choices),
    }


# --- directory -----------------------------------------------------------------------------


@login_not_required
def directory(request):
    """The community's front page: open to everyone; contacts only for members."""
    filters = _directory_filters(request)
    member = request.user.has_perm(Permission.TAKE_PART)
    entries = selectors.directory_entries(**filters, with_contacts=member)
    trust = trust_current_for(request.user, request.session)
    membership = selectors.membership_for_trust(trust) if trust else None
    context = {
        "entries": entries,
        "filters": filters,
        "regions": Region.choices,
        "sectors": Sector.choices,
        "phases": PhaseKind.choices,
        "member": member,
        "member_count": selectors.member_count(),
        "trust": trust,
        "membership": membership,
        "can_apply": trust is not None
        and request.user.has_perm(Permission.APPLY, trust)
        and not (membership and membership.is_active),
        "contact_requests": [
            m for m in selectors.contact_requests_for(request.user) if not m.contact_consented_at
        ],
    }
    return render(request, "community/directory.html", context)


@TAKE_PART
def directory_download(request):
    """The directory as CSV, for members; contacts only with their consent (as on the page)."""
    filters = _directory_filters(request)
    rows = [
        [
            entry.trust.name,
            entry.trust.ods_code,
            entry.trust.get_sector_display(),
            entry.trust.get_region_display(),
            "Yes" if entry.is_pilot else "No",
            entry.phase,
            entry.contact.full_name if entry.contact else "",
            entry.contact.email if entry.contact else "",
        ]
        for entry in selectors.directory_entries(**filters, with_contacts=True)
    ]
    header = ["Trust", "ODS code", "Sector", "Region", "Pilot trust", "Phase", "Contact", "Email"]
    audit_event_record(
        actor=request.user,
        action="community.directory_export",
        target="Culture community directory",
        detail={"rows": len(rows)},
    )
    return table_download(
        filename="culture-community-directory",
        file_format="csv",
        sheet="Directory",
        header=header,
        rows=rows,
    )


# --- joining -------------------------------------------------------------------------------


@login_not_required
def join(request):
    """Apply for a trust: an OD lead for theirs; anyone else from a trust not on the portal."""
    if not request.user.is_authenticated:
        return render(request, "community/join_start.html", {})
    trusts, already_members = selectors.trusts_to_apply_for(request.user)
    if not trusts.exists():
        context = {"not_od_lead": not already_members, "already_members": already_members}
        return render(request, "community/join_start.html", context)
    form = ApplyForTrustForm(form_data(request), trusts=trusts)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        holder = {}

        def write():
            holder["application"] = services.application_submit_for_trust(
                trust=data["trust"],
                applicant=request.user,
                job_title=data["job_title"],
                hopes=data["hopes"],
                consent_to_list=data["consent_to_list"],
            )

        if save_or_show(form, write):
            return redirect(services.application_link(holder["application"]))
    return _form_page(
        request,
        form=form,
        title="Apply to join the culture community",
        back=reverse("community:directory"),
        intro="A national admin reads every application and e-mails you the decision.",
    )


@login_not_required
@ratelimit(key="ip", rate="10/h", method="POST", block=True)
def join_new_trust(request):
    form = NewTrustApplicationForm(form_data(request))
    if request.method == "POST" and form.is_valid():
        holder = {}

        def write():
            fields = {k: v for k, v in form.cleaned_data.items() if k != "website"}
            holder["application"] = services.application_submit_new_trust(**fields)

        if save_or_show(form, write):
            return redirect(services.application_link(holder["application"]))
    return _form_page(
        request,
        form=form,
        title="Apply for a trust not yet on the portal",
        back=reverse("community:join"),
        intro="Your trust is added to the portal when a national admin approves the "
        "application, and you become its OD lead on the portal.",
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def application_status(request, token):
    """The applicant's page for their application: where it stands, and a place to answer
    a question. Reached by the signed link in their e-mails; needs no account."""
    application = services.application_from_link(token)
    if application is None:
        raise Http404("application")
    form = None
    if application.status == ApplicationStatus.INFO_REQUESTED:
        form = AnswerForm(form_data(request))
        if (
            request.method == "POST"
            and form.is_valid()
            and save_or_show(
                form,
                lambda: services.application_answer(
                    application=application, message=form.cleaned_data["message"]
                ),
            )
        ):
            messages.success(request, "Your answer is sent")
            return redirect(request.path)
    elif request.method == "POST":
        messages.info(request, "There is no question waiting for your answer")
        return redirect(request.path)
    context = {
        "application": application,
        "decisions": list(application.decisions.all()),
        "form": form,
    }
    return render(request, "community/application.html", context)


# --- memberships ---------------------------------------------------------------------------


def _member_trust_or_404(request, ods_code) -> tuple[Trust, object]:
    trust = trust_get_visible_to(request.user, ods_code=ods_code)
    if trust is None:
        raise Http404("trust")
    if not request.user.has_perm(Permission.MANAGE_MEMBERSHIP, trust):
        raise PermissionDenied
    return trust, selectors.membership_for_trust(trust)


@require_http_methods(["GET", "POST"])
def membership_settings(request, ods_code):
    trust, membership = _member_trust_or_404(request, ods_code)
    people_qs = selectors.contact_candidates(trust)
    initial = {
        "listed": membership.listed,
        "share_phase": membership.share_phase,
        "share_bright_spots": membership.share_bright_spots,
        "contact": membership.contact,
    }
    form = MembershipSettingsForm(form_data(request), initial=initial, people=people_qs)
    if (
        request.method == "POST"
        and form.is_valid()
        and save_or_show(
            form,
            lambda: services.membership_settings_update(
                membership=membership, actor=request.user, **form.cleaned_data
            ),
        )
    ):
        messages.success(request, "Your trust's community settings are saved")
        return redirect(request.path)
    context = {
        "trust": trust,
        "membership": membership,
        "form": form,
        "applications": selectors.applications_for_trust(trust)[:5],
    }
    return render(request, "community/membership.html", context)


@require_http_methods(["GET", "POST"])
def membership_leave(request, ods_code):
    trust, membership = _member_trust_or_404(request, ods_code)
    form = ReasonForm(
        form_data(request),
        submit_text="Leave the community",
        required=False,
        label="Why is the trust leaving? (optional)",
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and save_or_show(
            form,
            lambda: services.membership_leave(
                membership=membership, actor=request.user, reason=form.cleaned_data["reason"]
            ),
        )
    ):
        messages.success(request, f"{trust.name} has left the culture community")
        return redirect(reverse("community:directory"))
    return _form_page(
        request,
        form=form,
        title=f"Leave the culture community: {trust.name}",
        back=reverse("community:membership", kwargs={"ods_code": trust.ods_code}),
        intro="The trust leaves the directory and its people lose access to members' stories "
        "and events. Published stories stay. You can apply again at any time.",
    )


@require_http_methods(["GET", "POST"])
def contact_consent(request):
    """A person named as their trust's contact agrees to be shown, or withdraws."""
    requests = selectors.contact_requests_for(request.user)
    if request.method == "POST":
        membership = next(
            (m for m in requests if str(m.pk) == request.POST.get("membership")), None
        )
        if membership is None:
            raise Http404("contact request")
        consent = request.POST.get("consent") == "yes"
        try:
            services.contact_consent_set(membership=membership, user=request.user, consent=consent)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                "You are shown as the trust's contact"
                if consent
                else "You are no longer the trust's contact",
            )
        return redirect(request.path)
    return render(request, "community/contact_consent.html", {"requests": requests})


# --- stories -------------------------------------------------------------------------------


@TAKE_PART
def story_list(request):
    query = request.GET.get("q", "").strip()[:100]
    phase = request.GET.get("phase", "")
    phase = phase if phase in PhaseKind.values else ""
    element = request.GET.get("element", "")
    element = element if element in Element.values else ""
    tag = request.GET.get("tag", "").strip()[:40]
    stories = selectors.story_search(query=query, phase=phase, element=element, tag=tag)
    page = Paginator(stories, 20).get_page(request.GET.get("page"))
    trust = trust_current_for(request.user, request.session)
    context = {
        "page": page,
        "page_query": query_without_page(request.GET),
        "query": query,
        "phase": phase,
        "element": element,
        "tag": tag,
        "phases": PhaseKind.choices,
        "elements": Element.choices,
        "can_write": trust is not None and request.user.has_perm(Permission.WRITE_STORY, trust),
    }
    return render(request, "community/stories.html", context)


@TAKE_PART
def story_detail(request, pk):
    story = selectors.story_get_readable(request.user, pk=pk)
    if story is None:
        raise Http404("story")
    context = {
        "story": story,
        "elements": [Element(code).label for code in story.element_list],
        "can_edit": request.user.has_perm(Permission.EDIT_STORY, story)
        and story.status in (StoryStatus.DRAFT, StoryStatus.RETURNED),
        "can_moderate": request.user.has_perm(Permission.RUN)
        and story.status == StoryStatus.SUBMITTED,
    }
    return render(request, "community/story.html", context)


def _writing_trust(request) -> Trust:
    trust = trust_current_for(request.user, request.session)
    if trust is None or not request.user.has_perm(Permission.WRITE_STORY, trust):
        raise PermissionDenied
    return trust


@require_http_methods(["GET", "POST"])
def story_create(request):
    trust = _writing_trust(request)
    form = StoryForm(form_data(request))
    holder = {}
    if request.method == "POST" and form.is_valid():

        def write():
            holder["story"] = services.story_create(
                trust=trust, author=request.user, **form.cleaned_data
            )

        if save_or_show(form, write):
            messages.success(request, "Your story is saved as a draft")
            return redirect(reverse("community:story", kwargs={"pk": holder["story"].pk}))
    return _form_page(
        request,
        form=form,
        title="Share a good-practice story",
        back=reverse("community:stories-mine"),
        caption=trust.name,
        intro="A national admin reads each story before it is published to the community's "
        "members.",
    )


def story_mine(request):
    trust = _writing_trust(request)
    stories = selectors.stories_for_trusts([trust.pk]).order_by("-updated_at")
    return render(request, "community/stories_mine.html", {"trust": trust, "stories": stories})


def _editable_story(request, pk):
    story = selectors.story_get_readable(request.user, pk=pk)
    if story is None:
        raise Http404("story")
    if not request.user.has_perm(Permission.EDIT_STORY, story):
        raise PermissionDenied
    return story


@require_http_methods(["GET", "POST"])
def story_edit(request, pk):
    story = _editable_story(request, pk)
    initial = {
        "title": story.title,
        "summary": story.summary,
        "what_we_did": story.what_we_did,
        "result": story.result,
        "phase": story.phase,
        "elements": story.element_list,
        "tags": story.tags,
    }
    form = StoryForm(form_data(request), initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and save_or_show(
            form,
            lambda: services.story_update(story=story, actor=request.user, **form.cleaned_data),
        )
    ):
        messages.success(request, "Your story is saved")
        return redirect(reverse("community:story", kwargs={"pk": story.pk}))
    return _form_page(
        request,
        form=form,
        title=f"Change the story: {story.title}",
        back=reverse("community:story", kwargs={"pk": story.pk}),
        caption=story.trust.name,
    )


@require_POST
def story_submit(request, pk):
    story = _editable_story(request, pk)
    try:
        services.story_submit(story=story, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Your story is sent to the moderators")
    return redirect(reverse("community:story", kwargs={"pk": story.pk}))


# --- events --------------------------------------------------------------------------------


@TAKE_PART
def event_list(request):
    context = {
        "upcoming": selectors.event_list_upcoming(),
        "past": selectors.event_list_past(),
        "mine": {r.event_id: r for r in selectors.registrations_of(request.user)},
        "can_run": request.user.has_perm(Permission.RUN),
    }
    return render(request, "community/events.html", context)


def _event_or_404(pk):
    event = selectors.event_get(pk=pk)
    if event is None:
        raise Http404("event")
    return event


@TAKE_PART
def event_detail(request, pk):
    event = _event_or_404(pk)
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
    event = _event_or_404(pk)
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
    event = _event_or_404(pk)
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
    event = _event_or_404(pk)
    registration = selectors.registration_for(event, request.user)
    booked = registration is not None and registration.status == RegistrationStatus.BOOKED
    body = event_calendar(event, joining_link=event.joining_link if booked else "")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="community-event-{event.pk}.ics"'
    return response


# --- bright spots --------------------------------------------------------------------------


@TAKE_PART
def bright_spots(request):
    """Matched to the trust's own lowest scores, so shown only to people who may read its
    survey results, at a trust that is a member."""
    trust = trust_current_for(request.user, request.session)
    member = trust is not None and bool(selectors.member_trust_ids([trust.pk]))
    wave, found = selectors.bright_spots_for(trust) if member else (None, [])
    may_see = wave is not None and request.user.has_perm("diagnostics.view_results", wave)
    context = {
        "trust": trust,
        "member": member,
        "wave": wave if may_see else None,
        "found": found if may_see else [],
        "no_results_role": wave is not None and not may_see,
    }
    return render(request, "community/bright_spots.html", context)


# --- national admins -----------------------------------------------------------------------


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
    return _form_page(
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
    return _form_page(
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
    return _form_page(request, form=form, title="Add an event", back=reverse("community:events"))


@RUN
@require_http_methods(["GET", "POST"])
def admin_event_edit(request, pk):
    event = _event_or_404(pk)
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
    return _form_page(
        request,
        form=form,
        title=f"Change the event: {event.title}",
        back=reverse("community:event", kwargs={"pk": event.pk}),
    )


@RUN
@require_http_methods(["GET", "POST"])
def admin_event_cancel(request, pk):
    event = _event_or_404(pk)
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
    return _form_page(
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
    event = _event_or_404(pk)
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
    return _form_page(
        request,
        form=form,
        title=f"Attendance: {event.title}",
        back=reverse("community:event", kwargs={"pk": event.pk}),
        intro="Tick everyone who came." if booked else "Nobody had a place at this event.",
    )
