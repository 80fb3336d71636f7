"""The site frame's links to other apps' pages, asked for by role (core.navigation), so the
frame works on every page, error pages included, without naming a higher app."""

from django import template

from core import navigation

register = template.Library()


@register.simple_tag
def frame_url(role: str) -> str:
    return navigation.frame_url(role)


@register.simple_tag
def footer_links() -> list[tuple[str, str]]:
    return navigation.footer_links()
