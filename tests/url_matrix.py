"""Shared pieces of the URL-by-persona permission matrix (docs/architecture.md, access)."""

from django.urls import reverse

LOGIN = "login"  # a redirect to the sign-in page, keeping where the user was going
OK = 200
FORBIDDEN = 403
NOT_FOUND = 404
POST_ONLY = "post-only"


def assert_outcome(response, expected, url):
    if expected == LOGIN:
        assert response.status_code == 302, response.status_code
        assert response.url == f"{reverse('accounts:sign-in')}?next={url}"
    elif isinstance(expected, str):
        assert response.status_code == 302, response.status_code
        assert response.url == expected
    else:
        assert response.status_code == expected, response.status_code
        if expected == FORBIDDEN:
            assert b"You cannot see this page" in response.content
