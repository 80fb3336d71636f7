"""Survey instruments, waves, invitation codes, drafts and anonymous responses.

Anonymity (docs/anonymity.md) is built into the shapes here: Response, Answer, Comment,
SubmissionReceipt and InvitationCode deliberately do not inherit BaseModel's timestamps,
hold no user, address, user agent or code. Response, Answer, Comment and the receipts have
random keys, so neither a join nor an ordering can tie a comment or a code to an answer set,
or say who answered first.
"""

import secrets
import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Trust, TrustScopedQuerySet, User
from core.models import BaseModel
from diagnostics.constants import (
    DEFAULT_THRESHOLD_K,
    MINIMUM_THRESHOLD_K,
    AccessMode,
    Demographic,
    Polarity,
    Scale,
    VersionStatus,
    WaveStatus,
)
from programmes.constants import Element
from programmes.models import ProgrammeScopedQuerySet


def random_key() -> int:
    """A random positive 63-bit primary key, for rows whose order of arrival must not show.
    A clash is about as likely as guessing a 63-bit secret (and would be refused by the
    primary key, never stored twice)."""
    return secrets.randbits(63) or 1


class Instrument(BaseModel):
    """A survey, as a family of versions (national admins curate these)."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    summary = models.TextField()
    audience = models.CharField(max_length=200)
    minutes = models.PositiveSmallIntegerField(help_text="Roughly how long it takes, in minutes.")

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class InstrumentVersionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=VersionStatus.PUBLISHED)


class InstrumentVersion(BaseModel):
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField()
    status = models.CharField(
        max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    published_at = models.DateTimeField(null=True, blank=True)

    objects = InstrumentVersionQuerySet.as_manager()

    class Meta:
        ordering = ["instrument__name", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "number"], name="diagnostics_version_number_unique"
            ),
            models.UniqueConstraint(
                fields=["instrument"],
                condition=models.Q(status="draft"),
                name="diagnostics_one_draft_per_instrument",
            ),
        ]

    def __str__(self):
        return f"{self.instrument.name}, version {self.number}"

    @property
    def is_published(self) -> bool:
        return self.status == VersionStatus.PUBLISHED


class Section(BaseModel):
    version = models.ForeignKey(
        InstrumentVersion, on_delete=models.CASCADE, related_name="sections"
    )
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "position"], name="diagnostics_section_position_unique"
            )
        ]

    def __str__(self):
        return self.title


class Item(BaseModel):
    """One statement answered on a 5-point scale, mapped to one cultural element."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField()
    code = models.CharField(max_length=20)
    text = models.CharField(max_length=300)
    element = models.CharField(max_length=30, choices=Element.choices)
    polarity = models.CharField(max_length=10, choices=Polarity.choices, default=Polarity.POSITIVE)
    scale = models.CharField(max_length=10, choices=Scale.choices, default=Scale.AGREEMENT)
    required = models.BooleanField(default=True)

    class Meta:
        ordering = ["section__position", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["section", "position"], name="diagnostics_item_position_unique"
            )
        ]

    def __str__(self):
        return f"{self.code}: {self.text}"


class CommentQuestion(BaseModel):
    """An optional free-text question; its answers are stored apart from responses."""

    version = models.ForeignKey(
        InstrumentVersion, on_delete=models.CASCADE, related_name="comment_questions"
    )
    position = models.PositiveSmallIntegerField()
    code = models.CharField(max_length=20)
    text = models.CharField(max_length=300)

    class Meta:
        ordering = ["position"]

    def __str__(self):
        return self.text


class Directorate(BaseModel):
    """One of a trust's directorates, offered as a demographic question in its waves."""

    trust = models.ForeignKey(Trust, on_delete=models.CASCADE, related_name="directorates")
    code = models.SlugField(max_length=60)
    name = models.CharField(max_length=120)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["trust", "code"], name="diagnostics_directorate_code"),
            models.UniqueConstraint(fields=["trust", "name"], name="diagnostics_directorate_name"),
        ]

    def __str__(self):
        return self.name


