"""Survey results: overview, element, heatmap, comments and exports. Every page reads stored
aggregates only (docs/architecture.md), and suppressed rows carry no figures to show."""

from django.conf import settings
from django.contrib import messages
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from accounts.constants import Sector
from accounts.rules import is_programme_team, is_sponsor
from core.audit import audit_event_record
from core.form_flow import form_flow
from core.forms import form_data
from diagnostics.constants import MINIMUM_BENCHMARK_TRUSTS
from diagnostics.instruments import selectors as instruments_selectors
from diagnostics.results import charts, exports, selectors, services
from diagnostics.results import presenters as present
from diagnostics.results.aggregation import OVERALL
from diagnostics.results.comments import UNCODED, comment_page
from diagnostics.results.models import ResultKind
from diagnostics.rules import Permission
from diagnostics.surveys import selectors as surveys_selectors
from diagnostics.surveys.access import wave_or_404
from diagnostics.surveys.publication import request_final_figures
from programmes import selectors as programme_selectors
from programmes.coding import suggest_elements
from programmes.constants import FRAMEWORK_ELEMENTS, Element
from programmes.forms import CommentCodingForm
from programmes.rules import Permission as ProgrammePermission

ELEMENT_KINDS = [ResultKind.RESPONSES, ResultKind.ELEMENT]


def _results_wave(request, pk, permission=Permission.VIEW_RESULTS):
    wave = wave_or_404(request, pk, permission)
    # Group names are looked up for every group on the page: one query for them all.
    prefetch_related_objects([wave], "directorates")
    return wave


def _chosen_group(request, wave) -> tuple[str, str]:
    """(breakdown, group) from ?group=directorate:medicine, else the whole survey. Only
    one-way breakdowns of dimensions the wave asked are accepted."""
    chosen = request.GET.get("group", "")
    dimension, _, group = chosen.partition(":")
    if dimension in present.asked_dimensions(wave) and group:
        return dimension, group
    return OVERALL, ""


def _group_options(wave, data) -> list[tuple[str, str]]:
    """Every offered group (answered or not) once breakdowns exist, i.e. after the close."""
    options = []
    for dimension in present.asked_dimensions(wave):
        if not any(r.breakdown == dimension for r in data.rows):
            continue
        groups = present.offered_groups(wave, dimension)
        label = present.DIMENSION_LABELS[dimension]
        options += [
            (f"{dimension}:{g}", f"{label}: {present.group_name(wave, dimension, g)}")
            for g in groups
        ]
    return options


def _base_context(request, wave, data, breakdown, group):
    responses = present.responses_in(data.rows, breakdown, group)
    return {
        "wave": wave,
        "data": data,
        "result": data.result,
        "k": wave.threshold_k,
        "breakdown": breakdown,
        "group": group,
        "group_value": f"{breakdown}:{group}" if group else "",
        "group_label": present.group_name(wave, breakdown, group),
        "group_options": _group_options(wave, data),
        "no_figures": present.why_no_figures(
            wave, data.result, answered_so_far=data.answered_so_far
        ),
        "group_hidden": responses is None or responses.suppressed,
        "group_responses": responses.n if responses else None,
        "can_refresh": request.user.has_perm(Permission.REFRESH_RESULTS, wave),
        "retention_months": settings.RAW_ANSWER_RETENTION_MONTHS,
        "has_breakdowns": bool(present.asked_dimensions(wave)),
        "print_header": present.print_header(wave, data),
    }


def results_overview(request, pk):
    wave = _results_wave(request, pk)
    breakdowns = [OVERALL, *present.asked_dimensions(wave)]
    data = selectors.results_data(wave, breakdowns=breakdowns, kinds=ELEMENT_KINDS)
    breakdown, group = _chosen_group(request, wave)
    # Outside the trust's own team (national admins), other surveys' figures only once closed.
    closed_only = not (
        is_programme_team(request.user, wave.trust) or is_sponsor(request.user, wave.trust)
    )
    context = _base_context(request, wave, data, breakdown, group) | present.overview(
        wave,
        data,
        breakdown,
        group,
        benchmarks=selectors.sector_benchmarks_for(wave) if breakdown == OVERALL else {},
        headcounts=surveys_selectors.wave_headcounts(wave),
        trend=selectors.trend_for(wave, closed_only=closed_only) if data.released else [],
    )
    return render(request, "diagnostics/results/overview.html", context | {"section": "overview"})


