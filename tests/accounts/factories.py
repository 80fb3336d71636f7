import factory
from factory.django import DjangoModelFactory

from accounts.constants import Region, Role, Sector
from accounts.models import Trust, TrustMembership, User

TEST_PASSWORD = "correct-horse-battery-staple"  # noqa: S105


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.nhs.uk")
    full_name = factory.Faker("name", locale="en_GB")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def national_admin(self, create, extracted, **kwargs):
        if create and extracted:
            from accounts.services import national_admin_group_sync

            self.groups.add(national_admin_group_sync())
            self.is_staff = True
        if create:
            self.save()


class TrustFactory(DjangoModelFactory):
    class Meta:
        model = Trust
        django_get_or_create = ("ods_code",)

    name = factory.Sequence(lambda n: f"Example {n} NHS Foundation Trust")
    ods_code = factory.Sequence(lambda n: f"T{n:03d}")
    sector = Sector.ACUTE
    region = Region.LONDON


class TrustMembershipFactory(DjangoModelFactory):
    class Meta:
        model = TrustMembership

    user = factory.SubFactory(UserFactory)
    trust = factory.SubFactory(TrustFactory)
    role = Role.VIEWER
