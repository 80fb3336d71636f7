"""The record-based Discover tools and the evaluation view, inside a trust's programme."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from core.exceptions import ApplicationError
from core.form_flow import action_flow, form_flow
from core.forms import form_data
from core.tables import csv_file_download
from diagnostics.constants import DEFAULT_THRESHOLD_K, STAFF_GROUPS
from diagnostics.records import presenters as record_presenters
from diagnostics.records import selectors as record_selectors
from diagnostics.records import services
from diagnostics.records.csv_import import (
    metric_example_csv,
    parse_metric_csv,
    parse_patient_feedback_csv,
    parse_workforce_csv,
    patient_feedback_example_csv,
    workforce_example_csv,
)
from diagnostics.records.forms import (
    CsvUploadForm,
    FocusGroupForm,
    InterviewForm,
    MetricForm,
    MetricRebaselineForm,
)
from diagnostics.records.workforce_summary import senior_representation, workforce_summary
from diagnostics.results import charts
from diagnostics.results.spc import MIN_POINTS
from diagnostics.rules import Permission as DiagnosticsPermission
from programmes.access import programme_or_404
from programmes.coding import suggest_elements
from programmes.constants import FRAMEWORK_ELEMENTS, DiagnosticTool, Element
from programmes.forms import CommentCodingForm
from programmes.rules import Permission
from programmes.views.common import page_context

STAFF_GROUP_LABELS = dict(STAFF_GROUPS)


def _record_or_404(request, record, permission):
    if record is None:
        raise Http404("record")
    if not request.user.has_perm(permission, record.programme):
        raise PermissionDenied
    return record


def _tool_url(name, programme):
    return reverse(f"diagnostics:{name}", kwargs={"pk": programme.pk})


def _context(request, programme, section="tools", **extra):
    return {
        "programme": programme,
        "section": section,
        "can_edit": request.user.has_perm(Permission.EDIT_PROGRAMME, programme),
        **extra,
    }


def tools(request, pk):
    programme = programme_or_404(request, pk, Permission.VIEW_PROGRAMME)
    context = _context(
        request,
        programme,
        counts=record_selectors.tool_counts(programme=programme),
        tool_labels={tool.name: tool.label for tool in DiagnosticTool},
    )
    return render(request, "diagnostics/tools/hub.html", context)


def interview_list(request, pk):
    programme = programme_or_404(request, pk, Permission.VIEW_PROGRAMME)
    interviews = list(record_selectors.interview_list(programme=programme))
    counts = record_selectors.theme_counts(programme=programme, source="interview")
    context = _context(
        request,
        programme,
        interviews=[
            (interview, record_presenters.themes_by_element(interview.themes.all()))
            for interview in interviews
        ],
        done=len(interviews),
        planned=programme.board_interviews_planned,
        element_counts=record_presenters.element_rows(programme.framework, counts),
    )
    return render(request, "diagnostics/tools/interviews.html", context)


# The pages that add, change and remove a record: a form page in the programme, captioned
# with the tool's name, that leads back to the tool's list.
RECORD_PAGES = {  # the tool's URL name: (its caption after the programme's name, introduction)
    "interviews": (
        "board interviews",
        "Record the role, not the name, of the person interviewed. Code each theme you heard "
        "to a cultural element.",
    ),
    "focus-groups": (
        "culture focus groups",
        "Record no names: the staff groups present and how many took part. Code each theme "
        "you heard to a cultural element.",
    ),
    "metrics": ("culture and outcomes dashboard", ""),
}


def _record_page(programme, tool: str, title: str, *, delete: tuple = ()) -> dict:
    """The form page's context; `delete` = (URL name, record, label) adds a remove button."""
    caption, intro = RECORD_PAGES[tool]
    extra = {}
    if delete:
        url_name, record, label = delete
        extra["delete_url"] = reverse(f"diagnostics:{url_name}", kwargs={"pk": record.pk})
        extra["delete_label"] = label
    return page_context(
        programme,
        title=title,
        caption=f"{programme.name}: {caption}",
        intro=intro,
        back=_tool_url(tool, programme),
        **extra,
    )


