"""Demo programmes for the three pilot trusts, each at a different phase: East London in
Discover, Central Manchester in Design and Northumbria in Deliver. Built through the
services, so the activity logs read as they would in use. Idempotent: a trust that already
has a programme is left alone. The Discover tool records come from diagnostics.demo."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.constants import Role
from accounts.models import Trust, TrustMembership
from core.demo_files import one_page_pdf
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
from programmes.models import Action, Phase, Programme

DEMO_STRATEGY_PDF = one_page_pdf(
    [
        "Collective leadership strategy: demo",
        "Approved by the trust board.",
        "Leadership of all, by all and for all.",
    ]
)

# ODS code -> (local name, months since it started, phases signed off)
DEMO_PROGRAMMES = {
    "RWK": ("Our Culture, Our Care", 4, [PhaseKind.SCOPING]),
    "RW3": ("Advancing Culture Together", 11, [PhaseKind.SCOPING, PhaseKind.DISCOVER]),
    "RTF": (
        "Northumbria Way",
        20,
        [PhaseKind.SCOPING, PhaseKind.DISCOVER, PhaseKind.DESIGN],
    ),
}

FINDINGS = [
    (
        DiagnosticTool.SURVEY,
        Element.SUPPORT_COMPASSION,
        FindingKind.STRENGTH,
        "Staff rate their immediate managers' support highly in every directorate.",
    ),
    (
        DiagnosticTool.SURVEY,
        Element.LEARNING_INNOVATION,
        FindingKind.AREA,
        "Fewer than half of staff feel able to try new ideas without lengthy approval.",
    ),
    (
        DiagnosticTool.BOARD_INTERVIEWS,
        Element.VISION_VALUES,
        FindingKind.STRENGTH,
        "Board members describe the same vision in their own words.",
    ),
    (
        DiagnosticTool.BOARD_INTERVIEWS,
        Element.TEAMWORK,
        FindingKind.AREA,
        "Executives work well together but divisions compete for resources.",
    ),
    (
        DiagnosticTool.FOCUS_GROUPS,
        Element.SUPPORT_COMPASSION,
        FindingKind.AREA,
        "Night staff say breaks are often skipped when wards are short.",
    ),
    (
        DiagnosticTool.FOCUS_GROUPS,
        Element.EQUITY_INCLUSION,
        FindingKind.AREA,
        "Staff from ethnic minority backgrounds describe fewer chances to act up.",
    ),
    (
        DiagnosticTool.OUTCOMES_DASHBOARD,
        Element.GOALS_PERFORMANCE,
        FindingKind.AREA,
        "Sickness absence has run above the process mean for eight months.",
    ),
    (
        DiagnosticTool.PATIENT_EXPERIENCE,
        Element.SUPPORT_COMPASSION,
        FindingKind.STRENGTH,
        "Patients most often praise kindness and being listened to.",
    ),
    (
        DiagnosticTool.WORKFORCE,
        Element.EQUITY_INCLUSION,
        FindingKind.AREA,
        "Band 8a and above is less diverse than the workforce as a whole.",
    ),
    (
        DiagnosticTool.PATIENT_EXPERIENCE,
        Element.TEAMWORK,
        FindingKind.AREA,
        "Patients describe being passed between teams without explanation.",
    ),
]

INTERVENTIONS = [
    (
        "Schwartz rounds",
        InterventionStatus.EXISTING,
        [Element.SUPPORT_COMPASSION],
        Priority.MEDIUM,
        "Head of staff wellbeing",
    ),
    (
        "Quality improvement academy",
        InterventionStatus.EXISTING,
        [Element.LEARNING_INNOVATION, Element.GOALS_PERFORMANCE],
        Priority.HIGH,
        "Director of improvement",
    ),
    (
        "Reverse mentoring for the board",
        InterventionStatus.PLANNED,
        [Element.EQUITY_INCLUSION, Element.VISION_VALUES],
        Priority.HIGH,
        "Chief people officer",
    ),
    (
        "Team coaching for divisional triumvirates",
        InterventionStatus.PLANNED,
        [Element.TEAMWORK],
        Priority.MEDIUM,
        "Head of organisational development",
    ),
]


# Northumbria's progress notes: (action, who, days ago, hour, minute, text), who being the
# action's owner (on the change team) or the OD lead.
ACTION_NOTES = [
    (
        "Launch the ideas fast-track panel",
        "owner",
        45,
        10,
        0,
        "Terms of reference agreed with the Director of Improvement. The panel will meet "
        "fortnightly and answer every idea within 30 days.",
    ),
    (
        "Launch the ideas fast-track panel",
        "od_lead",
        21,
        16,
        30,
        "Recruiting panel members is slower than planned: four of six seats filled. The staff "
        "networks have been asked to nominate for the last two.",
    ),
    (
        "Launch the ideas fast-track panel",
        "owner",
        3,
        9,
        15,
        "The panel met for the first time: 11 ideas heard, 7 approved to trial. The launch to "
        "all staff moves to next month so that the intranet page is ready.",
    ),
    (
        "Pilot reverse mentoring with six board members",
        "od_lead",
        12,
        14,
        0,
        "Five board members have signed up; the chair, the sixth, is to be confirmed at the "
        "next board. Mentors come from the race equality and disability staff networks.",
    ),
    (
        "Publish shortlisting panel guidance",
        "owner",
        75,
        11,
        0,
        "Draft shared with HR business partners and staff-side representatives for comment.",
    ),
    (
        "Publish shortlisting panel guidance",
        "owner",
        62,
        17,
        0,
        "Published on the intranet and sent to every recruiting manager. Panels for Band 8a "
        "and above now include a trained member from outside the department.",
    ),
]


def _seed_action_notes(today) -> int:
    """Progress notes on Northumbria's actions, for an action that has none yet (so a demo
    seeded before notes existed gets them too). Returns the number written."""
    programme = Programme.objects.filter(trust__ods_code="RTF", closed_on__isnull=True).first()
    if programme is None:
        return 0
    od_lead = (
        TrustMembership.objects.filter(trust=programme.trust, role=Role.OD_LEAD)
        .order_by("pk")
        .first()
        .user
    )
    actions = {
        action.title: action
        for action in Action.objects.filter(programme=programme, notes__isnull=True)
        .select_related("programme", "owner")
        .distinct()
    }
    written = 0
    for title, who, days_ago, hour, minute, text in ACTION_NOTES:
        action = actions.get(title)
        if action is None or (who == "owner" and action.owner is None):
            continue
        at = datetime.datetime.combine(
            today - datetime.timedelta(days=days_ago), datetime.time(hour, minute)
        )
        services.action_note_add(
            action=action,
            actor=action.owner if who == "owner" else od_lead,
            text=text,
            written_at=timezone.make_aware(at),
        )
        written += 1
    return written


def _sign_off(programme, kind, sponsor, on, reason=""):
    phase = Phase.objects.get(programme=programme, kind=kind)
    for step in phase.steps.order_by("position"):
        if not (reason and step.tool == DiagnosticTool.PATIENT_EXPERIENCE):
            services.step_complete(
                step=step,
                actor=programme.change_team.first() or sponsor,
                evidence_note="Reported to the programme board.",
                today=on - datetime.timedelta(days=7),
            )
    services.phase_sign_off(
        phase=phase,
        actor=sponsor,
        comment="A thorough piece of work. Thank you to the change team.",
        open_steps_reason=reason,
        today=on,
    )


def seed(stdout) -> None:
    today = timezone.localdate()
    made = 0
    for ods_code, (name, months, signed_off) in DEMO_PROGRAMMES.items():
        trust = Trust.objects.get(ods_code=ods_code)
        if Programme.objects.filter(trust=trust).exists():
            continue
        members = {
            m.role: m.user
            for m in TrustMembership.objects.filter(trust=trust).select_related("user")
        }
        od_lead = members[Role.OD_LEAD]
        sponsor = members.get(Role.SPONSOR)
        start = today - datetime.timedelta(days=30 * months)
        programme = services.programme_start(
            trust=trust,
            actor=od_lead,
            name=name,
            framework=Framework.REVISED,
            start_date=start,
            sponsor=sponsor,
            change_team=[user for role, user in members.items() if role == Role.CHANGE_TEAM]
            or [od_lead],
            board_interviews_planned=12,
        )
        # Phases planned a quarter or so each, signed off on the way.
        for position, kind in enumerate(PhaseKind):
            phase = Phase.objects.get(programme=programme, kind=kind)
            planned_start = start + datetime.timedelta(days=[0, 60, 240, 420][position])
            planned_end = start + datetime.timedelta(days=[60, 240, 420, 780][position])
            services.phase_update(
                phase=phase,
                actor=od_lead,
                planned_start=planned_start,
                planned_end=planned_end,
                actual_start=phase.actual_start,
            )
        for number, kind in enumerate(signed_off):
            on = start + datetime.timedelta(days=[65, 250, 430][number])
            # Discover is signed off with one tool step open, and the reason recorded.
            reason = (
                "Patient experience analysis continues alongside Design."
                if kind == PhaseKind.DISCOVER
                else ""
            )
            _sign_off(programme, kind, sponsor or od_lead, on, reason)
        discover = Phase.objects.get(programme=programme, kind=PhaseKind.DISCOVER)
        steps = list(discover.steps.order_by("position"))
        if PhaseKind.DISCOVER not in signed_off:
            for step in steps[:2]:
                services.step_complete(
                    step=step, actor=od_lead, evidence_note="Tool report shared with the board."
                )
            for offset, step in enumerate(steps[2:5]):
                services.step_update(
                    step=step,
                    actor=od_lead,
                    title=step.title,
                    description=step.description,
                    required=step.required,
                    owner=od_lead,
                    due_on=today + datetime.timedelta(days=14 * (offset + 1) - 21),
                )
        count = {"RWK": 4, "RW3": 10, "RTF": 10}[ods_code]
        findings = [
            services.finding_create(
                programme=programme,
                actor=od_lead,
                statement=statement,
                tool=tool,
                element=element,
                kind=kind,
            )
            for tool, element, kind, statement in FINDINGS[:count]
        ]
        if ods_code in ("RW3", "RTF"):
            services.element_summary_set(
                programme=programme,
                actor=od_lead,
                element=Element.SUPPORT_COMPASSION,
                summary="Compassion between colleagues is a clear strength; workload pressures "
                "at night undermine it.",
            )
            for title, status, elements, priority, owner in INTERVENTIONS:
                services.intervention_create(
                    programme=programme,
                    actor=od_lead,
                    title=title,
                    description="",
                    status=status,
                    elements=elements,
                    owner=owner,
                    priority=priority,
                )
            strategy = programme.strategy
            approved = ods_code == "RTF"
            services.strategy_update(
                strategy=strategy,
                actor=od_lead,
                commitment="The board commits to leadership of all, by all and for all: "
                "every member of staff leads in their own role.",
                vision="Compassionate, inclusive care in which every voice is heard.",
            )
            if approved:
                # As in the portal: the board sponsor records the approval, with the paper.
                services.strategy_board_approve(
                    strategy=strategy,
                    actor=programme.sponsor or od_lead,
                    approved_on=start + datetime.timedelta(days=400),
                    document=ContentFile(
                        DEMO_STRATEGY_PDF, name="collective-leadership-strategy.pdf"
                    ),
                )
            priorities = [
                services.priority_create(
                    strategy=strategy,
                    actor=od_lead,
                    title="Make it safe to try new ideas",
                    findings=[findings[1]],
                ),
                services.priority_create(
                    strategy=strategy,
                    actor=od_lead,
                    title="Widen the route into senior roles",
                    findings=[findings[5], findings[8]],
                ),
            ]
            for kind, text in (
                (CommitmentKind.STRUCTURES, "A staff-side seat on the programme board."),
                (CommitmentKind.SYSTEMS, "Diverse shortlisting panels for Band 8a and above."),
                (CommitmentKind.BEHAVIOURS, "Board members hold monthly listening sessions."),
            ):
                services.commitment_create(strategy=strategy, actor=od_lead, kind=kind, text=text)
            if ods_code == "RTF":
                owner = programme.change_team.first() or od_lead
                for title, due_days, status, priority, element in (
                    (
                        "Launch the ideas fast-track panel",
                        -20,
                        ActionStatus.IN_PROGRESS,
                        priorities[0],
                        Element.LEARNING_INNOVATION,
                    ),
                    (
                        "Pilot reverse mentoring with six board members",
                        10,
                        ActionStatus.NOT_STARTED,
                        priorities[1],
                        Element.EQUITY_INCLUSION,
                    ),
                    (
                        "Publish shortlisting panel guidance",
                        -60,
                        ActionStatus.DONE,
                        priorities[1],
                        Element.EQUITY_INCLUSION,
                    ),
                    ("Re-run the staff culture survey", 90, ActionStatus.NOT_STARTED, None, ""),
                ):
                    services.action_create(
                        programme=programme,
                        actor=od_lead,
                        title=title,
                        owner=owner,
                        due_on=today + datetime.timedelta(days=due_days),
                        status=status,
                        priority=priority,
                        element=element,
                        resources="",
                    )
        made += 1
    notes = _seed_action_notes(today)
    stdout.write(
        f"programmes: {made} demo programmes (Discover, Design and Deliver), {notes} progress notes"
    )
