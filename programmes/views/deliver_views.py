"""Deliver: the action plan, each action's progress notes, and the plan to print or
download."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from core.audit import audit_event_record
from core.form_flow import action_flow, form_flow
from core.forms import form_data
from core.tables import table_download
from programmes import presenters, selectors, services
from programmes.access import (
    action_note_or_404,
    action_or_404,
    action_to_note_or_404,
    programme_or_404,
)
from programmes.constants import (
    ActionStatus,
)
from programmes.forms import (
    ActionForm,
    ActionNoteForm,
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


def _action_url(action):
    return reverse("programmes:action", kwargs={"pk": action.pk})


def _action_page(request, action, form=None) -> dict:
    """The action's page: its details, and its progress notes newest first, with the form
    to add one for those who may."""
    programme = action.programme
    notes = list(selectors.action_note_list(action=action))
    may_note = has_perm(request, Permission.ADD_ACTION_NOTE, action)
    if may_note and form is None:
        form = ActionNoteForm(action_url=reverse("programmes:action-note-add", args=[action.pk]))
    return {
        "programme": programme,
        "section": "actions",
        "action": action,
        "notes": notes,
        "removable": {
            note.pk
            for note in notes
            if note.author_id == request.user.pk
            and has_perm(request, Permission.DELETE_ACTION_NOTE, note)
        },
        "form": form if may_note else None,
        "today": timezone.localdate(),
        "can_edit": has_perm(request, Permission.EDIT_PROGRAMME, programme),
        "back": _actions_url(programme),
    }


def action_detail(request, pk):
    action = action_or_404(request, pk, Permission.VIEW_PROGRAMME)
    return render(request, "programmes/action.html", _action_page(request, action))


def action_note_add(request, pk):
    action = action_to_note_or_404(request, pk)
    form = ActionNoteForm(
        form_data(request), action_url=reverse("programmes:action-note-add", args=[action.pk])
    )
    return form_flow(
        request,
        form,
        save=lambda data: services.action_note_add(action=action, actor=request.user, **data),
        success="Your progress note is added",
        redirect_to=f"{_action_url(action)}#notes",
        context=lambda: _action_page(request, action, form),
        template="programmes/action.html",
    )


@require_POST
def action_note_delete(request, pk):
    note = action_note_or_404(request, pk, Permission.DELETE_ACTION_NOTE)
    action = note.action
    return action_flow(
        request,
        lambda: services.action_note_delete(note=note, actor=request.user),
        success="Your progress note is removed",
        redirect_to=f"{_action_url(action)}#notes",
    )


def action_plan_print(request, pk):
    programme = programme_or_404(request, pk, Permission.VIEW_PROGRAMME)
    actions = selectors.action_plan_with_notes(programme=programme)
    context = {
        "programme": programme,
        "section": "actions",
        "actions": actions,
        "today": timezone.localdate(),
        "back": _actions_url(programme),
    }
    return render(request, "programmes/action_plan_print.html", context)


def action_plan_export(request, pk, file_format):
    programme = programme_or_404(request, pk, Permission.VIEW_PROGRAMME)
    if file_format not in ("csv", "xlsx"):
        raise Http404("format")
    header, rows = presenters.action_plan_export_rows(
        selectors.action_plan_with_notes(programme=programme)
    )
    audit_event_record(
        actor=request.user,
        action="programmes.action_plan_export",
        target=f"{programme.trust.name}: {programme.name}",
        detail={"programme": programme.pk, "format": file_format},
    )
    return table_download(
        filename=f"action-plan-{programme.trust.ods_code.lower()}",
        file_format=file_format,
        sheet="Action plan",
        header=header,
        rows=rows,
    )


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