def results_element(request, pk, element):
    wave = _results_wave(request, pk)
    if element not in Element.values:
        raise Http404("element")
    breakdowns = [OVERALL, *present.asked_dimensions(wave)]
    data = selectors.results_data(
        wave,
        breakdowns=breakdowns,
        kinds=[ResultKind.RESPONSES, ResultKind.ITEM, ResultKind.ELEMENT],
    )
    breakdown, group = _chosen_group(request, wave)
    rows = [
        r
        for r in present.rows_of_group(data.rows, breakdown, group)
        if r.kind == ResultKind.RESPONSES or r.element == element
    ]
    before = [
        r
        for r in present.rows_of_group(data.previous_rows, breakdown, group)
        if r.element == element
    ]
    figures = present.item_figures(rows, before)
    element_figure = next(iter(present.element_figures(rows, before)), None)
    context = _base_context(request, wave, data, breakdown, group) | {
        "section": "overview",
        "element": element,
        "element_label": present.ELEMENT_LABELS[element],
        "element_figure": element_figure,
        "figures": figures,
        "chart": charts.answer_split_chart(figures),
    }
    return render(request, "diagnostics/results/element.html", context)


def results_heatmap(request, pk):
    wave = _results_wave(request, pk)
    dimensions = present.asked_dimensions(wave)
    by = request.GET.get("by", dimensions[0] if dimensions else "")
    if by not in dimensions:
        raise Http404("breakdown")
    data = selectors.results_data(wave, breakdowns=[OVERALL, by], kinds=ELEMENT_KINDS)
    groups, table = present.heatmap(wave, data.rows, by)
    context = _base_context(request, wave, data, OVERALL, "") | {
        "section": "heatmap",
        "by": by,
        "by_label": present.DIMENSION_LABELS[by],
        "dimensions": [(d, present.DIMENSION_LABELS[d]) for d in dimensions],
        "groups": groups,
        "table": table,
    }
    return render(request, "diagnostics/results/heatmap.html", context)


def results_comments(request, pk):
    wave = _results_wave(request, pk)
    data = selectors.results_data(wave, breakdowns=[OVERALL], kinds=[ResultKind.RESPONSES])
    comments = selectors.released_comment_list(wave) if data.released else []
    framework = programme_selectors.framework_for_trust(trust=wave.trust)
    can_code = request.user.has_perm(Permission.CODE_COMMENTS, wave)
    context = _base_context(request, wave, data, OVERALL, "") | {
        "section": "comments",
        "page": comment_page(
            questions=instruments_selectors.survey_comment_questions(wave.version),
            comments=comments,
            framework_elements=FRAMEWORK_ELEMENTS[framework],
            chosen=request.GET.get("element", ""),
            k=wave.threshold_k,
        ),
        "can_code": can_code,
        "next_uncoded": next((c for c in comments if not c.elements_decided), None),
    }
    return render(request, "diagnostics/results/comments.html", context)


def results_comment_code(request, pk, comment):
    """Code one released comment to elements, with the keyword suggestions ticked; then on to
    the next comment nobody has coded, or back to the comments page after a change."""
    wave = _results_wave(request, pk, Permission.CODE_COMMENTS)
    found = selectors.survey_comment_get(wave, pk=comment)
    if found is None:
        raise Http404("comment")
    framework = programme_selectors.framework_for_trust(trust=wave.trust)
    suggested = suggest_elements(found.text, FRAMEWORK_ELEMENTS[framework])
    changing = found.elements_decided
    form = CommentCodingForm(
        form_data(request),
        framework=framework,
        submit_text="Save the codes" if changing else "Save and code the next comment",
        initial={"elements": [c.element for c in found.codes.all()] if changing else suggested},
    )
    comments_url = reverse("diagnostics:results-comments", kwargs={"pk": wave.pk})
    # Back to the filter the comment was opened from ("Change codes" under a filtered list).
    if (chosen := request.GET.get("from", "")) in {*Element.values, UNCODED}:
        comments_url += f"?element={chosen}"

    def code_and_find_next(data):
        services.survey_comment_code(comment=found, actor=request.user, elements=data["elements"])
        return None if changing else selectors.survey_comment_next_uncoded(wave)

    def next_page(following):
        if following is None:
            return f"{comments_url}#comment-{found.pk}" if changing else comments_url
        return reverse("diagnostics:results-comment-code", args=[wave.pk, following.pk])

    def said(following):
        if changing:
            return "The comment's codes are saved"
        if following is None:
            return "Saved. Every comment is coded"
        return "Saved. This is the next comment to code."

    return form_flow(
        request,
        form,
        save=code_and_find_next,
        success=said,
        redirect_to=next_page,
        template="diagnostics/results/code_comment.html",
        context=lambda: {
            "wave": wave,
            "comment": found,
            "changing": changing,
            "suggested": [Element(code).label for code in suggested],
            "uncoded": selectors.survey_comments_uncoded_count(wave),
            "title": "Change a comment's codes" if changing else "Code a comment",
            "caption": f"{wave.trust.name}: {wave.title}",
            "back": comments_url,
        },
    )


