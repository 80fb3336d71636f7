"""Writes for accounts: every change to users, trusts and memberships goes through here.
Split by sub-domain and re-exported: callers import from accounts.services."""

from accounts.services.trusts import (
    NATIONAL_ADMIN_MODEL_PERMISSIONS,
    audit_export_record,
    current_trust_switch,
    login_records_purge,
    membership_set,
    national_admin_change_record,
    national_admin_group_sync,
    role_change_record,
    sign_in_record,
    trust_create,
    trust_export,
    user_create,
)

__all__ = [
    "NATIONAL_ADMIN_MODEL_PERMISSIONS",
    "national_admin_group_sync",
    "trust_create",
    "user_create",
    "membership_set",
    "current_trust_switch",
    "login_records_purge",
    "sign_in_record",
    "role_change_record",
    "national_admin_change_record",
    "audit_export_record",
    "trust_export",
]
