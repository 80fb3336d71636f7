"""The directory: the community's front page and its download."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render

from accounts.constants import Region, Sector
from accounts.selectors import trust_current_for
from community import selectors
from community.rules import Permission
from community.views.common import TAKE_PART
from core.audit import audit_event_record
from core.tables import table_download
from programmes.constants import PhaseKind


def _directory_filters(request) -> dict:
    def pick(name, choices):
        value = request.GET.get(name, "")
        return value if value in dict(choices) else ""

    return {
        "query": request.GET.get("q", "").strip()[:100],
        "region": pick("region", Region.choices),
        "sector": pick("sector", Sector.choices),
        "phase": pick("phase", PhaseKind.choices),
    }


@login_not_required
def directory(request):
    """The community's front page: open to everyone; contacts only for members."""
    filters = _directory_filters(request)
    member = request.user.has_perm(Permission.TAKE_PART)
    entries = selectors.directory_entries(**filters, with_contacts=member)
    trust = trust_current_for(request.user, request.session)
    membership = selectors.membership_for_trust(trust) if trust else None
    context = {
        "entries": entries,
        "filters": filters,
        "regions": Region.choices,
        "sectors": Sector.choices,
        "phases": PhaseKind.choices,
        "member": member,
        "member_count": selectors.member_count(),
        "trust": trust,
        "membership": membership,
        "can_manage_membership": trust is not None
        and request.user.has_perm(Permission.MANAGE_MEMBERSHIP, trust),
        "can_apply": trust is not None
        and request.user.has_perm(Permission.APPLY, trust)
        and not (membership and membership.is_active),
        "contact_requests": [
            m for m in selectors.contact_requests_for(request.user) if not m.contact_consented_at
        ],
    }
    return render(request, "community/directory.html", context)


@TAKE_PART
def directory_download(request):
    """The directory as CSV, for members; contacts only with their consent (as on the page)."""
    filters = _directory_filters(request)
    rows = [
        [
            entry.trust.name,
            entry.trust.ods_code,
            entry.trust.get_sector_display(),
            entry.trust.get_region_display(),
            "Yes" if entry.is_pilot else "No",
            entry.phase,
            entry.contact.full_name if entry.contact else "",
            entry.contact.email if entry.contact else "",
        ]
        for entry in selectors.directory_entries(**filters, with_contacts=True)
    ]
    header = ["Trust", "ODS code", "Sector", "Region", "Pilot trust", "Phase", "Contact", "Email"]
    audit_event_record(
        actor=request.user,
        action="community.directory_export",
        target="Culture community directory",
        detail={"rows": len(rows)},
    )
    return table_download(
        filename="culture-community-directory",
        file_format="csv",
        sheet="Directory",
        header=header,
        rows=rows,
    )
