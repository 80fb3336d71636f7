"""The round trip every form page makes, written once.

A form view builds its form (bound to the POST, or unbound for a GET: `core.forms.form_data`)
and hands it to `form_flow` with the one service call that saves it::

    return form_flow(
        request,
        form,
        save=lambda data: services.action_create(programme=programme, **data),
        success="The action is added",
        redirect_to=actions_url,
        context={"title": "Add an action", "back": actions_url},
    )

On a POST whose form is valid, `save(form.cleaned_data)` runs. If it returns, `success` is
shown as a message and the browser is sent to `redirect_to`; either may be a function of what
`save` returned (the new row, say). If the service refuses, what it said goes on the form and
the page is shown again: a `ValidationError`'s messages at their fields (or at the top when
the form has no such field), an `ApplicationError`'s message at `error_field` (the top of the
form by default). Where a refusal means the page itself no longer applies (the thing edited
was published meanwhile), `refusal_redirect` sends the browser there with the message instead.
A GET, an invalid form or a refusal shown on the form renders `template` (the one form-page
layout unless told otherwise) with `context` and the form as `form`.
"""

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from core.exceptions import ApplicationError

FORM_PAGE = "layouts/form_page.html"

Saved = TypeVar("Saved")
Context = Mapping[str, Any]


def form_flow(
    request: HttpRequest,
    form: BaseForm,
    *,
    save: Callable[[dict[str, Any]], Saved],
    success: str | Callable[[Saved], str] | None,
    redirect_to: str | Callable[[Saved], str],
    context: Context | Callable[[], Context] | None = None,
    template: str = FORM_PAGE,
    error_field: str | None = None,
    refusal_redirect: str | None = None,
) -> HttpResponse:
    """Save a valid POST through `save` and redirect, or show the form page (see above).

    `success=None` redirects without a message. `redirect_to` and `refusal_redirect` are
    URLs or URL names, as `django.shortcuts.redirect` takes them. `context` may be a function,
    so that a page that is costly to build is built only when it is shown."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.cleaned_data)
        except ValidationError as error:
            _show_on_form(form, error)
        except ApplicationError as error:
            if refusal_redirect is None:
                form.add_error(error_field, error.message)
            else:
                messages.error(request, error.message)
                return redirect(refusal_redirect)
        else:
            _say_done(request, success, saved)
            return redirect(redirect_to(saved) if callable(redirect_to) else redirect_to)
    page = context() if callable(context) else context or {}
    return render(request, template, {**page, "form": form})


def _show_on_form(form: BaseForm, error: ValidationError) -> None:
    """A field's message at that field; anything else at the top of the form."""
    if hasattr(error, "error_dict"):
        for name, problems in error.message_dict.items():
            form.add_error(name if name in form.fields else None, problems)
    else:
        form.add_error(None, error.messages)


def action_flow(
    request: HttpRequest,
    do: Callable[[], Saved],
    *,
    success: str | Callable[[Saved], str] | None,
    redirect_to: str,
) -> HttpResponse:
    """A button that does one thing (publish, remove, move, approve): run `do`, the one
    service call; show `success` (or, if the service refuses, what it said) as a message; then
    back to `redirect_to` either way, a URL or URL name as `redirect` takes it."""
    try:
        done = do()
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        _say_done(request, success, done)
    return redirect(redirect_to)


def _say_done(request: HttpRequest, success, done) -> None:
    message = success(done) if callable(success) else success
    if message:
        messages.success(request, message)
