"""Demo trusts and one person per role. The passwords are published in README.md."""

from accounts.constants import Region, Role, Sector
from accounts.models import Invitation, Trust, User
from accounts.services import (
    invitation_create,
    membership_set,
    national_admin_group_sync,
    trust_create,
    trust_invitation_domains_set,
    user_create,
)

DEMO_PASSWORD = "culture-demo-2026"  # noqa: S105 - published on purpose; refused in production

# The three 2016 pilot trusts, then trusts of the other sectors and regions.
DEMO_TRUSTS = [
    (
        "Central Manchester University Hospitals NHS Foundation Trust",
        "RW3",
        Sector.ACUTE,
        Region.NORTH_WEST,
    ),
    (
        "Northumbria Healthcare NHS Foundation Trust",
        "RTF",
        Sector.ACUTE,
        Region.NORTH_EAST_YORKSHIRE,
    ),
    ("East London NHS Foundation Trust", "RWK", Sector.MENTAL_HEALTH, Region.LONDON),
    ("Yorkshire Ambulance Service NHS Trust", "RX8", Sector.AMBULANCE, Region.NORTH_EAST_YORKSHIRE),
    ("Sussex Community NHS Foundation Trust", "RDR", Sector.COMMUNITY, Region.SOUTH_EAST),
    ("Isle of Wight NHS Trust", "R1F", Sector.COMBINED, Region.SOUTH_EAST),
    ("Leicestershire Partnership NHS Trust", "RT5", Sector.MENTAL_HEALTH, Region.MIDLANDS),
    (
        "Norfolk and Norwich University Hospitals NHS Foundation Trust",
        "RM1",
        Sector.ACUTE,
        Region.EAST_OF_ENGLAND,
    ),
    ("Royal Cornwall Hospitals NHS Trust", "REF", Sector.ACUTE, Region.SOUTH_WEST),
    ("Frimley Health NHS Foundation Trust", "RDU", Sector.ACUTE, Region.SOUTH_EAST),
]

# (email, name, national admin?, [(trust ODS code, role), ...])
DEMO_USERS = [
    ("od.lead@demo.nhs.uk", "Olivia Okafor", False, [("RTF", Role.OD_LEAD)]),
    (
        "change.team@demo.nhs.uk",
        "Callum Chen",
        False,
        [("RTF", Role.CHANGE_TEAM), ("RX8", Role.CHANGE_TEAM)],
    ),
    ("sponsor@demo.nhs.uk", "Sandra Shah", False, [("RTF", Role.SPONSOR)]),
    ("viewer@demo.nhs.uk", "Victor Vaughan", False, [("RTF", Role.VIEWER)]),
    ("od.lead.elft@demo.nhs.uk", "Efua Ellis", False, [("RWK", Role.OD_LEAD)]),
    ("od.lead.manchester@demo.nhs.uk", "Mohammed Malik", False, [("RW3", Role.OD_LEAD)]),
    ("sponsor.manchester@demo.nhs.uk", "Grace Mensah", False, [("RW3", Role.SPONSOR)]),
    ("sponsor.elft@demo.nhs.uk", "Tom Whitfield", False, [("RWK", Role.SPONSOR)]),
    ("national.admin@demo.nhs.uk", "Naomi Adeyemi", True, []),
    # A second curator: library resources are approved by someone other than their author.
    ("curator@demo.nhs.uk", "Cara Lindqvist", True, []),
]


def seed(stdout) -> None:
    national_admin_group_sync()
    trusts = {}
    for name, ods_code, sector, region in DEMO_TRUSTS:
        trust = Trust.objects.filter(ods_code=ods_code).first()
        trusts[ods_code] = trust or trust_create(
            name=name, ods_code=ods_code, sector=sector, region=region
        )
    for email, full_name, national_admin, roles in DEMO_USERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = user_create(
                email=email,
                full_name=full_name,
                password=DEMO_PASSWORD,
                national_admin=national_admin,
            )
        for ods_code, role in roles:
            membership_set(user=user, trust=trusts[ods_code], role=role)
    _seed_team_settings(trusts["RTF"])
    stdout.write(f"accounts: {len(DEMO_TRUSTS)} trusts, {len(DEMO_USERS)} demo users")


def _seed_team_settings(northumbria: Trust) -> None:
    """Northumbria's team page shows a waiting invitation, and its invitations are kept to
    NHS addresses."""
    admin = User.objects.get(email="national.admin@demo.nhs.uk")
    if not northumbria.invitation_domains:
        trust_invitation_domains_set(
            trust=northumbria,
            domains=["nhs.net", "demo.nhs.uk", "northumbria-healthcare.nhs.uk"],
            actor=admin,
        )
    if not Invitation.objects.filter(trust=northumbria).exists():
        invitation_create(
            trust=northumbria,
            email="priya.nair@northumbria-healthcare.nhs.uk",
            role=Role.CHANGE_TEAM,
            note="Welcome aboard: you will lead the staff survey with Callum.",
            actor=User.objects.get(email="od.lead@demo.nhs.uk"),
        )
