"""Reads for the culture community. A contact person is only ever read through
`directory_entries`, which drops anyone who has not agreed to be shown."""

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from accounts.models import Trust, TrustMembership, User
from accounts.selectors import trust_list_for_member
from community.constants import (
    LIVE_REGISTRATION_STATUSES,
    OPEN_APPLICATION_STATUSES,
    ApplicationStatus,
    MembershipStatus,
    RegistrationStatus,
    StoryStatus,
)
from community.models import (
    Event,
    Membership,
    MembershipApplication,
    Registration,
    Story,
)
from diagnostics.results.selectors import element_improvements, element_scores_headline
from programmes.constants import Element, PhaseKind
from programmes.selectors import current_phase_by_trust


@dataclass
class DirectoryEntry:
    trust: Trust
    is_pilot: bool
    joined_on: object
    phase: str  # a PhaseKind label, or "" when the trust does not share it
    contact: User | None  # only with that person's consent


def membership_for_trust(trust: Trust) -> Membership | None:
    return Membership.objects.filter(trust=trust).select_related("trust", "contact").first()


def membership_list() -> QuerySet[Membership]:
    return Membership.objects.select_related("trust").order_by("status", "trust__name")


def membership_get(*, pk: int) -> Membership | None:
    return Membership.objects.select_related("trust").filter(pk=pk).first()


def _consented_contact(membership: Membership) -> User | None:
    """The contact, if they agreed, are active, and still work on the trust's programme."""
    contact = membership.contact
    if contact is None or membership.contact_consented_at is None or not contact.is_active:
        return None
    if membership.trust_id not in getattr(contact, "_trust_ids", set()):
        return None
    return contact


def directory_entries(
    *, query: str = "", region: str = "", sector: str = "", phase: str = "", with_contacts=False
) -> list[DirectoryEntry]:
    """Member trusts that agreed to be listed, with what each chose to share."""
    memberships = Membership.objects.filter(status=MembershipStatus.ACTIVE, listed=True)
    if query:
        memberships = memberships.filter(
            Q(trust__name__icontains=query) | Q(trust__ods_code__iexact=query)
        )
    if region:
        memberships = memberships.filter(trust__region=region)
    if sector:
        memberships = memberships.filter(trust__sector=sector)
    memberships = list(memberships.select_related("trust", "contact").order_by("trust__name"))
    phases = current_phase_by_trust([m.trust_id for m in memberships if m.share_phase])
    contacts = _consented_contacts(memberships) if with_contacts else {}
    entries = []
    for membership in memberships:
        shared_phase = phases.get(membership.trust_id, "") if membership.share_phase else ""
        if phase and shared_phase != phase:
            continue
        entries.append(
            DirectoryEntry(
                trust=membership.trust,
                is_pilot=membership.is_pilot,
                joined_on=membership.joined_on,
                phase=PhaseKind(shared_phase).label if shared_phase else "",
                contact=contacts.get(membership.trust_id),
            )
        )
    return entries


def contact_candidates(trust: Trust) -> QuerySet[User]:
    """People who may be named as the trust's contact: anyone active on its programme."""
    return User.objects.filter(memberships__trust=trust, is_active=True).order_by("full_name")


def trusts_to_apply_for(user) -> tuple[QuerySet[Trust], list[Trust]]:
    """The trusts this person may apply for (they are its OD lead and it is not a member
    now), and those they lead that are members already."""
    led = [t for t in trust_list_for_member(user) if user.has_perm("community.apply", t)]
    members = member_trust_ids([t.pk for t in led])
    open_to_apply = Trust.objects.filter(pk__in=[t.pk for t in led if t.pk not in members])
    return open_to_apply.order_by("name"), [t for t in led if t.pk in members]


def member_trust_ids(trust_ids) -> set[int]:
    """Which of these trusts are community members now."""
    return set(
        Membership.objects.filter(
            trust_id__in=trust_ids, status=MembershipStatus.ACTIVE
        ).values_list("trust_id", flat=True)
    )


def member_count() -> int:
    return Membership.objects.filter(status=MembershipStatus.ACTIVE).count()


def contact_requests_for(user) -> list[Membership]:
    """Memberships naming this person as contact, agreed or not (for their consent page)."""
    if not user.is_authenticated:
        return []
    return list(Membership.objects.filter(contact=user).select_related("trust"))


