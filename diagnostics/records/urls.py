"""The record-based Discover tools and the evaluation, inside a programme.

Included under the diagnostics namespace by diagnostics/urls.py, so URL names stay
`diagnostics:<name>`."""

from django.urls import path

from diagnostics.records import views

urlpatterns = [
    path("programmes/<int:pk>/tools/", views.tools, name="tools"),
    path("programmes/<int:pk>/interviews/", views.interview_list, name="interviews"),
    path("programmes/<int:pk>/interviews/new/", views.interview_add, name="interview-add"),
    path("interviews/<int:pk>/edit/", views.interview_edit, name="interview-edit"),
    path("interviews/<int:pk>/delete/", views.interview_delete, name="interview-delete"),
    path("programmes/<int:pk>/focus-groups/", views.focus_group_list, name="focus-groups"),
    path(
        "programmes/<int:pk>/focus-groups/new/",
        views.focus_group_add,
        name="focus-group-add",
    ),
    path("focus-groups/<int:pk>/edit/", views.focus_group_edit, name="focus-group-edit"),
    path("focus-groups/<int:pk>/delete/", views.focus_group_delete, name="focus-group-delete"),
    path("programmes/<int:pk>/workforce/", views.workforce, name="workforce"),
    path(
        "programmes/<int:pk>/workforce/example.csv",
        views.workforce_example,
        name="workforce-example",
    ),
    path(
        "programmes/<int:pk>/patient-experience/",
        views.patient_experience,
        name="patient-experience",
    ),
    path(
        "programmes/<int:pk>/patient-experience/example.csv",
        views.patient_experience_example,
        name="patient-experience-example",
    ),
    path(
        "patient-comments/<int:pk>/code/",
        views.patient_comment_code,
        name="patient-comment-code",
    ),
    path("programmes/<int:pk>/metrics/", views.metrics, name="metrics"),
    path("programmes/<int:pk>/metrics/example.csv", views.metrics_example, name="metrics-example"),
    path("metrics/<int:pk>/", views.metric_detail, name="metric"),
    path("metrics/<int:pk>/edit/", views.metric_edit, name="metric-edit"),
    path(
        "metric-rebaselines/<int:pk>/remove/",
        views.metric_rebaseline_remove,
        name="metric-rebaseline-remove",
    ),
    path("metrics/<int:pk>/delete/", views.metric_delete, name="metric-delete"),
    path("programmes/<int:pk>/evaluation/", views.evaluation, name="evaluation"),
]
