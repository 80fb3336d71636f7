"""OD leads' and change teams' survey pages: create and run waves, codes, headcounts."""

import csv
import io
import time

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.access import trust_or_404
from core.exceptions import ApplicationError
from core.form_flow import action_flow, form_flow
from core.forms import form_data
from core.tables import csv_file_download
from diagnostics.constants import WaveStatus
from diagnostics.instruments import selectors as instruments_selectors
from diagnostics.rules import Permission
from diagnostics.surveys import presenters, selectors, services
from diagnostics.surveys.access import wave_or_404
from diagnostics.surveys.forms import (
    CodeBatchForm,
    DirectorateForm,
    HeadcountForm,
    HeadcountUploadForm,
    WaveForm,
)
from diagnostics.surveys.headcount_csv import (
    MAX_BYTES,
    headcount_example_csv,
    parse_headcount_csv,
)


def _wave_page(trust, title, *, back, page_title=None) -> dict:
    return {
        "title": title,
        "page_title": page_title,
        "caption": trust.name,
        "intro": "It is saved as a draft. Nobody can answer until you schedule or open it. "
        "Times are UK time.",
        "back": back,
    }


def wave_list(request, ods_code):
    trust = trust_or_404(request, ods_code)
    context = {
        "trust": trust,
        "waves": presenters.with_progress(selectors.wave_list_for_trust(request.user, trust=trust)),
        "can_create": request.user.has_perm(Permission.CREATE_WAVE, trust),
    }
    return render(request, "diagnostics/wave_list.html", context)


def wave_create(request, ods_code):
    trust = trust_or_404(request, ods_code, Permission.CREATE_WAVE)
    form = WaveForm(
        form_data(request),
        versions=instruments_selectors.published_version_list(),
        directorates=selectors.directorate_list_for_trust(trust=trust),
        submit_text="Create survey",
    )
    return form_flow(
        request,
        form,
        save=lambda data: services.wave_create(
            trust=trust,
            actor=request.user,
            version=data["version"],
            directorates=data.get("directorates"),
            **form.wave_fields(),
        ),
        success=lambda wave: f"‘{wave.title}’ is saved as a draft",
        redirect_to=lambda wave: reverse("diagnostics:wave-detail", kwargs={"pk": wave.pk}),
        context=_wave_page(
            trust,
            "Create a survey",
            back=reverse("diagnostics:wave-list", kwargs={"ods_code": trust.ods_code}),
        ),
    )


def wave_edit(request, pk):
    wave = wave_or_404(request, pk, Permission.MANAGE_WAVE)
    form = WaveForm(
        form_data(request),
        versions=instruments_selectors.published_version_list(),
        directorates=selectors.directorate_list_for_trust(trust=wave.trust),
        initial=WaveForm.initial_for(wave),
    )
    back = reverse("diagnostics:wave-detail", kwargs={"pk": wave.pk})
    return form_flow(
        request,
        form,
        save=lambda data: services.wave_update(
            wave=wave,
            actor=request.user,
            version=data["version"],
            directorates=data.get("directorates") or None,
            **form.wave_fields(),
        ),
        success="Your changes are saved",
        redirect_to=back,
        context=_wave_page(
            wave.trust, "Change the survey", back=back, page_title=f"Change {wave.title}"
        ),
    )


def wave_detail(request, pk):
    wave = wave_or_404(request, pk, Permission.VIEW_WAVE)
    link = request.build_absolute_uri(reverse("survey:start", kwargs={"slug": wave.slug}))
    context = {
        "wave": wave,
        "link": link,
        "kiosk_link": request.build_absolute_uri(
            reverse("survey:kiosk", kwargs={"slug": wave.slug})
        ),
        "summary": presenters.labelled_summary(wave, selectors.wave_response_summary(wave)),
        "can_manage": request.user.has_perm(Permission.MANAGE_WAVE, wave),
        "can_see_results": request.user.has_perm(Permission.VIEW_RESULTS, wave),
        "can_mark_main": request.user.has_perm(Permission.MARK_MAIN_SURVEY, wave),
        "main_survey": selectors.wave_main_survey_facts(wave),
    }
    return render(request, "diagnostics/wave_detail.html", context)


@require_POST
def wave_status(request, pk):
    wave = wave_or_404(request, pk, Permission.MANAGE_WAVE)
    target = request.POST.get("to", "")
    if target not in WaveStatus.values:
        raise Http404("status")
    return action_flow(
        request,
        lambda: services.wave_status_change(wave=wave, to=target),
        success=lambda wave: f"‘{wave.title}’ is now {wave.get_status_display().lower()}",
        redirect_to=reverse("diagnostics:wave-detail", kwargs={"pk": wave.pk}),
    )


