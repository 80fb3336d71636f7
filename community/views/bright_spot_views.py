"""Bright spots: member trusts that improved where this trust scores lowest."""

from django.shortcuts import render

from accounts.selectors import trust_current_for
from community import selectors
from community.views.common import TAKE_PART
from diagnostics.results.presenters import headline_choice


@TAKE_PART
def bright_spots(request):
    """Matched to the trust's own lowest scores, so shown only to people who may read its
    survey results, at a trust that is a member."""
    trust = trust_current_for(request.user, request.session)
    member = trust is not None and bool(selectors.member_trust_ids([trust.pk]))
    headline, found = selectors.bright_spots_for(trust) if member else (None, [])
    wave = headline.wave if headline else None
    may_see = wave is not None and request.user.has_perm("diagnostics.view_results", wave)
    context = {
        "trust": trust,
        "member": member,
        "wave": wave if may_see else None,
        "chosen_because": headline_choice(headline) if may_see else "",
        "found": found if may_see else [],
        "no_results_role": wave is not None and not may_see,
    }
    return render(request, "community/bright_spots.html", context)
