"""What every programme page shows around its content: the sub-navigation and the overview's
contributed panels, both from the registries in core.navigation."""

from django import template
from django.utils.safestring import mark_safe

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


@register.simple_tag
def programme_panels(programme, user):
    # Each provider renders its panel through a template, which escapes every value.
    return mark_safe("".join(navigation.programme_panels(programme, user)))  # noqa: S308  # nosec B308 B703
