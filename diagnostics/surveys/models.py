"""Waves, directorates, headcounts, invitation codes, drafts, anonymous responses and comments.

Anonymity (docs/anonymity.md) is built into the shapes here: Response, Answer, Comment,
SubmissionReceipt and InvitationCode deliberately do not inherit BaseModel's timestamps,
hold no user, address, user agent or code. Response, Answer, Comment and the receipts have
random keys, so neither a join nor an ordering can tie a comment or a code to an answer set,
or say who answered first."""

import secrets
import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Trust, TrustScopedQuerySet, User
from core.models import BaseModel
from diagnostics.constants import (
    DEFAULT_THRESHOLD_K,
    MINIMUM_THRESHOLD_K,
    AccessMode,
    Demographic,
    WaveStatus,
)
from diagnostics.instruments.models import CommentQuestion, InstrumentVersion, Item


def random_key() -> int:
    """A random positive 63-bit primary key, for rows whose order of arrival must not show.
    A clash is about as likely as guessing a 63-bit secret (and would be refused by the
    primary key, never stored twice)."""
    return secrets.randbits(63) or 1


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
    # The year (UK time) of its close, when the OD lead made it that year's main survey: the
    # one the programme overview's headline and bright spots stand on. One per trust a year.
    main_of_year = models.PositiveSmallIntegerField(null=True, blank=True)
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
            # Unmarked waves (null) never clash.
            models.UniqueConstraint(
                fields=["trust", "main_of_year"], name="diagnostics_one_main_survey_a_year"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def closing_year(self) -> int:
        """The calendar year (UK time) of its closing date: the year it can be the main
        survey of."""
        return timezone.localtime(self.closes_at).year

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
    """A free-text answer, redacted, with a random key and no link to any response.

    Once released, the trust's programme team may code it to cultural elements (the
    `CommentCode` rows of diagnostics/results). `elements_decided` says only that someone has
    done so,
    to some elements or to none: no time and no coder, so the row gains nothing that could
    order comments or tie one to a person (docs/anonymity.md)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    wave = models.ForeignKey(Wave, on_delete=models.PROTECT, related_name="comments")
    question = models.ForeignKey(CommentQuestion, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    elements_decided = models.BooleanField(default=False)

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
