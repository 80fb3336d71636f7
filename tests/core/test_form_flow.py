"""core.form_flow: the one round trip of a form page."""

from unittest import mock

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from core.exceptions import ApplicationError
from core.form_flow import action_flow, form_flow
from core.forms import NHSFormHelper, form_data

pytestmark = pytest.mark.django_db


class NameForm(forms.Form):
    name = forms.CharField(error_messages={"required": "Enter a name"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = NHSFormHelper(self, submit_text="Save")


def _request(method="get", data=None):
    request = getattr(RequestFactory(), method)("/things/new/", data or {})
    request.user = AnonymousUser()
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def _flow(request, save, form=None, **overrides):
    options = {
        "save": save,
        "success": "The thing is saved",
        "redirect_to": "/things/",
        "context": {"title": "Add a thing", "back": "/things/", "caption": "Things"},
    }
    form = form or NameForm(form_data(request))
    return form_flow(request, form, **(options | overrides))


def _messages(request):
    return [(message.level_tag, message.message) for message in get_messages(request)]


class TestFormFlow:
    def test_a_valid_post_is_saved_once_then_says_so_and_redirects(self):
        request = _request("post", {"name": "Ward 7"})
        save = mock.Mock(return_value="row")

        response = _flow(request, save)

        save.assert_called_once_with({"name": "Ward 7"})
        assert response.status_code == 302
        assert response["Location"] == "/things/"
        assert _messages(request) == [("success", "The thing is saved")]

    def test_the_message_and_the_redirect_may_depend_on_what_was_saved(self):
        request = _request("post", {"name": "Ward 7"})

        response = _flow(
            request,
            lambda data: data["name"].replace(" ", "-").lower(),
            success=lambda saved: f"{saved} is saved",
            redirect_to=lambda saved: f"/things/{saved}/",
        )

        assert response["Location"] == "/things/ward-7/"
        assert _messages(request) == [("success", "ward-7 is saved")]

    def test_no_success_message_just_redirects(self):
        request = _request("post", {"name": "Ward 7"})

        response = _flow(request, mock.Mock(), success=None)

        assert response.status_code == 302
        assert _messages(request) == []

    def test_a_broken_rule_is_shown_on_the_form_and_nothing_is_saved(self):
        request = _request("post", {"name": "Ward 7"})
        save = mock.Mock(side_effect=ApplicationError("The programme is closed"))

        response = _flow(request, save)

        save.assert_called_once()
        assert response.status_code == 200
        html = response.content.decode()
        assert "The programme is closed" in html
        assert "<title>Error: Add a thing" in html
        assert _messages(request) == []

    def test_a_broken_rule_can_be_shown_at_a_field(self):
        request = _request("post", {"name": "Ward 7"})
        form = NameForm(form_data(request))

        _flow(
            request,
            mock.Mock(side_effect=ApplicationError("Not that one")),
            form,
            error_field="name",
        )

        assert form.errors == {"name": ["Not that one"]}

    def test_a_broken_rule_can_go_back_with_an_error_message_instead(self):
        request = _request("post", {"name": "Ward 7"})

        response = _flow(
            request,
            mock.Mock(side_effect=ApplicationError("It was published meanwhile")),
            refusal_redirect="/versions/1/",
        )

        assert response.status_code == 302
        assert response["Location"] == "/versions/1/"
        assert _messages(request) == [("error", "It was published meanwhile")]

    def test_a_services_validation_error_goes_to_its_field_or_the_top(self):
        request = _request("post", {"name": "Ward 7"})
        form = NameForm(form_data(request))
        problem = ValidationError({"name": "Already taken", "code": "Clashes with another"})

        response = _flow(request, mock.Mock(side_effect=problem), form)

        assert response.status_code == 200
        assert form.errors == {"name": ["Already taken"], "__all__": ["Clashes with another"]}

    def test_an_invalid_form_is_shown_again_without_calling_the_service(self):
        request = _request("post", {"name": ""})
        save = mock.Mock()

        response = _flow(request, save)

        save.assert_not_called()
        assert response.status_code == 200
        assert "Enter a name" in response.content.decode()

    def test_a_get_shows_the_form_page_without_calling_the_service(self):
        request = _request()
        save = mock.Mock()
        build_page = mock.Mock(return_value={"title": "Add a thing", "back": "/things/"})

        response = _flow(request, save, context=build_page)

        save.assert_not_called()
        build_page.assert_called_once_with()
        html = response.content.decode()
        assert response.status_code == 200
        assert "<title>Add a thing –" in html
        assert '<a class="nhsuk-back-link" href="/things/">' in html

    def test_a_page_built_lazily_is_not_built_when_the_form_saves(self):
        request = _request("post", {"name": "Ward 7"})
        build_page = mock.Mock()

        _flow(request, mock.Mock(), context=build_page)

        build_page.assert_not_called()


class TestActionFlow:
    """A button's one service call: its message either way, then back."""

    def test_done_shows_the_success_message_and_redirects(self):
        request = _request("post")
        calls = []
        response = action_flow(
            request, lambda: calls.append(1) or 3, success=lambda n: f"{n} done", redirect_to="/x/"
        )
        assert calls == [1]
        assert (response.status_code, response.url) == (302, "/x/")
        assert _messages(request) == [("success", "3 done")]

    def test_a_refusal_is_shown_as_an_error_and_redirects_the_same(self):
        request = _request("post")

        def refuse():
            raise ApplicationError("Not now")

        response = action_flow(request, refuse, success="never", redirect_to="/x/")
        assert response.url == "/x/"
        assert _messages(request) == [("error", "Not now")]

    def test_no_message_when_success_is_none(self):
        request = _request("post")
        action_flow(request, lambda: None, success=None, redirect_to="/x/")
        assert _messages(request) == []
