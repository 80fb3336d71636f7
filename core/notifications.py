"""Telling people that something is theirs, by e-mail (docs/architecture.md, "E-mail").

Each app registers its kinds of notification from its AppConfig.ready(); `notify` is called
inside the service's transaction with the people to tell and why. Each person's choice for
that kind decides: an e-mail at once through the outbox, a line in the Monday summary, or
nothing (the "For you" list shows the work whatever they choose)."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from core.models import Delivery, NotificationPreference, SummaryItem
from core.outbox import email_queue


@dataclass(frozen=True)
class NotificationKind:
    key: str
    # For the preferences page: "A phase is ready for you to sign off".
    label: str


_kinds: dict[str, NotificationKind] = {}


def register_kind(key: str, label: str) -> None:
    _kinds[key] = NotificationKind(key, label)


def notification_kinds() -> list[NotificationKind]:
    return sorted(_kinds.values(), key=lambda kind: kind.label)


def preferences_url() -> str:
    return settings.SITE_URL + reverse("accounts:notifications")


def deliveries_for(users: list, kind: str) -> dict[int, str]:
    """{user id: delivery} for one kind, at once where a person chose nothing."""
    chosen = dict(
        NotificationPreference.objects.filter(user__in=users, kind=kind).values_list(
            "user_id", "delivery"
        )
    )
    return {user.pk: chosen.get(user.pk, Delivery.AT_ONCE) for user in users}


def notify(
    *,
    users: Iterable,
    kind: str,
    subject: str,
    template: str,
    context: dict,
    reason: str,
    link: str = "",
) -> int:
    """Tell each active person (each once) about one thing, as they chose for `kind`.
    `reason` says in the e-mail why they are told ("You are the board sponsor of ...");
    `link` is the path where the thing is done. Returns how many e-mails were written."""
    if kind not in _kinds:
        raise ValueError(f"Unknown notification kind {kind!r}")
    people = list({user.pk: user for user in users if user.is_active}.values())
    deliveries = deliveries_for(people, kind)
    written = 0
    for person in people:
        delivery = deliveries[person.pk]
        if delivery == Delivery.AT_ONCE:
            email_queue(
                to=person.email,
                subject=subject,
                template=template,
                context={
                    **context,
                    "recipient": person,
                    "reason": reason,
                    "link": settings.SITE_URL + link if link else "",
                    "preferences_url": preferences_url(),
                },
            )
            written += 1
        elif delivery == Delivery.WEEKLY:
            SummaryItem.objects.create(user=person, kind=kind, subject=subject, link=link)
    return written


def notification_summaries_send() -> int:
    """Mondays: one e-mail per person of what was kept for their summary, then the items are
    deleted in the same transaction, so running it twice sends nothing more."""
    sent = 0
    with transaction.atomic():
        items = list(
            SummaryItem.objects.select_for_update(skip_locked=True)
            .select_related("user")
            .order_by("user_id", "created_at", "pk")
        )
        by_person = defaultdict(list)
        for item in items:
            by_person[item.user].append(item)
        for person, kept in by_person.items():
            if not person.is_active:
                continue
            email_queue(
                to=person.email,
                subject=f"Your culture portal summary: {len(kept)} "
                + ("thing" if len(kept) == 1 else "things"),
                template="core/emails/summary.txt",
                context={
                    "recipient": person,
                    "items": kept,
                    "preferences_url": preferences_url(),
                },
            )
            sent += 1
        SummaryItem.objects.filter(pk__in=[item.pk for item in items]).delete()
    return sent


def notification_preferences_for(user) -> list[tuple[NotificationKind, str]]:
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "delivery"))
    return [(kind, chosen.get(kind.key, Delivery.AT_ONCE)) for kind in notification_kinds()]


@transaction.atomic
def notification_preferences_save(*, user, choices: dict[str, str]) -> None:
    for key, delivery in choices.items():
        if key not in _kinds or delivery not in Delivery.values:
            raise ValueError(f"Unknown choice {key}={delivery}")
        NotificationPreference.objects.update_or_create(
            user=user, kind=key, defaults={"delivery": delivery}
        )
