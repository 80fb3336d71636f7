"""The library's own pages' display helpers, drawn by resources.presenters."""

from django import template

from resources import presenters

register = template.Library()


@register.filter
def snippet_html(snippet):
    """A search result's snippet: escaped text with the matching words marked."""
    return presenters.snippet_html(snippet)