def results_export(request, pk, file_format):
    wave = _results_wave(request, pk)
    data = selectors.results_data(
        wave,
        breakdowns=[OVERALL, *exports.breakdowns_of(wave)],
        kinds=[ResultKind.RESPONSES, ResultKind.ELEMENT, ResultKind.ITEM],
    )
    if not data.released:
        # Nothing to download yet, or ever: say why, as the other results pages do.
        context = _base_context(request, wave, data, OVERALL, "") | {"section": "download"}
        return render(request, "diagnostics/results/no_download.html", context, status=404)
    audit_event_record(
        actor=request.user,
        action="results.export",
        target=f"{wave.trust.name}: {wave.title}",
        detail={"wave": wave.pk, "format": file_format},
    )
    if file_format == "xlsx":
        return exports.xlsx_response(wave, data)
    return exports.csv_response(wave, data)


@require_POST
def results_refresh(request, pk):
    wave = _results_wave(request, pk, Permission.REFRESH_RESULTS)
    request_final_figures(wave_id=wave.pk)
    messages.success(
        request, "Working out the figures has been asked for again: look in a minute or so"
    )
    return redirect("diagnostics:results", pk=wave.pk)


@permission_required(Permission.VIEW_BENCHMARKS, raise_exception=True)
def benchmark_list(request):
    benchmarks = selectors.sector_benchmark_list()
    tables: dict[tuple, list] = {}
    for benchmark in benchmarks:
        tables.setdefault((benchmark.instrument.name, benchmark.sector), []).append(benchmark)
    context = {
        "tables": [
            (instrument, Sector(sector).label, present.ordered_by_element(rows))
            for (instrument, sector), rows in tables.items()
        ],
        "computed_at": max((b.computed_at for b in benchmarks), default=None),
        "minimum_trusts": MINIMUM_BENCHMARK_TRUSTS,
        "elements": present.ELEMENT_LABELS,
    }
    return render(request, "diagnostics/results/benchmarks.html", context)


def results_report(request, pk):
    """One printable page for the board: headline figures, the sector's middle, the change
    since the last survey, strengths and areas to develop, and the heatmap."""
    wave = _results_wave(request, pk)
    dimensions = present.asked_dimensions(wave)
    by = dimensions[0] if dimensions else None
    data = selectors.results_data(
        wave,
        breakdowns=[OVERALL, *([by] if by else [])],
        kinds=[ResultKind.RESPONSES, ResultKind.ELEMENT, ResultKind.ITEM],
    )
    overall = present.rows_of_group(data.rows, OVERALL, "")
    before = present.rows_of_group(data.previous_rows, OVERALL, "")
    figures = present.element_figures(overall, before)
    benchmarks = selectors.sector_benchmarks_for(wave)
    for figure in figures:
        figure.benchmark = benchmarks.get(figure.key)
    strengths, areas = present.strengths_and_areas(present.item_figures(overall, before))
    groups, table = present.heatmap(wave, data.rows, by) if by else ([], [])
    # Each strength or area can become a Discover finding of the trust's programme.
    programme = programme_selectors.programme_active_for_trust(request.user, trust=wave.trust)
    finding_url = (
        reverse("programmes:finding-add", kwargs={"pk": programme.pk})
        if programme and request.user.has_perm(ProgrammePermission.EDIT_PROGRAMME, programme)
        else None
    )
    evidence = reverse("diagnostics:results-report", kwargs={"pk": wave.pk})
    context = _base_context(request, wave, data, OVERALL, "") | {
        "section": "report",
        "figures": figures,
        "has_benchmark": bool(benchmarks),
        "benchmark_note": present.benchmark_note(wave, figures, has_benchmark=bool(benchmarks)),
        "sector": Sector(wave.trust.sector).label,
        "strengths": present.with_finding_links(
            strengths, "strength", wave, finding_url=finding_url, evidence=evidence
        ),
        "areas": present.with_finding_links(
            areas, "area", wave, finding_url=finding_url, evidence=evidence
        ),
        "by_label": present.DIMENSION_LABELS[by] if by else "",
        "groups": groups,
        "table": table,
    }
    return render(request, "diagnostics/results/report.html", context)