def _themed_record_form(request, programme, form, *, save, done: str, page: dict):
    """Add or change a themed record (an interview, a focus group) through `save`, a service
    taking the programme, the actor and the form's record fields; then back to the list."""
    return form_flow(
        request,
        form,
        save=lambda _: save(programme=programme, actor=request.user, **form.record_fields()),
        success=done,
        redirect_to=page["back"],
        context=page,
    )


def _editable_record(request, get, pk):
    """The record `get` (a selector) finds for this user, if they may change its programme."""
    return _record_or_404(request, get(request.user, pk=pk), Permission.EDIT_PROGRAMME)


def _removed(request, done: str, tool: str, programme):
    messages.success(request, done)
    return redirect(_tool_url(tool, programme))


@dataclass(frozen=True)
class ThemedTool:
    """A record-based tool whose records carry themes coded to elements (board interviews,
    focus groups): its form, reads and writes, and the words its pages use."""

    key: str  # its page in RECORD_PAGES and its tool anchor
    form: type
    get_visible_to: Callable
    save: Callable
    delete: Callable
    record_arg: str  # the services' name for the record
    fields: tuple[str, ...]  # what the change page starts from
    add_title: str
    add_button: str
    added: str
    change_title: str
    delete_url: str
    delete_label: str
    removed: str


INTERVIEWS = ThemedTool(
    key="interviews",
    form=InterviewForm,
    get_visible_to=record_selectors.interview_get_visible_to,
    save=services.board_interview_save,
    delete=services.board_interview_delete,
    record_arg="interview",
    fields=("held_on", "interviewer", "interviewee_role", "notes"),
    add_title="Record a board interview",
    add_button="Add interview",
    added="The interview is recorded",
    change_title="Change a board interview",
    delete_url="interview-delete",
    delete_label="Remove this interview",
    removed="The interview is removed",
)
FOCUS_GROUPS = ThemedTool(
    key="focus-groups",
    form=FocusGroupForm,
    get_visible_to=record_selectors.focus_group_get_visible_to,
    save=services.focus_group_save,
    delete=services.focus_group_delete,
    record_arg="group",
    fields=("held_on", "title", "staff_groups", "participants", "notes"),
    add_title="Record a focus group",
    add_button="Add session",
    added="The session is recorded",
    change_title="Change a focus group",
    delete_url="focus-group-delete",
    delete_label="Remove this session",
    removed="The session is removed",
)


def _themed_add(request, pk, tool: ThemedTool):
    programme = programme_or_404(request, pk, Permission.EDIT_PROGRAMME)
    form = tool.form(form_data(request), framework=programme.framework, submit_text=tool.add_button)
    return _themed_record_form(
        request,
        programme,
        form,
        save=tool.save,
        done=tool.added,
        page=_record_page(programme, tool.key, tool.add_title),
    )


def _themed_edit(request, pk, tool: ThemedTool):
    record = _editable_record(request, tool.get_visible_to, pk)
    form = tool.form(
        form_data(request),
        framework=record.programme.framework,
        initial_themes=record_presenters.initial_themes(record),
        initial={name: getattr(record, name) for name in tool.fields},
    )
    delete = (tool.delete_url, record, tool.delete_label)
    return _themed_record_form(
        request,
        record.programme,
        form,
        save=partial(tool.save, **{tool.record_arg: record}),
        done="Your changes are saved",
        page=_record_page(record.programme, tool.key, tool.change_title, delete=delete),
    )


def _themed_delete(request, pk, tool: ThemedTool):
    record = _editable_record(request, tool.get_visible_to, pk)
    tool.delete(**{tool.record_arg: record}, actor=request.user)
    return _removed(request, tool.removed, tool.key, record.programme)


def interview_add(request, pk):
    return _themed_add(request, pk, INTERVIEWS)


def interview_edit(request, pk):
    return _themed_edit(request, pk, INTERVIEWS)


@require_POST
def interview_delete(request, pk):
    return _themed_delete(request, pk, INTERVIEWS)


