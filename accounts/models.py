from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.crypto import salted_hmac

from accounts.constants import NATIONAL_ADMIN_GROUP, Region, Role, Sector
from core.models import BaseModel

ods_code_validator = RegexValidator(
    regex=r"^[A-Z0-9]{3,6}$",
    message="Enter an ODS code of 3 to 6 capital letters and numbers, like RTF",
)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("Enter an email address")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in. Survey respondents never have one."""

    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=150)
    is_staff = models.BooleanField(default=False, help_text="Can sign in to the Django admin site.")
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)
    # Part of every session's check (below): raising it ends all the person's sessions,
    # which is how "sign out everywhere" works without touching their password.
    session_generation = models.PositiveIntegerField(default=0)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name

    def _get_session_auth_hash(self, secret=None):
        # Django's own hash covers the password only; adding the generation lets a person
        # end every other session while keeping their password.
        return salted_hmac(
            "accounts.User.session_auth_hash",
            f"{self.password}:{self.session_generation}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def is_national_admin(self) -> bool:
        if not self.is_active:
            return False
        if self.is_superuser:
            return True
        # Cached per instance: the navigation and permission checks ask many times a request.
        if not hasattr(self, "_is_national_admin"):
            self._is_national_admin = self.groups.filter(name=NATIONAL_ADMIN_GROUP).exists()
        return self._is_national_admin


class TrustScopedQuerySet(models.QuerySet):
    """Rows that belong to a trust. `visible_to(user)` is the one way views reach them: every
    row for a national admin, else only rows of the trusts the user is a member of."""

    # The lookup from this model to the trust's memberships; subclasses set it.
    memberships_path = "trust__memberships"

    def visible_to(self, user):
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_national_admin:
            return self.all()
        return self.filter(**{f"{self.memberships_path}__user": user}).distinct()


class TrustQuerySet(TrustScopedQuerySet):
    memberships_path = "memberships"


class Trust(BaseModel):
    name = models.CharField(max_length=200, unique=True)
    ods_code = models.CharField(
        "ODS code",
        max_length=6,
        unique=True,
        validators=[ods_code_validator],
        help_text="The trust's Organisation Data Service code, for example RTF.",
    )
    sector = models.CharField(max_length=20, choices=Sector.choices)
    region = models.CharField(max_length=30, choices=Region.choices)
    # Created by a community application from a trust not yet on the portal; becomes a
    # trust like any other when the application is approved.
    is_pending = models.BooleanField(default=False)
    # The e-mail domains invitations to this trust may go to (national admins set them);
    # empty: any address.
    invitation_domains = models.JSONField(default=list, blank=True)

    objects = TrustQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(sector__in=Sector.values), name="accounts_trust_sector_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(region__in=Region.values), name="accounts_trust_region_valid"
            ),
        ]

    def __str__(self):
        return self.name


class TrustMembership(BaseModel):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    trust = models.ForeignKey(Trust, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)

    objects = TrustScopedQuerySet.as_manager()

    class Meta:
        ordering = ["trust__name", "user__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "trust"], name="accounts_one_role_per_trust"),
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="accounts_membership_role_valid"
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} at {self.trust}"


class InvitationQuerySet(TrustScopedQuerySet):
    def open(self):
        """Neither accepted nor withdrawn (an expired one is still open until replaced)."""
        return self.filter(accepted_at__isnull=True, withdrawn_at__isnull=True)

    def pending(self, *, now=None):
        """Open and not yet expired: what the team page lists and a link can accept."""
        now = now or timezone.now()
        return self.open().filter(expires_at__gt=now)


class Invitation(BaseModel):
    """An invitation by e-mail to join a trust's team in a role. Its link is signed, carries
    the nonce of the send it came from (so resending retires the earlier link), works once
    and expires (docs/decisions/0007-sign-in.md)."""

    trust = models.ForeignKey(Trust, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(max_length=20, choices=Role.choices)
    note = models.TextField(blank=True)
    invited_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sent_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    link_nonce = models.CharField(max_length=32)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                "trust",
                Lower("email"),
                condition=models.Q(accepted_at__isnull=True, withdrawn_at__isnull=True),
                name="accounts_one_open_invitation_per_person",
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="accounts_invitation_role_valid"
            ),
        ]

    def __str__(self):
        return f"{self.email} as {self.get_role_display()} at {self.trust}"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()
