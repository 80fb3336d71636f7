"""Library pages: the public library, the curators' workspace and page feedback."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, permission_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from core.exceptions import ApplicationError
from core.form_flow import form_flow
from core.forms import form_data
from core.pagination import query_without_page
from core.tables import csv_file_download
from resources import presenters, selectors, services
from resources.csv_import import parse_resource_csv, resource_example_csv
from resources.forms import (
    ApproveForm,
    CsvImportForm,
    FeedbackForm,
    ResourceForm,
    ReturnForm,
    feedback_token,
)
from resources.markdown import render_markdown
from resources.rules import Permission
from resources.uploads import content_type_for, safe_download_name

PAGE_SIZE = 20
CURATE = permission_required(Permission.CURATE, raise_exception=True)


# --- the public library ------------------------------------------------------------------


@login_not_required
def library(request):
    query = request.GET.get("q", "").strip()[:200]
    filters = {
        facet: request.GET.get(facet, "")
        for facet in selectors.FACETS
        if request.GET.get(facet, "") in presenters.facet_codes(facet)
    }
    sort = request.GET.get("sort", "")
    if sort not in selectors.SORTS:
        sort = "relevance" if query else "title"
    try:
        # Past the last page gives the last page; the cap keeps the database's OFFSET sane.
        number = min(max(1, int(request.GET.get("page", 1))), 100_000)
    except ValueError:
        number = 1
    result = selectors.library_search(
        query=query, filters=filters, sort=sort, page=number, size=PAGE_SIZE
    )
    paginator = Paginator(result.resources, PAGE_SIZE)
    paginator.count = result.total  # already counted with the facets; no second COUNT
    page = paginator.page(result.page)
    page.object_list = presenters.with_detail_urls(
        selectors.with_snippets(list(page.object_list), query, result.terms)
    )
    context = {
        "query": query,
        "filters": filters,
        "sort": sort,
        "sorts": selectors.SORTS,
        "facets": result.facets,
        "page": page,
        "total": result.total,
        "chips": presenters.selected_chips(request.GET, filters),
        "featured": presenters.with_detail_urls(selectors.featured())
        if not (query or filters or request.GET.get("page"))
        else [],
        "page_query": query_without_page(request.GET),
    }
    return render(request, "resources/library.html", context)


@login_not_required
def resource_detail(request, slug):
    resource = selectors.resource_get_published(slug=slug)
    if resource is None:
        raise Http404("resource")
    services.resource_viewed(resource=resource)
    context = {
        "resource": resource,
        "body": render_markdown(resource.body),
        "labels": presenters.tag_labels(resource),
        "related": selectors.related_to(resource),
    }
    return render(request, "resources/detail.html", context)


@login_not_required
def resource_download(request, slug):
    resource = selectors.resource_get_published(slug=slug)
    if resource is None or not resource.file:
        raise Http404("file")
    services.resource_downloaded(resource=resource)
    return FileResponse(
        resource.file.open("rb"),
        as_attachment=True,
        filename=safe_download_name(resource.title, resource.file_kind),
        content_type=content_type_for(resource.file_kind),
    )


# --- page feedback --------------------------------------------------------------------------


def _local_page(path: str) -> str:
    if not url_has_allowed_host_and_scheme(path, allowed_hosts=None) or not path.startswith("/"):
        return "/"
    return path


@login_not_required
@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate="10/h", method="POST", block=True)
def page_feedback(request):
    """The feedback form on a page of its own: where a page links to it rather than carrying
    the form (the survey pages, kept light), and to show an error."""
    sent = request.POST if request.method == "POST" else request.GET
    page = _local_page(sent.get("page", "/"))
    return form_flow(
        request,
        FeedbackForm(form_data(request)),
        save=lambda data: services.page_feedback_submit(path=data["page"], message=data["message"]),
        success="Thank you. Your message has gone to the team.",
        redirect_to=page,
        template="resources/feedback.html",
        # Shown again with what was typed, and a fresh token.
        context={
            "page": page,
            "token": feedback_token(),
            "message": request.POST.get("message", "")[:1200],
        },
    )


# --- the curators' workspace ------------------------------------------------------------------


@CURATE
def workspace(request):
    context = selectors.curator_lists(today=timezone.localdate())
    return render(request, "resources/curate/workspace.html", context)


def _resource_or_404(pk):
    resource = selectors.resource_get(pk=pk)
    if resource is None:
        raise Http404("resource")
    return resource


def _resource_fields(form) -> dict:
    data = dict(form.cleaned_data)
    data.pop("file", None)
    return data


def _form_page(title, resource=None) -> dict:
    back = (
        reverse("resources:curate-resource", kwargs={"pk": resource.pk})
        if resource
        else reverse("resources:curate")
    )
    return {"title": title, "caption": "Resource library", "back": back, "resource": resource}


def _resource_url(resource) -> str:
    return reverse("resources:curate-resource", kwargs={"pk": resource.pk})


@CURATE
def resource_create(request):
    form = ResourceForm(
        form_data(request),
        request.FILES if request.method == "POST" else None,
        owners=selectors.owner_candidates(),
        initial={"owner": request.user.pk},
        submit_text="Save as draft",
    )
    return form_flow(
        request,
        form,
        save=lambda data: services.resource_create(
            actor=request.user, file=data["file"], **_resource_fields(form)
        ),
        success="The resource is saved as a draft",
        redirect_to=_resource_url,
        template="resources/curate/form.html",
        context=_form_page("New resource"),
    )


@CURATE
def resource_edit(request, pk):
    resource = _resource_or_404(pk)
    form = ResourceForm(
        form_data(request),
        request.FILES if request.method == "POST" else None,
        owners=selectors.owner_candidates(),
        has_file=bool(resource.file),
        initial=presenters.form_initial(resource),
        submit_text="Save changes",
    )
    return form_flow(
        request,
        form,
        save=lambda data: services.resource_update(
            resource=resource, actor=request.user, file=data["file"], **_resource_fields(form)
        ),
        # Changes to a published resource are a new draft until another curator approves them.
        success=lambda changed: (
            "Your changes are saved"
            if changed.pk == resource.pk
            else "Your changes are saved as a draft. The library shows the published version "
            "until another curator approves them."
        ),
        redirect_to=_resource_url,
        template="resources/curate/form.html",
        context=_form_page(f"Change {resource.title}", resource),
    )


@CURATE
def resource_review(request, pk):
    """A resource as curators see it: status, what changed since it was last reviewed (a
    word-level diff), its history, and the actions open to this curator."""
    resource = _resource_or_404(pk)
    return render(
        request,
        "resources/curate/resource.html",
        {**_review_context(request, resource), "return_form": ReturnForm()},
    )


def _review_context(request, resource) -> dict:
    revisions = list(resource.revisions.select_related("actor").order_by("-number"))
    return {
        "resource": resource,
        "body": render_markdown(resource.body),
        "labels": presenters.tag_labels(resource),
        "revisions": revisions,
        "changes": presenters.changes_under_review(
            revisions,
            baseline=services.snapshot(resource.replaces) if resource.replaces_id else None,
        ),
        "pending": resource.pending_changes.first(),
        "approve_form": ApproveForm(),
        "can_approve": request.user.has_perm(Permission.APPROVE, resource),
        "feedback": resource.feedback.order_by("status", "-received_on")[:20],
    }


def _workflow(request, pk, write, done: str):
    resource = _resource_or_404(pk)
    try:
        # Approving or discarding proposed changes leads back to the published resource.
        resource = write(resource)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect("resources:curate-resource", pk=resource.pk)


@require_POST
@CURATE
def resource_submit(request, pk):
    return _workflow(
        request,
        pk,
        lambda r: services.resource_submit(resource=r, actor=request.user),
        "The resource is waiting for another curator's review",
    )


@require_POST
@CURATE
def resource_approve(request, pk):
    resource = _resource_or_404(pk)
    if not request.user.has_perm(Permission.APPROVE, resource):
        # Only a curator reaches here (CURATE): the one who wrote it or sent it for review.
        return render(
            request, "resources/curate/cannot_approve.html", {"resource": resource}, status=403
        )
    form = ApproveForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors.get("publish_on", ["Check the date"])[0])
        return redirect("resources:curate-resource", pk=pk)
    return _workflow(
        request,
        pk,
        lambda r: services.resource_approve(
            resource=r, actor=request.user, publish_at=form.publish_at()
        ),
        "The resource is approved",
    )


@require_POST
@CURATE
def resource_return(request, pk):
    resource = _resource_or_404(pk)
    form = ReturnForm(request.POST)
    return form_flow(
        request,
        form,
        save=lambda data: services.resource_return(
            resource=resource, actor=request.user, comment=data["comment"]
        ),
        success="The resource is back in draft, with your comment",
        redirect_to=_resource_url(resource),
        # The page again, with the message at the comment box and what was typed kept.
        template="resources/curate/resource.html",
        context=lambda: {**_review_context(request, resource), "return_form": form},
    )


@require_POST
@CURATE
def resource_archive(request, pk):
    return _workflow(
        request,
        pk,
        lambda r: services.resource_archive(resource=r, actor=request.user),
        "The resource is archived and no longer in the library",
    )


@require_POST
@CURATE
def resource_restore(request, pk):
    return _workflow(
        request,
        pk,
        lambda r: services.resource_restore(resource=r, actor=request.user),
        "The resource is a draft again",
    )


@CURATE
def resource_file(request, pk):
    """Curators download a resource's file whatever its status."""
    resource = _resource_or_404(pk)
    if not resource.file:
        raise Http404("file")
    return FileResponse(
        resource.file.open("rb"),
        as_attachment=True,
        filename=safe_download_name(resource.title, resource.file_kind),
        content_type=content_type_for(resource.file_kind),
    )


