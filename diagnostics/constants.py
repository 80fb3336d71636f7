"""Survey vocabulary: scales, demographic lists and statuses."""

from django.db import models
from django.utils.translation import gettext_lazy as _

PREFER_NOT_TO_SAY = "prefer_not_to_say"
DEFAULT_THRESHOLD_K = 11
MINIMUM_THRESHOLD_K = 5
MAX_COMMENT_LENGTH = 2000
# A sector benchmark is kept only where at least this many trusts contribute a figure.
MINIMUM_BENCHMARK_TRUSTS = 5
# Without a main survey marked, the headline stands on the largest survey closed this recently.
HEADLINE_RECENT_MONTHS = 18


class Scale(models.TextChoices):
    AGREEMENT = "agreement", _("Agreement (strongly disagree to strongly agree)")
    FREQUENCY = "frequency", _("Frequency (never to always)")


# The options of each 5-point scale, lowest (1) to highest (5).
SCALE_OPTIONS: dict[str, list[tuple[int, str]]] = {
    Scale.AGREEMENT: [
        (1, _("Strongly disagree")),
        (2, _("Disagree")),
        (3, _("Neither agree nor disagree")),
        (4, _("Agree")),
        (5, _("Strongly agree")),
    ],
    Scale.FREQUENCY: [
        (1, _("Never")),
        (2, _("Rarely")),
        (3, _("Sometimes")),
        (4, _("Often")),
        (5, _("Always")),
    ],
}


class Polarity(models.TextChoices):
    POSITIVE = "positive", _("Positive: agreeing means a better culture")
    NEGATIVE = "negative", _("Negative: agreeing means a worse culture")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class WaveStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SCHEDULED = "scheduled", _("Scheduled")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class AccessMode(models.TextChoices):
    OPEN_LINK = "open", _("Open link: anyone with the link can answer")
    CODES = "codes", _("Invitation codes: each person needs a code")
    BOTH = "both", _("Both: the open link, and codes for shared computers or letters")


class Demographic(models.TextChoices):
    DIRECTORATE = "directorate", _("Directorate")
    STAFF_GROUP = "staff_group", _("Staff group")
    BAND = "band", _("Agenda for Change band")


# National staff groups, as NHS workforce statistics group them.
STAFF_GROUPS: list[tuple[str, str]] = [
    ("ahp", _("Allied health professionals")),
    ("additional_clinical", _("Additional clinical services")),
    ("admin_clerical", _("Administrative and clerical")),
    ("estates_ancillary", _("Estates and ancillary")),
    ("healthcare_scientists", _("Healthcare scientists")),
    ("medical_dental", _("Medical and dental")),
    ("nursing_midwifery", _("Registered nurses and midwives")),
    ("nursing_support", _("Nursing or healthcare assistants")),
    ("scientific_technical", _("Scientific and technical")),
    ("management", _("General management")),
    ("students", _("Students")),
    ("other", _("Other")),
]

BANDS: list[tuple[str, str]] = [
    ("1_4", _("Bands 1 to 4")),
    ("5", _("Band 5")),
    ("6", _("Band 6")),
    ("7", _("Band 7")),
    ("8a_8b", _("Bands 8a and 8b")),
    ("8c_9", _("Bands 8c to 9, or very senior manager")),
    ("medical", _("Medical and dental pay scales")),
    ("other", _("Other pay scale")),
]
