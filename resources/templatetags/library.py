"""What other apps' pages show from the library, as template tags, so no app upstream of
resources imports it (docs/architecture.md): recommendations on programme steps and survey
results, and the feedback form at the foot of every page."""

from django import template

from resources import selectors
from resources.forms import FeedbackForm, feedback_token

register = template.Library()


@register.inclusion_tag("resources/includes/feedback_form.html", takes_context=True)
def page_feedback(context):
    request = context.get("request")
    page = request.path if request else "/"
    form = FeedbackForm(compact=True, initial={"page": page, "token": feedback_token()})
    # Only what the form needs: it is on every page, the busiest included.
    return {"form": form}


@register.simple_tag
def feedback_form_shown(form, page, token, message=""):
    """The feedback page's form: the one the view gives, with the checked page, a fresh token
    and what was typed."""
    return form.redisplayed(page=page, token=token, message=message)


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
