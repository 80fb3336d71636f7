"""The national step template as first published: the checklist each new programme starts
from. National admins edit it afterwards in the portal; this list seeds an empty table.

Steps follow the NHS England phase guides (reference/domain.md section 1).
"""

from programmes.constants import DiagnosticTool, PhaseKind

# (phase, title, description, required, tool)
DEFAULT_STEPS: list[tuple[str, str, str, bool, str]] = [
    (
        PhaseKind.SCOPING,
        "Secure a board sponsor",
        "A board member who champions the programme, unblocks it and signs each phase off.",
        True,
        "",
    ),
    (
        PhaseKind.SCOPING,
        "Recruit the change team",
        "A diverse team drawn from across the trust and its staff groups, not only senior leaders.",
        True,
        "",
    ),
    (
        PhaseKind.SCOPING,
        "Agree a local brand",
        "A name and look that staff will recognise, so the work is seen as the trust's own.",
        True,
        "",
    ),
    (
        PhaseKind.SCOPING,
        "Plan the evaluation",
        "Decide from day one what success looks like and how impact will be judged.",
        True,
        "",
    ),
    (
        PhaseKind.DISCOVER,
        "Build the culture and outcomes dashboard",
        "Upload monthly metrics linked to culture and read their variation.",
        True,
        DiagnosticTool.OUTCOMES_DASHBOARD,
    ),
    (
        PhaseKind.DISCOVER,
        "Hold the board interviews",
        "About an hour with each board member, using the record sheet.",
        True,
        DiagnosticTool.BOARD_INTERVIEWS,
    ),
    (
        PhaseKind.DISCOVER,
        "Run the leadership behaviours and culture surveys",
        "Open a survey to staff and read the results once enough people have answered.",
        True,
        DiagnosticTool.SURVEY,
    ),
    (
        PhaseKind.DISCOVER,
        "Run the culture focus groups",
        "Take groups to staff who cannot leave their work area, as well as holding sessions.",
        True,
        DiagnosticTool.FOCUS_GROUPS,
    ),
    (
        PhaseKind.DISCOVER,
        "Analyse the leadership workforce",
        "Numbers, diversity and demographics of the workforce, now and in future.",
        True,
        DiagnosticTool.WORKFORCE,
    ),
    (
        PhaseKind.DISCOVER,
        "Analyse patient experience",
        "Code existing patient feedback to the cultural elements.",
        True,
        DiagnosticTool.PATIENT_EXPERIENCE,
    ),
    (
        PhaseKind.DISCOVER,
        "Hold the synthesis event",
        "Bring the findings of every tool together, element by element.",
        True,
        "",
    ),
    (
        PhaseKind.DESIGN,
        "Map the findings to the cultural elements",
        "Use the synthesis board to see strengths and areas to develop per element.",
        True,
        "",
    ),
    (
        PhaseKind.DESIGN,
        "Map current and planned interventions",
        "List what the trust does already and plans to do, and the elements each addresses.",
        True,
        "",
    ),
    (
        PhaseKind.DESIGN,
        "Choose priorities",
        "Pick the priority areas and interventions, with the change team.",
        True,
        "",
    ),
    (
        PhaseKind.DESIGN,
        "Engage stakeholders",
        "Plan how staff, patients and partners will shape and hear about the strategy.",
        True,
        "",
    ),
    (
        PhaseKind.DESIGN,
        "Write the strategy and have the board approve it",
        "The collective leadership strategy: commitment, vision, priorities and changes.",
        True,
        "",
    ),
    (
        PhaseKind.DELIVER,
        "Implement the action plan",
        "Start the changes, with an owner and a date for each action.",
        True,
        "",
    ),
    (
        PhaseKind.DELIVER,
        "Monitor progress",
        "Review actions and the outcomes dashboard regularly.",
        True,
        "",
    ),
    (
        PhaseKind.DELIVER,
        "Survey staff again",
        "Run the culture survey again to see how it has changed.",
        True,
        DiagnosticTool.SURVEY,
    ),
    (
        PhaseKind.DELIVER,
        "Evaluate the impact",
        "Compare element scores across surveys with the outcome metrics, and report to the board.",
        True,
        "",
    ),
]
