import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from accounts.constants import Role
from accounts.models import Trust, TrustMembership, User
from tests.accounts.factories import TrustFactory, TrustMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


class TestTrust:
    @pytest.mark.parametrize("code", ["RTF", "RW3", "R1F", "RXQ01", "ABC123"])
    def test_accepts_ods_codes_of_three_to_six_capitals_and_digits(self, code):
        TrustFactory.build(ods_code=code).full_clean()

    @pytest.mark.parametrize("code", ["rt", "RT", "RTF-1", "rtf", "ABCDEFG", "R F"])
    def test_refuses_malformed_ods_codes_with_a_message(self, code):
        with pytest.raises(ValidationError) as error:
            TrustFactory.build(ods_code=code).full_clean()
        assert error.value.message_dict["ods_code"][0].startswith("Enter an ODS code of 3 to 6")

    def test_ods_code_is_unique(self):
        TrustFactory(ods_code="RTF", name="One")
        with pytest.raises(IntegrityError):
            Trust.objects.create(ods_code="RTF", name="Two", sector="acute", region="london")

    def test_database_refuses_an_unknown_sector(self):
        with pytest.raises(IntegrityError):
            Trust.objects.create(ods_code="RZZ", name="Odd", sector="space", region="london")


class TestUser:
    def test_email_is_the_login_and_unique_whatever_its_case(self):
        User.objects.create_user(email="Ann@Example.nhs.uk", password="x" * 12, full_name="Ann")
        assert User.objects.get_by_natural_key("ANN@example.NHS.uk").full_name == "Ann"
        with pytest.raises(IntegrityError):
            User.objects.create(email="ann@EXAMPLE.nhs.uk", full_name="Other Ann")

    def test_national_admin_comes_from_the_group(self):
        assert UserFactory(national_admin=True).is_national_admin
        assert not UserFactory().is_national_admin

    def test_a_deactivated_national_admin_is_not_one(self):
        admin = UserFactory(national_admin=True, is_active=False)
        assert not admin.is_national_admin


class TestTrustMembership:
    def test_one_role_per_person_per_trust(self):
        membership = TrustMembershipFactory(role=Role.VIEWER)
        with pytest.raises(IntegrityError):
            TrustMembership.objects.create(
                user=membership.user, trust=membership.trust, role=Role.OD_LEAD
            )

    def test_database_refuses_an_unknown_role(self):
        with pytest.raises(IntegrityError):
            TrustMembershipFactory(role="emperor")
