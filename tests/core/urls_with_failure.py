"""The portal's URLs plus one view that fails, to see the styled 500 page."""

from django.contrib.auth.decorators import login_not_required
from django.db import OperationalError
from django.urls import path

from culture_portal.urls import handler400, handler500  # noqa: F401 - the styled error pages
from culture_portal.urls import urlpatterns as portal_urlpatterns


@login_not_required
def broken_view(request):
    raise RuntimeError("a deliberate failure with a secret detail: swordfish")


@login_not_required
def database_down_view(request):
    raise OperationalError("could not connect to server: Connection refused")


urlpatterns = [
    *portal_urlpatterns,
    path("broken/", broken_view),
    path("database-down/", database_down_view),
]