def focus_group_list(request, pk):
    programme = programme_or_404(request, pk, Permission.VIEW_PROGRAMME)
    groups = list(record_selectors.focus_group_list(programme=programme))
    counts = record_selectors.theme_counts(programme=programme, source="focus_group")
    context = _context(
        request,
        programme,
        groups=[
            (
                group,
                [STAFF_GROUP_LABELS.get(code, code) for code in group.staff_groups],
                record_presenters.themes_by_element(group.themes.all()),
            )
            for group in groups
        ],
        participants=sum(group.participants for group in groups),
        element_counts=record_presenters.element_rows(programme.framework, counts),
    )
    return render(request, "diagnostics/tools/focus_groups.html", context)


def focus_group_add(request, pk):
    return _themed_add(request, pk, FOCUS_GROUPS)


def focus_group_edit(request, pk):
    return _themed_edit(request, pk, FOCUS_GROUPS)


@require_POST
def focus_group_delete(request, pk):
    return _themed_delete(request, pk, FOCUS_GROUPS)


def _upload_form(request, programme, **form_options) -> tuple[bool, CsvUploadForm]:
    """(may this user upload, the tool's upload form): bound to a POST, which only someone who
    may edit the programme can send."""
    can_edit = request.user.has_perm(Permission.EDIT_PROGRAMME, programme)
    posted = request.method == "POST"
    if posted and not can_edit:
        raise PermissionDenied
    form = CsvUploadForm(
        request.POST if posted else None, request.FILES if posted else None, **form_options
    )
    return can_edit, form


def _upload(request, form, parse, write):
    """Bind an upload, parse every row, write only if every row is good. Returns (saved
    result or None, row errors); the errors also go on the form, for its error summary."""
    if not form.is_valid():
        return None, []
    parsed = parse(form.cleaned_data["file"].read())
    if parsed.errors:
        form.add_error("file", "The file has problems, so nothing was imported")
        form.row_errors = parsed.errors  # listed in the form's one error summary
        return None, parsed.errors
    try:
        return write(parsed.rows), []
    except services.ImportRejected as error:
        form.add_error("file", error.message)
        form.row_errors = error.errors
        return None, error.errors
    except ApplicationError as error:
        form.add_error("file", error.message)
        return None, []


def _example(request, pk, make, filename: str):
    """An upload's example file, for those who may upload (the importer's module makes it)."""
    programme_or_404(request, pk, Permission.EDIT_PROGRAMME)
    return csv_file_download(make(), filename=filename)


def workforce_example(request, pk):
    return _example(request, pk, workforce_example_csv, "workforce-example.csv")


def patient_experience_example(request, pk):
    return _example(request, pk, patient_feedback_example_csv, "patient-comments-example.csv")


def metrics_example(request, pk):
    return _example(request, pk, metric_example_csv, "metrics-example.csv")


def workforce(request, pk):
    programme = programme_or_404(request, pk, Permission.VIEW_PROGRAMME)
    can_edit, form = _upload_form(
        request,
        programme,
        help_text="Headings: directorate, staff_group, band, sex, ethnicity, disability, "
        "age_band, headcount. A new file replaces the last one; nothing is imported if any "
        "row is wrong.",
        submit_text="Upload workforce data",
    )
    if request.method == "POST":
        upload, _ = _upload(
            request,
            form,
            parse_workforce_csv,
            lambda rows: services.workforce_upload_replace(
                programme=programme,
                actor=request.user,
                file_name=form.cleaned_data["file"].name,
                rows=rows,
            ),
        )
        if upload is not None:
            messages.success(request, f"Workforce data imported: {upload.row_count:,} rows")
            return redirect(_tool_url("workforce", programme))
    upload, rows = record_selectors.workforce_rows(programme=programme)
    summary = workforce_summary(rows, k=DEFAULT_THRESHOLD_K) if rows else []
    context = _context(
        request,
        programme,
        form=form,
        upload=upload,
        summary=summary,
        representation=senior_representation(rows, k=DEFAULT_THRESHOLD_K, summaries=summary)
        if rows
        else [],
        k=DEFAULT_THRESHOLD_K,
    )
    return render(request, "diagnostics/tools/workforce.html", context)


