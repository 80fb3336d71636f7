"""The site frame's links to other apps' pages, asked for by role (core.navigation), so the
frame works on every page, error pages included, without naming a higher app."""

from django import template

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
