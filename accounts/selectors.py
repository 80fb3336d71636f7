"""Reads for accounts. Trust data is reached only through these scoped selectors."""

from collections import Counter

from django.conf import settings
from django.core import signing
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.constants import NATIONAL_ADMIN_GROUP, Region, Role, Sector
from accounts.models import Invitation, Trust, TrustMembership, User

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


def member_list_with_roles(*, trust_id: int, roles, user_id: int | None = None) -> list[User]:
    """The trust's current members holding one of `roles` (only `user_id`, when given): whom
    to tell about the trust's work. A person who left has no membership, so is not among them."""
    memberships = TrustMembership.objects.filter(trust_id=trust_id, role__in=list(roles))
    if user_id is not None:
        memberships = memberships.filter(user_id=user_id)
    return [m.user for m in memberships.select_related("user").order_by("user__full_name")]


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


def national_admin_list() -> QuerySet[User]:
    """The active national admins: the library's curators and the community's moderators."""
    return User.objects.filter(is_active=True, groups__name=NATIONAL_ADMIN_GROUP).order_by("pk")


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


INVITATION_SALT = "accounts.invitation"
# A link is refused after this long whatever its row says; the row's expiry is the rule.
INVITATION_LINK_MAX_AGE = 60 * 60 * 24 * 8


def invitation_from_link(token: str) -> tuple[Invitation | None, str]:
    """The invitation a link opens, and "" when it can be accepted; else None or the
    invitation, with the reason it cannot be, in words for the person holding it."""
    try:
        payload = signing.loads(token, salt=INVITATION_SALT, max_age=INVITATION_LINK_MAX_AGE)
        pk, nonce = int(payload["i"]), str(payload["n"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None, "This invitation link is not valid. Check you copied all of it"
    invitation = Invitation.objects.select_related("trust", "invited_by").filter(pk=pk).first()
    if invitation is None:
        return None, "This invitation link is not valid. Check you copied all of it"
    if invitation.accepted_at:
        return invitation, "This invitation has already been used. Sign in to reach your trust"
    if invitation.withdrawn_at:
        return invitation, "This invitation has been withdrawn. Ask your trust's OD lead"
    if nonce != invitation.link_nonce:
        return invitation, (
            "A newer invitation replaced this one. Use the link in the latest e-mail"
        )
    if invitation.is_expired:
        return invitation, (
            "This invitation has expired. Ask your trust's OD lead to send it again"
        )
    return invitation, ""


def invitation_pending_for_email(email: str) -> list[Invitation]:
    """Open, unexpired invitations to this address, oldest first (single sign-on accepts
    them on a person's first sign-in)."""
    return list(
        Invitation.objects.pending()
        .filter(email__iexact=email)
        .select_related("trust")
        .order_by("sent_at", "pk")
    )


def invitation_list_pending(*, trust: Trust) -> list[Invitation]:
    return list(
        Invitation.objects.pending()
        .filter(trust=trust)
        .select_related("invited_by")
        .order_by("-sent_at", "-pk")
    )


def team_membership_get(*, trust: Trust, pk: int) -> TrustMembership | None:
    return TrustMembership.objects.filter(trust=trust, pk=pk).select_related("user").first()


def team_invitation_get(*, trust: Trust, pk: int) -> Invitation | None:
    return Invitation.objects.open().filter(trust=trust, pk=pk).select_related("trust").first()


def sponsor_replacements_for(*, membership: TrustMembership) -> QuerySet[User]:
    """The trust's other board sponsors: who can take over a programme's sponsorship."""
    return (
        User.objects.filter(
            memberships__trust=membership.trust_id, memberships__role=Role.SPONSOR, is_active=True
        )
        .exclude(pk=membership.user_id)
        .order_by("full_name")
    )


def account_exists_for(email: str) -> bool:
    return User.objects.filter(email__iexact=email).exists()


def second_factor_device_for(user) -> TOTPDevice | None:
    """The person's authenticator app, once a code from it confirmed it was set up."""
    if not user.is_authenticated:
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def recovery_codes_left_for(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def second_factor_required_for(user) -> bool:
    """National admins see every trust; the setting makes them use a second factor. People
    without a password sign in through their organisation, whose own second factor counts."""
    return (
        settings.SECOND_FACTOR_REQUIRED_FOR_NATIONAL_ADMINS
        and user.is_authenticated
        and user.is_national_admin
        and user.has_usable_password()
    )


def user_waiting_for_second_factor(pk) -> User | None:
    """The person whose password was right, waiting to type their code."""
    return User.objects.filter(pk=pk, is_active=True).first() if pk else None
