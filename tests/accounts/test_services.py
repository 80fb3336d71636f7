from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessLog
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.constants import NATIONAL_ADMIN_GROUP, Region, Role, Sector
from accounts.selectors import CURRENT_TRUST_SESSION_KEY
from accounts.services import (
    current_trust_switch,
    login_records_purge,
    membership_set,
    national_admin_group_sync,
    trust_create,
    user_create,
)
from core.exceptions import ApplicationError
from tests.accounts.factories import TrustFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_trust_create_normalises_the_ods_code_and_validates():
    trust = trust_create(
        name=" New Trust ", ods_code=" rxx ", sector=Sector.COMMUNITY, region=Region.MIDLANDS
    )
    assert (trust.name, trust.ods_code) == ("New Trust", "RXX")
    with pytest.raises(ValidationError):
        trust_create(name="Bad", ods_code="x!", sector=Sector.ACUTE, region=Region.LONDON)


def test_user_create_for_a_national_admin_joins_the_group():
    user = user_create(
        email="Admin@X.nhs.uk", full_name="A", password="p" * 12, national_admin=True
    )
    assert user.email == "admin@x.nhs.uk"
    assert user.is_national_admin and user.is_staff
    assert user.check_password("p" * 12)


def test_membership_set_replaces_a_role_and_is_a_no_op_when_unchanged(trust_a):
    user = UserFactory()
    first = membership_set(user=user, trust=trust_a, role=Role.VIEWER)
    again = membership_set(user=user, trust=trust_a, role=Role.VIEWER)
    assert again.updated_at == first.updated_at
    changed = membership_set(user=user, trust=trust_a, role=Role.OD_LEAD)
    assert changed.pk == first.pk and changed.role == Role.OD_LEAD


def test_current_trust_switch_refuses_a_trust_the_user_is_not_in(od_lead_a, trust_a, trust_b):
    session = {}
    current_trust_switch(user=od_lead_a, session=session, trust=trust_a)
    assert session[CURRENT_TRUST_SESSION_KEY] == trust_a.pk
    with pytest.raises(ApplicationError, match="not a member"):
        current_trust_switch(user=od_lead_a, session=session, trust=trust_b)
    assert session[CURRENT_TRUST_SESSION_KEY] == trust_a.pk


def test_national_admin_group_sync_is_idempotent_and_exact():
    group = national_admin_group_sync()
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"add_trust", "change_trust", "view_user"} <= codenames
    assert "delete_trust" not in codenames
    national_admin_group_sync()
    assert Group.objects.filter(name=NATIONAL_ADMIN_GROUP).count() == 1
    assert set(group.permissions.values_list("codename", flat=True)) == codenames


def test_login_records_purge_deletes_only_records_past_retention():
    old = timezone.now() - timedelta(days=40)
    recent = timezone.now() - timedelta(days=2)
    for number, when in enumerate((old, recent)):
        log = AccessLog.objects.create(username="a@b.nhs.uk", ip_address="10.0.0.1")
        AccessLog.objects.filter(pk=log.pk).update(attempt_time=when)
        attempt = AccessAttempt.objects.create(
            username=f"person{number}@b.nhs.uk",
            ip_address="10.0.0.1",
            failures_since_start=1,
            get_data="",
            post_data="",
        )
        AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=when)
    assert login_records_purge(older_than_days=30) == 2
    assert AccessLog.objects.count() == 1 and AccessAttempt.objects.count() == 1
    assert login_records_purge(older_than_days=30) == 0


def test_trust_factory_default_is_valid():
    TrustFactory().full_clean()
