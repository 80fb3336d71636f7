"""What other apps' pages show from the library, as template tags, so no app upstream of
resources imports it (docs/architecture.md): recommendations on programme steps and survey
results, and the feedback form at the foot of every page."""

from django import template

from resources import selectors
from resources.forms import feedback_token

register = template.Library()


@register.inclusion_tag("resources/includes/feedback_form.html", takes_context=True)
def page_feedback(context):
    request = context.get("request")
    # Only what the form needs: it is on every page, the busiest included.
    return {"path": request.path if request else "/", "token": feedback_token()}


@register.inclusion_tag("resources/includes/recommended.html")
def recommended_resources(phase="", tool="", elements=None, limit=3, heading="Resources"):
    """Published resources for a programme step (its phase and tool) or for a list of
    elements (a survey's lowest)."""
    elements = [e for e in (elements or []) if e]
    return {
        "resources": selectors.recommended(
            phase=phase or "", tool=tool or "", elements=elements, limit=limit
        ),
        "heading": heading,
    }
