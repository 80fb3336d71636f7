"""Reads for the record-based Discover tools and the evaluation view. Records are reached
through their programme, which views get from programmes.access (scoped and checked)."""

from collections import Counter

from django.db.models import Count, Prefetch, QuerySet

from diagnostics.constants import WaveStatus
from diagnostics.records.csv_import import WorkforceRow
from diagnostics.records.models import (
    BoardInterview,
    CodedTheme,
    FocusGroup,
    Metric,
    MetricPoint,
    MetricRebaseline,
    PatientComment,
    WorkforceUpload,
)
from diagnostics.results.models import ResultRow
from diagnostics.results.selectors import element_scores_headline, newer_survey_without_figures
from diagnostics.surveys.models import Wave
from diagnostics.surveys.selectors import wave_responses_stepped
from programmes.models import Programme

THEMES = Prefetch("themes", queryset=CodedTheme.objects.order_by("element", "pk"))


def interview_list(*, programme: Programme) -> QuerySet[BoardInterview]:
    return programme.board_interviews.prefetch_related(THEMES).order_by("-held_on", "-pk")


def interview_get_visible_to(user, *, pk: int) -> BoardInterview | None:
    return (
        BoardInterview.objects.visible_to(user)
        .select_related("programme__trust")
        .prefetch_related(THEMES)
        .filter(pk=pk)
        .first()
    )


def focus_group_list(*, programme: Programme) -> QuerySet[FocusGroup]:
    return programme.focus_groups.prefetch_related(THEMES).order_by("-held_on", "-pk")


def focus_group_get_visible_to(user, *, pk: int) -> FocusGroup | None:
    return (
        FocusGroup.objects.visible_to(user)
        .select_related("programme__trust")
        .prefetch_related(THEMES)
        .filter(pk=pk)
        .first()
    )


def theme_counts(*, programme: Programme, source: str) -> dict[str, int]:
    """Themes per element, for 'interview' or 'focus_group', counted in SQL."""
    rows = (
        CodedTheme.objects.filter(**{f"{source}__programme": programme})
        .values("element")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["element"]: row["n"] for row in rows}


def theme_texts(*, programme: Programme, source: str) -> dict[str, list[str]]:
    """Every theme's words per element, for 'interview' or 'focus_group', in the order they
    were recorded."""
    texts: dict[str, list[str]] = {}
    rows = (
        CodedTheme.objects.filter(**{f"{source}__programme": programme})
        .order_by("pk")
        .values_list("element", "text")
    )
    for element, text in rows:
        texts.setdefault(element, []).append(text)
    return texts


def workforce_rows(*, programme: Programme) -> tuple[WorkforceUpload | None, list[WorkforceRow]]:
    upload = WorkforceUpload.objects.filter(programme=programme).first()
    if upload is None:
        return None, []
    fields = ["directorate", "staff_group", "band", "sex", "ethnicity", "disability", "age_band"]
    rows = [
        WorkforceRow(*values)
        for values in upload.records.values_list(*fields, "headcount").order_by("pk")
    ]
    return upload, rows


def patient_comment_figures(*, programme: Programme) -> dict:
    """How many comments there are, how many are coded, and coded comments per element."""
    coded = Counter()
    total = uncoded = 0
    for elements, coded_at in programme.patient_comments.values_list("elements", "coded_at"):
        total += 1
        if coded_at is None:
            uncoded += 1
        coded.update(elements)
    return {"total": total, "uncoded": uncoded, "by_element": dict(coded)}


SAMPLE_SCAN = 2000


def patient_comment_samples(*, programme: Programme, elements, limit: int = 3) -> dict:
    """The most recent coded comments about each element, from one bounded query (the JSON
    list of elements is matched in Python, so SQLite and PostgreSQL agree)."""
    samples: dict[str, list] = {element: [] for element in elements}
    recent = (
        programme.patient_comments.exclude(coded_at=None)
        .order_by("-received_on", "-pk")
        .only("received_on", "source", "text", "elements")[:SAMPLE_SCAN]
    )
    for comment in recent:
        for element in comment.elements:
            if element in samples and len(samples[element]) < limit:
                samples[element].append(comment)
    return samples


