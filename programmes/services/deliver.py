"""Deliver: actions and the weekly e-mail of each owner's actions due."""

import datetime
import smtplib
from collections import defaultdict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import User
from programmes.constants import ActionStatus
from programmes.models import Action, ActionDigestSent, Programme
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


DIGEST_HORIZON_DAYS = 14


class DigestNotSent(Exception):
    """Some digests could not be handed to the mail server; a retry sends only those."""


def action_digest_send(*, today: datetime.date | None = None) -> int:
    """E-mail each owner their open actions in active programmes that are overdue or due
    within two weeks. Returns the number of e-mails sent.

    Safe to run twice: an owner is recorded as sent before the e-mail goes, so a second run
    that week skips them. If the mail server refuses one, its record is removed again and
    DigestNotSent is raised after the others are sent, so the task's retry picks up only
    the ones that failed. Owners who have left the trust get nothing."""
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
    failed = []
    for actions in by_owner.values():
        owner = actions[0].owner
        overdue = [action for action in actions if action.due_on < today]
        context = {
            "owner": owner,
            "overdue": overdue,
            "due_soon": [action for action in actions if action.due_on >= today],
            "today": today,
            "site_url": settings.SITE_URL,
        }
        record, created = ActionDigestSent.objects.get_or_create(
            user=owner, week_starting=week_starting
        )
        if not created:
            continue
        subject = f"Your culture programme actions: {len(overdue)} overdue, " + (
            f"{len(actions) - len(overdue)} due in the next two weeks"
        )
        try:
            send_mail(
                subject,
                render_to_string("programmes/emails/action_digest.txt", context),
                None,
                [owner.email],
            )
        except (OSError, smtplib.SMTPException) as error:
            record.delete()
            failed.append(f"{owner.pk}: {error}")
            continue
        sent += 1
    if failed:
        raise DigestNotSent(f"{len(failed)} digests not sent ({sent} sent): {failed[:5]}")
    return sent
