"""Applications to join: from a trust's OD lead or for a trust not yet on the portal, and
the national admins' decisions."""

import datetime

from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.constants import Region, Role, Sector
from accounts.models import Trust, User
from accounts.services import membership_set, trust_create, user_create
from community.constants import ApplicationStatus, DecisionKind, MembershipStatus
from community.for_you import national_admins_forget
from community.models import ApplicationDecision, Membership, MembershipApplication
from community.services.notices import _national_admin_emails, _notice
from core.audit import audit_event_record
from core.exceptions import ApplicationError

APPLICATION_LINK_SALT = "community.application"
LINK_MAX_AGE = datetime.timedelta(days=90)


def application_link(application: MembershipApplication) -> str:
    """The applicant's own link to their application: it needs no account."""
    token = signing.dumps(application.pk, salt=APPLICATION_LINK_SALT)
    return reverse("community:application", kwargs={"token": token})


def application_from_link(token: str) -> MembershipApplication | None:
    try:
        pk = signing.loads(
            token,
            salt=APPLICATION_LINK_SALT,
            max_age=LINK_MAX_AGE,
        )
    except signing.BadSignature:
        return None
    return MembershipApplication.objects.select_related("trust").filter(pk=pk).first()


def _refuse_if_member_or_waiting(trust: Trust, *, show_applicant: bool) -> None:
    """A member, or a trust with an application waiting, cannot apply again. Who sent the
    waiting one is said only to the trust's own OD lead, not on the public form."""
    membership = Membership.objects.filter(trust=trust).first()
    if membership is not None and membership.is_active:
        raise ApplicationError(f"{trust.name} is already a member of the culture community.")
    waiting = (
        MembershipApplication.objects.filter(trust=trust)
        .filter(status__in=[ApplicationStatus.PENDING, ApplicationStatus.INFO_REQUESTED])
        .first()
    )
    if waiting is not None:
        sent = (
            f", sent by {waiting.applicant_name} on "
            f"{timezone.localtime(waiting.created_at):%-d %B %Y}"
            if show_applicant
            else ""
        )
        raise ApplicationError(
            f"{trust.name} already has an application waiting for a decision{sent}. "
            "You do not need to apply again."
        )


def _application_create(*, trust: Trust, new_trust: bool, applicant, **fields):
    _refuse_if_member_or_waiting(trust, show_applicant=not new_trust)
    application = MembershipApplication(
        trust=trust, applicant=applicant, new_trust=new_trust, **fields
    )
    application.full_clean(exclude=["trust", "applicant"])
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:  # another application for this trust committed first
        raise ApplicationError(
            f"{trust.name} already has an application waiting for a decision. "
            "You do not need to apply again."
        ) from None
    audit_event_record(
        actor=applicant,
        action="community.application.sent",
        target=trust.name,
        detail={"application": application.pk, "new_trust": new_trust},
    )
    transaction.on_commit(national_admins_forget)
    link = application_link(application)
    _notice(
        to=application.applicant_email,
        subject="We have your application to join the culture community",
        template="community/emails/application_received.txt",
        context={"application": application, "link": link},
    )
    _notice(
        to=_national_admin_emails(),
        subject=f"Culture community application: {trust.name}",
        template="community/emails/application_to_admins.txt",
        context={
            "application": application,
            "link": reverse("community:admin-application", kwargs={"pk": application.pk}),
        },
    )
    return application


@transaction.atomic
def application_submit_for_trust(
    *, trust: Trust, applicant: User, job_title: str, hopes: str, consent_to_list: bool
) -> MembershipApplication:
    """An OD lead applies for their trust."""
    trust = Trust.objects.select_for_update().get(pk=trust.pk)
    return _application_create(
        trust=trust,
        new_trust=False,
        applicant=applicant,
        applicant_name=applicant.full_name,
        applicant_email=applicant.email,
        job_title=job_title,
        hopes=hopes,
        consent_to_list=consent_to_list,
    )


@transaction.atomic
def application_submit_new_trust(
    *,
    trust_name: str,
    ods_code: str,
    sector: Sector,
    region: Region,
    applicant_name: str,
    applicant_email: str,
    job_title: str,
    hopes: str,
    consent_to_list: bool,
) -> MembershipApplication:
    """Someone at a trust not yet on the portal applies: the trust is created, pending, and
    becomes a trust like any other when the application is approved."""
    ods_code = ods_code.strip().upper()
    trust = Trust.objects.select_for_update().filter(ods_code=ods_code).first()
    named = Trust.objects.filter(name__iexact=trust_name.strip()).exclude(ods_code=ods_code)
    if named.exists():
        raise ValidationError(
            {
                "trust_name": "A trust with this name is on the portal with another ODS code. "
                "Check the trust's name and ODS code."
            }
        )
    if trust is not None and trust.is_pending:
        _refuse_if_member_or_waiting(trust, show_applicant=False)
        # An earlier application for it was declined: this applicant's details replace it.
        trust.name, trust.sector, trust.region = trust_name.strip(), sector, region
        trust.full_clean()
        trust.save()
    if trust is not None and not trust.is_pending:
        raise ValidationError(
            {
                "ods_code": f"{trust.name} ({trust.ods_code}) is already on the portal. Ask its "
                "OD lead to apply, or sign in and apply if you are its OD lead."
            }
        )
    if trust is None:
        try:
            with transaction.atomic():
                trust = trust_create(
                    name=trust_name,
                    ods_code=ods_code,
                    sector=sector,
                    region=region,
                    is_pending=True,
                )
        except IntegrityError:  # the same trust was sent a moment ago
            raise ApplicationError(
                f"An application for {trust_name} has just been sent. You do not need to "
                "apply again."
            ) from None
    return _application_create(
        trust=trust,
        new_trust=True,
        applicant=None,
        applicant_name=applicant_name.strip(),
        applicant_email=applicant_email.strip().lower(),
        job_title=job_title,
        hopes=hopes,
        consent_to_list=consent_to_list,
    )


