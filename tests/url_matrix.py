"""The URL-by-persona permission matrix (docs/architecture.md, access): its outcomes and the
one runner every app's matrix uses.

An app's test module declares
    MATRIX = {url name: (kwargs from the objects, {persona: outcome} or POST_ONLY)}
    POST_MATRIX = {url name: (data, {persona: outcome})}   # 302 there: any redirect
and an `objects` fixture, then binds the two tests under their names:
    (
        test_get_answers_each_persona_as_the_matrix_says,
        test_post_answers_each_persona_as_the_matrix_says,
    ) = matrix_tests(MATRIX, POST_MATRIX)
"""

import pytest
from django.urls import reverse

from tests.conftest import PERSONAS

LOGIN = "login"  # a redirect to the sign-in page, keeping where the user was going
REDIRECT = "redirect"  # a 302 somewhere other than the sign-in page
OK = 200
FORBIDDEN = 403
NOT_FOUND = 404
POST_ONLY = "post-only"


def assert_outcome(response, expected, url):
    if expected == LOGIN:
        assert response.status_code == 302, response.status_code
        assert response.url == f"{reverse('accounts:sign-in')}?next={url}"
    elif expected == REDIRECT:
        assert response.status_code == 302, response.status_code
        assert not response.url.startswith(reverse("accounts:sign-in"))
    elif isinstance(expected, str):
        assert response.status_code == 302, response.status_code
        assert response.url == expected
    else:
        assert response.status_code == expected, response.status_code
        if expected == FORBIDDEN:
            # The styled page, or one built on it that says what to do instead.
            assert "403.html" in [template.name for template in response.templates]


def get_cases(matrix):
    """(url name, persona) for every URL of the matrix that answers GET."""
    return [
        (name, persona)
        for name, (_, outcomes) in matrix.items()
        if outcomes != POST_ONLY
        for persona in PERSONAS
    ]


def matrix_tests(matrix, post_matrix, *, after_get=None):
    """The GET and the POST test of an app's matrix. Their URLs' kwargs come from the module's
    `objects` fixture; `after_get(url_name, expected, response)` checks a GET's page further."""

    @pytest.mark.parametrize(("url_name", "persona"), get_cases(matrix), indirect=["persona"])
    def test_get_answers_each_persona_as_the_matrix_says(
        client_as, objects, url_name, persona, request
    ):
        kwargs, outcomes = matrix[url_name]
        expected = outcomes[request.node.callspec.params["persona"]]
        url = reverse(url_name, kwargs=kwargs(objects))
        response = client_as(persona).get(url)
        assert_outcome(response, expected, url)
        if after_get is not None:
            after_get(url_name, expected, response)

    post_cases = [(name, persona) for name in post_matrix for persona in PERSONAS]

    @pytest.mark.parametrize(("url_name", "persona"), post_cases, indirect=["persona"])
    def test_post_answers_each_persona_as_the_matrix_says(
        client_as, objects, url_name, persona, request
    ):
        data, outcomes = post_matrix[url_name]
        expected = outcomes[request.node.callspec.params["persona"]]
        url = reverse(url_name, kwargs=matrix[url_name][0](objects))
        response = client_as(persona).post(url, data)
        if expected == 302:
            assert response.status_code == 302
        else:
            assert_outcome(response, expected, url)

    return test_get_answers_each_persona_as_the_matrix_says, (
        test_post_answers_each_persona_as_the_matrix_says
    )
