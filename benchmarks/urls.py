from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import path

from culture_portal.urls import handler400, handler500  # noqa: F401 - the styled error pages
from culture_portal.urls import urlpatterns as portal_urlpatterns


@login_not_required
def hello(request):
    """The limit pages are compared with: Django answering a constant, through every middleware."""
    return HttpResponse("hello")


urlpatterns = [path("_bench/hello/", hello), *portal_urlpatterns]
