"""The site frame's links to other apps' pages, asked for by role (core.navigation), so the
frame works on every page, error pages included, without naming a higher app."""

from django import template
from django.utils.translation import get_language

from core import for_you, navigation

register = template.Library()


@register.simple_tag
def frame_url(role: str) -> str:
    return navigation.frame_url(role)


@register.simple_tag
def footer_links() -> list[tuple[str, str]]:
    return navigation.footer_links()


@register.simple_tag(takes_context=True)
def for_you_count(context) -> int:
    """How many things wait for the signed-in person (kept a minute; core/for_you.py)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    return for_you.count_for(user)


# The header and footer drawn for visitors who are not signed in, by template, language and
# menu (which item, if any, is the current page). Without an account they depend on nothing
# else, and survey pages, the busiest in the portal, draw them for every respondent
# (docs/performance.md).
_anonymous_parts: dict[tuple, str] = {}


@register.simple_tag(takes_context=True)
def frame_part(context, template_name: str) -> str:
    """{% frame_part "includes/header.html" %}: the same as {% include %} of that template,
    drawn once per process for everyone not signed in."""
    user = context.get("user")
    template = context.template.engine.get_template(template_name)
    if user is None or user.is_authenticated:
        return template.render(context)
    menu = tuple(
        (item["text"], item["href"], item["current"]) for item in context.get("nav_items", ())
    )
    key = (template_name, get_language(), menu)
    html = _anonymous_parts.get(key)
    if html is None:
        html = _anonymous_parts[key] = template.render(context)
    return html
