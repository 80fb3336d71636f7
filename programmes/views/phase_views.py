"""Phases, their sign-off, and the steps in each."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from core.form_flow import action_flow, form_flow
from core.forms import form_data
from programmes import selectors, services
from programmes.access import (
    programme_or_404,
    step_or_404,
)
from programmes.constants import (
    PHASE_PURPOSE,
    PhaseKind,
    PhaseStatus,
)
from programmes.forms import (
    PhaseDatesForm,
    SendBackForm,
    SignOffForm,
    SignOffRequestForm,
    StepCompleteForm,
    StepForm,
)
from programmes.rules import Permission
from programmes.views.common import (
    file_download,
    has_perm,
    overview_url,
    page_context,
    phase_url,
)

# --- phases and steps ------------------------------------------------------------------


def _signed_off(request, phase):
    """A signed-off phase cannot change: its edit pages send people back to it, saying so."""
    if phase.status != PhaseStatus.SIGNED_OFF:
        return None
    messages.error(request, f"The {phase} phase is signed off, so it can no longer change")
    return redirect(phase_url(phase))


def _phase_or_404(programme, kind):
    if kind not in PhaseKind.values:
        raise Http404("phase")
    phase = selectors.phase_get(programme=programme, kind=kind)
    if phase is None:
        raise Http404("phase")
    return phase


def phase_detail(request, pk, kind):
    programme = programme_or_404(request, pk, Permission.VIEW_PROGRAMME)
    phase = _phase_or_404(programme, kind)
    steps = list(selectors.step_list_for_phase(phase=phase))
    context = {
        "programme": programme,
        "phase": phase,
        "purpose": PHASE_PURPOSE[phase.kind],
        "steps": steps,
        "open_required": sum(1 for step in steps if step.required and not step.is_done),
        "today": timezone.localdate(),
        # A signed-off phase is read-only for everyone: the sponsor's record of what was done.
        "can_edit": phase.status != PhaseStatus.SIGNED_OFF
        and has_perm(request, Permission.EDIT_PROGRAMME, programme),
        "can_sign_off": has_perm(request, Permission.SIGN_OFF_PHASE, programme),
        "can_ask_for_sign_off": has_perm(request, Permission.REQUEST_SIGN_OFF, programme),
        "sign_off_request": selectors.sign_off_request_latest(phase=phase),
    }
    return render(request, "programmes/phase.html", context)


def phase_dates(request, pk, kind):
    programme = programme_or_404(request, pk, Permission.EDIT_PROGRAMME)
    phase = _phase_or_404(programme, kind)
    if refused := _signed_off(request, phase):
        return refused
    form = PhaseDatesForm(
        form_data(request),
        initial={
            "planned_start": phase.planned_start,
            "planned_end": phase.planned_end,
            "actual_start": phase.actual_start,
        },
    )
    return form_flow(
        request,
        form,
        save=lambda data: services.phase_update(phase=phase, actor=request.user, **data),
        success=f"The {phase} phase's dates are saved",
        redirect_to=phase_url(phase),
        context=page_context(programme, title=f"{phase} phase dates", back=phase_url(phase)),
    )


def phase_sign_off(request, pk, kind):
    programme = programme_or_404(request, pk, Permission.SIGN_OFF_PHASE)
    phase = _phase_or_404(programme, kind)
    open_steps = services.open_required_steps(phase)
    still_open = [
        step
        for step in selectors.step_list_for_phase(phase=phase)
        if not step.is_done and not step.outcome
    ]
    following = selectors.phase_after(phase=phase)
    form = SignOffForm(
        form_data(request), open_steps=open_steps, still_open=still_open, following=following
    )
    return form_flow(
        request,
        form,
        save=lambda data: services.phase_sign_off(
            phase=phase,
            actor=request.user,
            comment=data["comment"],
            open_steps_reason=data.get("open_steps_reason", ""),
            open_step_choices=form.step_choices(),
        ),
        success=f"You signed off the {phase} phase",
        redirect_to=overview_url(programme),
        template="programmes/sign_off.html",
        context=lambda: page_context(
            programme,
            title=f"Sign off the {phase} phase",
            intro=f"You are signing off the {phase} phase of {programme.name} as its board "
            "sponsor.",
            back=phase_url(phase),
            open_steps=open_steps,
            open_step_list=[step for step in still_open if step.required],
            still_open=still_open,
            following=following,
        ),
    )


def phase_sign_off_request(request, pk, kind):
    programme = programme_or_404(request, pk, Permission.REQUEST_SIGN_OFF)
    phase = _phase_or_404(programme, kind)
    return form_flow(
        request,
        SignOffRequestForm(form_data(request)),
        save=lambda data: services.phase_sign_off_request(phase=phase, actor=request.user, **data),
        success="The board sponsor is asked to sign off the phase",
        redirect_to=phase_url(phase),
        context=page_context(
            programme,
            title=f"Ask the sponsor to sign off the {phase} phase",
            intro="The board sponsor is told by e-mail (as they chose) and sees the phase "
            "in their list of things to do.",
            back=phase_url(phase),
        ),
    )


def phase_send_back(request, pk, kind):
    programme = programme_or_404(request, pk, Permission.SIGN_OFF_PHASE)
    phase = _phase_or_404(programme, kind)
    return form_flow(
        request,
        SendBackForm(form_data(request)),
        save=lambda data: services.phase_send_back(phase=phase, actor=request.user, **data),
        success=f"You sent the {phase} phase back to the team",
        redirect_to=phase_url(phase),
        context=page_context(
            programme,
            title=f"Send the {phase} phase back",
            intro="The phase is not signed off. The OD leads and the change team are told "
            "what you said, and can ask again when it is ready.",
            back=phase_url(phase),
        ),
    )


def step_add(request, pk, kind):
    programme = programme_or_404(request, pk, Permission.EDIT_PROGRAMME)
    phase = _phase_or_404(programme, kind)
    if refused := _signed_off(request, phase):
        return refused
    form = StepForm(
        form_data(request),
        people=selectors.team_members_for(programme=programme),
        submit_text="Add step",
    )
    return form_flow(
        request,
        form,
        save=lambda data: services.step_create(phase=phase, actor=request.user, **data),
        success=lambda _: f"‘{form.cleaned_data['title']}’ is added",
        redirect_to=phase_url(phase),
        context=page_context(programme, title=f"Add a step to {phase}", back=phase_url(phase)),
    )


def step_edit(request, pk):
    step = step_or_404(request, pk, Permission.EDIT_PROGRAMME)
    if refused := _signed_off(request, step.phase):
        return refused
    form = StepForm(
        form_data(request),
        people=selectors.team_members_for(programme=step.phase.programme),
        initial={
            "title": step.title,
            "description": step.description,
            "required": step.required,
            "owner": step.owner_id,
            "due_on": step.due_on,
        },
    )
    return form_flow(
        request,
        form,
        save=lambda data: services.step_update(step=step, actor=request.user, **data),
        success="Your changes are saved",
        redirect_to=phase_url(step),
        context=page_context(
            step.phase.programme,
            title="Change a step",
            back=phase_url(step),
            delete_url=reverse("programmes:step-delete", kwargs={"pk": step.pk}),
            delete_label="Remove this step",
        ),
    )


def step_complete(request, pk):
    step = step_or_404(request, pk, Permission.EDIT_PROGRAMME)
    if refused := _signed_off(request, step.phase):
        return refused
    form = StepCompleteForm(
        form_data(request),
        request.FILES if request.method == "POST" else None,
        initial={"evidence_note": step.evidence_note, "evidence_link": step.evidence_link},
    )
    return form_flow(
        request,
        form,
        save=lambda data: services.step_complete(step=step, actor=request.user, **data),
        success=f"‘{step.title}’ is done",
        redirect_to=phase_url(step),
        context=page_context(
            step.phase.programme,
            title=f"Complete: {step.title}",
            intro="Record what shows the step is done: a note, a link or a file.",
            back=phase_url(step),
        ),
    )


@require_POST
def step_reopen(request, pk):
    step = step_or_404(request, pk, Permission.EDIT_PROGRAMME)
    return action_flow(
        request,
        lambda: services.step_reopen(step=step, actor=request.user),
        success=f"‘{step.title}’ is open again",
        redirect_to=phase_url(step),
    )


@require_POST
def step_move(request, pk):
    step = step_or_404(request, pk, Permission.EDIT_PROGRAMME)
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        raise Http404("direction")
    return action_flow(
        request,
        lambda: services.step_move(step=step, actor=request.user, direction=direction),
        success=None,
        redirect_to=phase_url(step),
    )


@require_POST
def step_delete(request, pk):
    step = step_or_404(request, pk, Permission.EDIT_PROGRAMME)
    back = phase_url(step)
    return action_flow(
        request,
        lambda: services.step_delete(step=step, actor=request.user),
        success=f"‘{step.title}’ is removed",
        redirect_to=back,
    )


def step_evidence(request, pk):
    step = step_or_404(request, pk, Permission.VIEW_PROGRAMME)
    return file_download(step.evidence_file, step.evidence_file_name)
