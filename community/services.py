"""Writes for the culture community. Each runs in one transaction; e-mails are written as
Notices in the same transaction and sent by a task once it commits."""

import datetime
import logging

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.constants import NATIONAL_ADMIN_GROUP, Region, Role, Sector
from accounts.models import Trust, TrustMembership, User
from accounts.services import membership_set, trust_create, user_create
from community.constants import (
    LIVE_REGISTRATION_STATUSES,
    ApplicationStatus,
    DecisionKind,
    MembershipStatus,
    RegistrationStatus,
    StoryStatus,
)
from community.models import (
    ApplicationDecision,
    Event,
    Membership,
    MembershipApplication,
    Notice,
    Registration,
    Story,
)
from core.audit import audit_event_record
from core.exceptions import ApplicationError
from core.queueing import PUBLISH_ONCE_MORE

logger = logging.getLogger(__name__)

APPLICATION_LINK_SALT = "community.application"
LINK_MAX_AGE = datetime.timedelta(days=90)


# --- e-mail --------------------------------------------------------------------------------


def _notice(*, to: list[str] | str, subject: str, template: str, context: dict) -> None:
    """Write one Notice per address; each is sent by a task after the commit."""
    addresses = [to] if isinstance(to, str) else to
    body = render_to_string(template, {"site_url": settings.SITE_URL, **context})
    for address in dict.fromkeys(addresses):
        notice = Notice.objects.create(to_email=address, subject=subject, body=body)
        transaction.on_commit(lambda pk=notice.pk: _enqueue_notice(pk))


def _enqueue_notice(notice_id: int) -> None:
    from community.tasks import send_notice

    try:
        send_notice.apply_async((notice_id,), retry=True, retry_policy=PUBLISH_ONCE_MORE)
    except Exception:  # the broker is down: the sweep sends it later
        logger.warning("community notice %s not queued", notice_id, exc_info=True)


def notice_send(*, notice_id: int) -> bool:
    """Send a notice unless it has been sent. A failed send leaves it unsent (the task
    retries and the sweep catches up). True when this call sent it."""
    with transaction.atomic():
        # Skip a notice another worker is sending now: never two copies, never a queue
        # of sweeps waiting behind a slow mail server.
        notice = (
            Notice.objects.select_for_update(skip_locked=True)
            .filter(pk=notice_id, sent_at__isnull=True)
            .first()
        )
        if notice is None:
            return False
        send_mail(notice.subject, notice.body, None, [notice.to_email])
        notice.sent_at = timezone.now()
        # The body can hold a set-password link and names; once sent it is not needed.
        notice.body = ""
        notice.save(update_fields=["sent_at", "body"])
    return True


NOTICE_KEEP_DAYS = 30


def notices_send_pending() -> int:
    """Send every notice still unsent (after a broker or mail outage), and delete sent ones
    after 30 days: they hold names and addresses, and the e-mail has gone. Safe to run
    twice."""
    Notice.objects.filter(
        sent_at__lt=timezone.now() - datetime.timedelta(days=NOTICE_KEEP_DAYS)
    ).delete()
    sent = 0
    for notice_id in Notice.objects.filter(sent_at__isnull=True).values_list("pk", flat=True):
        try:
            sent += notice_send(notice_id=notice_id)
        except Exception:
            logger.warning("community notice %s not sent", notice_id, exc_info=True)
    return sent


def _national_admin_emails() -> list[str]:
    return list(
        User.objects.filter(is_active=True, groups__name=NATIONAL_ADMIN_GROUP)
        .order_by("pk")
        .values_list("email", flat=True)
    )


def _od_lead_emails(trust: Trust) -> list[str]:
    return list(
        TrustMembership.objects.filter(trust=trust, role=Role.OD_LEAD, user__is_active=True)
        .order_by("pk")
        .values_list("user__email", flat=True)
    )


# --- applications --------------------------------------------------------------------------


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


# --- memberships ---------------------------------------------------------------------------


def _locked_membership(membership: Membership) -> Membership:
    return Membership.objects.select_for_update().select_related("trust").get(pk=membership.pk)


