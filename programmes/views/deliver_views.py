"""Deliver: the action plan."""

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from core.form_flow import action_flow, form_flow
from core.forms import form_data
from programmes import selectors, services
from programmes.access import (
    action_or_404,
    programme_or_404,
)
from programmes.constants import (
    ActionStatus,
)
from programmes.forms import (
    ActionForm,
)
from programmes.rules import Permission
from programmes.views.common import has_perm, page_context

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
        "can_edit": has_perm(request, Permission.EDIT_PROGRAMME, programme),
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
    return form_flow(
        request,
        _action_form(request, programme, initial=initial, submit_text="Add action"),
        save=lambda data: services.action_create(programme=programme, actor=request.user, **data),
        success="The action is added",
        redirect_to=_actions_url(programme),
        context=page_context(programme, title="Add an action", back=_actions_url(programme)),
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
    return form_flow(
        request,
        form,
        save=lambda data: services.action_update(action=action, actor=request.user, **data),
        success="Your changes are saved",
        redirect_to=_actions_url(programme),
        context=page_context(
            programme,
            title="Change an action",
            back=_actions_url(programme),
            delete_url=reverse("programmes:action-delete", kwargs={"pk": action.pk}),
            delete_label="Remove this action",
        ),
    )


@require_POST
def action_delete(request, pk):
    action = action_or_404(request, pk, Permission.EDIT_PROGRAMME)
    programme = action.programme
    return action_flow(
        request,
        lambda: services.action_delete(action=action, actor=request.user),
        success="The action is removed",
        redirect_to=_actions_url(programme),
    )
