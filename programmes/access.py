"""The one way views reach a programme or one of its records: scoped to the user's trusts
(else 404, so another trust's records are not revealed), then checked (else 403)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.selectors import trust_get_visible_to
from programmes import selectors


def _checked(user, obj, programme, permission):
    if obj is None:
        raise Http404("not visible")
    if permission and not user.has_perm(permission, programme):
        raise PermissionDenied
    return obj


def trust_or_404(request, ods_code, permission=None):
    trust = trust_get_visible_to(request.user, ods_code=ods_code)
    if trust is None:
        raise Http404("trust")
    if permission and not request.user.has_perm(permission, trust):
        raise PermissionDenied
    return trust


def programme_or_404(request, pk, permission):
    programme = selectors.programme_get_visible_to(request.user, pk=pk)
    return _checked(request.user, programme, programme, permission)


def step_or_404(request, pk, permission):
    step = selectors.step_get_visible_to(request.user, pk=pk)
    return _checked(request.user, step, step and step.phase.programme, permission)


def finding_or_404(request, pk, permission):
    finding = selectors.finding_get_visible_to(request.user, pk=pk)
    return _checked(request.user, finding, finding and finding.programme, permission)


def intervention_or_404(request, pk, permission):
    intervention = selectors.intervention_get_visible_to(request.user, pk=pk)
    return _checked(request.user, intervention, intervention and intervention.programme, permission)


def action_or_404(request, pk, permission):
    action = selectors.action_get_visible_to(request.user, pk=pk)
    return _checked(request.user, action, action and action.programme, permission)
