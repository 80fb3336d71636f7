"""The portal's URLs plus one view that fails, to see the styled 500 page."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path

from culture_portal.urls import urlpatterns as portal_urlpatterns


@login_not_required
def broken_view(request):
    raise RuntimeError("a deliberate failure with a secret detail: swordfish")


urlpatterns = [*portal_urlpatterns, path("broken/", broken_view)]
