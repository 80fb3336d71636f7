"""The programme's fixed vocabulary: cultural elements and the frameworks that use them.

Elements are one fixed set of codes; a framework is the list of codes it uses, and each
programme picks its framework (docs/architecture.md).
"""

from django.db import models


class Element(models.TextChoices):
    VISION_VALUES = "vision_values", "Vision and values"
    GOALS_PERFORMANCE = "goals_performance", "Goals and performance"
    SUPPORT_COMPASSION = "support_compassion", "Support and compassion"
    LEARNING_INNOVATION = "learning_innovation", "Learning and innovation"
    TEAMWORK = "teamwork", "Teamwork"
    EQUITY_INCLUSION = "equity_inclusion", "Equity and inclusion"


class Framework(models.TextChoices):
    CLP_2016 = "clp_2016", "2016 framework (five elements)"
    REVISED = "revised", "Revised framework (six elements, adding equity and inclusion)"


FRAMEWORK_ELEMENTS: dict[str, list[str]] = {
    Framework.CLP_2016: [
        Element.VISION_VALUES,
        Element.GOALS_PERFORMANCE,
        Element.SUPPORT_COMPASSION,
        Element.LEARNING_INNOVATION,
        Element.TEAMWORK,
    ],
    Framework.REVISED: list(Element),
}


class PhaseKind(models.TextChoices):
    SCOPING = "scoping", "Scoping"
    DISCOVER = "discover", "Discover"
    DESIGN = "design", "Design"
    DELIVER = "deliver", "Deliver"


PHASE_PURPOSE = {
    PhaseKind.SCOPING: "Get ready: a board sponsor, a change team, a local brand and a plan "
    "for judging impact.",
    PhaseKind.DISCOVER: "Diagnose the culture with the six diagnostic tools, then bring the "
    "findings together at a synthesis event.",
    PhaseKind.DESIGN: "Turn the findings into a collective leadership strategy with priorities "
    "and interventions.",
    PhaseKind.DELIVER: "Put the strategy into practice, monitor it, survey again and evaluate.",
}


class PhaseStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    SIGNED_OFF = "signed_off", "Signed off"


class StepOutcome(models.TextChoices):
    """What became of a step left open when its phase was signed off."""

    CARRIED = "carried", "Carried into the next phase"
    NOT_DONE = "not_done", "Closed as not done"


class DiagnosticTool(models.TextChoices):
    """The six Discover-phase diagnostic tools, plus 'other' for local variants."""

    OUTCOMES_DASHBOARD = "outcomes_dashboard", "Culture and outcomes dashboard"
    BOARD_INTERVIEWS = "board_interviews", "Board interviews"
    SURVEY = "survey", "Leadership behaviours and culture surveys"
    FOCUS_GROUPS = "focus_groups", "Culture focus groups"
    WORKFORCE = "workforce", "Leadership workforce analysis"
    PATIENT_EXPERIENCE = "patient_experience", "Patient experience"
    OTHER = "other", "Other source"


class FindingKind(models.TextChoices):
    STRENGTH = "strength", "Strength"
    AREA = "area", "Area to develop"


class InterventionStatus(models.TextChoices):
    EXISTING = "existing", "Existing"
    PLANNED = "planned", "Planned"


class Priority(models.TextChoices):
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"


class CommitmentKind(models.TextChoices):
    STRUCTURES = "structures", "Changes to structures"
    SYSTEMS = "systems", "Changes to systems"
    BEHAVIOURS = "behaviours", "Changes to behaviours"


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    BLOCKED = "blocked", "Blocked"
    DONE = "done", "Done"


# A progress note says what happened since the last one: a paragraph or two, not a report.
ACTION_NOTE_MAX_LENGTH = 2000
