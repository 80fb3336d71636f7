"""What every community page shares: the form page, the permission decorators and
finding an event."""

from django.contrib.auth.decorators import permission_required
from django.http import Http404
from django.shortcuts import render

from community import selectors
from community.rules import Permission

FORM_PAGE = "community/form_page.html"
RUN = permission_required(Permission.RUN, raise_exception=True)
TAKE_PART = permission_required(Permission.TAKE_PART, raise_exception=True)


def form_page(request, *, form, title, back, caption="Culture community", intro="", **extra):
    context = {
        "form": form,
        "title": title,
        "back": back,
        "caption": caption,
        "intro": intro,
        **extra,
    }
    return render(request, FORM_PAGE, context)


def event_or_404(pk):
    event = selectors.event_get(pk=pk)
    if event is None:
        raise Http404("event")
    return event
