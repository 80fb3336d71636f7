"""Reads for accounts. Trust data is reached only through these scoped selectors."""

from collections import Counter

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When

from accounts.constants import Region, Role, Sector
from accounts.models import Trust, TrustMembership, User

CURRENT_TRUST_SESSION_KEY = "current_trust_id"


def membership_list_for_user(user) -> list[TrustMembership]:
    """The user's memberships with their trusts, by trust name; one query per request."""
    if not user.is_authenticated:
        return []
    if not hasattr(user, "_memberships"):
        user._memberships = list(
            TrustMembership.objects.filter(user=user)
            .select_related("trust")
            .order_by("trust__name")
        )
    return user._memberships


def trust_roles_for(user) -> dict[int, str]:
    """{trust id: role} for the user's memberships."""
    return {membership.trust_id: membership.role for membership in membership_list_for_user(user)}


def trust_list_for_member(user) -> QuerySet[Trust]:
    """The trusts the user belongs to (not every trust a national admin may see)."""
    return Trust.objects.filter(memberships__user=user).order_by("name")


def trust_list_visible_to(user, *, sector: str = "", region: str = "") -> QuerySet[Trust]:
    trusts = (
        Trust.objects.visible_to(user)
        .filter(is_pending=False)
        .annotate(member_count=Count("memberships"))
    )
    if sector:
        trusts = trusts.filter(sector=sector)
    if region:
        trusts = trusts.filter(region=region)
    return trusts.order_by("name")


def trust_get_visible_to(user, *, ods_code: str) -> Trust | None:
    return (
        Trust.objects.visible_to(user).filter(ods_code=ods_code.upper(), is_pending=False).first()
    )


ROLE_ORDER = Case(
    *(When(role=role, then=Value(position)) for position, role in enumerate(Role)),
    output_field=IntegerField(),
)


def membership_list_for_trust(*, trust: Trust) -> QuerySet[TrustMembership]:
    """The trust's programme team, OD leads first, in the order of Role."""
    return (
        TrustMembership.objects.filter(trust=trust)
        .select_related("user")
        .order_by(ROLE_ORDER, "user__full_name")
    )


def trust_current_for(user, session) -> Trust | None:
    """The trust the user is working in: the one chosen in the switcher, else their first."""
    if not user.is_authenticated:
        return None
    memberships = membership_list_for_user(user)
    chosen = session.get(CURRENT_TRUST_SESSION_KEY)
    for membership in memberships:
        if membership.trust_id == chosen:
            return membership.trust
    return memberships[0].trust if memberships else None


def admin_overview_figures() -> dict:
    """Headline counts for national admins: trusts by sector and region, people by role."""
    by_sector, by_region = Counter(), Counter()
    for sector, region, count in (
        Trust.objects.filter(is_pending=False)
        .order_by()
        .values_list("sector", "region")
        .annotate(n=Count("id"))
    ):
        by_sector[sector] += count
        by_region[region] += count
    by_role = dict(TrustMembership.objects.order_by().values_list("role").annotate(n=Count("id")))
    people = User.objects.filter(is_active=True).aggregate(
        total=Count("id", distinct=True),
        unattached=Count("id", filter=Q(memberships__isnull=True), distinct=True),
    )
    return {
        "trust_count": sum(by_sector.values()),
        "people_count": people["total"],
        "unattached_count": people["unattached"],
        "by_sector": [(label, by_sector.get(value, 0)) for value, label in Sector.choices],
        "by_region": [(label, by_region.get(value, 0)) for value, label in Region.choices],
        "by_role": [(label, by_role.get(value, 0)) for value, label in Role.choices],
    }
