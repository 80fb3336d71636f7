"""What every community page shares: the form page's wording, the permission decorators and
finding an event."""

from django.contrib.auth.decorators import permission_required
from django.http import Http404

from community import selectors
from community.rules import Permission

RUN = permission_required(Permission.RUN, raise_exception=True)
TAKE_PART = permission_required(Permission.TAKE_PART, raise_exception=True)


def page_context(*, title, back, caption="Culture community", intro="", **extra) -> dict:
    """The form-page layout's context for a community page: the browser tab names the
    community after the title."""
    return {
        "title": title,
        "page_title": f"{title} – Culture community",
        "back": back,
        "caption": caption,
        "intro": intro,
        **extra,
    }


def event_or_404(pk):
    event = selectors.event_get(pk=pk)
    if event is None:
        raise Http404("event")
    return event
