"""Fixtures shared by the community tests."""

import pytest

from tests.community.factories import make_member


@pytest.fixture
def member_a(trust_a, od_lead_a):
    return make_member(trust_a)
