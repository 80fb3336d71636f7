"""Programmes built the way the portal builds them: through the services."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from programmes import services
from programmes.constants import (
    ActionStatus,
    CommitmentKind,
    DiagnosticTool,
    Element,
    FindingKind,
    Framework,
    InterventionStatus,
    PhaseKind,
    Priority,
)

START = datetime.date(2026, 1, 5)


def start_programme(trust, od_lead, *, sponsor=None, change_team=(), name=None, **extra):
    return services.programme_start(
        trust=trust,
        actor=od_lead,
        name=name or f"{trust.ods_code} culture programme",
        framework=extra.pop("framework", Framework.REVISED),
        start_date=extra.pop("start_date", START),
        sponsor=sponsor,
        change_team=change_team,
        board_interviews_planned=extra.pop("board_interviews_planned", 8),
    )


def phase_of(programme, kind=PhaseKind.SCOPING):
    return programme.phases.get(kind=kind)


def complete_phase_steps(programme, kind, actor):
    for step in phase_of(programme, kind).steps.all():
        services.step_complete(step=step, actor=actor, evidence_note="Done at the board meeting")


def add_finding(programme, actor, **overrides):
    fields = {
        "statement": "Staff feel listened to by their line managers",
        "tool": DiagnosticTool.SURVEY,
        "element": Element.SUPPORT_COMPASSION,
        "kind": FindingKind.STRENGTH,
    }
    fields.update(overrides)
    return services.finding_create(programme=programme, actor=actor, **fields)


def add_intervention(programme, actor, **overrides):
    fields = {
        "title": "Schwartz rounds",
        "description": "",
        "status": InterventionStatus.EXISTING,
        "elements": [Element.SUPPORT_COMPASSION],
        "owner": "Director of Workforce",
        "priority": Priority.HIGH,
    }
    fields.update(overrides)
    return services.intervention_create(programme=programme, actor=actor, **fields)


def add_action(programme, actor, owner, **overrides):
    fields = {
        "title": "Train 40 managers in compassionate conversations",
        "owner": owner,
        "due_on": datetime.date(2026, 6, 30),
        "status": ActionStatus.NOT_STARTED,
        "element": Element.SUPPORT_COMPASSION,
        "resources": "",
        "priority": None,
    }
    fields.update(overrides)
    return services.action_create(programme=programme, actor=actor, **fields)


def pdf_upload(name="evidence.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 a small test document", "application/pdf")


def add_commitment(programme, actor):
    return services.commitment_create(
        strategy=programme.strategy,
        actor=actor,
        kind=CommitmentKind.BEHAVIOURS,
        text="Every board meeting starts with a patient or staff story",
    )
