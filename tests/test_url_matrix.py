"""Every URL of the portal has a row in one app's permission matrix; a URL added without one
fails here, so nobody ships a page whose access nobody decided."""

from django.urls import URLPattern, URLResolver, get_resolver

from tests.accounts.test_second_factor import MATRIX as SECOND_FACTOR
from tests.accounts.test_team import MATRIX as TEAM
from tests.accounts.test_views import MATRIX as ACCOUNTS
from tests.community.test_views import MATRIX as COMMUNITY
from tests.diagnostics.records.test_views import MATRIX as TOOLS
from tests.diagnostics.surveys.test_respondent_views import MATRIX as SURVEY
from tests.diagnostics.test_views import MATRIX as DIAGNOSTICS
from tests.programmes.test_views import MATRIX as PROGRAMMES
from tests.resources.test_views import MATRIX as RESOURCES

# The Django admin site guards itself (staff only) and is tested in tests/accounts.
NOT_IN_MATRIX_NAMESPACES = {"admin"}


def all_url_names(resolver=None, namespace=""):
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in NOT_IN_MATRIX_NAMESPACES:
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= all_url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_url_is_in_a_permission_matrix():
    covered = (
        set(ACCOUNTS)
        | set(TEAM)
        | set(SECOND_FACTOR)
        | set(DIAGNOSTICS)
        | set(SURVEY)
        | set(TOOLS)
        | set(PROGRAMMES)
        | set(RESOURCES)
        | set(COMMUNITY)
    )
    assert all_url_names() - covered == set(), "add the new URL to its app's MATRIX"
    assert covered - all_url_names() == set(), "the MATRIX names a URL that no longer exists"
