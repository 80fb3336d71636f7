"""Display values shared by every app's presenters (house style §11: formatting for display,
such as status tag colours, is decided in presenters, never in templates or views)."""

import datetime
from dataclasses import dataclass

from django.utils import dateformat, timezone

# The NHS.UK tag colour modifiers this portal uses; "" is the default (dark blue) tag.
TAG_COLOURS = frozenset({"", "white", "grey", "green", "blue", "red", "orange", "yellow"})


@dataclass(frozen=True)
class Tag:
    """An NHS.UK tag: its words and its colour, drawn by components/tag.html."""

    text: str
    colour: str = ""
    element: str = "strong"  # "span" where the page draws the tag as plain text

    def __post_init__(self):
        if self.colour not in TAG_COLOURS:
            raise ValueError(f"Not an NHS.UK tag colour: {self.colour!r}")
        if self.element not in {"strong", "span"}:
            raise ValueError(f"A tag is a strong or a span, not {self.element!r}")

    @property
    def css_class(self) -> str:
        return f"nhsuk-tag nhsuk-tag--{self.colour}" if self.colour else "nhsuk-tag"


def time_label(value: datetime.datetime | datetime.time) -> str:
    """A time as the NHS writes it: 5pm, 9:30am, midday, midnight. An aware datetime is
    shown in UK time."""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    if (value.hour, value.minute) == (0, 0):
        return "midnight"
    if (value.hour, value.minute) == (12, 0):
        return "midday"
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}:{value.minute:02d}{suffix}" if value.minute else f"{hour}{suffix}"


def datetime_label(value: datetime.datetime, date_format: str = "j F Y") -> str:
    """A date and time as the NHS writes them: 4 December 2026 at 5pm (UK time)."""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{dateformat.format(local, date_format)} at {time_label(local)}"
