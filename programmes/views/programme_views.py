"""Starting, reading, changing and closing a programme, and its activity log."""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from accounts.access import trust_or_404
from core.form_flow import action_flow, form_flow
from core.forms import form_data
from programmes import presenters, selectors, services
from programmes.access import (
    programme_or_404,
)
from programmes.forms import (
    ProgrammeForm,
)
from programmes.rules import Permission
from programmes.views.common import has_perm, overview_url, page_context

# --- programme ------------------------------------------------------------------------


def programme_for_trust(request, ods_code):
    """A trust's programme page: its active programme, or the ones before and a way to start."""
    trust = trust_or_404(request, ods_code)
    active = selectors.programme_active_for_trust(request.user, trust=trust)
    if active is not None:
        return redirect("programmes:overview", pk=active.pk)
    context = {
        "trust": trust,
        "programmes": selectors.programme_list_for_trust(request.user, trust=trust),
        "can_start": request.user.has_perm(Permission.START_PROGRAMME, trust),
    }
    return render(request, "programmes/no_programme.html", context)


def programme_start(request, ods_code):
    trust = trust_or_404(request, ods_code, Permission.START_PROGRAMME)
    form = ProgrammeForm(
        form_data(request),
        sponsors=selectors.sponsor_candidates_for(trust=trust),
        team=selectors.change_team_candidates_for(trust=trust),
        initial={"start_date": timezone.localdate()},
    )
    return form_flow(
        request,
        form,
        save=lambda data: services.programme_start(trust=trust, actor=request.user, **data),
        success=lambda programme: f"‘{programme.name}’ has started",
        redirect_to=overview_url,
        context={
            "trust": trust,
            "title": "Start the programme",
            "caption": trust.name,
            "intro": "Each phase starts with the national checklist of steps. You can change "
            "them once the programme has started.",
            "back": reverse("programmes:for-trust", kwargs={"ods_code": trust.ods_code}),
        },
    )


def programme_overview(request, pk):
    programme = programme_or_404(request, pk, Permission.VIEW_PROGRAMME)
    today = timezone.localdate()
    phases = selectors.phase_list_with_progress(programme=programme)
    context = {
        "programme": programme,
        "section": "overview",
        "timeline": presenters.timeline(phases, today=today),
        "due_steps": selectors.step_list_due(programme=programme),
        "overdue_actions": selectors.overdue_action_count(programme=programme, today=today),
        "ownerless": selectors.work_left_without_owner(programme=programme),
        "activity": selectors.activity_list(programme=programme, limit=8),
        "today": today,
        "can_edit": has_perm(request, Permission.EDIT_PROGRAMME, programme),
        "can_manage": has_perm(request, Permission.MANAGE_PROGRAMME, programme),
        "earlier": selectors.programme_list_for_trust(request.user, trust=programme.trust)
        .exclude(pk=programme.pk)
        .only("pk", "name", "start_date", "closed_on"),
    }
    return render(request, "programmes/overview.html", context)


def programme_edit(request, pk):
    programme = programme_or_404(request, pk, Permission.MANAGE_PROGRAMME)
    initial = {
        "name": programme.name,
        "framework": programme.framework,
        "start_date": programme.start_date,
        "sponsor": programme.sponsor_id,
        "change_team": list(programme.change_team.values_list("pk", flat=True)),
        "board_interviews_planned": programme.board_interviews_planned,
    }
    form = ProgrammeForm(
        form_data(request),
        sponsors=selectors.sponsor_candidates_for(trust=programme.trust),
        team=selectors.change_team_candidates_for(trust=programme.trust),
        initial=initial,
        submit_text="Save changes",
    )
    return form_flow(
        request,
        form,
        save=lambda data: services.programme_update(
            programme=programme, actor=request.user, **data
        ),
        success="Your changes are saved",
        redirect_to=overview_url(programme),
        context=page_context(programme, title="Programme details", back=overview_url(programme)),
    )


def programme_close(request, pk):
    programme = programme_or_404(request, pk, Permission.MANAGE_PROGRAMME)
    if request.method == "POST":
        return action_flow(
            request,
            lambda: services.programme_close(programme=programme, actor=request.user),
            success=f"‘{programme.name}’ is closed and kept read-only",
            redirect_to=overview_url(programme),
        )
    return render(request, "programmes/close.html", {"programme": programme})


def activity_log(request, pk):
    programme = programme_or_404(request, pk, Permission.VIEW_PROGRAMME)
    context = {
        "programme": programme,
        "activity": selectors.activity_list(programme=programme, limit=500),
        "section": "activity",
    }
    return render(request, "programmes/activity.html", context)
