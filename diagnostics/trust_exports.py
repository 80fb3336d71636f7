"""The diagnostics part of a trust's data export: surveys' published figures and released
comments (never individual answers), headcounts, and the other Discover tools' records. The
workforce goes out as the suppressed summary the workforce page shows, never its raw rows:
a national admin can download this export too (docs/anonymity.md)."""

from django.db.models import Q

from core.trust_export import Table, table
from diagnostics.constants import DEFAULT_THRESHOLD_K, WaveStatus
from diagnostics.records.models import (
    BoardInterview,
    CodedTheme,
    FocusGroup,
    MetricPoint,
    MetricRebaseline,
    PatientComment,
    WorkforceUpload,
)
from diagnostics.records.selectors import workforce_rows
from diagnostics.records.workforce_summary import workforce_summary
from diagnostics.results.models import ResultRow
from diagnostics.surveys.models import Comment, Headcount, Wave

RESULT_FIELDS = [
    "wave_id",
    "breakdown",
    "group",
    "kind",
    "item__code",
    "element",
    "suppressed",
    "n",
    "pct_positive",
    "pct_neutral",
    "pct_negative",
    "score",
]


def trust_tables(trust):
    return [
        table(
            "surveys",
            Wave.objects.filter(trust=trust),
            [
                "id",
                "title",
                "version__instrument__name",
                "opens_at",
                "closes_at",
                "status",
                "threshold_k",
                "raw_answers_deleted_on",
            ],
            "each survey, with its minimum group size",
        ),
        Table(
            "survey_results",
            RESULT_FIELDS,
            ResultRow.objects.filter(wave__trust=trust, wave__status=WaveStatus.CLOSED)
            .order_by("wave_id", "breakdown", "group", "kind", "pk")
            .values_list(*RESULT_FIELDS),
            "published figures by breakdown and group; suppressed rows carry no figures",
        ),
        Table(
            "survey_comments",
            ["wave_id", "question text", "text", "elements"],
            _survey_comments(trust),
            "released comments (identifiers already removed), in no particular order, with "
            "the cultural elements the programme team coded each to",
        ),
        table(
            "headcounts",
            Headcount.objects.filter(wave__trust=trust),
            ["wave_id", "dimension", "group", "headcount"],
            "eligible staff per group, for response rates",
        ),
        table(
            "board_interviews",
            BoardInterview.objects.filter(programme__trust=trust),
            ["programme_id", "held_on", "interviewer", "interviewee_role", "notes"],
            "board interviews",
        ),
        table(
            "focus_groups",
            FocusGroup.objects.filter(programme__trust=trust),
            ["programme_id", "held_on", "title", "staff_groups", "participants", "notes"],
            "culture focus groups",
        ),
        table(
            "coded_themes",
            CodedTheme.objects.filter(
                Q(interview__programme__trust=trust) | Q(focus_group__programme__trust=trust)
            ),
            ["interview_id", "focus_group_id", "element", "text"],
            "themes from interviews and focus groups, by element",
        ),
        Table(
            "workforce",
            ["programme_id", "dimension", "group", "headcount", "note"],
            _workforce_summaries(trust),
            "the workforce each programme uploaded, as headcounts per group with groups under "
            f"{DEFAULT_THRESHOLD_K} hidden (never the uploaded rows)",
        ),
        table(
            "patient_comments",
            PatientComment.objects.filter(programme__trust=trust),
            ["programme_id", "received_on", "source", "text", "elements"],
            "patient experience comments and their coding",
        ),
        table(
            "metrics",
            MetricPoint.objects.filter(metric__programme__trust=trust),
            ["metric__name", "metric__unit", "month", "value"],
            "culture and outcomes metrics by month",
        ),
        table(
            "metric_recalculations",
            MetricRebaseline.objects.filter(metric__programme__trust=trust),
            ["metric__name", "from_month", "reason", "recorded_by_name", "created_at"],
            "months from which a metric's SPC limits were recalculated, and why",
        ),
    ]


def _survey_comments(trust):
    """Released comments with their codes. The export's readers (the trust's OD lead, national
    admins) may read both on the comments page too; it lists every comment, never a part of
    them picked by element (docs/anonymity.md)."""
    comments = (
        Comment.objects.filter(wave__trust=trust, wave__status=WaveStatus.CLOSED)
        .select_related("question")
        .prefetch_related("codes")
        .order_by("pk")
    )
    for comment in comments:
        elements = sorted(code.element for code in comment.codes.all())
        yield [comment.wave_id, comment.question.text, comment.text, elements]


def _workforce_summaries(trust):
    for upload in WorkforceUpload.objects.filter(programme__trust=trust).select_related(
        "programme"
    ):
        _, rows = workforce_rows(programme=upload.programme)
        for summary in workforce_summary(rows, k=DEFAULT_THRESHOLD_K):
            for figure in summary.groups:
                yield [
                    upload.programme_id,
                    summary.label,
                    figure.group,
                    figure.headcount,
                    f"fewer than {DEFAULT_THRESHOLD_K}, or could reveal such a group"
                    if figure.suppressed
                    else "",
                ]
