"""Every community state has its tag, with the colour the pages have always shown."""

from types import SimpleNamespace

import pytest

from community import presenters
from community.constants import ApplicationStatus, StoryStatus
from core.presenters import Tag


@pytest.mark.parametrize(
    ("status", "colour"),
    [("pending", "blue"), ("info_requested", "orange"), ("approved", "green"), ("declined", "red")],
)
def test_an_applications_status_tag_for_the_applicant(status, colour):
    assert presenters.application_status_tag(status) == Tag(ApplicationStatus(status).label, colour)


def test_every_application_status_has_a_tag_for_applicants_and_admins():
    for status in ApplicationStatus:
        assert presenters.application_status_tag(status).text == status.label
        assert presenters.application_queue_tag(status) == Tag(status.label)


def test_every_story_status_has_a_grey_tag():
    for status in StoryStatus:
        assert presenters.story_status_tag(status) == Tag(status.label, "grey")


def test_only_a_cancelled_event_has_a_tag():
    assert presenters.event_tag(SimpleNamespace(cancelled=True)) == Tag("Cancelled", "red")
    assert presenters.event_tag(SimpleNamespace(cancelled=False)) is None


def test_an_unknown_status_is_an_error_not_a_blank_tag():
    with pytest.raises(ValueError):
        presenters.application_status_tag("lost")
