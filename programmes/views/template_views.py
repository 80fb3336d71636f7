"""The national step template: national admins only."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.form_flow import form_flow
from core.forms import form_data
from programmes import selectors, services
from programmes.constants import (
    PhaseKind,
)
from programmes.forms import (
    StepTemplateForm,
)
from programmes.rules import Permission

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


def _template_page(title, intro, **extra) -> dict:
    back = reverse("programmes:template")
    return {
        "title": title,
        "caption": "National step template",
        "intro": intro,
        "back": back,
        **extra,
    }


@permission_required(Permission.EDIT_TEMPLATE, raise_exception=True)
def template_add(request):
    form = StepTemplateForm(form_data(request), initial={"required": True}, submit_text="Add step")
    return form_flow(
        request,
        form,
        save=lambda data: services.step_template_create(**data),
        success="The step is added to the template",
        redirect_to="programmes:template",
        context=_template_page(
            "Add a step to the national template",
            "New programmes start with it; programmes already running keep theirs.",
        ),
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
    return form_flow(
        request,
        form,
        save=lambda data: services.step_template_update(template=template, **data),
        success="The template step is saved",
        redirect_to="programmes:template",
        context=_template_page(
            "Change a template step",
            "Programmes already running keep their own steps.",
            delete_url=reverse("programmes:template-delete", kwargs={"pk": template.pk}),
            delete_label="Remove from the template",
        ),
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