def patient_comment_next_uncoded(*, programme: Programme) -> PatientComment | None:
    return programme.patient_comments.filter(coded_at=None).order_by("received_on", "pk").first()


def patient_comment_get_visible_to(user, *, pk: int) -> PatientComment | None:
    return (
        PatientComment.objects.visible_to(user)
        .select_related("programme__trust")
        .filter(pk=pk)
        .first()
    )


# What a metric's chart is drawn from: its values, and the months its limits were
# recalculated from.
METRIC_CHART_DATA = (
    Prefetch("points", queryset=MetricPoint.objects.order_by("month")),
    Prefetch("rebaselines", queryset=MetricRebaseline.objects.order_by("from_month")),
)


def metric_list(*, programme: Programme) -> list[Metric]:
    return list(programme.metrics.prefetch_related(*METRIC_CHART_DATA).order_by("name"))


def metric_get_visible_to(user, *, pk: int) -> Metric | None:
    return Metric.objects.visible_to(user).select_related("programme__trust").filter(pk=pk).first()


def metric_detail_visible_to(user, *, pk: int) -> Metric | None:
    """The metric with what its page draws: its values and its recalculations."""
    return (
        Metric.objects.visible_to(user)
        .select_related("programme__trust")
        .prefetch_related(*METRIC_CHART_DATA)
        .filter(pk=pk)
        .first()
    )


def metric_rebaseline_get_visible_to(user, *, pk: int) -> MetricRebaseline | None:
    return (
        MetricRebaseline.objects.visible_to(user)
        .select_related("metric__programme__trust")
        .filter(pk=pk)
        .first()
    )


def tool_counts(*, programme: Programme) -> dict[str, int]:
    return {
        "interviews": programme.board_interviews.count(),
        "focus_groups": programme.focus_groups.count(),
        "metrics": programme.metrics.count(),
        "patient_comments": programme.patient_comments.count(),
        "workforce_rows": getattr(
            WorkforceUpload.objects.filter(programme=programme).first(), "row_count", 0
        ),
        "surveys": Wave.objects.filter(trust=programme.trust_id).count(),
    }


def element_scores_by_wave(*, trust) -> list[tuple[Wave, dict[str, float]]]:
    """Whole-survey element scores of each of the trust's surveys with published figures,
    oldest first. Only unsuppressed whole-survey rows are read, so nothing here can be
    about a small group."""
    waves = list(
        Wave.objects.filter(
            trust=trust,
            status=WaveStatus.CLOSED,
            result__final=True,
            result__responses_counted__gt=0,
        )
        .select_related("version__instrument")
        .order_by("opens_at")
    )
    scores: dict[int, dict[str, float]] = {wave.pk: {} for wave in waves}
    for wave_id, element, score in ResultRow.objects.filter(
        wave__in=waves, breakdown="all", kind="element", suppressed=False
    ).values_list("wave_id", "element", "score"):
        scores[wave_id][element] = score
    return [(wave, scores[wave.pk]) for wave in waves if scores[wave.pk]]


def survey_headline(*, trust) -> dict | None:
    """The programme overview's survey panel: the trust's headline survey (the same choice
    the bright spots use: diagnostics/results/selectors.py::headline_survey), its
    published response count and whole-survey element scores, and a newer survey still
    without figures. What is needed to say why a survey has no figures comes too."""
    headline, scores = element_scores_headline(trust=trust)
    if headline.wave is None:
        return None
    newer = newer_survey_without_figures(headline)
    ranked = sorted(scores.items(), key=lambda pair: (-pair[1], pair[0]))

    def so_far(wave):
        return wave_responses_stepped(wave) if wave.status == WaveStatus.OPEN else None

    return {
        "headline": headline,
        "wave": headline.wave,
        "result": getattr(headline.wave, "result", None),
        "answered_so_far": so_far(headline.wave),
        "responses": headline.wave.result.responses_counted if headline.has_figures else None,
        "highest": ranked[0] if ranked else None,
        "lowest": ranked[-1] if len(ranked) > 1 else None,
        "newer": newer,
        "newer_result": getattr(newer, "result", None) if newer else None,
        "newer_answered_so_far": so_far(newer) if newer else None,
    }
