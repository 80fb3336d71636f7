"""The national step template: national admins only."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.forms import form_data, save_or_show
from programmes import selectors, services
from programmes.constants import (
    PhaseKind,
)
from programmes.forms import (
    StepTemplateForm,
)
from programmes.rules import Permission
from programmes.views.common import FORM_PAGE

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
        and save_or_show(form, lambda: services.step_template_create(**form.cleaned_data))
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
        and save_or_show(
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
