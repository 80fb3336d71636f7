"""The programme part of a trust's data export: its programmes and everything in them."""

from core.trust_export import table
from programmes.models import (
    Action,
    ActionNote,
    ActivityEntry,
    Commitment,
    ElementSummary,
    Finding,
    Intervention,
    Phase,
    PhaseSignOff,
    Programme,
    Step,
    Strategy,
    StrategyPriority,
)


def trust_tables(trust):
    mine = {"programme__trust": trust}
    return [
        table(
            "programmes",
            Programme.objects.filter(trust=trust),
            ["id", "name", "framework", "sponsor__email", "start_date", "closed_on"],
            "each run of the programme",
        ),
        table(
            "phases",
            Phase.objects.filter(**mine),
            [
                "programme_id",
                "kind",
                "status",
                "planned_start",
                "planned_end",
                "actual_start",
                "actual_end",
            ],
            "phase plans and progress",
        ),
        table(
            "phase_sign_offs",
            PhaseSignOff.objects.filter(phase__programme__trust=trust),
            [
                "phase__programme_id",
                "phase__kind",
                "signed_by_name",
                "signed_at",
                "comment",
                "open_required_steps",
                "open_steps_reason",
            ],
            "the sponsor's sign-offs",
        ),
        table(
            "steps",
            Step.objects.filter(phase__programme__trust=trust),
            [
                "phase__programme_id",
                "phase__kind",
                "position",
                "title",
                "required",
                "owner__email",
                "due_on",
                "completed_on",
                "evidence_note",
                "evidence_link",
            ],
            "steps in each phase (uploaded evidence files are not included)",
        ),
        table(
            "findings",
            Finding.objects.filter(**mine),
            ["programme_id", "statement", "tool", "element", "kind", "evidence_link"],
            "synthesis findings",
        ),
        table(
            "element_summaries",
            ElementSummary.objects.filter(**mine),
            ["programme_id", "element", "summary"],
            "the synthesis board's summary per element",
        ),
        table(
            "interventions",
            Intervention.objects.filter(**mine),
            ["programme_id", "title", "status", "elements", "owner", "description"],
            "current and planned interventions",
        ),
        table(
            "strategies",
            Strategy.objects.filter(**mine),
            ["programme_id", "vision", "commitment", "board_approved_on"],
            "the collective leadership strategy",
        ),
        table(
            "strategy_priorities",
            StrategyPriority.objects.filter(strategy__programme__trust=trust),
            ["strategy__programme_id", "title", "description"],
            "the strategy's priorities",
        ),
        table(
            "commitments",
            Commitment.objects.filter(strategy__programme__trust=trust),
            ["strategy__programme_id", "kind", "text"],
            "commitments: structures, systems and behaviours",
        ),
        table(
            "actions",
            Action.objects.filter(**mine),
            ["id", "programme_id", "title", "owner__email", "due_on", "status", "element"],
            "the Deliver action plan",
        ),
        table(
            "action_notes",
            ActionNote.objects.filter(action__programme__trust=trust),
            ["action__programme_id", "action_id", "author_name", "written_at", "text"],
            "progress notes on the actions: who wrote what, and when",
        ),
        table(
            "activity",
            ActivityEntry.objects.filter(**mine),
            ["programme_id", "at", "actor_name", "summary"],
            "the programme's activity log",
        ),
    ]
