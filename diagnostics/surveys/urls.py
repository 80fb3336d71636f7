"""OD leads' and change teams' pages for running a survey.

Included under the diagnostics namespace by diagnostics/urls.py, so URL names stay
`diagnostics:<name>`."""

from django.urls import path

from diagnostics.surveys.views import waves as views

urlpatterns = [
    path("trusts/<str:ods_code>/surveys/", views.wave_list, name="wave-list"),
    path("trusts/<str:ods_code>/surveys/new/", views.wave_create, name="wave-create"),
    path("trusts/<str:ods_code>/directorates/", views.directorate_list, name="directorates"),
    path("surveys/<int:pk>/", views.wave_detail, name="wave-detail"),
    path("surveys/<int:pk>/edit/", views.wave_edit, name="wave-edit"),
    path("surveys/<int:pk>/status/", views.wave_status, name="wave-status"),
    path("surveys/<int:pk>/main-survey/", views.wave_main_survey, name="wave-main-survey"),
    path("surveys/<int:pk>/qr.svg", views.wave_qr, name="wave-qr"),
    path("surveys/<int:pk>/headcounts/", views.wave_headcounts, name="wave-headcounts"),
    path(
        "surveys/<int:pk>/headcounts/example.csv",
        views.wave_headcounts_example,
        name="wave-headcounts-example",
    ),
    path("surveys/<int:pk>/codes/", views.wave_codes, name="wave-codes"),
    path(
        "surveys/<int:pk>/codes/<int:batch_pk>/download/",
        views.code_batch_download,
        name="code-batch-download",
    ),
    path(
        "surveys/<int:pk>/codes/<int:batch_pk>/file/",
        views.code_batch_file,
        name="code-batch-file",
    ),
    path(
        "surveys/<int:pk>/codes/<int:batch_pk>/print/",
        views.code_batch_print,
        name="code-batch-print",
    ),
]