def patient_experience(request, pk):
    programme = programme_or_404(request, pk, Permission.VIEW_PROGRAMME)
    can_edit, form = _upload_form(
        request,
        programme,
        help_text="Headings: date, source, comment. Nothing is imported if any row is wrong "
        "or was imported before.",
        submit_text="Import comments",
    )
    if request.method == "POST":
        count, _ = _upload(
            request,
            form,
            lambda raw: parse_patient_feedback_csv(raw, today=timezone.localdate()),
            lambda rows: services.patient_comments_import(
                programme=programme,
                actor=request.user,
                file_name=form.cleaned_data["file"].name,
                rows=rows,
            ),
        )
        if count is not None:
            messages.success(request, f"{count:,} comments imported")
            return redirect(_tool_url("patient-experience", programme))
    figures = record_selectors.patient_comment_figures(programme=programme)
    elements = record_presenters.element_rows(programme.framework, figures["by_element"])
    samples = record_selectors.patient_comment_samples(
        programme=programme, elements=[code for code, _, _ in elements]
    )
    context = _context(
        request,
        programme,
        form=form,
        figures=figures,
        elements=[(code, label, count, samples[code]) for code, label, count in elements],
        next_comment=record_selectors.patient_comment_next_uncoded(programme=programme),
    )
    return render(request, "diagnostics/tools/patient_experience.html", context)


def patient_comment_code(request, pk):
    comment = _record_or_404(
        request,
        record_selectors.patient_comment_get_visible_to(request.user, pk=pk),
        Permission.EDIT_PROGRAMME,
    )
    programme = comment.programme
    framework_elements = FRAMEWORK_ELEMENTS[programme.framework]
    suggested = suggest_elements(comment.text, framework_elements)
    form = CommentCodingForm(
        form_data(request),
        framework=programme.framework,
        initial={"elements": comment.elements if comment.coded_at else suggested},
    )

    def code_and_find_next(data):
        services.patient_comment_code(
            comment=comment, actor=request.user, elements=data["elements"]
        )
        return record_selectors.patient_comment_next_uncoded(programme=programme)

    def next_page(following):
        if following is None:
            return _tool_url("patient-experience", programme)
        return reverse("diagnostics:patient-comment-code", kwargs={"pk": following.pk})

    return form_flow(
        request,
        form,
        save=code_and_find_next,
        success=lambda following: (
            "Every comment is coded"
            if following is None
            else "Saved. This is the next comment to code."
        ),
        redirect_to=next_page,
        template="diagnostics/tools/code_comment.html",
        context=lambda: _context(
            request,
            programme,
            comment=comment,
            suggested=[Element(code).label for code in suggested],
            figures=record_selectors.patient_comment_figures(programme=programme),
        ),
    )


def metrics(request, pk):
    programme = programme_or_404(request, pk, Permission.VIEW_PROGRAMME)
    can_edit, form = _upload_form(
        request,
        programme,
        help_text="Headings: metric, month, value. A month already stored takes the file's "
        "value; nothing is imported if any row is wrong.",
        submit_text="Upload metrics",
    )
    if request.method == "POST":
        result, _ = _upload(
            request,
            form,
            parse_metric_csv,
            lambda rows: services.metric_points_import(
                programme=programme, actor=request.user, rows=rows
            ),
        )
        if result is not None:
            created, written = result
            messages.success(
                request,
                f"{written:,} monthly values saved ({created} new metric"
                f"{'s' if created != 1 else ''})",
            )
            return redirect(_tool_url("metrics", programme))
    panels = [
        record_presenters.metric_panel(metric)
        for metric in record_selectors.metric_list(programme=programme)
    ]
    context = _context(request, programme, form=form, panels=panels)
    return render(request, "diagnostics/tools/metrics.html", context)


def metric_edit(request, pk):
    metric = _editable_record(request, record_selectors.metric_get_visible_to, pk)
    form = MetricForm(
        form_data(request),
        initial={
            "name": metric.name,
            "unit": metric.unit,
            "improvement": metric.improvement,
            "target": metric.target,
        },
    )
    delete = ("metric-delete", metric, "Remove this metric and its values")
    return form_flow(
        request,
        form,
        save=lambda data: services.metric_update(metric=metric, actor=request.user, **data),
        success="The metric is saved",
        redirect_to=f"{_tool_url('metrics', metric.programme)}#metric-{metric.pk}",
        context=_record_page(metric.programme, "metrics", f"Change {metric.name}", delete=delete),
    )


