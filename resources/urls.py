from django.urls import path

from resources import views

app_name = "resources"

urlpatterns = [
    path("", views.library, name="library"),
    path("feedback/", views.page_feedback, name="feedback"),
    path("curate/", views.workspace, name="curate"),
    path("curate/new/", views.resource_create, name="curate-new"),
    path("curate/import/", views.resource_import, name="curate-import"),
    path(
        "curate/import/example.csv",
        views.resource_import_example,
        name="curate-import-example",
    ),
    path("curate/feedback/", views.feedback_list, name="curate-feedback"),
    path(
        "curate/feedback/<int:pk>/actioned/",
        views.feedback_action,
        name="curate-feedback-action",
    ),
    path("curate/<int:pk>/", views.resource_review, name="curate-resource"),
    path("curate/<int:pk>/edit/", views.resource_edit, name="curate-edit"),
    path("curate/<int:pk>/file/", views.resource_file, name="curate-file"),
    path("curate/<int:pk>/submit/", views.resource_submit, name="curate-submit"),
    path("curate/<int:pk>/approve/", views.resource_approve, name="curate-approve"),
    path("curate/<int:pk>/return/", views.resource_return, name="curate-return"),
    path("curate/<int:pk>/archive/", views.resource_archive, name="curate-archive"),
    path("curate/<int:pk>/restore/", views.resource_restore, name="curate-restore"),
    path("<slug:slug>/", views.resource_detail, name="detail"),
    path("<slug:slug>/download/", views.resource_download, name="download"),
]
