"""The one way views reach a trust: scoped to the user's trusts (else 404, so another trust is
not revealed), then checked (else 403). Programmes, surveys and the community's membership
pages all start here."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.selectors import trust_get_visible_to


def trust_or_404(request, ods_code, permission=None):
    trust = trust_get_visible_to(request.user, ods_code=ods_code)
    if trust is None:
        raise Http404("trust")
    if permission and not request.user.has_perm(permission, trust):
        raise PermissionDenied
    return trust