# --- applications --------------------------------------------------------------------------


def application_queue() -> QuerySet[MembershipApplication]:
    return MembershipApplication.objects.select_related("trust").order_by("-status", "created_at")


def open_application_count() -> int:
    return MembershipApplication.objects.filter(status__in=OPEN_APPLICATION_STATUSES).count()


def applications_waiting() -> QuerySet[MembershipApplication]:
    """Waiting for a national admin's decision (not for the applicant's answer)."""
    return (
        MembershipApplication.objects.filter(status=ApplicationStatus.PENDING)
        .select_related("trust")
        .only("pk", "trust__name", "new_trust", "created_at")
        .order_by("created_at", "pk")
    )


def application_get(*, pk: int) -> MembershipApplication | None:
    return (
        MembershipApplication.objects.select_related("trust", "applicant")
        .prefetch_related("decisions__by")
        .filter(pk=pk)
        .first()
    )


def applications_for_trust(trust: Trust) -> QuerySet[MembershipApplication]:
    return MembershipApplication.objects.filter(trust=trust).order_by("-created_at")


# --- stories -------------------------------------------------------------------------------


def story_search(
    *, query: str = "", phase: str = "", element: str = "", tag: str = ""
) -> QuerySet[Story]:
    stories = Story.objects.filter(status=StoryStatus.PUBLISHED).select_related("trust")
    for word in query.split()[:8]:
        stories = stories.filter(
            Q(title__icontains=word)
            | Q(summary__icontains=word)
            | Q(what_we_did__icontains=word)
            | Q(result__icontains=word)
            | Q(tags__icontains=word)
            | Q(trust__name__icontains=word)
        )
    if phase:
        stories = stories.filter(phase=phase)
    if element:
        stories = stories.filter(elements__contains=f"|{element}|")
    if tag:
        # Tags are stored "a, b, c": match a whole tag, not part of another ("board" is
        # not "onboarding").
        tag = tag.strip().lower()
        stories = stories.filter(
            Q(tags=tag)
            | Q(tags__startswith=f"{tag}, ")
            | Q(tags__endswith=f", {tag}")
            | Q(tags__contains=f", {tag}, ")
        )
    return stories.order_by("-published_at")


def story_get_readable(user, *, pk: int) -> Story | None:
    """A published story for anyone; a draft only for its trust's writers and admins."""
    story = Story.objects.select_related("trust", "author").filter(pk=pk).first()
    if story is None or story.status == StoryStatus.PUBLISHED:
        return story
    if user.is_authenticated and (
        user.is_national_admin or user.has_perm("community.edit_story", story)
    ):
        return story
    return None


def stories_for_trusts(trust_ids) -> QuerySet[Story]:
    return Story.objects.filter(trust_id__in=trust_ids).select_related("trust")


def story_moderation_queue() -> QuerySet[Story]:
    return Story.objects.filter(status=StoryStatus.SUBMITTED).select_related("trust", "author")


def published_stories_by_trust(trust_ids) -> dict[int, list[Story]]:
    """Each trust's published stories, newest first, from one query."""
    found: dict[int, list[Story]] = {}
    if not trust_ids:
        return found
    for story in Story.objects.filter(
        trust_id__in=trust_ids, status=StoryStatus.PUBLISHED
    ).order_by("-published_at", "-pk"):
        found.setdefault(story.trust_id, []).append(story)
    return found


# --- events --------------------------------------------------------------------------------


def event_list_upcoming(*, now=None) -> QuerySet[Event]:
    now = now or timezone.now()
    return _with_counts(Event.objects.filter(ends_at__gte=now)).order_by("starts_at")


def event_list_past(*, now=None, limit=20) -> QuerySet[Event]:
    now = now or timezone.now()
    return _with_counts(Event.objects.filter(ends_at__lt=now)).order_by("-starts_at")[:limit]


def _with_counts(events):
    return events.annotate(
        booked=Count("registrations", filter=Q(registrations__status=RegistrationStatus.BOOKED)),
        waiting=Count("registrations", filter=Q(registrations__status=RegistrationStatus.WAITING)),
        attended_count=Count("registrations", filter=Q(registrations__attended=True)),
    )


