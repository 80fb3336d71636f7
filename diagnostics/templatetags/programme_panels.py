"""What the programme pages (upstream, in programmes) show from the surveys: provided here as
template tags so that programmes never imports diagnostics (DESIGN.md section 2)."""

from django import template

from diagnostics.records import selectors as record_selectors
from diagnostics.rules import Permission

register = template.Library()


@register.inclusion_tag("diagnostics/includes/survey_headline.html")
def latest_survey_headline(programme, user):
    """The trust's latest survey: its status and responses, and its highest and lowest
    whole-survey element scores when the user may see results."""
    headline = record_selectors.latest_survey_headline(trust=programme.trust)
    if headline is None:
        return {"wave": None, "programme": programme}
    wave = headline["wave"]
    can_see = user.has_perm(Permission.VIEW_RESULTS, wave)
    return {
        "programme": programme,
        "wave": wave,
        "responses": headline["responses"],
        "highest": headline["highest"] if can_see else None,
        "lowest": headline["lowest"] if can_see else None,
        "can_see_results": can_see,
    }
