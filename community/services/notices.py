"""E-mail: the community's notices, written to the portal's outbox in the caller's
transaction, and the people they go to."""

from accounts.constants import NATIONAL_ADMIN_GROUP, Role
from accounts.models import Trust, TrustMembership, User
from core.outbox import email_queue


def _notice(*, to: list[str] | str, subject: str, template: str, context: dict) -> None:
    """The community's e-mails go through the portal's one outbox."""
    email_queue(to=to, subject=subject, template=template, context=context)


def _national_admin_emails() -> list[str]:
    return list(
        User.objects.filter(is_active=True, groups__name=NATIONAL_ADMIN_GROUP)
        .order_by("pk")
        .values_list("email", flat=True)
    )


def _od_lead_emails(trust: Trust) -> list[str]:
    return list(
        TrustMembership.objects.filter(trust=trust, role=Role.OD_LEAD, user__is_active=True)
        .order_by("pk")
        .values_list("user__email", flat=True)
    )
