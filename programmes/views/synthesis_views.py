"""Findings and the synthesis board."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.audit import audit_event_record
from core.form_flow import action_flow, form_flow
from core.forms import form_data
from core.tables import table_download
from programmes import presenters, selectors, services
from programmes.access import (
    finding_or_404,
    programme_or_404,
)
from programmes.constants import (
    FRAMEWORK_ELEMENTS,
    Element,
)
from programmes.evidence import coded_evidence
from programmes.forms import (
    ElementSummaryForm,
    FindingForm,
)
from programmes.rules import Permission
from programmes.views.common import has_perm, page_context

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
        "can_edit": has_perm(request, Permission.EDIT_PROGRAMME, programme),
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
    return form_flow(
        request,
        form,
        save=lambda data: services.finding_create(programme=programme, actor=request.user, **data),
        success="The finding is recorded",
        redirect_to=_findings_url(programme),
        context=page_context(programme, title="Add a finding", back=_findings_url(programme)),
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
    return form_flow(
        request,
        form,
        save=lambda data: services.finding_update(finding=finding, actor=request.user, **data),
        success="Your changes are saved",
        redirect_to=_findings_url(programme),
        context=page_context(
            programme,
            title="Change a finding",
            back=_findings_url(programme),
            delete_url=reverse("programmes:finding-delete", kwargs={"pk": finding.pk}),
            delete_label="Remove this finding",
        ),
    )


@require_POST
def finding_delete(request, pk):
    finding = finding_or_404(request, pk, Permission.EDIT_PROGRAMME)
    programme = finding.programme
    return action_flow(
        request,
        lambda: services.finding_delete(finding=finding, actor=request.user),
        success="The finding is removed",
        redirect_to=_findings_url(programme),
    )


def _board(programme, user):
    findings = list(selectors.finding_list(programme=programme))
    summaries = {s.element: s.summary for s in programme.element_summaries.all()}
    return presenters.synthesis_board(
        framework=programme.framework,
        counts=selectors.finding_counts(programme=programme),
        summaries=summaries,
        findings=findings,
        evidence=coded_evidence(programme=programme, user=user),
    )


def synthesis_board(request, pk):
    programme = programme_or_404(request, pk, Permission.VIEW_PROGRAMME)
    context = {
        "programme": programme,
        "section": "synthesis",
        "board": _board(programme, request.user),
        "tools": presenters.board_tool_headers(),
        "can_edit": has_perm(request, Permission.EDIT_PROGRAMME, programme),
    }
    return render(request, "programmes/synthesis.html", context)


def synthesis_export(request, pk, file_format):
    programme = programme_or_404(request, pk, Permission.VIEW_PROGRAMME)
    if file_format not in ("csv", "xlsx"):
        raise Http404("format")
    header, rows = presenters.synthesis_export_rows(_board(programme, request.user))
    findings_header, findings = presenters.findings_export_rows(
        selectors.finding_list(programme=programme)
    )
    # One table: the board's counts, a blank line, then every finding.
    table = [*rows, [], findings_header, *findings]
    audit_event_record(
        actor=request.user,
        action="programmes.synthesis_export",
        target=f"{programme.trust.name}: {programme.name}",
        detail={"programme": programme.pk, "format": file_format},
    )
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
    return form_flow(
        request,
        form,
        save=lambda data: services.element_summary_set(
            programme=programme, actor=request.user, element=element, **data
        ),
        success="The summary is saved",
        redirect_to=f"{back}#element-{element}",
        context=page_context(programme, title=f"Summary: {Element(element).label}", back=back),
    )