class Wave(BaseModel):
    """One run of a survey instrument at one trust."""

    trust = models.ForeignKey(Trust, on_delete=models.PROTECT, related_name="waves")
    version = models.ForeignKey(InstrumentVersion, on_delete=models.PROTECT, related_name="waves")
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=40, unique=True)
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    threshold_k = models.PositiveSmallIntegerField(
        default=DEFAULT_THRESHOLD_K, validators=[MinValueValidator(MINIMUM_THRESHOLD_K)]
    )
    access_mode = models.CharField(
        max_length=10, choices=AccessMode.choices, default=AccessMode.OPEN_LINK
    )
    status = models.CharField(max_length=10, choices=WaveStatus.choices, default=WaveStatus.DRAFT)
    # Raw answers are deleted this long after close (RAW_ANSWER_RETENTION_MONTHS); the
    # aggregate figures and released comments stay.
    raw_answers_deleted_on = models.DateField(null=True, blank=True)
    intro_text = models.TextField(blank=True)
    ask_directorate = models.BooleanField(default=True)
    ask_staff_group = models.BooleanField(default=True)
    ask_band = models.BooleanField(default=True)
    directorates = models.ManyToManyField(Directorate, blank=True, related_name="waves")
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = TrustScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="diagnostics_wave_closes_after_opening",
            ),
            models.CheckConstraint(
                condition=models.Q(threshold_k__gte=MINIMUM_THRESHOLD_K),
                name="diagnostics_wave_threshold_at_least_5",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def accepts_open_link(self) -> bool:
        return self.access_mode in (AccessMode.OPEN_LINK, AccessMode.BOTH)

    @property
    def accepts_codes(self) -> bool:
        return self.access_mode in (AccessMode.CODES, AccessMode.BOTH)

    @property
    def demographics_asked(self) -> list[str]:
        asked = [
            (self.ask_directorate, Demographic.DIRECTORATE),
            (self.ask_staff_group, Demographic.STAFF_GROUP),
            (self.ask_band, Demographic.BAND),
        ]
        return [demographic for flag, demographic in asked if flag]


class Headcount(BaseModel):
    """Staff eligible to answer, per group, for response rates."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="headcounts")
    dimension = models.CharField(
        max_length=20,
        choices=[
            (Demographic.DIRECTORATE, _("Directorate")),
            (Demographic.STAFF_GROUP, _("Staff group")),
        ],
    )
    group = models.CharField(max_length=60)
    headcount = models.PositiveIntegerField()

    class Meta:
        ordering = ["dimension", "group"]
        constraints = [
            models.UniqueConstraint(
                fields=["wave", "dimension", "group"], name="diagnostics_headcount_unique"
            )
        ]


class InvitationBatch(BaseModel):
    """Codes generated together. Their plain text is kept only until the CSV is downloaded."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="code_batches")
    size = models.PositiveIntegerField()
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    plaintext_codes = models.TextField(blank=True)
    downloaded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]


class InvitationCode(models.Model):
    """A single-use code, stored only as a keyed hash. No time of use is kept."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="invitation_codes")
    batch = models.ForeignKey(InvitationBatch, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=64, unique=True)
    used = models.BooleanField(default=False)

    def __str__(self):
        return f"Invitation code for {self.wave_id} ({'used' if self.used else 'unused'})"


class SurveyDraft(models.Model):
    """Answers in progress, server side. Deleted on submit, or when the wave closes.

    Its random token is also the submission key: submitting stores a receipt of the token's
    hash, so a second tab, a re-POST or a retry with the same token stores nothing more.
    It keeps no trace of the invitation code that started it: only its own resume code,
    given to the respondent alone, reopens it."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="drafts")
    token = models.CharField(max_length=64, unique=True)
    resume_code_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    answers = models.JSONField(default=dict, blank=True)
    comments = models.JSONField(default=dict, blank=True)
    demographics = models.JSONField(default=dict, blank=True)
    expires_at = models.DateTimeField()

    def __str__(self):
        return f"Draft for wave {self.wave_id}"


class Response(models.Model):
    """One person's submitted answers: what group they are in, and on which day. Nothing else.
    Its key is random, so responses do not sort in the order they arrived."""

    id = models.BigIntegerField(primary_key=True, default=random_key, editable=False)
    wave = models.ForeignKey(Wave, on_delete=models.PROTECT, related_name="responses")
    submitted_on = models.DateField()
    directorate = models.CharField(max_length=60, blank=True)
    staff_group = models.CharField(max_length=60, blank=True)
    band = models.CharField(max_length=20, blank=True)

    class Meta:
        indexes = [models.Index(fields=["wave", "directorate", "staff_group", "band"])]

    def __str__(self):
        return f"Response {self.pk} to wave {self.wave_id}"


class Answer(models.Model):
    id = models.BigIntegerField(primary_key=True, default=random_key, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="answers")
    value = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "item"], name="diagnostics_one_answer"),
            models.CheckConstraint(
                condition=models.Q(value__gte=1, value__lte=5),
                name="diagnostics_answer_value_1_to_5",
            ),
        ]

    def __str__(self):
        return f"{self.item_id}: {self.value}"


