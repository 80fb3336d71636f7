"""National admins' instrument pages: versions, editing a draft, preview, publishing."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from core.exceptions import ApplicationError
from core.form_flow import action_flow, form_flow
from core.forms import form_data
from diagnostics.instruments import presenters, selectors, services
from diagnostics.instruments.forms import (
    CommentQuestionForm,
    ItemForm,
    NewItemForm,
    SectionDetailsForm,
    SectionForm,
)
from diagnostics.rules import Permission

manage_instruments = permission_required(Permission.MANAGE_INSTRUMENTS, raise_exception=True)


def _found(thing, what: str):
    """What a selector found, or a 404 naming what was not."""
    if thing is None:
        raise Http404(what)
    return thing


@manage_instruments
def instrument_list(request):
    return render(
        request, "diagnostics/instrument_list.html", {"instruments": selectors.instrument_list()}
    )


@manage_instruments
def version_detail(request, pk):
    version = _found(selectors.instrument_version_get(pk=pk), "version")
    context = {
        "version": version,
        "sections": selectors.survey_sections(version),
        "comment_questions": version.comment_questions.all(),
        "has_draft": version.instrument.versions.filter(status="draft").exists(),
    }
    return render(request, "diagnostics/version_detail.html", context)


@manage_instruments
def version_preview(request, pk, number):
    """Each section exactly as staff see it; the buttons only move between previews."""
    version = _found(selectors.instrument_version_get(pk=pk), "version")
    sections = selectors.survey_sections(version)
    if not 1 <= number <= len(sections):
        raise Http404("section")
    is_last = number == len(sections)
    form = SectionForm(
        section=sections[number - 1],
        comment_questions=list(version.comment_questions.all()) if is_last else [],
    )
    context = {
        "version": version,
        "section": sections[number - 1],
        "number": number,
        "steps": len(sections),
        "questions": presenters.section_questions_html(
            sections[number - 1].items.all(), chosen={}, errors={}
        ),
        "comment_fields": presenters.comment_fields(form),
        "form": form,
        "next_url": None
        if is_last
        else reverse("diagnostics:version-preview", kwargs={"pk": pk, "number": number + 1}),
        "back_url": reverse("diagnostics:version-preview", kwargs={"pk": pk, "number": number - 1})
        if number > 1
        else reverse("diagnostics:version-detail", kwargs={"pk": pk}),
    }
    return render(request, "diagnostics/version_preview.html", context)


@manage_instruments
@require_POST
def version_new_draft(request, pk):
    version = _found(selectors.instrument_version_get(pk=pk), "version")
    try:
        draft = services.instrument_version_draft_create(version=version)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("diagnostics:version-detail", pk=version.pk)
    messages.success(request, f"Version {draft.number} is a new draft: edit its questions")
    return redirect("diagnostics:version-detail", pk=draft.pk)


@manage_instruments
@require_POST
def version_publish(request, pk):
    version = _found(selectors.instrument_version_get(pk=pk), "version")
    try:
        services.instrument_version_publish(version=version)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Version {version.number} is published and can no longer change")
    return redirect("diagnostics:version-detail", pk=version.pk)


@manage_instruments
def item_edit(request, pk):
    item = _found(selectors.item_get(pk=pk), "item")
    version = item.section.version
    if version.is_published:
        messages.error(request, "A published version cannot change. Create a new draft to edit")
        return redirect("diagnostics:version-detail", pk=version.pk)
    # The form gets its own copy: validating a model form changes its instance.
    form = ItemForm(form_data(request), instance=selectors.item_get(pk=pk))
    return _editor_form(
        request,
        form,
        save=lambda data: services.item_update(item=item, **_meta_fields(ItemForm, data)),
        success=lambda _: f"Question {item.code} saved",
        page=_editor_page(version, f"Change question {item.code}", page_title=""),
    )


@manage_instruments
def section_edit(request, pk):
    section = _found(selectors.section_get(pk=pk), "section")
    form = SectionDetailsForm(
        form_data(request), initial={"title": section.title, "description": section.description}
    )
    return _editor_form(
        request,
        form,
        save=lambda data: services.section_update(section=section, **data),
        success="Section saved",
        page=_editor_page(section.version, "Change section"),
    )


@manage_instruments
def item_add(request, pk):
    section = _found(selectors.section_get(pk=pk), "section")
    page = _editor_page(
        section.version,
        "Add a question",
        page_title=f"Add a question – {section.title}",
        caption=f"{section.version}: {section.title}",
        intro="It goes at the end of the section; move it afterwards if it belongs higher up.",
    )
    return _editor_form(
        request,
        NewItemForm(form_data(request)),
        save=lambda data: services.item_create(section=section, **_meta_fields(NewItemForm, data)),
        success=lambda item: f"Question {item.code} added",
        page=page,
    )


@manage_instruments
@require_POST
def item_delete(request, pk):
    item = _found(selectors.item_get(pk=pk), "item")
    return action_flow(
        request,
        lambda: services.item_delete(item=item),
        success=f"Question {item.code} removed",
        redirect_to=reverse("diagnostics:version-detail", kwargs={"pk": item.section.version_id}),
    )


@manage_instruments
@require_POST
def item_move(request, pk):
    item = _found(selectors.item_get(pk=pk), "item")
    return action_flow(
        request,
        lambda: services.item_move(item=item, up=request.POST.get("direction") == "up"),
        success=None,
        redirect_to=reverse("diagnostics:version-detail", kwargs={"pk": item.section.version_id}),
    )


def _meta_fields(form_class, data) -> dict:
    return {name: data[name] for name in form_class.Meta.fields}


def _editor_page(version, title, *, page_title=None, caption=None, intro="") -> dict:
    """The context of a form page that changes a draft `version`; the browser tab names the
    version after the title unless `page_title` says otherwise ("" for the title alone)."""
    return {
        "title": title,
        "page_title": f"{title} – {version}" if page_title is None else page_title,
        "caption": caption or version,
        "intro": intro,
        "back": reverse("diagnostics:version-detail", kwargs={"pk": version.pk}),
    }


def _editor_form(request, form, *, save, success, page):
    """Save a draft's editor form and go back to the version. A service's ValidationError is
    shown on the form; an ApplicationError (the version was published meanwhile) goes back to
    the version with the message, as success does."""
    return form_flow(
        request,
        form,
        save=save,
        success=success,
        redirect_to=page["back"],
        context=page,
        refusal_redirect=page["back"],
    )


@manage_instruments
def section_add(request, pk):
    version = _found(selectors.instrument_version_get(pk=pk), "version")
    page = _editor_page(
        version,
        "Add a section",
        intro="It goes at the end of the survey; move it afterwards if it belongs higher up.",
    )
    return _editor_form(
        request,
        SectionDetailsForm(form_data(request), submit_text="Add section"),
        save=lambda data: services.section_create(version=version, **data),
        success=lambda section: f"Section {section.title} added: now add its questions",
        page=page,
    )


@manage_instruments
def section_delete(request, pk):
    """GET asks to confirm (a section can hold many questions); POST removes it."""
    section = _found(selectors.section_get(pk=pk), "section")
    if request.method == "POST":
        return action_flow(
            request,
            lambda: services.section_delete(section=section),
            success=lambda removed: f"Section {section.title} removed, with {removed} question(s)",
            redirect_to=reverse("diagnostics:version-detail", kwargs={"pk": section.version_id}),
        )
    if section.version.is_published:
        messages.error(request, "A published version cannot change. Create a new draft to edit")
        return redirect("diagnostics:version-detail", pk=section.version_id)
    return render(
        request,
        "diagnostics/section_delete.html",
        {"section": section, "question_count": section.items.count()},
    )


@manage_instruments
@require_POST
def section_move(request, pk):
    section = _found(selectors.section_get(pk=pk), "section")
    return action_flow(
        request,
        lambda: services.section_move(section=section, up=request.POST.get("direction") == "up"),
        success=None,
        redirect_to=reverse("diagnostics:version-detail", kwargs={"pk": section.version_id}),
    )


@manage_instruments
def comment_question_add(request, pk):
    version = _found(selectors.instrument_version_get(pk=pk), "version")
    return _editor_form(
        request,
        CommentQuestionForm(form_data(request)),
        save=lambda data: services.comment_question_create(version=version, **data),
        success=lambda question: f"Comment question {question.code} added",
        page=_editor_page(version, "Add a comment question"),
    )


@manage_instruments
def comment_question_edit(request, pk):
    question = _found(selectors.comment_question_get(pk=pk), "comment question")
    version = question.version
    if version.is_published:
        messages.error(request, "A published version cannot change. Create a new draft to edit")
        return redirect("diagnostics:version-detail", pk=version.pk)
    form = CommentQuestionForm(
        form_data(request), instance=question, submit_text="Save comment question"
    )
    return _editor_form(
        request,
        form,
        save=lambda data: services.comment_question_update(question=question, text=data["text"]),
        success=lambda _: f"Comment question {question.code} saved",
        page=_editor_page(version, f"Change comment question {question.code}"),
    )


@manage_instruments
@require_POST
def comment_question_delete(request, pk):
    question = _found(selectors.comment_question_get(pk=pk), "comment question")
    return action_flow(
        request,
        lambda: services.comment_question_delete(question=question),
        success=f"Comment question {question.code} removed",
        redirect_to=reverse("diagnostics:version-detail", kwargs={"pk": question.version_id}),
    )