@require_POST
def wave_main_survey(request, pk):
    """Mark the survey as its year's main survey ("main" = "yes") or stop ("no")."""
    wave = wave_or_404(request, pk, Permission.MARK_MAIN_SURVEY)
    back = reverse("diagnostics:wave-detail", kwargs={"pk": wave.pk})
    if request.POST.get("main") == "no":
        return action_flow(
            request,
            lambda: services.wave_main_survey_clear(wave=wave, actor=request.user),
            success=lambda wave: f"‘{wave.title}’ is no longer the main survey of its year",
            redirect_to=back,
        )
    return action_flow(
        request,
        lambda: services.wave_main_survey_mark(wave=wave, actor=request.user),
        success=lambda wave: f"‘{wave.title}’ is now the main survey of {wave.main_of_year}",
        redirect_to=back,
    )


def wave_qr(request, pk):
    wave = wave_or_404(request, pk, Permission.VIEW_WAVE)
    link = request.build_absolute_uri(reverse("survey:start", kwargs={"slug": wave.slug}))
    # A standalone SVG document (with its namespace), so browsers draw it as an image.
    buffer = io.BytesIO()
    segno.make(link, error="m").save(
        buffer, kind="svg", scale=8, xmldecl=False, title=f"Link to {wave.title}"
    )
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    response["Content-Disposition"] = f'inline; filename="survey-{wave.slug}-qr.svg"'
    return response


def wave_headcounts(request, pk):
    wave = wave_or_404(request, pk, Permission.MANAGE_WAVE)
    directorates = list(wave.directorates.order_by("name"))
    initial = {f"{h.dimension}__{h.group}": h.headcount for h in wave.headcounts.all()}
    typed = HeadcountForm(
        request.POST if "typed" in request.POST else None,
        directorates=directorates,
        initial=initial,
    )
    upload = HeadcountUploadForm(
        request.POST if "upload" in request.POST else None,
        request.FILES if "upload" in request.POST else None,
    )
    upload.helper.inputs[0].name = "upload"
    typed.helper.inputs[0].name = "typed"
    if request.method == "POST":
        rows = None
        if "typed" in request.POST and typed.is_valid():
            rows = typed.rows()
        elif "upload" in request.POST and upload.is_valid():
            parsed = parse_headcount_csv(
                upload.cleaned_data["file"].read(MAX_BYTES + 1),
                directorate_codes={d.code for d in directorates},
            )
            if parsed.errors:
                upload.add_error("file", "The file has problems, so nothing was saved")
                upload.row_errors = parsed.errors  # listed in the form's error summary
            else:
                rows = parsed.rows
        if rows is not None:
            count = services.headcounts_replace(wave=wave, rows=rows)
            messages.success(request, f"Headcounts saved for {count} groups")
            return redirect("diagnostics:wave-detail", pk=wave.pk)
    context = {"wave": wave, "typed": typed, "upload": upload}
    return render(request, "diagnostics/wave_headcounts.html", context)


def wave_headcounts_example(request, pk):
    """An example headcount file for this wave: its own directorates, its headcounts so far."""
    wave = wave_or_404(request, pk, Permission.MANAGE_WAVE)
    content = headcount_example_csv(
        directorate_codes=list(wave.directorates.order_by("name").values_list("code", flat=True)),
        current={(h.dimension, h.group): h.headcount for h in wave.headcounts.all()},
    )
    return csv_file_download(content, filename=f"headcounts-{wave.slug}.csv")


# Codes handed over by "Download CSV", kept in the person's session only until their browser
# fetches the file: the download button leads back to the codes page, which already shows
# the codes as downloaded and fetches the file itself (a meta refresh, so with or without
# JavaScript). Past this many seconds they are dropped unfetched.
CODE_FILES = "diagnostics.code-files"
CODE_FILE_SECONDS = 10 * 60


def _code_files(request) -> dict:
    """This session's files waiting to be fetched, by batch; stale ones dropped."""
    waiting = request.session.get(CODE_FILES, {})
    fresh = {
        batch: entry
        for batch, entry in waiting.items()
        if time.time() - entry["at"] < CODE_FILE_SECONDS
    }
    if fresh != waiting:
        request.session[CODE_FILES] = fresh
    return fresh


