from urllib.parse import urlencode

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect
from django.urls import include, path, reverse

admin.site.site_header = "Culture and leadership programme: administration"
admin.site.site_title = "Culture portal admin"

# The styled 400 page; the styled 500 page, or 503 while the database cannot be reached.
handler400 = "core.views.bad_request"
handler500 = "core.views.server_error"


@login_not_required
def _admin_sign_in(request, extra_context=None):
    # One way in: the portal's sign-in, which asks for the second factor where there is
    # one; the Django admin's own form would open a session on the password alone.
    query = urlencode({"next": request.GET.get("next", "/django-admin/")})
    return redirect(f"{reverse('accounts:sign-in')}?{query}")


admin.site.login = _admin_sign_in

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
