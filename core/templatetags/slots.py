"""{% slot "name" key=value %}: what a higher app puts in this place (core.slots)."""

from django import template
from django.utils.safestring import SafeString

from core import slots

register = template.Library()


@register.simple_tag(takes_context=True)
def slot(context, name: str, **kwargs):
    filler = slots.filler_for(name)
    filled = filler(context, **kwargs) if filler else None
    if filled is None:
        return ""
    if isinstance(filled, SafeString):
        return filled  # drawn already by the filler
    template_name, values = filled
    # As an inclusion tag renders: a fresh context that keeps the page's CSRF token, with the
    # template from the engine's cached loaders. The template escapes every value.
    new_context = context.new(values)
    csrf_token = context.get("csrf_token")
    if csrf_token is not None:
        new_context["csrf_token"] = csrf_token
    return context.template.engine.get_template(template_name).render(new_context)
