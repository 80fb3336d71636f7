"""What every programme page shares: the form page, links back and file downloads."""

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse

FORM_PAGE = "programmes/form_page.html"


def form_page(request, *, programme, form, title, back, intro="", caption=None, **extra):
    context = {
        "programme": programme,
        "form": form,
        "title": title,
        "intro": intro,
        "back": back,
        "caption": caption or programme.name,
        **extra,
    }
    return render(request, FORM_PAGE, context)


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
