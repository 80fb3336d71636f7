"""Whom the library tells as a resource goes through review (core.notifications): the
other curators when it is sent, its author when it is approved or returned. Called from
resources/services.py inside the service's transaction."""

from django.urls import reverse

from accounts.selectors import national_admin_list
from core.notifications import notify, register_kind
from resources.models import Resource

TO_REVIEW = "resources.to_review"
APPROVED = "resources.approved"
RETURNED = "resources.returned"

KINDS = {
    TO_REVIEW: "A library resource is waiting for your review",
    APPROVED: "A library resource you wrote or look after is approved",
    RETURNED: "A library resource you wrote is returned with comments",
}


def register_kinds() -> None:
    for key, label in KINDS.items():
        register_kind(key, label)


def _curate_link(resource: Resource) -> str:
    return reverse("resources:curate-resource", kwargs={"pk": resource.pk})


def reviewers_tell(*, resource: Resource, actor) -> int:
    """Every curator who may approve it: never whoever wrote it or sent it for review."""
    authors = [pk for pk in (resource.created_by_id, resource.submitted_by_id) if pk]
    changes = resource.replaces_id is not None
    return notify(
        users=national_admin_list().exclude(pk__in=authors),
        kind=TO_REVIEW,
        subject=("Changes to review: " if changes else "A library resource to review: ")
        + resource.title,
        template="resources/emails/to_review.txt",
        context={"resource": resource, "sender": actor, "changes": changes},
        reason="You curate the resource library, and you neither wrote this resource nor "
        "sent it for review, so you may approve it.",
        link=_curate_link(resource),
    )


def authors_tell_approved(
    *, proposal: Resource, published: Resource, actor, scheduled: bool = False
) -> int:
    """Its writer (who proposed the changes, for changes) and the person named as its
    owner, unless they approved it themselves."""
    changes = proposal.replaces_id is not None
    context = {
        "resource": published,
        "changes": changes,
        "scheduled": scheduled,
        "approver": actor,
    }
    writer = proposal.created_by
    owner = published.owner
    written = 0
    subject = ("Changes approved: " if changes else "Approved: ") + published.title
    link = reverse("resources:detail", kwargs={"slug": published.slug})
    if writer is not None and writer.pk != actor.pk:
        written += notify(
            users=[writer],
            kind=APPROVED,
            subject=subject,
            template="resources/emails/approved.txt",
            context=context,
            reason="You proposed these changes to the library."
            if changes
            else "You wrote this resource for the library.",
            link=link,
        )
    if owner is not None and owner.pk not in (actor.pk, writer.pk if writer else None):
        written += notify(
            users=[owner],
            kind=APPROVED,
            subject=subject,
            template="resources/emails/approved.txt",
            context=context,
            reason="You are named as the person who looks after this resource.",
            link=link,
        )
    return written


def author_tell_returned(*, resource: Resource, actor, comment: str) -> int:
    """Whoever wrote it, so they can make the changes; not the curator returning it."""
    writer = resource.created_by
    if writer is None or writer.pk == actor.pk:
        return 0
    changes = resource.replaces_id is not None
    return notify(
        users=[writer],
        kind=RETURNED,
        subject=("Changes returned: " if changes else "Returned with comments: ") + resource.title,
        template="resources/emails/returned.txt",
        context={"resource": resource, "changes": changes, "comment": comment, "reviewer": actor},
        reason="You proposed these changes to the library."
        if changes
        else "You wrote this resource for the library.",
        link=_curate_link(resource),
    )