@transaction.atomic
def membership_leave(*, membership: Membership, actor: User, reason: str = "") -> Membership:
    membership = _locked_membership(membership)
    if not membership.is_active:
        raise ApplicationError(f"{membership.trust.name} is not a member now.")
    membership.status = MembershipStatus.LEFT
    membership.ended_on = timezone.localdate()
    membership.end_reason = reason.strip()
    membership.save()
    _free_places_of_former_members(membership.trust)
    audit_event_record(
        actor=actor, action="community.membership.left", target=membership.trust.name
    )
    return membership


@transaction.atomic
def membership_lapse(*, membership: Membership, actor: User, reason: str) -> Membership:
    membership = _locked_membership(membership)
    if not membership.is_active:
        raise ApplicationError(f"{membership.trust.name} is not a member now.")
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the membership lapses"})
    membership.status = MembershipStatus.LAPSED
    membership.ended_on = timezone.localdate()
    membership.end_reason = reason.strip()
    membership.save()
    _free_places_of_former_members(membership.trust)
    audit_event_record(
        actor=actor,
        action="community.membership.lapsed",
        target=membership.trust.name,
        detail={"reason": membership.end_reason},
    )
    _notice(
        to=_od_lead_emails(membership.trust),
        subject=f"{membership.trust.name}'s culture community membership has lapsed",
        template="community/emails/membership_lapsed.txt",
        context={"membership": membership},
    )
    return membership


def _still_members(user_ids) -> set[int]:
    """Of these people, those at a member trust now, or national admins."""
    at_members = set(
        TrustMembership.objects.filter(
            user_id__in=user_ids, trust__community__status=MembershipStatus.ACTIVE
        ).values_list("user_id", flat=True)
    )
    admins = set(
        User.objects.filter(pk__in=user_ids, groups__name=NATIONAL_ADMIN_GROUP).values_list(
            "pk", flat=True
        )
    )
    return at_members | admins


def _free_places_of_former_members(trust: Trust) -> None:
    """When a trust leaves or lapses, its people's places at future events go to the
    waiting list, unless they also work at another member trust."""
    people = TrustMembership.objects.filter(trust=trust).values_list("user_id", flat=True)
    remaining = _still_members(list(people))
    registrations = (
        Registration.objects.filter(
            user_id__in=list(people),
            status__in=LIVE_REGISTRATION_STATUSES,
            event__starts_at__gt=timezone.now(),
        )
        .exclude(user_id__in=remaining)
        .select_related("event")
    )
    events = {}
    for registration in registrations:
        registration.status = RegistrationStatus.CANCELLED
        registration.save(update_fields=["status", "updated_at"])
        events[registration.event_id] = registration.event
    for event in events.values():
        _promote_waiting(_locked_event(event))


@transaction.atomic
def membership_pilot_set(*, membership: Membership, actor: User, is_pilot: bool) -> Membership:
    membership = _locked_membership(membership)
    membership.is_pilot = is_pilot
    membership.save(update_fields=["is_pilot", "updated_at"])
    audit_event_record(
        actor=actor,
        action="community.membership.pilot" if is_pilot else "community.membership.not_pilot",
        target=membership.trust.name,
    )
    return membership


@transaction.atomic
def membership_settings_update(
    *,
    membership: Membership,
    actor: User,
    listed: bool,
    share_phase: bool,
    share_bright_spots: bool,
    contact: User | None,
) -> Membership:
    """What the trust shares. Naming a new contact clears any earlier consent: the new
    person is asked, and appears only once they agree."""
    membership = _locked_membership(membership)
    if not membership.is_active:
        raise ApplicationError(f"{membership.trust.name} is not a member now.")
    if (
        contact is not None
        and not TrustMembership.objects.filter(trust=membership.trust, user=contact).exists()
    ):
        raise ValidationError({"contact": "Choose someone who works on this trust's programme"})
    membership.listed = listed
    membership.share_phase = share_phase
    membership.share_bright_spots = share_bright_spots
    if contact != membership.contact:
        membership.contact = contact
        membership.contact_consented_at = None
        if contact is not None and contact != actor:
            _notice(
                to=contact.email,
                subject="Will you be your trust's culture community contact?",
                template="community/emails/contact_asked.txt",
                context={"membership": membership, "contact": contact, "actor": actor},
            )
    membership.save()
    audit_event_record(
        actor=actor, action="community.membership.settings", target=membership.trust.name
    )
    return membership


