"""Survey pages' status tags, decided in the diagnostics presenters and drawn by
components/tag.html:
{% include "components/tag.html" with tag=wave.status|wave_status_tag only %}."""

from django import template

from diagnostics.instruments import presenters as instrument_presenters
from diagnostics.results import presenters as result_presenters
from diagnostics.surveys import presenters as survey_presenters

register = template.Library()


@register.filter
def wave_status_tag(status: str):
    return survey_presenters.wave_status_tag(status)


@register.filter
def version_status_tag(status: str):
    return instrument_presenters.version_status_tag(status)


@register.filter
def change_tag(change):
    """Better, Worse or No clear change since the last wave."""
    return result_presenters.change_tag(change)
