"""A viewer and the OD lead on the same Discover pages: the viewer reads the findings but is
not told to import or record anything; the OD lead sees how."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_viewer_is_not_told_to_do_what_only_the_team_can(
    open_as, live_server, check_page, programme_a, od_lead_a, viewer_a
):
    path = f"{live_server.url}/diagnostics/programmes/{programme_a.pk}/patient-experience/"
    viewer = open_as(viewer_a)
    viewer.goto(path)
    assert viewer.locator("h1").inner_text() == "Patient experience"
    assert "coded to the cultural elements" in viewer.locator("main").inner_text()
    assert "Import comments" not in viewer.locator("main").inner_text()
    assert viewer.get_by_role("button", name="Add a finding").count() == 0
    check_page(viewer, screenshot="patient-experience-viewer")

    lead = open_as(od_lead_a)
    lead.goto(path)
    assert "Import comments, then code each one" in lead.locator("main").inner_text()
    check_page(lead, screenshot="patient-experience-od-lead")
