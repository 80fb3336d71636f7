"""A trust's culture and leadership programme: phases, steps, findings, design and delivery.

Rules (what may change when) live in programmes/services/; these are the records.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from accounts.models import Trust, TrustScopedQuerySet
from core.models import BaseModel
from programmes.constants import (
    ACTION_NOTE_MAX_LENGTH,
    ActionStatus,
    CommitmentKind,
    DiagnosticTool,
    Element,
    FindingKind,
    Framework,
    InterventionStatus,
    PhaseKind,
    PhaseStatus,
    Priority,
    StepOutcome,
)

USER = settings.AUTH_USER_MODEL


class ProgrammeScopedQuerySet(TrustScopedQuerySet):
    """Rows that belong to a programme, reached through the programme's trust."""

    memberships_path = "programme__trust__memberships"


class StepQuerySet(TrustScopedQuerySet):
    memberships_path = "phase__programme__trust__memberships"


class Programme(BaseModel):
    """One run of the programme at a trust. One is active at a time; closed ones are kept,
    read-only, for the record."""

    trust = models.ForeignKey(Trust, on_delete=models.PROTECT, related_name="programmes")
    name = models.CharField(max_length=120)
    framework = models.CharField(max_length=20, choices=Framework.choices)
    sponsor = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    change_team = models.ManyToManyField(USER, blank=True, related_name="+")
    start_date = models.DateField()
    board_interviews_planned = models.PositiveSmallIntegerField(default=0)
    closed_on = models.DateField(null=True, blank=True)

    objects = TrustScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["trust"],
                condition=Q(closed_on__isnull=True),
                name="programmes_one_active_per_trust",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def is_active(self) -> bool:
        return self.closed_on is None


class Phase(BaseModel):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="phases")
    kind = models.CharField(max_length=20, choices=PhaseKind.choices)
    position = models.PositiveSmallIntegerField()
    status = models.CharField(
        max_length=20, choices=PhaseStatus.choices, default=PhaseStatus.NOT_STARTED
    )
    planned_start = models.DateField(null=True, blank=True)
    planned_end = models.DateField(null=True, blank=True)
    actual_start = models.DateField(null=True, blank=True)
    actual_end = models.DateField(null=True, blank=True)

    objects = ProgrammeScopedQuerySet.as_manager()

    class Meta:
        ordering = ["programme", "position"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "kind"], name="programmes_phase_once")
        ]

    def __str__(self):
        return self.get_kind_display()


class PhaseSignOff(models.Model):
    """The sponsor's dated record that a phase is done. Kept even if the sponsor leaves."""

    phase = models.OneToOneField(Phase, on_delete=models.CASCADE, related_name="sign_off")
    signed_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    signed_by_name = models.CharField(max_length=150)
    signed_at = models.DateTimeField(auto_now_add=True)
    comment = models.TextField(blank=True)
    open_required_steps = models.PositiveSmallIntegerField(default=0)
    open_steps_reason = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(open_required_steps=0) | ~Q(open_steps_reason=""),
                name="programmes_signoff_reason_for_open_steps",
            )
        ]

    def __str__(self):
        return f"{self.phase} signed off by {self.signed_by_name}"


class SignOffAnswer(models.TextChoices):
    WAITING = "", "Waiting for the sponsor"
    SIGNED_OFF = "signed_off", "Signed off"
    SENT_BACK = "sent_back", "Sent back"


class SignOffRequest(models.Model):
    """An OD lead asking the board sponsor to sign a phase off, and the sponsor's answer.
    At most one waits per phase; answered ones stay as the phase's history."""

    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="sign_off_requests")
    asked_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    asked_by_name = models.CharField(max_length=150)
    asked_at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)
    answer = models.CharField(
        max_length=20, choices=SignOffAnswer.choices, blank=True, default=SignOffAnswer.WAITING
    )
    answered_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_by_name = models.CharField(max_length=150, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    # Why the sponsor sent it back (required then).
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["-asked_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["phase"],
                condition=Q(answer=""),
                name="programmes_one_waiting_sign_off_request",
            ),
            models.CheckConstraint(
                condition=~Q(answer="sent_back") | ~Q(comment=""),
                name="programmes_sent_back_with_a_comment",
            ),
        ]

    def __str__(self):
        return f"Sign-off of {self.phase} asked by {self.asked_by_name}"

    @property
    def is_waiting(self) -> bool:
        return self.answer == SignOffAnswer.WAITING


class StepTemplate(BaseModel):
    """The national checklist copied into each new programme. Editing it never changes a
    programme that has started."""

    phase_kind = models.CharField(max_length=20, choices=PhaseKind.choices)
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    required = models.BooleanField(default=True)
    tool = models.CharField(max_length=30, choices=DiagnosticTool.choices, blank=True)

    class Meta:
        ordering = ["phase_kind", "position"]


