"""The five record-based Discover tools: board interviews, focus groups and their coded
themes, the workforce upload, patient comments, and monthly outcome metrics."""

from django.db import models

from accounts.models import User
from core.models import BaseModel
from programmes.constants import Element
from programmes.models import ProgrammeScopedQuerySet


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


class MetricRebaselineQuerySet(ProgrammeScopedQuerySet):
    memberships_path = "metric__programme__trust__memberships"


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


class MetricRebaseline(BaseModel):
    """The metric's limits recalculated from a month, after a deliberate, sustained change
    (Making Data Count's re-baselining): the chart gives the months from here on a mean and
    limits of their own. Who recorded it is kept by name too, for after they leave."""

    metric = models.ForeignKey(Metric, on_delete=models.CASCADE, related_name="rebaselines")
    from_month = models.DateField()  # the first of a month that has a value, not the first
    reason = models.CharField(max_length=300)
    recorded_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_by_name = models.CharField(max_length=150, blank=True)

    objects = MetricRebaselineQuerySet.as_manager()

    class Meta:
        ordering = ["from_month"]
        constraints = [
            models.UniqueConstraint(
                fields=["metric", "from_month"], name="diagnostics_rebaseline_month"
            ),
            models.CheckConstraint(
                condition=models.Q(from_month__day=1), name="diagnostics_rebaseline_first_day"
            ),
        ]

    def __str__(self):
        return f"{self.metric_id} from {self.from_month:%Y-%m}"

    @property
    def programme(self):
        return self.metric.programme
