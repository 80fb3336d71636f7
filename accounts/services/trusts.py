"""Trusts, people and their memberships: creating them, roles given in the Django admin,
sign-in records and the trust export."""

from datetime import timedelta

from axes.models import AccessAttempt, AccessLog
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone

from accounts.constants import NATIONAL_ADMIN_GROUP, Region, Role, Sector
from accounts.models import Trust, TrustMembership, User
from accounts.selectors import CURRENT_TRUST_SESSION_KEY, trust_roles_for
from core.audit import audit_event_record
from core.exceptions import ApplicationError
from core.trust_export import trust_export_zip

# Model permissions national admins hold in the Django admin site.
NATIONAL_ADMIN_MODEL_PERMISSIONS = [
    ("accounts", "view_user"),
    ("accounts", "change_user"),
    ("accounts", "view_trust"),
    ("accounts", "add_trust"),
    ("accounts", "change_trust"),
    ("accounts", "view_trustmembership"),
    ("accounts", "add_trustmembership"),
    ("accounts", "change_trustmembership"),
    ("accounts", "delete_trustmembership"),
]


@transaction.atomic
def national_admin_group_sync() -> Group:
    """Create the national-admin group and give it exactly its model permissions."""
    group, _ = Group.objects.get_or_create(name=NATIONAL_ADMIN_GROUP)
    wanted = [
        Permission.objects.get(content_type__app_label=app, codename=codename)
        for app, codename in NATIONAL_ADMIN_MODEL_PERMISSIONS
    ]
    group.permissions.set(wanted)
    return group


@transaction.atomic
def trust_create(
    *, name: str, ods_code: str, sector: Sector, region: Region, is_pending: bool = False
) -> Trust:
    trust = Trust(
        name=name.strip(),
        ods_code=ods_code.strip().upper(),
        sector=sector,
        region=region,
        is_pending=is_pending,
    )
    trust.full_clean()
    trust.save()
    return trust


@transaction.atomic
def user_create(
    *, email: str, full_name: str, password: str | None = None, national_admin: bool = False
) -> User:
    user = User(email=email.strip().lower(), full_name=full_name.strip(), is_staff=national_admin)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    if national_admin:
        user.groups.add(national_admin_group_sync())
    return user


@transaction.atomic
def membership_set(*, user: User, trust: Trust, role: Role) -> TrustMembership:
    """Give a user a role at a trust, replacing any role they had there (no-op if held)."""
    membership = TrustMembership.objects.filter(user=user, trust=trust).first()
    if membership is None:
        membership = TrustMembership(user=user, trust=trust, role=role)
    elif membership.role == role:
        return membership
    membership.role = role
    membership.full_clean()
    membership.save()
    if hasattr(user, "_memberships"):
        del user._memberships
    return membership


def current_trust_switch(*, user: User, session, trust: Trust) -> None:
    """Make `trust` the one the user works in for the rest of their session."""
    if trust.pk not in trust_roles_for(user):
        raise ApplicationError("You are not a member of that trust")
    session[CURRENT_TRUST_SESSION_KEY] = trust.pk


@transaction.atomic
def login_records_purge(*, older_than_days: int) -> int:
    """Delete login records (they hold client addresses) older than the retention period."""
    cutoff = timezone.now() - timedelta(days=older_than_days)
    logs, _ = AccessLog.objects.filter(attempt_time__lt=cutoff).delete()
    attempts, _ = AccessAttempt.objects.filter(attempt_time__lt=cutoff).delete()
    return logs + attempts


def sign_in_record(*, user: User) -> None:
    """Sign-ins go in the audit log (who and when; the address stays with django-axes)."""
    audit_event_record(actor=user, action="accounts.signed_in", target=user.email)


def role_change_record(*, actor: User, membership: TrustMembership, change: str) -> None:
    """A role given, changed or removed (in the Django admin): change is granted, changed or
    removed."""
    audit_event_record(
        actor=actor,
        action=f"accounts.role_{change}",
        target=f"{membership.user.email} at {membership.trust.name}",
        detail={"role": membership.role},
    )


def national_admin_change_record(*, actor: User, user: User, granted: bool) -> None:
    audit_event_record(
        actor=actor,
        action="accounts.national_admin_granted" if granted else "accounts.national_admin_removed",
        target=user.email,
    )


def audit_export_record(*, user: User, rows: int) -> None:
    """Downloading the audit log is itself recorded."""
    audit_event_record(actor=user, action="audit.export", target="Audit log", detail={"rows": rows})


def trust_export(*, trust: Trust, actor: User) -> bytes:
    """The trust's data as a ZIP of CSV files; the export is recorded in the audit log."""
    body = trust_export_zip(trust)
    audit_event_record(
        actor=actor, action="accounts.trust_export", target=trust.name, detail={"bytes": len(body)}
    )
    return body