class Step(BaseModel):
    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    required = models.BooleanField(default=True)
    tool = models.CharField(max_length=30, choices=DiagnosticTool.choices, blank=True)
    owner = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Its owner left the trust's team: shown as "no owner" and flagged on the overview
    # until someone is given it.
    owner_left = models.BooleanField(default=False)
    due_on = models.DateField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    completed_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    evidence_note = models.TextField(blank=True)
    evidence_link = models.URLField(max_length=500, blank=True)
    evidence_file = models.FileField(upload_to="programmes/steps/%Y/%m/", blank=True)
    evidence_file_name = models.CharField(max_length=200, blank=True)
    # Set at the phase's sign-off for a step still open then: carried into the next phase
    # (as `carried_to`) or closed as not done. The step itself is then history.
    outcome = models.CharField(max_length=20, choices=StepOutcome.choices, blank=True)
    carried_to = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="carried_from"
    )

    objects = StepQuerySet.as_manager()

    class Meta:
        ordering = ["phase", "position"]

    def __str__(self):
        return self.title

    @property
    def is_done(self) -> bool:
        return self.completed_on is not None


class Finding(BaseModel):
    """A strength or area to develop from one diagnostic tool, about one element."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="findings")
    statement = models.TextField()
    tool = models.CharField(max_length=30, choices=DiagnosticTool.choices)
    element = models.CharField(max_length=30, choices=Element.choices)
    kind = models.CharField(max_length=20, choices=FindingKind.choices)
    evidence_link = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ProgrammeScopedQuerySet.as_manager()

    class Meta:
        ordering = ["element", "kind", "pk"]

    def __str__(self):
        return self.statement[:60]


class ElementSummary(BaseModel):
    """The synthesis event's summary of what the tools say about one element."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="element_summaries"
    )
    element = models.CharField(max_length=30, choices=Element.choices)
    summary = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "element"], name="programmes_element_summary_once"
            )
        ]


class Intervention(BaseModel):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="interventions")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=InterventionStatus.choices)
    # A short list of Element codes; a JSON list keeps SQLite and PostgreSQL alike.
    elements = models.JSONField(default=list)
    owner = models.CharField(max_length=150, blank=True)
    priority = models.CharField(max_length=10, choices=Priority.choices)

    objects = ProgrammeScopedQuerySet.as_manager()

    class Meta:
        ordering = ["status", "title"]

    def __str__(self):
        return self.title


class Strategy(BaseModel):
    """The board's collective leadership strategy: its commitment, vision and priorities."""

    programme = models.OneToOneField(Programme, on_delete=models.CASCADE, related_name="strategy")
    commitment = models.TextField(blank=True)
    vision = models.TextField(blank=True)
    # Recorded by the board sponsor in the portal (the board's date, and who recorded it);
    # the commitment, vision and document then stand as approved.
    board_approved_on = models.DateField(null=True, blank=True)
    board_approved_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    board_approved_by_name = models.CharField(max_length=150, blank=True)
    document = models.FileField(upload_to="programmes/strategy/%Y/%m/", blank=True)
    document_name = models.CharField(max_length=200, blank=True)

    objects = ProgrammeScopedQuerySet.as_manager()


class StrategyPriority(BaseModel):
    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="priorities")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    findings = models.ManyToManyField(Finding, blank=True, related_name="priorities")

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.title


class Commitment(BaseModel):
    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="commitments")
    kind = models.CharField(max_length=20, choices=CommitmentKind.choices)
    text = models.TextField()

    class Meta:
        ordering = ["kind", "pk"]


class Action(BaseModel):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="actions")
    priority = models.ForeignKey(
        StrategyPriority,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
    )
    title = models.CharField(max_length=200)
    owner = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # As Step.owner_left.
    owner_left = models.BooleanField(default=False)
    due_on = models.DateField()
    status = models.CharField(
        max_length=20, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    element = models.CharField(max_length=30, choices=Element.choices, blank=True)
    # Links to resources (library pages or elsewhere), one per line.
    resources = models.TextField(blank=True)

    objects = ProgrammeScopedQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self):
        return self.title


class ActionNoteQuerySet(TrustScopedQuerySet):
    memberships_path = "action__programme__trust__memberships"


class ActionNote(models.Model):
    """A progress note on an action: who wrote what, and when. The author's name is kept, so a
    leaver's notes still say who wrote them. Notes are not edited: a note is a record of what
    was known on the day; its author may remove it while the programme is open."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    author_name = models.CharField(max_length=150)
    written_at = models.DateTimeField(default=timezone.now)
    text = models.TextField(max_length=ACTION_NOTE_MAX_LENGTH)
    # The key the note's form carried (made when the form was shown), so that the same form
    # sent twice stores one note.
    submission_key = models.UUIDField(null=True, blank=True, editable=False)

    objects = ActionNoteQuerySet.as_manager()

    class Meta:
        ordering = ["-written_at", "-pk"]
        indexes = [
            models.Index(fields=["action", "-written_at"], name="programmes_note_newest_first")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["action", "submission_key"], name="programmes_note_submitted_once"
            )
        ]

    def __str__(self):
        return f"Note on {self.action_id} by {self.author_name}"


class ActivityEntry(models.Model):
    """What changed in a programme, who changed it and when; shown on its overview."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="activity")
    actor = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(max_length=150, blank=True)
    summary = models.CharField(max_length=300)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name}: {self.summary}"


class ActionDigestSent(models.Model):
    """One row per owner per week once their digest is sent, so a retried or repeated beat
    run never sends a second e-mail that week."""

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    week_starting = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "week_starting"], name="programmes_one_digest_a_week"
            )
        ]

    def __str__(self):
        return f"Digest to {self.user_id} for the week of {self.week_starting}"
