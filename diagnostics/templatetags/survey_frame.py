"""{% survey_kiosk as kiosk %}: whether this survey page is on a shared computer in kiosk
mode, where its frame offers no way out of the survey."""

from django import template

from diagnostics.surveys import cookies

register = template.Library()


@register.simple_tag(takes_context=True)
def survey_kiosk(context) -> bool:
    request = context.get("request")
    if request is None:
        return False
    # The kiosk's own pages say so (its cookie is only set by their response).
    return bool(context.get("kiosk_page")) or cookies.is_kiosk(request)
