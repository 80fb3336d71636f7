"""The staff survey, for anonymous respondents at /s/<wave-slug>/.

Progress is kept in a server-side draft that a survey cookie points at; nothing here records
who the respondent is or where they are (docs/anonymity.md)."""

import functools

from django.contrib import auth
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from core.exceptions import ApplicationError
from core.forms import form_data
from diagnostics.instruments import presenters as asking
from diagnostics.instruments import selectors as instruments_selectors
from diagnostics.instruments.forms import SectionForm
from diagnostics.surveys import cookies as survey_cookies
from diagnostics.surveys import presenters, selectors
from diagnostics.surveys.forms import CodeForm, DemographicsForm, ResumeForm
from diagnostics.surveys.services import (
    SurveyClosed,
    submission_receipt_exists,
    survey_closed_reason,
    survey_draft_resume,
    survey_draft_save_answers,
    survey_draft_save_demographics,
    survey_draft_start,
    survey_response_submit,
    survey_resume_code_issue,
)

# Per client address. A whole trust may share one address, so the limits are generous; with
# 29**10 possible codes, even 60 guesses a minute would take millions of years to find one.
CODE_RATE = "60/m"


SUBMIT_RATE = "300/m"


def _wave_or_404(slug):
    wave = selectors.wave_get_by_slug(slug)
    if wave is None or wave.status == "draft":
        raise Http404("survey")
    return wave


def _closed_page(request, wave, reason):
    status = 410 if reason == "closed" else 200
    return render(request, f"survey/{reason}.html", {"wave": wave}, status=status)


def _problem_page(request, wave, problem, status=400):
    context = {"wave": wave, "problem": problem, "start_url": _start_url(request, wave)}
    return render(request, "survey/problem.html", context, status=status)


def _start_url(request, wave) -> str:
    """Where this browser starts the survey: on a shared ward computer the code page, so that
    "Back", or the browser's back button after sending, never leaves kiosk mode."""
    if survey_cookies.is_kiosk(request) and wave.accepts_codes:
        return reverse("survey:kiosk", kwargs={"slug": wave.slug})
    return reverse("survey:start", kwargs={"slug": wave.slug})


def _open_wave(request, slug):
    """(wave, None) if the survey takes answers now, else (wave, the page saying why)."""
    wave = _wave_or_404(slug)
    reason = survey_closed_reason(wave)
    return wave, (_closed_page(request, wave, reason) if reason else None)


def _survey_state(request, slug):
    """(wave, sections, draft) for a page inside the survey, or a response to return.
    The draft and its wave come in one query: these pages are the busiest in the portal."""
    draft = selectors.draft_get_with_wave(slug=slug, token=survey_cookies.draft_token(request))
    wave = draft.wave if draft else _wave_or_404(slug)
    reason = survey_closed_reason(wave)
    if reason:
        return None, _closed_page(request, wave, reason)
    if draft is None:
        return None, redirect(_start_url(request, wave))
    return (wave, instruments_selectors.survey_sections(wave.version), draft), None


def inside_survey(view):
    """For pages inside a started survey: the view gets (wave, sections, draft), or the
    respondent gets the closed page, or is sent to the start if they have no draft."""

    @functools.wraps(view)
    def wrapper(request, slug, **kwargs):
        state, response = _survey_state(request, slug)
        if response:
            return response
        return view(request, *state, **kwargs)

    return wrapper


def _go_to_draft(wave, draft, url: str):
    """Send the respondent on to `url`, remembering their draft in the survey's cookie."""
    response = redirect(url)
    survey_cookies.remember_draft(
        response, slug=wave.slug, token=draft.token, expires=wave.closes_at
    )
    return response


def _step_count(wave, sections) -> int:
    return len(sections) + (1 if wave.demographics_asked else 0)


@login_not_required
@never_cache
@ratelimit(key="ip", rate=CODE_RATE, method="POST", block=True)
def survey_start(request, slug):
    wave, closed_page = _open_wave(request, slug)
    if closed_page:
        return closed_page
    # Codes only: a code is required. Both: people with a code may give it, others need not.
    form = (
        CodeForm(form_data(request), required=not wave.accepts_open_link)
        if wave.accepts_codes
        else None
    )
    if request.method == "POST" and (form is None or form.is_valid()):
        code = form.cleaned_data["code"] if form else ""
        try:
            draft = survey_draft_start(wave=wave, invitation_code=code)
        except SurveyClosed as closed:
            return _closed_page(request, wave, closed.reason)
        except ApplicationError:
            form.add_error("code", _code_refused())
        else:
            return _go_to_draft(wave, draft, reverse("survey:section", args=[wave.slug, 1]))
    sections = instruments_selectors.survey_sections(wave.version)
    context = {
        "wave": wave,
        "form": form,
        "item_count": sum(len(s.items.all()) for s in sections),
        "in_progress": selectors.draft_get_with_wave(
            slug=wave.slug, token=survey_cookies.draft_token(request)
        )
        is not None,
    }
    return render(request, "survey/start.html", context)


