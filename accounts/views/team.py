"""A trust's team: who is on it, invitations, roles and leavers (docs/decisions/0007-sign-in.md)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from accounts import selectors, services
from accounts.access import trust_or_404
from accounts.constants import Role
from accounts.forms import (
    InvitationAcceptForm,
    InvitationDomainsForm,
    InvitationForm,
    MemberRemoveForm,
    MemberRoleForm,
)
from accounts.leavers import leaver_impact
from accounts.oidc import sso_enabled
from accounts.rules import Permission
from core.exceptions import ApplicationError
from core.form_flow import action_flow, form_flow
from core.forms import form_data


def _team_url(trust) -> str:
    return reverse("accounts:team", kwargs={"ods_code": trust.ods_code})


def team(request, ods_code):
    trust = trust_or_404(request, ods_code, Permission.VIEW_TEAM)
    context = {
        "trust": trust,
        "members": selectors.membership_list_for_trust(trust=trust),
        "invitations": selectors.invitation_list_pending(trust=trust),
        "can_manage": request.user.has_perm(Permission.MANAGE_TEAM, trust),
        "can_set_domains": request.user.has_perm(Permission.SET_INVITATION_DOMAINS, trust),
        "crumbs": [(trust.name, reverse("accounts:trust-detail", args=[trust.ods_code]))],
    }
    return render(request, "accounts/team/team.html", context)


# Each invitation is an e-mail the portal sends in its own name: a ceiling per person.
@ratelimit(key="user", rate="60/h", method="POST", block=True)
def team_invite(request, ods_code):
    trust = trust_or_404(request, ods_code, Permission.MANAGE_TEAM)
    form = InvitationForm(form_data(request), trust=trust)
    back = _team_url(trust)
    return form_flow(
        request,
        form,
        save=lambda data: services.invitation_create(trust=trust, actor=request.user, **data),
        success=lambda invitation: f"Invitation sent to {invitation.email}",
        redirect_to=back,
        context={
            "title": "Invite someone to the team",
            "caption": trust.name,
            "intro": "They will get an email with a link that works once, for "
            f"{services.INVITATION_DAYS} days.",
            "back": back,
        },
        error_field="email",
    )


def _invitation_or_404(trust, pk):
    invitation = selectors.team_invitation_get(trust=trust, pk=pk)
    if invitation is None:
        raise Http404("invitation")
    return invitation


@require_POST
@ratelimit(key="user", rate="60/h", method="POST", block=True)
def invitation_resend(request, ods_code, pk):
    trust = trust_or_404(request, ods_code, Permission.MANAGE_TEAM)
    invitation = _invitation_or_404(trust, pk)
    return action_flow(
        request,
        lambda: services.invitation_resend(invitation=invitation, actor=request.user),
        success=f"A new link has gone to {invitation.email}. The earlier one no longer works",
        redirect_to=_team_url(trust),
    )


@require_POST
def invitation_withdraw(request, ods_code, pk):
    trust = trust_or_404(request, ods_code, Permission.MANAGE_TEAM)
    invitation = _invitation_or_404(trust, pk)
    return action_flow(
        request,
        lambda: services.invitation_withdraw(invitation=invitation, actor=request.user),
        success=f"The invitation to {invitation.email} is withdrawn. Its link no longer works",
        redirect_to=_team_url(trust),
    )


def _member_or_404(trust, pk):
    membership = selectors.team_membership_get(trust=trust, pk=pk)
    if membership is None:
        raise Http404("member")
    return membership


def member(request, ods_code, pk):
    """One member: change their role, or remove them, with what their going leaves behind."""
    trust = trust_or_404(request, ods_code, Permission.MANAGE_TEAM)
    membership = _member_or_404(trust, pk)
    if membership.user_id == request.user.pk:
        messages.error(request, "You cannot change your own role or remove yourself")
        return redirect(_team_url(trust))
    impact = leaver_impact(trust=trust, user=membership.user)
    candidates = (
        selectors.sponsor_replacements_for(membership=membership) if impact.sponsor_of else None
    )
    role_form = MemberRoleForm(
        form_data(request) if request.POST.get("change") == "role" else None,
        sponsor_candidates=candidates,
        initial={"role": membership.role},
    )
    remove_form = MemberRemoveForm(
        form_data(request) if request.POST.get("change") == "remove" else None,
        # With nobody to hand the sponsorship to, the service's refusal says why.
        sponsor_candidates=candidates or None,
    )
    context = {
        "trust": trust,
        "membership": membership,
        "impact": impact,
        "candidates": candidates,
        "role_form": role_form,
        # Nobody to hand a sponsorship to: the page says to invite one first, unless a
        # removal was tried and its refusal must show.
        "show_remove_form": not impact.sponsor_of
        or bool(candidates)
        or request.POST.get("change") == "remove",
        "can_reset_second_factor": request.user.has_perm(Permission.RESET_SECOND_FACTOR, trust)
        and selectors.second_factor_device_for(membership.user) is not None,
        "remove_form": remove_form,
        "back": _team_url(trust),
    }
    if request.POST.get("change") == "remove":
        return form_flow(
            request,
            remove_form,
            save=lambda data: services.member_remove(
                membership=membership,
                actor=request.user,
                replacement_sponsor=data.get("replacement_sponsor"),
            ),
            success=f"{membership.user.full_name} is no longer on the team",
            redirect_to=_team_url(trust),
            template="accounts/team/member.html",
            context=context,
        )
    return form_flow(
        request,
        role_form,
        save=lambda data: services.member_role_change(
            membership=membership,
            role=Role(data["role"]),
            actor=request.user,
            replacement_sponsor=data.get("replacement_sponsor"),
        ),
        success=lambda saved: f"{membership.user.full_name} is now {saved.get_role_display()}",
        redirect_to=_team_url(trust),
        template="accounts/team/member.html",
        context=context,
    )


@require_POST
def member_second_factor_reset(request, ods_code, pk):
    trust = trust_or_404(request, ods_code, Permission.RESET_SECOND_FACTOR)
    membership = _member_or_404(trust, pk)
    return action_flow(
        request,
        lambda: services.second_factor_reset(user=membership.user, actor=request.user),
        success=f"{membership.user.full_name}'s second factor is reset. They have been told "
        "by email and signed out everywhere",
        redirect_to=reverse("accounts:team-member", args=[trust.ods_code, membership.pk]),
    )


def team_domains(request, ods_code):
    trust = trust_or_404(request, ods_code, Permission.SET_INVITATION_DOMAINS)
    form = InvitationDomainsForm(
        form_data(request), initial={"domains": "\n".join(trust.invitation_domains)}
    )
    back = _team_url(trust)
    return form_flow(
        request,
        form,
        save=lambda data: services.trust_invitation_domains_set(
            trust=trust, domains=data["domains"], actor=request.user
        ),
        success="The invitation domains are saved",
        redirect_to=back,
        context={
            "title": "Where invitations may go",
            "caption": trust.name,
            "intro": "Invitations to this trust's team will only go to addresses at these "
            "domains and their sub-domains.",
            "back": back,
        },
    )


@login_not_required
@ratelimit(key="ip", rate="30/10m", method="POST", block=True)
def invitation(request, token):
    """The link in an invitation e-mail: join with this account, sign in first, or make an
    account. A used, withdrawn, replaced or expired link says so and changes nothing."""
    found, problem = selectors.invitation_from_link(token)
    if problem:
        return render(
            request,
            "accounts/team/invitation_closed.html",
            {"problem": problem, "invitation": found},
            status=404 if found is None else 410,
        )
    user = request.user
    account_exists = user.is_authenticated or selectors.account_exists_for(found.email)
    context = {
        "invitation": found,
        "account_exists": account_exists,
        "sso_button_label": settings.OIDC_BUTTON_LABEL if sso_enabled() else "",
        "is_invitee": user.is_authenticated and user.email.lower() == found.email.lower(),
    }
    if user.is_authenticated:
        if request.method == "POST":
            try:
                services.invitation_accept(invitation=found, user=user)
            except ApplicationError as error:
                # Back to the link, which now says what is wrong: not to a trust they
                # cannot see.
                messages.error(request, error.message)
                return redirect(request.path)
            messages.success(request, f"You have joined {found.trust.name}'s team")
            return redirect("accounts:trust-detail", ods_code=found.trust.ods_code)
        return render(request, "accounts/team/invitation.html", context)
    if account_exists:
        return render(request, "accounts/team/invitation.html", context)
    form = InvitationAcceptForm(form_data(request), email=found.email)
    if request.method == "POST" and form.is_valid():
        try:
            new_user = services.invitation_accept_with_new_account(
                invitation=found,
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password1"],
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            login(request, new_user, backend="django.contrib.auth.backends.ModelBackend")
            services.sign_in_record(user=new_user)
            messages.success(request, f"Welcome. You have joined {found.trust.name}'s team")
            return redirect("accounts:trust-detail", ods_code=found.trust.ods_code)
    return render(request, "accounts/team/invitation.html", {**context, "form": form})


__all__ = [
    "team",
    "team_invite",
    "invitation_resend",
    "invitation_withdraw",
    "member",
    "team_domains",
    "member_second_factor_reset",
    "invitation",
]
