from django import template

from programmes.constants import Element

register = template.Library()


@register.filter
def element_label(code: str) -> str:
    """The cultural element's name for its code (the code itself if it is not one)."""
    return Element(code).label if code in Element.values else code
