"""Deliver: actions, their progress notes and the weekly e-mail of each owner's actions
due."""

import datetime
import uuid
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import User
from core.exceptions import ApplicationError
from core.outbox import email_queue
from programmes.constants import ACTION_NOTE_MAX_LENGTH, ActionStatus
from programmes.models import Action, ActionDigestSent, ActionNote, Programme
from programmes.rules import Permission
from programmes.services.common import (
    _require_active,
    _require_elements_in_framework,
    activity_record,
)
from programmes.services.steps import _check_owner


def _check_action(programme: Programme, fields: dict) -> None:
    _check_owner(programme, fields.get("owner"))
    priority = fields.get("priority")
    if priority is not None and priority.strategy.programme_id != programme.pk:
        raise ValidationError({"priority": "Choose a priority from this programme's strategy"})
    if fields.get("element"):
        _require_elements_in_framework(programme, [fields["element"]], "element")


@transaction.atomic
def action_create(*, programme: Programme, actor: User, **fields) -> Action:
    _require_active(programme)
    _check_action(programme, fields)
    action = Action(programme=programme, **fields)
    action.full_clean()
    action.save()
    activity_record(programme=programme, actor=actor, summary=f"Added the action ‘{action}’")
    return action


@transaction.atomic
def action_update(*, action: Action, actor: User, **fields) -> Action:
    programme = action.programme
    _require_active(programme)
    _check_action(programme, fields)
    was = action.status
    for name, value in fields.items():
        setattr(action, name, value)
    action.owner_left = action.owner_left and action.owner_id is None
    action.full_clean()
    action.save()
    summary = f"Changed the action ‘{action}’"
    if was != action.status:
        summary = f"Set ‘{action}’ to {action.get_status_display().lower()}"
    activity_record(programme=programme, actor=actor, summary=summary)
    return action


@transaction.atomic
def action_delete(*, action: Action, actor: User) -> None:
    programme = action.programme
    _require_active(programme)
    title = action.title
    action.delete()
    activity_record(programme=programme, actor=actor, summary=f"Removed the action ‘{title}’")


@transaction.atomic
def action_note_add(
    *,
    action: Action,
    actor: User,
    text: str,
    submission_key: uuid.UUID | None = None,
    written_at: datetime.datetime | None = None,
) -> ActionNote:
    """Add a progress note to an action, by the programme team or the action's owner.

    `submission_key` is the key the note's form carried: the same form sent again (a double
    click, a resend after a slow reply) returns the note it already stored and adds none.
    `written_at` is for the demo's history; the portal's pages leave it to the clock."""
    programme = action.programme
    _require_active(programme)
    if not actor.has_perm(Permission.ADD_ACTION_NOTE, action):
        raise ApplicationError(
            "Only the programme's change team, its OD leads and the action's owner can add "
            "progress notes"
        )
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Enter the progress note"})
    if len(text) > ACTION_NOTE_MAX_LENGTH:
        raise ValidationError(
            {"text": f"The progress note must be {ACTION_NOTE_MAX_LENGTH:,} characters or fewer"}
        )
    if submission_key is not None:
        # The programme's row lock (_require_active) queues a second send of the form behind
        # the first, so this sees the note the first one stored.
        stored = ActionNote.objects.filter(action=action, submission_key=submission_key).first()
        if stored is not None:
            return stored
    try:
        with transaction.atomic():
            note = ActionNote.objects.create(
                action=action,
                author=actor,
                author_name=actor.full_name,
                text=text,
                submission_key=submission_key,
                written_at=written_at or timezone.now(),
            )
    except IntegrityError:  # the same form sent twice at once: the other send's note stands
        return ActionNote.objects.get(action=action, submission_key=submission_key)
    activity_record(
        programme=programme, actor=actor, summary=f"Added a progress note to ‘{action}’"
    )
    return note


@transaction.atomic
def action_note_delete(*, note: ActionNote, actor: User) -> None:
    """Remove a progress note its author wrote in error. Nobody removes another person's
    note: the notes are the action's record."""
    action = note.action
    _require_active(action.programme)
    if note.author_id is None or note.author_id != actor.pk:
        raise ApplicationError("You can only remove a progress note you wrote")
    note.delete()
    activity_record(
        programme=action.programme,
        actor=actor,
        summary=f"Removed a progress note from ‘{action}’",
    )


DIGEST_HORIZON_DAYS = 14


def action_digest_send(*, today: datetime.date | None = None) -> int:
    """Write each owner's e-mail of their open actions in active programmes that are overdue
    or due within two weeks, to the outbox. Returns the number of e-mails written.

    Safe to run twice: each owner's record for the week and their e-mail are written in one
    transaction, so a second run that week skips them, and the outbox sends each e-mail
    once. Owners who have left the trust get nothing."""
    today = today or timezone.localdate()
    week_starting = today - datetime.timedelta(days=today.weekday())
    already = ActionDigestSent.objects.filter(week_starting=week_starting).values("user_id")
    horizon = today + datetime.timedelta(days=DIGEST_HORIZON_DAYS)
    open_actions = (
        Action.objects.filter(
            programme__closed_on__isnull=True,
            owner__isnull=False,
            owner__is_active=True,
            owner__memberships__trust=F("programme__trust"),
            due_on__lte=horizon,
        )
        .exclude(status=ActionStatus.DONE)
        .exclude(owner_id__in=already)
        .select_related("owner", "programme__trust")
        .order_by("owner_id", "due_on", "pk")
    )
    by_owner: dict[int, list[Action]] = defaultdict(list)
    for action in open_actions:
        by_owner[action.owner_id].append(action)
    sent = 0
    for actions in by_owner.values():
        sent += _digest_write(actions, today=today, week_starting=week_starting)
    return sent


@transaction.atomic
def _digest_write(actions: list[Action], *, today, week_starting) -> bool:
    owner = actions[0].owner
    _, created = ActionDigestSent.objects.get_or_create(user=owner, week_starting=week_starting)
    if not created:
        return False
    overdue = [action for action in actions if action.due_on < today]
    email_queue(
        to=owner.email,
        subject=f"Your culture programme actions: {len(overdue)} overdue, "
        f"{len(actions) - len(overdue)} due in the next two weeks",
        template="programmes/emails/action_digest.txt",
        context={
            "owner": owner,
            "overdue": overdue,
            "due_soon": [action for action in actions if action.due_on >= today],
            "today": today,
        },
    )
    return True
