"""National admins' instrument pages.

Included under the diagnostics namespace by diagnostics/urls.py, so URL names stay
`diagnostics:<name>`."""

from django.urls import path

from diagnostics.instruments import views

urlpatterns = [
    path("instruments/", views.instrument_list, name="instrument-list"),
    path("instruments/versions/<int:pk>/", views.version_detail, name="version-detail"),
    path(
        "instruments/versions/<int:pk>/preview/<int:number>/",
        views.version_preview,
        name="version-preview",
    ),
    path(
        "instruments/versions/<int:pk>/new-draft/",
        views.version_new_draft,
        name="version-new-draft",
    ),
    path(
        "instruments/versions/<int:pk>/publish/",
        views.version_publish,
        name="version-publish",
    ),
    path("instruments/items/<int:pk>/edit/", views.item_edit, name="item-edit"),
    path("instruments/items/<int:pk>/delete/", views.item_delete, name="item-delete"),
    path("instruments/items/<int:pk>/move/", views.item_move, name="item-move"),
    path("instruments/sections/<int:pk>/edit/", views.section_edit, name="section-edit"),
    path("instruments/sections/<int:pk>/add-question/", views.item_add, name="item-add"),
    path(
        "instruments/versions/<int:pk>/add-section/",
        views.section_add,
        name="section-add",
    ),
    path(
        "instruments/sections/<int:pk>/delete/",
        views.section_delete,
        name="section-delete",
    ),
    path("instruments/sections/<int:pk>/move/", views.section_move, name="section-move"),
    path(
        "instruments/versions/<int:pk>/add-comment-question/",
        views.comment_question_add,
        name="comment-question-add",
    ),
    path(
        "instruments/comment-questions/<int:pk>/edit/",
        views.comment_question_edit,
        name="comment-question-edit",
    ),
    path(
        "instruments/comment-questions/<int:pk>/delete/",
        views.comment_question_delete,
        name="comment-question-delete",
    ),
]
