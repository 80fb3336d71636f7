"""The audit log's one writer."""

from core.models import AuditEvent


def audit_event_record(*, actor, action: str, target: str, detail: dict | None = None):
    """Record an action. Called inside the caller's transaction, so a rolled-back action
    leaves no record, and a recorded one cannot be lost."""
    return AuditEvent.objects.create(
        actor=actor if actor and actor.is_authenticated else None,
        action=action,
        target=target[:200],
        detail=detail or {},
    )
