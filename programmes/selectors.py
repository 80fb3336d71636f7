"""Reads for programmes. Views reach programme data only through these scoped selectors."""

import datetime

from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce

from accounts.constants import Role
from accounts.models import Trust, User
from programmes.constants import ActionStatus, Framework, PhaseStatus
from programmes.models import (
    Action,
    ActionNote,
    ActivityEntry,
    Finding,
    Intervention,
    Phase,
    Programme,
    SignOffAnswer,
    SignOffRequest,
    Step,
    StepTemplate,
    Strategy,
)


def programme_get_visible_to(user, *, pk: int) -> Programme | None:
    return (
        Programme.objects.visible_to(user).select_related("trust", "sponsor").filter(pk=pk).first()
    )


def programme_list_for_trust(user, *, trust: Trust) -> QuerySet[Programme]:
    return Programme.objects.visible_to(user).filter(trust=trust).order_by("-start_date", "-pk")


def programme_active_for_trust(user, *, trust: Trust) -> Programme | None:
    return programme_list_for_trust(user, trust=trust).filter(closed_on__isnull=True).first()


def framework_for_trust(*, trust: Trust) -> str:
    """The framework of the trust's running programme, else of its latest closed one; the
    revised framework (every element) for a trust that has not started a programme."""
    framework = (
        Programme.objects.filter(trust=trust)
        .order_by(F("closed_on").desc(nulls_first=True), "-start_date", "-pk")
        .values_list("framework", flat=True)
        .first()
    )
    return framework or Framework.REVISED


def phase_list_with_progress(*, programme: Programme) -> list[Phase]:
    """Phases in order, each with steps_total, steps_done and required_open counted in SQL,
    and its sign-off (if any) joined."""
    return list(
        Phase.objects.filter(programme=programme)
        .select_related("sign_off")
        .annotate(
            steps_total=Count("steps"),
            steps_done=Count("steps", filter=Q(steps__completed_on__isnull=False)),
            required_open=Count(
                "steps", filter=Q(steps__required=True, steps__completed_on__isnull=True)
            ),
            sign_off_waiting=Exists(
                SignOffRequest.objects.filter(phase=OuterRef("pk"), answer=SignOffAnswer.WAITING)
            ),
        )
        .order_by("position")
    )


def phase_get(*, programme: Programme, kind: str) -> Phase | None:
    return (
        Phase.objects.filter(programme=programme, kind=kind)
        .select_related("sign_off", "programme__trust")
        .first()
    )


def phase_after(*, phase: Phase) -> Phase | None:
    """The phase that follows `phase` in its programme (None after the last)."""
    return (
        Phase.objects.filter(programme=phase.programme_id, position__gt=phase.position)
        .order_by("position")
        .first()
    )


def sign_off_request_latest(*, phase: Phase) -> SignOffRequest | None:
    """The phase's latest request for sign-off: waiting, or how the sponsor answered it."""
    return phase.sign_off_requests.order_by("-asked_at", "-pk").first()


def step_list_for_phase(*, phase: Phase) -> QuerySet[Step]:
    return phase.steps.select_related("owner", "completed_by", "carried_to__phase").order_by(
        "position", "pk"
    )


def step_get_visible_to(user, *, pk: int) -> Step | None:
    return (
        Step.objects.visible_to(user)
        .select_related("phase__programme__trust", "owner")
        .filter(pk=pk)
        .first()
    )


def step_list_due(*, programme: Programme, limit: int = 5) -> list[Step]:
    """The next open steps with a due date, soonest (or most overdue) first."""
    return list(
        Step.objects.filter(phase__programme=programme, completed_on__isnull=True)
        .exclude(due_on=None)
        # A signed-off phase's open steps were carried on or closed: nothing is due there.
        .exclude(phase__status=PhaseStatus.SIGNED_OFF)
        .select_related("owner", "phase")
        .order_by("due_on", "pk")[:limit]
    )


def team_members_for(*, programme: Programme) -> QuerySet[User]:
    """People who may own a step or an action: the trust's members."""
    return User.objects.filter(memberships__trust=programme.trust_id, is_active=True).order_by(
        "full_name"
    )


def sponsor_candidates_for(*, trust: Trust) -> QuerySet[User]:
    """The trust's members with the board sponsor role: only they can sign phases off."""
    return User.objects.filter(
        memberships__trust=trust, memberships__role=Role.SPONSOR, is_active=True
    ).order_by("full_name")


def change_team_candidates_for(*, trust: Trust) -> QuerySet[User]:
    return User.objects.filter(
        memberships__trust=trust,
        memberships__role__in=[Role.OD_LEAD, Role.CHANGE_TEAM],
        is_active=True,
    ).order_by("full_name")


def activity_list(*, programme: Programme, limit: int | None = 20) -> list[ActivityEntry]:
    entries = ActivityEntry.objects.filter(programme=programme).order_by("-at", "-pk")
    return list(entries[:limit] if limit else entries)


def finding_list(*, programme: Programme) -> QuerySet[Finding]:
    return Finding.objects.filter(programme=programme).select_related("created_by")


def finding_get_visible_to(user, *, pk: int) -> Finding | None:
    return Finding.objects.visible_to(user).select_related("programme__trust").filter(pk=pk).first()


