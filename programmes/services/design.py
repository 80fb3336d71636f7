"""Design: interventions, the strategy, its priorities and commitments."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.audit import audit_event_record
from core.exceptions import ApplicationError
from core.storage import file_field_save
from programmes.models import Commitment, Intervention, Programme, Strategy, StrategyPriority
from programmes.services.common import (
    _require_active,
    _require_elements_in_framework,
    activity_record,
)


@transaction.atomic
def intervention_create(*, programme: Programme, actor: User, **fields) -> Intervention:
    _require_active(programme)
    _require_elements_in_framework(programme, fields.get("elements", []), "elements")
    intervention = Intervention(programme=programme, **fields)
    intervention.full_clean()
    intervention.save()
    activity_record(
        programme=programme, actor=actor, summary=f"Added the intervention ‘{intervention}’"
    )
    return intervention


@transaction.atomic
def intervention_update(*, intervention: Intervention, actor: User, **fields) -> Intervention:
    _require_active(intervention.programme)
    _require_elements_in_framework(intervention.programme, fields.get("elements", []), "elements")
    for name, value in fields.items():
        setattr(intervention, name, value)
    intervention.full_clean()
    intervention.save()
    activity_record(
        programme=intervention.programme,
        actor=actor,
        summary=f"Changed the intervention ‘{intervention}’",
    )
    return intervention


@transaction.atomic
def intervention_delete(*, intervention: Intervention, actor: User) -> None:
    programme = intervention.programme
    _require_active(programme)
    title = intervention.title
    intervention.delete()
    activity_record(programme=programme, actor=actor, summary=f"Removed the intervention ‘{title}’")


@transaction.atomic
def strategy_update(
    *,
    strategy: Strategy,
    actor: User,
    commitment: str,
    vision: str,
    document=None,
) -> Strategy:
    programme = strategy.programme
    _require_active(programme)
    strategy = Strategy.objects.select_for_update().get(pk=strategy.pk)
    if strategy.board_approved_on:
        raise ApplicationError(
            f"The board approved this strategy on {strategy.board_approved_on:%-d %B %Y}: "
            "its commitment, vision and document stand as approved"
        )
    strategy.commitment = commitment.strip()
    strategy.vision = vision.strip()
    if document is not None:
        strategy.document_name = document.name[:200]
        file_field_save(strategy.document, document.name, document)
    strategy.save()
    activity_record(programme=programme, actor=actor, summary="Changed the strategy")
    return strategy


@transaction.atomic
def strategy_board_approve(
    *, strategy: Strategy, actor: User, approved_on: datetime.date, document=None
) -> Strategy:
    """The board sponsor records the board's approval: the meeting's date and the strategy
    as approved (the attached document, or a new one). Recorded once."""
    programme = strategy.programme
    _require_active(programme)
    strategy = Strategy.objects.select_for_update().get(pk=strategy.pk)
    if strategy.board_approved_on:
        raise ApplicationError(
            f"The board's approval is already recorded: {strategy.board_approved_on:%-d %B %Y}"
        )
    if not (strategy.commitment and strategy.vision):
        raise ApplicationError(
            "The strategy has no commitment or vision yet: the OD lead writes them before the "
            "board's approval is recorded"
        )
    if approved_on > timezone.localdate():
        raise ValidationError({"approved_on": "The approval date cannot be in the future"})
    if document is None and not strategy.document:
        raise ValidationError({"document": "Attach the strategy as the board approved it"})
    if document is not None:
        strategy.document_name = document.name[:200]
        file_field_save(strategy.document, document.name, document)
    strategy.board_approved_on = approved_on
    strategy.board_approved_by = actor
    strategy.board_approved_by_name = actor.full_name
    strategy.save()
    audit_event_record(
        actor=actor,
        action="programmes.strategy_approved",
        target=f"{programme.trust.name}: {programme.name}",
        detail={"programme": programme.pk, "approved_on": approved_on.isoformat()},
    )
    activity_record(
        programme=programme,
        actor=actor,
        summary=f"Recorded the board's approval of the strategy on {approved_on:%-d %B %Y}",
    )
    return strategy


@transaction.atomic
def priority_create(
    *, strategy: Strategy, actor: User, title: str, description: str = "", findings=()
) -> StrategyPriority:
    _require_active(strategy.programme)
    if any(finding.programme_id != strategy.programme_id for finding in findings):
        raise ValidationError({"findings": "Choose findings from this programme"})
    priority = StrategyPriority(
        strategy=strategy, title=title.strip(), description=description.strip()
    )
    priority.full_clean()
    priority.save()
    priority.findings.set(findings)
    activity_record(
        programme=strategy.programme, actor=actor, summary=f"Added the priority ‘{priority}’"
    )
    return priority


@transaction.atomic
def priority_update(
    *, priority: StrategyPriority, actor: User, title: str, description: str, findings
) -> StrategyPriority:
    programme = priority.strategy.programme
    _require_active(programme)
    if any(finding.programme_id != programme.pk for finding in findings):
        raise ValidationError({"findings": "Choose findings from this programme"})
    priority.title = title.strip()
    priority.description = description.strip()
    priority.full_clean()
    priority.save()
    priority.findings.set(findings)
    activity_record(programme=programme, actor=actor, summary=f"Changed the priority ‘{priority}’")
    return priority


@transaction.atomic
def priority_delete(*, priority: StrategyPriority, actor: User) -> None:
    programme = priority.strategy.programme
    _require_active(programme)
    title = priority.title
    priority.delete()
    activity_record(programme=programme, actor=actor, summary=f"Removed the priority ‘{title}’")


@transaction.atomic
def commitment_create(*, strategy: Strategy, actor: User, kind: str, text: str) -> Commitment:
    _require_active(strategy.programme)
    commitment = Commitment(strategy=strategy, kind=kind, text=text.strip())
    commitment.full_clean()
    commitment.save()
    activity_record(
        programme=strategy.programme,
        actor=actor,
        summary=f"Added a commitment: {commitment.get_kind_display().lower()}",
    )
    return commitment


@transaction.atomic
def commitment_delete(*, commitment: Commitment, actor: User) -> None:
    programme = commitment.strategy.programme
    _require_active(programme)
    commitment.delete()
    activity_record(programme=programme, actor=actor, summary="Removed a commitment")
