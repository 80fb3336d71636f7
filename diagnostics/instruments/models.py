"""Survey instruments and their versions: sections, items (statements) and comment
questions. A published version never changes; editing makes a new draft."""

from django.db import models

from core.models import BaseModel
from diagnostics.constants import (
    Polarity,
    Scale,
    VersionStatus,
)
from programmes.constants import Element


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
