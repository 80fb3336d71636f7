"""Design: interventions, the strategy, its priorities and commitments."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
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
    board_approved_on: datetime.date | None,
    document=None,
) -> Strategy:
    programme = strategy.programme
    _require_active(programme)
    if board_approved_on and board_approved_on > timezone.localdate():
        raise ValidationError({"board_approved_on": "The approval date cannot be in the future"})
    if board_approved_on and not (vision.strip() and commitment.strip()):
        raise ValidationError(
            {"board_approved_on": "Record the commitment and vision before the board approval"}
        )
    newly_approved = board_approved_on and not strategy.board_approved_on
    strategy.commitment = commitment.strip()
    strategy.vision = vision.strip()
    strategy.board_approved_on = board_approved_on
    if document is not None:
        strategy.document_name = document.name[:200]
        file_field_save(strategy.document, document.name, document)
    strategy.save()
    summary = (
        f"Recorded the board's approval of the strategy on {board_approved_on:%-d %B %Y}"
        if newly_approved
        else "Changed the strategy"
    )
    activity_record(programme=programme, actor=actor, summary=summary)
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
