"""The library's template tags: the recommendations other apps' pages show (through
resources/slots.py) and the feedback page's own form."""

from django import template

from resources import selectors

register = template.Library()


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
