import io

import pytest
from django.core.management import CommandError, call_command

from accounts.demo import DEMO_TRUSTS, DEMO_USERS
from accounts.models import Trust, TrustMembership, User

pytestmark = pytest.mark.django_db

PILOT_TRUSTS = {
    "Central Manchester University Hospitals NHS Foundation Trust",
    "Northumbria Healthcare NHS Foundation Trust",
    "East London NHS Foundation Trust",
}


def snapshot():
    return {
        model.__name__: sorted(model.objects.values_list("pk", "updated_at"))
        for model in (Trust, TrustMembership)
    } | {"users": sorted(User.objects.values_list("pk", "password", "last_login"))}


def test_seed_demo_creates_the_pilot_trusts_and_one_user_per_role():
    call_command("seed_demo", stdout=io.StringIO())
    assert set(Trust.objects.values_list("name", flat=True)) >= PILOT_TRUSTS
    assert Trust.objects.count() == len(DEMO_TRUSTS)
    assert set(Trust.objects.values_list("sector", flat=True)) == {
        "acute",
        "mental_health",
        "community",
        "ambulance",
        "combined",
    }
    assert User.objects.count() == len(DEMO_USERS)
    assert set(TrustMembership.objects.values_list("role", flat=True)) == {
        "od_lead",
        "change_team",
        "sponsor",
        "viewer",
    }
    assert User.objects.get(email="national.admin@demo.nhs.uk").is_national_admin


def test_a_second_run_changes_nothing():
    call_command("seed_demo", stdout=io.StringIO())
    before = snapshot()
    call_command("seed_demo", stdout=io.StringIO())
    assert snapshot() == before


def test_refused_where_demo_data_is_not_allowed(settings):
    settings.DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError, match="refused under production settings"):
        call_command("seed_demo", stdout=io.StringIO())
    assert not User.objects.exists()