def events_with_waiting_list(*, now=None) -> QuerySet[Event]:
    """Events still to come, not cancelled, with people waiting for a place."""
    now = now or timezone.now()
    return (
        Event.objects.filter(cancelled=False, starts_at__gt=now)
        .annotate(
            waiting=Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.WAITING)
            )
        )
        .filter(waiting__gt=0)
        .only("pk", "title", "starts_at")
        .order_by("starts_at", "pk")
    )


def event_get(*, pk: int) -> Event | None:
    return _with_counts(Event.objects.filter(pk=pk)).first()


def registration_for(event: Event, user) -> Registration | None:
    if not user.is_authenticated:
        return None
    return Registration.objects.filter(
        event=event, user=user, status__in=LIVE_REGISTRATION_STATUSES
    ).first()


def waiting_position(registration: Registration) -> int:
    return (
        Registration.objects.filter(
            event_id=registration.event_id,
            status=RegistrationStatus.WAITING,
            created_at__lte=registration.created_at,
        )
        .exclude(Q(created_at=registration.created_at) & Q(pk__gt=registration.pk))
        .count()
    )


def registration_list(event: Event) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(event=event, status__in=LIVE_REGISTRATION_STATUSES)
        .select_related("user", "trust")
        .order_by("status", "created_at", "pk")
    )


def registrations_of(user) -> QuerySet[Registration]:
    return Registration.objects.filter(
        user=user, status__in=LIVE_REGISTRATION_STATUSES, event__ends_at__gte=timezone.now()
    ).select_related("event")


# --- bright spots --------------------------------------------------------------------------

LOW_ELEMENTS = 2


@dataclass
class BrightSpot:
    trust: Trust
    improvement: object
    stories: list  # its published stories on this element, newest first
    other_stories: list = field(default_factory=list)  # on its other elements
    # Someone to ask: the trust is in the directory with a contact who agreed to be named.
    contact: User | None = None


def bright_spots_for(trust: Trust) -> tuple[object, list[tuple[str, float, list[BrightSpot]]]]:
    """For the trust's lowest-scoring elements in its headline survey (the one the
    programme overview shows: its latest main survey, else its largest recent one), the
    member trusts that opted in and improved the same element significantly between their
    last two closed surveys, each with its published stories on that element. The first
    value is the headline survey (results.selectors.HeadlineSurvey), or None without one."""
    headline, scores = element_scores_headline(trust=trust)
    if not headline.has_figures:
        return None, []
    lowest = sorted(scores.items(), key=lambda pair: pair[1])[:LOW_ELEMENTS]
    sharing = {
        m.trust_id: m
        for m in Membership.objects.filter(status=MembershipStatus.ACTIVE, share_bright_spots=True)
        .exclude(trust=trust)
        .select_related("trust", "contact")
    }
    improved = [
        (element, score, element_improvements(element=element, trust_ids=list(sharing)))
        for element, score in lowest
    ]
    shown = {i.trust_id for _, _, improvements in improved for i in improvements}
    stories = published_stories_by_trust(shown)
    # Only where the directory lists the trust: the card links to its entry there.
    contacts = _consented_contacts([sharing[t] for t in shown if sharing[t].listed])
    found = []
    for element, score, improvements in improved:
        spots = []
        for improvement in improvements:
            theirs = stories.get(improvement.trust_id, [])
            on_element = [story for story in theirs if element in story.element_list]
            spots.append(
                BrightSpot(
                    trust=sharing[improvement.trust_id].trust,
                    improvement=improvement,
                    stories=on_element,
                    other_stories=[story for story in theirs if story not in on_element],
                    contact=contacts.get(improvement.trust_id),
                )
            )
        found.append((Element(element).label, score, spots))
    return headline, found


def _consented_contacts(memberships) -> dict[int, User]:
    """Each membership's contact by trust, where they agreed, are active and still work on
    the trust's programme: what the directory shows (one query)."""
    agreed = [m for m in memberships if m.contact_id and m.contact_consented_at]
    trusts_of: dict[int, set[int]] = {}
    for user_id, trust_id in TrustMembership.objects.filter(
        user_id__in=[m.contact_id for m in agreed]
    ).values_list("user_id", "trust_id"):
        trusts_of.setdefault(user_id, set()).add(trust_id)
    contacts = {}
    for membership in agreed:
        membership.contact._trust_ids = trusts_of.get(membership.contact_id, set())
        contact = _consented_contact(membership)
        if contact is not None:
            contacts[membership.trust_id] = contact
    return contacts