def _code_files_of(request, wave) -> list:
    waiting = _code_files(request)
    batches = wave.code_batches.filter(pk__in=[int(pk) for pk in waiting]).order_by("-pk")
    return [
        {
            "batch": batch,
            "url": reverse("diagnostics:code-batch-file", args=[wave.pk, batch.pk]),
            "name": _code_file_name(wave, batch),
        }
        for batch in batches
    ]


def _code_file_name(wave, batch) -> str:
    return f"codes-{wave.slug}-{batch.pk}.csv"


def wave_codes(request, pk):
    wave = wave_or_404(request, pk, Permission.MANAGE_WAVE)
    return form_flow(
        request,
        CodeBatchForm(form_data(request)),
        save=lambda data: services.invitation_batch_create(
            wave=wave, actor=request.user, size=data["size"]
        ),
        success=lambda batch: (
            f"{batch.size} codes generated. Print them or download them "
            "now: they are shown only until you download them"
        ),
        redirect_to=reverse("diagnostics:wave-codes", kwargs={"pk": wave.pk}),
        template="diagnostics/wave_codes.html",
        context={
            "wave": wave,
            "batches": selectors.code_batch_list(wave=wave),
            "code_files": _code_files_of(request, wave),
        },
    )


def _batch_or_404(wave, batch_pk):
    batch = wave.code_batches.filter(pk=batch_pk).first()
    if batch is None:
        raise Http404("batch")
    return batch


@require_POST
def code_batch_download(request, pk, batch_pk):
    wave = wave_or_404(request, pk, Permission.MANAGE_WAVE)
    batch = _batch_or_404(wave, batch_pk)
    try:
        codes = services.invitation_batch_download(batch=batch, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("diagnostics:wave-codes", pk=wave.pk)
    request.session[CODE_FILES] = {
        **_code_files(request),
        str(batch.pk): {"codes": codes, "at": time.time()},
    }
    return redirect("diagnostics:wave-codes", pk=wave.pk)


def code_batch_file(request, pk, batch_pk):
    """The CSV of codes just handed over, once: taking it drops it from the session."""
    wave = wave_or_404(request, pk, Permission.MANAGE_WAVE)
    batch = _batch_or_404(wave, batch_pk)
    waiting = _code_files(request)
    entry = waiting.pop(str(batch.pk), None)
    if entry is None:
        messages.error(
            request,
            "These codes were downloaded already and are no longer kept. Generate new ones",
        )
        return redirect("diagnostics:wave-codes", pk=wave.pk)
    request.session[CODE_FILES] = waiting
    link = request.build_absolute_uri(reverse("survey:start", kwargs={"slug": wave.slug}))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_code_file_name(wave, batch)}"'
    response["Cache-Control"] = "no-store"
    writer = csv.writer(response)
    writer.writerow(["code", "survey_link"])
    writer.writerows([code, link] for code in entry["codes"])
    return response


def code_batch_print(request, pk, batch_pk):
    wave = wave_or_404(request, pk, Permission.MANAGE_WAVE)
    batch = _batch_or_404(wave, batch_pk)
    if batch.downloaded_at:
        messages.error(request, "These codes were downloaded already and are no longer kept")
        return redirect("diagnostics:wave-codes", pk=wave.pk)
    context = {
        "wave": wave,
        "batch": batch,
        "codes": batch.plaintext_codes.split("\n"),
        "link": request.build_absolute_uri(reverse("survey:start", kwargs={"slug": wave.slug})),
    }
    response = render(request, "diagnostics/code_sheet.html", context)
    response["Cache-Control"] = "no-store"
    return response


def _directorate_create(*, trust, name):
    """The model's rule against a second directorate of the same name, said at the field."""
    try:
        return services.directorate_create(trust=trust, name=name)
    except ValidationError:
        raise ValidationError(
            {"name": "The trust already has a directorate with that name"}
        ) from None


def directorate_list(request, ods_code):
    trust = trust_or_404(request, ods_code, Permission.MANAGE_DIRECTORATES)
    form = DirectorateForm(form_data(request))
    return form_flow(
        request,
        form,
        save=lambda data: _directorate_create(trust=trust, name=data["name"]),
        success=lambda _: f"‘{form.cleaned_data['name']}’ added",
        redirect_to=reverse("diagnostics:directorates", kwargs={"ods_code": trust.ods_code}),
        template="diagnostics/directorates.html",
        context={
            "trust": trust,
            "directorates": selectors.directorate_list_for_trust(trust=trust),
        },
    )