def finding_counts(*, programme: Programme) -> list[dict]:
    """Findings per tool, element and kind, counted in SQL for the synthesis board."""
    return list(
        Finding.objects.filter(programme=programme)
        .values("tool", "element", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    )


def intervention_list(*, programme: Programme) -> QuerySet[Intervention]:
    return Intervention.objects.filter(programme=programme).order_by("status", "title", "pk")


def intervention_get_visible_to(user, *, pk: int) -> Intervention | None:
    return (
        Intervention.objects.visible_to(user)
        .select_related("programme__trust")
        .filter(pk=pk)
        .first()
    )


def strategy_for(*, programme: Programme) -> Strategy:
    """The programme's strategy record (programme_start creates it, empty)."""
    return (
        Strategy.objects.filter(programme=programme)
        .prefetch_related(
            Prefetch("priorities__findings", queryset=Finding.objects.order_by("element")),
            "commitments",
        )
        .get()
    )


def priority_get(*, programme: Programme, pk: int):
    return (
        programme.strategy.priorities.filter(pk=pk).prefetch_related("findings").first()
        if hasattr(programme, "strategy")
        else None
    )


def commitment_get(*, programme: Programme, pk: int):
    return programme.strategy.commitments.filter(pk=pk).first()


def action_list(*, programme: Programme, status: str = "", owner_id: int | None = None):
    """The action plan, soonest due first, each action with its number of progress notes
    and its latest note's author, time and text (`latest_note_*`): one query however many
    notes there are."""
    notes = ActionNote.objects.filter(action=OuterRef("pk"))
    latest = notes.order_by("-written_at", "-pk")[:1]
    counted = notes.order_by().values("action").annotate(count=Count("pk")).values("count")
    actions = (
        Action.objects.filter(programme=programme)
        .select_related("owner", "priority")
        .annotate(
            note_count=Coalesce(Subquery(counted, output_field=IntegerField()), 0),
            latest_note_author=Subquery(latest.values("author_name")),
            latest_note_at=Subquery(latest.values("written_at")),
            latest_note_text=Subquery(latest.values("text")),
        )
    )
    if status:
        actions = actions.filter(status=status)
    if owner_id:
        actions = actions.filter(owner_id=owner_id)
    return actions.order_by("due_on", "pk")


def action_plan_with_notes(*, programme: Programme) -> QuerySet[Action]:
    """Every action, soonest due first, with its progress notes newest first (`notes.all()`),
    for the printed plan and the download: two queries."""
    return (
        Action.objects.filter(programme=programme)
        .select_related("owner", "priority")
        .prefetch_related(
            Prefetch("notes", queryset=ActionNote.objects.order_by("-written_at", "-pk"))
        )
        .order_by("due_on", "pk")
    )


def action_note_list(*, action: Action) -> QuerySet[ActionNote]:
    """The action's notes, newest first; each knows `action` without reading it again."""
    return action.notes.order_by("-written_at", "-pk")


def action_note_get_visible_to(user, *, pk: int) -> ActionNote | None:
    return (
        ActionNote.objects.visible_to(user)
        .select_related("action__programme__trust")
        .filter(pk=pk)
        .first()
    )


def action_get_visible_to(user, *, pk: int) -> Action | None:
    return (
        Action.objects.visible_to(user)
        .select_related("programme__trust", "owner", "priority")
        .filter(pk=pk)
        .first()
    )


def overdue_action_count(*, programme: Programme, today: datetime.date) -> int:
    return (
        Action.objects.filter(programme=programme, due_on__lt=today)
        .exclude(status=ActionStatus.DONE)
        .count()
    )


def step_template_list() -> QuerySet[StepTemplate]:
    return StepTemplate.objects.order_by("phase_kind", "position", "pk")


def step_template_get(*, pk: int) -> StepTemplate | None:
    return StepTemplate.objects.filter(pk=pk).first()


def current_phase_by_trust(trust_ids) -> dict[int, str]:
    """{trust id: the phase kind its active programme is in}, for trusts that chose to
    share it (the community directory). The phase in progress, else the first not yet
    signed off, else Deliver for a programme whose phases are all signed off."""
    found: dict[int, str] = {}
    phases = (
        Phase.objects.filter(programme__trust_id__in=trust_ids, programme__closed_on__isnull=True)
        .order_by("programme__trust_id", "position")
        .values_list("programme__trust_id", "kind", "status")
    )
    by_trust: dict[int, list[tuple[str, str]]] = {}
    for trust_id, kind, status in phases:
        by_trust.setdefault(trust_id, []).append((kind, status))
    for trust_id, rows in by_trust.items():
        in_progress = [kind for kind, status in rows if status == PhaseStatus.IN_PROGRESS]
        open_phases = [kind for kind, status in rows if status != PhaseStatus.SIGNED_OFF]
        found[trust_id] = (in_progress or open_phases or [rows[-1][0]])[0]
    return found


def work_left_without_owner(*, programme: Programme) -> dict:
    """Open steps and actions whose owner left the trust's team (programmes/leavers.py),
    for the overview's flag."""
    return {
        "steps": list(
            Step.objects.filter(
                phase__programme=programme,
                owner_left=True,
                owner__isnull=True,
                completed_on__isnull=True,
            )
            .exclude(phase__status=PhaseStatus.SIGNED_OFF)
            .select_related("phase")
            .order_by("phase__kind", "position")
        ),
        "actions": list(
            Action.objects.filter(programme=programme, owner_left=True, owner__isnull=True)
            .exclude(status=ActionStatus.DONE)
            .order_by("due_on", "pk")
        ),
    }
