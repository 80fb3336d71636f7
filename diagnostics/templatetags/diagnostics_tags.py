"""Survey pages' status tags, decided in the diagnostics presenters and drawn by
components/tag.html:
{% include "components/tag.html" with tag=wave.status|wave_status_tag only %}
(version_status_tag of a version's status; change_tag of a result's change; main_survey_tag
of a wave, None unless it is its year's main survey)."""

from django import template

from diagnostics.instruments.presenters import version_status_tag
from diagnostics.results.presenters import change_tag
from diagnostics.surveys.presenters import main_survey_tag, wave_status_tag

register = template.Library()

register.filter("wave_status_tag", wave_status_tag)
register.filter("version_status_tag", version_status_tag)
register.filter("change_tag", change_tag)
register.filter("main_survey_tag", main_survey_tag)