@transaction.atomic
def contact_consent_set(*, membership: Membership, user: User, consent: bool) -> Membership:
    """Only the named contact can agree to be shown, or withdraw."""
    membership = _locked_membership(membership)
    if membership.contact_id != user.pk:
        raise ApplicationError("You are not this trust's named contact.")
    membership.contact_consented_at = timezone.now() if consent else None
    if not consent:
        membership.contact = None
    membership.save()
    audit_event_record(
        actor=user,
        action="community.contact.agreed" if consent else "community.contact.withdrew",
        target=membership.trust.name,
    )
    return membership


# --- stories -------------------------------------------------------------------------------

TAGS_MAX_LENGTH = 420
STORY_FIELDS = ("title", "summary", "what_we_did", "result", "phase", "elements", "tags")


def _story_fields(fields: dict) -> dict:
    fields = {name: fields[name] for name in STORY_FIELDS}
    fields["tags"] = _clean_tags(fields.get("tags", ""))
    codes = [code for code in fields["elements"] if code]
    fields["elements"] = f"|{'|'.join(codes)}|" if codes else ""
    return fields


def _clean_tags(tags: str) -> str:
    """Lower case, no repeats, at most 10, and never longer than the field holds."""
    cleaned: list[str] = []
    for tag in dict.fromkeys(t.strip().lower()[:40] for t in tags.split(",") if t.strip()):
        if len(cleaned) == 10 or len(", ".join([*cleaned, tag])) > TAGS_MAX_LENGTH:
            break
        cleaned.append(tag)
    return ", ".join(cleaned)


@transaction.atomic
def story_create(*, trust: Trust, author: User, **fields) -> Story:
    story = Story(trust=trust, author=author, **_story_fields(fields))
    story.full_clean()
    story.save()
    return story


def _locked_story(story: Story) -> Story:
    return Story.objects.select_for_update().select_related("trust").get(pk=story.pk)


@transaction.atomic
def story_update(*, story: Story, actor: User, **fields) -> Story:
    story = _locked_story(story)
    if story.status in (StoryStatus.SUBMITTED, StoryStatus.PUBLISHED):
        raise ApplicationError(
            "This story is with the moderators or published, so it cannot be changed now."
        )
    for name, value in _story_fields(fields).items():
        setattr(story, name, value)
    story.full_clean()
    story.save()
    return story


@transaction.atomic
def story_submit(*, story: Story, actor: User) -> Story:
    story = _locked_story(story)
    if story.status not in (StoryStatus.DRAFT, StoryStatus.RETURNED):
        raise ApplicationError("This story has already been sent for moderation.")
    story.status = StoryStatus.SUBMITTED
    story.save(update_fields=["status", "updated_at"])
    audit_event_record(actor=actor, action="community.story.submitted", target=story.title)
    _notice(
        to=_national_admin_emails(),
        subject=f"A story to moderate: {story.title}",
        template="community/emails/story_to_moderate.txt",
        context={"story": story},
    )
    return story


@transaction.atomic
def story_publish(*, story: Story, actor: User) -> Story:
    story = _locked_story(story)
    if story.status != StoryStatus.SUBMITTED:
        raise ApplicationError("Only a story waiting for moderation can be published.")
    story.status = StoryStatus.PUBLISHED
    story.published_at = timezone.now()
    story.moderated_by = actor
    story.moderation_note = ""
    story.save()
    audit_event_record(actor=actor, action="community.story.published", target=story.title)
    return story


@transaction.atomic
def story_return(*, story: Story, actor: User, note: str) -> Story:
    story = _locked_story(story)
    if story.status not in (StoryStatus.SUBMITTED, StoryStatus.PUBLISHED):
        raise ApplicationError("Only a story sent for moderation or published can be returned.")
    if not note.strip():
        raise ValidationError({"note": "Enter what the authors should change"})
    story.status = StoryStatus.RETURNED
    story.published_at = None
    story.moderated_by = actor
    story.moderation_note = note.strip()
    story.save()
    audit_event_record(actor=actor, action="community.story.returned", target=story.title)
    if story.author and story.author.is_active:
        _notice(
            to=story.author.email,
            subject=f"Your story has comments: {story.title}",
            template="community/emails/story_returned.txt",
            context={"story": story},
        )
    return story


