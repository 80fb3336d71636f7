from django.conf import settings
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Culture and leadership programme: administration"
admin.site.site_title = "Culture portal admin"

# The styled 400 page; the styled 500 page, or 503 while the database cannot be reached.
handler400 = "core.views.bad_request"
handler500 = "core.views.server_error"

urlpatterns = [
    path("", include("core.urls")),
    path("", include("accounts.urls")),
    path("programmes/", include("programmes.urls")),
    path("diagnostics/", include("diagnostics.urls")),
    path("s/", include("diagnostics.surveys.respondent_urls")),
    path("resources/", include("resources.urls")),
    path("community/", include("community.urls")),
    path("django-admin/", admin.site.urls),
]

if settings.DEBUG:
    # Lets a developer look at the styled error pages with DEBUG on.
    from django.views.defaults import page_not_found, permission_denied, server_error

    urlpatterns += [
        path("_errors/403/", permission_denied, {"exception": Exception()}),
        path("_errors/404/", page_not_found, {"exception": Exception()}),
        path("_errors/500/", server_error),
    ]
