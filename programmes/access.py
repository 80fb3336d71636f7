"""The one way views reach a programme or one of its records: scoped to the user's trusts
(else 404, so another trust's records are not revealed), then checked (else 403). A trust
itself is reached through accounts.access."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from programmes import selectors
from programmes.rules import Permission


def _checked(user, obj, programme, permission):
    if obj is None:
        raise Http404("not visible")
    if permission and not user.has_perm(permission, programme):
        raise PermissionDenied
    return obj


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


def action_to_note_or_404(request, pk):
    """An action the user may add a progress note to: its team, or its owner."""
    action = selectors.action_get_visible_to(request.user, pk=pk)
    return _checked(request.user, action, action, Permission.ADD_ACTION_NOTE)


def action_note_or_404(request, pk, permission):
    note = selectors.action_note_get_visible_to(request.user, pk=pk)
    return _checked(request.user, note, note, permission)
