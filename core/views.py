import sys

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views import defaults
from django.views.decorators.cache import never_cache

from core import for_you as for_you_items
from core.health import service_statuses


@login_not_required
def home(request):
    return render(request, "core/home.html")


def for_you(request):
    items = for_you_items.items_for(request.user)
    return render(request, "core/for_you.html", {"for_you": for_you_items.grouped(items)})


@login_not_required
def accessibility_statement(request):
    return render(request, "core/accessibility.html")


@login_not_required
def privacy_notice(request):
    context = {
        "login_record_retention_days": settings.LOGIN_RECORD_RETENTION_DAYS,
        "raw_answer_retention_months": settings.RAW_ANSWER_RETENTION_MONTHS,
    }
    return render(request, "core/privacy.html", context)


@login_not_required
def cookies(request):
    context = {
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "csrf_cookie": settings.CSRF_COOKIE_NAME,
        "session_hours": settings.SESSION_COOKIE_AGE // 3600,
    }
    return render(request, "core/cookies.html", context)


@login_not_required
def rate_limited(request, exception=None):
    return render(request, "429.html", status=429)


@login_not_required
@never_cache
def healthz(request):
    """200 when every configured service answers; 503 naming the ones that do not."""
    statuses = service_statuses()
    failing = [status.name for status in statuses if not status.ok]
    body = {
        "status": "ok" if not failing else "unavailable",
        "failing": failing,
        "services": {
            status.name: {"ok": status.ok, "detail": status.detail} for status in statuses
        },
    }
    return JsonResponse(body, status=503 if failing else 200)


@login_not_required
def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)


def bad_request(request, exception):
    return render(request, "400.html", status=400)


def server_error(request):
    """The styled 500 page; when the database cannot be reached, the styled 503 page (the
    service is down for a moment, not broken), asking the browser to try again shortly."""
    failure = sys.exc_info()[1]
    if isinstance(failure, OperationalError | InterfaceError):
        body = loader.get_template("503.html").render()
        return HttpResponse(body, status=503, headers={"Retry-After": "30"})
    return defaults.server_error(request)