def _code_refused() -> str:
    # One message for a used code and an unknown one: telling them apart would tell whoever
    # holds the code list which colleagues have started (docs/anonymity.md).
    return gettext(
        "This code cannot be used. Check it and try again: each code starts the survey once. "
        "To carry on with answers you saved, use your resume code"
    )


@login_not_required
@never_cache
@inside_survey
def survey_section(request, wave, sections, draft, number):
    if not 1 <= number <= len(sections):
        raise Http404("section")
    section = sections[number - 1]
    is_last = number == len(sections)
    comment_questions = (
        instruments_selectors.survey_comment_questions(wave.version) if is_last else []
    )
    initial = {f"comment_{k}": v for k, v in draft.comments.items()}
    # Items are validated by the form on POST; a GET draws them from the draft without one.
    posted = request.method == "POST"
    form = SectionForm(
        form_data(request),
        section=section,
        comment_questions=comment_questions if (posted or is_last) else [],
        initial=initial,
        with_items=posted,
    )
    changing = request.GET.get("change") == "1"
    if posted:
        # Never on a shared ward computer: the next person could carry on as this one.
        saving = request.POST.get("action") == "save" and not survey_cookies.is_kiosk(request)
        if (saving and not form.foreign_items) or form.is_valid():
            answers, comments = _valid_parts(form) if saving else (form.answers(), form.comments())
            try:
                survey_draft_save_answers(
                    draft=draft, section=section, answers=answers, comments=comments
                )
            except SurveyClosed as closed:
                return _closed_page(request, wave, closed.reason)
            if saving:
                return _show_resume_code(request, wave, draft)
            if changing:
                return redirect("survey:check", slug=wave.slug)
            if not is_last:
                return redirect("survey:section", slug=wave.slug, number=number + 1)
            if wave.demographics_asked:
                return redirect("survey:demographics", slug=wave.slug)
            return redirect("survey:check", slug=wave.slug)
    chosen, errors = presenters.section_answers(form if posted else None, draft)
    back = (
        reverse("survey:check", kwargs={"slug": wave.slug})
        if changing
        else reverse("survey:section", kwargs={"slug": wave.slug, "number": number - 1})
        if number > 1
        else _start_url(request, wave)
    )
    context = {
        "wave": wave,
        "section": section,
        "number": number,
        "steps": _step_count(wave, sections),
        "form": form,
        "questions": asking.section_questions_html(
            section.items.all(),
            chosen=chosen,
            errors=errors,
            blank_key=(section.pk, wave.version.published_at)
            if wave.version.is_published
            else None,
        ),
        "comment_fields": asking.comment_fields(form),
        "back_url": back,
        "changing": changing,
        "can_save": not survey_cookies.is_kiosk(request),
    }
    return render(request, "survey/section.html", context)


def _valid_parts(form):
    """On "save and come back later", keep each answer that is valid on its own."""
    answers, comments = {}, {}
    for item in form.items:
        field = form.fields[f"item_{item.pk}"]
        raw = form.data.get(f"item_{item.pk}")
        if raw:
            try:
                answers[item.pk] = field.clean(raw)
            except Exception:  # noqa: BLE001, S112 - an invalid answer is simply not kept
                continue
    for question in form.comment_questions:
        text = form.data.get(f"comment_{question.pk}", "")
        comments[question.pk] = text[:2000]
    return answers, comments


def _show_resume_code(request, wave, draft):
    code = survey_resume_code_issue(draft=draft)
    resume_url = request.build_absolute_uri(reverse("survey:resume", kwargs={"slug": wave.slug}))
    context = {"wave": wave, "code": code, "resume_url": resume_url}
    return render(request, "survey/saved.html", context)


@login_not_required
@never_cache
@inside_survey
def survey_demographics(request, wave, sections, draft):
    if not wave.demographics_asked:
        return redirect("survey:check", slug=wave.slug)
    form = DemographicsForm(form_data(request), wave=wave, initial=draft.demographics)
    if request.method == "POST" and form.is_valid():
        try:
            survey_draft_save_demographics(draft=draft, demographics=form.cleaned_data)
        except SurveyClosed as closed:
            return _closed_page(request, wave, closed.reason)
        return redirect("survey:check", slug=wave.slug)
    context = {
        "wave": wave,
        "form": form,
        "number": len(sections) + 1,
        "steps": _step_count(wave, sections),
        "back_url": reverse("survey:section", kwargs={"slug": wave.slug, "number": len(sections)}),
        "changing": request.GET.get("change") == "1",
    }
    return render(request, "survey/demographics.html", context)


@login_not_required
@never_cache
@inside_survey
def survey_check(request, wave, sections, draft):
    summary = presenters.check_answers(
        wave, sections, draft, instruments_selectors.survey_comment_questions(wave.version)
    )
    back = (
        reverse("survey:demographics", kwargs={"slug": wave.slug})
        if wave.demographics_asked
        else reverse("survey:section", kwargs={"slug": wave.slug, "number": len(sections)})
    )
    missing = [
        (block["number"], row["question"])
        for block in summary["sections"]
        for row in block["rows"]
        if row["required"] and row["answer"] is None
    ]
    context = {
        "wave": wave,
        "summary": summary,
        "draft": draft,
        "missing": missing,
        "back_url": back,
    }
    return render(request, "survey/check.html", context)


