"""Reads for accounts. Trust data is reached only through these scoped selectors."""

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When

from accounts.constants import Region, Role, Sector
from accounts.models import Trust, TrustMembership, User

CURRENT_TRUST_SESSION_KEY = "current_trust_id"


def trust_roles_for(user) -> dict[int, str]:
    """{trust id: role} for the user's memberships, cached on the user for the request."""
    if not user.is_authenticated:
        return {}
    if not hasattr(user, "_trust_roles"):
        user._trust_roles = dict(
            TrustMembership.objects.filter(user=user).values_list("trust_id", "role")
        )
    return user._trust_roles


def membership_list_for_user(user) -> QuerySet[TrustMembership]:
    return TrustMembership.objects.filter(user=user).select_related("trust").order_by("trust__name")


def trust_list_visible_to(user, *, sector: str = "", region: str = "") -> QuerySet[Trust]:
    trusts = Trust.objects.visible_to(user).annotate(member_count=Count("memberships"))
    if sector:
        trusts = trusts.filter(sector=sector)
    if region:
        trusts = trusts.filter(region=region)
    return trusts.order_by("name")


def trust_get_visible_to(user, *, ods_code: str) -> Trust | None:
    return Trust.objects.visible_to(user).filter(ods_code=ods_code.upper()).first()


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
    chosen = session.get(CURRENT_TRUST_SESSION_KEY)
    memberships = membership_list_for_user(user)
    if chosen is not None:
        for membership in memberships:
            if membership.trust_id == chosen:
                return membership.trust
    first = memberships.first()
    return first.trust if first else None


def admin_overview_figures() -> dict:
    """Headline counts for national admins: trusts by sector and region, people by role."""
    by_sector = dict(Trust.objects.values_list("sector").annotate(n=Count("id")))
    by_region = dict(Trust.objects.values_list("region").annotate(n=Count("id")))
    by_role = dict(TrustMembership.objects.values_list("role").annotate(n=Count("id")))
    return {
        "trust_count": sum(by_sector.values()),
        "people_count": User.objects.filter(is_active=True).count(),
        "unattached_count": User.objects.filter(
            Q(is_active=True) & Q(memberships__isnull=True)
        ).count(),
        "by_sector": [(label, by_sector.get(value, 0)) for value, label in Sector.choices],
        "by_region": [(label, by_region.get(value, 0)) for value, label in Region.choices],
        "by_role": [(label, by_role.get(value, 0)) for value, label in Role.choices],
    }
