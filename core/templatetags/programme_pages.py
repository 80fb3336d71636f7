"""The sub-navigation every programme page shows, from the registry in core.navigation, and
the line printed at the top of its pages."""

from django import template
from django.utils import timezone

from core import navigation
from core.presenters import datetime_label

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
def programme_print_header(programme) -> str:
    """The line at the top of every printed page: whose programme, and when the page was
    drawn, since what it shows (findings, actions) can change the next minute."""
    now = datetime_label(timezone.localtime())
    return f"{programme.trust.name}: {programme.name} · as it stood on {now}"
