"""Joining: applying for a trust, and the applicant's page for their application."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from community import selectors, services
from community.constants import ApplicationStatus
from community.forms import AnswerForm, ApplyForTrustForm, NewTrustApplicationForm
from community.views.common import form_page
from core.forms import form_data, save_or_show


@login_not_required
def join(request):
    """Apply for a trust: an OD lead for theirs; anyone else from a trust not on the portal."""
    if not request.user.is_authenticated:
        return render(request, "community/join_start.html", {})
    trusts, already_members = selectors.trusts_to_apply_for(request.user)
    if not trusts.exists():
        context = {"not_od_lead": not already_members, "already_members": already_members}
        return render(request, "community/join_start.html", context)
    form = ApplyForTrustForm(form_data(request), trusts=trusts)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        holder = {}

        def write():
            holder["application"] = services.application_submit_for_trust(
                trust=data["trust"],
                applicant=request.user,
                job_title=data["job_title"],
                hopes=data["hopes"],
                consent_to_list=data["consent_to_list"],
            )

        if save_or_show(form, write):
            return redirect(services.application_link(holder["application"]))
    return form_page(
        request,
        form=form,
        title="Apply to join the culture community",
        back=reverse("community:directory"),
        intro="A national admin reads every application and e-mails you the decision.",
    )


@login_not_required
@ratelimit(key="ip", rate="10/h", method="POST", block=True)
def join_new_trust(request):
    form = NewTrustApplicationForm(form_data(request))
    if request.method == "POST" and form.is_valid():
        holder = {}

        def write():
            fields = {k: v for k, v in form.cleaned_data.items() if k != "website"}
            holder["application"] = services.application_submit_new_trust(**fields)

        if save_or_show(form, write):
            return redirect(services.application_link(holder["application"]))
    return form_page(
        request,
        form=form,
        title="Apply for a trust not yet on the portal",
        back=reverse("community:join"),
        intro="Your trust is added to the portal when a national admin approves the "
        "application, and you become its OD lead on the portal.",
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def application_status(request, token):
    """The applicant's page for their application: where it stands, and a place to answer
    a question. Reached by the signed link in their e-mails; needs no account."""
    application = services.application_from_link(token)
    if application is None:
        raise Http404("application")
    form = None
    if application.status == ApplicationStatus.INFO_REQUESTED:
        form = AnswerForm(form_data(request))
        if (
            request.method == "POST"
            and form.is_valid()
            and save_or_show(
                form,
                lambda: services.application_answer(
                    application=application, message=form.cleaned_data["message"]
                ),
            )
        ):
            messages.success(request, "Your answer is sent")
            return redirect(request.path)
    elif request.method == "POST":
        messages.info(request, "There is no question waiting for your answer")
        return redirect(request.path)
    context = {
        "application": application,
        "decisions": list(application.decisions.all()),
        "form": form,
    }
    return render(request, "community/application.html", context)
