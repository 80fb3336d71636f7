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
from community.views.common import page_context
from core.form_flow import form_flow
from core.forms import form_data


@login_not_required
def join(request):
    """Apply for a trust: an OD lead for theirs; anyone else from a trust not on the portal."""
    if not request.user.is_authenticated:
        return render(request, "community/join_start.html", {})
    trusts, already_members = selectors.trusts_to_apply_for(request.user)
    if not trusts.exists():
        context = {"not_od_lead": not already_members, "already_members": already_members}
        return render(request, "community/join_start.html", context)
    return form_flow(
        request,
        ApplyForTrustForm(form_data(request), trusts=trusts),
        save=lambda data: services.application_submit_for_trust(
            trust=data["trust"],
            applicant=request.user,
            job_title=data["job_title"],
            hopes=data["hopes"],
            consent_to_list=data["consent_to_list"],
        ),
        success=None,
        redirect_to=services.application_link,
        context=page_context(
            title="Apply to join the culture community",
            back=reverse("community:directory"),
            intro="A national admin reads every application and e-mails you the decision.",
        ),
    )


@login_not_required
@ratelimit(key="ip", rate="10/h", method="POST", block=True)
def join_new_trust(request):
    return form_flow(
        request,
        NewTrustApplicationForm(form_data(request)),
        # The form's honeypot field is no part of the application.
        save=lambda data: services.application_submit_new_trust(
            **{name: value for name, value in data.items() if name != "website"}
        ),
        success=None,
        redirect_to=services.application_link,
        context=page_context(
            title="Apply for a trust not yet on the portal",
            back=reverse("community:join"),
            intro="Your trust is added to the portal when a national admin approves the "
            "application, and you become its OD lead on the portal.",
        ),
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def application_status(request, token):
    """The applicant's page for their application: where it stands, and a place to answer
    a question. Reached by the signed link in their e-mails; needs no account."""
    application = services.application_from_link(token)
    if application is None:
        raise Http404("application")

    def page():
        return {"application": application, "decisions": list(application.decisions.all())}

    if application.status == ApplicationStatus.INFO_REQUESTED:
        return form_flow(
            request,
            AnswerForm(form_data(request)),
            save=lambda data: services.application_answer(
                application=application, message=data["message"]
            ),
            success="Your answer is sent",
            redirect_to=request.path,
            template="community/application.html",
            context=page,
        )
    if request.method == "POST":
        messages.info(request, "There is no question waiting for your answer")
        return redirect(request.path)
    return render(request, "community/application.html", {**page(), "form": None})
