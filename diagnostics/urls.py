from django.urls import path

from diagnostics.instruments import views as instrument_views
from diagnostics.records import views as tool_views
from diagnostics.results import views as results_views
from diagnostics.surveys.views import waves as wave_views

app_name = "diagnostics"

urlpatterns = [
    path("trusts/<str:ods_code>/surveys/", wave_views.wave_list, name="wave-list"),
    path("trusts/<str:ods_code>/surveys/new/", wave_views.wave_create, name="wave-create"),
    path("trusts/<str:ods_code>/directorates/", wave_views.directorate_list, name="directorates"),
    path("surveys/<int:pk>/", wave_views.wave_detail, name="wave-detail"),
    path("surveys/<int:pk>/edit/", wave_views.wave_edit, name="wave-edit"),
    path("surveys/<int:pk>/status/", wave_views.wave_status, name="wave-status"),
    path("surveys/<int:pk>/qr.svg", wave_views.wave_qr, name="wave-qr"),
    path("surveys/<int:pk>/headcounts/", wave_views.wave_headcounts, name="wave-headcounts"),
    path("surveys/<int:pk>/codes/", wave_views.wave_codes, name="wave-codes"),
    path(
        "surveys/<int:pk>/codes/<int:batch_pk>/download/",
        wave_views.code_batch_download,
        name="code-batch-download",
    ),
    path(
        "surveys/<int:pk>/codes/<int:batch_pk>/print/",
        wave_views.code_batch_print,
        name="code-batch-print",
    ),
    path("surveys/<int:pk>/results/", results_views.results_overview, name="results"),
    path(
        "surveys/<int:pk>/results/elements/<slug:element>/",
        results_views.results_element,
        name="results-element",
    ),
    path(
        "surveys/<int:pk>/results/heatmap/", results_views.results_heatmap, name="results-heatmap"
    ),
    path(
        "surveys/<int:pk>/results/comments/",
        results_views.results_comments,
        name="results-comments",
    ),
    path(
        "surveys/<int:pk>/results/export.<str:file_format>",
        results_views.results_export,
        name="results-export",
    ),
    path(
        "surveys/<int:pk>/results/refresh/", results_views.results_refresh, name="results-refresh"
    ),
    path("surveys/<int:pk>/results/report/", results_views.results_report, name="results-report"),
    path("benchmarks/", results_views.benchmark_list, name="benchmarks"),
    path("instruments/", instrument_views.instrument_list, name="instrument-list"),
    path("instruments/versions/<int:pk>/", instrument_views.version_detail, name="version-detail"),
    path(
        "instruments/versions/<int:pk>/preview/<int:number>/",
        instrument_views.version_preview,
        name="version-preview",
    ),
    path(
        "instruments/versions/<int:pk>/new-draft/",
        instrument_views.version_new_draft,
        name="version-new-draft",
    ),
    path(
        "instruments/versions/<int:pk>/publish/",
        instrument_views.version_publish,
        name="version-publish",
    ),
    path("instruments/items/<int:pk>/edit/", instrument_views.item_edit, name="item-edit"),
    path("instruments/items/<int:pk>/delete/", instrument_views.item_delete, name="item-delete"),
    path("instruments/items/<int:pk>/move/", instrument_views.item_move, name="item-move"),
    path("instruments/sections/<int:pk>/edit/", instrument_views.section_edit, name="section-edit"),
    path("instruments/sections/<int:pk>/add-question/", instrument_views.item_add, name="item-add"),
    path(
        "instruments/versions/<int:pk>/add-section/",
        instrument_views.section_add,
        name="section-add",
    ),
    path(
        "instruments/sections/<int:pk>/delete/",
        instrument_views.section_delete,
        name="section-delete",
    ),
    path("instruments/sections/<int:pk>/move/", instrument_views.section_move, name="section-move"),
    path(
        "instruments/versions/<int:pk>/add-comment-question/",
        instrument_views.comment_question_add,
        name="comment-question-add",
    ),
    path(
        "instruments/comment-questions/<int:pk>/edit/",
        instrument_views.comment_question_edit,
        name="comment-question-edit",
    ),
    path(
        "instruments/comment-questions/<int:pk>/delete/",
        instrument_views.comment_question_delete,
        name="comment-question-delete",
    ),
    path("programmes/<int:pk>/tools/", tool_views.tools, name="tools"),
    path("programmes/<int:pk>/interviews/", tool_views.interview_list, name="interviews"),
    path("programmes/<int:pk>/interviews/new/", tool_views.interview_add, name="interview-add"),
    path("interviews/<int:pk>/edit/", tool_views.interview_edit, name="interview-edit"),
    path("interviews/<int:pk>/delete/", tool_views.interview_delete, name="interview-delete"),
    path("programmes/<int:pk>/focus-groups/", tool_views.focus_group_list, name="focus-groups"),
    path(
        "programmes/<int:pk>/focus-groups/new/",
        tool_views.focus_group_add,
        name="focus-group-add",
    ),
    path("focus-groups/<int:pk>/edit/", tool_views.focus_group_edit, name="focus-group-edit"),
    path("focus-groups/<int:pk>/delete/", tool_views.focus_group_delete, name="focus-group-delete"),
    path("programmes/<int:pk>/workforce/", tool_views.workforce, name="workforce"),
    path(
        "programmes/<int:pk>/patient-experience/",
        tool_views.patient_experience,
        name="patient-experience",
    ),
    path(
        "patient-comments/<int:pk>/code/",
        tool_views.patient_comment_code,
        name="patient-comment-code",
    ),
    path("programmes/<int:pk>/metrics/", tool_views.metrics, name="metrics"),
    path("metrics/<int:pk>/edit/", tool_views.metric_edit, name="metric-edit"),
    path("metrics/<int:pk>/delete/", tool_views.metric_delete, name="metric-delete"),
    path("programmes/<int:pk>/evaluation/", tool_views.evaluation, name="evaluation"),
]