class Comment(models.Model):
    """A free-text answer, redacted, with a random key and no link to any response."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    wave = models.ForeignKey(Wave, on_delete=models.PROTECT, related_name="comments")
    question = models.ForeignKey(CommentQuestion, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()

    def __str__(self):
        return self.text[:60]


class CommentEnvelope(models.Model):
    """A respondent's comments as sent, {question id: text}, for a short while: the submit
    stores this beside the response; the minutely filing task (or the close) then files the
    texts, redacted, as PendingComment rows, many envelopes in one shuffled batch and a
    transaction of its own, and deletes the envelopes. So no comment row shares a
    transaction id (PostgreSQL's xmin) or an order with the response it came with."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="+")
    texts = models.JSONField(default=dict)

    def __str__(self):
        return f"Comments waiting to be filed for wave {self.wave_id}"


class PendingComment(models.Model):
    """A redacted comment waiting for the close. At close, each question's comments are
    released together in a shuffled order if at least k people answered it, or withheld
    (deleted) if fewer did (`comments_release`)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="+")
    question = models.ForeignKey(CommentQuestion, on_delete=models.CASCADE, related_name="+")
    text = models.TextField()

    def __str__(self):
        return self.text[:60]


class SubmissionReceipt(models.Model):
    """Proof that a draft's submission key was used, so a retry stores nothing twice. Its key
    is random, so receipts do not sort in the order responses were stored."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="+")
    key_hash = models.CharField(max_length=64, unique=True)

    def __str__(self):
        return f"Receipt for wave {self.wave_id}"


class ResultState(models.TextChoices):
    WAITING = "waiting", _("No figures: open, or closed with fewer than k responses")
    FRESH = "fresh", _("Final figures published")
    FAILED = "failed", _("Working out the figures failed")


class WaveResult(models.Model):
    """The watermark of a wave's stored results: how many responses they count, and when they
    were computed. Dashboards and exports read ResultRow, never answers (DESIGN.md section 4)."""

    wave = models.OneToOneField(Wave, on_delete=models.CASCADE, related_name="result")
    responses_counted = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField(null=True, blank=True)
    final = models.BooleanField(default=False, help_text="Computed after the wave closed")
    state = models.CharField(
        max_length=10, choices=ResultState.choices, default=ResultState.WAITING
    )
    failed_at = models.DateTimeField(null=True, blank=True)
    refresh_requested_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Results of wave {self.wave_id}: {self.responses_counted} responses"

    @property
    def refreshing(self) -> bool:
        """A refresh is queued or running (every refresh clears the request when done)."""
        return self.refresh_requested_at is not None


class ResultKind(models.TextChoices):
    RESPONSES = "responses", _("Responses in the group")
    ITEM = "item", _("Question")
    ELEMENT = "element", _("Cultural element")


class ResultRow(models.Model):
    """One aggregate figure set: a wave x breakdown x group x (question, element or the
    group's responses). A suppressed row keeps no figure at all, not even n, so nothing drawn
    from it can reveal a small group."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="result_rows")
    breakdown = models.CharField(max_length=40)  # "all", "directorate", "directorate:band"...
    group = models.CharField(max_length=130, blank=True)  # "" for all; "a|b" for two-way
    kind = models.CharField(max_length=10, choices=ResultKind.choices)
    item = models.ForeignKey(
        Item, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    element = models.CharField(max_length=30, choices=Element.choices, blank=True)
    suppressed = models.BooleanField(default=False)
    n = models.PositiveIntegerField(null=True, blank=True)
    c1 = models.PositiveIntegerField(null=True, blank=True)
    c2 = models.PositiveIntegerField(null=True, blank=True)
    c3 = models.PositiveIntegerField(null=True, blank=True)
    c4 = models.PositiveIntegerField(null=True, blank=True)
    c5 = models.PositiveIntegerField(null=True, blank=True)
    pct_positive = models.FloatField(null=True, blank=True)
    pct_neutral = models.FloatField(null=True, blank=True)
    pct_negative = models.FloatField(null=True, blank=True)
    score = models.FloatField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["wave", "breakdown", "kind"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(suppressed=False)
                | models.Q(
                    n__isnull=True,
                    c1__isnull=True,
                    c2__isnull=True,
                    c3__isnull=True,
                    c4__isnull=True,
                    c5__isnull=True,
                    pct_positive__isnull=True,
                    pct_neutral__isnull=True,
                    pct_negative__isnull=True,
                    score__isnull=True,
                ),
                name="diagnostics_suppressed_row_has_no_figures",
            )
        ]

    def __str__(self):
        return f"{self.breakdown}={self.group} {self.kind} {self.item_id or self.element}"

    @property
    def counts(self) -> list[int | None]:
        return [self.c1, self.c2, self.c3, self.c4, self.c5]


class SectorBenchmark(models.Model):
    """The middle of the trusts of one sector for one element or question of an instrument:
    median and quartiles of their whole-survey scores, from each trust's latest closed
    survey. Kept only where at least five trusts contribute (DESIGN.md section 4)."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="+")
    sector = models.CharField(max_length=20)
    kind = models.CharField(max_length=10, choices=ResultKind.choices)
    element = models.CharField(max_length=30, choices=Element.choices, blank=True)
    item_code = models.CharField(max_length=20, blank=True)
    trusts = models.PositiveSmallIntegerField()
    median = models.FloatField()
    lower_quartile = models.FloatField()
    upper_quartile = models.FloatField()
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "sector", "kind", "element", "item_code"],
                name="diagnostics_one_benchmark_per_figure",
            ),
            models.CheckConstraint(
                condition=models.Q(trusts__gte=5), name="diagnostics_benchmark_five_trusts"
            ),
        ]

    def __str__(self):
        return f"{self.sector} {self.kind} {self.element or self.item_code}: {self.median:.1f}"


