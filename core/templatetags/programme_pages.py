"""The sub-navigation every programme page shows, from the registry in core.navigation."""

from django import template

from core import navigation

register = template.Library()


@register.inclusion_tag("core/programme_nav.html")
def programme_nav(programme, section: str):
    return {"links": navigation.programme_sections(programme), "section": section}


@register.simple_tag
def programme_section_url(programme, key: str) -> str:
    """The address of one section, e.g. the Discover tools for a step's tool link."""
    for link in navigation.programme_sections(programme):
        if link.key == key:
            return link.href
    return ""