@login_not_required
@never_cache
@require_POST
@ratelimit(key="ip", rate=SUBMIT_RATE, method="POST", block=True)
def survey_submit(request, slug):
    # The happy path needs no wave lookup: the service reads the draft with its wave.
    token = survey_cookies.draft_token(request)
    if not token:
        wave = _wave_or_404(slug)  # an unknown survey is a 404, not a redirect
        if survey_cookies.is_kiosk(request):
            return redirect(_start_url(request, wave))
        if survey_cookies.was_sent(request):
            return redirect("survey:sent", slug=slug)
        return redirect("survey:start", slug=slug)
    try:
        stored = survey_response_submit(token=token)
    except SurveyClosed as closed:
        return _closed_page(request, _wave_or_404(slug), closed.reason)
    except ApplicationError as error:
        if error.message == "incomplete":
            return redirect("survey:check", slug=slug)
        return _problem_page(request, _wave_or_404(slug), error.message, status=409)
    if not stored and not submission_receipt_exists(token=token):
        # The draft expired with its survey.
        return redirect(_start_url(request, _wave_or_404(slug)))
    if survey_cookies.is_kiosk(request):
        # A shared computer: straight back to the code page for the next person, with the
        # thanks on it (no timed redirect), and nothing of this person's visit kept.
        response = redirect(reverse("survey:kiosk", kwargs={"slug": slug}) + "?sent=1")
    else:
        response = redirect("survey:sent", slug=slug)
        survey_cookies.mark_sent(response, slug=slug)
    survey_cookies.forget_draft(response, slug=slug)
    return response


@login_not_required
@never_cache
def survey_sent(request, slug):
    wave = _wave_or_404(slug)
    return render(request, "survey/sent.html", {"wave": wave})


@login_not_required
@never_cache
@ratelimit(key="ip", rate=CODE_RATE, method="POST", block=True)
def survey_resume(request, slug):
    wave, closed_page = _open_wave(request, slug)
    if closed_page:
        return closed_page
    form = ResumeForm(form_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            draft = survey_draft_resume(wave=wave, code=form.cleaned_data["code"])
        except SurveyClosed as closed:
            return _closed_page(request, wave, closed.reason)
        except ApplicationError:
            form.add_error(
                "code",
                gettext("This resume code is not right, or has expired. Check it, or start again"),
            )
        else:
            return _go_to_draft(wave, draft, _first_unanswered(wave, draft))
    return render(request, "survey/resume.html", {"wave": wave, "form": form})


def _first_unanswered(wave, draft) -> str:
    for number, section in enumerate(instruments_selectors.survey_sections(wave.version), start=1):
        if any(str(item.pk) not in draft.answers for item in section.items.all()):
            return reverse("survey:section", kwargs={"slug": wave.slug, "number": number})
    if wave.demographics_asked and not draft.demographics:
        return reverse("survey:demographics", kwargs={"slug": wave.slug})
    return reverse("survey:check", kwargs={"slug": wave.slug})


@login_not_required
@never_cache
@ratelimit(key="ip", rate=CODE_RATE, method="POST", block=True)
def survey_kiosk(request, slug):
    """A shared ward computer: each person types a code; the page resets after they submit."""
    wave, closed_page = _open_wave(request, slug)
    if closed_page:
        return closed_page
    if not wave.accepts_codes:
        raise Http404("kiosk")
    if request.user.is_authenticated:
        # A staff member's session on the shared computer: people taking the survey could
        # reach their account from it. Say so, then sign the browser out on their word.
        if request.method == "POST" and request.POST.get("sign_out"):
            auth.logout(request)
            return redirect(reverse("survey:kiosk", kwargs={"slug": wave.slug}))
        context = {"wave": wave, "kiosk_page": True}
        return render(request, "survey/kiosk_sign_out.html", context)
    form = CodeForm(form_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            draft = survey_draft_start(wave=wave, invitation_code=form.cleaned_data["code"])
        except SurveyClosed as closed:
            return _closed_page(request, wave, closed.reason)
        except ApplicationError:
            form.add_error("code", _code_refused())
        else:
            response = _go_to_draft(wave, draft, reverse("survey:section", args=[wave.slug, 1]))
            survey_cookies.mark_kiosk(response, slug=wave.slug)
            return response
    context = {
        "wave": wave,
        "form": form,
        "just_sent": request.GET.get("sent") == "1",
        "kiosk_page": True,
    }
    response = render(request, "survey/kiosk.html", context)
    survey_cookies.mark_kiosk(response, slug=wave.slug)
    # Whoever used this computer before is forgotten, whether or not they sent their answers.
    survey_cookies.forget_draft(response, slug=wave.slug)
    return response
