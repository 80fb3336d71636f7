"""Design: interventions, the intervention map and the strategy."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.form_flow import action_flow, form_flow
from core.forms import form_data
from programmes import presenters, selectors, services
from programmes.access import (
    intervention_or_404,
    programme_or_404,
)
from programmes.forms import (
    BoardApprovalForm,
    CommitmentForm,
    InterventionForm,
    PriorityForm,
    StrategyForm,
)
from programmes.rules import Permission
from programmes.views.common import file_download, has_perm, page_context

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
        "can_edit": has_perm(request, Permission.EDIT_PROGRAMME, programme),
    }
    return render(request, "programmes/interventions.html", context)


def _interventions_url(programme):
    return reverse("programmes:interventions", kwargs={"pk": programme.pk})


def intervention_add(request, pk):
    programme = programme_or_404(request, pk, Permission.EDIT_PROGRAMME)
    form = InterventionForm(
        form_data(request), framework=programme.framework, submit_text="Add intervention"
    )
    return form_flow(
        request,
        form,
        save=lambda data: services.intervention_create(
            programme=programme, actor=request.user, **data
        ),
        success="The intervention is added",
        redirect_to=_interventions_url(programme),
        context=page_context(
            programme, title="Add an intervention", back=_interventions_url(programme)
        ),
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
    return form_flow(
        request,
        form,
        save=lambda data: services.intervention_update(
            intervention=intervention, actor=request.user, **data
        ),
        success="Your changes are saved",
        redirect_to=_interventions_url(programme),
        context=page_context(
            programme,
            title="Change an intervention",
            back=_interventions_url(programme),
            delete_url=reverse("programmes:intervention-delete", kwargs={"pk": intervention.pk}),
            delete_label="Remove this intervention",
        ),
    )


@require_POST
def intervention_delete(request, pk):
    intervention = intervention_or_404(request, pk, Permission.EDIT_PROGRAMME)
    programme = intervention.programme
    return action_flow(
        request,
        lambda: services.intervention_delete(intervention=intervention, actor=request.user),
        success="The intervention is removed",
        redirect_to=_interventions_url(programme),
    )


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
        "can_edit": has_perm(request, Permission.EDIT_PROGRAMME, programme),
        "can_approve": has_perm(request, Permission.APPROVE_STRATEGY, programme),
    }
    return render(request, "programmes/strategy.html", context)


def strategy_edit(request, pk):
    programme = programme_or_404(request, pk, Permission.EDIT_PROGRAMME)
    strategy = selectors.strategy_for(programme=programme)
    form = StrategyForm(
        form_data(request),
        request.FILES if request.method == "POST" else None,
        initial={"commitment": strategy.commitment, "vision": strategy.vision},
    )
    return form_flow(
        request,
        form,
        save=lambda data: services.strategy_update(strategy=strategy, actor=request.user, **data),
        success="The strategy is saved",
        redirect_to=_strategy_url(programme),
        context=page_context(
            programme, title="Collective leadership strategy", back=_strategy_url(programme)
        ),
    )


def strategy_board_approval(request, pk):
    """The board sponsor records the board's approval of the strategy."""
    programme = programme_or_404(request, pk, Permission.APPROVE_STRATEGY)
    strategy = selectors.strategy_for(programme=programme)
    form = BoardApprovalForm(
        form_data(request),
        request.FILES if request.method == "POST" else None,
        document_name=strategy.document_name,
    )
    return form_flow(
        request,
        form,
        save=lambda data: services.strategy_board_approve(
            strategy=strategy, actor=request.user, **data
        ),
        success="The board's approval of the strategy is recorded",
        redirect_to=_strategy_url(programme),
        context=page_context(
            programme,
            title="Record the board's approval",
            intro="Record the date of the board meeting that approved the collective leadership "
            "strategy, and the strategy as it was approved. Its commitment, vision and document "
            "then stand as approved.",
            back=_strategy_url(programme),
        ),
    )


def strategy_document(request, pk):
    programme = programme_or_404(request, pk, Permission.VIEW_PROGRAMME)
    strategy = selectors.strategy_for(programme=programme)
    return file_download(strategy.document, strategy.document_name)


def priority_add(request, pk):
    programme = programme_or_404(request, pk, Permission.EDIT_PROGRAMME)
    strategy = selectors.strategy_for(programme=programme)
    form = PriorityForm(
        form_data(request),
        findings=selectors.finding_list(programme=programme),
        submit_text="Add priority",
    )
    return form_flow(
        request,
        form,
        save=lambda data: services.priority_create(strategy=strategy, actor=request.user, **data),
        success="The priority is added",
        redirect_to=_strategy_url(programme),
        context=page_context(programme, title="Add a priority", back=_strategy_url(programme)),
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
    return form_flow(
        request,
        form,
        save=lambda data: services.priority_update(priority=priority, actor=request.user, **data),
        success="Your changes are saved",
        redirect_to=_strategy_url(programme),
        context=page_context(
            programme,
            title="Change a priority",
            back=_strategy_url(programme),
            delete_url=reverse(
                "programmes:priority-delete",
                kwargs={"pk": programme.pk, "priority_pk": priority.pk},
            ),
            delete_label="Remove this priority",
        ),
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
    return form_flow(
        request,
        CommitmentForm(form_data(request)),
        save=lambda data: services.commitment_create(strategy=strategy, actor=request.user, **data),
        success="The commitment is added",
        redirect_to=_strategy_url(programme),
        context=page_context(
            programme,
            title="Add a commitment",
            intro="What the trust will change: its structures, its systems or how people behave.",
            back=_strategy_url(programme),
        ),
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
