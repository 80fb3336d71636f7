"""The accounts part of a trust's data export: who works on its programme."""

from accounts.models import TrustMembership
from core.trust_export import table


def trust_tables(trust):
    return [
        table(
            "people",
            TrustMembership.objects.filter(trust=trust),
            ["user__full_name", "user__email", "role", "created_at"],
            "people on the trust's programme team and their roles",
            header=["name", "email", "role", "since"],
        )
    ]
