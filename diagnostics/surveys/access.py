"""The one way staff views reach a wave: scoped to the user's trusts, then checked."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from diagnostics.surveys import selectors


def wave_or_404(request, pk, permission):
    """The wave if the user may see its trust (else 404: another trust's surveys are not
    revealed) and holds `permission` on it (else 403)."""
    wave = selectors.wave_get_visible_to(request.user, pk=pk)
    if wave is None:
        raise Http404("wave")
    if not request.user.has_perm(permission, wave):
        raise PermissionDenied
    return wave
