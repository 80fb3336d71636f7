"""National admins' instrument pages: versions, editing a draft, preview, publishing."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from core.exceptions import ApplicationError
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


def _version_or_404(pk):
    version = selectors.instrument_version_get(pk=pk)
    if version is None:
        raise Http404("version")
    return version


@manage_instruments
def instrument_list(request):
    return render(
        request, "diagnostics/instrument_list.html", {"instruments": selectors.instrument_list()}
    )


@manage_instruments
def version_detail(request, pk):
    version = _version_or_404(pk)
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
    version = _version_or_404(pk)
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
    version = _version_or_404(pk)
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
    version = _version_or_404(pk)
    try:
        services.instrument_version_publish(version=version)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Version {version.number} is published and can no longer change")
    return redirect("diagnostics:version-detail", pk=version.pk)


@manage_instruments
def item_edit(request, pk):
    item = selectors.item_get(pk=pk)
    if item is None:
        raise Http404("item")
    version = item.section.version
    if version.is_published:
        messages.error(request, "A published version cannot change. Create a new draft to edit")
        return redirect("diagnostics:version-detail", pk=version.pk)
    form = ItemForm(form_data(request), instance=selectors.item_get(pk=pk))
    done = _save_or_show(
        request,
        form,
        lambda: services.item_update(
            item=item, **{name: form.cleaned_data[name] for name in ItemForm.Meta.fields}
        ),
        saved=lambda _: f"Question {item.code} saved",
        version_pk=version.pk,
    )
    return done or render(request, "diagnostics/item_form.html", {"form": form, "item": item})


def _section_or_404(pk):
    section = selectors.section_get(pk=pk)
    if section is None:
        raise Http404("section")
    return section


@manage_instruments
def section_edit(request, pk):
    section = _section_or_404(pk)
    form = SectionDetailsForm(
        form_data(request), initial={"title": section.title, "description": section.description}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.section_update(section=section, **form.cleaned_data)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Section saved")
        return redirect("diagnostics:version-detail", pk=section.version_id)
    return render(request, "diagnostics/section_form.html", {"form": form, "section": section})


@manage_instruments
def item_add(request, pk):
    section = _section_or_404(pk)
    form = NewItemForm(form_data(request))
    done = _save_or_show(
        request,
        form,
        lambda: services.item_create(
            section=section, **{name: form.cleaned_data[name] for name in NewItemForm.Meta.fields}
        ),
        saved=lambda item: f"Question {item.code} added",
        version_pk=section.version_id,
    )
    return done or render(request, "diagnostics/item_add.html", {"form": form, "section": section})


def _item_or_404(pk):
    item = selectors.item_get(pk=pk)
    if item is None:
        raise Http404("item")
    return item


@manage_instruments
@require_POST
def item_delete(request, pk):
    item = _item_or_404(pk)
    try:
        services.item_delete(item=item)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Question {item.code} removed")
    return redirect("diagnostics:version-detail", pk=item.section.version_id)


@manage_instruments
@require_POST
def item_move(request, pk):
    item = _item_or_404(pk)
    try:
        services.item_move(item=item, up=request.POST.get("direction") == "up")
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect("diagnostics:version-detail", pk=item.section.version_id)


def _editor_form_page(request, form, *, version, heading, intro=""):
    return render(
        request,
        "diagnostics/editor_form.html",
        {"form": form, "version": version, "heading": heading, "intro": intro},
    )


def _save_or_show(request, form, save, *, saved, version_pk):
    """For an editor form: on a valid POST run `save()`. A ValidationError goes on the form
    and the page is shown again (None); success, or an ApplicationError (the version was
    published meanwhile), goes back to the version with a message."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        created = save()
    except ValidationError as error:
        _form_errors(form, error)
        return None
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, saved(created))
    return redirect("diagnostics:version-detail", pk=version_pk)


def _form_errors(form, error: ValidationError) -> None:
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@manage_instruments
def section_add(request, pk):
    version = _version_or_404(pk)
    form = SectionDetailsForm(form_data(request), submit_text="Add section")
    done = _save_or_show(
        request,
        form,
        lambda: services.section_create(version=version, **form.cleaned_data),
        saved=lambda section: f"Section {section.title} added: now add its questions",
        version_pk=version.pk,
    )
    return done or _editor_form_page(
        request,
        form,
        version=version,
        heading="Add a section",
        intro="It goes at the end of the survey; move it afterwards if it belongs higher up.",
    )


@manage_instruments
def section_delete(request, pk):
    """GET asks to confirm (a section can hold many questions); POST removes it."""
    section = _section_or_404(pk)
    if request.method == "POST":
        try:
            removed = services.section_delete(section=section)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, f"Section {section.title} removed, with {removed} question(s)"
            )
        return redirect("diagnostics:version-detail", pk=section.version_id)
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
    section = _section_or_404(pk)
    try:
        services.section_move(section=section, up=request.POST.get("direction") == "up")
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect("diagnostics:version-detail", pk=section.version_id)


def _comment_question_or_404(pk):
    question = selectors.comment_question_get(pk=pk)
    if question is None:
        raise Http404("comment question")
    return question


@manage_instruments
def comment_question_add(request, pk):
    version = _version_or_404(pk)
    form = CommentQuestionForm(form_data(request))
    done = _save_or_show(
        request,
        form,
        lambda: services.comment_question_create(version=version, **form.cleaned_data),
        saved=lambda question: f"Comment question {question.code} added",
        version_pk=version.pk,
    )
    return done or _editor_form_page(
        request, form, version=version, heading="Add a comment question"
    )


@manage_instruments
def comment_question_edit(request, pk):
    question = _comment_question_or_404(pk)
    version = question.version
    if version.is_published:
        messages.error(request, "A published version cannot change. Create a new draft to edit")
        return redirect("diagnostics:version-detail", pk=version.pk)
    form = CommentQuestionForm(
        form_data(request), instance=question, submit_text="Save comment question"
    )
    done = _save_or_show(
        request,
        form,
        lambda: services.comment_question_update(question=question, text=form.cleaned_data["text"]),
        saved=lambda _: f"Comment question {question.code} saved",
        version_pk=version.pk,
    )
    return done or _editor_form_page(
        request, form, version=version, heading=f"Change comment question {question.code}"
    )


@manage_instruments
@require_POST
def comment_question_delete(request, pk):
    question = _comment_question_or_404(pk)
    try:
        services.comment_question_delete(question=question)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Comment question {question.code} removed")
    return redirect("diagnostics:version-detail", pk=question.version_id)
