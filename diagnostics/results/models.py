"""A closed wave's published figures (WaveResult, ResultRow), the sector benchmarks, and
the cultural elements released comments are coded to (CommentCode). Rows that are
suppressed carry no figures at all."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from diagnostics.constants import MINIMUM_BENCHMARK_TRUSTS
from diagnostics.instruments.models import Instrument, Item
from diagnostics.surveys.models import Comment, Wave
from programmes.constants import Element


class ResultState(models.TextChoices):
    WAITING = "waiting", _("No figures: open, or closed with fewer than k responses")
    FRESH = "fresh", _("Final figures published")
    FAILED = "failed", _("Working out the figures failed")


class WaveResult(models.Model):
    """The watermark of a wave's stored results: how many responses they count, and when they
    were computed. Dashboards and exports read ResultRow, never answers (docs/architecture.md)."""

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
    survey. Kept only where at least five trusts contribute (docs/architecture.md)."""

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
                condition=models.Q(trusts__gte=MINIMUM_BENCHMARK_TRUSTS),
                name="diagnostics_benchmark_five_trusts",
            ),
        ]

    def __str__(self):
        return f"{self.sector} {self.kind} {self.element or self.item_code}: {self.median:.1f}"


class CommentCode(models.Model):
    """One cultural element a released survey comment speaks to, as the trust's programme team
    coded it. Like the comment itself it has a random key, no timestamps and no coder: the
    audit log says who coded comments of a survey, not which (docs/anonymity.md). One row
    per comment and element, so a double submit cannot store a code twice."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="codes")
    element = models.CharField(max_length=30, choices=Element.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "element"], name="diagnostics_one_code_per_comment_element"
            ),
        ]

    def __str__(self):
        return f"{self.comment_id}: {self.element}"
