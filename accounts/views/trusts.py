"""Trust pages, the switcher, the national overview and the audit log."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from accounts import selectors, services
from accounts.constants import Role
from accounts.forms import (
    AuditFilterForm,
    TrustFilterForm,
    TrustSwitchForm,
)
from accounts.rules import Permission
from accounts.services import current_trust_switch
from core import for_you
from core.audit_log import action_label, audit_event_list
from core.form_flow import form_flow
from core.forms import form_data
from core.pagination import query_without_page
from core.tables import table_download


def landing(request):
    """Where a user goes after signing in: the page their role works from."""
    if request.user.is_national_admin:
        return redirect("accounts:admin-overview")
    trust = request.current_trust
    if trust:
        return redirect("accounts:trust-detail", ods_code=trust.ods_code)
    return render(request, "accounts/no_trust.html")


def trust_detail(request, ods_code):
    trust = selectors.trust_get_visible_to(request.user, ods_code=ods_code)
    if trust is None:
        raise Http404("No trust with that ODS code is visible to you")
    if not request.user.has_perm(Permission.VIEW_TRUST, trust):
        raise PermissionDenied("You cannot see this trust")
    role = selectors.trust_roles_for(request.user).get(trust.pk)
    context = {
        "trust": trust,
        "role": role,
        "role_label": Role(role).label if role else "",
        "memberships": selectors.membership_list_for_trust(trust=trust),
        "can_export": request.user.has_perm(Permission.EXPORT_TRUST_DATA, trust),
        "can_manage_team": request.user.has_perm(Permission.MANAGE_TEAM, trust),
        "for_you": for_you.grouped(
            for_you.items_for(request.user), limit=for_you.LANDING_PAGE_ITEMS
        )
        if role
        else None,
        "crumbs": [("Admin overview", reverse("accounts:admin-overview"))]
        if request.user.is_national_admin
        else [],
    }
    return render(request, "accounts/trust_detail.html", context)


@permission_required(Permission.SWITCH_TRUST, raise_exception=True)
def trust_switch(request):
    form = TrustSwitchForm(
        form_data(request),
        trusts=selectors.trust_list_for_member(request.user),
        initial={"trust": request.current_trust},
    )
    return form_flow(
        request,
        form,
        save=lambda data: current_trust_switch(
            user=request.user, session=request.session, trust=data["trust"]
        ),
        success=lambda _: f"You are now working in {form.cleaned_data['trust'].name}",
        redirect_to=lambda _: reverse(
            "accounts:trust-detail", kwargs={"ods_code": form.cleaned_data["trust"].ods_code}
        ),
        template="accounts/trust_switch.html",
        error_field="trust",
    )


@permission_required(Permission.VIEW_ADMIN_OVERVIEW, raise_exception=True)
def admin_overview(request):
    form = TrustFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    context = {
        "form": form,
        "figures": selectors.admin_overview_figures(),
        "for_you": for_you.grouped(
            for_you.items_for(request.user), limit=for_you.LANDING_PAGE_ITEMS
        ),
        "trusts": selectors.trust_list_visible_to(
            request.user, sector=filters.get("sector", ""), region=filters.get("region", "")
        ),
    }
    return render(request, "accounts/admin_overview.html", context)


AUDIT_PAGE_SIZE = 50


@permission_required(Permission.VIEW_AUDIT_LOG, raise_exception=True)
def audit_log(request):
    """Who did what, newest first, for national admins; the same list as CSV."""
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    events = audit_event_list(
        category=filters.get("category", ""),
        person=filters.get("person", ""),
        since=filters.get("since"),
        until=filters.get("until"),
    )
    if request.GET.get("download") == "csv" and form.is_valid():
        rows = [
            [
                timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M:%S"),
                event.actor.email if event.actor else "",
                action_label(event.action),
                event.action,
                event.target,
            ]
            for event in events[:20000]
        ]
        services.audit_export_record(user=request.user, rows=len(rows))
        return table_download(
            filename="audit-log",
            file_format="csv",
            sheet="Audit log",
            header=["When (UK time)", "Who", "What", "Action code", "About"],
            rows=rows,
        )
    page = Paginator(events, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    for event in page.object_list:
        event.label = action_label(event.action)
    context = {"form": form, "page": page, "query": query_without_page(request.GET)}
    return render(request, "accounts/audit_log.html", context)


@require_POST
def trust_export(request, ods_code):
    """All of the trust's data as a ZIP of CSV files (POST: the download is recorded)."""
    trust = selectors.trust_get_visible_to(request.user, ods_code=ods_code)
    if trust is None:
        raise Http404("No trust with that ODS code is visible to you")
    if not request.user.has_perm(Permission.EXPORT_TRUST_DATA, trust):
        raise PermissionDenied("You cannot export this trust's data")
    body = services.trust_export(trust=trust, actor=request.user)
    response = HttpResponse(body, content_type="application/zip")
    name = f"culture-portal-{trust.ods_code.lower()}-{timezone.localdate():%Y-%m-%d}.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


__all__ = [
    "landing",
    "trust_detail",
    "trust_switch",
    "admin_overview",
    "audit_log",
    "trust_export",
    "AUDIT_PAGE_SIZE",
]