# --- events --------------------------------------------------------------------------------

EVENT_FIELDS = (
    "title",
    "kind",
    "description",
    "starts_at",
    "ends_at",
    "online",
    "joining_link",
    "venue",
    "capacity",
)


def _check_event(event: Event) -> None:
    errors = {}
    if event.ends_at and event.starts_at and event.ends_at <= event.starts_at:
        errors["ends_at"] = "The end must be after the start"
    if event.online and not event.joining_link:
        errors["joining_link"] = "Enter the link people use to join online"
    if not event.online and not event.venue.strip():
        errors["venue"] = "Enter the venue's name and address"
    if errors:
        raise ValidationError(errors)
    event.full_clean()


@transaction.atomic
def event_create(*, actor: User, **fields) -> Event:
    event = Event(created_by=actor, **{name: fields[name] for name in EVENT_FIELDS})
    _check_event(event)
    event.save()
    audit_event_record(actor=actor, action="community.event.created", target=event.title)
    return event


WHEN_AND_WHERE = ("starts_at", "ends_at", "online", "joining_link", "venue")


@transaction.atomic
def event_update(*, event: Event, actor: User, **fields) -> Event:
    """Change an event before it starts. A new time or place is e-mailed to everyone
    registered, their reminder is due again, and calendars get a new version."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.starts_at <= timezone.now():
        raise ApplicationError("This event has already started, so it cannot be changed.")
    if event.cancelled:
        raise ApplicationError("This event is cancelled, so it cannot be changed.")
    booked = event.registrations.filter(status=RegistrationStatus.BOOKED).count()
    moved = any(getattr(event, name) != fields[name] for name in WHEN_AND_WHERE)
    for name in EVENT_FIELDS:
        setattr(event, name, fields[name])
    if event.capacity < booked:
        raise ValidationError(
            {"capacity": f"{booked} people are booked; the capacity cannot be less than that"}
        )
    _check_event(event)
    if moved:
        event.sequence += 1
    event.save()
    promoted = {r.pk for r in _promote_waiting(event)}
    if moved:
        people = list(
            event.registrations.filter(status__in=LIVE_REGISTRATION_STATUSES)
            .select_related("user")
            .order_by("pk")
        )
        event.registrations.filter(pk__in=[r.pk for r in people]).update(reminded_at=None)
        for registration in people:
            if registration.pk in promoted:
                continue  # their "a place has opened" e-mail has the new details
            _notice(
                to=registration.user.email,
                subject=f"Changed: {event.title}",
                template="community/emails/event_changed.txt",
                context={"event": event, "registration": registration},
            )
    audit_event_record(actor=actor, action="community.event.changed", target=event.title)
    return event


@transaction.atomic
def event_cancel(*, event: Event, actor: User, reason: str) -> Event:
    """Call an event off: everyone with a place or on the waiting list is told why."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.cancelled:
        raise ApplicationError("This event is already cancelled.")
    if event.starts_at <= timezone.now():
        raise ApplicationError("This event has already started, so it cannot be cancelled.")
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the event is cancelled"})
    event.cancelled = True
    event.save(update_fields=["cancelled", "updated_at"])
    people = list(
        event.registrations.filter(status__in=LIVE_REGISTRATION_STATUSES)
        .select_related("user")
        .order_by("pk")
    )
    _notice(
        to=[registration.user.email for registration in people],
        subject=f"Cancelled: {event.title}",
        template="community/emails/event_cancelled.txt",
        context={"event": event, "reason": reason.strip()},
    )
    audit_event_record(
        actor=actor,
        action="community.event.cancelled",
        target=event.title,
        detail={"people_told": len(people)},
    )
    return event