# --- the record-based Discover tools (DESIGN.md section 2) --------------------------------


class BoardInterview(BaseModel):
    """One board interview, as written up on the record sheet."""

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="board_interviews"
    )
    held_on = models.DateField()
    interviewer = models.CharField(max_length=150)
    interviewee_role = models.CharField(max_length=150)
    notes = models.TextField(blank=True)

    objects = ProgrammeScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-pk"]


class FocusGroup(BaseModel):
    """One culture focus group session."""

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="focus_groups"
    )
    held_on = models.DateField()
    title = models.CharField(max_length=150)
    staff_groups = models.JSONField(default=list)  # STAFF_GROUPS codes
    participants = models.PositiveSmallIntegerField()
    notes = models.TextField(blank=True)

    objects = ProgrammeScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-pk"]


class CodedTheme(BaseModel):
    """A theme heard in an interview or a focus group, coded to one cultural element."""

    interview = models.ForeignKey(
        BoardInterview, on_delete=models.CASCADE, null=True, blank=True, related_name="themes"
    )
    focus_group = models.ForeignKey(
        FocusGroup, on_delete=models.CASCADE, null=True, blank=True, related_name="themes"
    )
    element = models.CharField(max_length=30, choices=Element.choices)
    text = models.CharField(max_length=500)

    class Meta:
        ordering = ["element", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(interview__isnull=True) ^ models.Q(focus_group__isnull=True),
                name="diagnostics_theme_has_one_source",
            )
        ]


class WorkforceUpload(BaseModel):
    """The programme's current workforce file; a new upload replaces it."""

    programme = models.OneToOneField(
        "programmes.Programme", on_delete=models.CASCADE, related_name="workforce"
    )
    uploaded_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    file_name = models.CharField(max_length=200)
    row_count = models.PositiveIntegerField()


class WorkforceRecord(models.Model):
    """Headcount of one combination of directorate, staff group, band and characteristics."""

    upload = models.ForeignKey(WorkforceUpload, on_delete=models.CASCADE, related_name="records")
    directorate = models.CharField(max_length=100)
    staff_group = models.CharField(max_length=40)
    band = models.CharField(max_length=20)
    sex = models.CharField(max_length=100)
    ethnicity = models.CharField(max_length=100)
    disability = models.CharField(max_length=100)
    age_band = models.CharField(max_length=100)
    headcount = models.PositiveIntegerField()

    def __str__(self):
        return f"{self.directorate}, {self.staff_group}, {self.band}: {self.headcount}"


class PatientComment(BaseModel):
    """A patient's existing feedback comment, imported from a CSV and coded by hand."""

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="patient_comments"
    )
    received_on = models.DateField()
    source = models.CharField(max_length=100, blank=True)
    text = models.TextField()
    elements = models.JSONField(default=list)  # Element codes, once coded
    coded_at = models.DateTimeField(null=True, blank=True)
    coded_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ProgrammeScopedQuerySet.as_manager()

    class Meta:
        ordering = ["received_on", "pk"]


class Improvement(models.TextChoices):
    UP = "up", "Higher is better"
    DOWN = "down", "Lower is better"
    NEITHER = "neither", "Neither (no direction)"


class Metric(BaseModel):
    """A monthly series on the culture and outcomes dashboard."""

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="metrics"
    )
    name = models.CharField(max_length=100)
    unit = models.CharField(max_length=30, blank=True)
    improvement = models.CharField(
        max_length=10, choices=Improvement.choices, default=Improvement.NEITHER
    )
    target = models.FloatField(null=True, blank=True)

    objects = ProgrammeScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="diagnostics_metric_name")
        ]

    def __str__(self):
        return self.name


class MetricPoint(models.Model):
    metric = models.ForeignKey(Metric, on_delete=models.CASCADE, related_name="points")
    month = models.DateField()  # the first of the month
    value = models.FloatField()

    class Meta:
        ordering = ["month"]
        constraints = [
            models.UniqueConstraint(fields=["metric", "month"], name="diagnostics_metric_month")
        ]

    def __str__(self):
        return f"{self.metric_id} {self.month:%Y-%m}: {self.value}"
