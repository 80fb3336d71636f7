"""Memberships: a trust's community settings, leaving, and a named contact's consent."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from accounts.access import trust_or_404
from accounts.models import Trust
from community import selectors, services
from community.forms import MembershipSettingsForm, ReasonForm
from community.rules import Permission
from community.views.common import page_context
from core.form_flow import action_flow, form_flow
from core.forms import form_data


def _member_trust_or_404(request, ods_code) -> tuple[Trust, object]:
    trust = trust_or_404(request, ods_code, Permission.MANAGE_MEMBERSHIP)
    return trust, selectors.membership_for_trust(trust)


@require_http_methods(["GET", "POST"])
def membership_settings(request, ods_code):
    trust, membership = _member_trust_or_404(request, ods_code)
    people_qs = selectors.contact_candidates(trust)
    initial = {
        "listed": membership.listed,
        "share_phase": membership.share_phase,
        "share_bright_spots": membership.share_bright_spots,
        "contact": membership.contact,
    }
    return form_flow(
        request,
        MembershipSettingsForm(form_data(request), initial=initial, people=people_qs),
        save=lambda data: services.membership_settings_update(
            membership=membership, actor=request.user, **data
        ),
        success="Your trust's community settings are saved",
        redirect_to=request.path,
        template="community/membership.html",
        context={
            "trust": trust,
            "membership": membership,
            "applications": selectors.applications_for_trust(trust)[:5],
        },
    )


@require_http_methods(["GET", "POST"])
def membership_leave(request, ods_code):
    trust, membership = _member_trust_or_404(request, ods_code)
    form = ReasonForm(
        form_data(request),
        submit_text="Leave the community",
        required=False,
        label="Why is the trust leaving? (optional)",
    )
    return form_flow(
        request,
        form,
        save=lambda data: services.membership_leave(
            membership=membership, actor=request.user, reason=data["reason"]
        ),
        success=f"{trust.name} has left the culture community",
        redirect_to=reverse("community:directory"),
        context=page_context(
            title=f"Leave the culture community: {trust.name}",
            back=reverse("community:membership", kwargs={"ods_code": trust.ods_code}),
            intro="The trust leaves the directory and its people lose access to members' "
            "stories and events. Published stories stay. You can apply again at any time.",
        ),
    )


@require_http_methods(["GET", "POST"])
def contact_consent(request):
    """A person named as their trust's contact agrees to be shown, or withdraws."""
    requests = selectors.contact_requests_for(request.user)
    if request.method == "POST":
        membership = next(
            (m for m in requests if str(m.pk) == request.POST.get("membership")), None
        )
        if membership is None:
            raise Http404("contact request")
        consent = request.POST.get("consent") == "yes"
        return action_flow(
            request,
            lambda: services.contact_consent_set(
                membership=membership, user=request.user, consent=consent
            ),
            success="You are shown as the trust's contact"
            if consent
            else "You are no longer the trust's contact",
            redirect_to=request.path,
        )
    return render(request, "community/contact_consent.html", {"requests": requests})