def _locked_open(application: MembershipApplication) -> MembershipApplication:
    application = (
        MembershipApplication.objects.select_for_update()
        .select_related("trust")
        .get(pk=application.pk)
    )
    if not application.is_open:
        raise ApplicationError(
            f"This application was already {application.get_status_display().lower()}."
        )
    return application


def _set_password_link(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("accounts:password-reset-confirm", kwargs={"uidb64": uid, "token": token})


@transaction.atomic
def application_decide(
    *, application: MembershipApplication, actor: User, kind: DecisionKind, message: str = ""
) -> MembershipApplication:
    """A national admin approves, declines (with a reason) or asks for more information."""
    application = _locked_open(application)
    message = message.strip()
    if kind in (DecisionKind.DECLINED, DecisionKind.INFO_REQUESTED) and not message:
        field = "reason" if kind == DecisionKind.DECLINED else "question"
        raise ValidationError({"message": f"Enter the {field} for the applicant"})
    if kind == DecisionKind.INFO_REQUESTED and application.status != ApplicationStatus.PENDING:
        raise ApplicationError("The applicant has not yet answered the last question.")
    trust = application.trust
    context = {"application": application, "message": message}
    if kind == DecisionKind.APPROVED:
        application.status = ApplicationStatus.APPROVED
        context["set_password_link"] = _approve(application)
        subject = f"{trust.name} has joined the culture community"
    elif kind == DecisionKind.DECLINED:
        application.status = ApplicationStatus.DECLINED
        subject = "Your application to join the culture community"
    elif kind == DecisionKind.INFO_REQUESTED:
        application.status = ApplicationStatus.INFO_REQUESTED
        subject = "A question about your application to join the culture community"
    else:
        raise ApplicationError("Choose approve, decline or ask for more information.")
    application.save(update_fields=["status", "updated_at"])
    ApplicationDecision.objects.create(
        application=application, kind=kind, message=message, by=actor
    )
    audit_event_record(
        actor=actor,
        action=f"community.application.{kind}",
        target=trust.name,
        detail={"application": application.pk},
    )
    transaction.on_commit(national_admins_forget)
    context["link"] = application_link(application)
    _notice(
        to=application.applicant_email,
        subject=subject,
        template=f"community/emails/decision_{kind}.txt",
        context=context,
    )
    return application


def _approve(application: MembershipApplication) -> str:
    """Make the trust a member; for a new trust, make the applicant its OD lead. Returns a
    link to set a password when the applicant had no way to sign in."""
    trust = application.trust
    if trust.is_pending:
        trust.is_pending = False
        trust.save(update_fields=["is_pending", "updated_at"])
    membership = Membership.objects.filter(trust=trust).first() or Membership(trust=trust)
    membership.status = MembershipStatus.ACTIVE
    membership.joined_on = timezone.localdate()
    membership.ended_on = None
    membership.end_reason = ""
    membership.listed = application.consent_to_list
    if membership.pk is not None:
        # A returning trust: its former contact agreed to an earlier membership, not this one.
        membership.contact = None
        membership.contact_consented_at = None
    membership.save()
    if not application.new_trust:
        return ""
    user = User.objects.filter(email__iexact=application.applicant_email).first()
    if user is None:
        user = user_create(email=application.applicant_email, full_name=application.applicant_name)
    membership_set(user=user, trust=trust, role=Role.OD_LEAD)
    application.applicant = user
    application.save(update_fields=["applicant", "updated_at"])
    return "" if user.has_usable_password() else _set_password_link(user)


@transaction.atomic
def application_answer(*, application: MembershipApplication, message: str):
    """The applicant answers a national admin's question; the application waits again."""
    application = _locked_open(application)
    if application.status != ApplicationStatus.INFO_REQUESTED:
        raise ApplicationError("There is no question waiting for an answer.")
    message = message.strip()
    if not message:
        raise ValidationError({"message": "Enter your answer"})
    application.status = ApplicationStatus.PENDING
    application.save(update_fields=["status", "updated_at"])
    transaction.on_commit(national_admins_forget)
    ApplicationDecision.objects.create(
        application=application, kind=DecisionKind.ANSWERED, message=message, by=None
    )
    audit_event_record(
        actor=None,
        action="community.application.answered",
        target=application.trust.name,
        detail={"application": application.pk},
    )
    _notice(
        to=_national_admin_emails(),
        subject=f"Culture community application answered: {application.trust.name}",
        template="community/emails/application_answered.txt",
        context={
            "application": application,
            "link": reverse("community:admin-application", kwargs={"pk": application.pk}),
        },
    )
    return application
