"""What the "Your account" page says about the person's second factor
(templates/accounts/second_factor/_status.html)."""

from django import template

from accounts import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def second_factor_status(context) -> dict:
    user = context["user"]
    on = selectors.second_factor_device_for(user) is not None
    return {
        "on": on,
        "codes_left": selectors.recovery_codes_left_for(user) if on else 0,
        "required": selectors.second_factor_required_for(user),
        # Single sign-on people have no password: their organisation's second factor counts.
        "has_password": user.has_usable_password(),
    }
