"""Synthesis: findings and the summary of each element."""

from django.db import transaction

from accounts.models import User
from programmes.models import ElementSummary, Finding, Programme
from programmes.services.common import (
    _require_active,
    _require_elements_in_framework,
    activity_record,
)


@transaction.atomic
def finding_create(
    *,
    programme: Programme,
    actor: User,
    statement: str,
    tool: str,
    element: str,
    kind: str,
    evidence_link: str = "",
) -> Finding:
    _require_active(programme)
    _require_elements_in_framework(programme, [element], "element")
    finding = Finding(
        programme=programme,
        statement=statement.strip(),
        tool=tool,
        element=element,
        kind=kind,
        evidence_link=evidence_link.strip(),
        created_by=actor,
    )
    finding.full_clean()
    finding.save()
    activity_record(
        programme=programme,
        actor=actor,
        summary=f"Recorded a finding: {finding.get_kind_display().lower()} in "
        f"{finding.get_element_display().lower()} ({finding.get_tool_display()})",
    )
    return finding


@transaction.atomic
def finding_update(*, finding: Finding, actor: User, **fields) -> Finding:
    _require_active(finding.programme)
    _require_elements_in_framework(finding.programme, [fields["element"]], "element")
    for name, value in fields.items():
        setattr(finding, name, value.strip() if isinstance(value, str) else value)
    finding.full_clean()
    finding.save()
    activity_record(programme=finding.programme, actor=actor, summary="Changed a finding")
    return finding


@transaction.atomic
def finding_delete(*, finding: Finding, actor: User) -> None:
    programme = finding.programme
    _require_active(programme)
    finding.delete()
    activity_record(programme=programme, actor=actor, summary="Removed a finding")


@transaction.atomic
def element_summary_set(
    *, programme: Programme, actor: User, element: str, summary: str
) -> ElementSummary | None:
    _require_active(programme)
    _require_elements_in_framework(programme, [element], "element")
    if not summary.strip():
        ElementSummary.objects.filter(programme=programme, element=element).delete()
        return None
    row, _ = ElementSummary.objects.update_or_create(
        programme=programme, element=element, defaults={"summary": summary.strip()}
    )
    activity_record(
        programme=programme,
        actor=actor,
        summary=f"Summarised {row.get_element_display().lower()} for the synthesis",
    )
    return row
