"""Every survey state has its tag, with the colour the pages have always shown."""

import pytest

from core.presenters import Tag
from diagnostics.constants import VersionStatus, WaveStatus
from diagnostics.instruments.presenters import version_status_tag
from diagnostics.results.presenters import change_tag
from diagnostics.results.statistics import Change
from diagnostics.surveys.presenters import wave_status_tag


@pytest.mark.parametrize(
    ("status", "tag"),
    [
        ("draft", Tag("Draft", "white")),
        ("scheduled", Tag("Scheduled", "blue")),
        ("open", Tag("Open", "green")),
        ("closed", Tag("Closed", "grey")),
    ],
)
def test_a_waves_status_tag(status, tag):
    assert wave_status_tag(status) == tag


def test_every_wave_status_has_a_tag():
    assert {wave_status_tag(status).text for status in WaveStatus} == {
        "Draft",
        "Scheduled",
        "Open",
        "Closed",
    }


def test_every_version_status_has_a_tag():
    assert version_status_tag("draft") == Tag("Draft", "white")
    assert version_status_tag("published") == Tag("Published", "green")
    assert all(version_status_tag(status) for status in VersionStatus)


@pytest.mark.parametrize(
    ("change", "tag"),
    [
        (Change(difference=7.0, z=2.5, significant=True), Tag("Better", "green")),
        (Change(difference=-7.0, z=-2.5, significant=True), Tag("Worse", "red")),
        (Change(difference=3.0, z=0.5, significant=False), Tag("No clear change", "grey", "span")),
    ],
)
def test_a_changes_tag(change, tag):
    assert change_tag(change) == tag
