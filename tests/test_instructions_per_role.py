"""Instructions are for the people who can act on them: a viewer reads what a page shows,
not "import comments" or "give each a new owner", which they cannot do; the OD lead is
shown both."""

import pytest
from django.urls import reverse

from programmes.models import Action
from tests.programmes.factories import add_action

pytestmark = pytest.mark.django_db

INSTRUCTIONS = [
    ("diagnostics:tools", "Record what each finds"),
    ("diagnostics:patient-experience", "Import comments, then code each one"),
    ("diagnostics:evaluation", "Upload them on the culture and outcomes dashboard"),
    ("programmes:synthesis", "Use it at the synthesis event"),
    ("programmes:overview", "Give each a new owner"),
]


@pytest.fixture
def ownerless_action(programme_a, od_lead_a):
    action = add_action(programme_a, od_lead_a, owner=None, title="Run a listening week")
    Action.objects.filter(pk=action.pk).update(owner_left=True)
    return action


@pytest.mark.parametrize(("url_name", "instruction"), INSTRUCTIONS)
def test_an_instruction_is_shown_only_to_who_can_follow_it(
    client_as, programme_a, od_lead_a, viewer_a, ownerless_action, url_name, instruction
):
    url = reverse(url_name, args=[programme_a.pk])
    lead_page = client_as(od_lead_a).get(url).content.decode()
    assert instruction in lead_page
    viewer_page = client_as(viewer_a).get(url)
    assert viewer_page.status_code == 200
    assert instruction not in viewer_page.content.decode()


def test_a_viewer_sees_ownerless_work_without_a_link_to_edit_it(
    client_as, programme_a, viewer_a, ownerless_action
):
    page = client_as(viewer_a).get(reverse("programmes:overview", args=[programme_a.pk]))
    body = page.content.decode()
    assert "Run a listening week" in body
    assert reverse("programmes:action-edit", args=[ownerless_action.pk]) not in body