@CURATE
def resource_import(request):
    form = CsvImportForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    if request.method == "POST" and form.is_valid():
        parsed = parse_resource_csv(form.cleaned_data["file"].read())
        if parsed.errors:
            form.add_error("file", "The file has problems, so nothing was imported")
            form.row_errors = parsed.errors
        else:
            try:
                count = services.resources_import(actor=request.user, rows=parsed.rows)
            except services.ImportRejected as error:
                form.add_error("file", error.message)
                form.row_errors = error.errors
            except ApplicationError as error:
                form.add_error("file", error.message)
            else:
                messages.success(request, f"{count} resources imported as drafts")
                return redirect("resources:curate")
    return render(request, "resources/curate/import.html", {"form": form})


@CURATE
def resource_import_example(request):
    """An example import file, owned by the curator who downloads it (an account that exists)."""
    content = resource_example_csv(owner_email=request.user.email, today=timezone.localdate())
    return csv_file_download(content, filename="library-import-example.csv")


@CURATE
def feedback_list(request):
    status = request.GET.get("status", "open")
    if status not in ("open", "actioned"):
        status = "open"
    context = {"feedback": selectors.feedback_list(status=status)[:200], "status": status}
    return render(request, "resources/curate/feedback.html", context)


@require_POST
@CURATE
def feedback_action(request, pk):
    feedback = selectors.feedback_get(pk=pk)
    if feedback is None:
        raise Http404("feedback")
    services.page_feedback_action(feedback=feedback, actor=request.user)
    messages.success(request, "Marked as actioned")
    return redirect(reverse("resources:curate-feedback"))
