from datetime import timedelta

from django import template

from core.presenters import datetime_label, time_label

register = template.Library()


@register.filter
def nhs_time(value) -> str:
    """5pm, 9:30am, midday, midnight (UK time)."""
    return time_label(value) if value else ""


@register.filter
def nhs_datetime(value, date_format: str = "j F Y") -> str:
    """4 December 2026 at 5pm; the date part in Django's `date` filter format."""
    return datetime_label(value, date_format) if value else ""


@register.filter
def duration_words(value: timedelta | None) -> str:
    """15 minutes, 1 hour, 2 hours 30 minutes."""
    if not value:
        return ""
    minutes = int(value.total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if minutes or not parts:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    return " ".join(parts)
