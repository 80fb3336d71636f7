"""What every programme page shares: the form page, links back and file downloads."""

from django.http import FileResponse, Http404
from django.urls import reverse


def page_context(programme, *, title, back, intro="", caption="", **extra) -> dict:
    """The form-page layout's context for a page inside `programme`: captioned with its
    name unless told otherwise; the browser tab shows the name after the title."""
    return {
        "programme": programme,
        "title": title,
        "page_title": f"{title} – {programme.name}",
        "caption": caption or programme.name,
        "intro": intro,
        "back": back,
        **extra,
    }


def overview_url(programme):
    return reverse("programmes:overview", kwargs={"pk": programme.pk})


def phase_url(phase_or_step):
    phase = getattr(phase_or_step, "phase", phase_or_step)
    return reverse("programmes:phase", kwargs={"pk": phase.programme_id, "kind": phase.kind})


def has_perm(request, permission, programme):
    return request.user.has_perm(permission, programme)


def file_download(file_field, name):
    if not file_field:
        raise Http404("no file")
    return FileResponse(file_field.open("rb"), as_attachment=True, filename=name or None)
