"""{% chart %}: a chart's container, figure JSON and accessible name;
{% plotly_head %}: the placeholders that keep plotly.js from adding inline styles."""

import functools
from pathlib import Path

from django import template
from django.conf import settings
from django.utils.html import format_html, json_script

register = template.Library()


@functools.cache
def _plotly_style_ids() -> list[str]:
    # Written by `manage.py vendor_plotly`: ids plotly looks up before injecting a <style>.
    path = Path(settings.BASE_DIR) / "static" / "vendor" / "plotly" / "style-ids.txt"
    return path.read_text().split() if path.exists() else []


@register.inclusion_tag("includes/plotly_head.html")
def plotly_head():
    return {"style_ids": _plotly_style_ids()}


@register.simple_tag
def chart(chart, name: str):
    """The chart's container, named by its label and summary, and its figure as JSON data."""
    data_id = f"chart-{name}"
    return format_html(
        '<div class="portal-chart" data-chart="{}" role="img" aria-label="{}: {}"></div>{}',
        data_id,
        chart.label,
        chart.summary,
        json_script(chart.figure, data_id),
    )