def _promote_waiting(event: Event) -> list[Registration]:
    """Give free places to the waiting list, first come first served (never at a
    cancelled event)."""
    if event.cancelled:
        return []
    booked = event.registrations.filter(status=RegistrationStatus.BOOKED).count()
    free = event.capacity - booked
    if free <= 0:
        return []
    promoted = list(
        event.registrations.select_for_update()
        .filter(status=RegistrationStatus.WAITING)
        .select_related("user")
        .order_by("created_at", "pk")[:free]
    )
    for registration in promoted:
        registration.status = RegistrationStatus.BOOKED
        registration.save(update_fields=["status", "updated_at"])
        _notice(
            to=registration.user.email,
            subject=f"A place has opened for you: {event.title}",
            template="community/emails/place_opened.txt",
            context={"event": event, "registration": registration},
        )
    return promoted


def _locked_event(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


@transaction.atomic
def registration_create(*, event: Event, user: User, trust: Trust | None) -> Registration:
    """Book a place, or a place on the waiting list when the event is full."""
    event = _locked_event(event)
    if event.cancelled:
        raise ApplicationError("This event has been cancelled, so it takes no registrations.")
    if event.starts_at <= timezone.now():
        raise ApplicationError(
            "This event has already started or taken place, so it takes no registrations."
        )
    existing = event.registrations.filter(user=user, status__in=LIVE_REGISTRATION_STATUSES).first()
    if existing is not None:
        raise ApplicationError(
            "You already have a place at this event."
            if existing.status == RegistrationStatus.BOOKED
            else "You are already on this event's waiting list."
        )
    booked = event.registrations.filter(status=RegistrationStatus.BOOKED).count()
    status = RegistrationStatus.BOOKED if booked < event.capacity else RegistrationStatus.WAITING
    registration = Registration.objects.create(event=event, user=user, trust=trust, status=status)
    _notice(
        to=user.email,
        subject=(
            f"You are booked: {event.title}"
            if status == RegistrationStatus.BOOKED
            else f"You are on the waiting list: {event.title}"
        ),
        template="community/emails/registered.txt",
        context={"event": event, "registration": registration},
    )
    return registration


@transaction.atomic
def registration_cancel(*, registration: Registration, actor: User) -> list[Registration]:
    """Cancel a place or a waiting-list place; a freed place goes to the next person
    waiting. Returns the registrations promoted."""
    event = _locked_event(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == RegistrationStatus.CANCELLED:
        raise ApplicationError("This registration was already cancelled.")
    if event.starts_at <= timezone.now():
        raise ApplicationError("This event has already started, so places cannot be cancelled.")
    registration.status = RegistrationStatus.CANCELLED
    registration.save(update_fields=["status", "updated_at"])
    return _promote_waiting(event)


@transaction.atomic
def attendance_record(*, event: Event, actor: User, attended_ids) -> int:
    """Who came: the booked people ticked attended, the others did not. After the start."""
    event = _locked_event(event)
    if event.starts_at > timezone.now():
        raise ApplicationError("Attendance can be recorded once the event has started.")
    attended_ids = {int(pk) for pk in attended_ids}
    booked = event.registrations.filter(status=RegistrationStatus.BOOKED)
    came = booked.filter(pk__in=attended_ids).update(attended=True)
    booked.exclude(pk__in=attended_ids).update(attended=False)
    audit_event_record(
        actor=actor,
        action="community.event.attendance",
        target=event.title,
        detail={"attended": came},
    )
    return came


def event_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Remind everyone booked on an event starting in the next 24 hours, once each. Safe to
    run twice: a reminded registration is marked in the same transaction as its notice."""
    now = now or timezone.now()
    sent = 0
    due = Registration.objects.filter(
        status=RegistrationStatus.BOOKED,
        reminded_at__isnull=True,
        event__cancelled=False,
        event__starts_at__gt=now,
        event__starts_at__lte=now + datetime.timedelta(hours=24),
    ).values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            registration = (
                Registration.objects.select_for_update()
                .select_related("event", "user")
                .filter(pk=pk, reminded_at__isnull=True, status=RegistrationStatus.BOOKED)
                .first()
            )
            if registration is None:
                continue
            if not registration.user.is_active or not _still_members([registration.user_id]):
                continue  # they left the community: no joining link for them
            registration.reminded_at = now
            registration.save(update_fields=["reminded_at", "updated_at"])
            _notice(
                to=registration.user.email,
                subject=f"Reminder: {registration.event.title}",
                template="community/emails/reminder.txt",
                context={"event": registration.event, "registration": registration},
            )
            sent += 1
    return sent
