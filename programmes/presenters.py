"""Shapes programme records for display: the phase timeline, the synthesis board and the
intervention map. Pure functions of what the selectors read."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from core.presenters import Tag
from programmes.constants import (
    FRAMEWORK_ELEMENTS,
    PHASE_PURPOSE,
    ActionStatus,
    DiagnosticTool,
    Element,
    FindingKind,
    InterventionStatus,
    PhaseStatus,
    StepOutcome,
)

# --- status tags -----------------------------------------------------------------------

PHASE_STATUS_COLOUR = {
    PhaseStatus.NOT_STARTED: "grey",
    PhaseStatus.IN_PROGRESS: "blue",
    PhaseStatus.SIGNED_OFF: "green",
}
INTERVENTION_STATUS_COLOUR = {
    InterventionStatus.EXISTING: "green",
    InterventionStatus.PLANNED: "blue",
}
FINDING_KIND_COLOUR = {
    FindingKind.STRENGTH: "green",
    FindingKind.AREA: "orange",
}
OVERDUE = Tag("Overdue", "red")
STEP_DONE = Tag("Done", "green")
STEP_TO_DO = Tag("To do", "grey")
STEP_CARRIED = Tag("Carried on", "blue")
STEP_NOT_DONE = Tag("Closed, not done", "orange")
SIGN_OFF_WAITING = Tag("Waiting for sign-off", "yellow")


def phase_status_tag(status: str, *, late: bool = False) -> Tag:
    """A phase on the timeline; orange, with a note, once past its planned end."""
    status = PhaseStatus(status)
    if late:
        return Tag(f"{status.label} (past its planned end)", "orange")
    return Tag(status.label, PHASE_STATUS_COLOUR[status])


def intervention_status_tag(status: str) -> Tag:
    status = InterventionStatus(status)
    return Tag(status.label, INTERVENTION_STATUS_COLOUR[status])


def finding_kind_tag(kind: str) -> Tag:
    kind = FindingKind(kind)
    return Tag(kind.label, FINDING_KIND_COLOUR[kind])


def is_overdue(due_on: datetime.date | None, today: datetime.date) -> bool:
    return bool(due_on and due_on < today)


def step_tag(step, today: datetime.date) -> Tag:
    """A phase's step: done, overdue or still to do; or, once its phase was signed off
    while it was open, carried into the next phase or closed as not done."""
    if step.is_done:
        return STEP_DONE
    if step.outcome == StepOutcome.CARRIED:
        return STEP_CARRIED
    if step.outcome == StepOutcome.NOT_DONE:
        return STEP_NOT_DONE
    return OVERDUE if is_overdue(step.due_on, today) else STEP_TO_DO


def overdue_tag(due_on: datetime.date | None, today: datetime.date) -> Tag | None:
    """Overdue, for a step due before today; nothing otherwise."""
    return OVERDUE if is_overdue(due_on, today) else None


def action_overdue_tag(action, today: datetime.date) -> Tag | None:
    """Overdue, for an action not done by its due date; nothing otherwise."""
    if action.status == ActionStatus.DONE:
        return None
    return overdue_tag(action.due_on, today)


@dataclass
class TimelinePhase:
    phase: object
    label: str
    purpose: str
    tag: Tag
    done: int
    total: int
    percent: int
    late: bool
    is_current: bool


def timeline(phases, *, today: datetime.date) -> list[TimelinePhase]:
    current = next((p for p in phases if p.status == PhaseStatus.IN_PROGRESS), None)
    rows = []
    for phase in phases:
        total = getattr(phase, "steps_total", 0)
        done = getattr(phase, "steps_done", 0)
        late = bool(
            phase.planned_end
            and phase.planned_end < today
            and phase.status != PhaseStatus.SIGNED_OFF
        )
        rows.append(
            TimelinePhase(
                phase=phase,
                label=phase.get_kind_display(),
                purpose=PHASE_PURPOSE[phase.kind],
                tag=(
                    SIGN_OFF_WAITING
                    if getattr(phase, "sign_off_waiting", False)
                    and phase.status == PhaseStatus.IN_PROGRESS
                    else phase_status_tag(phase.status, late=late)
                ),
                done=done,
                total=total,
                percent=round(100 * done / total) if total else 0,
                late=late,
                is_current=phase is current,
            )
        )
    return rows


# --- synthesis board -----------------------------------------------------------------

BOARD_TOOLS = list(DiagnosticTool)


@dataclass
class BoardCell:
    tool: str
    strengths: int = 0
    areas: int = 0
    coded: int = 0  # themes or comments coded to the element in the tool's own records

    @property
    def total(self) -> int:
        return self.strengths + self.areas


@dataclass
class BoardRow:
    element: str
    label: str
    cells: list[BoardCell]
    summary: str
    strengths: int = 0
    areas: int = 0
    tools_with_findings: int = 0
    findings: list = field(default_factory=list)
    # CodedEvidence (programmes/evidence.py) about this element, in the board's tool order.
    evidence: list = field(default_factory=list)

    @property
    def coded(self) -> int:
        return sum(cell.coded for cell in self.cells)

    @property
    def tools_with_evidence(self) -> int:
        """Tools that found something about the element, typed as a finding or coded."""
        return sum(1 for cell in self.cells if cell.total or cell.coded)


def synthesis_board(
    *, framework: str, counts: list[dict], summaries: dict, findings=(), evidence=()
):
    """Rows per element of the framework, a column per tool: how many strengths and areas
    to develop each tool found, how many themes or comments its records code to the
    element, the summary agreed at the synthesis event, the findings and the coded
    evidence."""
    tools = [tool.value for tool in BOARD_TOOLS]
    by_element: dict[str, dict[str, BoardCell]] = {
        element: {tool: BoardCell(tool) for tool in tools}
        for element in FRAMEWORK_ELEMENTS[framework]
    }
    for row in counts:
        cells = by_element.get(row["element"])
        if cells is None:
            continue
        cell = cells[row["tool"]]
        if row["kind"] == FindingKind.STRENGTH:
            cell.strengths += row["n"]
        else:
            cell.areas += row["n"]
    grouped: dict[str, list] = {}
    for finding in findings:
        grouped.setdefault(finding.element, []).append(finding)
    order = {tool: position for position, tool in enumerate(tools)}
    coded: dict[str, list] = {}
    for item in sorted(evidence, key=lambda item: order.get(item.tool, len(order))):
        cells = by_element.get(item.element)
        if cells is None or item.tool not in cells:
            continue
        cells[item.tool].coded += item.count
        coded.setdefault(item.element, []).append(item)
    rows = []
    for element, cells in by_element.items():
        cell_list = [cells[tool] for tool in tools]
        rows.append(
            BoardRow(
                element=element,
                label=Element(element).label,
                cells=cell_list,
                summary=summaries.get(element, ""),
                strengths=sum(cell.strengths for cell in cell_list),
                areas=sum(cell.areas for cell in cell_list),
                tools_with_findings=sum(1 for cell in cell_list if cell.total),
                findings=grouped.get(element, []),
                evidence=coded.get(element, []),
            )
        )
    return rows


def board_tool_headers():
    return [(tool.value, tool.label) for tool in BOARD_TOOLS]


def synthesis_export_rows(board: list[BoardRow]):
    """Header and rows for the CSV/XLSX download: one row per element and tool."""
    header = [
        "Element",
        "Source",
        "Strengths",
        "Areas to develop",
        "Coded themes or comments",
        "Element summary",
    ]
    labels = dict(board_tool_headers())
    rows = []
    for row in board:
        for cell in row.cells:
            rows.append(
                [
                    row.label,
                    labels[cell.tool],
                    cell.strengths,
                    cell.areas,
                    cell.coded,
                    row.summary,
                ]
            )
    return header, rows


def findings_export_rows(findings):
    header = ["Element", "Kind", "Source", "Finding", "Evidence"]
    rows = [
        [
            finding.get_element_display(),
            finding.get_kind_display(),
            finding.get_tool_display(),
            finding.statement,
            finding.evidence_link,
        ]
        for finding in findings
    ]
    return header, rows


# --- intervention map ----------------------------------------------------------------


@dataclass
class MapRow:
    element: str
    label: str
    marks: list[str]  # per intervention: "existing", "planned" or ""
    existing: int
    planned: int

    @property
    def gap(self) -> str:
        if not self.existing and not self.planned:
            return "No intervention addresses this element"
        if not self.existing:
            return "Only planned interventions so far"
        return ""


def intervention_map(*, framework: str, interventions) -> list[MapRow]:
    rows = []
    for element in FRAMEWORK_ELEMENTS[framework]:
        marks = [
            intervention.status if element in intervention.elements else ""
            for intervention in interventions
        ]
        rows.append(
            MapRow(
                element=element,
                label=Element(element).label,
                marks=marks,
                existing=marks.count(InterventionStatus.EXISTING),
                planned=marks.count(InterventionStatus.PLANNED),
            )
        )
    return rows


# --- the action plan ------------------------------------------------------------------

NO_OWNER_LEFT = "No owner (they left the team)"


def action_owner_label(action) -> str:
    if action.owner_id:
        return action.owner.full_name
    return NO_OWNER_LEFT if action.owner_left else "Nobody"


def _local_minute(moment: datetime.datetime) -> datetime.datetime:
    """UK time to the minute, without a time zone (a spreadsheet cell holds none)."""
    return timezone.localtime(moment).replace(second=0, microsecond=0, tzinfo=None)


def action_plan_export_rows(actions):
    """Header and rows for the action plan's download: a row for each progress note, newest
    first, with its action's columns repeated so the rows sort and filter on their own; an
    action without notes has one row with the note's columns empty."""
    header = [
        "Action",
        "Strategy priority",
        "Cultural element",
        "Owner",
        "Due",
        "Status",
        "Note written by",
        "Note written at (UK time)",
        "Progress note",
    ]
    rows = []
    for action in actions:
        columns = [
            action.title,
            action.priority.title if action.priority else "",
            action.get_element_display() if action.element else "",
            action_owner_label(action),
            action.due_on,
            action.get_status_display(),
        ]
        notes = list(action.notes.all())
        if not notes:
            rows.append([*columns, "", "", ""])
        for note in notes:
            rows.append([*columns, note.author_name, _local_minute(note.written_at), note.text])
    return header, rows
