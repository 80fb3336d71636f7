"""A closed survey's results, exports and the sector benchmarks.

Included under the diagnostics namespace by diagnostics/urls.py, so URL names stay
`diagnostics:<name>`."""

from django.urls import path

from diagnostics.results import views

urlpatterns = [
    path("surveys/<int:pk>/results/", views.results_overview, name="results"),
    path(
        "surveys/<int:pk>/results/elements/<slug:element>/",
        views.results_element,
        name="results-element",
    ),
    path("surveys/<int:pk>/results/heatmap/", views.results_heatmap, name="results-heatmap"),
    path(
        "surveys/<int:pk>/results/comments/",
        views.results_comments,
        name="results-comments",
    ),
    path(
        "surveys/<int:pk>/results/comments/<uuid:comment>/code/",
        views.results_comment_code,
        name="results-comment-code",
    ),
    path(
        "surveys/<int:pk>/results/export.<str:file_format>",
        views.results_export,
        name="results-export",
    ),
    path("surveys/<int:pk>/results/refresh/", views.results_refresh, name="results-refresh"),
    path("surveys/<int:pk>/results/report/", views.results_report, name="results-report"),
    path("benchmarks/", views.benchmark_list, name="benchmarks"),
]