def metric_detail(request, pk):
    """A metric's page: its chart, where its limits were recalculated and why, and, for those
    who may edit the programme, recalculating them from another month."""
    metric = _record_or_404(
        request,
        record_selectors.metric_detail_visible_to(request.user, pk=pk),
        Permission.VIEW_PROGRAMME,
    )
    programme = metric.programme
    can_edit = request.user.has_perm(Permission.EDIT_PROGRAMME, programme)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    panel = record_presenters.metric_panel(metric)
    form = MetricRebaselineForm(
        form_data(request), months=record_presenters.rebaseline_months(metric, panel)
    )
    return form_flow(
        request,
        form,
        save=lambda data: services.metric_rebaseline_add(metric=metric, actor=request.user, **data),
        success=lambda rebaseline: (
            f"The limits are recalculated from {rebaseline.from_month:%B %Y}"
        ),
        redirect_to=reverse("diagnostics:metric", kwargs={"pk": metric.pk}),
        template="diagnostics/tools/metric.html",
        context=lambda: _context(
            request,
            programme,
            metric=metric,
            panel=panel,
            rebaselines=list(metric.rebaselines.all()),
            back=_tool_url("metrics", programme),
            min_points=MIN_POINTS,
        ),
    )


def metric_rebaseline_remove(request, pk):
    """Ask, then remove a recalculation: its months join the period before again."""
    rebaseline = _editable_record(request, record_selectors.metric_rebaseline_get_visible_to, pk)
    metric = rebaseline.metric
    metric_url = reverse("diagnostics:metric", kwargs={"pk": metric.pk})
    if request.method == "POST":
        return action_flow(
            request,
            lambda: services.metric_rebaseline_remove(rebaseline=rebaseline, actor=request.user),
            success=f"The limits of {metric.name} are no longer recalculated from "
            f"{rebaseline.from_month:%B %Y}",
            redirect_to=metric_url,
        )
    context = page_context(
        metric.programme,
        title=f"Remove the recalculation from {rebaseline.from_month:%B %Y}?",
        caption=f"{metric.programme.name}: {metric.name}",
        back=metric_url,
        rebaseline=rebaseline,
        metric=metric,
    )
    return render(request, "diagnostics/tools/metric_rebaseline_remove.html", context)


@require_POST
def metric_delete(request, pk):
    metric = _editable_record(request, record_selectors.metric_get_visible_to, pk)
    services.metric_delete(metric=metric, actor=request.user)
    return _removed(request, "The metric is removed", "metrics", metric.programme)


def evaluation(request, pk):
    """Deliver: how the culture has moved. Element scores across the trust's surveys beside
    the outcome metrics' SPC charts."""
    programme = programme_or_404(request, pk, Permission.VIEW_PROGRAMME)
    # Only surveys whose results this user may see (viewers see none; national admins only
    # closed ones), exactly as on the results pages.
    by_wave = [
        (wave, scores)
        for wave, scores in record_selectors.element_scores_by_wave(trust=programme.trust)
        if request.user.has_perm(DiagnosticsPermission.VIEW_RESULTS, wave)
    ]
    titles, score_rows = record_presenters.evaluation_scores(programme.framework, by_wave)
    trend = (
        charts.trend_chart(
            [(wave.title, scores) for wave, scores in by_wave],
            {code: Element(code).label for code in FRAMEWORK_ELEMENTS[programme.framework]},
        )
        if len(by_wave) > 1
        else None
    )
    panels = [
        record_presenters.metric_panel(metric)
        for metric in record_selectors.metric_list(programme=programme)
    ]
    context = _context(
        request,
        programme,
        section="evaluation",
        titles=titles,
        score_rows=score_rows,
        trend=trend,
        panels=panels,
    )
    return render(request, "diagnostics/tools/evaluation.html", context)
