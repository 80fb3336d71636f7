"""Programme pages: bind a form, call one service or selector, render."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from core.exceptions import ApplicationError
from core.forms import form_data
from core.tables import table_download
from programmes import presenters, selectors, services
from programmes.access import (
    action_or_404,
    finding_or_404,
    intervention_or_404,
    programme_or_404,
    step_or_404,
    trust_or_404,
)
from programmes.constants import (
    FRAMEWORK_ELEMENTS,
    PHASE_PURPOSE,
    ActionStatus,
    Element,
    PhaseKind,
)
from programmes.forms import (
    ActionForm,
    CommitmentForm,
    ElementSummaryForm,
    FindingForm,
    InterventionForm,
    PhaseDatesForm,
    PriorityForm,
    ProgrammeForm,
    SignOffForm,
    StepCompleteForm,
    StepForm,
    StepTemplateForm,
    StrategyForm,
)
from programmes.rules import Permission

FORM_PAGE = "programmes/form_page.html"


def _save(form, write):
    """Run `write()`; a rule it breaks becomes a message on the form. True when saved."""
    try:
        write()
    except ValidationError as error:
        for name, problems in error.message_dict.items():
            form.add_error(name if name in form.fields else None, problems)
    except ApplicationError as error:
        form.add_error(None, error.message)
    else:
        return True
    return False


def _form_page(request, *, programme, form, title, back, intro="", caption=None, **extra):
    context = {
        "programme": programme,
        "form": form,
        "title": title,
        "intro": intro,
        "back": back,
        "caption": caption or programme.name,
        **extra,
    }
    return render(request, FORM_PAGE, context)


def _overview_url(programme):
    return reverse("programmes:overview", kwargs={"pk": programme.pk})


def _phase_url(phase_or_step):
    phase = getattr(phase_or_step, "phase", phase_or_step)
    return reverse("programmes:phase", kwargs={"pk": phase.programme_id, "kind": phase.kind})


def _can(request, permission, programme):
    return request.user.has_perm(permission, programme)


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
    if request.method == "POST" and form.is_valid():
        result = {}

        def write():
            result["programme"] = services.programme_start(
                trust=trust, actor=request.user, **form.cleaned_data
            )

        if _save(form, write):
            messages.success(request, f"‘{result['programme'].name}’ has started")
            return redirect("programmes:overview", pk=result["programme"].pk)
    context = {
        "trust": trust,
        "form": form,
        "title": "Start the programme",
        "caption": trust.name,
        "intro": "Each phase starts with the national checklist of steps. You can change "
        "them once the programme has started.",
        "back": reverse("programmes:for-trust", kwargs={"ods_code": trust.ods_code}),
    }
    return render(request, FORM_PAGE, context)


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
        "activity": selectors.activity_list(programme=programme, limit=8),
        "today": today,
        "can_edit": _can(request, Permission.EDIT_PROGRAMME, programme),
        "can_manage": _can(request, Permission.MANAGE_PROGRAMME, programme),
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
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(
            form,
            lambda: services.programme_update(
                programme=programme, actor=request.user, **form.cleaned_data
            ),
        )
    ):
        messages.success(request, "Your changes are saved")
        return redirect(_overview_url(programme))
    return _form_page(
        request,
        programme=programme,
        form=form,
        title="Programme details",
        back=_overview_url(programme),
    )


def programme_close(request, pk):
    programme = programme_or_404(request, pk, Permission.MANAGE_PROGRAMME)
    if request.method == "POST":
        try:
            services.programme_close(programme=programme, actor=request.user)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"‘{programme.name}’ is closed and kept read-only")
        return redirect(_overview_url(programme))
    return render(request, "programmes/close.html", {"programme": programme})


def activity_log(request, pk):
    programme = programme_or_404(request, pk, Permission.VIEW_PROGRAMME)
    context = {
        "programme": programme,
        "activity": selectors.activity_list(programme=programme, limit=500),
        "section": "activity",
    }
    return render(request, "programmes/activity.html", context)


# --- phases and steps ------------------------------------------------------------------


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
        "can_edit": _can(request, Permission.EDIT_PROGRAMME, programme),
        "can_sign_off": _can(request, Permission.SIGN_OFF_PHASE, programme),
    }
    return render(request, "programmes/phase.html", context)


def phase_dates(request, pk, kind):
    programme = programme_or_404(request, pk, Permission.EDIT_PROGRAMME)
    phase = _phase_or_404(programme, kind)
    form = PhaseDatesForm(
        form_data(request),
        initial={
            "planned_start": phase.planned_start,
            "planned_end": phase.planned_end,
            "actual_start": phase.actual_start,
        },
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(
            form,
            lambda: services.phase_update(phase=phase, actor=request.user, **form.cleaned_data),
        )
    ):
        messages.success(request, f"The {phase} phase's dates are saved")
        return redirect(_phase_url(phase))
    return _form_page(
        request,
        programme=programme,
        form=form,
        title=f"{phase} phase dates",
        back=_phase_url(phase),
    )


def phase_sign_off(request, pk, kind):
    programme = programme_or_404(request, pk, Permission.SIGN_OFF_PHASE)
    phase = _phase_or_404(programme, kind)
    open_steps = services.open_required_steps(phase)
    form = SignOffForm(form_data(request), open_steps=open_steps)
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(
            form,
            lambda: services.phase_sign_off(phase=phase, actor=request.user, **form.cleaned_data),
        )
    ):
        messages.success(request, f"You signed off the {phase} phase")
        return redirect(_overview_url(programme))
    intro = f"You are signing off the {phase} phase of {programme.name} as its board sponsor."
    return _form_page(
        request,
        programme=programme,
        form=form,
        title=f"Sign off the {phase} phase",
        intro=intro,
        back=_phase_url(phase),
        open_steps=open_steps,
        open_step_list=[
            step
            for step in selectors.step_list_for_phase(phase=phase)
            if step.required and not step.is_done
        ],
    )


def step_add(request, pk, kind):
    programme = programme_or_404(request, pk, Permission.EDIT_PROGRAMME)
    phase = _phase_or_404(programme, kind)
    form = StepForm(
        form_data(request),
        people=selectors.team_members_for(programme=programme),
        submit_text="Add step",
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(
            form,
            lambda: services.step_create(phase=phase, actor=request.user, **form.cleaned_data),
        )
    ):
        messages.success(request, f"‘{form.cleaned_data['title']}’ is added")
        return redirect(_phase_url(phase))
    return _form_page(
        request,
        programme=programme,
        form=form,
        title=f"Add a step to {phase}",
        back=_phase_url(phase),
    )


def step_edit(request, pk):
    step = step_or_404(request, pk, Permission.EDIT_PROGRAMME)
    programme = step.phase.programme
    form = StepForm(
        form_data(request),
        people=selectors.team_members_for(programme=programme),
        initial={
            "title": step.title,
            "description": step.description,
            "required": step.required,
            "owner": step.owner_id,
            "due_on": step.due_on,
        },
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(
            form, lambda: services.step_update(step=step, actor=request.user, **form.cleaned_data)
        )
    ):
        messages.success(request, "Your changes are saved")
        return redirect(_phase_url(step))
    return _form_page(
        request,
        programme=programme,
        form=form,
        title="Change a step",
        back=_phase_url(step),
        delete_url=reverse("programmes:step-delete", kwargs={"pk": step.pk}),
        delete_label="Remove this step",
    )


def step_complete(request, pk):
    step = step_or_404(request, pk, Permission.EDIT_PROGRAMME)
    programme = step.phase.programme
    form = StepCompleteForm(
        form_data(request),
        request.FILES if request.method == "POST" else None,
        initial={"evidence_note": step.evidence_note, "evidence_link": step.evidence_link},
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(
            form,
            lambda: services.step_complete(step=step, actor=request.user, **form.cleaned_data),
        )
    ):
        messages.success(request, f"‘{step.title}’ is done")
        return redirect(_phase_url(step))
    return _form_page(
        request,
        programme=programme,
        form=form,
        title=f"Complete: {step.title}",
        intro="Record what shows the step is done: a note, a link or a file.",
        back=_phase_url(step),
    )


@require_POST
def step_reopen(request, pk):
    step = step_or_404(request, pk, Permission.EDIT_PROGRAMME)
    try:
        services.step_reopen(step=step, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"‘{step.title}’ is open again")
    return redirect(_phase_url(step))


@require_POST
def step_move(request, pk):
    step = step_or_404(request, pk, Permission.EDIT_PROGRAMME)
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        raise Http404("direction")
    try:
        services.step_move(step=step, actor=request.user, direction=direction)
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect(_phase_url(step))


@require_POST
def step_delete(request, pk):
    step = step_or_404(request, pk, Permission.EDIT_PROGRAMME)
    back = _phase_url(step)
    try:
        services.step_delete(step=step, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"‘{step.title}’ is removed")
    return redirect(back)


def _download(file_field, name):
    if not file_field:
        raise Http404("no file")
    return FileResponse(file_field.open("rb"), as_attachment=True, filename=name or None)


def step_evidence(request, pk):
    step = step_or_404(request, pk, Permission.VIEW_PROGRAMME)
    return _download(step.evidence_file, step.evidence_file_name)


# --- the national template -------------------------------------------------------------


@permission_required(Permission.EDIT_TEMPLATE, raise_exception=True)
def template_list(request):
    templates = list(selectors.step_template_list())
    phases = [(kind.label, [t for t in templates if t.phase_kind == kind]) for kind in PhaseKind]
    return render(request, "programmes/template_list.html", {"phases": phases})


def _template_or_404(pk):
    template = selectors.step_template_get(pk=pk)
    if template is None:
        raise Http404("template step")
    return template


@permission_required(Permission.EDIT_TEMPLATE, raise_exception=True)
def template_add(request):
    form = StepTemplateForm(form_data(request), initial={"required": True}, submit_text="Add step")
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(form, lambda: services.step_template_create(**form.cleaned_data))
    ):
        messages.success(request, "The step is added to the template")
        return redirect("programmes:template")
    return render(
        request,
        FORM_PAGE,
        {
            "form": form,
            "title": "Add a step to the national template",
            "caption": "National step template",
            "intro": "New programmes start with it; programmes already running keep theirs.",
            "back": reverse("programmes:template"),
        },
    )


@permission_required(Permission.EDIT_TEMPLATE, raise_exception=True)
def template_edit(request, pk):
    template = _template_or_404(pk)
    form = StepTemplateForm(
        form_data(request),
        initial={
            "phase_kind": template.phase_kind,
            "title": template.title,
            "description": template.description,
            "required": template.required,
            "tool": template.tool,
        },
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(
            form, lambda: services.step_template_update(template=template, **form.cleaned_data)
        )
    ):
        messages.success(request, "The template step is saved")
        return redirect("programmes:template")
    return render(
        request,
        FORM_PAGE,
        {
            "form": form,
            "title": "Change a template step",
            "caption": "National step template",
            "intro": "Programmes already running keep their own steps.",
            "back": reverse("programmes:template"),
            "delete_url": reverse("programmes:template-delete", kwargs={"pk": template.pk}),
            "delete_label": "Remove from the template",
        },
    )


@require_POST
@permission_required(Permission.EDIT_TEMPLATE, raise_exception=True)
def template_move(request, pk):
    template = _template_or_404(pk)
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        raise Http404("direction")
    services.step_template_move(template=template, direction=direction)
    return redirect("programmes:template")


@require_POST
@permission_required(Permission.EDIT_TEMPLATE, raise_exception=True)
def template_delete(request, pk):
    template = _template_or_404(pk)
    services.step_template_delete(template=template)
    messages.success(request, f"‘{template.title}’ is removed from the template")
    return redirect("programmes:template")


# --- synthesis --------------------------------------------------------------------------


def finding_list(request, pk):
    programme = programme_or_404(request, pk, Permission.VIEW_PROGRAMME)
    element = request.GET.get("element", "")
    findings = selectors.finding_list(programme=programme)
    if element in FRAMEWORK_ELEMENTS[programme.framework]:
        findings = findings.filter(element=element)
    else:
        element = ""
    context = {
        "programme": programme,
        "section": "findings",
        "findings": findings,
        "element": element,
        "elements": [
            (code, Element(code).label) for code in FRAMEWORK_ELEMENTS[programme.framework]
        ],
        "can_edit": _can(request, Permission.EDIT_PROGRAMME, programme),
    }
    return render(request, "programmes/findings.html", context)


def _findings_url(programme):
    return reverse("programmes:findings", kwargs={"pk": programme.pk})


def finding_add(request, pk):
    programme = programme_or_404(request, pk, Permission.EDIT_PROGRAMME)
    # Pages elsewhere (a survey's results, a tool's page) open the form filled in.
    prefill = ("tool", "element", "kind", "statement", "evidence_link")
    initial = {key: request.GET[key][:2000] for key in prefill if key in request.GET}
    form = FindingForm(
        form_data(request),
        framework=programme.framework,
        initial=initial,
        submit_text="Add finding",
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(
            form,
            lambda: services.finding_create(
                programme=programme, actor=request.user, **form.cleaned_data
            ),
        )
    ):
        messages.success(request, "The finding is recorded")
        return redirect(_findings_url(programme))
    return _form_page(
        request,
        programme=programme,
        form=form,
        title="Add a finding",
        back=_findings_url(programme),
    )


def finding_edit(request, pk):
    finding = finding_or_404(request, pk, Permission.EDIT_PROGRAMME)
    programme = finding.programme
    form = FindingForm(
        form_data(request),
        framework=programme.framework,
        initial={
            "statement": finding.statement,
            "kind": finding.kind,
            "element": finding.element,
            "tool": finding.tool,
            "evidence_link": finding.evidence_link,
        },
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(
            form,
            lambda: services.finding_update(
                finding=finding, actor=request.user, **form.cleaned_data
            ),
        )
    ):
        messages.success(request, "Your changes are saved")
        return redirect(_findings_url(programme))
    return _form_page(
        request,
        programme=programme,
        form=form,
        title="Change a finding",
        back=_findings_url(programme),
        delete_url=reverse("programmes:finding-delete", kwargs={"pk": finding.pk}),
        delete_label="Remove this finding",
    )


@require_POST
def finding_delete(request, pk):
    finding = finding_or_404(request, pk, Permission.EDIT_PROGRAMME)
    programme = finding.programme
    try:
        services.finding_delete(finding=finding, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "The finding is removed")
    return redirect(_findings_url(programme))


def _board(programme):
    findings = list(selectors.finding_list(programme=programme))
    summaries = {s.element: s.summary for s in programme.element_summaries.all()}
    return presenters.synthesis_board(
        framework=programme.framework,
        counts=selectors.finding_counts(programme=programme),
        summaries=summaries,
        findings=findings,
    )


def synthesis_board(request, pk):
    programme = programme_or_404(request, pk, Permission.VIEW_PROGRAMME)
    context = {
        "programme": programme,
        "section": "synthesis",
        "board": _board(programme),
        "tools": presenters.board_tool_headers(),
        "can_edit": _can(request, Permission.EDIT_PROGRAMME, programme),
    }
    return render(request, "programmes/synthesis.html", context)


def synthesis_export(request, pk, file_format):
    programme = programme_or_404(request, pk, Permission.VIEW_PROGRAMME)
    if file_format not in ("csv", "xlsx"):
        raise Http404("format")
    header, rows = presenters.synthesis_export_rows(_board(programme))
    findings_header, findings = presenters.findings_export_rows(
        selectors.finding_list(programme=programme)
    )
    # One table: the board's counts, a blank line, then every finding.
    table = [*rows, [], findings_header, *findings]
    return table_download(
        filename=f"synthesis-{programme.trust.ods_code.lower()}",
        file_format=file_format,
        sheet="Synthesis",
        header=header,
        rows=table,
    )


def element_summary_edit(request, pk, element):
    programme = programme_or_404(request, pk, Permission.EDIT_PROGRAMME)
    if element not in FRAMEWORK_ELEMENTS[programme.framework]:
        raise Http404("element")
    current = programme.element_summaries.filter(element=element).first()
    form = ElementSummaryForm(
        form_data(request), initial={"summary": current.summary if current else ""}
    )
    back = reverse("programmes:synthesis", kwargs={"pk": programme.pk})
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(
            form,
            lambda: services.element_summary_set(
                programme=programme, actor=request.user, element=element, **form.cleaned_data
            ),
        )
    ):
        messages.success(request, "The summary is saved")
        return redirect(f"{back}#element-{element}")
    return _form_page(
        request,
        programme=programme,
        form=form,
        title=f"Summary: {Element(element).label}",
        back=back,
    )


# --- design -----------------------------------------------------------------------------


def intervention_list(request, pk):
    programme = programme_or_404(request, pk, Permission.VIEW_PROGRAMME)
    interventions = list(selectors.intervention_list(programme=programme))
    context = {
        "programme": programme,
        "section": "interventions",
        "interventions": interventions,
        "map": presenters.intervention_map(
            framework=programme.framework, interventions=interventions
        ),
        "can_edit": _can(request, Permission.EDIT_PROGRAMME, programme),
    }
    return render(request, "programmes/interventions.html", context)


def _interventions_url(programme):
    return reverse("programmes:interventions", kwargs={"pk": programme.pk})


def intervention_add(request, pk):
    programme = programme_or_404(request, pk, Permission.EDIT_PROGRAMME)
    form = InterventionForm(
        form_data(request), framework=programme.framework, submit_text="Add intervention"
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(
            form,
            lambda: services.intervention_create(
                programme=programme, actor=request.user, **form.cleaned_data
            ),
        )
    ):
        messages.success(request, "The intervention is added")
        return redirect(_interventions_url(programme))
    return _form_page(
        request,
        programme=programme,
        form=form,
        title="Add an intervention",
        back=_interventions_url(programme),
    )


def intervention_edit(request, pk):
    intervention = intervention_or_404(request, pk, Permission.EDIT_PROGRAMME)
    programme = intervention.programme
    form = InterventionForm(
        form_data(request),
        framework=programme.framework,
        initial={
            "title": intervention.title,
            "description": intervention.description,
            "status": intervention.status,
            "elements": intervention.elements,
            "owner": intervention.owner,
            "priority": intervention.priority,
        },
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(
            form,
            lambda: services.intervention_update(
                intervention=intervention, actor=request.user, **form.cleaned_data
            ),
        )
    ):
        messages.success(request, "Your changes are saved")
        return redirect(_interventions_url(programme))
    return _form_page(
        request,
        programme=programme,
        form=form,
        title="Change an intervention",
        back=_interventions_url(programme),
        delete_url=reverse("programmes:intervention-delete", kwargs={"pk": intervention.pk}),
        delete_label="Remove this intervention",
    )


@require_POST
def intervention_delete(request, pk):
    intervention = intervention_or_404(request, pk, Permission.EDIT_PROGRAMME)
    programme = intervention.programme
    try:
        services.intervention_delete(intervention=intervention, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "The intervention is removed")
    return redirect(_interventions_url(programme))


def _strategy_url(programme):
    return reverse("programmes:strategy", kwargs={"pk": programme.pk})


def strategy_detail(request, pk):
    programme = programme_or_404(request, pk, Permission.VIEW_PROGRAMME)
    strategy = selectors.strategy_for(programme=programme)
    commitments = {}
    for commitment in strategy.commitments.all():
        commitments.setdefault(commitment.get_kind_display(), []).append(commitment)
    context = {
        "programme": programme,
        "section": "strategy",
        "strategy": strategy,
        "commitments": commitments,
        "can_edit": _can(request, Permission.EDIT_PROGRAMME, programme),
    }
    return render(request, "programmes/strategy.html", context)


def strategy_edit(request, pk):
    programme = programme_or_404(request, pk, Permission.EDIT_PROGRAMME)
    strategy = selectors.strategy_for(programme=programme)
    form = StrategyForm(
        form_data(request),
        request.FILES if request.method == "POST" else None,
        initial={
            "commitment": strategy.commitment,
            "vision": strategy.vision,
            "board_approved_on": strategy.board_approved_on,
        },
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(
            form,
            lambda: services.strategy_update(
                strategy=strategy, actor=request.user, **form.cleaned_data
            ),
        )
    ):
        messages.success(request, "The strategy is saved")
        return redirect(_strategy_url(programme))
    return _form_page(
        request,
        programme=programme,
        form=form,
        title="Collective leadership strategy",
        back=_strategy_url(programme),
    )


def strategy_document(request, pk):
    programme = programme_or_404(request, pk, Permission.VIEW_PROGRAMME)
    strategy = selectors.strategy_for(programme=programme)
    return _download(strategy.document, strategy.document_name)


def priority_add(request, pk):
    programme = programme_or_404(request, pk, Permission.EDIT_PROGRAMME)
    strategy = selectors.strategy_for(programme=programme)
    form = PriorityForm(
        form_data(request),
        findings=selectors.finding_list(programme=programme),
        submit_text="Add priority",
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(
            form,
            lambda: services.priority_create(
                strategy=strategy, actor=request.user, **form.cleaned_data
            ),
        )
    ):
        messages.success(request, "The priority is added")
        return redirect(_strategy_url(programme))
    return _form_page(
        request,
        programme=programme,
        form=form,
        title="Add a priority",
        back=_strategy_url(programme),
    )


def _priority_or_404(programme, priority_pk):
    priority = selectors.priority_get(programme=programme, pk=priority_pk)
    if priority is None:
        raise Http404("priority")
    return priority


def priority_edit(request, pk, priority_pk):
    programme = programme_or_404(request, pk, Permission.EDIT_PROGRAMME)
    priority = _priority_or_404(programme, priority_pk)
    form = PriorityForm(
        form_data(request),
        findings=selectors.finding_list(programme=programme),
        initial={
            "title": priority.title,
            "description": priority.description,
            "findings": [finding.pk for finding in priority.findings.all()],
        },
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(
            form,
            lambda: services.priority_update(
                priority=priority, actor=request.user, **form.cleaned_data
            ),
        )
    ):
        messages.success(request, "Your changes are saved")
        return redirect(_strategy_url(programme))
    return _form_page(
        request,
        programme=programme,
        form=form,
        title="Change a priority",
        back=_strategy_url(programme),
        delete_url=reverse(
            "programmes:priority-delete", kwargs={"pk": programme.pk, "priority_pk": priority.pk}
        ),
        delete_label="Remove this priority",
    )


@require_POST
def priority_delete(request, pk, priority_pk):
    programme = programme_or_404(request, pk, Permission.EDIT_PROGRAMME)
    priority = _priority_or_404(programme, priority_pk)
    services.priority_delete(priority=priority, actor=request.user)
    messages.success(request, "The priority is removed")
    return redirect(_strategy_url(programme))


def commitment_add(request, pk):
    programme = programme_or_404(request, pk, Permission.EDIT_PROGRAMME)
    strategy = selectors.strategy_for(programme=programme)
    form = CommitmentForm(form_data(request))
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(
            form,
            lambda: services.commitment_create(
                strategy=strategy, actor=request.user, **form.cleaned_data
            ),
        )
    ):
        messages.success(request, "The commitment is added")
        return redirect(_strategy_url(programme))
    return _form_page(
        request,
        programme=programme,
        form=form,
        title="Add a commitment",
        intro="What the trust will change: its structures, its systems or how people behave.",
        back=_strategy_url(programme),
    )


@require_POST
def commitment_delete(request, pk, commitment_pk):
    programme = programme_or_404(request, pk, Permission.EDIT_PROGRAMME)
    commitment = selectors.commitment_get(programme=programme, pk=commitment_pk)
    if commitment is None:
        raise Http404("commitment")
    services.commitment_delete(commitment=commitment, actor=request.user)
    messages.success(request, "The commitment is removed")
    return redirect(_strategy_url(programme))


# --- deliver ----------------------------------------------------------------------------


def _actions_url(programme):
    return reverse("programmes:actions", kwargs={"pk": programme.pk})


def action_list(request, pk):
    programme = programme_or_404(request, pk, Permission.VIEW_PROGRAMME)
    status = request.GET.get("status", "")
    if status not in ActionStatus.values:
        status = ""
    mine = request.GET.get("owner") == "me"
    actions = selectors.action_list(
        programme=programme, status=status, owner_id=request.user.pk if mine else None
    )
    context = {
        "programme": programme,
        "section": "actions",
        "actions": actions,
        "today": timezone.localdate(),
        "can_edit": _can(request, Permission.EDIT_PROGRAMME, programme),
        "status": status,
        "mine": mine,
        "statuses": ActionStatus.choices,
    }
    return render(request, "programmes/actions.html", context)


def _action_form(request, programme, **kwargs):
    strategy = selectors.strategy_for(programme=programme)
    return ActionForm(
        form_data(request),
        people=selectors.team_members_for(programme=programme),
        priorities=strategy.priorities.all(),
        framework=programme.framework,
        **kwargs,
    )


def action_add(request, pk):
    programme = programme_or_404(request, pk, Permission.EDIT_PROGRAMME)
    initial = {"priority": request.GET.get("priority")} if request.GET.get("priority") else {}
    form = _action_form(request, programme, initial=initial, submit_text="Add action")
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(
            form,
            lambda: services.action_create(
                programme=programme, actor=request.user, **form.cleaned_data
            ),
        )
    ):
        messages.success(request, "The action is added")
        return redirect(_actions_url(programme))
    return _form_page(
        request,
        programme=programme,
        form=form,
        title="Add an action",
        back=_actions_url(programme),
    )


def action_edit(request, pk):
    action = action_or_404(request, pk, Permission.EDIT_PROGRAMME)
    programme = action.programme
    form = _action_form(
        request,
        programme,
        initial={
            "title": action.title,
            "priority": action.priority_id,
            "owner": action.owner_id,
            "due_on": action.due_on,
            "status": action.status,
            "element": action.element,
            "resources": action.resources,
        },
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(
            form,
            lambda: services.action_update(action=action, actor=request.user, **form.cleaned_data),
        )
    ):
        messages.success(request, "Your changes are saved")
        return redirect(_actions_url(programme))
    return _form_page(
        request,
        programme=programme,
        form=form,
        title="Change an action",
        back=_actions_url(programme),
        delete_url=reverse("programmes:action-delete", kwargs={"pk": action.pk}),
        delete_label="Remove this action",
    )


@require_POST
def action_delete(request, pk):
    action = action_or_404(request, pk, Permission.EDIT_PROGRAMME)
    programme = action.programme
    try:
        services.action_delete(action=action, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "The action is removed")
    return redirect(_actions_url(programme))
